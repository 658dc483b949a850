//! Reference §3.4 to §3.10 and checklist items 2 to 7, 11 and 12: create, invite, terminate,
//! re-enable, retype and delete, with every refusal, for each caller role.

use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::Role;
use serde_json::json;

use crate::harness::portal;

fn new_member(email: &str, kind: serde_json::Value) -> serde_json::Value {
    json!({ "email": email, "firstName": "Ada", "lastName": "Lovelace", "type": kind })
}

#[tokio::test]
async fn create_a_user() {
    let p = portal().await;
    let created = p
        .post(
            "/api/2.0/people",
            &p.key(Role::Admin),
            new_member("ada@example.com", json!("User")),
        )
        .await;
    created.expect(200);
    let user = created.response();
    assert_eq!(
        (user["status"].as_i64(), user["activationStatus"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(user["userName"], "ada");
    assert_eq!(user["isCollaborator"], true);
    assert_eq!(user["displayName"], "Ada Lovelace");
    let id = user["id"].as_str().unwrap();
    p.get(&format!("/api/2.0/people/{id}"), &p.key(Role::Owner))
        .await
        .expect(200);
    // The same local part gets a unique user name; a numeric type works as the name does.
    let again = p
        .post(
            "/api/2.0/people",
            &p.key(Role::Admin),
            new_member("ada@example.org", json!(4)),
        )
        .await;
    assert_eq!(again.expect(200).response()["userName"], "ada1");
}

#[tokio::test]
async fn duplicate_emails_are_refused_case_insensitively() {
    let p = portal().await;
    let existing = p.role_user(Role::User).email.to_uppercase();
    p.post(
        "/api/2.0/people",
        &p.key(Role::Owner),
        new_member(&existing, json!("User")),
    )
    .await
    .refused(400, "User with this email is already registered");
}

#[tokio::test]
async fn bad_emails_and_names() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    p.post(
        "/api/2.0/people",
        &owner,
        new_member("not-an-email", json!("User")),
    )
    .await
    .refused(400, "Incorrect email");
    let mut bad_name = new_member("x@example.com", json!("User"));
    bad_name["firstName"] = json!("<script>");
    p.post("/api/2.0/people", &owner, bad_name)
        .await
        .refused(400, "Incorrect firstname or lastname");
}

#[tokio::test]
async fn who_may_create_which_type() {
    let p = portal().await;
    let cases = [
        (Role::Owner, "DocSpaceAdmin", 200),
        (Role::Admin, "DocSpaceAdmin", 403),
        (Role::Admin, "RoomAdmin", 200),
        (Role::RoomAdmin, "RoomAdmin", 403),
        (Role::RoomAdmin, "User", 200),
        (Role::User, "User", 403),
        (Role::Guest, "User", 403),
        (Role::Owner, "Guest", 403),
        (Role::Admin, "Guest", 403),
    ];
    for (i, (role, kind, status)) in cases.into_iter().enumerate() {
        let answer = p
            .post(
                "/api/2.0/people",
                &p.key(role),
                new_member(&format!("new{i}@example.com"), json!(kind)),
            )
            .await;
        assert_eq!(
            answer.status, status,
            "{role:?} creating {kind}: {}",
            answer.raw
        );
    }
}

#[tokio::test]
async fn invitations() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let invited = p
        .post("/api/2.0/people/invite", &admin, json!({"invitations": [{"email": "new.person@example.com", "type": "RoomAdmin"}], "culture": "en-US"}))
        .await;
    invited.expect(200);
    let pending = invited.response().as_array().unwrap();
    assert!(
        pending.len() > 1,
        "every pending user the caller can see, not only the new one"
    );
    let new_id = p
        .sim
        .portal
        .lock()
        .unwrap()
        .user_by_email("new.person@example.com")
        .map(|u| u.id.clone())
        .unwrap();
    let new = p.get(&format!("/api/2.0/people/{new_id}"), &admin).await;
    assert_eq!(
        (
            new.response()["status"].as_i64(),
            new.response()["firstName"].as_str()
        ),
        (Some(4), Some(""))
    );
    assert_eq!(new.response()["isRoomAdmin"], true);

    // An existing user: no error, and the type is raised, never lowered.
    let guest = p.role_user(Role::Guest);
    p.post(
        "/api/2.0/people/invite",
        &admin,
        json!({"invitations": [{"email": guest.email, "type": 4}]}),
    )
    .await
    .expect(200);
    assert_eq!(p.user(&guest.id).unwrap().employee_type, EmployeeType::User);
    // A terminated one is refused.
    let gone = p.find(|u| u.status == EmployeeStatus::Terminated);
    p.post(
        "/api/2.0/people/invite",
        &admin,
        json!({"invitations": [{"email": gone.email, "type": 4}]}),
    )
    .await
    .refused(400, &format!("User disabled: {}", gone.email));
    p.post(
        "/api/2.0/people/invite",
        &admin,
        json!({"invitations": [{"email": "bad", "type": 4}]}),
    )
    .await
    .refused(400, "Incorrect email");
    p.post(
        "/api/2.0/people/invite",
        &admin,
        json!({"invitations": [{"email": "g@example.com", "type": "Guest"}]}),
    )
    .await
    .refused(403, "Access denied");
    p.post(
        "/api/2.0/people/invite",
        &p.key(Role::Admin),
        json!({"invitations": [{"email": "a@example.com", "type": "DocSpaceAdmin"}]}),
    )
    .await
    .refused(403, "Access denied");
    for role in [Role::User, Role::Guest] {
        p.post(
            "/api/2.0/people/invite",
            &p.key(role),
            json!({"invitations": [{"email": "u@example.com", "type": 4}]}),
        )
        .await
        .refused(403, "Access denied");
    }
}

#[tokio::test]
async fn terminate_and_re_enable() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let target = p.find(|u| u.status == EmployeeStatus::Active && !u.first_name.is_empty());
    let invitee = p.find(|u| u.status == EmployeeStatus::Pending);
    let done = p
        .put(
            "/api/2.0/people/status/2",
            &owner,
            json!({"userIds": [target.id, invitee.id]}),
        )
        .await;
    done.expect(200);
    assert!(done
        .response()
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["status"] == 2));
    assert!(
        done.response()[0].get("terminated").is_none(),
        "the status route does not stamp `terminated`"
    );
    // Still listed for admins, as disabled.
    let listed = p
        .get("/api/2.0/people/filter?employeeStatus=Terminated", &owner)
        .await;
    assert!(listed.ids().contains(&target.id));
    let back = p
        .put(
            "/api/2.0/people/status/Active",
            &owner,
            json!({"userIds": [target.id, invitee.id]}),
        )
        .await;
    let statuses: Vec<i64> = back
        .expect(200)
        .response()
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["status"].as_i64().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [1, 4],
        "someone who never signed up goes back to pending"
    );
    p.put(
        "/api/2.0/people/status/4",
        &owner,
        json!({"userIds": [target.id]}),
    )
    .await
    .refused(400, "Incorrect status");
}

