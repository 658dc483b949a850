use std::collections::HashSet;

use leptos::prelude::*;

use crate::base::href;
use crate::people::activity::Row;
use crate::people::date_part;
use crate::people::invitations::{age_days, days_ago};

/// One list of the inactive-people report: a table of people with the date that put them
/// there and how long ago, each row ticked to act on (all of them by the header's box).
/// Names and emails are text; the name links to the profile.
#[component]
pub fn ActivityList(
    /// The element id of the list (its heading is `{id}-heading`).
    id: &'static str,
    /// The list's name, with its period where it has one.
    #[prop(into)]
    title: Signal<String>,
    /// The column of the date: "Last sign-in", "Added", "Invited".
    since: &'static str,
    rows: Signal<Vec<Row>>,
    picked: RwSignal<HashSet<String>>,
    now: i64,
    /// Said when the list is empty.
    empty: &'static str,
) -> impl IntoView {
    let heading = format!("{id}-heading");
    let labelled_by = heading.clone();
    let all_ids = move || rows.with(|r| r.iter().map(|r| r.person.id.clone()).collect::<Vec<_>>());
    let all_picked = move || {
        let ids = all_ids();
        !ids.is_empty() && picked.with(|p| ids.iter().all(|id| p.contains(id)))
    };
    let toggle_all = move |on: bool| {
        let ids = all_ids();
        picked.update(|p| {
            for id in ids {
                if on {
                    p.insert(id);
                } else {
                    p.remove(&id);
                }
            }
        });
    };
    view! {
        <section class="activity-list" id=id aria-labelledby=labelled_by>
            <h2 id=heading>{move || title.get()}" "<span class="count">{move || format!("({})", rows.with(Vec::len))}</span></h2>
            <Show when=move || rows.with(|r| !r.is_empty()) fallback=move || view! { <p class="hint">{empty}</p> }>
                <div class="table-wrap">
                    <table class="results activity-rows">
                        <thead><tr>
                            <th scope="col"><input type="checkbox" aria-label=move || format!("Select all: {}", title.get())
                                prop:checked=all_picked on:change=move |ev| toggle_all(event_target_checked(&ev))/></th>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">{since}</th>
                        </tr></thead>
                        <tbody>
                            <For each=move || rows.get() key=|r: &Row| r.person.id.clone() children=move |r: Row| {
                                let pid = r.person.id.clone();
                                let checked_id = pid.clone();
                                let data_id = pid.clone();
                                let profile = href(&format!("/people/{}", r.person.id));
                                let when = r.since.clone().map(|w| {
                                    let ago = age_days(&w.text, now).map(days_ago).unwrap_or_default();
                                    format!("{} · {ago}", date_part(&w.text))
                                }).unwrap_or_else(|| "unknown".into());
                                view! {
                                    <tr data-id=data_id>
                                        <td><input type="checkbox" aria-label=format!("Select {}", r.person.email)
                                            prop:checked=move || picked.with(|p| p.contains(&checked_id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let id = pid.clone();
                                                picked.update(|p| { if on { p.insert(id); } else { p.remove(&id); } });
                                            }/></td>
                                        <td><a href=profile>{r.person.name().to_string()}</a></td>
                                        <td>{r.person.email.clone()}</td>
                                        <td>{r.person.user_type().label()}</td>
                                        <td class="since">{when}</td>
                                    </tr>
                                }
                            }/>
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}
