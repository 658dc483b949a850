use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{ApiError, Person, PAGE_SIZE};
use crate::browser::{use_intersection, use_key};
use crate::components::{
    person_menu, use_toasts, ActionDone, BulkActionDialog, BulkBar, BulkSet, GroupBulkDialog,
    ListControls, PendingResend, PeopleTable, PersonAction, PersonActionDialog, ResendDialog,
    ResendResume,
};
use crate::lifecycle::handoff::Handoff;
use crate::lifecycle::membership::Membership;
use crate::people::query::ListQuery;
use crate::people::selection::Selection;
use crate::session::use_session;

mod export;
use export::{export_csv, mark_first_rows};

/// Where the list is in loading its pages.
#[derive(Debug, Clone, PartialEq)]
enum Load {
    Idle,
    Loading,
    Failed(ApiError),
}

/// A list of people as the portal finds them for `query`: 100 rows per request loaded as the
/// person scrolls, search, filters and sort (changed through `go`, which the page keeps in its
/// URL), selection with the bulk actions, a row menu, and CSV export of everyone matching. The
/// people page shows everyone; a group's page shows its members (`group`: the group's ID, the
/// one the Groups menu acts on first). `on_changed` hears of every bulk change.
#[component]
pub fn PeopleList(
    #[prop(into)] query: Signal<ListQuery>,
    go: Callback<(ListQuery, bool)>,
    /// The list's title, beside the count and the export (an `h2` if `subheading`).
    #[prop(into)]
    title: String,
    #[prop(optional)] subheading: bool,
    /// The group the list is about: no Group filter then, and the Groups menu starts on it.
    #[prop(optional)]
    group: Option<String>,
    #[prop(optional)] on_changed: Option<Callback<()>>,
    /// Bumped by the page to load the list again (after a change it made).
    #[prop(optional, into)]
    refresh: Option<Signal<u32>>,
) -> impl IntoView {
    let session = use_session();
    let client = StoredValue::new(session.client());
    // The portal's groups, for the Group filter (a room admin may read them too); a group's
    // own list has no Group filter.
    let groups = RwSignal::new(None::<Vec<crate::api::Group>>);
    let groups_reload = RwSignal::new(0u32);
    let group_filter = group.is_none();
    Effect::new(move |_| {
        groups_reload.track();
        if !group_filter {
            return;
        }
        let client = client.get_value();
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let all = client.all_groups().await.unwrap_or_default();
            groups.set(Some(all));
        });
    });
    let rows = RwSignal::new(Vec::<Person>::new());
    let total = RwSignal::new(None::<u64>);
    let load = RwSignal::new(Load::Idle);
    let selection = RwSignal::new(Selection::default());
    // Bumped to load the list again after a bulk change.
    let reload = RwSignal::new(0u32);
    // Which query the rows belong to: answers for an older one are dropped.
    let generation = StoredValue::new(0u64);

    // "Try again" loads under the page, not under itself: the button goes as soon as it is
    // pressed, and would take its load with it.
    let page_owner = StoredValue::new(Owner::current());
    // How far the pages were read: the next page starts there. Not the number of rows: the
    // portal pages without a tie-breaker, so a page can repeat someone (shown once) or skip
    // someone (collected once the last page is in, see `fill_in`).
    let read = StoredValue::new(0u64);
    // How many were added at the end because the pages skipped them.
    let filled_in = RwSignal::new(0usize);
    let fill_in = move |q: ListQuery, generation_now: u64| {
        let client = client.get_value();
        let task = async move {
            let Ok(collected) = client.all_matching(&q.filter()).await else {
                return;
            };
            if generation.get_value() != generation_now {
                return;
            }
            let mut added = 0;
            rows.update(|r| added = crate::people::append_new(r, collected.people));
            filled_in.set(added);
            total.set(Some(collected.total));
        };
        leptos::task::spawn_local_scoped_with_cancellation(task);
    };
    let fetch = move |q: ListQuery, start: u64| {
        let generation_now = generation.get_value();
        load.set(Load::Loading);
        let client = client.get_value();
        // Cancelled (and its request aborted) when the page goes, or the query changes.
        let task = async move {
            let result = client.list_people(&q.filter(), start, PAGE_SIZE).await;
            if generation.get_value() != generation_now {
                return;
            }
            match result {
                Ok(page) => {
                    read.set_value(start + page.items.len() as u64);
                    rows.update(|r| {
                        crate::people::append_new(r, page.items);
                    });
                    total.set(Some(page.total));
                    load.set(Load::Idle);
                    if start == 0 {
                        mark_first_rows();
                    }
                    let shown = rows.with_untracked(Vec::len) as u64;
                    if read.get_value() >= page.total && shown < page.total {
                        fill_in(q, generation_now);
                    }
                }
                Err(e) => load.set(Load::Failed(e)),
            }
        };
        leptos::task::spawn_local_scoped_with_cancellation(task);
    };
    Effect::new(move |_| {
        let q = query.get();
        reload.track();
        if let Some(refresh) = refresh {
            refresh.track();
        }
        generation.update_value(|g| *g += 1);
        rows.set(Vec::new());
        read.set_value(0);
        filled_in.set(0);
        total.set(None);
        selection.set(Selection::default());
        fetch(q, 0);
    });
    let has_more = move || {
        rows.track();
        total.get().is_some_and(|t| read.get_value() < t)
    };
    let load_more = move || {
        if load.get_untracked() == Load::Idle && has_more() {
            fetch(query.get_untracked(), read.get_value());
        }
    };

    // Loads the next page when the end of the list scrolls into view.
    let sentinel = NodeRef::<leptos::html::Div>::new();
    use_intersection(sentinel, 400, load_more);

    // Esc clears the selection.
    use_key("Escape", true, move |_| {
        if selection.with_untracked(|s| s.count(u64::MAX) > 0) {
            selection.set(Selection::default());
        }
    });

    let toasts = use_toasts();
    let exported = RwSignal::new(None::<(usize, u64)>);
    let export = Action::new_local(move |_: &()| {
        let client = client.get_value();
        let q = query.get_untracked();
        exported.set(Some((0, total.get_untracked().unwrap_or(0))));
        async move {
            let result = export_csv(client, q, move |got, of| {
                exported.try_set(Some((got, of)));
            })
            .await;
            exported.try_set(None);
            match result {
                Ok((n, 0)) => toasts.success(format!(
                    "Exported {}.",
                    crate::people::people_count(n)
                )),
                // Nobody silently left out: the file is short, and the toast says by how many.
                Ok((n, missing)) => toasts.error(format!(
                    "Exported {}, but {missing} of the {} matching could not be read: the portal's list changed while it was read. Export again for a complete file.",
                    crate::people::people_count(n),
                    n as u64 + missing
                )),
                Err(e) => toasts.error(e),
            };
        }
    });

    // A bulk action is for the people selected when it is asked for: the set is fixed now, and
    // the dialog (modal at once) names them, whatever the list does behind it.
    let me = StoredValue::new(session.me.clone());
    let preset = StoredValue::new(group);
    let changed = move || {
        if let Some(on_changed) = on_changed {
            on_changed.run(());
        }
    };
    let bulk = RwSignal::new(None::<(PersonAction, BulkSet)>);
    let chosen_set = move || {
        selection.with_untracked(|s| {
            if s.is_all_matching() {
                BulkSet::Matching {
                    query: query.get_untracked(),
                    excluded: s.excluded(),
                    total: s.count(total.get_untracked().unwrap_or(0)),
                }
            } else {
                BulkSet::Picked(rows.with_untracked(|r| {
                    r.iter().filter(|p| s.is_selected(&p.id)).cloned().collect()
                }))
            }
        })
    };
    let ask = move |action: PersonAction| bulk.set(Some((action, chosen_set())));
    let resend = RwSignal::new(None::<BulkSet>);
    let group_bulk = RwSignal::new(None::<(Membership, BulkSet)>);
    let ask_groups =
        Callback::new(move |kind: Membership| group_bulk.set(Some((kind, chosen_set()))));

    // Hands the selection to the offboarding page, which reviews it before anything happens.
    let navigate_offboard = use_navigate();
    let offboard = Callback::new(move |()| {
        let handoff = selection.with_untracked(|s| {
            if s.is_all_matching() {
                Handoff::Matching {
                    url_query: query.get_untracked().to_url(),
                    excluded: s.excluded(),
                }
            } else {
                Handoff::People(rows.with_untracked(|r| {
                    r.iter().filter(|p| s.is_selected(&p.id)).cloned().collect()
                }))
            }
        });
        crate::session::hand_over(&handoff);
        navigate_offboard("/offboard", Default::default());
    });

    // A row's menu: one person, confirmed in a dialog; the row shows what the portal holds
    // afterwards (and stays in view until the list is loaded again, even if it no longer
    // matches the filter, so that nobody silently leaves the list).
    let asked = RwSignal::new(None::<(Person, PersonAction)>);
    let navigate_row = use_navigate();
    let open_person = Callback::new(move |p: Person| {
        navigate_row(&format!("/people/{}", p.id), Default::default());
    });
    let navigate_wizard = use_navigate();
    let offboard_one = Callback::new(move |p: Person| {
        navigate_wizard(&format!("/lifecycle?person={}", p.id), Default::default());
    });
    let row_menu = Callback::new(move |p: Person| {
        me.with_value(|me| {
            person_menu(
                me,
                &p,
                Callback::new(move |asked_for| asked.set(Some(asked_for))),
                open_person,
                offboard_one,
            )
        })
    });
    let on_row_done = Callback::new(move |(_, before, after): ActionDone| {
        rows.update(|r| match after {
            Some(after) => {
                if let Some(row) = r.iter_mut().find(|p| p.id == after.id) {
                    *row = after;
                }
            }
            None => {
                r.retain(|p| p.id != before.id);
                total.update(|t| *t = t.map(|t| t.saturating_sub(1)));
            }
        });
    });

    let count_text = move || match total.get() {
        Some(t) => format!("Showing {} of {} people", rows.with(Vec::len), t),
        None => "Loading people…".to_string(),
    };

    view! {
        <div class="list-head">
            {if subheading {
                view! { <h2>{title}</h2> }.into_any()
            } else {
                view! { <h1>{title}</h1> }.into_any()
            }}
            <p class="count" role="status" aria-live="polite">{count_text}</p>
            {move || (filled_in.get() > 0).then(|| view! {
                <p class="hint">{format!(
                    "{} moved between pages while the list loaded (the portal orders equal names differently each time) and are added at the end.",
                    crate::people::people_count(filled_in.get())
                )}</p>
            })}
            <button type="button" class="secondary export" on:click=move |_| { export.dispatch(()); }
                disabled=move || export.pending().get() || total.get().is_none()>
                {move || match exported.get() {
                    Some((got, of)) => format!("Exporting {got}/{of}…"),
                    None => "Export CSV".to_string(),
                }}
            </button>
        </div>
        {if group_filter {
            view! { <ListControls query=query on_change=go groups=groups/> }.into_any()
        } else {
            view! { <ListControls query=query on_change=go/> }.into_any()
        }}
        <BulkBar selection=selection total=Signal::derive(move || total.get().unwrap_or(0))
            rows=rows query=query on_offboard=offboard on_action=Callback::new(ask) on_groups=ask_groups
            on_resend=Callback::new(move |()| resend.set(Some(chosen_set())))/>
        <ResendResume/>
        {move || (query.with(|q| q.status) == Some(crate::people::query::StatusFilter::Pending)).then(|| view! {
            <PendingResend query=query on_done=Callback::new(move |()| reload.update(|n| *n += 1))/>
        })}
        {move || resend.get().map(|set| view! {
            <ResendDialog set=set me=me.get_value() client=client.get_value()
                on_close=Callback::new(move |did: bool| {
                    resend.set(None);
                    if did { selection.set(Selection::default()); reload.update(|n| *n += 1); }
                })/>
        })}
        {move || group_bulk.get().map(|(kind, set)| view! {
            <GroupBulkDialog kind=kind set=set client=client.get_value() preset=preset.get_value()
                on_close=Callback::new(move |did: bool| {
                    group_bulk.set(None);
                    if did {
                        selection.set(Selection::default());
                        reload.update(|n| *n += 1);
                        groups_reload.update(|n| *n += 1);
                        changed();
                    }
                })/>
        })}
        {move || bulk.get().map(|(action, set)| view! {
            <BulkActionDialog action=action set=set me=me.get_value() client=client.get_value()
                on_close=Callback::new(move |did: bool| {
                    bulk.set(None);
                    if did {
                        selection.set(Selection::default());
                        reload.update(|n| *n += 1);
                        changed();
                    }
                })/>
        })}
        <PeopleTable rows=rows selection=selection query=query
            total=Signal::derive(move || total.get().unwrap_or(0))
            loading=Signal::derive(move || load.get() == Load::Loading)
            row_menu=row_menu
            on_sort=Callback::new(move |key| go.run((query.get_untracked().sorted_by(key), false)))/>
        <PersonActionDialog asked=asked on_done=on_row_done/>
        {move || match load.get() {
            Load::Failed(error) => view! {
                <div class="error" role="alert">
                    <p>{error.to_string()}</p>
                    <button type="button" on:click=move |_| {
                        let again = move || fetch(query.get_untracked(), rows.with_untracked(Vec::len) as u64);
                        match page_owner.get_value() {
                            Some(owner) => owner.with(again),
                            None => again(),
                        }
                    }>
                        "Try again"
                    </button>
                </div>
            }.into_any(),
            Load::Loading => view! {
                <p class="loading" class:visually-hidden=move || rows.with(Vec::is_empty) role="status">"Loading people…"</p>
            }.into_any(),
            Load::Idle if total.get() == Some(0) => view! {
                <div class="empty">
                    <p>"No one matches."</p>
                    <button type="button" on:click=move |_| go.run((query.get_untracked().cleared(), false))>
                        "Clear filters"
                    </button>
                </div>
            }.into_any(),
            Load::Idle => ().into_any(),
        }}
        <div node_ref=sentinel class="sentinel"></div>
        <Show when=move || has_more() && load.get() == Load::Idle>
            <button type="button" class="secondary load-more" on:click=move |_| load_more()>
                "Load more"
            </button>
        </Show>
    }
}
