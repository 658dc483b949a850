//! Groups (more-endpoints.md §1): list, read, who may, system ids. Create, update and delete
//! are in `groups/writes.rs`; members, heads and moves in `groups/members.rs`; what people
//! show of groups in `groups/people.rs`. Every answer is checked against the spec by the harness (the 204 of
//! `DELETE /group/{id}` against what the server writes: `STATUS_OFF_SPEC`).

mod members;
mod people;
mod writes;

use docspace_sim::model::{EmployeeStatus, EmployeeType, User};
use docspace_sim::Role;
use serde_json::{json, Value};

use crate::harness::{portal, Answer, Portal};

pub const GROUP: &str = "/api/2.0/group";
pub const EMPTY: &str = "00000000-0000-0000-0000-000000000000";
pub const EVERYONE: &str = "c5cc67d1-c3e8-43c0-a3ad-3928ae3e5b5e";
pub const GUESTS: &str = "aced04fa-dd96-4b35-af3e-346bf1eb972d";
pub const LOST_GROUP: &str = "74b9cbd1-2412-4e79-9f36-7163583e9d3a";
pub const NOBODY: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

/// A seeded group by name: its id, every member's id (terminated ones included) and its head.
pub fn seeded(p: &Portal, name: &str) -> (String, Vec<String>, Option<String>) {
    let portal = p.sim.portal.lock().unwrap();
    let group = portal.group_by_name(name).expect(name);
    (
        group.id.clone(),
        sorted(portal.member_ids(&group.id)),
        group.head.clone(),
    )
}

/// What the portal holds of a group now: every member's id, sorted, and the head.
pub fn state(p: &Portal, id: &str) -> (Vec<String>, Option<String>) {
    let portal = p.sim.portal.lock().unwrap();
    (
        sorted(portal.member_ids(id)),
        portal.group(id).and_then(|g| g.head.clone()),
    )
}

pub fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// The sorted ids of an array of users (`members`).
pub fn ids(users: &Value) -> Vec<String> {
    sorted(
        users
            .as_array()
            .expect("an array")
            .iter()
            .map(|u| u["id"].as_str().expect("an id").to_string())
            .collect(),
    )
}

/// A group made over the API by the owner; its id.
pub async fn make(p: &Portal, name: &str, head: Option<&str>, members: &[&str]) -> String {
    let mut body = json!({ "groupName": name, "members": members });
    if let Some(head) = head {
        body["groupManager"] = head.into();
    }
    let answer = p.post(GROUP, &p.key(Role::Owner), body).await;
    answer.expect(200).response()["id"]
        .as_str()
        .expect("an id")
        .to_string()
}

/// Seeded people who may join a group (active, not guests, not the role accounts).
pub fn joiners(p: &Portal, n: usize) -> Vec<User> {
    let portal = p.sim.portal.lock().unwrap();
    let found: Vec<User> = portal
        .users
        .iter()
        .skip(5)
        .filter(|u| u.status == EmployeeStatus::Active && u.employee_type != EmployeeType::Guest)
        .take(n)
        .cloned()
        .collect();
    assert_eq!(found.len(), n, "enough people who may join");
    found
}

pub fn terminated(p: &Portal) -> User {
    p.find(|u| u.status == EmployeeStatus::Terminated && u.employee_type != EmployeeType::Guest)
}

pub fn pending(p: &Portal) -> User {
    p.find(|u| u.status == EmployeeStatus::Pending && u.employee_type != EmployeeType::Guest)
}

/// The groups `GET /group?{query}` lists, as the owner.
async fn listed(p: &Portal, query: &str) -> Vec<Value> {
    let answer = p
        .get(&format!("{GROUP}?{query}"), &p.key(Role::Owner))
        .await;
    answer.expect(200).response().as_array().unwrap().clone()
}

async fn found(p: &Portal, query: &str) -> Vec<String> {
    names(
        p.get(&format!("{GROUP}?{query}"), &p.key(Role::Owner))
            .await
            .expect(200),
    )
}

pub async fn total(p: &Portal) -> Value {
    p.get(GROUP, &p.key(Role::Owner)).await.body["total"].clone()
}

