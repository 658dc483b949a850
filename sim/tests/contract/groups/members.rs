//! A group's members and head (more-endpoints.md §1.6 to §1.10): add, replace, remove, move,
//! set the head, and the head's quirks.

use docspace_sim::Role;
use serde_json::json;

use super::{
    ids, joiners, make, pending, seeded, sorted, state, terminated, EMPTY, EVERYONE, GROUP, NOBODY,
};
use crate::harness::portal;

#[tokio::test]
async fn add_skips_whoever_may_not_join_and_needs_a_members_list() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let people = joiners(&p, 2);
    let (a, b) = (people[0].id.clone(), people[1].id.clone());
    let id = make(&p, "Crew", None, &[&a]).await;
    let path = format!("{GROUP}/{id}/members");
    let invitee = pending(&p).id;
    let gone = terminated(&p).id;
    let guest = p.role_user(Role::Guest).id;
    let answer = p
        .put(
            &path,
            &admin,
            json!({"members": [b, invitee, gone, guest, NOBODY, EMPTY, a]}),
        )
        .await;
    let group = answer.expect(200).response();
    let expected = sorted(vec![a.clone(), b.clone(), invitee.clone()]);
    assert_eq!(ids(&group["members"]), expected);
    assert_eq!(group["membersCount"], 3);
    assert_eq!(state(&p, &id).0, expected);
    p.put(&path, &admin, json!({"members": []}))
        .await
        .expect(200);
    // No `members`: the action's loop reads a null.
    p.put(&path, &admin, json!({}))
        .await
        .refused(500, "Object reference not set to an instance of an object.");
    p.call("PUT", &path, Some(&admin), None).await.expect(400);
    p.put(&path, &admin, json!({"members": ["x"]}))
        .await
        .expect(400);
    p.put(
        &format!("{GROUP}/{NOBODY}/members"),
        &admin,
        json!({"members": [a]}),
    )
    .await
    .refused(404, "The group could not be found");
    p.put(
        &format!("{GROUP}/{EVERYONE}/members"),
        &admin,
        json!({"members": [a]}),
    )
    .await
    .refused(404, "The group could not be found");
    assert_eq!(state(&p, &id).0, expected);
}

#[tokio::test]
async fn replace_swaps_the_shown_members_and_always_drops_the_head() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let people = joiners(&p, 4);
    let [a, b, c, d] = [0, 1, 2, 3].map(|i| people[i].id.clone());
    let id = make(&p, "Rota", Some(&a), &[&b]).await;
    let path = format!("{GROUP}/{id}/members");
    let guest = p.role_user(Role::Guest).id;

    // Nobody who may join: 400 "Members", before the permission check.
    for role in [Role::Owner, Role::RoomAdmin, Role::User] {
        p.post(&path, &p.key(role), json!({"members": [guest, NOBODY]}))
            .await
            .refused(400, "Members");
    }
    p.post(&path, &owner, json!({"members": []}))
        .await
        .refused(400, "Members");
    p.post(&path, &owner, json!({}))
        .await
        .refused(400, "Value cannot be null. (Parameter 'source')");
    p.post(&path, &p.key(Role::RoomAdmin), json!({"members": [c]}))
        .await
        .refused(403, "Access denied");
    p.post(
        &format!("{GROUP}/{NOBODY}/members"),
        &owner,
        json!({"members": [c]}),
    )
    .await
    .refused(404, "The group could not be found");
    assert_eq!(
        state(&p, &id),
        (sorted(vec![a.clone(), b.clone()]), Some(a.clone()))
    );

    // The head is in the new list, and loses the headship all the same.
    let answer = p
        .post(&path, &owner, json!({"members": [a, c, d, guest]}))
        .await;
    let group = answer.expect(200).response();
    assert!(group.get("manager").is_none(), "{group}");
    assert_eq!(
        ids(&group["members"]),
        sorted(vec![a.clone(), c.clone(), d.clone()])
    );
    assert_eq!(state(&p, &id), (sorted(vec![a, c, d]), None));
}

