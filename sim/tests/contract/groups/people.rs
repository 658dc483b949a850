//! What people show of groups (more-endpoints.md §1.11 to §1.13): `EmployeeFullDto.groups` and
//! `department`, `GET /group/user/{userid}`, the people filters, and what becomes of
//! memberships when a person is deleted or becomes a guest. And a thousand members at once.

use std::time::{Duration, Instant};

use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::{FaultSpec, PortalSpec, Role};
use serde_json::{json, Value};

use super::{ids, make, seeded, sorted, state, GROUP, NOBODY};
use crate::harness::{portal, portal_with};

/// `GroupSummaryDto`s as the portal should write them for a user: by name (ordinal), each with
/// the head's user name.
fn summaries(p: &crate::harness::Portal, user_id: &str) -> Vec<Value> {
    let portal = p.sim.portal.lock().unwrap();
    portal
        .groups_of(user_id)
        .into_iter()
        .map(|g| {
            let head = g.head.as_deref().and_then(|h| portal.user(h));
            match head {
                Some(h) => json!({"id": g.id, "name": g.name, "manager": h.user_name}),
                None => json!({"id": g.id, "name": g.name}),
            }
        })
        .collect()
}

#[tokio::test]
async fn people_carry_their_groups_with_the_heads_user_name() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let (rnd, members, _) = seeded(&p, "Research & Development");
    let member = members
        .iter()
        .find(|m| p.user(m).unwrap().groups.len() > 1)
        .unwrap_or(&members[0])
        .clone();
    let person = p.get(&format!("/api/2.0/people/{member}"), &owner).await;
    let dto = person.expect(200).response();
    let expected = summaries(&p, &member);
    assert!(expected.iter().any(|g| g["id"] == rnd.as_str()));
    assert_eq!(dto["groups"], Value::Array(expected.clone()));
    let names: Vec<&str> = expected
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    let mut by_ordinal = names.clone();
    by_ordinal.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    assert_eq!(names, by_ordinal);
    let department: Vec<String> = names.iter().map(|n| n.replace('&', "&amp;")).collect();
    assert_eq!(dto["department"], department.join(", ").as_str());

    let of_user = p
        .get(&format!("{GROUP}/user/{member}"), &p.key(Role::RoomAdmin))
        .await;
    assert_eq!(of_user.expect(200).response(), &Value::Array(expected));
    assert!(of_user.body.get("total").is_none(), "no paging");
    let nobody = p.get(&format!("{GROUP}/user/{NOBODY}"), &owner).await;
    assert_eq!(nobody.expect(200).response(), &json!([]));
    p.get(
        &format!("{GROUP}/user/{}", p.user(&member).unwrap().user_name),
        &owner,
    )
    .await
    .expect(404);
    for role in [Role::User, Role::Guest] {
        p.get(&format!("{GROUP}/user/{member}"), &p.key(role))
            .await
            .refused(403, "Access denied");
    }
    // Nobody in a group: `department` is empty and `groups` omitted.
    let loner = p.find(|u| u.groups.is_empty() && u.employee_type != EmployeeType::Guest);
    let dto = p
        .get(&format!("/api/2.0/people/{}", loner.id), &owner)
        .await;
    assert_eq!(dto.response()["department"], "");
    assert!(dto.response().get("groups").is_none());
}

