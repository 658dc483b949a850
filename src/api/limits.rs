//! What the portal leaves for new people: invitation emails under its invitation limit
//! (`invitationLimit` in `GET /settings`, `more-endpoints.md` 2.5) and paid seats.

use serde::Deserialize;

use super::call::Call;
use super::error::ApiError;
use super::transport::PortalClient;

/// `GET /settings`: the portal's settings; a signed-in caller's include `invitationLimit`.
pub fn settings() -> Call {
    Call::get("/api/2.0/settings")
}

/// `int.MaxValue`: the portal's way of saying it has no invitation limit.
pub const NO_INVITATION_LIMIT: i64 = 2_147_483_647;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Settings {
    #[serde(default)]
    invitation_limit: Option<i64>,
}

/// Invitation emails left, from `invitationLimit`: `None` when the portal has no limit or
/// does not say.
pub fn invitations_left(limit: Option<i64>) -> Option<usize> {
    limit
        .filter(|n| *n < NO_INVITATION_LIMIT)
        .map(|n| usize::try_from(n).unwrap_or(0))
}

/// `GET /portal/payment/quota`: the portal's plan, its features with what each allows and uses.
pub fn payment_quota() -> Call {
    Call::get("/api/2.0/portal/payment/quota")
}

/// The plan's feature of paid seats: DocSpace admins and room admins, the owner included.
const SEATS: &str = "manager";

#[derive(Deserialize)]
struct Quota {
    #[serde(default)]
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    value: Option<serde_json::Value>,
    #[serde(default)]
    used: Option<Used>,
}

#[derive(Deserialize)]
struct Used {
    #[serde(default)]
    value: Option<serde_json::Value>,
}

/// Paid seats left by the plan: `None` when it does not limit them or does not say.
fn seats_left(quota: &Quota) -> Option<usize> {
    let seats = quota
        .features
        .iter()
        .find(|f| f.id.as_deref() == Some(SEATS))?;
    let max = seats.value.as_ref()?.as_i64()?;
    let used = seats.used.as_ref()?.value.as_ref()?.as_i64()?;
    (0..i64::from(i32::MAX))
        .contains(&max)
        .then(|| usize::try_from(max - used).unwrap_or(0))
}

impl PortalClient {
    /// Paid seats the portal's plan leaves, when it limits them and tells this caller.
    pub async fn seats_left(&self) -> Result<Option<usize>, ApiError> {
        match self.send::<Quota>(&payment_quota()).await {
            Ok(quota) => Ok(seats_left(&quota)),
            // Not this caller's to read: the portal still refuses a seat it lacks.
            Err(ApiError::Forbidden(_) | ApiError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// How many more invitation emails the portal may send now, when it limits them.
    pub async fn invitations_left(&self) -> Result<Option<usize>, ApiError> {
        let settings: Settings = self.send(&settings()).await?;
        Ok(invitations_left(settings.invitation_limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invitation_limit_is_read_as_the_portal_writes_it() {
        assert_eq!(invitations_left(Some(NO_INVITATION_LIMIT)), None);
        assert_eq!(invitations_left(None), None);
        assert_eq!(invitations_left(Some(12)), Some(12));
        assert_eq!(invitations_left(Some(0)), Some(0));
        assert_eq!(settings().path_and_query(), "/api/2.0/settings");
    }

    #[test]
    fn the_paid_seats_left_are_the_plans_managers_less_those_used() {
        let quota = |features: serde_json::Value| -> Quota {
            serde_json::from_value(serde_json::json!({ "features": features })).unwrap()
        };
        let seats = |max: serde_json::Value, used: i64| {
            quota(serde_json::json!([
                { "id": "total_size", "value": 1_073_741_824, "used": { "value": 5 } },
                { "id": "manager", "value": max, "used": { "value": used } },
            ]))
        };
        assert_eq!(seats_left(&seats(serde_json::json!(3), 1)), Some(2));
        assert_eq!(seats_left(&seats(serde_json::json!(3), 5)), Some(0));
        assert_eq!(seats_left(&seats(serde_json::json!(i32::MAX), 1)), None);
        assert_eq!(seats_left(&seats(serde_json::json!(-1), 1)), None);
        assert_eq!(seats_left(&quota(serde_json::json!([]))), None);
        assert_eq!(
            payment_quota().path_and_query(),
            "/api/2.0/portal/payment/quota"
        );
    }
}
