//! Reference §3.11: moving a leaver's rooms, then optionally deleting them.

use std::time::{Duration, Instant};

use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::Role;
use serde_json::json;

use crate::harness::{portal, Portal};

/// Polls the job's progress until it completes (bounded), returning every percentage seen.
async fn until_complete(p: &Portal, from: &str) -> Vec<i64> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    loop {
        let progress = p
            .get(
                &format!("/api/2.0/people/reassign/progress/{from}"),
                &p.key(Role::Owner),
            )
            .await;
        progress.expect(200);
        seen.push(progress.response()["percentage"].as_i64().unwrap());
        if progress.response()["isCompleted"] == true {
            assert_eq!(progress.response()["status"], 2, "Completed");
            return seen;
        }
        assert!(
            Instant::now() < deadline,
            "reassignment did not complete: {seen:?}"
        );
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
}

#[tokio::test]
async fn necessary_when_the_user_owns_rooms() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let with_rooms = p.find(|u| u.rooms_owned > 0);
    let without = p.find(|u| u.rooms_owned == 0);
    let yes = p
        .get(
            &format!(
                "/api/2.0/people/reassign/necessary?userId={}&type=User",
                with_rooms.id
            ),
            &owner,
        )
        .await;
    assert_eq!(yes.expect(200).response(), &json!(true));
    let no = p
        .get(
            &format!(
                "/api/2.0/people/reassign/necessary?userId={}&type=4",
                without.id
            ),
            &owner,
        )
        .await;
    assert_eq!(no.expect(200).response(), &json!(false));
    p.get("/api/2.0/people/reassign/necessary?userId=nope", &owner)
        .await
        .expect(400);
}

/// `NecessaryReassign` demands `AddRemoveUser` for the type asked about: room admins have it
/// for users and guests (`Security.cs`); a DocSpace admin's data only the owner may ask about.
#[tokio::test]
async fn who_may_ask_whether_data_must_be_handed_over() {
    let p = portal().await;
    let user =
        p.find(|u| u.employee_type == EmployeeType::User && u.status == EmployeeStatus::Active);
    let admin = p.role_user(Role::Admin);
    let ask =
        |id: &str, t: &str| format!("/api/2.0/people/reassign/necessary?userId={id}&type={t}");
    let room_admin = p.key(Role::RoomAdmin);
    p.get(&ask(&user.id, "User"), &room_admin).await.expect(200);
    p.get(&ask(&user.id, "Guest"), &room_admin)
        .await
        .expect(200);
    p.get(&ask(&user.id, "RoomAdmin"), &room_admin)
        .await
        .expect(403);
    p.get(&ask(&user.id, "User"), &p.key(Role::User))
        .await
        .expect(403);
    p.get(&ask(&user.id, "User"), &p.key(Role::Guest))
        .await
        .expect(403);
    // A DocSpace admin's data: the owner only.
    p.get(&ask(&admin.id, "User"), &p.key(Role::Admin))
        .await
        .expect(403);
    p.get(&ask(&admin.id, "User"), &p.key(Role::Owner))
        .await
        .expect(200);
}

#[tokio::test]
async fn reassign_advances_moves_rooms_and_deletes_the_profile() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let leaver = p.find(|u| {
        u.rooms_owned > 0
            && u.status == EmployeeStatus::Active
            && u.employee_type != EmployeeType::DocSpaceAdmin
    });
    let heir = p.role_user(Role::RoomAdmin);
    p.terminate(&[&leaver.id]).await;
    let idle = p
        .get(
            &format!("/api/2.0/people/reassign/progress/{}", leaver.id),
            &owner,
        )
        .await;
    assert!(
        idle.expect(200).body.get("response").is_none(),
        "no job: no response"
    );
    let started = p
        .post(
            "/api/2.0/people/reassign/start",
            &owner,
            json!({"fromUserId": leaver.id, "toUserId": heir.id, "deleteProfile": true}),
        )
        .await;
    started.expect(200);
    assert_eq!(
        started.response()["id"],
        format!("1_{}_ReassignProgressItem", leaver.id).as_str()
    );
    assert_eq!(started.response()["isCompleted"], false);
    // While it runs, the profile cannot be deleted: the portal's plain exception, a 500.
    let blocked = p
        .delete(&format!("/api/2.0/people/{}", leaver.id), &owner)
        .await;
    blocked.refused(
        500,
        &format!(
            "Data reassign process for {} is not complete.",
            leaver.display_name()
        ),
    );

    let seen = until_complete(&p, &leaver.id).await;
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "progress only grows: {seen:?}"
    );
    assert_eq!(seen.last(), Some(&100));
    assert_eq!(
        p.user(&heir.id).unwrap().rooms_owned,
        heir.rooms_owned + leaver.rooms_owned
    );
    p.get(&format!("/api/2.0/people/{}", leaver.id), &owner)
        .await
        .refused(404, "The user could not be found");
}

