//! Tests of the OpenAPI validator in `support/openapi.rs` itself: it accepts bodies the portal
//! writes and rejects wrong ones, with the deviations of the reference README §0 applied; and it
//! accepts the requests the spec defines and rejects others, each problem saying where.

mod support;

use serde_json::{json, Value};
use support::openapi::{validate_error_body, Spec, Specs};

const FILTER: &str = "/api/2.0/people/filter";
const REASSIGN_START: &str = "/api/2.0/people/reassign/start";
const AUTHENTICATION: &str = "/api/2.0/authentication";
const PORTAL_USER: &str = "/api/2.0/portal/users/{userID}";

fn people() -> Spec {
    Spec::load("people_2.0.json")
}

/// A user as `GET /people/filter` returns it to an admin (README §4.1, §4.2).
fn employee() -> Value {
    let avatar = |size: &str| format!("/static/images/default_user_photo_size_{size}.png?hash=1");
    json!({
        "id": "0b5c9e4e-2c1d-4f8a-9a53-7d3f1c0e8b21",
        "displayName": "Mike Zanyatski",
        "avatar": avatar("82-82"),
        "avatarOriginal": avatar("200-200"),
        "avatarMax": avatar("200-200"),
        "avatarMedium": avatar("48-48"),
        "avatarSmall": avatar("32-32"),
        "profileUrl": "http://127.0.0.1:8092/accounts/people/filter?email=mike%40example.com",
        "hasAvatar": false,
        "isAnonim": false,
        "firstName": "Mike",
        "lastName": "Zanyatski",
        "userName": "mike.zanyatski",
        "email": "mike@example.com",
        "status": 1,
        "activationStatus": 1,
        "department": "",
        "isAdmin": false,
        "isRoomAdmin": true,
        "isLDAP": false,
        "isOwner": false,
        "isVisitor": false,
        "isCollaborator": false,
        "mobilePhoneActivationStatus": 0,
        "isSSO": false,
        "registrationDate": "2025-01-15T10:30:00.0000000+03:00"
    })
}

fn links(href: &str, action: &str) -> Value {
    json!([{ "href": format!("http://127.0.0.1:8092{href}"), "action": action }])
}

/// An `EmployeeFullArrayWrapper` of `users` with `total` (README §2.1).
fn list_body(users: Vec<Value>, total: u64) -> Value {
    json!({
        "response": users.clone(),
        "count": users.len(),
        "total": total,
        "links": links("/api/2.0/people/filter?count=25", "GET"),
        "status": 0,
        "statusCode": 200
    })
}

/// A list of one `employee()` with the field `name` set to `value`.
fn list_with(name: &str, value: Value) -> Value {
    let mut user = employee();
    user[name] = value;
    list_body(vec![user], 1)
}

#[track_caller]
fn assert_valid(result: Result<(), Vec<String>>) {
    if let Err(problems) = result {
        panic!("expected valid, got:\n{}", problems.join("\n"));
    }
}

/// Asserts the result is an error and one problem contains `needle`.
#[track_caller]
fn assert_rejected(result: Result<(), Vec<String>>, needle: &str) {
    match result {
        Ok(()) => panic!("expected a problem containing {needle:?}, but the value is valid"),
        Err(problems) => assert!(
            problems.iter().any(|p| p.contains(needle)),
            "no problem contains {needle:?}:\n{}",
            problems.join("\n")
        ),
    }
}

#[test]
fn response_schema_finds_the_wrapper_and_none_for_undocumented_bodies() {
    let spec = people();
    let schema = spec
        .response_schema(FILTER, "get", 200)
        .expect("200 has a body");
    assert_eq!(
        schema["properties"]["response"]["items"]["$ref"],
        "#/components/schemas/EmployeeFullDto"
    );
    assert!(spec.response_schema(FILTER, "get", 403).is_none());
    assert!(spec.response_schema(FILTER, "get", 401).is_none());
    assert_rejected(
        spec.validate_response(FILTER, "get", 403, &json!({})),
        "documents no JSON body",
    );
}