pub fn names(answer: &Answer) -> Vec<String> {
    answer
        .response()
        .as_array()
        .expect("a list")
        .iter()
        .map(|g| g["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_list_shows_the_seeded_groups_with_heads_and_counts_but_no_members() {
    let p = portal().await;
    let list = p.get(GROUP, &p.key(Role::Owner)).await;
    list.expect(200);
    assert_eq!(list.body["total"], 10);
    let mut expected: Vec<String> = names(&list);
    expected.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names(&list), expected, "by title, ascending");
    for item in list.response().as_array().unwrap() {
        let name = item["name"].as_str().unwrap();
        let (id, _, head) = seeded(&p, name);
        assert_eq!(item["id"], id.as_str());
        assert_eq!(
            (item["parent"].as_str(), item["category"].as_str()),
            (Some(EMPTY), Some(EMPTY))
        );
        assert_eq!(item["isLDAP"], false);
        assert!(
            item.get("isSystem").is_none() && item.get("members").is_none(),
            "{item}"
        );
        let shown = p.sim.portal.lock().unwrap().shown_members(&id).len();
        assert_eq!(item["membersCount"], shown, "{name}");
        assert_eq!(item["manager"]["id"].as_str(), head.as_deref(), "{name}");
    }
    // Design has a terminated member: counted in the rows, not in membersCount.
    let (design, rows, _) = seeded(&p, "Design");
    let shown = p.sim.portal.lock().unwrap().shown_members(&design).len();
    assert!(shown < rows.len(), "a terminated member in Design");
}

#[tokio::test]
async fn pages_with_total_and_count_between_1_and_100() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let mut seen = Vec::new();
    for start in [0, 3, 6, 9] {
        let page = p
            .get(&format!("{GROUP}?count=3&startIndex={start}"), &owner)
            .await;
        page.expect(200);
        assert_eq!(page.body["total"], 10);
        assert_eq!(page.body["count"], if start == 9 { 1 } else { 3 });
        seen.extend(names(&page));
    }
    let all = names(&p.get(GROUP, &owner).await);
    assert_eq!(seen, all, "the pages make the list");
    let past = p.get(&format!("{GROUP}?startIndex=50"), &owner).await;
    assert_eq!(
        (past.body["count"].as_u64(), past.body["total"].as_u64()),
        (Some(0), Some(10))
    );
    for bad in [
        "count=0",
        "count=101",
        "count=x",
        "startIndex=x",
        "userId=nobody",
        "manager=maybe",
        "sortOrder=up",
    ] {
        let answer = p.get(&format!("{GROUP}?{bad}"), &owner).await;
        answer.expect(400);
        assert_eq!(answer.validation_fields().len(), 1, "{bad}: {}", answer.raw);
    }
    assert_eq!(
        p.get(&format!("{GROUP}?count=100"), &owner)
            .await
            .expect(200)
            .body["count"],
        10
    );
}

