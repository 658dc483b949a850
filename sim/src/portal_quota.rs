//! `GET /api/2.0/portal/quota` (`PortalController.GetPortalQuota`, `[AllowNotPayment]`): the
//! portal's plan as `TenantQuota`, its flags named in `features`. DocSpace admins only
//! (`EditPortalSettings`: 403 "Access denied"). A client reads `audit` here to know whether the
//! audit filter routes filter at all (without it they answer the last 20 events). The
//! simulated plans: a paid "subscription" (quota -6, with `audit` and `statistic`), or, with
//! `--no-audit-feature`, the cloud's free "startup" (-3: no `audit`).

use axum::extract::State;
use axum::http::HeaderMap;
use serde_json::json;

use crate::envelope::{success, RequestLink};
use crate::people::{lock, me, Reply};
use crate::rules::{is_admin, Refusal};
use crate::SharedPortal;

pub async fn portal_quota(
    State(shared): State<SharedPortal>,
    headers: HeaderMap,
    link: RequestLink,
) -> Reply {
    let portal = lock(&shared);
    let me = me(&portal, &headers)?;
    if !is_admin(&me) {
        return Err(Refusal::AccessDenied.into());
    }
    let audit = portal.has_audit_feature();
    let seats = portal
        .paid_seats()
        .and_then(|n| i32::try_from(n).ok())
        .unwrap_or(i32::MAX);
    let (id, name, features) = if audit {
        (-6, "subscription", format!("audit,ldap,sso,customization,restore,statistic,oauth,contentsearch,thirdparty,automationapi,total_size:107374182400,manager:{seats},room:2147483647"))
    } else {
        (
            -3,
            "startup",
            format!("free,oauth,total_size:2147483648,manager:{seats},room:12,automationapi"),
        )
    };
    let quota = json!({
        "tenantId": id,
        "name": name,
        "price": 0.0,
        "visible": true,
        "wallet": false,
        "features": features,
        "maxFileSize": 104_857_600_i64,
        "maxTotalSize": if audit { 107_374_182_400_i64 } else { 2_147_483_648_i64 },
        "countUser": i32::MAX,
        "countRoomAdmin": seats,
        "usersInRoom": i32::MAX,
        "countRoom": if audit { i32::MAX } else { 12 },
        "nonProfit": false,
        "trial": false,
        "free": !audit,
        "update": false,
        "audit": audit,
        "docsEdition": false,
        "ldap": audit,
        "sso": audit,
        "statistic": audit,
        "branding": false,
        "customization": audit,
        "lifetime": false,
        "automationApi": true,
        "custom": false,
        "restore": audit,
        "oauth": true,
        "contentSearch": audit,
        "thirdParty": audit,
        "year": false,
        "countFreeBackup": 0,
        "backup": false,
        "countAIAgent": 0,
        "aiTools": false,
    });
    Ok(success(&link, quota, None))
}