#[test]
fn full_employee_list_with_total_validates() {
    let spec = people();
    let second = {
        let mut user = employee();
        user["id"] = json!("9F1A3C6E-0D4B-4E2A-8C7F-5B6D8E9A0C1B"); // upper-case hex
        user["status"] = json!(2);
        user["terminated"] = json!("2025-02-01T08:00:00.0000000Z");
        user["groups"] = json!([{ "id": "3c2f0a8e-1b4d-4c6e-9f7a-2d5e8b1c0a93", "name": "Sales", "manager": "mike.zanyatski" }]);
        user["department"] = json!("Sales");
        user["contacts"] = json!([{ "type": "skype", "value": "mike" }]);
        user["createdBy"] = json!({
            "id": "00000000-0000-0000-0000-000000000001",
            "displayName": "Owner",
            "avatarSmall": "/static/images/default_user_photo_size_32-32.png",
            "profileUrl": "http://127.0.0.1:8092/accounts/view/owner",
            "hasAvatar": false
        });
        user["quotaLimit"] = json!(-1);
        user["usedSpace"] = json!(0.0);
        user
    };
    assert_valid(spec.validate_response(
        FILTER,
        "get",
        200,
        &list_body(vec![employee(), second], 143),
    ));
    // `total` is optional, and an empty page is a list too.
    let mut without_total = list_body(vec![employee()], 1);
    without_total.as_object_mut().unwrap().remove("total");
    assert_valid(spec.validate_response(FILTER, "get", 200, &without_total));
    assert_valid(spec.validate_response(FILTER, "get", 200, &list_body(vec![], 0)));
}

#[test]
fn all_of_parts_are_merged_but_stay_closed() {
    let spec = people();
    assert_valid(spec.validate_component("EmployeeFullDto", &employee()));
    // EmployeeDto alone is closed: the EmployeeFullDto fields are foreign to it.
    assert_rejected(
        spec.validate_component("EmployeeDto", &employee()),
        "/firstName: property not allowed",
    );
    assert_rejected(
        spec.validate_response(
            FILTER,
            "get",
            200,
            &list_with("favouriteColour", json!("red")),
        ),
        "/response/0/favouriteColour: property not allowed",
    );
    // `lastLogin` does not exist (README §4.2).
    assert_rejected(
        spec.validate_component("EmployeeFullDto", &{
            let mut user = employee();
            user["lastLogin"] = json!("2025-01-15T10:30:00.0000000+03:00");
            user
        }),
        "/lastLogin",
    );
}

#[test]
fn status_is_an_integer_or_a_name_of_the_spec_enum() {
    let spec = people();
    let validate = |body: Value| spec.validate_response(FILTER, "get", 200, &body);
    assert_rejected(
        validate(list_with("status", json!("1"))),
        "/response/0/status: matches none",
    );
    assert_rejected(
        validate(list_with("status", json!(3))),
        "/response/0/status",
    );
    assert_rejected(
        validate(list_with("status", json!(1.0))),
        "/response/0/status",
    );
    assert_rejected(
        validate(list_with("activationStatus", json!(true))),
        "/response/0/activationStatus",
    );
    assert_valid(validate(list_with("status", json!(4))));
    // The spec's oneOf also has the names; the server writes numbers, but the names are legal.
    assert_valid(validate(list_with("status", json!("Active"))));
    // EmployeeType is written as a name (JsonStringEnumConverter); the number is the other oneOf.
    assert_valid(spec.validate_component("EmployeeType", &json!("RoomAdmin")));
    assert_valid(spec.validate_component("EmployeeType", &json!(1)));
    assert_rejected(
        spec.validate_component("EmployeeType", &json!("Admin")),
        "matches none",
    );
    assert_rejected(
        spec.validate_component("EmployeeType", &json!(null)),
        "matches none",
    );
}

#[test]
fn non_uuid_id_is_rejected() {
    let spec = people();
    for id in [
        "not-a-uuid",
        "0b5c9e4e2c1d4f8a9a537d3f1c0e8b21",
        "0b5c9e4e-2c1d-4f8a-9a53-7d3f1c0e8b2g",
        "{0b5c9e4e-2c1d-4f8a-9a53-7d3f1c0e8b21}",
    ] {
        assert_rejected(
            spec.validate_response(FILTER, "get", 200, &list_with("id", json!(id))),
            "/response/0/id: ",
        );
    }
    assert_rejected(
        spec.validate_response(FILTER, "get", 200, &list_with("id", json!(42))),
        "/response/0/id: expected string",
    );
}

