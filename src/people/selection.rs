//! Which rows are selected: single clicks, shift-click ranges, and "every match" across pages
//! that are not loaded yet.

use std::collections::BTreeSet;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Picked one by one (or by range), when not `all_matching`.
    picked: BTreeSet<String>,
    /// Everyone the current query matches, but `excluded`.
    all_matching: bool,
    excluded: BTreeSet<String>,
    /// The row of the last plain click, where a shift-click range starts.
    anchor: Option<usize>,
}

impl Selection {
    pub fn is_selected(&self, id: &str) -> bool {
        if self.all_matching {
            !self.excluded.contains(id)
        } else {
            self.picked.contains(id)
        }
    }

    fn set(&mut self, id: &str, on: bool) {
        let (set, add) = if self.all_matching {
            (&mut self.excluded, !on)
        } else {
            (&mut self.picked, on)
        };
        if add {
            set.insert(id.to_string());
        } else {
            set.remove(id);
        }
    }

    /// A click on row `index` of `rows` (the ids in view order). With shift, every row from
    /// the anchor to `index` takes the clicked row's new state.
    pub fn click(&mut self, rows: &[String], index: usize, shift: bool) {
        let Some(id) = rows.get(index) else { return };
        let on = !self.is_selected(id);
        match self.anchor.filter(|_| shift) {
            Some(anchor) => {
                let (from, to) = (anchor.min(index), anchor.max(index).min(rows.len() - 1));
                for row in &rows[from..=to] {
                    self.set(row, on);
                }
            }
            None => self.set(id, on),
        }
        self.anchor = Some(index);
    }

    /// Everyone the query matches, including rows not loaded yet.
    pub fn select_all_matching(&mut self) {
        *self = Selection {
            all_matching: true,
            ..Selection::default()
        };
    }

    pub fn clear(&mut self) {
        *self = Selection::default();
    }

    /// The ids picked one by one (empty when every match is selected).
    pub fn picked(&self) -> Vec<String> {
        self.picked.iter().cloned().collect()
    }

    /// With every match selected: the ids taken out of it.
    pub fn excluded(&self) -> Vec<String> {
        self.excluded.iter().cloned().collect()
    }

    pub fn is_all_matching(&self) -> bool {
        self.all_matching
    }

    /// Selects every row of `rows` (the rows loaded), keeping who else was selected.
    pub fn select_rows(&mut self, rows: &[String]) {
        for id in rows {
            self.set(id, true);
        }
    }

    /// What the header checkbox shows for the rows loaded: none of them selected, some, all
    /// of them, or every match of the query (loaded or not).
    pub fn header(&self, rows: &[String], total: u64) -> Header {
        let on = rows.iter().filter(|id| self.is_selected(id)).count();
        if self.all_matching && self.excluded.is_empty() || (on > 0 && self.count(total) >= total) {
            Header::AllMatching
        } else if on == 0 {
            if self.count(total) > 0 {
                Header::Some
            } else {
                Header::None
            }
        } else if on == rows.len() {
            Header::Page
        } else {
            Header::Some
        }
    }

    /// How many are selected, out of `total` matches.
    pub fn count(&self, total: u64) -> u64 {
        if self.all_matching {
            total.saturating_sub(self.excluded.len() as u64)
        } else {
            self.picked.len() as u64
        }
    }
}

/// The state of the header checkbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    None,
    /// Some selected (checkbox mixed).
    Some,
    /// Every row loaded is selected, not every match.
    Page,
    AllMatching,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_checkbox_follows_the_rows() {
        let rows = rows(4);
        let mut s = Selection::default();
        assert_eq!(s.header(&rows, 10), Header::None);
        s.click(&rows, 1, false);
        assert_eq!(s.header(&rows, 10), Header::Some);
        s.select_rows(&rows);
        assert_eq!(s.header(&rows, 10), Header::Page);
        assert_eq!(s.count(10), 4);
        // All four are every match there is.
        assert_eq!(s.header(&rows, 4), Header::AllMatching);
        s.select_all_matching();
        assert_eq!(s.header(&rows, 10), Header::AllMatching);
        s.click(&rows, 0, false);
        assert_eq!(s.header(&rows, 10), Header::Some);
        // Selected rows elsewhere (a search since): none of these, some overall.
        let mut s = Selection::default();
        s.click(&rows, 0, false);
        assert_eq!(s.header(&["x".to_string()], 10), Header::Some);
    }

    fn rows(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("u{i}")).collect()
    }

    #[test]
    fn clicks_toggle_and_shift_selects_a_range() {
        let rows = rows(10);
        let mut s = Selection::default();
        s.click(&rows, 2, false);
        assert!(s.is_selected("u2"));
        s.click(&rows, 6, true);
        assert_eq!(s.count(10), 5, "u2..=u6");
        assert!(s.is_selected("u4") && !s.is_selected("u7"));
        // A shift-click upwards from the new anchor takes the clicked row's new state.
        s.click(&rows, 4, true);
        assert_eq!(s.count(10), 2, "u4..=u6 were turned off");
        s.click(&rows, 2, false);
        assert_eq!(s.count(10), 1);
    }

    #[test]
    fn every_match_across_pages_with_exceptions() {
        let rows = rows(5);
        let mut s = Selection::default();
        s.select_all_matching();
        assert_eq!(s.count(250), 250);
        assert!(s.is_selected("not-loaded-yet"));
        s.click(&rows, 1, false);
        assert_eq!(s.count(250), 249);
        assert!(!s.is_selected("u1"));
        s.clear();
        assert_eq!(s.count(250), 0);
        assert!(!s.is_all_matching());
    }

    #[test]
    fn clicks_outside_the_rows_do_nothing() {
        let mut s = Selection::default();
        s.click(&rows(3), 7, false);
        assert_eq!(s.count(3), 0);
    }
}
