//! The offboarding work, without a browser: the plan for many leavers (who is in, who is left
//! out and why, batches, the bisection of a refused batch), and the receipt of every request.
//! The pages only render it; it serialises to `sessionStorage` after every step so that a run
//! resumes exactly where it stopped.

pub mod batches;
pub mod bulk;
pub mod change;
pub mod handoff;
pub mod lookup;
pub mod membership;
pub mod onboard;
pub mod plan;
pub mod receipt;
pub mod resend;
pub mod run;
pub mod wizard;