#[test]
fn envelope_count_status_and_total_are_checked() {
    let spec = people();
    let validate = |body: &Value| spec.validate_response(FILTER, "get", 200, body);
    let mut body = list_body(vec![employee()], 1);
    body["count"] = json!(2);
    assert_rejected(validate(&body), "/count: expected 1");
    body.as_object_mut().unwrap().remove("count");
    assert_rejected(validate(&body), "missing \"count\"");

    let mut body = list_body(vec![employee()], 1);
    body["statusCode"] = json!(201);
    assert_rejected(validate(&body), "/statusCode: expected the HTTP status 200");
    let mut body = list_body(vec![employee()], 1);
    body["status"] = json!(1);
    assert_rejected(validate(&body), "/status: expected 0");

    let mut body = list_body(vec![employee(), employee()], 1);
    assert_rejected(validate(&body), "/total: 1 is less than the 2 items");
    body["total"] = json!("2");
    assert_rejected(validate(&body), "/total: expected a non-negative integer");
    body["response"] = json!(null);
    assert_rejected(validate(&body), "/response: null");
}

#[test]
fn registration_date_must_be_an_api_date_time() {
    let spec = people();
    let validate = |value: Value| {
        spec.validate_response(FILTER, "get", 200, &list_with("registrationDate", value))
    };
    for malformed in [
        "2025-01-15 10:30:00.0000000+03:00",
        "2025-01-15T10:30:00+03:00",
        "2025-01-15T10:30:00.000+03:00",
        "2025-01-15T10:30:00.0000000",
        "2025-13-15T10:30:00.0000000+03:00",
        "2025-02-29T10:30:00.0000000+03:00",
        "2025-01-15T10:30:00.0000000+3:00",
        "15.01.2025",
        "",
    ] {
        assert_rejected(validate(json!(malformed)), "/response/0/registrationDate: ");
    }
    assert_rejected(validate(json!(1736926200)), "/response/0/registrationDate");
    assert_rejected(validate(json!(null)), "/response/0/registrationDate: null");
    assert_valid(validate(json!("2024-02-29T23:59:59.0000000-05:30")));
    assert_valid(validate(json!("2026-01-01T00:00:00.0000000+00:00")));
    // The object form of the spec stays valid.
    assert_valid(validate(
        json!({ "utcTime": "2025-01-15T07:30:00.0000000Z", "timeZoneOffset": "03:00:00" }),
    ));
    assert_rejected(
        validate(json!({ "utcTime": "yesterday" })),
        "/response/0/registrationDate/utcTime",
    );
}

/// `GET /portal/users/{userID}` answers the core `UserInfo` (api_2.0.json, `UserInfoWrapper`):
/// its dates are plain `DateTime`s, written without an offset, and `createdBy` is a bare id.
#[test]
fn portal_user_info_validates() {
    let spec = Spec::load("api_2.0.json");
    let body = |user: Value| {
        json!({
            "response": user,
            "count": 1,
            "links": links("/api/2.0/portal/users/0b5c9e4e-2c1d-4f8a-9a53-7d3f1c0e8b21", "GET"),
            "status": 0,
            "statusCode": 200
        })
    };
    let user = json!({
        "id": "0b5c9e4e-2c1d-4f8a-9a53-7d3f1c0e8b21",
        "firstName": "Mike",
        "lastName": "Zanyatski",
        "userName": "mike.zanyatski",
        "status": 1,
        "activationStatus": 1,
        "email": "mike@example.com",
        "removed": false,
        "lastModified": "2025-02-08T10:30:00",
        "tenantId": 1,
        "isActive": true,
        "mobilePhoneActivationStatus": 0,
        "ldapQouta": 0,
        "createDate": "2025-01-15T10:30:00",
        "createdBy": "00000000-0000-0000-0000-000000000001",
        "checkActivation": false
    });
    let validate = |name: &str, value: Value| {
        let mut changed = user.clone();
        changed[name] = value;
        spec.validate_response(PORTAL_USER, "get", 200, &body(changed))
    };
    assert_valid(spec.validate_response(PORTAL_USER, "get", 200, &body(user.clone())));
    assert_valid(validate("terminatedDate", json!("2025-03-01T08:00:00Z")));
    assert_rejected(
        validate("displayName", json!("Mike Zanyatski")),
        "/response/displayName: property not allowed",
    );
    assert_rejected(
        validate(
            "createdBy",
            json!({ "id": "00000000-0000-0000-0000-000000000001" }),
        ),
        "/response/createdBy: expected string",
    );
    assert_rejected(
        validate("createDate", json!("2025-01-15")),
        "/response/createDate: ",
    );
    assert_rejected(validate("tenantId", json!("1")), "/response/tenantId");
    assert_rejected(validate("removed", json!(null)), "/response/removed");
}

