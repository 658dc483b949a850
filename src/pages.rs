//! One file per route.

mod people;
mod profile;
mod sign_in;

pub use people::People;
pub use profile::Profile;
pub use sign_in::SignIn;
