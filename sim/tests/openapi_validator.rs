//! Tests of the OpenAPI validator in `support/openapi.rs` itself: it accepts bodies the portal
//! writes and rejects wrong ones, with the deviations of the reference README §0 applied.

mod support;

use serde_json::{json, Value};
use support::openapi::{validate_error_body, Spec};

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
