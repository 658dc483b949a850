use leptos::prelude::*;

/// Where a message belongs: next to the field with this id, or under the form as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    Field(&'static str, String),
    Form(String),
}

/// The messages of one form, each where it belongs: fields read theirs with [`of`], the form
/// its own with [`form`]. One way, for every form, to say which field a refusal concerns.
///
/// [`of`]: FormErrors::of
/// [`form`]: FormErrors::form
#[derive(Clone, Copy)]
pub struct FormErrors(RwSignal<Vec<Placed>>);

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}

impl FormErrors {
    pub fn new() -> Self {
        FormErrors(RwSignal::new(Vec::new()))
    }

    pub fn clear(&self) {
        self.0.set(Vec::new());
    }

    /// Adds a message (a later one for the same field replaces it).
    pub fn place(&self, placed: Placed) {
        self.0.update(|all| {
            if let Placed::Field(id, _) = &placed {
                all.retain(|p| !matches!(p, Placed::Field(other, _) if other == id));
            }
            all.push(placed);
        });
    }

    /// The message of the field `id`, if any.
    pub fn of(&self, id: &'static str) -> Signal<Option<String>> {
        let all = self.0;
        Signal::derive(move || {
            all.with(|all| {
                all.iter().find_map(|p| match p {
                    Placed::Field(field, m) if *field == id => Some(m.clone()),
                    _ => None,
                })
            })
        })
    }

    /// The form's own message, if any.
    pub fn form(&self) -> Signal<Option<String>> {
        let all = self.0;
        Signal::derive(move || {
            all.with(|all| {
                all.iter().find_map(|p| match p {
                    Placed::Form(m) => Some(m.clone()),
                    _ => None,
                })
            })
        })
    }

    /// The first field (in the order the messages came) that has one: where the focus goes.
    pub fn first_field(&self) -> Option<&'static str> {
        self.0.with_untracked(|all| {
            all.iter().find_map(|p| match p {
                Placed::Field(id, _) => Some(*id),
                Placed::Form(_) => None,
            })
        })
    }

    pub fn any(&self) -> bool {
        self.0.with_untracked(|all| !all.is_empty())
    }
}

/// A labelled field: its label, an optional hint, and its error next to it, both tied to the
/// input with `aria-describedby` (ids `{id}-hint`, `{id}-error`), and `aria-invalid` while
/// there is an error.
#[component]
pub fn TextField(
    /// The input's id (the label's `for`).
    #[prop(into)]
    id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    /// The input's type: "text", "email", "password", "url", "search".
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] name: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    let error = error.unwrap_or_else(|| Signal::stored(None));
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.get()}</label>
            <input id=id name=name type=kind autocomplete=autocomplete inputmode=inputmode
                placeholder=placeholder bind:value=value aria-describedby=described_by
                aria-invalid=move || error.with(Option::is_some).then_some("true")/>
            {hint.map(|hint| view! { <p id=hint_id class="hint">{move || hint.get()}</p> })}
            <p id=error_id class="field-error">{move || error.get()}</p>
        </div>
    }
}
