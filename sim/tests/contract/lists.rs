//! Reference §3.2 and checklist items 8, 9: lists, their order, search, filters and who sees what.

use docspace_sim::model::EmployeeStatus;
use docspace_sim::Role;

use crate::harness::portal;

#[tokio::test]
async fn count_is_1_to_100_and_total_counts_every_match() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    for bad in ["0", "101", "-1", "many"] {
        let answer = p
            .get(&format!("/api/2.0/people/filter?count={bad}"), &owner)
            .await;
        answer.expect(400);
        assert_eq!(answer.validation_fields(), ["count"], "count={bad}");
    }
    let page = p
        .get("/api/2.0/people/filter?count=25&startIndex=50", &owner)
        .await;
    page.expect(200);
    assert_eq!(page.body["total"], 60);
    assert_eq!(page.body["count"], 10, "the last 10 of 60");
    let all = p.get("/api/2.0/people/filter", &owner).await;
    assert_eq!(all.body["count"], 60, "default count is 100");
    let keys: Vec<&String> = all.body.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "response",
            "count",
            "total",
            "links",
            "status",
            "statusCode"
        ],
        "the server's field order"
    );
    let link = &all.body["links"][0];
    assert_eq!(link["action"], "GET");
    assert_eq!(link["href"], format!("{}/api/2.0/people/filter", p.base));
}

#[tokio::test]
async fn default_order_is_active_then_pending_by_email_then_terminated() {
    let p = portal().await;
    let all = p.get("/api/2.0/people/filter", &p.key(Role::Owner)).await;
    let users = all.response().as_array().unwrap();
    let rank = |s: i64| match s {
        1 => 0,
        4 => 1,
        _ => 2,
    };
    let ranks: Vec<i64> = users
        .iter()
        .map(|u| rank(u["status"].as_i64().unwrap()))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    assert!(
        ranks.contains(&1) && ranks.contains(&2),
        "the seed has pending and terminated users"
    );
    let pending: Vec<String> = users
        .iter()
        .filter(|u| u["status"] == 4)
        .map(|u| u["email"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(pending.windows(2).all(|w| w[0] <= w[1]), "pending by email");
}

#[tokio::test]
async fn sort_by_email_both_ways_and_by_names() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let emails = |answer: &crate::harness::Answer| -> Vec<String> {
        answer
            .response()
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["email"].as_str().unwrap().to_lowercase())
            .collect()
    };
    let up = emails(
        &p.get(
            "/api/2.0/people/filter?sortBy=email&sortOrder=ascending",
            &owner,
        )
        .await,
    );
    let down = emails(
        &p.get("/api/2.0/people/filter?sortby=email&sortorder=1", &owner)
            .await,
    );
    assert!(up.windows(2).all(|w| w[0] <= w[1]));
    let mut reversed = up.clone();
    reversed.reverse();
    assert_eq!(down, reversed);
    let by_type = p.get("/api/2.0/people/filter?sortBy=type", &owner).await;
    assert_eq!(
        by_type.response()[0]["isOwner"],
        true,
        "owner first by type"
    );
}

