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
    let other_admin = disabled(person("a2", UserType::DocSpaceAdmin, 1));
    assert!(can_enable(&c.admin, &other_admin).is_err());
    assert_eq!(can_enable(&c.owner, &other_admin), Ok(()));
    assert!(can_enable(&c.room_admin, &disabled(c.user.clone())).is_err());
    // The owner is never disabled: the reason says so, not that they "cannot be disabled".
    for me in [&c.owner, &c.admin] {
        let why = can_enable(me, &c.owner).unwrap_err();
        assert!(why.contains("nothing to enable"), "{why}");
    }
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

fn ldap(mut p: Person) -> Person {
    p.is_ldap = true;
    p
}

#[test]
fn the_wizard_and_bulk_offboarding_per_role() {
    let c = cast();
    for me in [&c.owner, &c.admin] {
        assert_eq!(can_offboard_one(me), Ok(()), "{}", me.id);
        assert_eq!(can_offboard_many(me), Ok(()), "{}", me.id);
    }
    for (me, role) in [
        (&c.room_admin, "Room admins"),
        (&c.user, "Users"),
        (&c.guest, "Guests"),
    ] {
        let why = format!("{role} cannot disable or delete accounts on DocSpace: only the owner and DocSpace admins can.");
        assert_eq!(can_offboard_one(me), Err(why.as_str()));
        assert_eq!(can_offboard_many(me), Err(why.as_str()));
    }
}

#[test]
fn the_steps_each_role_may_take() {
    let c = cast();
    let allowed = |me: &Person| {
        offboard_steps(me)
            .into_iter()
            .filter(|(_, v)| v.is_ok())
            .map(|(s, _)| s)
            .collect::<Vec<_>>()
    };
    assert_eq!(allowed(&c.owner), OffboardStep::ALL);
    assert_eq!(allowed(&c.admin), OffboardStep::ALL);
    // A room admin may create a user and read it back (reassign/necessary for the User type
    // is AddRemoveUser, which Security.cs gives them), and nothing after.
    assert_eq!(
        allowed(&c.room_admin),
        [OffboardStep::Create, OffboardStep::Verify]
    );
    assert_eq!(
        can_take_step(&c.room_admin, OffboardStep::Disable),
        Err("Room admins cannot disable or enable accounts on DocSpace: only the owner and DocSpace admins can.")
    );
    assert_eq!(
        can_take_step(&c.room_admin, OffboardStep::HandOver),
        Err("Room admins cannot hand over someone's rooms on DocSpace: only the owner and DocSpace admins can.")
    );
    assert_eq!(
        can_take_step(&c.room_admin, OffboardStep::Delete),
        Err("Room admins cannot delete accounts on DocSpace: only the owner and DocSpace admins can.")
    );
    for me in [&c.user, &c.guest] {
        assert!(allowed(me).is_empty(), "{}", me.id);
    }
    assert_eq!(
        can_take_step(&c.user, OffboardStep::Create),
        Err("Users cannot create accounts on DocSpace: only the owner, DocSpace admins and room admins can.")
    );
    assert_eq!(
        can_take_step(&c.guest, OffboardStep::Verify),
        Err("Guests cannot read other people's accounts on DocSpace: only the owner, DocSpace admins and room admins can.")
    );
}

#[test]
fn offboarding_one_person() {
    let c = cast();
    let other_admin = person("admin2", UserType::DocSpaceAdmin, 1);
    for target in [&c.room_admin, &c.user, &c.guest, &other_admin] {
        assert_eq!(can_offboard(&c.owner, target), Ok(()), "{}", target.id);
    }
    for target in [&c.room_admin, &c.user, &c.guest] {
        assert_eq!(can_offboard(&c.admin, target), Ok(()), "{}", target.id);
    }
    // Disabled already: disabling again changes nothing, so the wizard can go on.
    assert_eq!(can_offboard(&c.admin, &disabled(c.user.clone())), Ok(()));
    // reassign/necessary, the status change and the deletion all refuse these.
    assert_eq!(
        can_offboard(&c.admin, &other_admin),
        Err("Only the portal owner can offboard a DocSpace admin.")
    );
    assert!(can_offboard(&c.admin, &c.owner)
        .unwrap_err()
        .contains("owner's account"));
    assert!(can_offboard(&c.owner, &c.owner).is_err());
    assert!(can_offboard(&c.admin, &c.admin)
        .unwrap_err()
        .contains("your own"));
    assert!(can_offboard(&c.owner, &ldap(c.user.clone()))
        .unwrap_err()
        .contains("LDAP"));
    for me in [&c.room_admin, &c.user, &c.guest] {
        assert_eq!(can_offboard(me, &c.user), can_offboard_one(me), "{}", me.id);
        assert!(can_offboard(me, &c.user).is_err());
    }
}