#[test]
fn null_only_where_the_spec_says_nullable() {
    let spec = people();
    assert_rejected(
        spec.validate_response(FILTER, "get", 200, &list_with("isAdmin", json!(null))),
        "/response/0/isAdmin: null where the schema is not nullable",
    );
    assert_rejected(
        spec.validate_response(FILTER, "get", 200, &list_with("status", json!(null))),
        "/response/0/status",
    );
}

#[test]
fn reassign_progress_validates() {
    let spec = people();
    let body = |response: Value| {
        json!({
            "response": response,
            "count": 1,
            "links": links(REASSIGN_START, "POST"),
            "status": 0,
            "statusCode": 200
        })
    };
    let progress = json!({
        "id": "1_0b5c9e4e-2c1d-4f8a-9a53-7d3f1c0e8b21_ReassignProgressItem",
        "percentage": 0,
        "isCompleted": false,
        "status": 1
    });
    assert_valid(spec.validate_response(REASSIGN_START, "post", 200, &body(progress.clone())));

    let mut failed = progress.clone();
    failed["error"] = json!("Data reassign process for Mike is not complete.");
    failed["status"] = json!(4);
    assert_valid(spec.validate_response(REASSIGN_START, "post", 200, &body(failed)));

    let mut missing = progress.clone();
    missing.as_object_mut().unwrap().remove("percentage");
    assert_rejected(
        spec.validate_response(REASSIGN_START, "post", 200, &body(missing)),
        "/response: missing required property \"percentage\"",
    );
    let mut bad_status = progress.clone();
    bad_status["status"] = json!(5);
    assert_rejected(
        spec.validate_response(REASSIGN_START, "post", 200, &body(bad_status)),
        "/response/status",
    );
    let mut list = body(json!([progress]));
    list["count"] = json!(1);
    assert_rejected(
        spec.validate_response(REASSIGN_START, "post", 200, &list),
        "/response: expected object",
    );

    // No task: the null payload is omitted and count is 0 (README §2.1, §3.11).
    let progress_path = "/api/2.0/people/reassign/progress/{userid}";
    let empty = json!({ "count": 0, "links": links("/api/2.0/people/reassign/progress/x", "GET"), "status": 0, "statusCode": 200 });
    assert_valid(spec.validate_response(progress_path, "get", 200, &empty));
    let mut wrong = empty.clone();
    wrong["count"] = json!(1);
    assert_rejected(
        spec.validate_response(progress_path, "get", 200, &wrong),
        "/count: expected 0",
    );
}

#[test]
fn error_body_validates() {
    let body = json!({
        "error": { "message": "Access denied", "type": null, "stack": null, "hresult": 0 },
        "status": 1,
        "statusCode": 403
    });
    assert_valid(validate_error_body(&body));
    let full = json!({
        "error": {
            "message": "The user could not be found",
            "type": "ItemNotFoundException",
            "stack": "at ASC.People.Api.UserController.GetById",
            "hresult": -2146233088
        },
        "status": 1,
        "statusCode": 404
    });
    assert_valid(validate_error_body(&full));
    // The older form of the client's mocks (README §1.2).
    let older = json!({
        "count": 1,
        "error": { "message": "User authentication failed", "type": null, "stack": null, "hresult": 0 },
        "links": [{ "href": "http://127.0.0.1:8092/api/2.0/authentication", "action": "POST" }],
        "status": 1,
        "statusCode": 401
    });
    assert_valid(validate_error_body(&older));

    let mut extra = body.clone();
    extra["response"] = json!(null);
    assert_rejected(
        validate_error_body(&extra),
        "/response: not a key of an error body",
    );
    let mut inner_extra = body.clone();
    inner_extra["error"]["code"] = json!(7);
    assert_rejected(validate_error_body(&inner_extra), "/error/code: not a key");
    let mut no_message = body.clone();
    no_message["error"]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert_rejected(
        validate_error_body(&no_message),
        "/error: missing \"message\"",
    );
    let mut no_stack = body.clone();
    no_stack["error"].as_object_mut().unwrap().remove("stack");
    assert_rejected(validate_error_body(&no_stack), "/error: missing \"stack\"");
    let mut bad = body.clone();
    bad["status"] = json!(0);
    bad["statusCode"] = json!(200);
    bad["error"]["hresult"] = json!("0");
    assert_rejected(validate_error_body(&bad), "/status: expected 1");
    assert_rejected(
        validate_error_body(&bad),
        "/statusCode: expected an HTTP error status",
    );
    assert_rejected(
        validate_error_body(&bad),
        "/error/hresult: expected an integer",
    );
    assert_rejected(
        validate_error_body(&json!("Access denied")),
        ": expected an object",
    );
}