#[tokio::test]
async fn sorts_by_title_manager_or_members_count() {
    let p = portal().await;
    // A group without a head: no first name, first ascending and last descending.
    let [a, b] = [0, 1].map(|i| joiners(&p, 2)[i].id.clone());
    let headless = make(&p, "aardvark team", None, &[&a, &b]).await;
    let title: Vec<String> = listed(&p, "sortBy=title&sortOrder=Descending")
        .await
        .iter()
        .map(|g| g["name"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(title.windows(2).all(|w| w[0] >= w[1]), "{title:?}");
    let fallback: Vec<Value> = listed(&p, "sortBy=displayName").await;
    assert_eq!(
        fallback[0]["name"], "aardvark team",
        "an unknown sort is by title"
    );

    let first_name = |g: &Value| g["manager"]["firstName"].as_str().map(str::to_lowercase);
    let up = listed(&p, "sortBy=Manager").await;
    assert_eq!(up[0]["id"], headless.as_str(), "no head first");
    let keys: Vec<Option<String>> = up.iter().map(first_name).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
    let down = listed(&p, "sortBy=manager&sortOrder=1").await;
    assert_eq!(
        down.last().unwrap()["id"],
        headless.as_str(),
        "no head last"
    );
    let keys: Vec<Option<String>> = down.iter().map(first_name).collect();
    assert!(keys.windows(2).all(|w| w[0] >= w[1]), "{keys:?}");

    // By membership rows, terminated members included (Design: 2 rows, 1 shown).
    let rows = |g: &Value| {
        p.sim
            .portal
            .lock()
            .unwrap()
            .member_ids(g["id"].as_str().unwrap())
            .len()
    };
    for (query, ascending) in [
        ("sortBy=membersCount", true),
        ("sortBy=MEMBERSCOUNT&sortOrder=Descending", false),
    ] {
        let counts: Vec<usize> = listed(&p, query).await.iter().map(rows).collect();
        assert!(
            counts.windows(2).all(|w| if ascending {
                w[0] <= w[1]
            } else {
                w[0] >= w[1]
            }),
            "{query}: {counts:?}"
        );
    }
}

#[tokio::test]
async fn filters_by_name_member_and_head() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    assert_eq!(found(&p, "filterValue=%20%20SALES%20").await, ["Sales"]);
    let with_e = found(&p, "filterValue=E").await;
    assert!(with_e.len() > 3 && with_e.iter().all(|n| n.to_lowercase().contains('e')));
    let everything = found(&p, "").await;
    assert_eq!(found(&p, "filterValue=%20").await, everything);

    // Kenji Johansson heads Marketing and Finance in this seed.
    let (_, _, head) = seeded(&p, "Finance");
    let kenji = head.unwrap();
    let mut heads = found(&p, &format!("userId={kenji}&manager=true")).await;
    heads.sort();
    assert_eq!(heads, ["Finance", "Marketing"]);
    let member_of: Vec<String> = p
        .sim
        .portal
        .lock()
        .unwrap()
        .groups_of(&kenji)
        .iter()
        .map(|g| g.name.clone())
        .collect();
    let mut listed = found(&p, &format!("userId={kenji}")).await;
    listed.sort();
    let mut expected = member_of.clone();
    expected.sort();
    assert_eq!(listed, expected);
    assert!(found(&p, &format!("userId={NOBODY}")).await.is_empty());
    assert_eq!(
        found(&p, "manager=true").await,
        everything,
        "manager needs userId"
    );
    let narrowed = p
        .get(
            &format!("{GROUP}?userId={kenji}&filterValue=fin&count=1"),
            &owner,
        )
        .await;
    assert_eq!(
        (names(&narrowed), narrowed.body["total"].as_u64()),
        (vec!["Finance".to_string()], Some(1))
    );
}

#[tokio::test]
async fn reads_one_group_with_members_unless_asked_not_to() {
    let p = portal().await;
    let (id, rows, head) = seeded(&p, "Design");
    for role in [Role::Owner, Role::Admin, Role::RoomAdmin] {
        let answer = p.get(&format!("{GROUP}/{id}"), &p.key(role)).await;
        let group = answer.expect(200).response();
        let shown: Vec<String> = p
            .sim
            .portal
            .lock()
            .unwrap()
            .shown_members(&id)
            .iter()
            .map(|u| u.id.clone())
            .collect();
        assert_eq!(ids(&group["members"]), sorted(shown.clone()));
        assert!(
            shown.len() < rows.len(),
            "the terminated member is not shown"
        );
        assert_eq!(group["membersCount"], shown.len());
        assert_eq!(group["manager"]["id"].as_str(), head.as_deref());
    }
    let owner = p.key(Role::Owner);
    let slim = p
        .get(&format!("{GROUP}/{id}?includeMembers=false"), &owner)
        .await;
    assert!(slim.expect(200).response().get("members").is_none());
    assert_eq!(slim.response()["membersCount"], 1);
    let braced = format!("{GROUP}/%7B{}%7D?includeMembers=true", id.to_uppercase());
    assert_eq!(
        p.get(&braced, &owner).await.expect(200).response()["id"],
        id.as_str()
    );
    p.get(&format!("{GROUP}/{id}?includeMembers=maybe"), &owner)
        .await
        .expect(400);
    for missing in [NOBODY, LOST_GROUP, EMPTY] {
        p.get(&format!("{GROUP}/{missing}"), &owner)
            .await
            .refused(404, "The group could not be found");
    }
    // Not a GUID: no route matches, a bare 404 (the harness checks the empty body).
    p.get(&format!("{GROUP}/design"), &owner).await.expect(404);
    p.call("GET", &format!("{GROUP}/design"), None, None)
        .await
        .expect(404);
    p.call("GET", &format!("{GROUP}/{id}"), None, None)
        .await
        .expect(401);
    for role in [Role::User, Role::Guest] {
        p.get(&format!("{GROUP}/{id}"), &p.key(role))
            .await
            .refused(403, "Access denied");
        p.get(GROUP, &p.key(role))
            .await
            .refused(403, "Access denied");
    }
}

#[tokio::test]
async fn system_group_ids_read_as_system_groups_and_are_never_listed() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let everyone = p.get(&format!("{GROUP}/{EVERYONE}"), &owner).await;
    let group = everyone.expect(200).response();
    assert_eq!(
        (group["name"].as_str(), group["isSystem"].as_bool()),
        (Some("Everyone"), Some(true))
    );
    assert_eq!(group["category"], "7717039d-fbe9-45ad-81c1-68a1aa10ce1f");
    let not_terminated = p
        .sim
        .portal
        .lock()
        .unwrap()
        .users
        .iter()
        .filter(|u| u.status != EmployeeStatus::Terminated)
        .count();
    assert_eq!(group["membersCount"], not_terminated);
    let guests = p.get(&format!("{GROUP}/{GUESTS}"), &owner).await;
    let members = guests.expect(200).response()["members"]
        .as_array()
        .unwrap()
        .clone();
    assert!(!members.is_empty() && members.iter().all(|m| m["isVisitor"] == true));
    let list = p.get(&format!("{GROUP}?count=100"), &owner).await;
    assert!(list
        .response()
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g.get("isSystem").is_none()));
    // Deleting one answers 204 and changes nothing.
    p.delete(&format!("{GROUP}/{EVERYONE}"), &owner)
        .await
        .expect(204);
    p.get(&format!("{GROUP}/{EVERYONE}?includeMembers=false"), &owner)
        .await
        .expect(200);
}

