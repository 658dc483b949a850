//! Reference §3.3, §3.6 and §3.10: a user name that is someone else's id.
//!
//! A user name is the local part of the email (`UserManagerWrapper.MakeUniqueNameAsync`), so an
//! account made with the email `<id>@example.org` has another person's id as its user name: a
//! decoy. `GET /people/{userid}` (`UserController.GetProfileByUserId`) looks the text up as a user
//! name first and answers with the decoy. `PUT` and `DELETE /people/{userid}`
//! (`PeopleControllerBase.GetUserInfoAsync`) read it as a GUID first and act on the person whose
//! id it is; a GUID that is nobody's id is 404, never a user-name match. `GET
//! /portal/users/{userID}` reads GUIDs only.

use docspace_sim::model::{EmployeeStatus, EmployeeType, User};
use docspace_sim::Role;
use serde_json::json;

use crate::harness::{portal, Portal};

/// Creates, as the owner, the account whose email is `<name>@example.org`, and checks that its
/// user name is `name`. Its id.
async fn decoy_named(p: &Portal, name: &str) -> String {
    let body = json!({
        "email": format!("{name}@example.org"),
        "firstName": "Decoy",
        "lastName": "Account",
        "type": "User",
    });
    let created = p.post("/api/2.0/people", &p.key(Role::Owner), body).await;
    assert_eq!(created.expect(200).response()["userName"], name);
    created.response()["id"]
        .as_str()
        .expect("an id")
        .to_string()
}

/// An active seeded user of the User type, other than `but`.
fn active_user(p: &Portal, but: &[&str]) -> User {
    p.find(|u| {
        u.status == EmployeeStatus::Active
            && u.employee_type == EmployeeType::User
            && !but.contains(&u.id.as_str())
    })
}

fn status_of(p: &Portal, id: &str) -> Option<EmployeeStatus> {
    p.user(id).map(|u| u.status)
}

#[tokio::test]
async fn delete_by_id_deletes_the_person_with_that_id_not_the_decoy() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let victim = active_user(&p, &[]);
    let decoy = decoy_named(&p, &victim.id).await;
    let path = format!("/api/2.0/people/{}", victim.id);

    // GET reads the text as a user name first, as the server does: the decoy.
    let by_get = p.get(&path, &owner).await;
    assert_eq!(by_get.expect(200).response()["id"], decoy.as_str());
    // The GUID-only route finds the person whose id it is.
    let by_portal = p
        .get(&format!("/api/2.0/portal/users/{}", victim.id), &owner)
        .await;
    assert_eq!(by_portal.expect(200).response()["id"], victim.id.as_str());

    p.put(
        "/api/2.0/people/status/2",
        &owner,
        json!({ "userIds": [victim.id] }),
    )
    .await
    .expect(200);
    let deleted = p.delete(&path, &owner).await;
    assert_eq!(deleted.expect(200).response()["id"], victim.id.as_str());
    assert!(p.user(&victim.id).is_none(), "the victim is deleted");
    assert_eq!(status_of(&p, &decoy), Some(EmployeeStatus::Active));

    // The id now names nobody: DELETE is a 404, never the decoy, whose user name it still is.
    p.delete(&path, &owner)
        .await
        .refused(404, "The user could not be found");
    let decoy_path = format!("/api/2.0/people/{decoy}");
    p.get(&decoy_path, &owner).await.expect(200);
    assert_eq!(
        p.get(&path, &owner).await.expect(200).response()["id"],
        decoy.as_str()
    );
}

#[tokio::test]
async fn update_by_id_acts_on_the_person_with_that_id_not_the_decoy() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let victim = active_user(&p, &[]);
    let decoy = decoy_named(&p, &victim.id).await;

    let disabled = p
        .put(
            &format!("/api/2.0/people/{}", victim.id),
            &owner,
            json!({ "disable": true }),
        )
        .await;
    assert_eq!(disabled.expect(200).response()["id"], victim.id.as_str());
    assert_eq!(disabled.response()["status"], 2);
    assert_eq!(status_of(&p, &victim.id), Some(EmployeeStatus::Terminated));
    assert_eq!(status_of(&p, &decoy), Some(EmployeeStatus::Active));

    // Any form of the GUID that .NET reads is the same id: braced and upper-case here.
    let braced = format!("/api/2.0/people/%7B{}%7D", victim.id.to_uppercase());
    let enabled = p.put(&braced, &owner, json!({ "disable": false })).await;
    assert_eq!(enabled.expect(200).response()["id"], victim.id.as_str());
    assert_eq!(status_of(&p, &victim.id), Some(EmployeeStatus::Active));
    assert_eq!(status_of(&p, &decoy), Some(EmployeeStatus::Active));
}

#[tokio::test]
async fn a_guid_that_is_nobodys_id_is_404_even_when_it_is_a_user_name() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let nobody = "0f8fad5b-d9cb-469f-a165-70867728950e";
    assert!(p.user(nobody).is_none());
    let decoy = decoy_named(&p, nobody).await;
    let path = format!("/api/2.0/people/{nobody}");

    p.put(&path, &owner, json!({ "disable": true }))
        .await
        .refused(404, "The user could not be found");
    assert_eq!(status_of(&p, &decoy), Some(EmployeeStatus::Active));
    p.terminate(&[&decoy]).await;
    p.delete(&path, &owner)
        .await
        .refused(404, "The user could not be found");
    assert!(p.user(&decoy).is_some(), "the decoy is still there");
    // GET reads it as a user name first.
    assert_eq!(
        p.get(&path, &owner).await.expect(200).response()["id"],
        decoy.as_str()
    );
    p.get(&format!("/api/2.0/portal/users/{nobody}"), &owner)
        .await
        .refused(404, "The user could not be found");

    // Text that is not a GUID is a user name, in any case.
    let other = active_user(&p, &[]);
    let by_name = format!("/api/2.0/people/{}", other.user_name.to_ascii_uppercase());
    let disabled = p.put(&by_name, &owner, json!({ "disable": true })).await;
    assert_eq!(disabled.expect(200).response()["id"], other.id.as_str());
    let deleted = p.delete(&by_name, &owner).await;
    assert_eq!(deleted.expect(200).response()["id"], other.id.as_str());

    // `new Guid` reads the hex form too; a number in it past 32 bits throws an
    // OverflowException, not the FormatException that would try a user name: a plain 500.
    let wide = "%7B0x123456789,0x2,0x3,%7B0x4,0x5,0x6,0x7,0x8,0x9,0xa,0xb%7D%7D";
    p.delete(&format!("/api/2.0/people/{wide}"), &owner)
        .await
        .refused(500, "Value was either too large or too small for a UInt32.");
}
