//! A roster: a CSV of the people a portal should have, read (`read`), checked row by row with
//! its lines (`rows`), and compared with the portal (`diff`) into what applying it would do.
//! Running the same file again after it was applied changes nothing.

pub mod describe;
pub mod diff;
pub mod read;
pub mod rows;

#[cfg(test)]
mod tests;

pub use diff::{Change, Counts, Diff, Entry, PortalNow};
pub use read::{read, ReadError, Record, Table};
pub use rows::{columns, rows, type_named, BadRow, Columns, Roster, Row, TEMPLATE};

/// Reads and checks a file in one go: the roster, or why the file as a whole cannot be read.
pub fn parse(text: &str, addable: &[crate::api::UserType]) -> Result<Roster, String> {
    let table = read(text).map_err(|e| e.to_string())?;
    rows(&table, addable)
}
