use serde_json::json;

use super::*;
use crate::api::{Group, Person, UserType};

const ADMIN_ADDS: [UserType; 2] = [UserType::User, UserType::RoomAdmin];
const OWNER_ADDS: [UserType; 3] = [UserType::User, UserType::RoomAdmin, UserType::DocSpaceAdmin];

fn person(id: &str, email: &str, flags: serde_json::Value) -> Person {
    let mut value = json!({"id": id, "email": email, "firstName": "Ann", "lastName": "Lee",
        "displayName": "Ann Lee", "status": 1});
    for (k, v) in flags.as_object().unwrap() {
        value[k] = v.clone();
    }
    serde_json::from_value(value).unwrap()
}

fn group(id: &str, name: &str) -> Group {
    serde_json::from_value(json!({"id": id, "name": name})).unwrap()
}

fn admin() -> Person {
    person("me", "me@example.com", json!({"isAdmin": true}))
}

mod diff;
mod read;