#[tokio::test]
async fn status_refusals_change_nothing() {
    let p = portal().await;
    let owner_user = p.role_user(Role::Owner);
    let admin_user = p.role_user(Role::Admin);
    let plain =
        p.find(|u| u.status == EmployeeStatus::Active && u.employee_type == EmployeeType::User);
    let owner = p.key(Role::Owner);
    let admin = p.key(Role::Admin);
    let unknown = "00000000-0000-4000-8000-000000000001";
    let refusals = [
        (&admin, owner_user.id.as_str(), "the owner"),
        (&owner, owner_user.id.as_str(), "oneself (the owner)"),
        (&admin, admin_user.id.as_str(), "oneself"),
        (&admin, unknown, "an unknown id"),
    ];
    for (key, id, what) in refusals {
        let answer = p
            .put(
                "/api/2.0/people/status/2",
                key,
                json!({"userIds": [plain.id, id]}),
            )
            .await;
        assert_eq!(answer.status, 403, "{what}: {}", answer.raw);
        assert_eq!(
            p.user(&plain.id).unwrap().status,
            EmployeeStatus::Active,
            "{what}: nothing changed"
        );
    }
    // An admin may not terminate another admin; the owner may.
    let other_admin = p.create("DocSpaceAdmin").await;
    p.put(
        "/api/2.0/people/status/2",
        &admin,
        json!({"userIds": [other_admin.id]}),
    )
    .await
    .refused(403, "Access denied");
    p.put(
        "/api/2.0/people/status/2",
        &owner,
        json!({"userIds": [other_admin.id]}),
    )
    .await
    .expect(200);
    for role in [Role::RoomAdmin, Role::User, Role::Guest] {
        p.put(
            "/api/2.0/people/status/2",
            &p.key(role),
            json!({"userIds": [plain.id]}),
        )
        .await
        .refused(403, "Access denied");
    }
}

