//! The wizard's handover step: choose who receives the rooms and shared files, watch the
//! portal move them, or skip it. A job the portal no longer has (it forgets a finished one, and
//! drops a canceled one at once) is settled from what the portal holds.

use leptos::prelude::*;

use super::Run;
use crate::api::{people, sleep_ms, wait_for_task, ApiError, TaskEnd, TaskProgress};
use crate::components::{HeirPicker, ShowRequest};
use crate::lifecycle::plan::Heir;

#[component]
pub(super) fn ReassignStep(run: Run) -> impl IntoView {
    let subject = run.subject();
    let heir = RwSignal::new(None::<Heir>);
    let progress = RwSignal::new(None::<TaskProgress>);
    let canceling = RwSignal::new(false);
    let start = Action::new_local(move |to: &Heir| {
        canceling.set(false);
        let client = run.client();
        let from = run.subject().id;
        let to = to.clone();
        async move {
            let task = match client.start_reassign(&from, &to.id, false).await {
                Ok(task) => task,
                // Named as a person reads them, not by ID.
                Err(ApiError::Validation { message, .. }) => {
                    return Err(ApiError::Forbidden(format!(
                        "The portal refused to hand the rooms to {}: {}",
                        to.label(),
                        message.replace(&to.id, &to.label())
                    )))
                }
                Err(e) => return Err(e),
            };
            let last = task.clone();
            let end = wait_for_task(
                task,
                || client.reassign_progress(&from),
                sleep_ms,
                300,
                600,
                |t| progress.set(Some(t.clone())),
            )
            .await?;
            let task =
                match end {
                    TaskEnd::Finished(t) | TaskEnd::StillRunning(t) => t,
                    // A canceled job is dropped at once, a finished one 60 s after it ended: the
                    // cancel, or whether they still own rooms, says how it ended.
                    TaskEnd::Gone if canceling.get_untracked() => {
                        progress.get_untracked().unwrap_or(last).ended_as(Ok(false))
                    }
                    TaskEnd::Gone => progress
                        .get_untracked()
                        .unwrap_or(last)
                        .ended_as(match client.reassign_necessary(&from).await? {
                        false => Ok(true),
                        true => Err(
                            "The portal no longer has the handover job, and they still own rooms."
                                .into(),
                        ),
                    }),
                };
            Ok::<_, ApiError>((to, task))
        }
    });
    Effect::new(move |_| {
        match start.value().get() {
        Some(Ok((to, task))) if task.succeeded() => run.advance(|w| {
            let _ = w.reassigned(Some(to.id));
        }),
        Some(Ok((_, task))) if task.canceled() => run.error.set(Some(
            "The handover was canceled; the rooms stay with them. Start again or skip it.".into(),
        )),
        Some(Ok((to, task))) => run.error.set(Some(format!(
            "The rooms were not handed to {}: {} They are disabled and still own their rooms; choose someone else or skip it.",
            to.label(),
            task.error
                .unwrap_or_else(|| "the handover did not complete.".into())
        ))),
        Some(Err(e)) => run.failed(e),
        None => {}
    }
    });
    let cancel = Action::new_local(move |_: &()| {
        canceling.set(true);
        let client = run.client();
        let from = run.subject().id;
        async move { client.cancel_reassign(&from).await }
    });
    let from = subject.id.clone();
    let call = Signal::derive(move || {
        let to = heir
            .with(|h| h.as_ref().map(|h| h.id.clone()))
            .unwrap_or_default();
        run.client()
            .describe(&people::reassign_start(&from, &to, false))
    });
    view! {
        <section class="step">
            <h2>"4. Hand over their rooms"</h2>
            <p>{format!("{} owns rooms or shared files. Choose who receives them, or skip this and delete them with the account.", subject.name)}</p>
            <ShowRequest call=call/>
            <HeirPicker id="heir" label="Give the rooms to" heir=heir
                exclude=Signal::stored(vec![subject.id.clone()]) client=run.client()/>
            {move || progress.get().map(|p| view! {
                <p role="status">
                    <progress max="100" value=p.percentage aria-label="Handover"></progress>
                    {format!(" {}%", p.percentage)}
                </p>
            })}
            <div class="buttons">
                <button type="button" disabled=move || heir.with(Option::is_none) || start.pending().get()
                    on:click=move |_| { if let Some(to) = heir.get_untracked() { start.dispatch(to); } }>"Hand over the rooms"</button>
                <Show when=move || start.pending().get()>
                    <button type="button" class="secondary" on:click=move |_| { cancel.dispatch(()); }>"Cancel the handover"</button>
                </Show>
                <button type="button" class="secondary" disabled=move || start.pending().get()
                    on:click=move |_| run.advance(|w| { let _ = w.reassigned(None); })>"Skip"</button>
            </div>
        </section>
    }
}
