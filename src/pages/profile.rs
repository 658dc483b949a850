use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{Activation, Person};
use crate::components::{
    list_url, BackToList, ChangeEmail, PersonAction, PersonActionDialog, PersonActions,
    ProfileGroups, ResendInvitation, ResetAuthenticator, SendPasswordReset, SignOutEverywhere,
    StatusBadge,
};
use crate::people::date_part;
use crate::session::use_session;

/// A person's profile: every field the portal returned, labelled for people, and what the
/// signed-in admin may do to them, with the reason where they may not.
#[component]
pub fn Profile() -> impl IntoView {
    let session = use_session();
    let client = StoredValue::new(session.client());
    let me = StoredValue::new(session.me.clone());
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let person = LocalResource::new(move || {
        let client = client.get_value();
        let id = id.get();
        async move { client.person_by_id(&id).await }
    });
    // The dialog stays outside the profile, which is built again after every change.
    let asked = RwSignal::new(None::<(Person, PersonAction)>);
    let reload = Callback::new(move |()| person.refetch());
    let navigate = use_navigate();
    let on_done = Callback::new(
        move |(_, _, after): (PersonAction, Person, Option<Person>)| {
            match after {
                Some(_) => person.refetch(),
                // Deleted: nothing is left to show here; the toast says so on the list.
                None => navigate(&list_url(), Default::default()),
            }
        },
    );
    view! {
        <BackToList/>
        <PersonActionDialog asked=asked on_done=on_done/>
        <Transition fallback=|| view! { <p role="status">"Loading profile…"</p> }>
            {move || Suspend::new(async move {
                match person.await {
                    Ok(found) => view! {
                        {found.impostor_note().map(|note| view! { <p class="warning" role="alert">{note}</p> })}
                        <ProfileView person=found.person me=me.get_value() asked=asked reload=reload/>
                    }.into_any(),
                    Err(e) => view! {
                        <h1>"Profile"</h1>
                        <p class="error" role="alert">{e.to_string()}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

fn row(label: &'static str, value: Option<String>) -> impl IntoView {
    value.filter(|v| !v.is_empty()).map(|value| {
        view! {
            <dt>{label}</dt>
            <dd>{value}</dd>
        }
    })
}

fn activation_label(activation: Activation) -> String {
    match activation {
        Activation::NotActivated => "Email not confirmed".into(),
        Activation::Activated => "Email confirmed".into(),
        Activation::Pending => "Invitation not accepted yet".into(),
        Activation::Other(code) => format!("Activation status {code}"),
    }
}

/// Bytes in units a person reads.
fn bytes_label(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes.max(0.0);
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[component]
fn ProfileView(
    person: Person,
    me: Person,
    asked: RwSignal<Option<(Person, PersonAction)>>,
    /// Reads the person again, after a change shown on the profile.
    reload: Callback<()>,
) -> impl IntoView {
    let storage = person.used_space.map(|used| match person.quota_limit {
        Some(limit) if limit > 0 => {
            format!("{} of {}", bytes_label(used), bytes_label(limit as f64))
        }
        _ => bytes_label(used),
    });
    view! {
        <article class="profile">
            <h1>{person.name().to_string()}</h1>
            <p class="subtitle">
                {person.user_type().label()} " · " <StatusBadge status=person.status()/>
            </p>
            <dl class="fields">
                {row("Email", Some(person.email.clone()))}
                {row("First name", Some(person.first_name.clone()))}
                {row("Last name", Some(person.last_name.clone()))}
                {row("User name", Some(person.user_name.clone()))}
                {row("Type", Some(person.user_type().label().to_string()))}
                {row("Status", Some(person.status().label()))}
                {row("Activation", Some(activation_label(person.activation())))}
                {row("Location", person.location.clone())}
                {row("Registered", person.registration_date.as_deref().map(|d| date_part(d).to_string()))}
                {row("Disabled on", person.terminated.as_deref().map(|d| date_part(d).to_string()))}
                {row("Added by", person.created_by.as_ref().map(|c| c.display_name.clone()))}
                {row("Storage used", storage)}
                {row("Sign-in", Some(if person.is_ldap { "LDAP" } else if person.is_sso { "SSO" } else { "Standard" }.to_string()))}
                {row("Authenticator app", person.tfa_app_enabled.map(|on| if on { "Set up" } else { "Not set up" }.to_string()))}
                {row("ID", Some(person.id.clone()))}
            </dl>
            <ProfileGroups person=person.clone() me=me.clone() client=use_session().client()/>
            <section class="eligibility" aria-labelledby="can-do">
                <h2 id="can-do">"Actions"</h2>
                <PersonActions person=person.clone() me=me.clone() asked=asked/>
            </section>
            // Apart from the actions: the portal lets an admin end anyone's sessions, the owner's too.
            <section class="sessions" aria-labelledby="sessions-title">
                <h2 id="sessions-title">"Sign-in"</h2>
                <ResendInvitation person=person.clone() me=me.clone() client=use_session().client()/>
                <SignOutEverywhere person=person.clone() me=me.clone() client=use_session().client()/>
            </section>
            // What the portal lets an admin do to someone's account: no rename, no password or
            // language set for them (more-endpoints.md §3).
            <section class="account" aria-labelledby="account-title">
                <h2 id="account-title">"Account"</h2>
                <ChangeEmail person=person.clone() me=me.clone() client=use_session().client() on_changed=reload/>
                <SendPasswordReset person=person.clone() me=me.clone() client=use_session().client()/>
                <ResetAuthenticator person=person me=me client=use_session().client() on_changed=reload/>
            </section>
        </article>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn bytes() {
        assert_eq!(super::bytes_label(512.0), "512 B");
        assert_eq!(super::bytes_label(1536.0), "1.5 KB");
        assert_eq!(super::bytes_label(3.0 * 1024.0 * 1024.0 * 1024.0), "3.0 GB");
    }
}
