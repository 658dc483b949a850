//! more-endpoints.md §2.3: invitation links, one per type, their refusals in the server's
//! order, and joining through one (the confirm scheme of `POST /people`).

use std::time::Duration;

use docspace_sim::model::{ActivationStatus, EmployeeType};
use docspace_sim::{FaultSpec, PortalSpec, Role};
use serde_json::{json, Value};

use crate::harness::{portal, portal_with, Answer, Portal};

const LINK: &str = "/api/2.0/portal/users/invitationlink";

fn of_type(kind: u8) -> String {
    format!("{LINK}/{kind}")
}

async fn create(p: &Portal, role: Role, body: Value) -> Answer {
    p.post(LINK, &p.key(role), body).await
}

/// A user link with `limit` uses, made by the admin.
async fn user_link(p: &Portal, limit: Option<u32>) -> Value {
    let body = match limit {
        Some(limit) => json!({"employeeType": 4, "maxUseCount": limit}),
        None => json!({"employeeType": 4}),
    };
    create(p, Role::Admin, body)
        .await
        .expect(200)
        .response()
        .clone()
}

/// Signs up through `url` as the portal's sign-up page does: the link's query in the `confirm`
/// header, and the key and type in the body.
async fn join(p: &Portal, url: &str, n: usize, kind: u8) -> Answer {
    let query = url.split_once('?').expect("a query").1;
    let key = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("key="))
        .expect("a key");
    let body = json!({
        "fromInviteLink": true, "key": key, "type": kind,
        "email": format!("joiner{n}@example.com"), "firstName": "Joiner", "lastName": "Person",
        "password": "a-long-password-1",
    })
    .to_string();
    p.call_raw(
        "POST",
        "/api/2.0/people",
        None,
        Some(&body),
        &[("confirm", query)],
    )
    .await
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn a_fresh_portal_has_no_links_and_a_created_one_reads_back_per_caller() {
    let p = portal().await;
    let none = p.get(&of_type(4), &p.key(Role::Admin)).await;
    none.expect(200);
    assert!(none.body.get("response").is_none(), "{}", none.raw);
    assert_eq!(none.body["count"], 0);

    let made = user_link(&p, Some(5)).await;
    let admin = p.role_user(Role::Admin);
    assert_eq!(made["employeeType"], 4, "a number, not a name");
    assert_eq!(made["maxUseCount"], 5);
    assert_eq!(made["currentUseCount"], 0);
    assert_eq!(made["isExpired"], false);
    assert!(made.get("expiration").is_none(), "never: omitted");
    let url = made["url"].as_str().unwrap();
    assert!(url.starts_with(&format!(
        "{}/confirm/LinkInvite?type=LinkInvite&key=",
        p.base
    )));
    assert!(
        url.ends_with(&format!("&uid={}&emplType=4", admin.id)),
        "{url}"
    );

    // Another caller reads the same record with a URL of their own.
    let room_admin = p.role_user(Role::RoomAdmin);
    let read = p.get(&of_type(4), &p.key(Role::RoomAdmin)).await;
    let read = read.expect(200).response();
    assert_eq!(read["id"], made["id"]);
    assert!(read["url"].as_str().unwrap().contains(&room_admin.id));
    assert_ne!(read["url"], made["url"]);
    // By name too.
    p.get(&format!("{LINK}/User"), &p.key(Role::Admin))
        .await
        .expect(200);

    create(&p, Role::Owner, json!({"employeeType": "User"}))
        .await
        .refused(400, "link with the same EmployeeType already exists");
}