#[tokio::test]
async fn search_is_an_and_of_tokens_over_names_and_email() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let target = p.find(|u| u.status == EmployeeStatus::Active);
    let query = format!(
        "{} {}",
        target.first_name.to_uppercase(),
        target.last_name.to_lowercase()
    );
    let hits = p
        .get(
            &format!("/api/2.0/people/filter?filterValue={}", encode(&query)),
            &owner,
        )
        .await;
    assert!(hits.ids().contains(&target.id));
    for user in hits.response().as_array().unwrap() {
        let hay = format!(
            "{} {} {}",
            user["firstName"], user["lastName"], user["email"]
        )
        .to_lowercase();
        assert!(
            hay.contains(&target.first_name.to_lowercase())
                && hay.contains(&target.last_name.to_lowercase())
        );
    }
    assert_eq!(hits.body["total"].as_u64(), Some(hits.ids().len() as u64));
    let none = p
        .get("/api/2.0/people/filter?filterValue=zz%20qq", &owner)
        .await;
    assert_eq!(
        (none.body["total"].as_u64(), none.body["count"].as_u64()),
        (Some(0), Some(0))
    );
    // The domain part of an email is searchable too.
    let by_domain = p
        .get("/api/2.0/people/filter?filterValue=example.org", &owner)
        .await;
    assert!(by_domain
        .response()
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["email"].as_str().unwrap().contains("example.org")));
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn status_type_area_and_payment_filters() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let check =
        |answer: &crate::harness::Answer, what: &str, ok: &dyn Fn(&serde_json::Value) -> bool| {
            let users = answer.response().as_array().unwrap();
            assert!(!users.is_empty(), "{what}: nobody");
            assert!(users.iter().all(ok), "{what}");
        };
    check(
        &p.get("/api/2.0/people/filter?employeeStatus=2", &owner)
            .await,
        "terminated",
        &|u| u["status"] == 2,
    );
    check(
        &p.get("/api/2.0/people/filter?employeeStatus=Pending", &owner)
            .await,
        "pending",
        &|u| u["status"] == 4,
    );
    check(
        &p.get("/api/2.0/people/filter?employeeType=Guest", &owner)
            .await,
        "guests",
        &|u| u["isVisitor"] == true,
    );
    check(
        &p.get(
            "/api/2.0/people/filter?employeeTypes=1&employeeTypes=4",
            &owner,
        )
        .await,
        "room admins or users",
        &|u| u["isRoomAdmin"] == true || u["isCollaborator"] == true,
    );
    check(
        &p.get("/api/2.0/people/filter?area=guests", &owner).await,
        "area guests",
        &|u| u["isVisitor"] == true,
    );
    check(
        &p.get("/api/2.0/people/filter?area=people", &owner).await,
        "area people",
        &|u| u["isVisitor"] == false,
    );
    check(
        &p.get("/api/2.0/people/filter?isAdministrator=true", &owner)
            .await,
        "admins",
        &|u| u["isAdmin"] == true || u["isOwner"] == true,
    );
    check(
        &p.get("/api/2.0/people/filter?payments=Free", &owner).await,
        "free",
        &|u| u["isVisitor"] == true || u["isCollaborator"] == true,
    );
    check(
        &p.get("/api/2.0/people/filter?activationStatus=2", &owner)
            .await,
        "activation pending",
        &|u| u["activationStatus"] == 2,
    );
}

#[tokio::test]
async fn fields_trims_each_user() {
    let p = portal().await;
    let answer = p
        .get(
            "/api/2.0/people/filter?count=3&fields=id,displayName",
            &p.key(Role::Owner),
        )
        .await;
    for user in answer.expect(200).response().as_array().unwrap() {
        let mut keys: Vec<&String> = user.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["displayName", "id"]);
    }
}

#[tokio::test]
async fn who_may_list_and_what_they_see() {
    let p = portal().await;
    let admin = p.get("/api/2.0/people/filter", &p.key(Role::Admin)).await;
    assert!(
        admin
            .response()
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["status"] == 2),
        "admins see terminated users"
    );
    assert!(
        admin.response()[0].get("createdBy").is_some()
            || admin
                .response()
                .as_array()
                .unwrap()
                .iter()
                .any(|u| u.get("createdBy").is_some())
    );

    let room_admin_user = p.role_user(Role::RoomAdmin);
    let room = p
        .get("/api/2.0/people/filter", &p.key(Role::RoomAdmin))
        .await;
    let users = room.expect(200).response().as_array().unwrap().clone();
    assert!(
        users.iter().all(|u| u["status"] != 2),
        "room admins see no terminated users"
    );
    for guest in users.iter().filter(|u| u["isVisitor"] == true) {
        let id = guest["id"].as_str().unwrap();
        assert_eq!(
            p.user(id).unwrap().created_by.as_deref(),
            Some(room_admin_user.id.as_str()),
            "only related guests"
        );
    }
    assert!(
        users.iter().all(|u| u.get("createdBy").is_none()),
        "createdBy is for admins only"
    );

    for role in [Role::User, Role::Guest] {
        p.get("/api/2.0/people/filter", &p.key(role))
            .await
            .refused(403, "Access denied");
        p.get("/api/2.0/people", &p.key(role))
            .await
            .refused(403, "Access denied");
    }
}