#[tokio::test]
async fn remove_takes_anyone_listed_out_and_clears_a_removed_head() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let (id, members, head) = seeded(&p, "Support");
    let head = head.unwrap();
    let path = format!("{GROUP}/{id}/members");
    let other = members.iter().find(|m| **m != head).unwrap().clone();
    let answer = p
        .call(
            "DELETE",
            &path,
            Some(&owner),
            Some(json!({"members": [other, NOBODY, EMPTY]})),
        )
        .await;
    let group = answer.expect(200).response();
    assert_eq!(group["manager"]["id"], head.as_str());
    assert!(!ids(&group["members"]).contains(&other));
    let answer = p
        .call(
            "DELETE",
            &path,
            Some(&owner),
            Some(json!({"members": [head]})),
        )
        .await;
    assert!(answer.expect(200).response().get("manager").is_none());
    let (left, now_head) = state(&p, &id);
    assert_eq!(now_head, None);
    assert_eq!(left.len(), members.len() - 2);
    // The body is required; `{}` removes nobody.
    p.call("DELETE", &path, Some(&owner), None)
        .await
        .expect(400);
    p.call("DELETE", &path, Some(&owner), Some(json!({})))
        .await
        .expect(200);
    assert_eq!(state(&p, &id).0, left);
}

#[tokio::test]
async fn move_takes_shown_members_and_the_heads_role_stays_behind() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let people = joiners(&p, 4);
    let [a, b, c, d] = [0, 1, 2, 3].map(|i| people[i].id.clone());
    let leaver = p.find(|u| {
        u.status == docspace_sim::model::EmployeeStatus::Active
            && u.employee_type == docspace_sim::model::EmployeeType::User
            && !people.iter().any(|x| x.id == u.id)
    });
    let from = make(&p, "From", Some(&a), &[&b, &leaver.id]).await;
    let to = make(&p, "To", Some(&c), &[&d]).await;
    p.terminate(&[&leaver.id]).await;

    let moved = p
        .call(
            "PUT",
            &format!("{GROUP}/{from}/members/{to}"),
            Some(&owner),
            None,
        )
        .await;
    let group = moved.expect(200).response();
    assert_eq!(group["id"], to.as_str(), "the answer is the target group");
    assert_eq!(
        group["manager"]["id"],
        c.as_str(),
        "the target's head is kept"
    );
    assert_eq!(
        ids(&group["members"]),
        sorted(vec![a.clone(), b.clone(), c.clone(), d.clone()])
    );
    // The terminated member stays where they were; the moved head left a group without one.
    assert_eq!(state(&p, &from), (vec![leaver.id.clone()], None));

    // Moving a group onto itself empties it (its shown members).
    p.call(
        "PUT",
        &format!("{GROUP}/{to}/members/{to}"),
        Some(&owner),
        None,
    )
    .await
    .expect(200);
    assert_eq!(state(&p, &to), (vec![], None));
    for (x, y) in [(NOBODY, to.as_str()), (from.as_str(), NOBODY)] {
        p.call(
            "PUT",
            &format!("{GROUP}/{x}/members/{y}"),
            Some(&owner),
            None,
        )
        .await
        .refused(404, "The group could not be found");
    }
    p.call(
        "PUT",
        &format!("{GROUP}/{from}/members/sales"),
        Some(&owner),
        None,
    )
    .await
    .expect(404);
}

#[tokio::test]
async fn setting_the_head_makes_a_member_and_keeps_the_old_head_as_one() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let (id, members, old) = seeded(&p, "Marketing");
    let old = old.unwrap();
    let path = format!("{GROUP}/{id}/manager");
    let newcomer = joiners(&p, 8)
        .into_iter()
        .find(|u| !members.contains(&u.id))
        .unwrap();
    let answer = p.put(&path, &admin, json!({"userId": newcomer.id})).await;
    let group = answer.expect(200).response();
    assert_eq!(group["manager"]["id"], newcomer.id.as_str());
    let (now, head) = state(&p, &id);
    assert_eq!(head.as_deref(), Some(newcomer.id.as_str()));
    assert!(
        now.contains(&newcomer.id) && now.contains(&old),
        "the old head stays a member"
    );

    // Guests and terminated people change nothing (200); nobody is 404; so is a missing group.
    let guest = p.role_user(Role::Guest).id;
    let gone = terminated(&p).id;
    for who in [&guest, &gone] {
        p.put(&path, &admin, json!({"userId": who}))
            .await
            .expect(200);
        assert_eq!(state(&p, &id), (now.clone(), head.clone()));
    }
    for who in [NOBODY, EMPTY] {
        p.put(&path, &admin, json!({"userId": who}))
            .await
            .refused(404, "The user could not be found");
    }
    p.put(&path, &admin, json!({})).await.expect(400);
    // The group is looked up before anything else, for anyone.
    for role in [Role::Admin, Role::User, Role::Guest] {
        p.put(
            &format!("{GROUP}/{NOBODY}/manager"),
            &p.key(role),
            json!({"userId": newcomer.id}),
        )
        .await
        .refused(404, "The group could not be found");
    }
}