#[test]
fn authentication_token_validates() {
    let spec = Spec::load("api_2.0.json");
    let body = |response: Value| {
        json!({
            "response": response,
            "count": 1,
            "links": links(AUTHENTICATION, "POST"),
            "status": 0,
            "statusCode": 200
        })
    };
    let validate =
        |response: Value| spec.validate_response(AUTHENTICATION, "post", 200, &body(response));
    // `expires` is a plain `format: date-time` string in the spec (not an ApiDateTime).
    assert_valid(validate(json!({
        "token": "8f1d2c...",
        "expires": "2027-01-15T10:30:00.0000000+00:00",
        "sms": false,
        "tfa": false
    })));
    // A session token: the client's mock has an offset-less default DateTime (README §1.2).
    assert_valid(validate(
        json!({ "token": "t", "expires": "0001-01-01T00:00:00", "sms": false, "tfa": false }),
    ));
    // 2FA: no token, a confirm URL instead.
    assert_valid(validate(
        json!({ "sms": false, "tfa": true, "confirmUrl": "http://127.0.0.1:8092/confirm/TfaAuth?key=k" }),
    ));
    assert_rejected(
        validate(json!({ "token": "t", "expires": "next year", "sms": false, "tfa": false })),
        "/response/expires: \"next year\" is not a date-time",
    );
    assert_rejected(
        validate(
            json!({ "token": "t", "expires": { "utcTime": "2027-01-15T10:30:00Z" }, "sms": false, "tfa": false }),
        ),
        "/response/expires: expected string",
    );
    assert_rejected(
        validate(json!({ "token": "t", "sms": "false", "tfa": false })),
        "/response/sms: expected boolean",
    );
    assert_rejected(
        validate(json!({ "token": "t", "sms": false, "tfa": false, "user": "mike" })),
        "/response/user: property not allowed",
    );
}

#[test]
fn recursive_schemas_terminate() {
    // WalletServiceDto = allOf[QuotaDto, {innerServices: WalletServiceDto[]}] refers to itself.
    let spec = Spec::load("api_2.0.json");
    let leaf = json!({
        "id": 2, "title": "Backup", "price": { "value": 1.5, "currencySymbol": "$" },
        "nonProfit": false, "free": false, "trial": false, "features": [], "serviceName": "backup"
    });
    let mut tree = leaf.clone();
    tree["innerServices"] = json!([leaf.clone(), { "innerServices": [leaf.clone()], "id": 3, "title": null,
        "price": {}, "nonProfit": false, "free": true, "trial": false, "features": null }]);
    assert_valid(spec.validate_component("WalletServiceDto", &tree));
    let mut broken = tree.clone();
    broken["innerServices"][1]["innerServices"][0]["free"] = json!("yes");
    broken["innerServices"][0]
        .as_object_mut()
        .unwrap()
        .remove("trial");
    let problems = spec
        .validate_component("WalletServiceDto", &broken)
        .unwrap_err();
    assert!(
        problems.contains(
            &"/innerServices/1/innerServices/0/free: expected boolean, found string \"yes\""
                .to_string()
        ) && problems
            .contains(&"/innerServices/0: missing required property \"trial\"".to_string()),
        "{problems:#?}"
    );
}

#[test]
fn every_component_of_both_specs_is_checkable() {
    // Every `$ref` resolves and no schema recurses without consuming the value.
    for file in ["people_2.0.json", "api_2.0.json"] {
        let spec = Spec::load(file);
        let path = format!("{}/tests/spec/{file}", env!("CARGO_MANIFEST_DIR"));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for name in doc["components"]["schemas"].as_object().unwrap().keys() {
            for value in [json!({}), json!(null), json!([1]), json!("x"), json!(0)] {
                if let Err(problems) = spec.validate_component(name, &value) {
                    for problem in problems {
                        assert!(
                            !problem.contains("unresolvable") && !problem.contains("recursion"),
                            "{file} {name}: {problem}"
                        );
                    }
                }
            }
        }
    }
}

