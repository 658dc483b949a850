//! One file per route.

mod people;
mod sign_in;

pub use people::People;
pub use sign_in::SignIn;
