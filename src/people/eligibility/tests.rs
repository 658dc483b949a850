//! The rights, for each caller: the owner, oneself, admins, room admins, users and guests.

use super::*;

fn person(id: &str, t: UserType, status: u8) -> Person {
    let json = serde_json::json!({
        "id": id, "displayName": id, "email": format!("{id}@example.com"), "status": status,
        "isOwner": t == UserType::Owner, "isAdmin": t == UserType::DocSpaceAdmin,
        "isRoomAdmin": t == UserType::RoomAdmin, "isCollaborator": t == UserType::User,
        "isVisitor": t == UserType::Guest,
    });
    serde_json::from_value(json).unwrap()
}

struct Cast {
    owner: Person,
    admin: Person,
    room_admin: Person,
    user: Person,
    guest: Person,
}

fn cast() -> Cast {
    Cast {
        owner: person("owner", UserType::Owner, 1),
        admin: person("admin", UserType::DocSpaceAdmin, 1),
        room_admin: person("room", UserType::RoomAdmin, 1),
        user: person("user", UserType::User, 1),
        guest: person("guest", UserType::Guest, 1),
    }
}

fn disabled(mut p: Person) -> Person {
    p.status = 2;
    p
}

#[test]
fn who_creates_which_types() {
    let c = cast();
    assert_eq!(
        creatable_types(&c.owner),
        [UserType::User, UserType::RoomAdmin, UserType::DocSpaceAdmin]
    );
    assert_eq!(
        creatable_types(&c.admin),
        [UserType::User, UserType::RoomAdmin]
    );
    assert_eq!(creatable_types(&c.room_admin), [UserType::User]);
    assert!(creatable_types(&c.user).is_empty() && creatable_types(&c.guest).is_empty());
}

#[test]
fn lowering_types() {
    let c = cast();
    assert_eq!(
        can_lower_type(&c.admin, &c.room_admin, UserType::User),
        Ok(())
    );
    assert!(
        can_lower_type(&c.admin, &c.user, UserType::User).is_err(),
        "not lower"
    );
    assert!(can_lower_type(
        &c.admin,
        &person("a2", UserType::DocSpaceAdmin, 1),
        UserType::User
    )
    .is_err());
    assert_eq!(
        can_lower_type(
            &c.owner,
            &person("a2", UserType::DocSpaceAdmin, 1),
            UserType::User
        ),
        Ok(())
    );
    assert!(can_lower_type(&c.room_admin, &c.room_admin, UserType::User).is_err());
    assert!(
        can_lower_type(
            &c.room_admin,
            &person("r2", UserType::RoomAdmin, 1),
            UserType::User
        )
        .is_err(),
        "admins only"
    );
    assert!(can_lower_type(&c.admin, &c.owner, UserType::User).is_err());
    assert!(can_lower_type(&c.admin, &disabled(c.room_admin.clone()), UserType::User).is_err());
}

#[test]
fn listing() {
    let c = cast();
    assert!(
        can_list(&c.owner).is_ok() && can_list(&c.admin).is_ok() && can_list(&c.room_admin).is_ok()
    );
    assert!(can_list(&c.user).is_err() && can_list(&c.guest).is_err());
}

#[test]
fn terminating_for_each_caller() {
    let c = cast();
    let other_admin = person("admin2", UserType::DocSpaceAdmin, 1);
    // Owner: anyone but themselves.
    for target in [&c.admin, &c.room_admin, &c.user, &c.guest] {
        assert_eq!(can_terminate(&c.owner, target), Ok(()), "{}", target.id);
    }
    assert!(can_terminate(&c.owner, &c.owner).is_err());
    // Admin: not the owner, not themselves, not other admins.
    assert!(can_terminate(&c.admin, &c.owner)
        .unwrap_err()
        .contains("owner"));
    assert!(can_terminate(&c.admin, &c.admin)
        .unwrap_err()
        .contains("your own"));
    assert!(can_terminate(&c.admin, &other_admin)
        .unwrap_err()
        .contains("owner can"));
    assert_eq!(can_terminate(&c.admin, &c.user), Ok(()));
    // Room admins, users and guests: nobody.
    for me in [&c.room_admin, &c.user, &c.guest] {
        assert!(can_terminate(me, &c.guest).is_err());
    }
    assert!(can_terminate(&c.owner, &disabled(c.user.clone()))
        .unwrap_err()
        .contains("already"));
}