// Requests.

const STATUS: &str = "/api/2.0/people/status/{status}";
const NECESSARY: &str = "/api/2.0/people/reassign/necessary";
const ID: &str = "0b5c9e4e-2c1d-4f8a-9a53-7d3f1c0e8b21";
const OTHER_ID: &str = "3949d700-e2e3-4135-b48d-ac7a435ff881";

/// A `GET /people/filter` with this query.
fn filter_query(spec: &Spec, query: &str) -> Result<(), Vec<String>> {
    spec.validate_request(
        FILTER,
        "get",
        "/api/2.0/people/filter",
        Some(query),
        &Value::Null,
    )
}

/// Asserts exactly these problems.
#[track_caller]
fn assert_problems(result: Result<(), Vec<String>>, expected: &[&str]) {
    let problems = result.err().unwrap_or_default();
    assert_eq!(problems, expected, "{problems:#?}");
}

#[test]
fn requests_the_panel_sends_are_valid() {
    let spec = people();
    // The list, as the panel asks for it: the enums by name or number, the types repeated.
    for query in [
        "startIndex=0&count=100&sortBy=firstname&sortOrder=Ascending",
        "startIndex=200&count=100&sortBy=registrationdate&sortOrder=Descending\
         &filterValue=anna%20iv&employeeStatus=2&employeeType=3",
        "startIndex=0&count=1&sortOrder=1&employeeStatus=Terminated&employeeTypes=1&employeeTypes=User",
        "isAdministrator=true&groupId=00000000-0000-0000-0000-000000000000&filterValue=a+b",
        "",
    ] {
        assert_valid(filter_query(&spec, query));
    }
    assert_valid(spec.validate_request(
        FILTER,
        "get",
        "/api/2.0/people/filter",
        None,
        &Value::Null,
    ));
    // `UserId` and `Type` in the spec, sent as `userId` and `type`: ASP.NET binds either.
    assert_valid(spec.validate_request(
        NECESSARY,
        "get",
        "/api/2.0/people/reassign/necessary",
        Some(&format!("userId={ID}&type=Guest")),
        &Value::Null,
    ));
    // Path parameters by name or number; bodies as the spec's schemas have them.
    let ids = json!({ "userIds": [ID, OTHER_ID] });
    for path in [
        "/api/2.0/people/status/2",
        "/api/2.0/people/status/Terminated",
    ] {
        assert_valid(spec.validate_request(STATUS, "put", path, None, &ids));
    }
    assert_valid(spec.validate_request(
        REASSIGN_START,
        "post",
        "/api/2.0/people/reassign/start",
        None,
        &json!({ "fromUserId": ID, "toUserId": OTHER_ID, "deleteProfile": true }),
    ));
    assert_valid(spec.validate_request(
        "/api/2.0/people",
        "post",
        "/api/2.0/people",
        None,
        &json!({ "firstName": "Ann", "lastName": "Lee", "email": "ann@example.com", "type": "User", "password": "********" }),
    ));
    // `UserInvitationRequestDto` is an `allOf` with `additionalProperties: false`: merged.
    assert_valid(spec.validate_request(
        "/api/2.0/people/invite",
        "post",
        "/api/2.0/people/invite",
        None,
        &json!({ "invitations": [{ "email": "ann@example.com", "type": "Guest" }] }),
    ));
    assert_valid(spec.validate_request(
        "/api/2.0/people/type",
        "post",
        "/api/2.0/people/type",
        None,
        &json!({ "type": "User", "userId": ID, "reassignUserId": OTHER_ID }),
    ));
    // A path parameter that is any string (`GET /people/{userid}` also takes a user name).
    assert_valid(spec.validate_request(
        "/api/2.0/people/{userid}",
        "get",
        "/api/2.0/people/a%2Fb",
        None,
        &Value::Null,
    ));
    let api = Spec::load("api_2.0.json");
    assert_valid(api.validate_request(
        AUTHENTICATION,
        "post",
        AUTHENTICATION,
        None,
        &json!({ "userName": "ann@example.com", "password": "********" }),
    ));
    // No requestBody: nothing, or an empty object, is no body.
    for body in [Value::Null, json!({})] {
        assert_valid(api.validate_request(
            "/api/2.0/authentication/logout",
            "post",
            "/api/2.0/authentication/logout",
            None,
            &body,
        ));
    }
    assert_valid(api.validate_request(
        PORTAL_USER,
        "get",
        &format!("/api/2.0/portal/users/{ID}"),
        None,
        &Value::Null,
    ));
}

