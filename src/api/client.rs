//! One `async fn` per portal endpoint. The only code that knows URLs and headers.

use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use std::sync::{Arc, Mutex};

use serde::Deserialize;

use super::envelope::{decode, Envelope};
use super::error::ApiError;
use super::types::{NewPerson, Person, TaskProgress, UserType};
use crate::lifecycle::receipt::RequestRecord;
use crate::people::query::ListQuery;

/// The portal's largest page.
pub const PAGE_SIZE: u8 = 100;

/// A page of a list endpoint: the items and the total number of matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// A portal and the credential to call it with.
#[derive(Debug, Clone, PartialEq)]
pub struct PortalClient {
    portal: String,
    token: String,
    log: Option<RequestLog>,
    /// The sign-in this client belongs to (see [`stop_every_client`]).
    epoch: u64,
}

thread_local! {
    /// Bumped at sign-out: clients made before it send nothing more.
    static EPOCH: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// Requests sent and not yet answered, by any client.
    static IN_FLIGHT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Signing out: every client made so far stops sending (a job's next request is refused here
/// with [`ApiError::SignedOut`], never reaching the portal); requests already on their way
/// are answered as usual.
pub fn stop_every_client() {
    EPOCH.with(|e| e.set(e.get() + 1));
}

/// How many requests are on their way and not yet answered.
pub fn requests_in_flight() -> usize {
    IN_FLIGHT.with(std::cell::Cell::get)
}

/// Counts a request as in flight for as long as it lives.
struct InFlight;

impl InFlight {
    fn new() -> InFlight {
        IN_FLIGHT.with(|n| n.set(n.get() + 1));
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// Whether two account IDs are the same (GUIDs compare without case).
pub fn same_id(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// A person read by ID, and the account the portal answered with first when that was someone
/// else (whose user name spells this ID).
#[derive(Debug, Clone, PartialEq)]
pub struct Identified {
    pub person: Person,
    pub impostor: Option<Person>,
}

/// What `GET /portal/users/{id}` tells of someone (the core `UserInfo`): enough to find their
/// full profile by email.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PortalUser {
    id: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    removed: bool,
}

/// What the panel says when `/people/{id}` answered with `impostor` and the person with the ID
/// could not be read by ID (`why`).
fn impostor_message(id: &str, impostor: &Person, why: &str) -> String {
    format!(
        "The portal answered with another account, {} ({}), whose user name is this ID ({id}): the panel ignores that answer. {why} Nothing was done to either account.",
        impostor.name(),
        impostor.email
    )
}

/// Where a client writes down every request it makes, for a receipt.
#[derive(Debug, Clone, Default)]
pub struct RequestLog(Arc<Mutex<Vec<RequestRecord>>>);

impl PartialEq for RequestLog {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl RequestLog {
    /// The requests written down since the last call, in order.
    pub fn take(&self) -> Vec<RequestRecord> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn push(&self, record: RequestRecord) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(record);
    }
}

/// What a request is, for the log, and whose.
struct Sent<'a> {
    log: Option<&'a RequestLog>,
    method: &'a str,
    url: &'a str,
    /// The client's sign-in; `None` for a request before any (signing in).
    epoch: Option<u64>,
}

/// The `Authorization` value for a credential: API keys go as `Bearer sk-…`; a login token is
/// sent as it is, which the portal's cookie handler accepts (reference §1.1).
pub fn authorization(token: &str) -> String {
    if token.starts_with("sk-") {
        format!("Bearer {token}")
    } else {
        token.to_string()
    }
}

/// `GET /api/2.0/people/filter` for one page of a list view.
pub fn people_filter_url(portal: &str, query: &ListQuery, start_index: u64, count: u8) -> String {
    format!(
        "{portal}/api/2.0/people/filter?{}",
        query.api_query(start_index, count)
    )
}

/// How long to wait before trying a read again after attempt number `attempt` (1-based)
/// failed with `error`, or `None` to give up. Network errors, the portal's own failures (500:
/// a read is safe to repeat) and gateway errors (502, 503, 504) back off 250 ms, then 750 ms; a 429 waits what Retry-After says (capped at 30 s).
pub fn retry_delay_ms(attempt: u32, error: &ApiError) -> Option<u32> {
    match error {
        ApiError::Network(_)
        | ApiError::Server {
            status: 500 | 502..=504,
            ..
        } if attempt < 3 => Some(250 * 3u32.pow(attempt - 1)),
        ApiError::RateLimited { retry_after } if attempt < 3 => {
            Some(retry_after.unwrap_or(2).min(30) * 1000)
        }
        _ => None,
    }
}

/// A request as the "show API request" view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiCall {
    pub method: String,
    pub url: String,
    pub body: Option<String>,
    pub curl: String,
}

/// The `Authorization` value with the secret hidden: `Bearer sk-…` keeps only `sk-`.
pub fn masked(token: &str) -> String {
    if token.starts_with("sk-") {
        "Bearer sk-********".to_string()
    } else {
        "********".to_string()
    }
}

/// What `POST /authentication` gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Login {
    Token(String),
    /// The account has two-factor sign-in; the panel cannot complete it.
    SecondFactorRequired,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthenticationToken {
    token: Option<String>,
    #[serde(default)]
    tfa: bool,
    #[serde(default)]
    sms: bool,
}

/// `POST /api/2.0/authentication` with an email (or user name) and password.
pub async fn login(portal: &str, user_name: &str, password: &str) -> Result<Login, ApiError> {
    let body = serde_json::json!({ "userName": user_name, "password": password });
    let url = format!("{portal}/api/2.0/authentication");
    let quiet = Sent {
        log: None,
        method: "POST",
        url: &url,
        epoch: None,
    };
    let answer: AuthenticationToken = send(quiet, |signal| {
        Request::post(&url)
            .abort_signal(signal)
            .header("Accept", "application/json")
            .json(&body)
    })
    .await?
    .response;
    match answer.token.filter(|t| !t.is_empty()) {
        Some(token) if !answer.tfa && !answer.sms => Ok(Login::Token(token)),
        _ => Ok(Login::SecondFactorRequired),
    }
}

impl PortalClient {
    /// `portal` is an origin without a trailing slash (see `session::normalize_portal`).
    pub fn new(portal: &str, token: &str) -> Self {
        PortalClient {
            portal: portal.to_string(),
            token: token.to_string(),
            log: None,
            epoch: EPOCH.with(std::cell::Cell::get),
        }
    }

    /// The same client, writing every request down in `log`.
    pub fn with_log(&self, log: &RequestLog) -> Self {
        PortalClient {
            log: Some(log.clone()),
            ..self.clone()
        }
    }

    fn sent<'a>(&'a self, method: &'a str, url: &'a str) -> Sent<'a> {
        Sent {
            log: self.log.as_ref(),
            method,
            url,
            epoch: Some(self.epoch),
        }
    }

    /// `GET /api/2.0/people/@self`: who the credential belongs to; also how a key is checked.
    pub async fn get_self(&self) -> Result<Person, ApiError> {
        let url = format!("{}/api/2.0/people/@self", self.portal);
        Ok(self.get::<Person>(&url).await?.response)
    }

    /// `GET /api/2.0/people/{id}`.
    pub async fn get_person(&self, id: &str) -> Result<Person, ApiError> {
        let id = crate::people::query::encode_component(id);
        let url = format!("{}/api/2.0/people/{id}", self.portal);
        Ok(self.get::<Person>(&url).await?.response)
    }

    /// The person with this ID, checked. `GET /people/{id}` looks `{id}` up as a user name
    /// first (the server's `GetProfileByUserId`), and a user name is an email's local part:
    /// an account made with `<someone's ID>@…` answers for them. An answer about anyone else
    /// is never taken: the ID is then read where it can only be an ID
    /// (`GET /portal/users/{id}`, the core record) and the full profile found by that email.
    /// When that read is not allowed (an API key without the portal-wide read scope), the
    /// answer is a [`ApiError::WrongPerson`] that says so.
    pub async fn person_by_id(&self, id: &str) -> Result<Identified, ApiError> {
        let answer = self.get_person(id).await?;
        if same_id(&answer.id, id) {
            return Ok(Identified {
                person: answer,
                impostor: None,
            });
        }
        let impostor = answer;
        match self.portal_user(id).await {
            Ok(user) if !user.removed && same_id(&user.id, id) => {
                match self.find_by_email(&user.email).await? {
                    Some(person) if same_id(&person.id, id) => Ok(Identified {
                        person,
                        impostor: Some(impostor),
                    }),
                    _ => Err(ApiError::WrongPerson(impostor_message(
                        id,
                        &impostor,
                        "The account with this ID could not be read by its email either.",
                    ))),
                }
            }
            Ok(_) | Err(ApiError::NotFound(_)) => Err(ApiError::NotFound(format!(
                "No account has the ID {id}. (The portal answered with {} ({}), whose user name is this ID: that answer was ignored.)",
                impostor.name(),
                impostor.email
            ))),
            Err(ApiError::Forbidden(_)) => Err(ApiError::WrongPerson(impostor_message(
                id,
                &impostor,
                "The account with this ID could not be read by ID: the portal allows that read (GET /api/2.0/portal/users/{id}) only to a sign-in or a key with portal-wide read access. Find the person by email instead.",
            ))),
            Err(e) => Err(e),
        }
    }

    /// `GET /api/2.0/portal/users/{id}`: the core record of the account with this ID (a route
    /// that takes only a GUID, so a user name cannot answer for it).
    async fn portal_user(&self, id: &str) -> Result<PortalUser, ApiError> {
        let url = format!(
            "{}/api/2.0/portal/users/{}",
            self.portal,
            crate::people::query::encode_component(id)
        );
        Ok(self.get::<PortalUser>(&url).await?.response)
    }

    /// `POST /api/2.0/authentication/logout`: the login token stops working.
    pub async fn logout(&self) -> Result<(), ApiError> {
        let url = format!("{}/api/2.0/authentication/logout", self.portal);
        self.write::<serde_json::Value>("POST", &url, &serde_json::json!({}))
            .await
            .map(|_| ())
    }

    /// Whether the credential is an API key (`sk-…`), which signing out does not end.
    pub fn uses_api_key(&self) -> bool {
        self.token.starts_with("sk-")
    }

    /// People who may receive rooms (active DocSpace admins, the owner among them, and room
    /// admins) whose name or email contains `text`: the first page of 100, and how many match.
    pub async fn find_heirs(&self, text: &str) -> Result<Page<Person>, ApiError> {
        let mut url = format!(
            "{}/api/2.0/people/filter?startIndex=0&count={PAGE_SIZE}&sortBy=firstname&sortOrder=ascending&employeeStatus=1&employeeTypes=1&employeeTypes=3",
            self.portal
        );
        let text = text.trim();
        if !text.is_empty() {
            url.push_str("&filterValue=");
            url.push_str(&crate::people::query::encode_component(text));
        }
        let env = self.get::<Vec<Person>>(&url).await?;
        let total = env.total.unwrap_or(env.response.len() as u64);
        Ok(Page {
            items: env.response,
            total,
        })
    }

    /// One page of `GET /api/2.0/people/filter` for a list view.
    pub async fn list_people(
        &self,
        query: &ListQuery,
        start_index: u64,
        count: u8,
    ) -> Result<Page<Person>, ApiError> {
        let url = people_filter_url(&self.portal, query, start_index, count);
        let env = self.get::<Vec<Person>>(&url).await?;
        let total = env.total.unwrap_or(start_index + env.response.len() as u64);
        Ok(Page {
            items: env.response,
            total,
        })
    }

    /// `PUT /api/2.0/people/status/{1|2}`: re-enables (`terminate: false`) or disables people.
    /// The portal checks every id first; one refusal and nothing changes.
    pub async fn set_status(
        &self,
        ids: &[String],
        terminate: bool,
    ) -> Result<Vec<Person>, ApiError> {
        let status = if terminate { 2 } else { 1 };
        let url = format!("{}/api/2.0/people/status/{status}", self.portal);
        self.write("PUT", &url, &serde_json::json!({ "userIds": ids }))
            .await
    }

    /// `PUT /api/2.0/people/type/{type}`: an upgrade (see `eligibility::can_change_type`).
    pub async fn set_type(&self, ids: &[String], to: UserType) -> Result<Vec<Person>, ApiError> {
        let code = match to {
            UserType::RoomAdmin => 1,
            UserType::Guest => 2,
            UserType::Owner | UserType::DocSpaceAdmin => 3,
            UserType::User => 4,
        };
        let url = format!("{}/api/2.0/people/type/{code}", self.portal);
        self.write("PUT", &url, &serde_json::json!({ "userIds": ids }))
            .await
    }

    /// `DELETE /api/2.0/people/{id}`: only a disabled account can be deleted.
    pub async fn delete_person(&self, id: &str) -> Result<Person, ApiError> {
        let id = crate::people::query::encode_component(id);
        let url = format!("{}/api/2.0/people/{id}", self.portal);
        let token = authorization(&self.token);
        Ok(send(self.sent("DELETE", &url), |signal| {
            Request::delete(&url)
                .abort_signal(signal)
                .header("Authorization", &token)
                .header("Accept", "application/json")
                .build()
        })
        .await?
        .response)
    }

    /// `GET /api/2.0/people/email?email=`: the account with this email, if there is one.
    pub async fn find_by_email(&self, email: &str) -> Result<Option<Person>, ApiError> {
        let url = format!(
            "{}/api/2.0/people/email?email={}",
            self.portal,
            crate::people::query::encode_component(email)
        );
        match self.get::<Person>(&url).await {
            Ok(env) => Ok(Some(env.response)),
            Err(ApiError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Whether the portal no longer has the account with this ID (and `email`): `GET
    /// /people/{id}` answers 404. When another account answers instead (its user name spells
    /// the ID), the ID is checked where only an ID is read, or by the email.
    pub async fn is_gone(&self, id: &str, email: &str) -> Result<bool, ApiError> {
        match self.person_by_id(id).await {
            Ok(_) => Ok(false),
            Err(ApiError::NotFound(_)) => Ok(true),
            Err(ApiError::WrongPerson(why)) => match self.find_by_email(email).await? {
                Some(p) if same_id(&p.id, id) => Ok(false),
                Some(_) | None if !email.is_empty() => Ok(true),
                _ => Err(ApiError::WrongPerson(why)),
            },
            Err(e) => Err(e),
        }
    }

    /// `POST /api/2.0/people`.
    pub async fn create_person(&self, new: &NewPerson) -> Result<Person, ApiError> {
        let url = format!("{}/api/2.0/people", self.portal);
        let body = serde_json::to_value(new).map_err(|e| ApiError::Decode(e.to_string()))?;
        self.write("POST", &url, &body).await
    }

    /// `POST /api/2.0/people/invite` for one email.
    pub async fn invite(&self, email: &str, user_type: &str) -> Result<(), ApiError> {
        let url = format!("{}/api/2.0/people/invite", self.portal);
        let body = serde_json::json!({ "invitations": [{ "email": email, "type": user_type }] });
        self.write::<serde_json::Value>("POST", &url, &body)
            .await
            .map(|_| ())
    }

    /// `PUT /api/2.0/people/delete`: deletes disabled accounts; unknown ids are dropped.
    pub async fn delete_people(&self, ids: &[String]) -> Result<Vec<Person>, ApiError> {
        let url = format!("{}/api/2.0/people/delete", self.portal);
        self.write("PUT", &url, &serde_json::json!({ "userIds": ids }))
            .await
    }

    /// `GET /api/2.0/people/reassign/necessary`: whether the person owns rooms to hand over.
    pub async fn reassign_necessary(&self, id: &str) -> Result<bool, ApiError> {
        let url = format!(
            "{}/api/2.0/people/reassign/necessary?userId={}&type=User",
            self.portal,
            crate::people::query::encode_component(id)
        );
        Ok(self.get::<bool>(&url).await?.response)
    }

    /// Who may receive a leaver's rooms: active DocSpace admins (the owner among them) and room
    /// admins, up to 100 of each.
    pub async fn room_heirs(&self) -> Result<Vec<Person>, ApiError> {
        use crate::people::query::{StatusFilter, TypeFilter};
        let mut people = Vec::new();
        for kind in [TypeFilter::DocSpaceAdmin, TypeFilter::RoomAdmin] {
            let query = ListQuery {
                user_type: Some(kind),
                status: Some(StatusFilter::Active),
                ..ListQuery::default()
            };
            people.extend(self.list_people(&query, 0, PAGE_SIZE).await?.items);
        }
        Ok(people)
    }

    /// `POST /api/2.0/people/type`: lowers a type after moving the person's rooms to `heir`.
    pub async fn lower_type(
        &self,
        id: &str,
        to: UserType,
        heir: &str,
    ) -> Result<TaskProgress, ApiError> {
        let url = format!("{}/api/2.0/people/type", self.portal);
        let to = if to == UserType::Guest {
            "Guest"
        } else {
            "User"
        };
        let body = serde_json::json!({ "type": to, "userId": id, "reassignUserId": heir });
        self.write("POST", &url, &body).await
    }

    /// `GET /api/2.0/people/type/progress/{id}`; `None` when there is no job.
    pub async fn lower_type_progress(&self, id: &str) -> Result<Option<TaskProgress>, ApiError> {
        let url = format!(
            "{}/api/2.0/people/type/progress/{}",
            self.portal,
            crate::people::query::encode_component(id)
        );
        Ok(self.get::<Option<TaskProgress>>(&url).await?.response)
    }

    /// `POST /api/2.0/people/reassign/start`.
    pub async fn start_reassign(
        &self,
        from: &str,
        to: &str,
        delete_profile: bool,
    ) -> Result<TaskProgress, ApiError> {
        let url = format!("{}/api/2.0/people/reassign/start", self.portal);
        let body = serde_json::json!({ "fromUserId": from, "toUserId": to, "deleteProfile": delete_profile });
        self.write("POST", &url, &body).await
    }

    /// `GET /api/2.0/people/reassign/progress/{id}`; `None` when there is no job.
    pub async fn reassign_progress(&self, id: &str) -> Result<Option<TaskProgress>, ApiError> {
        let url = format!(
            "{}/api/2.0/people/reassign/progress/{}",
            self.portal,
            crate::people::query::encode_component(id)
        );
        Ok(self.get::<Option<TaskProgress>>(&url).await?.response)
    }

    /// `PUT /api/2.0/people/reassign/terminate`: cancels a running job.
    pub async fn cancel_reassign(&self, id: &str) -> Result<Option<TaskProgress>, ApiError> {
        let url = format!("{}/api/2.0/people/reassign/terminate", self.portal);
        self.write("PUT", &url, &serde_json::json!({ "userId": id }))
            .await
    }

    /// The request a step will make, for the "show API request" view: method, full URL and
    /// JSON body, and a curl line with the credential masked.
    pub fn describe(&self, method: &str, path: &str, body: Option<&serde_json::Value>) -> ApiCall {
        let url = format!("{}{path}", self.portal);
        let mut curl = format!(
            "curl -X {method} '{url}' -H 'Authorization: {}'",
            masked(&self.token)
        );
        if let Some(body) = body {
            curl.push_str(&format!(
                " -H 'Content-Type: application/json' -d '{}'",
                body.to_string().replace('\'', "'\\''")
            ));
        }
        ApiCall {
            method: method.to_string(),
            url,
            body: body.map(|b| serde_json::to_string_pretty(b).unwrap_or_default()),
            curl,
        }
    }

    /// A write: sent once, never retried (the portal may have acted on it).
    async fn write<T: DeserializeOwned>(
        &self,
        method: &str,
        url: &str,
        body: &serde_json::Value,
    ) -> Result<T, ApiError> {
        let token = authorization(&self.token);
        Ok(send(self.sent(method, url), |signal| {
            let builder = match method {
                "POST" => Request::post(url),
                "DELETE" => Request::delete(url),
                _ => Request::put(url),
            };
            builder
                .abort_signal(signal)
                .header("Authorization", &token)
                .header("Accept", "application/json")
                .json(body)
        })
        .await?
        .response)
    }

    /// Everyone a list view matches, page after page.
    pub async fn all_matching(&self, query: &ListQuery) -> Result<Vec<Person>, ApiError> {
        let mut people = Vec::new();
        loop {
            let page = self
                .list_people(query, people.len() as u64, PAGE_SIZE)
                .await?;
            let got = page.items.len();
            people.extend(page.items);
            if got == 0 || people.len() as u64 >= page.total {
                return Ok(people);
            }
        }
    }

    /// A read, retried as `retry_delay_ms` says.
    async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<Envelope<T>, ApiError> {
        let mut attempt = 1;
        loop {
            let sent = send(self.sent("GET", url), |signal| {
                Request::get(url)
                    .abort_signal(signal)
                    .header("Authorization", &authorization(&self.token))
                    .header("Accept", "application/json")
                    .build()
            });
            match sent.await {
                Err(error) => match retry_delay_ms(attempt, &error) {
                    Some(ms) => {
                        sleep_ms(ms).await;
                        attempt += 1;
                    }
                    None => return Err(error),
                },
                ok => return ok,
            }
        }
    }
}

/// Builds and sends a request that is aborted if the future is dropped (the view that asked
/// went away), and writes it down in the client's log, if it has one.
async fn send<T: DeserializeOwned>(
    what: Sent<'_>,
    build: impl FnOnce(Option<&web_sys::AbortSignal>) -> Result<Request, gloo_net::Error>,
) -> Result<Envelope<T>, ApiError> {
    if what
        .epoch
        .is_some_and(|epoch| epoch != EPOCH.with(std::cell::Cell::get))
    {
        return Err(ApiError::SignedOut);
    }
    let started = js_sys::Date::new_0();
    let answer = send_unlogged(build).await;
    if let Some(log) = what.log {
        let path = what
            .url
            .find("/api/")
            .map(|i| &what.url[i..])
            .unwrap_or(what.url);
        let (status, outcome) = match &answer {
            Ok((status, Ok(_))) => (Some(*status), "ok".to_string()),
            Ok((status, Err(e))) => (Some(*status), e.to_string()),
            Err(e) => (None, e.to_string()),
        };
        log.push(RequestRecord {
            at: started.to_iso_string().into(),
            method: what.method.to_string(),
            path: path.to_string(),
            status,
            duration_ms: (js_sys::Date::now() - started.get_time()).max(0.0) as u32,
            outcome,
        });
    }
    answer?.1
}

/// The HTTP status and the decoded answer, or the error that stopped it before an answer.
async fn send_unlogged<T: DeserializeOwned>(
    build: impl FnOnce(Option<&web_sys::AbortSignal>) -> Result<Request, gloo_net::Error>,
) -> Result<(u16, Result<Envelope<T>, ApiError>), ApiError> {
    let _in_flight = InFlight::new();
    let abort = AbortOnDrop::new();
    let signal = abort.signal();
    let request = build(signal.as_ref()).map_err(|e| ApiError::Network(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    let body = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    Ok((status, decode(status, &body, retry_after.as_deref())))
}

/// An `AbortController` that aborts its request when dropped, unless it already finished.
struct AbortOnDrop(Option<web_sys::AbortController>);

impl AbortOnDrop {
    fn new() -> Self {
        AbortOnDrop(web_sys::AbortController::new().ok())
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(|c| c.signal())
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        // Aborting a finished request is a no-op, so this is safe after success too.
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

/// Waits `ms` milliseconds on the browser's timer.
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_keys_are_bearer_and_login_tokens_raw() {
        assert_eq!(authorization("sk-abc123"), "Bearer sk-abc123");
        assert_eq!(authorization("3f2a9c"), "3f2a9c");
    }

    #[test]
    fn described_requests_never_show_the_secret() {
        let client = PortalClient::new("https://p.example.com", "sk-secret123");
        let body = serde_json::json!({"userIds": ["a"], "note": "it's"});
        let call = client.describe("PUT", "/api/2.0/people/status/2", Some(&body));
        assert_eq!(call.url, "https://p.example.com/api/2.0/people/status/2");
        assert!(!call.curl.contains("secret123"));
        assert!(call.curl.starts_with("curl -X PUT 'https://p.example.com/api/2.0/people/status/2' -H 'Authorization: Bearer sk-********'"));
        assert!(
            call.curl
                .contains(r#"-d '{"note":"it'\''s","userIds":["a"]}'"#)
                || call
                    .curl
                    .contains(r#"-d '{"userIds":["a"],"note":"it'\''s"}'"#),
            "{}",
            call.curl
        );
        let token = PortalClient::new("https://p.example.com", "logintoken").describe(
            "GET",
            "/api/2.0/people/@self",
            None,
        );
        assert!(!token.curl.contains("logintoken") && token.body.is_none());
    }

    #[test]
    fn filter_url() {
        assert_eq!(
            people_filter_url("https://portal.example.com", &ListQuery::default(), 100, 100),
            "https://portal.example.com/api/2.0/people/filter?startIndex=100&count=100&sortBy=firstname&sortOrder=ascending"
        );
    }

    #[test]
    fn reads_retry_network_server_and_gateway_errors_twice_with_backoff() {
        let network = ApiError::Network("reset".into());
        assert_eq!(retry_delay_ms(1, &network), Some(250));
        assert_eq!(retry_delay_ms(2, &network), Some(750));
        assert_eq!(retry_delay_ms(3, &network), None);
        for status in [502, 503, 504] {
            let gateway = ApiError::Server {
                status,
                message: String::new(),
            };
            assert_eq!(retry_delay_ms(1, &gateway), Some(250));
        }
        let server = ApiError::Server {
            status: 500,
            message: String::new(),
        };
        assert_eq!(
            retry_delay_ms(2, &server),
            Some(750),
            "a read is safe to repeat"
        );
        assert_eq!(retry_delay_ms(3, &server), None);
        let unsupported = ApiError::Server {
            status: 501,
            message: String::new(),
        };
        assert_eq!(retry_delay_ms(1, &unsupported), None);
        assert_eq!(retry_delay_ms(1, &ApiError::Unauthorized), None);
        assert_eq!(
            retry_delay_ms(1, &ApiError::Forbidden("Access denied".into())),
            None
        );
    }

    #[test]
    fn rate_limits_wait_for_retry_after() {
        assert_eq!(
            retry_delay_ms(
                1,
                &ApiError::RateLimited {
                    retry_after: Some(7)
                }
            ),
            Some(7000)
        );
        assert_eq!(
            retry_delay_ms(1, &ApiError::RateLimited { retry_after: None }),
            Some(2000)
        );
        assert_eq!(
            retry_delay_ms(
                2,
                &ApiError::RateLimited {
                    retry_after: Some(600)
                }
            ),
            Some(30_000)
        );
        assert_eq!(
            retry_delay_ms(
                3,
                &ApiError::RateLimited {
                    retry_after: Some(1)
                }
            ),
            None
        );
    }
}
