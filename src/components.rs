//! One component per file.

mod people_table;

pub use people_table::PeopleTable;
