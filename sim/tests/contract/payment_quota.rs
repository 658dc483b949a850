//! `GET /portal/payment/quota`'s paid-seat feature (`manager`): the plan's seats (-1 when
//! unlimited) and those used (active and pending admins and room admins, the owner included),
//! the used count only for callers above User; a guest refused.

use docspace_sim::Role;
use serde_json::{json, Value};

use crate::harness::portal;

fn manager(quota: &Value) -> Value {
    quota["features"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["id"] == "manager"))
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn the_paid_seats_are_the_plans_and_those_used_are_counted_as_the_server_counts_them() {
    let p = portal().await;
    let path = "/api/2.0/portal/payment/quota";
    let owner = p.key(Role::Owner);
    let unlimited = manager(p.get(path, &owner).await.expect(200).response());
    let used = p.sim.portal.lock().unwrap().paid_in_use();
    assert_eq!(unlimited["value"], json!(-1), "{unlimited}");
    assert_eq!(unlimited["used"]["value"], json!(used));
    p.sim.portal.lock().unwrap().set_paid_seats(Some(used + 4));
    // A pending room admin takes a seat; a disabled one gives it back.
    p.post(
        "/api/2.0/people/invite",
        &owner,
        json!({ "invitations": [{ "email": "ra@example.com", "type": "RoomAdmin" }] }),
    )
    .await
    .expect(200);
    let seats = manager(
        p.get(path, &p.key(Role::RoomAdmin))
            .await
            .expect(200)
            .response(),
    );
    assert_eq!(
        (seats["value"].clone(), seats["used"]["value"].clone()),
        (json!(used + 4), json!(used + 1))
    );
    let plain = manager(p.get(path, &p.key(Role::User)).await.expect(200).response());
    assert_eq!(plain["value"], json!(used + 4));
    assert!(plain["used"].get("value").is_none(), "{plain}");
    p.get(path, &p.key(Role::Guest))
        .await
        .refused(403, "Access denied");
}
