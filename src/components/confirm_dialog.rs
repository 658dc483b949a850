use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;

/// Each dialog's title gets an id of its own, so that a page with several dialogs names each
/// by its own title.
static DIALOGS: AtomicU32 = AtomicU32::new(0);

/// A modal confirmation (a native `<dialog>`: focus stays inside, Esc closes it). It names what
/// will happen; the action runs only from its confirm button, which says what it does.
#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is open; closing it (Cancel, Esc) sets this to false.
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] message: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(into)] pending: Signal<bool>,
    /// The portal's answer when the action failed.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Whether the confirm button may be pressed (e.g. a choice is still to be made).
    #[prop(optional, into)]
    ready: Option<Signal<bool>>,
    on_confirm: Callback<()>,
    /// Whether the action destroys something (its button is red); a calm one is not.
    #[prop(default = true)]
    destructive: bool,
    /// More to choose before confirming, shown under the message.
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let ready = ready.unwrap_or_else(|| Signal::stored(true));
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let title_id = format!("confirm-title-{}", DIALOGS.fetch_add(1, Ordering::Relaxed));
    let labelled_by = title_id.clone();
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        if open.get() {
            if !element.open() {
                let _ = element.show_modal();
            }
        } else if element.open() {
            element.close();
        }
    });
    view! {
        <dialog node_ref=dialog class="confirm" aria-labelledby=labelled_by
            on:close=move |_| open.set(false)>
            <h2 id=title_id>{move || title.get()}</h2>
            <p>{move || message.get()}</p>
            {children.map(|c| c())}
            <p class="error" role="alert">{move || error.get()}</p>
            <div class="dialog-buttons">
                <button type="button" class="secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                <button type="button" class=if destructive { "danger" } else { "primary" } disabled=move || pending.get() || !ready.get()
                    on:click=move |_| on_confirm.run(())>
                    {move || if pending.get() { "Working…".to_string() } else { confirm_label.get() }}
                </button>
            </div>
        </dialog>
    }
}