#[tokio::test]
async fn disable_through_update_stamps_terminated_and_profile_fields_apply_to_oneself_only() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let target = p.role_user(Role::User);
    let answer = p
        .put(
            &format!("/api/2.0/people/{}", target.id),
            &admin,
            json!({"disable": true, "firstName": "Changed"}),
        )
        .await;
    answer.expect(200);
    assert_eq!(answer.response()["status"], 2);
    assert!(answer.response()["terminated"].as_str().is_some());
    assert_eq!(
        answer.response()["firstName"],
        target.first_name.as_str(),
        "names apply only to oneself"
    );
    p.put(
        &format!("/api/2.0/people/{}", target.id),
        &admin,
        json!({"disable": false}),
    )
    .await
    .expect(200);
    assert_eq!(p.user(&target.id).unwrap().status, EmployeeStatus::Active);

    let me = p.role_user(Role::Admin);
    let renamed = p
        .put(
            &format!("/api/2.0/people/{}", me.id),
            &admin,
            json!({"firstName": "Grace", "lastName": "Hopper"}),
        )
        .await;
    assert_eq!(
        renamed.expect(200).response()["displayName"],
        "Grace Hopper"
    );
    p.put(
        &format!("/api/2.0/people/{}", me.id),
        &admin,
        json!({"firstName": "R2D2"}),
    )
    .await
    .refused(400, "Incorrect firstname or lastname");
    p.put(
        &format!("/api/2.0/people/{}", me.id),
        &admin,
        json!({"disable": true}),
    )
    .await
    .refused(403, "Access denied");
    let owner = p.role_user(Role::Owner);
    p.put(
        &format!("/api/2.0/people/{}", owner.id),
        &admin,
        json!({"disable": true}),
    )
    .await
    .refused(403, "Access denied");
    p.put(
        "/api/2.0/people/00000000-0000-4000-8000-000000000002",
        &admin,
        json!({"disable": true}),
    )
    .await
    .refused(404, "The user could not be found");
}

