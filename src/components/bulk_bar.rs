use leptos::prelude::*;

use crate::api::UserType;
use crate::components::PersonAction;
use crate::people::selection::Selection;

/// What is selected, with "every match", "clear", and offboarding the selection.
#[component]
pub fn BulkBar(
    selection: RwSignal<Selection>,
    #[prop(into)] total: Signal<u64>,
    on_offboard: Callback<()>,
    on_action: Callback<PersonAction>,
) -> impl IntoView {
    let count = move || selection.with(|s| s.count(total.get()));
    view! {
        <Show when=move || { count() > 0 }>
            <div class="bulk-bar" role="region" aria-label="Selection">
                <p role="status">{move || format!("{} selected", count())}</p>
                <Show when=move || !selection.with(Selection::is_all_matching) && count() < total.get()>
                    <button type="button" class="secondary" on:click=move |_| selection.update(Selection::select_all_matching)>
                        {move || format!("Select all {} matching", total.get())}
                    </button>
                </Show>
                <button type="button" class="secondary" on:click=move |_| selection.update(Selection::clear)>
                    "Clear selection"
                </button>
                {[
                    PersonAction::Disable,
                    PersonAction::Enable,
                    PersonAction::MakeType(UserType::User),
                    PersonAction::MakeType(UserType::RoomAdmin),
                ]
                    .into_iter()
                    .map(|action| view! {
                        <button type="button" class="secondary" on:click=move |_| on_action.run(action)>
                            {format!("{}…", action.label())}
                        </button>
                    })
                    .collect_view()}
                <button type="button" class="danger" on:click=move |_| on_offboard.run(())>
                    {move || format!("Offboard {} selected…", count())}
                </button>
            </div>
        </Show>
    }
}
