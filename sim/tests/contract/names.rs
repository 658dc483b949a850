//! README §10 "Name rule": the default `core:username:regex` `^[\p{L}\p{M}' \-]+$` on every
//! write of a name (`UserFormatter.IsValidUserName`), and sign-in by email or user id only
//! (`DbUserService.GetUserByPasswordHashAsync`).

use docspace_sim::Role;
use serde_json::json;

use crate::harness::portal;

fn member(email: &str, first: serde_json::Value, last: serde_json::Value) -> serde_json::Value {
    json!({ "email": email, "firstName": first, "lastName": last, "type": "User" })
}

#[tokio::test]
async fn a_new_name_with_a_dot_or_a_digit_is_refused() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    for (n, (first, last)) in [
        ("J.", "Smith"),
        ("Anna", "Smith Jr."),
        ("Anna2", "Smith"),
        ("Anna", "O'Brien 3"),
        ("anna.smith", ""),
        ("", "Smith"),
    ]
    .into_iter()
    .enumerate()
    {
        p.post(
            "/api/2.0/people",
            &owner,
            member(&format!("named{n}@example.com"), json!(first), json!(last)),
        )
        .await
        .refused(400, "Incorrect firstname or lastname");
    }
    // No first name at all: the regex is handed a null.
    let none = p
        .post(
            "/api/2.0/people",
            &owner,
            json!({"email": "nameless@example.com", "type": "User"}),
        )
        .await;
    none.refused(400, "Value cannot be null. (Parameter 'input')");
    assert_eq!(none.body["error"]["type"], "System.ArgumentNullException");
    // Longer than 255: model validation, before the action.
    let long = p
        .post(
            "/api/2.0/people",
            &owner,
            member("long@example.com", json!("A".repeat(256)), json!("B")),
        )
        .await;
    long.expect(400);
    assert_eq!(long.validation_fields(), ["FirstName"]);
}

#[tokio::test]
async fn an_empty_last_name_and_any_script_are_accepted_as_sent() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    for (n, (first, last)) in [
        (json!("Madonna"), json!("")),
        (json!("Cher"), serde_json::Value::Null),
        (json!("Zoe\u{308}"), json!("Jean-Luc d'Arc")),
        (json!("अर्जुन"), json!("ユーキ")),
    ]
    .into_iter()
    .enumerate()
    {
        let created = p
            .post(
                "/api/2.0/people",
                &owner,
                member(&format!("fine{n}@example.com"), first.clone(), last),
            )
            .await;
        assert_eq!(created.expect(200).response()["firstName"], first);
    }
    // The server does not trim: the spaces stay.
    let spaced = p
        .post(
            "/api/2.0/people",
            &owner,
            member("spaced@example.com", json!(" Anna "), json!("Berg")),
        )
        .await;
    assert_eq!(spaced.expect(200).response()["firstName"], " Anna ");
}

#[tokio::test]
async fn a_self_update_checks_the_names_it_would_store() {
    let p = portal().await;
    let me = p.role_user(Role::Admin);
    let key = p.key(Role::Admin);
    let path = format!("/api/2.0/people/{}", me.id);
    p.put(&path, &key, json!({"firstName": "Ann.Marie"}))
        .await
        .refused(400, "Incorrect firstname or lastname");
    let emptied = p.put(&path, &key, json!({"lastName": ""})).await;
    assert_eq!(
        emptied.expect(200).response()["displayName"],
        me.first_name.as_str()
    );
    assert_eq!(p.user(&me.id).unwrap().last_name, "");

    // A stored name that breaks the rule (as an LDAP sync can leave one) stays and is listed,
    // but any self-update checks it with the rest, even one that only moves the location.
    let user = p.role_user(Role::User);
    p.sim
        .portal
        .lock()
        .unwrap()
        .user_mut(&user.id)
        .unwrap()
        .first_name = "J.R.".into();
    let shown = p
        .get(&format!("/api/2.0/people/{}", user.id), &p.key(Role::Owner))
        .await;
    assert_eq!(shown.expect(200).response()["firstName"], "J.R.");
    let own = format!("/api/2.0/people/{}", user.id);
    p.put(&own, &p.key(Role::User), json!({"location": "Riga"}))
        .await
        .refused(400, "Incorrect firstname or lastname");
    p.put(&own, &p.key(Role::User), json!({"firstName": "Jay"}))
        .await
        .expect(200);
}

fn login(name: &str, password: &str) -> serde_json::Value {
    json!({"userName": name, "password": password})
}

#[tokio::test]
async fn sign_in_is_by_email_or_user_id_never_by_user_name() {
    let p = portal().await;
    let admin = p.role_user(Role::Admin);
    assert_ne!(admin.user_name, admin.email);
    let sign_in = |body| p.call("POST", "/api/2.0/authentication", None, Some(body));
    sign_in(login(&admin.user_name, &admin.password))
        .await
        .refused(401, "User authentication failed");
    sign_in(login(&admin.email.to_uppercase(), &admin.password))
        .await
        .expect(200);
    sign_in(login(&admin.id, &admin.password)).await.expect(200);
    // Any form .NET reads a GUID in.
    let braced = format!("{{{}}}", admin.id.to_uppercase());
    sign_in(login(&braced, &admin.password)).await.expect(200);
    sign_in(login(&admin.id, "wrong-password"))
        .await
        .refused(401, "User authentication failed");
    let token = sign_in(login(&admin.id, &admin.password)).await.response()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let me = p.get("/api/2.0/people/@self", &token).await;
    assert_eq!(me.expect(200).response()["id"], admin.id.as_str());
}