#[tokio::test]
async fn type_changes_are_upgrades_only() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let admin = p.key(Role::Admin);
    let guest = p.role_user(Role::Guest);
    let user = p.role_user(Role::User);
    // Users and guests retype nobody.
    for role in [Role::User, Role::Guest] {
        let target = p
            .find(|u| u.employee_type == EmployeeType::Guest && u.status == EmployeeStatus::Active);
        p.put(
            "/api/2.0/people/type/User",
            &p.key(role),
            json!({"userIds": [target.id]}),
        )
        .await
        .refused(403, "Access denied");
    }
    // A room admin may retype only the guests they can see: the ones related to them.
    let room_admin = p.role_user(Role::RoomAdmin);
    p.put(
        "/api/2.0/people/type/User",
        &p.key(Role::RoomAdmin),
        json!({"userIds": [guest.id]}),
    )
    .await
    .refused(403, "Access denied");
    p.sim
        .portal
        .lock()
        .unwrap()
        .user_mut(&guest.id)
        .unwrap()
        .created_by = Some(room_admin.id.clone());
    let up = p
        .put(
            "/api/2.0/people/type/User",
            &p.key(Role::RoomAdmin),
            json!({"userIds": [guest.id]}),
        )
        .await;
    assert_eq!(up.expect(200).response()[0]["isCollaborator"], true);
    p.put(
        "/api/2.0/people/type/RoomAdmin",
        &admin,
        json!({"userIds": [user.id]}),
    )
    .await
    .expect(200);
    // Downgrades, the owner, oneself, and an admin-only upgrade by a non-owner are refused.
    p.put(
        "/api/2.0/people/type/User",
        &admin,
        json!({"userIds": [user.id]}),
    )
    .await
    .refused(403, "Access denied");
    p.put(
        "/api/2.0/people/type/Guest",
        &owner,
        json!({"userIds": [user.id]}),
    )
    .await
    .refused(403, "Access denied");
    let owner_id = p.role_user(Role::Owner).id;
    p.put(
        "/api/2.0/people/type/RoomAdmin",
        &admin,
        json!({"userIds": [owner_id]}),
    )
    .await
    .refused(403, "Access denied");
    let admin_id = p.role_user(Role::Admin).id;
    p.put(
        "/api/2.0/people/type/RoomAdmin",
        &admin,
        json!({"userIds": [admin_id]}),
    )
    .await
    .refused(403, "Access denied");
    p.put(
        "/api/2.0/people/type/DocSpaceAdmin",
        &admin,
        json!({"userIds": [user.id]}),
    )
    .await
    .refused(403, "Access denied");
    p.put(
        "/api/2.0/people/type/3",
        &owner,
        json!({"userIds": [user.id]}),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn type_changes_are_not_atomic() {
    let p = portal().await;
    let first =
        p.find(|u| u.employee_type == EmployeeType::Guest && u.status == EmployeeStatus::Active);
    let owner_id = p.role_user(Role::Owner).id;
    p.put(
        "/api/2.0/people/type/User",
        &p.key(Role::Admin),
        json!({"userIds": [first.id, owner_id]}),
    )
    .await
    .refused(403, "Access denied");
    assert_eq!(
        p.user(&first.id).unwrap().employee_type,
        EmployeeType::User,
        "changed before the refusal"
    );
}

#[tokio::test]
async fn only_terminated_users_can_be_deleted_and_then_they_are_gone() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let target =
        p.find(|u| u.status == EmployeeStatus::Active && u.employee_type == EmployeeType::User);
    let path = format!("/api/2.0/people/{}", target.id);
    p.delete(&path, &admin)
        .await
        .refused(403, "The user is not suspended");
    p.terminate(&[&target.id]).await;
    p.delete(&path, &p.key(Role::RoomAdmin))
        .await
        .refused(403, "Access denied");
    let deleted = p.delete(&path, &admin).await;
    deleted.expect(200);
    assert_eq!(deleted.response()["status"], 2);
    assert!(deleted.response()["terminated"].as_str().is_some());
    p.get(&path, &admin)
        .await
        .refused(404, "The user could not be found");
    p.put(&path, &admin, json!({"disable": false}))
        .await
        .refused(404, "The user could not be found");
    p.delete(&path, &admin)
        .await
        .refused(404, "The user could not be found");
    let list = p.get("/api/2.0/people/filter", &admin).await;
    assert!(!list.ids().contains(&target.id));
    // The email is free again.
    p.post(
        "/api/2.0/people",
        &admin,
        new_member(&target.email, json!("User")),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn deleting_admins_needs_the_owner() {
    let p = portal().await;
    let other_admin = p.create("DocSpaceAdmin").await;
    p.terminate(&[&other_admin.id]).await;
    let path = format!("/api/2.0/people/{}", other_admin.id);
    p.delete(&path, &p.key(Role::Admin))
        .await
        .refused(403, "Access denied");
    p.delete(&path, &p.key(Role::Owner)).await.expect(200);
    let owner_id = p.role_user(Role::Owner).id;
    // The owner is never terminated, so the portal says so.
    p.delete(&format!("/api/2.0/people/{owner_id}"), &p.key(Role::Admin))
        .await
        .refused(403, "The user is not suspended");
}

#[tokio::test]
async fn bulk_delete() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let a = p.find(|u| u.status == EmployeeStatus::Active && u.employee_type == EmployeeType::User);
    let b =
        p.find(|u| u.status == EmployeeStatus::Active && u.employee_type == EmployeeType::Guest);
    p.put(
        "/api/2.0/people/delete",
        &admin,
        json!({"userIds": [a.id, b.id]}),
    )
    .await
    .refused(403, "Users are not suspended");
    p.terminate(&[&a.id, &b.id]).await;
    let unknown = "00000000-0000-4000-8000-000000000003";
    let done = p
        .put(
            "/api/2.0/people/delete",
            &admin,
            json!({"userIds": [a.id, unknown, b.id]}),
        )
        .await;
    assert_eq!(
        done.expect(200).ids(),
        [a.id.clone(), b.id.clone()],
        "unknown ids are dropped"
    );
    assert!(p.user(&a.id).is_none() && p.user(&b.id).is_none());
    for role in [Role::RoomAdmin, Role::User] {
        p.put(
            "/api/2.0/people/delete",
            &p.key(role),
            json!({"userIds": [unknown]}),
        )
        .await
        .refused(403, "Access denied");
    }
}

#[tokio::test]
async fn bulk_delete_skips_admins_for_a_non_owner_but_lists_them() {
    let p = portal().await;
    let other_admin = p.create("DocSpaceAdmin").await;
    let user =
        p.find(|u| u.status == EmployeeStatus::Active && u.employee_type == EmployeeType::User);
    p.terminate(&[&other_admin.id, &user.id]).await;
    let done = p
        .put(
            "/api/2.0/people/delete",
            &p.key(Role::Admin),
            json!({"userIds": [other_admin.id, user.id]}),
        )
        .await;
    assert_eq!(done.expect(200).ids().len(), 2);
    assert!(p.user(&other_admin.id).is_some(), "skipped");
    assert!(p.user(&user.id).is_none(), "deleted");
}

#[tokio::test]
async fn nobody_deletes_themselves_and_only_admins_delete() {
    let p = portal().await;
    for role in [Role::Owner, Role::Admin] {
        let me = p.role_user(role);
        let answer = p
            .delete(&format!("/api/2.0/people/{}", me.id), &p.key(role))
            .await;
        assert_eq!(
            answer.status, 403,
            "{role:?} deleting themselves: {}",
            answer.raw
        );
        assert!(p.user(&me.id).is_some());
    }
    let gone = p.find(|u| {
        u.status == EmployeeStatus::Terminated && u.employee_type != EmployeeType::DocSpaceAdmin
    });
    for role in [Role::RoomAdmin, Role::User, Role::Guest] {
        p.delete(&format!("/api/2.0/people/{}", gone.id), &p.key(role))
            .await
            .refused(403, "Access denied");
    }
}

#[tokio::test]
async fn unknown_ids_in_a_type_change_are_refused() {
    let p = portal().await;
    p.put(
        "/api/2.0/people/type/User",
        &p.key(Role::Owner),
        json!({"userIds": ["00000000-0000-4000-8000-000000000009"]}),
    )
    .await
    .refused(403, "Access denied");
}

#[tokio::test]
async fn paid_seats_overflow_is_a_402() {
    let spec = docspace_sim::PortalSpec::new(60, 11);
    let in_use = docspace_sim::portal::Portal::new(&spec).paid_in_use();
    let p = crate::harness::portal_with(
        docspace_sim::PortalSpec {
            paid_seats: Some(in_use),
            ..spec
        },
        Default::default(),
    )
    .await;
    let owner = p.key(Role::Owner);
    let message = format!(
        "The number of admins exceeds the limit: {}/{in_use}.",
        in_use + 1
    );
    p.post(
        "/api/2.0/people/invite",
        &owner,
        json!({"invitations": [{"email": "paid@example.com", "type": "RoomAdmin"}]}),
    )
    .await
    .refused(402, &message);
    // Users are free.
    p.post(
        "/api/2.0/people/invite",
        &owner,
        json!({"invitations": [{"email": "free@example.com", "type": "User"}]}),
    )
    .await
    .expect(200);
    let user = p.role_user(Role::User);
    p.put(
        "/api/2.0/people/type/RoomAdmin",
        &owner,
        json!({"userIds": [user.id]}),
    )
    .await
    .refused(402, &message);
    // Creating a paid type quietly makes a user.
    let created = p
        .post(
            "/api/2.0/people",
            &owner,
            new_member("quiet@example.com", json!("RoomAdmin")),
        )
        .await;
    assert_eq!(created.expect(200).response()["isCollaborator"], true);
    // A terminated room admin cannot come back while the seats are full.
    let room_admin = p.role_user(Role::RoomAdmin);
    p.terminate(&[&room_admin.id]).await;
    p.post(
        "/api/2.0/people/invite",
        &owner,
        json!({"invitations": [{"email": "paid@example.com", "type": "RoomAdmin"}]}),
    )
    .await
    .expect(200);
    p.put(
        "/api/2.0/people/status/Active",
        &owner,
        json!({"userIds": [room_admin.id]}),
    )
    .await
    .refused(402, &message);
}

#[tokio::test]
async fn invitations_never_lower_a_type_and_room_admins_invite_users_only() {
    let p = portal().await;
    let room_admin = p.role_user(Role::RoomAdmin);
    p.post(
        "/api/2.0/people/invite",
        &p.key(Role::Owner),
        json!({"invitations": [{"email": room_admin.email, "type": "User"}]}),
    )
    .await
    .expect(200);
    assert_eq!(
        p.user(&room_admin.id).unwrap().employee_type,
        EmployeeType::RoomAdmin
    );
    let key = p.key(Role::RoomAdmin);
    p.post(
        "/api/2.0/people/invite",
        &key,
        json!({"invitations": [{"email": "ra@example.com", "type": "RoomAdmin"}]}),
    )
    .await
    .refused(403, "Access denied");
    p.post(
        "/api/2.0/people/invite",
        &key,
        json!({"invitations": [{"email": "u1@example.com", "type": "User"}]}),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn the_owner_and_oneself_in_a_bulk_delete() {
    let p = portal().await;
    let owner = p.role_user(Role::Owner);
    let admin = p.role_user(Role::Admin);
    p.put(
        "/api/2.0/people/delete",
        &p.key(Role::Admin),
        json!({"userIds": [owner.id]}),
    )
    .await
    .refused(403, "Users are not suspended");
    p.put(
        "/api/2.0/people/delete",
        &p.key(Role::Admin),
        json!({"userIds": [admin.id]}),
    )
    .await
    .refused(403, "Users are not suspended");
    assert!(p.user(&owner.id).is_some() && p.user(&admin.id).is_some());
}

#[tokio::test]
async fn routes_needing_rights_refuse_even_with_no_ids() {
    let p = portal().await;
    for role in [Role::RoomAdmin, Role::User, Role::Guest] {
        p.put(
            "/api/2.0/people/status/2",
            &p.key(role),
            json!({"userIds": []}),
        )
        .await
        .refused(403, "Access denied");
    }
    for role in [Role::User, Role::Guest] {
        p.put(
            "/api/2.0/people/type/User",
            &p.key(role),
            json!({"userIds": []}),
        )
        .await
        .refused(403, "Access denied");
    }
}

#[tokio::test]
async fn the_owner_upgrades_a_guest_and_edits_only_themselves() {
    let p = portal().await;
    let guest = p.role_user(Role::Guest);
    let owner = p.key(Role::Owner);
    let up = p
        .put(
            "/api/2.0/people/type/User",
            &owner,
            json!({"userIds": [guest.id]}),
        )
        .await;
    assert_eq!(up.expect(200).response()[0]["isCollaborator"], true);
    let owner_user = p.role_user(Role::Owner);
    p.put(
        &format!("/api/2.0/people/{}", owner_user.id),
        &p.key(Role::Admin),
        json!({"firstName": "Mallory"}),
    )
    .await
    .refused(403, "Access denied");
    assert_eq!(
        p.user(&owner_user.id).unwrap().first_name,
        owner_user.first_name
    );
}

#[tokio::test]
async fn re_enabling_through_disable_makes_active_even_for_invitees() {
    let p = portal().await;
    let invitee = p.find(|u| u.status == EmployeeStatus::Pending);
    let admin = p.key(Role::Owner);
    p.put(
        &format!("/api/2.0/people/{}", invitee.id),
        &admin,
        json!({"disable": true}),
    )
    .await
    .expect(200);
    let back = p
        .put(
            &format!("/api/2.0/people/{}", invitee.id),
            &admin,
            json!({"disable": false}),
        )
        .await;
    assert_eq!(back.expect(200).response()["status"], 1);
}

/// Issue 16: `UserController.UpdateUserStatus` checks the seats and saves each person before the
/// next, so a re-enable past the limit answers 402 with the ones before already enabled.
#[tokio::test]
async fn re_enabling_past_the_seats_enables_the_ones_before_then_402() {
    let p = crate::harness::portal_with(docspace_sim::PortalSpec::new(80, 11), Default::default())
        .await;
    let owner = p.key(Role::Owner);
    let pick = |kind: EmployeeType, n: usize| -> Vec<String> {
        let portal = p.sim.portal.lock().unwrap();
        portal
            .users
            .iter()
            .filter(|u| {
                u.employee_type == kind && u.status == EmployeeStatus::Active && !u.is_owner
            })
            .skip(1) // not the seeded role account
            .take(n)
            .map(|u| u.id.clone())
            .collect()
    };
    let room_admins = pick(EmployeeType::RoomAdmin, 3);
    let user = pick(EmployeeType::User, 1);
    assert_eq!((room_admins.len(), user.len()), (3, 1), "seeded people");
    let ids: Vec<&str> = user
        .iter()
        .chain(&room_admins)
        .map(String::as_str)
        .collect();
    p.terminate(&ids).await;
    let limit = {
        let mut portal = p.sim.portal.lock().unwrap();
        let limit = portal.paid_in_use() + 2;
        portal.set_paid_seats(Some(limit));
        limit
    };
    p.put(
        "/api/2.0/people/status/Active",
        &owner,
        json!({ "userIds": ids }),
    )
    .await
    .refused(
        402,
        &format!(
            "The number of admins exceeds the limit: {}/{limit}.",
            limit + 1
        ),
    );
    let status = |id: &str| p.user(id).unwrap().status;
    assert_eq!(
        ids.iter().map(|id| status(id)).collect::<Vec<_>>(),
        [
            EmployeeStatus::Active,
            EmployeeStatus::Active,
            EmployeeStatus::Active,
            EmployeeStatus::Terminated
        ],
        "saved one by one: the free user and two room admins before the refusal"
    );
}