#[test]
fn an_enum_is_spelled_as_the_spec_spells_it() {
    let spec = people();
    // `SortOrder` is `oneOf: [{enum: [Ascending, Descending]}, {enum: [0, 1]}]`.
    assert_problems(
        filter_query(&spec, "sortOrder=ascending"),
        &["query sortOrder=ascending: \"ascending\" is not one of Ascending, Descending, 0, 1 (the spec's SortOrder)"],
    );
    assert_rejected(
        filter_query(&spec, "sortOrder=2"),
        "query sortOrder=2: \"2\" is not one of",
    );
    assert_rejected(
        filter_query(&spec, "employeeStatus=3"),
        "query employeeStatus=3: \"3\" is not one of Active, Terminated, Pending, Default, All, 1, 2, 4, 5, 7 (the spec's EmployeeStatus)",
    );
    // Each item of an array parameter.
    assert_problems(
        filter_query(&spec, "employeeTypes=1&employeeTypes=Owner"),
        &["query employeeTypes=Owner: \"Owner\" is not one of All, RoomAdmin, Guest, DocSpaceAdmin, User, 0, 1, 2, 3, 4"],
    );
    // In the path too.
    assert_problems(
        spec.validate_request(STATUS, "put", "/api/2.0/people/status/terminated", None, &json!({ "userIds": [ID] })),
        &["path status: \"terminated\" is not one of Active, Terminated, Pending, Default, All, 1, 2, 4, 5, 7 (the spec's EmployeeStatus)"],
    );
}

#[test]
fn an_unknown_or_repeated_query_parameter_is_rejected() {
    let spec = people();
    assert_rejected(
        filter_query(&spec, "count=10&sortorder=Ascending&fields=id"),
        "query fields: not a parameter of GET /api/2.0/people/filter (it takes employeeStatus, groupId,",
    );
    assert_rejected(
        spec.validate_request(
            "/api/2.0/people/@self",
            "get",
            "/api/2.0/people/@self",
            Some("x=1"),
            &Value::Null,
        ),
        "query x: not a parameter of GET /api/2.0/people/@self, which takes none",
    );
    // Names without regard to case, so `Count` is `count` sent a second time.
    assert_problems(
        filter_query(&spec, "count=10&Count=20"),
        &["query count: sent 2 times (count=10, Count=20); the operation reads one value"],
    );
}

#[test]
fn query_values_have_the_parameters_types_and_ranges() {
    let spec = people();
    for (query, problem) in [
        ("count=ten", "query count=ten: \"ten\" is not an integer"),
        ("count=0", "query count=0: 0 is below the minimum 1"),
        ("count=101", "query count=101: 101 is above the maximum 100"),
        ("count=", "query count=: \"\" is not an integer"),
        (
            "startIndex=1.5",
            "query startIndex=1.5: \"1.5\" is not an integer",
        ),
        (
            "startIndex=3000000000",
            "query startIndex=3000000000: 3000000000 is out of the int32 range",
        ),
        (
            "isAdministrator=True",
            "query isAdministrator=True: \"True\" is not a boolean (true or false)",
        ),
        ("groupId=abc", "query groupId=abc: \"abc\" is not a uuid"),
    ] {
        assert_problems(filter_query(&spec, query), &[problem]);
    }
    assert_rejected(
        spec.validate_request(
            NECESSARY,
            "get",
            "/api/2.0/people/reassign/necessary",
            Some("userId=john&type=Guest"),
            &Value::Null,
        ),
        "query userId=john: \"john\" is not a uuid",
    );
}

