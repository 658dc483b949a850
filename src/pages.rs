//! One file per route.

mod group;
mod groups;
mod inactive;
mod invitations;
mod lifecycle;
mod new_person;
mod offboard;
mod onboard;
mod people;
mod profile;
mod sign_in;

pub use group::GroupPage;
pub use groups::Groups;
pub use inactive::Inactive;
pub use invitations::Invitations;
pub use lifecycle::Lifecycle;
pub use new_person::NewPerson;
pub use offboard::Offboard;
pub use onboard::Onboard;
pub use people::People;
pub use profile::Profile;
pub use sign_in::SignIn;