#[test]
fn what_each_role_may_do_to_anyone() {
    let c = cast();
    for me in [&c.owner, &c.admin] {
        assert_eq!(can_change_status_at_all(me), Ok(()));
        assert_eq!(can_delete_at_all(me), Ok(()));
        assert_eq!(can_lower_types_at_all(me), Ok(()));
        assert_eq!(can_make_type_at_all(me, UserType::User), Ok(()));
        assert_eq!(can_make_type_at_all(me, UserType::RoomAdmin), Ok(()));
    }
    assert_eq!(
        can_make_type_at_all(&c.owner, UserType::DocSpaceAdmin),
        Ok(())
    );
    assert_eq!(
        can_make_type_at_all(&c.admin, UserType::DocSpaceAdmin),
        Err(
            "DocSpace admins cannot make someone a DocSpace admin on DocSpace: only the owner can."
        )
    );
    // Room admins: a guest may become a user, nothing else.
    let r = &c.room_admin;
    assert_eq!(can_make_type_at_all(r, UserType::User), Ok(()));
    assert!(can_make_type_at_all(r, UserType::RoomAdmin)
        .unwrap_err()
        .starts_with("Room admins cannot make someone a room admin"));
    assert!(can_make_type_at_all(r, UserType::DocSpaceAdmin).is_err());
    assert!(can_change_status_at_all(r)
        .unwrap_err()
        .starts_with("Room admins cannot disable or enable"));
    assert!(can_delete_at_all(r)
        .unwrap_err()
        .starts_with("Room admins cannot delete"));
    assert!(can_lower_types_at_all(r)
        .unwrap_err()
        .starts_with("Room admins cannot lower"));
    for me in [&c.user, &c.guest] {
        assert!(can_change_status_at_all(me).is_err());
        assert!(can_delete_at_all(me).is_err());
        assert!(can_lower_types_at_all(me).is_err());
        for to in [UserType::User, UserType::RoomAdmin, UserType::DocSpaceAdmin] {
            assert!(can_make_type_at_all(me, to).is_err(), "{} {to:?}", me.id);
        }
    }
    assert!(can_make_type_at_all(&c.user, UserType::User)
        .unwrap_err()
        .starts_with("Users cannot change types"));
}

#[test]
fn a_target_verdict_starts_with_the_role_verdict() {
    let c = cast();
    let gone = disabled(c.user.clone());
    for me in [&c.room_admin, &c.user, &c.guest] {
        assert_eq!(can_terminate(me, &c.user), can_change_status_at_all(me));
        assert_eq!(can_enable(me, &gone), can_change_status_at_all(me));
        assert_eq!(can_delete(me, &gone), can_delete_at_all(me));
        assert_eq!(
            can_lower_type(me, &c.room_admin, UserType::User),
            can_lower_types_at_all(me)
        );
        assert_eq!(
            can_change_type(me, &c.user, UserType::RoomAdmin),
            can_make_type_at_all(me, UserType::RoomAdmin)
        );
    }
}

#[test]
fn an_ldap_account_is_neither_disabled_nor_deleted() {
    let c = cast();
    let managed = ldap(disabled(c.user.clone()));
    assert!(can_delete(&c.owner, &managed).unwrap_err().contains("LDAP"));
    assert!(can_enable(&c.owner, &managed).unwrap_err().contains("LDAP"));
    assert!(can_terminate(&c.owner, &ldap(c.user.clone()))
        .unwrap_err()
        .contains("LDAP"));
}
