//! Creating, updating and deleting groups (more-endpoints.md §1.2, §1.4, §1.5).

use docspace_sim::Role;
use serde_json::json;

use super::{
    ids, joiners, make, names, pending, seeded, sorted, state, terminated, total, EMPTY, EVERYONE,
    GROUP, NOBODY,
};
use crate::harness::portal;

#[tokio::test]
async fn creates_with_head_and_members_duplicates_and_untrimmed_names_allowed() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let people = joiners(&p, 3);
    let invitee = pending(&p);
    let body = json!({
        "groupName": "  Night shift ",
        "groupManager": people[0].id,
        "members": [people[1].id, people[2].id, invitee.id, people[1].id],
    });
    let created = p.post(GROUP, &admin, body.clone()).await;
    created.expect(200);
    let group = created.response();
    assert_eq!(group["name"], "  Night shift ", "not trimmed");
    assert_eq!(group["manager"]["id"], people[0].id.as_str());
    let expected = sorted(vec![
        people[0].id.clone(),
        people[1].id.clone(),
        people[2].id.clone(),
        invitee.id.clone(),
    ]);
    assert_eq!(
        ids(&group["members"]),
        expected,
        "the head is a member; pending people may join"
    );
    assert_eq!(group["membersCount"], 4);
    let id = group["id"].as_str().unwrap().to_string();
    assert_eq!(state(&p, &id), (expected, Some(people[0].id.clone())));

    let again = p.post(GROUP, &admin, body).await;
    assert_ne!(
        again.expect(200).response()["id"],
        id.as_str(),
        "names are not unique"
    );
    assert_eq!(
        p.sim
            .portal
            .lock()
            .unwrap()
            .groups_named("  Night shift ")
            .len(),
        2
    );
    assert_eq!(p.get(GROUP, &admin).await.body["total"], 12);

    // The empty GUID as head is no head; 128 UTF-16 units is the longest name.
    let plain = p
        .post(
            GROUP,
            &admin,
            json!({"groupName": "😀".repeat(64), "groupManager": EMPTY}),
        )
        .await;
    assert!(plain.expect(200).response().get("manager").is_none());
    assert_eq!(plain.response()["membersCount"], 0);
    assert_eq!(plain.response()["members"], json!([]));
}

#[tokio::test]
async fn create_refuses_bad_names_and_anyone_who_may_not_join_and_creates_nothing() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let ok = joiners(&p, 1).remove(0);
    for body in [
        json!({}),
        json!({"groupName": ""}),
        json!({"groupName": "x".repeat(129)}),
        json!({"groupName": "😀".repeat(65)}),
        json!({"groupName": "A", "members": ["nope"]}),
        json!({"groupName": "A", "groupManager": null}),
        json!({"groupName": 5}),
    ] {
        let answer = p.post(GROUP, &owner, body.clone()).await;
        answer.expect(400);
        assert!(
            answer.body.get("error").is_none(),
            "a validation problem for {body}: {}",
            answer.raw
        );
    }
    p.post(GROUP, &owner, json!({"groupName": " \t\u{3000} "})).await.refused(
        400,
        "The value cannot be an empty string or composed entirely of whitespace. (Parameter 'inDto.GroupName')",
    );
    p.post(GROUP, &owner, json!({"groupName": null}))
        .await
        .refused(400, "Value cannot be null. (Parameter 'inDto.GroupName')");
    let guest = p.role_user(Role::Guest);
    let gone = terminated(&p);
    for body in [
        json!({"groupName": "A", "members": [ok.id, gone.id]}),
        json!({"groupName": "A", "members": [ok.id, guest.id]}),
        json!({"groupName": "A", "members": [NOBODY]}),
        json!({"groupName": "A", "members": [EMPTY]}),
        json!({"groupName": "A", "groupManager": guest.id, "members": [ok.id]}),
        json!({"groupName": "A", "groupManager": NOBODY}),
    ] {
        p.post(GROUP, &owner, body)
            .await
            .refused(400, "The user could not be found");
    }
    assert_eq!(total(&p).await, 10, "nothing created");
    assert!(p
        .sim
        .portal
        .lock()
        .unwrap()
        .groups_of(&ok.id)
        .iter()
        .all(|g| g.name != "A"));

    // Validation comes before the permission check; the permission before the name's.
    p.post(GROUP, &p.key(Role::RoomAdmin), json!({"groupName": ""}))
        .await
        .expect(400);
    for role in [Role::RoomAdmin, Role::User, Role::Guest] {
        p.post(GROUP, &p.key(role), json!({"groupName": "  "}))
            .await
            .refused(403, "Access denied");
    }
    assert_eq!(total(&p).await, 10);
}