#[tokio::test]
async fn a_room_admin_naming_a_head_is_refused_after_the_head_is_written() {
    let p = portal().await;
    let (id, members, _) = seeded(&p, "Legal");
    let path = format!("{GROUP}/{id}/manager");
    let outsider = joiners(&p, 12)
        .into_iter()
        .find(|u| !members.contains(&u.id))
        .unwrap();
    let room_admin = p.key(Role::RoomAdmin);
    // A guest changes nothing, and a room admin may read the group: 200.
    let guest = p.role_user(Role::Guest).id;
    p.put(&path, &room_admin, json!({"userId": guest}))
        .await
        .expect(200);
    p.put(&path, &p.key(Role::User), json!({"userId": guest}))
        .await
        .refused(403, "Access denied");
    // Someone who may join: 403, but the head reference was written first
    // (`SetDepartmentManagerAsync`), without the membership.
    p.put(&path, &room_admin, json!({"userId": outsider.id}))
        .await
        .refused(403, "Access denied");
    assert_eq!(state(&p, &id), (members.clone(), Some(outsider.id.clone())));
    let read = p.get(&format!("{GROUP}/{id}"), &p.key(Role::Owner)).await;
    let group = read.expect(200).response();
    assert_eq!(group["manager"]["id"], outsider.id.as_str());
    assert!(!ids(&group["members"]).contains(&outsider.id));
    // They are in the group for the people filter (any row counts), not in their own groups.
    let filtered = p
        .get(
            &format!("/api/2.0/people/filter?groupId={id}"),
            &p.key(Role::Owner),
        )
        .await;
    assert!(filtered.ids().contains(&outsider.id));
    assert!(p
        .sim
        .portal
        .lock()
        .unwrap()
        .groups_of(&outsider.id)
        .iter()
        .all(|g| g.id != id));
    // Removing them clears the head, though they were no member.
    p.call(
        "DELETE",
        &format!("{GROUP}/{id}/members"),
        Some(&p.key(Role::Owner)),
        Some(json!({"members": [outsider.id]})),
    )
    .await
    .expect(200);
    assert_eq!(state(&p, &id), (members, None));
}

#[tokio::test]
async fn terminated_members_are_hidden_and_come_back_when_enabled() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let people = joiners(&p, 3);
    let [a, b, c] = [0, 1, 2].map(|i| people[i].id.clone());
    let id = make(&p, "Night", Some(&a), &[&b, &c]).await;
    p.terminate(&[&a, &b]).await;
    let read = p.get(&format!("{GROUP}/{id}"), &owner).await;
    let group = read.expect(200).response();
    assert_eq!(ids(&group["members"]), vec![c.clone()]);
    assert_eq!(group["membersCount"], 1);
    assert_eq!(
        group["manager"]["id"],
        a.as_str(),
        "a terminated head is still the head"
    );
    let listed = p.get(&format!("{GROUP}?filterValue=night"), &owner).await;
    assert_eq!(listed.response()[0]["membersCount"], 1);
    // The rows are kept: the admins' people filter shows them, a room admin's does not.
    let filtered = p
        .get(&format!("/api/2.0/people/filter?groupId={id}"), &owner)
        .await;
    assert_eq!(
        sorted(filtered.ids()),
        sorted(vec![a.clone(), b.clone(), c.clone()])
    );
    let for_room_admin = p
        .get(
            &format!("/api/2.0/people/filter?groupId={id}"),
            &p.key(Role::RoomAdmin),
        )
        .await;
    assert_eq!(for_room_admin.ids(), vec![c.clone()]);
    // A replace removes the shown members only: the terminated head keeps the headship.
    p.post(
        &format!("{GROUP}/{id}/members"),
        &owner,
        json!({"members": [c]}),
    )
    .await
    .expect(200);
    assert_eq!(
        state(&p, &id),
        (
            sorted(vec![a.clone(), b.clone(), c.clone()]),
            Some(a.clone())
        )
    );
    p.put(
        "/api/2.0/people/status/Active",
        &owner,
        json!({"userIds": [a, b]}),
    )
    .await
    .expect(200);
    let back = p.get(&format!("{GROUP}/{id}"), &owner).await;
    assert_eq!(back.expect(200).response()["membersCount"], 3);
    assert_eq!(ids(&back.response()["members"]), sorted(vec![a, b, c]));
}