#[tokio::test]
async fn creating_refuses_in_the_servers_order() {
    let p = portal().await;
    for kind in [0, 2, 7] {
        create(&p, Role::Owner, json!({"employeeType": kind}))
            .await
            .refused(400, "EmployeeType");
    }
    create(
        &p,
        Role::Owner,
        json!({"employeeType": 4, "expiration": "2020-01-01T00:00:00Z"}),
    )
    .await
    .refused(400, "Expiration");
    for bad in [0, 1001] {
        let answer = create(
            &p,
            Role::Owner,
            json!({"employeeType": 4, "maxUseCount": bad}),
        )
        .await;
        answer.expect(400);
        assert_eq!(
            answer.validation_fields(),
            ["MaxUseCount"],
            "{}",
            answer.raw
        );
    }
    let missing = create(&p, Role::Owner, json!({"maxUseCount": 3})).await;
    missing.expect(400);
    assert_eq!(missing.body["status"], 1);
    let bad_date = create(
        &p,
        Role::Owner,
        json!({"employeeType": 4, "expiration": "soon"}),
    )
    .await;
    assert_eq!(bad_date.expect(400).validation_fields(), ["$.expiration"]);

    // The setting comes before the type when creating; a reading checks the type first.
    p.sim.portal.lock().unwrap().allow_inviting_members = false;
    create(&p, Role::Owner, json!({"employeeType": 2}))
        .await
        .refused(403, "Access denied");
    p.get(&of_type(2), &p.key(Role::Owner))
        .await
        .refused(400, "EmployeeType");
    p.get(&of_type(4), &p.key(Role::Owner))
        .await
        .refused(403, "Access denied");
    let bad_name = p.get(&format!("{LINK}/Nobody"), &p.key(Role::Owner)).await;
    assert_eq!(bad_name.expect(400).validation_fields(), ["employeeType"]);
}

#[tokio::test]
async fn each_type_has_its_own_makers() {
    let p = portal().await;
    // (role, the types it may make links for)
    let table: [(Role, &[u8]); 5] = [
        (Role::Owner, &[3, 1, 4]),
        (Role::Admin, &[1, 4]),
        (Role::RoomAdmin, &[4]),
        (Role::User, &[]),
        (Role::Guest, &[]),
    ];
    for (role, allowed) in table {
        for kind in [3u8, 1, 4] {
            let answer = p.get(&of_type(kind), &p.key(role)).await;
            if allowed.contains(&kind) {
                answer.expect(200);
            } else {
                answer.refused(403, "Access denied");
                create(&p, role, json!({"employeeType": kind}))
                    .await
                    .refused(403, "Access denied");
            }
        }
    }
    for kind in [3, 1, 4] {
        create(&p, Role::Owner, json!({"employeeType": kind}))
            .await
            .expect(200);
    }
    // Changing or deleting a link needs the same right as making one.
    let admin_link = p.get(&of_type(3), &p.key(Role::Owner)).await;
    let id = admin_link.response()["id"].as_str().unwrap().to_string();
    p.put(LINK, &p.key(Role::Admin), json!({"id": id}))
        .await
        .refused(403, "Access denied");
    p.call(
        "DELETE",
        LINK,
        Some(&p.key(Role::Admin)),
        Some(json!({"id": id})),
    )
    .await
    .refused(403, "Access denied");
}

#[tokio::test]
async fn paid_types_need_a_free_seat_even_to_be_read() {
    let p = portal().await;
    {
        let mut portal = p.sim.portal.lock().unwrap();
        let used = portal.paid_in_use();
        portal.set_paid_seats(Some(used));
    }
    let max = p.sim.portal.lock().unwrap().paid_in_use();
    let message = format!("The number of admins should not exceed {max}");
    for kind in [1, 3] {
        create(&p, Role::Owner, json!({"employeeType": kind}))
            .await
            .refused(402, &message);
        p.get(&of_type(kind), &p.key(Role::Owner))
            .await
            .refused(402, &message);
    }
    create(&p, Role::Owner, json!({"employeeType": 4}))
        .await
        .expect(200);
}