#[tokio::test]
async fn updates_in_the_servers_order_and_never_refuses_a_member_id() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let people = joiners(&p, 4);
    let [a, b, c, d] = [0, 1, 2, 3].map(|i| people[i].id.clone());
    let id = make(&p, "Ops", Some(&a), &[&b]).await;
    let path = format!("{GROUP}/{id}");
    let gone = terminated(&p).id;
    let guest = p.role_user(Role::Guest).id;

    // A new head (the old one stays a member); bad ids to add are skipped; the name kept.
    let answer = p
        .put(
            &path,
            &admin,
            json!({"groupManager": c, "membersToAdd": [d, gone, guest, NOBODY, EMPTY]}),
        )
        .await;
    let group = answer.expect(200).response();
    assert_eq!(group["name"], "Ops");
    assert_eq!(group["manager"]["id"], c.as_str());
    assert_eq!(
        state(&p, &id),
        (
            sorted(vec![a.clone(), b.clone(), c.clone(), d.clone()]),
            Some(c.clone())
        )
    );

    // A head who may not be one, or the empty GUID, is ignored: no way to clear the head.
    for head in [guest.as_str(), gone.as_str(), EMPTY, NOBODY] {
        p.put(&path, &admin, json!({"groupManager": head}))
            .await
            .expect(200);
        assert_eq!(state(&p, &id).1.as_deref(), Some(c.as_str()), "{head}");
    }
    // Set and removed in one request: removed last, so no head.
    let answer = p
        .put(
            &path,
            &admin,
            json!({"groupManager": a, "membersToRemove": [a, NOBODY]}),
        )
        .await;
    assert!(answer.expect(200).response().get("manager").is_none());
    assert_eq!(
        state(&p, &id),
        (sorted(vec![b.clone(), c.clone(), d.clone()]), None)
    );

    // "" is a name; past 128 units is not; null keeps the name.
    p.put(&path, &admin, json!({"groupName": ""}))
        .await
        .expect(200);
    assert_eq!(p.sim.portal.lock().unwrap().group(&id).unwrap().name, "");
    p.put(&path, &admin, json!({"groupName": "x".repeat(129)}))
        .await
        .expect(400);
    p.put(&path, &admin, json!({"groupName": null}))
        .await
        .expect(200);
    p.put(&path, &admin, json!({"groupName": "Ops 2"}))
        .await
        .expect(200);
    assert_eq!(
        p.sim.portal.lock().unwrap().group(&id).unwrap().name,
        "Ops 2"
    );
    p.call("PUT", &path, Some(&admin), None).await.expect(400);

    for role in [Role::RoomAdmin, Role::User, Role::Guest] {
        p.put(&path, &p.key(role), json!({"groupName": "Mine"}))
            .await
            .refused(403, "Access denied");
    }
    p.put(
        &format!("{GROUP}/{NOBODY}"),
        &admin,
        json!({"groupName": "x"}),
    )
    .await
    .refused(404, "The group could not be found");
    p.put(
        &format!("{GROUP}/{EVERYONE}"),
        &admin,
        json!({"groupName": "x"}),
    )
    .await
    .refused(404, "The group could not be found");
    assert_eq!(
        p.sim.portal.lock().unwrap().group(&id).unwrap().name,
        "Ops 2"
    );
}

#[tokio::test]
async fn a_deleted_group_is_gone_from_reads_lists_people_and_filters() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let (id, members, _) = seeded(&p, "Support");
    let path = format!("{GROUP}/{id}");
    for role in [Role::RoomAdmin, Role::User, Role::Guest] {
        p.delete(&path, &p.key(role))
            .await
            .refused(403, "Access denied");
    }
    let deleted = p.delete(&path, &p.key(Role::Admin)).await;
    deleted.expect(204);
    assert!(deleted.raw.is_empty());
    p.get(&path, &owner)
        .await
        .refused(404, "The group could not be found");
    p.delete(&path, &owner)
        .await
        .refused(404, "The group could not be found");
    p.put(
        &format!("{path}/members"),
        &owner,
        json!({"members": [members[0]]}),
    )
    .await
    .refused(404, "The group could not be found");
    let list = p.get(GROUP, &owner).await;
    assert_eq!(list.body["total"], 9);
    assert!(names(&list).iter().all(|n| n != "Support"));
    for member in &members {
        let person = p.get(&format!("/api/2.0/people/{member}"), &owner).await;
        let groups = person.expect(200).response()["groups"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(groups.iter().all(|g| g["id"] != id.as_str()), "{member}");
        assert!(!person.response()["department"]
            .as_str()
            .unwrap()
            .contains("Support"));
        let of_user = p.get(&format!("{GROUP}/user/{member}"), &owner).await;
        assert!(of_user
            .expect(200)
            .response()
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["id"] != id.as_str()));
    }
    let filtered = p
        .get(&format!("/api/2.0/people/filter?groupId={id}"), &owner)
        .await;
    assert_eq!(filtered.expect(200).body["total"], 0);
    // The people stay.
    assert!(members.iter().all(|m| p.user(m).is_some()));
}
