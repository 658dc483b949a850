//! Reference §3.3 and §4: one person, and who may see whom.

use docspace_sim::model::EmployeeType;
use docspace_sim::Role;

use crate::harness::portal;

#[tokio::test]
async fn a_user_by_id_or_user_name_with_an_html_encoded_display_name() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let target = p.role_user(Role::User);
    let by_id = p
        .get(&format!("/api/2.0/people/{}", target.id), &owner)
        .await;
    by_id.expect(200);
    assert_eq!(by_id.response()["email"], target.email.as_str());
    assert_eq!(by_id.response()["isCollaborator"], true);
    assert!(by_id.response()["registrationDate"]
        .as_str()
        .unwrap()
        .ends_with(".0000000+00:00"));
    assert!(
        by_id.response()["profileUrl"]
            .as_str()
            .unwrap()
            .starts_with(&p.base),
        "absolute"
    );
    assert!(
        by_id.response()["avatar"]
            .as_str()
            .unwrap()
            .starts_with('/'),
        "relative"
    );
    let by_name = p
        .get(&format!("/api/2.0/people/{}", target.user_name), &owner)
        .await;
    assert_eq!(by_name.expect(200).response()["id"], target.id.as_str());
    let upper = p
        .get(
            &format!("/api/2.0/people/{}", target.id.to_uppercase()),
            &owner,
        )
        .await;
    assert_eq!(upper.expect(200).response()["id"], target.id.as_str());

    // Markup in a name travels HTML-encoded, as the portal sends it.
    p.sim
        .portal
        .lock()
        .unwrap()
        .user_mut(&target.id)
        .unwrap()
        .first_name = "<b>Tom</b> & Jerry".into();
    let encoded = p
        .get(&format!("/api/2.0/people/{}", target.id), &owner)
        .await;
    assert!(encoded.response()["displayName"]
        .as_str()
        .unwrap()
        .starts_with("&lt;b&gt;Tom&lt;/b&gt; &amp; Jerry"));
    assert_eq!(
        encoded.response()["firstName"],
        "<b>Tom</b> & Jerry",
        "only displayName is encoded"
    );
}

#[tokio::test]
async fn unknown_users_are_404() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    p.get(
        "/api/2.0/people/00000000-0000-4000-8000-000000000000",
        &owner,
    )
    .await
    .refused(404, "The user could not be found");
    p.get("/api/2.0/people/no.such.user", &owner)
        .await
        .refused(404, "The user could not be found");
    p.get("/api/2.0/people/email?email=nobody@example.com", &owner)
        .await
        .refused(404, "The user could not be found");
}

#[tokio::test]
async fn by_email_case_insensitively() {
    let p = portal().await;
    let target = p.role_user(Role::Guest);
    let answer = p
        .get(
            &format!(
                "/api/2.0/people/email?email={}",
                target.email.to_uppercase()
            ),
            &p.key(Role::Owner),
        )
        .await;
    assert_eq!(answer.expect(200).response()["id"], target.id.as_str());
}

#[tokio::test]
async fn users_and_guests_see_only_themselves() {
    let p = portal().await;
    let other = p.role_user(Role::Admin);
    for role in [Role::User, Role::Guest] {
        let key = p.key(role);
        p.get(&format!("/api/2.0/people/{}", other.id), &key)
            .await
            .refused(403, "Access denied");
        p.get(
            &format!("/api/2.0/people/email?email={}", other.email),
            &key,
        )
        .await
        .refused(403, "Access denied");
        let me = p.role_user(role);
        p.get(&format!("/api/2.0/people/{}", me.id), &key)
            .await
            .expect(200);
    }
}

#[tokio::test]
async fn room_admins_see_non_guests_and_their_own_guests() {
    let p = portal().await;
    let key = p.key(Role::RoomAdmin);
    let room_admin = p.role_user(Role::RoomAdmin);
    p.get(
        &format!("/api/2.0/people/{}", p.role_user(Role::User).id),
        &key,
    )
    .await
    .expect(200);
    let stranger = p.find(|u| {
        u.employee_type == EmployeeType::Guest
            && u.created_by.as_deref() != Some(room_admin.id.as_str())
    });
    p.get(&format!("/api/2.0/people/{}", stranger.id), &key)
        .await
        .refused(403, "Access denied");
    p.sim
        .portal
        .lock()
        .unwrap()
        .user_mut(&stranger.id)
        .unwrap()
        .created_by = Some(room_admin.id.clone());
    p.get(&format!("/api/2.0/people/{}", stranger.id), &key)
        .await
        .expect(200);
}

#[tokio::test]
async fn created_by_only_for_admins() {
    let p = portal().await;
    let target = p.role_user(Role::User);
    let path = format!("/api/2.0/people/{}", target.id);
    assert!(p
        .get(&path, &p.key(Role::Admin))
        .await
        .response()
        .get("createdBy")
        .is_some());
    assert!(p
        .get(&path, &p.key(Role::RoomAdmin))
        .await
        .response()
        .get("createdBy")
        .is_none());
}