#[tokio::test]
async fn the_people_filters_agree_with_the_groups() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let total = p.sim.portal.lock().unwrap().users.len() as u64;
    let alone = p
        .get("/api/2.0/people/filter?withoutGroup=true", &owner)
        .await;
    let expected_alone: Vec<String> = {
        let portal = p.sim.portal.lock().unwrap();
        portal
            .users
            .iter()
            .filter(|u| u.groups.is_empty())
            .map(|u| u.id.clone())
            .collect()
    };
    assert_eq!(
        sorted(alone.expect(200).ids()),
        sorted(expected_alone.clone())
    );
    let names: Vec<String> = {
        let portal = p.sim.portal.lock().unwrap();
        portal.live_groups().map(|g| g.name.clone()).collect()
    };
    for name in names {
        let (id, members, _) = seeded(&p, &name);
        let inside = p
            .get(&format!("/api/2.0/people/filter?groupId={id}"), &owner)
            .await;
        assert_eq!(
            sorted(inside.expect(200).ids()),
            members,
            "{name}: terminated members too"
        );
        let outside = p
            .get(
                &format!("/api/2.0/people/filter?groupId={id}&excludeGroup=true"),
                &owner,
            )
            .await;
        assert_eq!(
            outside.body["total"].as_u64(),
            Some(total - members.len() as u64)
        );
        // withoutGroup ignores groupId.
        let ignored = p
            .get(
                &format!("/api/2.0/people/filter?groupId={id}&withoutGroup=true"),
                &owner,
            )
            .await;
        assert_eq!(
            sorted(ignored.ids()),
            sorted(expected_alone.clone()),
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_deleted_person_leaves_their_groups_and_headships() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let (id, members, head) = seeded(&p, "Partners");
    let head = head.unwrap();
    p.terminate(&[&head]).await;
    p.delete(&format!("/api/2.0/people/{head}"), &owner)
        .await
        .expect(200);
    let left: Vec<String> = members.into_iter().filter(|m| *m != head).collect();
    assert_eq!(state(&p, &id), (left.clone(), None));
    let group = p.get(&format!("{GROUP}/{id}"), &owner).await;
    assert!(group.expect(200).response().get("manager").is_none());
    let filtered = p
        .get(&format!("/api/2.0/people/filter?groupId={id}"), &owner)
        .await;
    assert_eq!(sorted(filtered.ids()), left);
    let heads = p
        .get(&format!("{GROUP}?userId={head}&manager=true"), &owner)
        .await;
    assert_eq!(heads.body["total"], 0);
}

#[tokio::test]
async fn a_person_made_a_guest_leaves_every_group() {
    let mut spec = PortalSpec::new(60, 11);
    spec.reassign_duration = Duration::from_millis(100);
    let p = portal_with(spec, FaultSpec::default()).await;
    let admin = p.key(Role::Admin);
    let user = p.find(|u| {
        u.status == EmployeeStatus::Active
            && u.employee_type == EmployeeType::User
            && !u.groups.is_empty()
    });
    let id = make(&p, "Theirs", Some(&user.id), &[]).await;
    let before = p.sim.portal.lock().unwrap().groups_of(&user.id).len();
    assert!(before >= 2);
    p.post(
        "/api/2.0/people/type",
        &admin,
        json!({"type": "Guest", "userId": user.id}),
    )
    .await
    .expect(200);
    let deadline = Instant::now() + Duration::from_secs(10);
    while p.user(&user.id).unwrap().employee_type != EmployeeType::Guest {
        assert!(Instant::now() < deadline, "the type change completes");
        tokio::time::sleep(Duration::from_millis(50)).await;
        p.get(
            &format!("/api/2.0/people/type/progress/{}", user.id),
            &admin,
        )
        .await
        .expect(200);
    }
    assert!(p.sim.portal.lock().unwrap().groups_of(&user.id).is_empty());
    assert_eq!(state(&p, &id), (vec![], None));
    let of_user = p.get(&format!("{GROUP}/user/{}", user.id), &admin).await;
    assert_eq!(of_user.expect(200).response(), &json!([]));
    // And a guest may not join again.
    p.put(
        &format!("{GROUP}/{id}/members"),
        &admin,
        json!({"members": [user.id]}),
    )
    .await
    .expect(200);
    assert_eq!(state(&p, &id).0, Vec::<String>::new());
}

#[tokio::test]
async fn a_thousand_members_join_a_ten_thousand_person_portal_at_once() {
    let p = portal_with(PortalSpec::new(10_000, 5), FaultSpec::default()).await;
    let owner = p.key(Role::Owner);
    let people: Vec<String> = {
        let portal = p.sim.portal.lock().unwrap();
        portal
            .users
            .iter()
            .filter(|u| portal.may_join(&u.id))
            .take(1_000)
            .map(|u| u.id.clone())
            .collect()
    };
    assert_eq!(people.len(), 1_000);
    let id = make(&p, "Everyone we need", None, &[]).await;
    let answer = p
        .put(
            &format!("{GROUP}/{id}/members"),
            &owner,
            json!({"members": people}),
        )
        .await;
    answer.expect(200);
    assert_eq!(answer.response()["membersCount"], 1_000);
    assert_eq!(ids(&answer.response()["members"]), sorted(people));
    // About 0.1 s in a debug build; a pass over the portal per member would take seconds.
    assert!(
        answer.elapsed < Duration::from_secs(1),
        "1,000 members took {:?}",
        answer.elapsed
    );
}