#[tokio::test]
async fn a_change_replaces_both_fields_and_keeps_the_count() {
    let p = portal().await;
    let in_a_week = "2099-06-15T10:30:00Z";
    let made = create(
        &p,
        Role::Admin,
        json!({"employeeType": 4, "expiration": in_a_week, "maxUseCount": 5}),
    )
    .await;
    let made = made.expect(200).response().clone();
    assert_eq!(made["expiration"], "2099-06-15T10:30:00.0000000+00:00");
    let id = made["id"].as_str().unwrap().to_string();
    for n in 0..2 {
        join(&p, made["url"].as_str().unwrap(), n, 4)
            .await
            .expect(200);
    }

    let changed = p
        .put(
            LINK,
            &p.key(Role::Admin),
            json!({"id": id, "maxUseCount": 10}),
        )
        .await;
    let changed = changed.expect(200).response();
    assert!(changed.get("expiration").is_none(), "omitted means never");
    assert_eq!(
        (
            changed["maxUseCount"].clone(),
            changed["currentUseCount"].clone()
        ),
        (json!(10), json!(2))
    );

    let unlimited = p.put(LINK, &p.key(Role::Admin), json!({"id": id})).await;
    assert!(unlimited
        .expect(200)
        .response()
        .get("maxUseCount")
        .is_none());

    p.put(
        LINK,
        &p.key(Role::Admin),
        json!({"id": id, "maxUseCount": 1}),
    )
    .await
    .refused(400, "MaxUseCount");
    p.put(
        LINK,
        &p.key(Role::Admin),
        json!({"id": id, "expiration": "2001-01-01T00:00:00Z"}),
    )
    .await
    .refused(400, "Expiration");
    // Equal to the count is allowed, and uses the link up.
    p.put(
        LINK,
        &p.key(Role::Admin),
        json!({"id": id, "maxUseCount": 2}),
    )
    .await
    .expect(200);
    join(&p, made["url"].as_str().unwrap(), 9, 4)
        .await
        .expect(401);

    let unknown = "0f8fad5b-d9cb-469f-a165-70867728950e";
    p.put(LINK, &p.key(Role::Admin), json!({"id": unknown}))
        .await
        .refused(404, "The record could not be found");
}

#[tokio::test]
async fn a_deleted_link_stops_working_for_everyone() {
    let p = portal().await;
    let made = user_link(&p, None).await;
    let id = made["id"].as_str().unwrap();
    let room_admins_url = p.get(&of_type(4), &p.key(Role::RoomAdmin)).await.response()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let gone = p
        .call(
            "DELETE",
            LINK,
            Some(&p.key(Role::Admin)),
            Some(json!({"id": id})),
        )
        .await;
    gone.expect(200);
    assert!(gone.body.get("response").is_none(), "{}", gone.raw);
    assert!(p.sim.portal.lock().unwrap().invitation_links.is_empty());
    for url in [made["url"].as_str().unwrap(), room_admins_url.as_str()] {
        let refused = join(&p, url, 1, 4).await;
        assert_eq!((refused.status, refused.raw.as_str()), (401, ""));
    }
    p.call(
        "DELETE",
        LINK,
        Some(&p.key(Role::Admin)),
        Some(json!({"id": id})),
    )
    .await
    .refused(404, "The record could not be found");
}

#[tokio::test]
async fn five_uses_then_the_link_is_used_up() {
    let p = portal().await;
    let made = user_link(&p, Some(5)).await;
    let url = made["url"].as_str().unwrap();
    let admin = p.role_user(Role::Admin);
    for n in 0..5 {
        let joined = join(&p, url, n, 4).await;
        let id = joined.expect(200).response()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let person = p.user(&id).unwrap();
        assert_eq!(person.employee_type, EmployeeType::User);
        assert_eq!(person.created_by.as_deref(), Some(admin.id.as_str()));
        assert_eq!(person.activation, ActivationStatus::NotActivated);
    }
    let read = p.get(&of_type(4), &p.key(Role::Admin)).await;
    assert_eq!(read.response()["currentUseCount"], 5);
    // QuotaFailed: the confirm scheme fails, a bare 401.
    let sixth = join(&p, url, 5, 4).await;
    assert_eq!((sixth.status, sixth.raw.as_str()), (401, ""));
    assert!(p
        .sim
        .portal
        .lock()
        .unwrap()
        .user_by_email("joiner5@example.com")
        .is_none());
}