#[tokio::test]
async fn terminate_cancels_a_running_job() {
    let mut spec = docspace_sim::PortalSpec::new(60, 11);
    spec.reassign_duration = Duration::from_secs(60);
    let p = crate::harness::portal_with(spec, Default::default()).await;
    let owner = p.key(Role::Owner);
    let leaver =
        p.find(|u| u.status == EmployeeStatus::Active && u.employee_type == EmployeeType::User);
    p.terminate(&[&leaver.id]).await;
    let body = json!({"fromUserId": leaver.id, "toUserId": p.role_user(Role::Owner).id, "deleteProfile": true});
    let first = p
        .post("/api/2.0/people/reassign/start", &owner, body.clone())
        .await;
    let again = p.post("/api/2.0/people/reassign/start", &owner, body).await;
    assert_eq!(
        first.response()["id"],
        again.response()["id"],
        "starting again answers with the running job"
    );
    let canceled = p
        .put(
            "/api/2.0/people/reassign/terminate",
            &owner,
            json!({"userId": leaver.id}),
        )
        .await;
    canceled.expect(200);
    assert_eq!(
        (
            canceled.response()["status"].as_i64(),
            canceled.response()["isCompleted"].as_bool()
        ),
        (Some(3), Some(true))
    );
    let later = p
        .get(
            &format!("/api/2.0/people/reassign/progress/{}", leaver.id),
            &owner,
        )
        .await;
    later.expect(200);
    assert!(
        later.body.get("response").is_none(),
        "a canceled job is dequeued at once (QueueWorker.Terminate): {}",
        later.raw
    );
    assert!(p.user(&leaver.id).is_some(), "not deleted");
    p.delete(&format!("/api/2.0/people/{}", leaver.id), &owner)
        .await
        .expect(200);
}

#[tokio::test]
async fn reassign_refusals() {
    let p = portal().await;
    let owner = p.key(Role::Owner);
    let admin = p.key(Role::Admin);
    let active =
        p.find(|u| u.status == EmployeeStatus::Active && u.employee_type == EmployeeType::User);
    let gone = p.find(|u| {
        u.status == EmployeeStatus::Terminated && u.employee_type != EmployeeType::DocSpaceAdmin
    });
    let heir = p.role_user(Role::RoomAdmin).id;
    let start = |from: &str, to: &str| json!({"fromUserId": from, "toUserId": to});
    p.post(
        "/api/2.0/people/reassign/start",
        &owner,
        start(&active.id, &heir),
    )
    .await
    .refused(
        400,
        &format!("Can not reassign data from user with id = {}", active.id),
    );
    let plain_user = p.role_user(Role::User).id;
    p.post(
        "/api/2.0/people/reassign/start",
        &owner,
        start(&gone.id, &plain_user),
    )
    .await
    .refused(
        400,
        &format!("Can not reassign data to user with id = {plain_user}"),
    );
    let me = p.role_user(Role::Admin).id;
    p.post("/api/2.0/people/reassign/start", &admin, start(&me, &heir))
        .await
        .refused(
            400,
            &format!("Can not reassign data from user with id = {me}"),
        );
    p.post(
        "/api/2.0/people/reassign/start",
        &p.key(Role::RoomAdmin),
        start(&gone.id, &heir),
    )
    .await
    .refused(403, "Access denied");
    let missing = p
        .post(
            "/api/2.0/people/reassign/start",
            &owner,
            json!({"toUserId": heir}),
        )
        .await;
    assert_eq!(missing.expect(400).validation_fields(), ["FromUserId"]);
}

#[tokio::test]
async fn lowering_a_type_moves_rooms_first_then_changes_the_type() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let leaver = p
        .find(|u| u.employee_type == EmployeeType::RoomAdmin && u.status == EmployeeStatus::Active);
    let heir = p.role_user(Role::RoomAdmin);
    p.sim
        .portal
        .lock()
        .unwrap()
        .user_mut(&leaver.id)
        .unwrap()
        .rooms_owned = 4;
    let started = p
        .post(
            "/api/2.0/people/type",
            &admin,
            json!({"type": "User", "userId": leaver.id, "reassignUserId": heir.id}),
        )
        .await;
    started.expect(200);
    assert_eq!(
        started.response()["id"],
        format!("1_{}_UpdateUserTypeProgressItem", leaver.id).as_str()
    );
    assert_eq!(
        p.user(&leaver.id).unwrap().employee_type,
        EmployeeType::RoomAdmin,
        "not before it completes"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let progress = p
            .get(
                &format!("/api/2.0/people/type/progress/{}", leaver.id),
                &admin,
            )
            .await;
        if progress.expect(200).response()["isCompleted"] == true {
            assert_eq!(progress.response()["status"], 2);
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the type change did not complete"
        );
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    let after = p.user(&leaver.id).unwrap();
    assert_eq!(
        (after.employee_type, after.rooms_owned),
        (EmployeeType::User, 0)
    );
    assert_eq!(p.user(&heir.id).unwrap().rooms_owned, heir.rooms_owned + 4);
}

