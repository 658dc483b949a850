use leptos::prelude::*;

use crate::api::audit::{is_failed_sign_in, is_sign_in, LoginEvent};
use crate::people::date_part;

/// What a login event was, in a word.
pub fn outcome(e: &LoginEvent) -> &'static str {
    if is_sign_in(e.action_id) {
        "Signed in"
    } else if is_failed_sign_in(e.action_id) {
        "Failed"
    } else if e.action_id == 1006 {
        "Signed out"
    } else {
        "Other"
    }
}

/// The portal's latest sign-ins as it lists them: when, who (or the login typed, for a failed
/// attempt), what happened, from where. All text.
#[component]
pub fn LatestSignIns(events: Vec<LoginEvent>) -> impl IntoView {
    let n = events.len();
    view! {
        <section class="latest-sign-ins" id="latest" aria-labelledby="latest-heading">
            <h2 id="latest-heading">{format!("The {n} latest sign-ins the portal shows")}</h2>
            <div class="table-wrap">
                <table class="results">
                    <thead><tr>
                        <th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th>
                        <th scope="col">"IP"</th><th scope="col">"Browser"</th>
                    </tr></thead>
                    <tbody>
                        {events.into_iter().map(|e| {
                            let who = e.user.clone().or_else(|| e.login.clone()).unwrap_or_default();
                            let when = format!("{} {}", date_part(&e.date), e.date.split('T').nth(1).map(|t| &t[..t.len().min(5)]).unwrap_or(""));
                            view! {
                                <tr>
                                    <td>{when}</td>
                                    <td>{who}</td>
                                    <td>{outcome(&e)}</td>
                                    <td>{e.ip.clone().unwrap_or_default()}</td>
                                    <td>{[e.browser.clone(), e.platform.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ")}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
