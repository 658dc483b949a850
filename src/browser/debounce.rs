use std::time::Duration;

use leptos::prelude::*;

/// A debouncer: `run(f)` runs `f` once `wait` has passed without another `run`. A pending run
/// is dropped when the calling component goes.
#[derive(Clone, Copy)]
pub struct Debounced {
    pending: StoredValue<Option<TimeoutHandle>>,
    wait: Duration,
}

impl Debounced {
    pub fn run(&self, f: impl FnOnce() + 'static) {
        if let Some(handle) = self.pending.try_get_value().flatten() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(f, self.wait).ok();
        self.pending.try_set_value(handle);
    }

    /// Drops the pending run, if any.
    pub fn cancel(&self) {
        if let Some(handle) = self.pending.try_get_value().flatten() {
            handle.clear();
        }
        self.pending.try_set_value(None);
    }
}

/// A debouncer for the calling component (see [`Debounced`]).
pub fn use_debounce(wait: Duration) -> Debounced {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(handle) = pending.try_get_value().flatten() {
            handle.clear();
        }
    });
    Debounced { pending, wait }
}