#[tokio::test]
async fn lowering_a_type_refusals_and_cancel() {
    let mut spec = docspace_sim::PortalSpec::new(60, 11);
    spec.reassign_duration = Duration::from_secs(60);
    let p = crate::harness::portal_with(spec, Default::default()).await;
    let owner = p.key(Role::Owner);
    let admin = p.key(Role::Admin);
    let room_admin = p.role_user(Role::RoomAdmin);
    let body = |to: &str, id: &str| json!({"type": to, "userId": id});
    p.post(
        "/api/2.0/people/type",
        &admin,
        body("RoomAdmin", &room_admin.id),
    )
    .await
    .refused(400, "Can not update to \"RoomAdmin\"");
    let me = p.role_user(Role::Admin).id;
    p.post("/api/2.0/people/type", &admin, body("User", &me))
        .await
        .refused(403, "Access denied");
    p.post("/api/2.0/people/type", &owner, body("User", &me))
        .await
        .expect(200);
    let gone = p.find(|u| {
        u.status == EmployeeStatus::Terminated && u.employee_type == EmployeeType::RoomAdmin
    });
    p.post("/api/2.0/people/type", &admin, body("User", &gone.id))
        .await
        .refused(
            400,
            &format!("Can not update type of user with id = {}", gone.id),
        );
    let plain = p.role_user(Role::User).id;
    p.post(
        "/api/2.0/people/type",
        &admin,
        json!({"type": "User", "userId": room_admin.id, "reassignUserId": plain}),
    )
    .await
    .refused(
        400,
        &format!("Can not reassign data to user with id = {plain}"),
    );
    for role in [Role::RoomAdmin, Role::User] {
        p.post("/api/2.0/people/type", &p.key(role), body("Guest", &plain))
            .await
            .refused(403, "Access denied");
    }
    p.post("/api/2.0/people/type", &admin, body("User", &room_admin.id))
        .await
        .expect(200);
    let canceled = p
        .put(
            "/api/2.0/people/type/terminate",
            &admin,
            json!({"userId": room_admin.id}),
        )
        .await;
    assert_eq!(canceled.expect(200).response()["status"], 3);
    let later = p
        .get(
            &format!("/api/2.0/people/type/progress/{}", room_admin.id),
            &admin,
        )
        .await;
    assert!(
        later.expect(200).body.get("response").is_none(),
        "forgotten at once: {}",
        later.raw
    );
    assert_eq!(
        p.user(&room_admin.id).unwrap().employee_type,
        EmployeeType::RoomAdmin,
        "unchanged"
    );
}

/// Issue 16: the server's queues forget a finished task 60 s after its last update
/// (`DefaultDistributedTaskQueueFactory`, `DistributedTaskQueue`'s cleaner); then the progress
/// routes answer with no `response`, for a reassignment as for a type change.
#[tokio::test]
async fn finished_tasks_are_forgotten_after_their_time_to_live() {
    let mut spec = docspace_sim::PortalSpec::new(60, 11);
    spec.reassign_duration = Duration::from_millis(100);
    spec.task_ttl = Duration::from_millis(600);
    let p = crate::harness::portal_with(spec, Default::default()).await;
    let owner = p.key(Role::Owner);
    let leaver =
        p.find(|u| u.status == EmployeeStatus::Active && u.employee_type == EmployeeType::User);
    p.terminate(&[&leaver.id]).await;
    let body = json!({"fromUserId": leaver.id, "toUserId": p.role_user(Role::Owner).id});
    p.post("/api/2.0/people/reassign/start", &owner, body)
        .await
        .expect(200);
    until_complete(&p, &leaver.id).await;
    let progress_of = |id: &str| format!("/api/2.0/people/reassign/progress/{id}");
    // Still readable right after it completed.
    let done = p.get(&progress_of(&leaver.id), &owner).await;
    assert_eq!(done.expect(200).response()["status"], 2, "{}", done.raw);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let later = p.get(&progress_of(&leaver.id), &owner).await;
        later.expect(200);
        if later.body.get("response").is_none() {
            break;
        }
        assert_eq!(later.response()["status"], 2, "{}", later.raw);
        assert!(Instant::now() < deadline, "never forgotten: {}", later.raw);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A type change's task is forgotten the same way.
    let admin = p.key(Role::Admin);
    let room_admin = p
        .find(|u| u.status == EmployeeStatus::Active && u.employee_type == EmployeeType::RoomAdmin);
    p.post(
        "/api/2.0/people/type",
        &admin,
        json!({"userId": room_admin.id, "type": "User", "reassignUserId": p.role_user(Role::Owner).id}),
    )
    .await
    .expect(200);
    let type_progress = format!("/api/2.0/people/type/progress/{}", room_admin.id);
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut completed = false;
    loop {
        let later = p.get(&type_progress, &admin).await;
        later.expect(200);
        match later.body.get("response") {
            Some(r) if r["status"] == 2 => completed = true,
            Some(_) => {}
            None => break,
        }
        assert!(Instant::now() < deadline, "never forgotten: {}", later.raw);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(completed, "it completed before it was forgotten");
    assert_eq!(
        p.user(&room_admin.id).unwrap().employee_type,
        EmployeeType::User
    );
}