#[test]
fn bodies_are_checked_against_the_request_schema() {
    let spec = people();
    let start = |body: Value| {
        spec.validate_request(
            REASSIGN_START,
            "post",
            "/api/2.0/people/reassign/start",
            None,
            &body,
        )
    };
    // A missing required field, a wrong type, an unknown member, a bad uuid.
    assert_problems(
        start(json!({ "fromUserId": ID, "deleteProfile": true })),
        &["body: missing required property \"toUserId\""],
    );
    assert_problems(
        start(json!({ "fromUserId": ID, "toUserId": OTHER_ID, "deleteProfile": "yes" })),
        &["body/deleteProfile: expected boolean, found string \"yes\""],
    );
    assert_problems(
        start(json!({ "fromUserId": ID, "toUserId": OTHER_ID, "delete": true })),
        &["body/delete: property not allowed by the schema (additionalProperties: false)"],
    );
    assert_problems(
        start(json!({ "fromUserId": "john", "toUserId": OTHER_ID })),
        &["body/fromUserId: \"john\" is not a uuid"],
    );
    assert_rejected(start(json!([ID])), "body: expected object, found array");
    let status =
        |body: Value| spec.validate_request(STATUS, "put", "/api/2.0/people/status/2", None, &body);
    assert_problems(
        status(json!({ "userIds": ID })),
        &["body/userIds: expected array, found string \"0b5c9e4e-2c1d-4f8a-9a53-7d3f1c0e8b21\""],
    );
    // An enum in a body: a name or a number, as the spec spells them.
    assert_rejected(
        spec.validate_request(
            "/api/2.0/people/type",
            "post",
            "/api/2.0/people/type",
            None,
            &json!({ "type": "guest", "userId": ID }),
        ),
        "body/type: matches none of the 2 oneOf alternatives",
    );
    // `requestBody.required`: PUT people/status/{status} needs one.
    assert_problems(
        status(Value::Null),
        &["body: PUT /api/2.0/people/status/{status} requires a JSON body (requestBody.required), none sent"],
    );
    // No requestBody: a body with members would go unread.
    assert_problems(
        Spec::load("api_2.0.json").validate_request(
            "/api/2.0/authentication/logout",
            "post",
            "/api/2.0/authentication/logout",
            None,
            &json!({ "token": "x" }),
        ),
        &["body: POST /api/2.0/authentication/logout takes no body (the spec declares no requestBody), found {\"token\":\"x\"}"],
    );
}

#[test]
fn check_request_finds_the_operation_and_skips_what_the_spec_leaves_out() {
    let specs = Specs::load();
    let check = |method: &str, path: &str, route: &str, query: Option<&str>| {
        specs.check_request(method, path, route, query, &Value::Null)
    };
    // By the simulator's route, in whichever file has it.
    assert!(check(
        "GET",
        "/api/2.0/people/filter",
        "/api/2.0/people/filter",
        Some("count=5")
    )
    .is_empty());
    assert!(check(
        "GET",
        "/api/2.0/authentication",
        "/api/2.0/authentication",
        None
    )
    .is_empty());
    assert_eq!(
        check("GET", "/api/2.0/people/filter", "/api/2.0/people/filter", Some("sortOrder=ascending")),
        ["query sortOrder=ascending: \"ascending\" is not one of Ascending, Descending, 0, 1 (the spec's SortOrder)"]
    );
    // A route the simulator's release lacks (a 3.0 portal): the spec's path it matches.
    assert!(check(
        "GET",
        "/api/2.0/people/reassign/necessary",
        "(unmatched)",
        Some(&format!("userId={ID}&type=Guest"))
    )
    .is_empty());
    assert_eq!(
        specs.check_request(
            "POST",
            "/api/2.0/people/type",
            "/api/2.0/people/{userid}",
            None,
            &json!({ "type": "User", "userId": "x" }),
        ),
        ["body/userId: \"x\" is not a uuid"]
    );
    // What the spec has not: reported, unless the allow-list names it.
    assert_eq!(
        check("GET", "/api/2.0/files/1", "(unmatched)", None),
        [": no path of the spec matches /api/2.0/files/1"]
    );
    assert_eq!(
        check(
            "PATCH",
            "/api/2.0/people/filter",
            "/api/2.0/people/filter",
            None
        ),
        [": the spec has no PATCH for /api/2.0/people/filter (GET /api/2.0/people/filter)"]
    );
    assert!(check(
        "GET",
        "/api/2.0/settings/version/build",
        "/api/2.0/settings/version/build",
        None
    )
    .is_empty());
    assert!(check("POST", "/__sim/reset", "(unmatched)", None).is_empty());
    assert_eq!(
        check(
            "POST",
            "/api/2.0/settings/version/build",
            "/api/2.0/settings/version/build",
            None
        ),
        [": no path of the spec matches /api/2.0/settings/version/build"]
    );
}