#[tokio::test]
async fn who_may_do_what_with_groups() {
    let p = portal().await;
    let (id, members, _) = seeded(&p, "Partners");
    let (other, _, _) = seeded(&p, "Legal");
    let someone = joiners(&p, 1).remove(0).id;
    for role in Role::ALL {
        let key = p.key(role);
        let reads = [
            p.get(GROUP, &key).await,
            p.get(&format!("{GROUP}/{id}"), &key).await,
            p.get(&format!("{GROUP}/user/{someone}"), &key).await,
        ];
        for answer in reads {
            match role {
                Role::User | Role::Guest => answer.refused(403, "Access denied"),
                _ => {
                    answer.expect(200);
                }
            }
        }
        let writes = [
            p.post(GROUP, &key, json!({"groupName": "By role"})).await,
            p.put(
                &format!("{GROUP}/{id}"),
                &key,
                json!({"groupName": "Partners"}),
            )
            .await,
            p.put(
                &format!("{GROUP}/{id}/members"),
                &key,
                json!({"members": [someone]}),
            )
            .await,
            p.post(
                &format!("{GROUP}/{id}/members"),
                &key,
                json!({"members": members}),
            )
            .await,
            p.call(
                "DELETE",
                &format!("{GROUP}/{id}/members"),
                Some(&key),
                Some(json!({"members": [someone]})),
            )
            .await,
            p.call(
                "PUT",
                &format!("{GROUP}/{other}/members/{other}"),
                Some(&key),
                None,
            )
            .await,
        ];
        for answer in writes {
            match role {
                Role::Owner | Role::Admin => {
                    answer.expect(200);
                }
                _ => answer.refused(403, "Access denied"),
            }
        }
    }
    // An unpaid portal refuses every group route, reads included (no [AllowNotPayment]).
    p.sim.portal.lock().unwrap().set_unpaid(true);
    let unpaid = p.get(GROUP, &p.key(Role::Owner)).await;
    assert_eq!((unpaid.status, unpaid.raw.as_str()), (402, ""));
}

#[tokio::test]
async fn the_spec_allows_the_requests_a_client_sends_for_groups() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let specs = std::sync::Arc::new(crate::openapi::Specs::load());
    p.sim.faults.check_requests(std::sync::Arc::new(
        move |r: &docspace_sim::RecordedRequest| {
            specs.check_request(&r.method, &r.path, &r.route, r.query.as_deref(), &r.body)
        },
    ));
    let people = joiners(&p, 3);
    let [a, b, c] = [0, 1, 2].map(|i| people[i].id.clone());
    let id = make(&p, "Checked", Some(&a), &[&b]).await;
    let (other, _, _) = seeded(&p, "Sales");
    let path = format!("{GROUP}/{id}");
    p.get(&format!("{GROUP}?count=25&startIndex=0&sortBy=membersCount&sortOrder=Descending&filterValue=ch&userId={a}&manager=true"), &owner).await.expect(200);
    p.get(&format!("{GROUP}?sortOrder=1"), &owner)
        .await
        .expect(200);
    p.get(&format!("{path}?includeMembers=false"), &owner)
        .await
        .expect(200);
    p.get(&format!("{GROUP}/user/{a}"), &owner)
        .await
        .expect(200);
    p.put(&path, &owner, json!({"groupName": "Checked 2", "groupManager": b, "membersToAdd": [c], "membersToRemove": [a]})).await.expect(200);
    p.put(&format!("{path}/members"), &owner, json!({"members": [a]}))
        .await
        .expect(200);
    p.post(
        &format!("{path}/members"),
        &owner,
        json!({"members": [a, b]}),
    )
    .await
    .expect(200);
    p.call(
        "DELETE",
        &format!("{path}/members"),
        Some(&owner),
        Some(json!({"members": [b]})),
    )
    .await
    .expect(200);
    p.put(&format!("{path}/manager"), &owner, json!({"userId": c}))
        .await
        .expect(200);
    p.call(
        "PUT",
        &format!("{GROUP}/{other}/members/{id}"),
        Some(&owner),
        None,
    )
    .await
    .expect(200);
    p.delete(&path, &owner).await.expect(204);
    let found: Vec<String> = p
        .sim
        .faults
        .request_violations()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(found, Vec::<String>::new());
    // The portal binds a lower-case sort order; the spec spells it `Descending`.
    p.get(&format!("{GROUP}?sortOrder=descending"), &owner)
        .await
        .expect(200);
    assert_eq!(p.sim.faults.request_violations().len(), 1);
}
