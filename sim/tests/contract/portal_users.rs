//! `GET /api/2.0/portal/users/{userID}` (`PortalController.GetUserById`, route
//! `users/{userID:guid}`): a GUID-only lookup answering the core `UserInfo` itself, not an
//! `EmployeeFullDto`. The harness checks every 200 against the spec's `UserInfoWrapper`.

use docspace_sim::model::{ActivationStatus, EmployeeStatus, EmployeeType};
use docspace_sim::Role;
use serde_json::json;

use crate::harness::portal;

fn path(id: &str) -> String {
    format!("/api/2.0/portal/users/{id}")
}

/// A plain .NET `DateTime` as System.Text.Json writes one read from the database (kind
/// unspecified, whole seconds): `2026-01-01T00:00:00`, no fraction and no offset.
fn is_plain_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

#[tokio::test]
async fn a_user_by_id_is_the_core_user_info() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let target = p.role_user(Role::User);
    let answer = p.get(&path(&target.id), &owner).await;
    answer.expect(200);
    let user = answer.response();
    assert_eq!(user["id"], target.id.as_str());
    assert_eq!(user["firstName"], target.first_name.as_str());
    assert_eq!(user["lastName"], target.last_name.as_str());
    assert_eq!(user["userName"], target.user_name.as_str());
    assert_eq!(user["email"], target.email.as_str());
    assert_eq!(user["status"], 1);
    assert_eq!(user["activationStatus"], target.activation as u8);
    let active = target.activation == ActivationStatus::Activated;
    assert_eq!(user["isActive"], active);
    assert_eq!(user["checkActivation"], !active);
    assert_eq!(user["removed"], false);
    assert_eq!(user["tenantId"], 1);
    assert_eq!(user["mobilePhoneActivationStatus"], 0);
    assert_eq!(user["ldapQouta"], 0);
    assert_eq!(
        user["createdBy"].as_str(),
        target.created_by.as_deref(),
        "the creator's id"
    );
    for date in ["createDate", "lastModified"] {
        let text = user[date].as_str().unwrap_or_default();
        assert!(is_plain_date_time(text), "{date}: {text:?}");
    }
    // The same moment as the profile's registration date, which is an ApiDateTime string.
    let profile = p
        .get(&format!("/api/2.0/people/{}", target.id), &owner)
        .await;
    let registered = profile.expect(200).response()["registrationDate"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        format!("{}.0000000+00:00", user["createDate"].as_str().unwrap()),
        registered
    );
    // Nothing of EmployeeFullDto, and nothing null (the harness checks that too).
    for absent in [
        "displayName",
        "avatar",
        "profileUrl",
        "isAdmin",
        "isCollaborator",
        "registrationDate",
        "terminatedDate",
        "workFromDate",
        "spam",
    ] {
        assert!(user.get(absent).is_none(), "{absent} in {}", answer.raw);
    }
    // The owner registered the portal, which stamped a work-from date.
    let me = p.get(&path(&p.role_user(Role::Owner).id), &owner).await;
    let me = me.expect(200).response();
    assert!(is_plain_date_time(
        me["workFromDate"].as_str().unwrap_or_default()
    ));
    assert!(me.get("createdBy").is_none(), "nobody created the owner");
}

#[tokio::test]
async fn every_form_of_the_guid_and_nothing_else_matches_the_route() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let target = p.role_user(Role::Guest);
    let id = target.id.as_str();
    for form in [
        id.to_uppercase(),
        id.replace('-', ""),
        format!("%7B{id}%7D"),
        format!("({id})"),
    ] {
        let answer = p.get(&path(&form), &owner).await;
        assert_eq!(answer.expect(200).response()["id"], id, "{form}");
    }
    // A user name does not match `{userID:guid}`: no action runs, so a bare 404.
    let by_name = p.get(&path(&target.user_name), &owner).await;
    assert_eq!((by_name.status, by_name.raw.as_str()), (404, ""));
    // Without credentials, a route that matches is a 401.
    let anonymous = p.call("GET", &path(id), None, None).await;
    assert_eq!((anonymous.status, anonymous.raw.as_str()), (401, ""));
}

#[tokio::test]
async fn a_terminated_user_is_found_with_the_terminated_date() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let target =
        p.find(|u| u.status == EmployeeStatus::Active && u.employee_type == EmployeeType::User);
    let before = p.get(&path(&target.id), &owner).await;
    let created = before.expect(200).response()["createDate"].clone();
    p.put(
        &format!("/api/2.0/people/{}", target.id),
        &owner,
        json!({ "disable": true }),
    )
    .await
    .expect(200);
    let answer = p.get(&path(&target.id), &owner).await;
    let user = answer.expect(200).response();
    assert_eq!(user["status"], 2);
    let terminated = user["terminatedDate"].as_str().unwrap_or_default();
    assert!(is_plain_date_time(terminated), "{}", answer.raw);
    // Saving the profile stamped the modification time; the creation time stays.
    let modified = user["lastModified"].as_str().unwrap_or_default();
    assert!(modified >= terminated, "{}", answer.raw);
    assert_eq!(user["createDate"], created);
}

#[tokio::test]
async fn unknown_and_deleted_users_are_404() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let unknown = "00000000-0000-4000-8000-000000000000";
    p.get(&path(unknown), &owner)
        .await
        .refused(404, "The user could not be found");
    // A room admin may view anyone but unrelated guests, so an unknown id is looked up: 404.
    p.get(&path(unknown), &p.key(Role::RoomAdmin))
        .await
        .refused(404, "The user could not be found");

    let target =
        p.find(|u| u.status == EmployeeStatus::Active && u.employee_type == EmployeeType::User);
    p.get(&path(&target.id), &owner).await.expect(200);
    p.terminate(&[&target.id]).await;
    p.delete(&format!("/api/2.0/people/{}", target.id), &owner)
        .await
        .expect(200);
    p.get(&path(&target.id), &owner)
        .await
        .refused(404, "The user could not be found");
}

#[tokio::test]
async fn users_and_guests_see_only_themselves() {
    let p = portal().await;
    let admin = p.role_user(Role::Admin);
    for role in [Role::User, Role::Guest] {
        let key = p.key(role);
        p.get(&path(&admin.id), &key)
            .await
            .refused(403, "Access denied");
        // The view check comes before the lookup: an unknown id is refused too.
        p.get(&path("00000000-0000-4000-8000-000000000000"), &key)
            .await
            .refused(403, "Access denied");
        let me = p.role_user(role);
        let answer = p.get(&path(&me.id), &key).await;
        assert_eq!(answer.expect(200).response()["id"], me.id.as_str());
    }
    // Room admins see non-guests and only the guests related to them.
    let room_admin = p.role_user(Role::RoomAdmin);
    let key = p.key(Role::RoomAdmin);
    p.get(&path(&p.role_user(Role::User).id), &key)
        .await
        .expect(200);
    let stranger = p.find(|u| {
        u.employee_type == EmployeeType::Guest
            && u.created_by.as_deref() != Some(room_admin.id.as_str())
    });
    p.get(&path(&stranger.id), &key)
        .await
        .refused(403, "Access denied");
}
