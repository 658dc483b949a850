//! The roster's dry run: the counts at the top, the groups the portal lacks (created or not),
//! a row per line of the file with what applying it does or why not, each change one that can
//! be left out, and Apply, confirmed with the count. Nothing is sent before that.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::components::ConfirmDialog;
use crate::people::roster::describe::{changes, describe, kind, portal_id};
use crate::people::roster::{Counts, Diff, Entry};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "creates 12 accounts, sends 150 invitations, …": what applying does, for the confirmation.
pub(super) fn effect(c: &Counts, groups: &[String]) -> String {
    let mut said = Vec::new();
    if !groups.is_empty() {
        said.push(format!(
            "creates {} ({})",
            plural(groups.len(), "group", "groups"),
            groups.join(", ")
        ));
    }
    if c.create > 0 {
        said.push(format!(
            "creates {}",
            plural(c.create, "account", "accounts")
        ));
    }
    if c.invite > 0 {
        said.push(format!(
            "sends {}",
            plural(c.invite, "invitation", "invitations")
        ));
    }
    if c.raise > 0 {
        said.push(format!(
            "raises the type of {}",
            plural(c.raise, "person", "people")
        ));
    }
    if c.join > 0 {
        said.push(format!(
            "puts {} in groups",
            plural(c.join, "person", "people")
        ));
    }
    format!(
        "Applying the roster {}. Nothing is removed: nobody leaves a group or loses a type.",
        said.join(", ")
    )
}

/// The counts as the top of the preview shows them.
fn count_items(c: &Counts) -> Vec<(&'static str, &'static str, usize)> {
    vec![
        ("create", "Create", c.create),
        ("invite", "Invite", c.invite),
        ("raise", "Raise type", c.raise),
        ("join", "Join groups", c.join),
        ("unchanged", "Unchanged", c.unchanged),
        ("refused", "Refused", c.refused),
        ("needs-profile", "Needs the profile", c.needs_profile),
        ("new-groups", "New groups", c.new_groups),
    ]
}

#[component]
pub(super) fn Preview(
    diff: Memo<Option<Diff>>,
    left_out: RwSignal<BTreeSet<usize>>,
    create_groups: RwSignal<bool>,
    may_create_groups: bool,
    notices: Vec<String>,
    on_apply: Callback<()>,
) -> impl IntoView {
    let counts = Memo::new(move |_| {
        diff.with(|d| d.as_ref().map(|d| left_out.with(|l| d.counts(l))))
            .unwrap_or_default()
    });
    let missing = Memo::new(move |_| {
        diff.with(|d| {
            d.as_ref()
                .map(|d| d.missing_groups.clone())
                .unwrap_or_default()
        })
    });
    let to_create = Memo::new(move |_| {
        diff.with(|d| {
            d.as_ref()
                .map(|d| left_out.with(|l| d.groups_to_create(l)))
                .unwrap_or_default()
        })
    });
    let entries = move || diff.with(|d| d.as_ref().map(|d| d.entries.clone()).unwrap_or_default());
    let confirming = RwSignal::new(false);
    let nothing = move || counts.with(Counts::nothing_to_change);
    let rows_changed = move || {
        diff.with(|d| {
            d.as_ref().map_or(0, |d| {
                left_out.with(|l| {
                    d.entries
                        .iter()
                        .filter(|e| changes(e) && !l.contains(&e.line))
                        .count()
                })
            })
        })
    };
    view! {
        <section class="roster-preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"What applying the roster changes"</h2>
            {notices.into_iter().map(|n| view! { <p class="notice">{n}</p> }).collect_view()}
            <ul id="roster-counts" class="counts">
                {move || count_items(&counts.get()).into_iter().map(|(key, label, n)| view! {
                    <li data-kind=key><span class="count">{n}</span>" "{label}</li>
                }).collect_view()}
            </ul>
            <Show when=move || missing.with(|m| !m.is_empty())>
                <label class="checkbox">
                    <input id="create-groups" type="checkbox" prop:checked=move || create_groups.get()
                        disabled=!may_create_groups
                        aria-describedby="create-groups-hint"
                        on:change=move |ev| create_groups.set(event_target_checked(&ev))/>
                    {move || format!(" Create the groups the portal lacks: {}", missing.get().join(", "))}
                </label>
                <p id="create-groups-hint" class="hint">{if may_create_groups { "Unticked, rows join only the groups the portal has." } else { "Only DocSpace admins can create groups." }}</p>
            </Show>
            <Show when=nothing>
                <p id="nothing-to-change" class="notice" role="status">"Nothing to change: the portal already has the roster's people, types and groups."</p>
            </Show>
            <table class="results roster-rows">
                <caption>"A row per line of the file"</caption>
                <thead><tr>
                    <th scope="col">"Apply"</th><th scope="col">"Line"</th><th scope="col">"Email"</th>
                    <th scope="col">"Change"</th><th scope="col">"What happens"</th>
                </tr></thead>
                <tbody>
                    <For each=entries key=|e: &Entry| (e.line, e.email.clone()) children=move |e: Entry| {
                        let line = e.line;
                        let can = changes(&e);
                        let label = format!("Apply line {line}");
                        let profile = portal_id(&e).map(|id| crate::base::href(&format!("/people/{id}")));
                        let details = match &e.note { Some(n) => format!("{} {n}", describe(&e)), None => describe(&e) };
                        view! {
                            <tr data-line=line class=kind(&e).to_lowercase().replace(' ', "-")>
                                <td>{can.then(|| view! {
                                    <input type="checkbox" aria-label=label
                                        prop:checked=move || left_out.with(|l| !l.contains(&line))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            left_out.update(|l| { if on { l.remove(&line); } else { l.insert(line); } });
                                        }/>
                                })}</td>
                                <td>{line}</td>
                                <td>{match profile { Some(href) => view! { <a href=href>{e.email.clone()}</a> }.into_any(), None => view! { <span>{e.email.clone()}</span> }.into_any() }}</td>
                                <td>{kind(&e)}</td>
                                <td class="reason">{details}</td>
                            </tr>
                        }
                    }/>
                </tbody>
            </table>
            <div class="actions">
                <button type="button" id="apply-roster" disabled=nothing
                    on:click=move |_| confirming.set(true)>
                    {move || format!("Apply to {}…", plural(rows_changed(), "person", "people"))}
                </button>
            </div>
            <ConfirmDialog open=confirming
                title=Signal::derive(move || format!("Apply the roster to {}?", plural(rows_changed(), "person", "people")))
                message=Signal::derive(move || effect(&counts.get(), &to_create.get()))
                confirm_label=Signal::derive(move || format!("Apply to {}", plural(rows_changed(), "person", "people")))
                pending=Signal::derive(|| false)
                error=Signal::derive(|| None::<String>)
                destructive=false
                on_confirm=Callback::new(move |()| {
                    confirming.set(false);
                    on_apply.run(());
                })/>
        </section>
    }
}
