//! README §10 "Data to hand over": shared files and folders as well as rooms.
//! `reassign/necessary?type=User` checks rooms only, `type=Guest` shared files too
//! (`ReassignController.NecessaryReassign`); a reassignment moves both
//! (`ReassignProgressItem`); a type change moves rooms only (`UpdateUserTypeProgressItem`).

use std::time::{Duration, Instant};

use docspace_sim::model::{EmployeeStatus, EmployeeType};
use docspace_sim::Role;
use serde_json::json;

use crate::harness::{portal, Portal};

async fn necessary(p: &Portal, caller: Role, id: &str, kind: &str) -> crate::harness::Answer {
    p.get(
        &format!("/api/2.0/people/reassign/necessary?userId={id}&type={kind}"),
        &p.key(caller),
    )
    .await
}

async fn until_done(p: &Portal, progress: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = p.get(progress, &p.key(Role::Owner)).await;
        if answer.expect(200).response()["isCompleted"] == true {
            assert_eq!(answer.response()["status"], 2, "Completed");
            return;
        }
        assert!(Instant::now() < deadline, "the job did not complete");
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
}

#[tokio::test]
async fn the_seed_has_shared_files_without_rooms_and_with_them() {
    let p = portal().await;
    p.find(|u| u.shared_files > 0 && u.rooms_owned == 0);
    p.find(|u| u.shared_files > 0 && u.rooms_owned > 0);
    p.find(|u| u.shared_files == 0 && u.rooms_owned == 0 && u.status == EmployeeStatus::Active);
}

#[tokio::test]
async fn necessary_counts_shared_files_only_for_a_guest_to_be() {
    let p = portal().await;
    let sharer = p.find(|u| {
        u.shared_files > 0 && u.rooms_owned == 0 && u.employee_type == EmployeeType::User
    });
    let with_rooms = p.find(|u| u.rooms_owned > 0 && u.employee_type == EmployeeType::RoomAdmin);
    let neither = p.find(|u| {
        u.shared_files == 0 && u.rooms_owned == 0 && u.employee_type == EmployeeType::User
    });
    for (user, as_user, as_guest) in [
        (&sharer, false, true),
        (&with_rooms, true, true),
        (&neither, false, false),
    ] {
        for (kind, expected) in [("User", as_user), ("Guest", as_guest), ("2", as_guest)] {
            let answer = necessary(&p, Role::Owner, &user.id, kind).await;
            assert_eq!(
                answer.expect(200).response(),
                &json!(expected),
                "{kind} for shared {} rooms {}",
                user.shared_files,
                user.rooms_owned
            );
        }
    }
    // Room admins may ask about users and guests to be, but not about a DocSpace admin's data,
    // and not for other types.
    let answer = necessary(&p, Role::RoomAdmin, &sharer.id, "Guest").await;
    assert_eq!(answer.expect(200).response(), &json!(true));
    let admin = p.role_user(Role::Admin);
    necessary(&p, Role::RoomAdmin, &admin.id, "Guest")
        .await
        .refused(403, "Access denied");
    necessary(&p, Role::RoomAdmin, &sharer.id, "RoomAdmin")
        .await
        .refused(403, "Access denied");
    necessary(&p, Role::Admin, &admin.id, "User")
        .await
        .refused(403, "Access denied");
    necessary(&p, Role::User, &sharer.id, "Guest")
        .await
        .refused(403, "Access denied");
}

#[tokio::test]
async fn a_reassignment_hands_over_rooms_and_shared_files() {
    let p = portal().await;
    let leaver = p.find(|u| {
        u.shared_files > 0
            && u.rooms_owned > 0
            && u.employee_type == EmployeeType::RoomAdmin
            && u.status == EmployeeStatus::Active
    });
    let sharer = p.find(|u| {
        u.shared_files > 0
            && u.rooms_owned == 0
            && u.employee_type == EmployeeType::User
            && u.status == EmployeeStatus::Active
    });
    let heir = p.role_user(Role::RoomAdmin);
    p.terminate(&[&leaver.id, &sharer.id]).await;
    let owner = p.key(Role::Owner);
    p.post(
        "/api/2.0/people/reassign/start",
        &owner,
        json!({"fromUserId": leaver.id, "toUserId": heir.id}),
    )
    .await
    .expect(200);
    until_done(
        &p,
        &format!("/api/2.0/people/reassign/progress/{}", leaver.id),
    )
    .await;
    let after = p.user(&leaver.id).unwrap();
    assert_eq!((after.rooms_owned, after.shared_files), (0, 0));
    let got = p.user(&heir.id).unwrap();
    assert_eq!(
        (got.rooms_owned, got.shared_files),
        (
            heir.rooms_owned + leaver.rooms_owned,
            heir.shared_files + leaver.shared_files
        )
    );

    // Someone with shared files and no room: the files go, and the profile after them.
    p.post(
        "/api/2.0/people/reassign/start",
        &owner,
        json!({"fromUserId": sharer.id, "toUserId": heir.id, "deleteProfile": true}),
    )
    .await
    .expect(200);
    until_done(
        &p,
        &format!("/api/2.0/people/reassign/progress/{}", sharer.id),
    )
    .await;
    assert!(p.user(&sharer.id).is_none(), "deleted");
    assert_eq!(
        p.user(&heir.id).unwrap().shared_files,
        got.shared_files + sharer.shared_files
    );
}

#[tokio::test]
async fn a_type_change_hands_over_rooms_but_not_shared_files() {
    let p = portal().await;
    let admin = p.key(Role::Admin);
    let leaver = p.find(|u| {
        u.shared_files > 0
            && u.rooms_owned > 0
            && u.employee_type == EmployeeType::RoomAdmin
            && u.status == EmployeeStatus::Active
    });
    let heir = p.role_user(Role::RoomAdmin);
    p.post(
        "/api/2.0/people/type",
        &admin,
        json!({"type": "User", "userId": leaver.id, "reassignUserId": heir.id}),
    )
    .await
    .expect(200);
    until_done(&p, &format!("/api/2.0/people/type/progress/{}", leaver.id)).await;
    let after = p.user(&leaver.id).unwrap();
    assert_eq!(
        (after.employee_type, after.rooms_owned, after.shared_files),
        (EmployeeType::User, 0, leaver.shared_files)
    );
    let got = p.user(&heir.id).unwrap();
    assert_eq!(
        (got.rooms_owned, got.shared_files),
        (heir.rooms_owned + leaver.rooms_owned, heir.shared_files)
    );
}
