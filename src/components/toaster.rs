//! Toasts: short-lived feedback in a corner of the screen, instead of lines written into pages
//! (which stay forever and move the page). Each one is announced to screen readers, can be
//! dismissed, stays while it is pointed at or focused, and may carry one undo-like action
//! ("Enable again").

use std::time::Duration;

use leptos::prelude::*;

use crate::browser::use_debounce;

/// How long a toast stays when nobody points at it or focuses it.
const SHOWN_FOR: Duration = Duration::from_secs(8);

/// At most this many at once: the oldest goes first.
const AT_MOST: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Warning,
    Error,
}

impl ToastKind {
    fn class(self) -> &'static str {
        match self {
            ToastKind::Success => "toast toast-success",
            ToastKind::Warning => "toast toast-warning",
            ToastKind::Error => "toast toast-error",
        }
    }

    /// Said before the message, so that the kind is not told by colour alone.
    fn word(self) -> &'static str {
        match self {
            ToastKind::Success => "Done",
            ToastKind::Warning => "Note",
            ToastKind::Error => "Problem",
        }
    }
}

/// What a toast's button does: "Enable again".
#[derive(Clone)]
pub struct ToastAction {
    pub label: String,
    pub run: Callback<()>,
}

#[derive(Clone)]
struct Toast {
    id: u64,
    kind: ToastKind,
    message: String,
    action: Option<ToastAction>,
}

/// The toasts of the app, provided once (`provide_toasts`) and shown by `<Toaster/>`.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
    /// The latest message, for the live region (the list itself is not live: its buttons
    /// would be read out too).
    said: RwSignal<(u64, String)>,
}

impl Toasts {
    fn new() -> Self {
        Toasts {
            list: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
            said: RwSignal::new((0, String::new())),
        }
    }

    /// Shows a toast; returns its id.
    pub fn show(
        &self,
        kind: ToastKind,
        message: impl Into<String>,
        action: Option<ToastAction>,
    ) -> u64 {
        let message = message.into();
        let id = self.next.try_get_value().unwrap_or(0) + 1;
        self.next.try_set_value(id);
        self.said
            .try_set((id, format!("{}: {message}", kind.word())));
        self.list.try_update(|list| {
            list.push(Toast {
                id,
                kind,
                message,
                action,
            });
            let extra = list.len().saturating_sub(AT_MOST);
            list.drain(..extra);
        });
        id
    }

    pub fn success(&self, message: impl Into<String>) -> u64 {
        self.show(ToastKind::Success, message, None)
    }

    pub fn warning(&self, message: impl Into<String>) -> u64 {
        self.show(ToastKind::Warning, message, None)
    }

    pub fn error(&self, message: impl Into<String>) -> u64 {
        self.show(ToastKind::Error, message, None)
    }

    pub fn dismiss(&self, id: u64) {
        self.list.try_update(|list| list.retain(|t| t.id != id));
    }
}

/// Makes the toasts available to everything below (the app does it once).
pub fn provide_toasts() -> Toasts {
    let toasts = Toasts::new();
    provide_context(toasts);
    toasts
}

/// The app's toasts; a component mounted alone (a test) gets toasts nobody shows.
pub fn use_toasts() -> Toasts {
    use_context::<Toasts>().unwrap_or_else(Toasts::new)
}

/// Where the toasts are shown: a top corner, above the page.
#[component]
pub fn Toaster() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <section class="toasts" aria-label="Notifications">
            <div class="visually-hidden" role="status" aria-live="polite">
                {move || toasts.said.with(|(_, s)| s.clone())}
            </div>
            <ol class="toasts">
                <For each=move || toasts.list.get() key=|t| t.id let:toast>
                    <ToastItem toast=toast toasts=toasts/>
                </For>
            </ol>
        </section>
    }
}

#[component]
fn ToastItem(toast: Toast, toasts: Toasts) -> impl IntoView {
    let id = toast.id;
    let timer = use_debounce(SHOWN_FOR);
    let dismiss = move || toasts.dismiss(id);
    timer.run(dismiss);
    let hold = move || timer.cancel();
    let release = move || timer.run(dismiss);
    view! {
        <li class=toast.kind.class() on:pointerenter=move |_| hold() on:pointerleave=move |_| release()
            on:focusin=move |_| hold() on:focusout=move |_| release()>
            <span class="visually-hidden">{format!("{}: ", toast.kind.word())}</span>
            <span class="toast-message">{toast.message}</span>
            {toast.action.map(|action| view! {
                <button type="button" class="secondary toast-action" on:click=move |_| {
                    dismiss();
                    // The page that made the toast may be gone by now: then nothing runs.
                    action.run.try_run(());
                }>{action.label}</button>
            })}
            <button type="button" class="toast-dismiss" aria-label="Dismiss" on:click=move |_| dismiss()>
                <span aria-hidden="true">"×"</span>
            </button>
        </li>
    }
}