#[tokio::test]
async fn get_people_lists_active_users_only() {
    let p = portal().await;
    let answer = p
        .get("/api/2.0/people?count=100", &p.key(Role::Owner))
        .await;
    let users = answer.expect(200).response().as_array().unwrap().clone();
    assert!(!users.is_empty() && users.iter().all(|u| u["status"] == 1));
    let active = p
        .sim
        .portal
        .lock()
        .unwrap()
        .users
        .iter()
        .filter(|u| u.status == EmployeeStatus::Active)
        .count();
    assert_eq!(answer.body["total"].as_u64(), Some(active as u64));
}

#[tokio::test]
async fn group_inviter_and_account_filters() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let (group_id, members): (String, Vec<String>) = {
        let portal = p.sim.portal.lock().unwrap();
        let group = &portal.groups[0];
        let members = portal
            .users
            .iter()
            .filter(|u| u.groups.contains(&0))
            .map(|u| u.id.clone())
            .collect();
        (group.id.clone(), members)
    };
    let ids = |a: &crate::harness::Answer| {
        let mut ids = a.ids();
        ids.sort();
        ids
    };
    let mut expected = members.clone();
    expected.sort();
    assert!(!expected.is_empty());
    let in_group = p
        .get(
            &format!("/api/2.0/people/filter?groupId={group_id}"),
            &owner,
        )
        .await;
    assert_eq!(ids(&in_group), expected);
    let outside = p
        .get(
            &format!("/api/2.0/people/filter?groupId={group_id}&excludeGroup=true"),
            &owner,
        )
        .await;
    assert_eq!(
        outside.body["total"].as_u64(),
        Some(60 - members.len() as u64)
    );
    assert!(outside.ids().iter().all(|id| !members.contains(id)));
    let alone = p
        .get("/api/2.0/people/filter?withoutGroup=true", &owner)
        .await;
    assert!(alone
        .ids()
        .iter()
        .all(|id| p.user(id).unwrap().groups.is_empty()));
    let unknown_group = p
        .get(
            "/api/2.0/people/filter?groupId=00000000-0000-4000-8000-00000000000a",
            &owner,
        )
        .await;
    assert_eq!(unknown_group.body["total"], 0);
    p.get("/api/2.0/people/filter?groupId=sales", &owner)
        .await
        .expect(400);

    let admin = p.role_user(Role::Admin);
    let mine = p
        .get(
            "/api/2.0/people/filter?invitedByMe=true",
            &p.key(Role::Admin),
        )
        .await;
    assert!(!mine.ids().is_empty());
    assert!(mine
        .ids()
        .iter()
        .all(|id| p.user(id).unwrap().created_by.as_deref() == Some(admin.id.as_str())));
    let by_inviter = p
        .get(
            &format!("/api/2.0/people/filter?inviterId={}", admin.id),
            &owner,
        )
        .await;
    // The same people; not in the same order, since equal first names have no tie-breaker.
    assert_eq!(ids(&by_inviter), ids(&mine));

    for (query, total) in [
        ("accountLoginType=SSO", Some(0)),
        ("accountLoginType=Standart", Some(60)),
        ("quotaFilter=Custom", Some(0)),
    ] {
        let answer = p
            .get(&format!("/api/2.0/people/filter?{query}"), &owner)
            .await;
        assert_eq!(answer.body["total"].as_u64(), total, "{query}");
    }
}

#[tokio::test]
async fn a_separator_makes_search_parts_alternatives() {
    let p = portal().await;
    let a = p.role_user(Role::User);
    let b = p.role_user(Role::Guest);
    let answer = p
        .get(
            &format!(
                "/api/2.0/people/filter?filterValue={},{}&filterSeparator=,",
                a.email, b.email
            ),
            &p.key(Role::Owner),
        )
        .await;
    let mut ids = answer.ids();
    ids.sort();
    let mut expected = vec![a.id, b.id];
    expected.sort();
    assert_eq!(ids, expected);
}

#[tokio::test]
async fn sort_by_department_counts_groups() {
    let p = portal().await;
    let answer = p
        .get(
            "/api/2.0/people/filter?sortBy=department",
            &p.key(Role::Owner),
        )
        .await;
    let counts: Vec<usize> = answer
        .ids()
        .iter()
        .map(|id| p.user(id).unwrap().groups.len())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
}