#[test]
fn enabling() {
    let c = cast();
    assert_eq!(can_enable(&c.admin, &disabled(c.user.clone())), Ok(()));
    assert!(can_enable(&c.admin, &c.user).is_err(), "not disabled");
    assert!(can_enable(
        &c.admin,
        &disabled(person("a2", UserType::DocSpaceAdmin, 1))
    )
    .is_err());
    assert_eq!(
        can_enable(
            &c.owner,
            &disabled(person("a2", UserType::DocSpaceAdmin, 1))
        ),
        Ok(())
    );
    assert!(can_enable(&c.room_admin, &disabled(c.user.clone())).is_err());
}

#[test]
fn deleting_needs_a_disabled_account() {
    let c = cast();
    assert!(can_delete(&c.admin, &c.user)
        .unwrap_err()
        .contains("Disable the account first"));
    assert_eq!(can_delete(&c.admin, &disabled(c.user.clone())), Ok(()));
    assert_eq!(can_delete(&c.admin, &disabled(c.guest.clone())), Ok(()));
    assert!(can_delete(
        &c.admin,
        &disabled(person("a2", UserType::DocSpaceAdmin, 1))
    )
    .is_err());
    assert_eq!(
        can_delete(
            &c.owner,
            &disabled(person("a2", UserType::DocSpaceAdmin, 1))
        ),
        Ok(())
    );
    assert!(can_delete(&c.admin, &c.owner).is_err());
    for me in [&c.room_admin, &c.user, &c.guest] {
        assert!(can_delete(me, &disabled(c.user.clone())).is_err());
    }
}

#[test]
fn type_changes_follow_the_upgrade_paths() {
    let c = cast();
    assert_eq!(
        can_change_type(&c.owner, &c.user, UserType::DocSpaceAdmin),
        Ok(())
    );
    assert!(can_change_type(&c.admin, &c.user, UserType::DocSpaceAdmin).is_err());
    assert_eq!(
        can_change_type(&c.admin, &c.user, UserType::RoomAdmin),
        Ok(())
    );
    assert_eq!(can_change_type(&c.admin, &c.guest, UserType::User), Ok(()));
    assert_eq!(
        can_change_type(&c.room_admin, &c.guest, UserType::User),
        Ok(())
    );
    assert!(can_change_type(&c.room_admin, &c.user, UserType::RoomAdmin).is_err());
    assert!(can_change_type(&c.admin, &c.room_admin, UserType::User)
        .unwrap_err()
        .contains("Lowering"));
    assert!(can_change_type(&c.admin, &c.user, UserType::Guest).is_err());
    assert_eq!(
        can_change_type(&c.owner, &c.admin, UserType::RoomAdmin),
        Ok(())
    );
    assert!(can_change_type(
        &c.admin,
        &person("a2", UserType::DocSpaceAdmin, 1),
        UserType::RoomAdmin
    )
    .is_err());
    assert!(can_change_type(&c.admin, &c.owner, UserType::RoomAdmin)
        .unwrap_err()
        .contains("owner"));
    assert!(can_change_type(&c.admin, &c.admin, UserType::RoomAdmin)
        .unwrap_err()
        .contains("your own"));
    assert!(
        can_change_type(&c.admin, &disabled(c.guest.clone()), UserType::User)
            .unwrap_err()
            .contains("Enable")
    );
    for me in [&c.user, &c.guest] {
        assert!(can_change_type(me, &c.guest, UserType::User).is_err());
    }
}