#[tokio::test]
async fn an_expired_or_altered_key_is_refused() {
    let p = portal().await;
    let made = user_link(&p, None).await;
    let url = made["url"].as_str().unwrap().to_string();
    // The body's type must be the link's: the action checks the key again with it.
    join(&p, &url, 0, 1).await.refused(403, "Access denied");
    let altered = url.replace("&emplType=4", "&emplType=1");
    join(&p, &altered, 0, 1).await.expect(401);
    let forged = url.replace("key=", "key=00");
    join(&p, &forged, 0, 4).await.expect(401);

    p.sim.portal.lock().unwrap().invitation_links[0].expiration = Some(unix_now() - 60);
    let read = p.get(&of_type(4), &p.key(Role::Admin)).await;
    assert_eq!(read.response()["isExpired"], true);
    join(&p, &url, 0, 4).await.expect(401);
    // The setting off: the link's key is fine, the action refuses.
    p.sim.portal.lock().unwrap().invitation_links[0].expiration = None;
    p.sim.portal.lock().unwrap().allow_inviting_members = false;
    join(&p, &url, 0, 4).await.refused(403, "Access denied");
}

#[tokio::test]
async fn an_admin_link_makes_admins_and_falls_back_to_user_without_seats() {
    let p = portal().await;
    let made = create(&p, Role::Owner, json!({"employeeType": 3})).await;
    let url = made.expect(200).response()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let joined = join(&p, &url, 0, 3).await;
    let id = joined.expect(200).response()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        p.user(&id).unwrap().employee_type,
        EmployeeType::DocSpaceAdmin
    );
    {
        let mut portal = p.sim.portal.lock().unwrap();
        let used = portal.paid_in_use();
        portal.set_paid_seats(Some(used));
    }
    let joined = join(&p, &url, 1, 3).await;
    let id = joined.expect(200).response()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(p.user(&id).unwrap().employee_type, EmployeeType::User);
    let count = p.sim.portal.lock().unwrap().invitation_links[0].current_use_count;
    assert_eq!(count, 1, "the fallback's use is not counted");
}

#[tokio::test]
async fn a_portal_before_3_7_1_has_no_invitation_links() {
    let mut spec = PortalSpec::new(60, 11);
    spec.reassign_duration = Duration::from_millis(300);
    spec.version = "3.6.1".parse().unwrap();
    let p = portal_with(spec, FaultSpec::default()).await;
    let key = p.key(Role::Owner);
    for (method, path) in [("POST", LINK), ("PUT", LINK), ("DELETE", LINK)] {
        let answer = p
            .call(method, path, Some(&key), Some(json!({"employeeType": 4})))
            .await;
        assert_eq!((answer.status, answer.raw.as_str()), (404, ""), "{method}");
    }
    let answer = p.get(&of_type(4), &key).await;
    assert_eq!((answer.status, answer.raw.as_str()), (404, ""));

    let mut spec = PortalSpec::new(60, 11);
    spec.version = "3.7.1".parse().unwrap();
    let p = portal_with(spec, FaultSpec::default()).await;
    p.get(&of_type(4), &p.key(Role::Owner)).await.expect(200);
}

#[tokio::test]
async fn a_change_or_delete_checks_the_setting_before_the_record() {
    let p = portal().await;
    let made = user_link(&p, Some(5)).await;
    let id = made["id"].as_str().unwrap().to_string();
    let unknown = "0f8fad5b-d9cb-469f-a165-70867728950e";
    p.sim.portal.lock().unwrap().allow_inviting_members = false;
    for body in [json!({"id": id}), json!({"id": unknown})] {
        p.put(LINK, &p.key(Role::Admin), body.clone())
            .await
            .refused(403, "Access denied");
        p.call("DELETE", LINK, Some(&p.key(Role::Admin)), Some(body))
            .await
            .refused(403, "Access denied");
    }
    p.sim.portal.lock().unwrap().allow_inviting_members = true;
    // Bodies the binding refuses: no id, an id that is no GUID.
    let missing = p
        .put(LINK, &p.key(Role::Admin), json!({"maxUseCount": 3}))
        .await;
    assert_eq!(missing.expect(400).validation_fields(), ["$"]);
    let bad = p
        .call(
            "DELETE",
            LINK,
            Some(&p.key(Role::Admin)),
            Some(json!({"id": "nope"})),
        )
        .await;
    assert_eq!(bad.expect(400).validation_fields(), ["$.id"]);
    assert_eq!(p.sim.portal.lock().unwrap().invitation_links.len(), 1);
}
