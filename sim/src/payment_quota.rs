//! `GET /api/2.0/portal/payment/quota` (`PaymentController.GetQuotaPaymentInformation`,
//! `web/ASC.Web.Api/Api/PaymentsController.cs`; the controller is `[AllowNotPayment]`): the
//! portal's plan as `QuotaDto`, its features built by `QuotaHelper.GetFeatures`. What the panel
//! reads is the paid-seat feature, `manager` (`CountPaidUserFeature`): `value` the seats the plan
//! allows (`-1` when unlimited, as on a self-hosted portal: `int.MaxValue` is sent as -1) and
//! `used.value` the owner, DocSpace admins and room admins who are active or pending
//! (`CountPaidUserStatistic`), given only to a caller who is neither a User nor a Guest. Guests
//! get 403. The simulated plan's other features are the ones every caller sees, unlimited.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{json, Value};

use crate::envelope::{success, RequestLink};
use crate::model::EmployeeType;
use crate::people::{lock, me};
use crate::rules::Refusal;
use crate::SharedPortal;

/// `GET /portal/payment/quota`.
pub async fn payment_quota(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
) -> Result<Response, Response> {
    let portal = lock(&shared);
    let me = me(&portal, &headers)?;
    if me.employee_type == EmployeeType::Guest {
        return Err(Refusal::AccessDenied.into());
    }
    let sees_used = !matches!(me.employee_type, EmployeeType::User | EmployeeType::Guest);
    let used = |value: Value, title: &str| {
        if sees_used {
            json!({ "value": value, "title": title })
        } else {
            json!({ "title": title })
        }
    };
    let seats = portal
        .paid_seats()
        .and_then(|n| i64::try_from(n).ok())
        .unwrap_or(-1);
    let features = json!([
        { "id": "users", "title": "", "value": -1, "type": "count" },
        {
            "id": "manager", "title": "", "value": seats, "type": "count",
            "used": used(json!(portal.paid_in_use()), "Admins added:"),
            "priceTitle": "Number of admins",
        },
        { "id": "room", "title": "", "value": -1, "type": "count" },
        {
            "id": "total_size", "title": "", "value": -1, "type": "size",
            "used": { "value": 0, "title": "Storage space used:" },
        },
    ]);
    let quota = json!({
        "id": -1,
        "title": "",
        "price": { "value": 0.0, "currencySymbol": "$", "isoCurrencySymbol": "USD" },
        "nonProfit": false,
        "free": false,
        "trial": false,
        "features": features,
    });
    Ok(success(&link, quota, None))
}
