//! The lookup against a scripted portal: every answer is decided here, and every request
//! counted.

use super::*;
use crate::api::same_id;

mod scripted;

use scripted::*;

#[test]
fn pages_of_100_matched_by_email_without_case_and_by_id() {
    let portal = Scripted::of(1000);
    // 600 people, every other one by ID; two emails nobody has.
    let mut items: Vec<String> = (0..600)
        .map(|i| {
            if i % 2 == 0 {
                email_item(i)
            } else {
                id_item(i)
            }
        })
        .collect();
    items.push("nobody@example.com".into());
    items.push("gone@example.com".into());
    let mut lookup = Lookup::new(items);
    let (ended, seen) = go(&mut lookup, &portal, &|| false);
    let found = ended.unwrap();
    assert_eq!(found.people.len(), 600);
    assert_eq!(found.people[1].id, person(1).id, "in the list's order");
    assert_eq!(found.missing, ["nobody@example.com", "gone@example.com"]);
    assert!(found.refused.is_empty());
    // The 600 are on the first 6 pages: the 4 pages left are not worth reading for 2 items.
    assert_eq!(
        portal.pages(),
        (0..6).map(|p| p * 100).collect::<Vec<_>>(),
        "each page once"
    );
    assert_eq!(portal.count(is_single), 2, "only the two not found alone");
    assert_eq!(portal.requests(), 8);
    let read = seen.iter().find(|p| p.read == 300).unwrap();
    assert_eq!(read.message(), "Looking up 602 people: 300 read of 1,000…");
    assert_eq!(read.bar(), Some((300, 1000)));
    assert!(seen.iter().all(|p| p.note.is_none()));
}

#[test]
fn a_500_on_page_7_is_retried_and_the_lookup_completes() {
    let portal = Scripted::of(1000);
    portal.fail(1, |c| *c == Call::Page(600), server_error());
    let mut lookup = Lookup::new((0..1000).map(email_item).collect());
    let (ended, seen) = go(&mut lookup, &portal, &|| false);
    assert_eq!(ended.unwrap().people.len(), 1000);
    assert_eq!(portal.count(is_page), 11, "page 7 twice");
    assert_eq!(portal.count(is_single), 0);
    assert!(seen.iter().any(|p| p
        .note
        .as_deref()
        .is_some_and(|n| n.contains("Trying again"))));
}

#[test]
fn a_500_past_the_patience_keeps_what_was_found_and_trying_again_reads_only_the_rest() {
    let portal = Scripted::of(1000);
    portal.fail(3, |c| *c == Call::Page(600), server_error());
    let mut lookup = Lookup::new((0..1000).map(email_item).collect());
    let (ended, _) = go(&mut lookup, &portal, &|| false);
    assert!(
        matches!(&ended, Err(Halted::Failed(m)) if m.contains("Internal server error")),
        "{ended:?}"
    );
    assert_eq!(lookup.found().people.len(), 600, "nothing found is lost");
    assert_eq!(lookup.unresolved().len(), 400);
    assert!(lookup.summary().contains("600 of 1,000 read"));
    assert_eq!(portal.count(is_page), 6 + 3);

    portal.calls.borrow_mut().clear();
    let (ended, _) = go(&mut lookup, &portal, &|| false);
    assert_eq!(ended.unwrap().people.len(), 1000);
    assert_eq!(
        portal.pages(),
        [600, 700, 800, 900],
        "only the pages not read"
    );
}

#[test]
fn an_unreachable_portal_is_waited_out_until_stopped_and_the_lookup_continues() {
    let portal = Scripted::of(1000);
    let offline = ApiError::Network("offline".into());
    portal.fail(50, |c| *c == Call::Page(300), offline);
    let mut lookup = Lookup::new((0..1000).map(email_item).collect());
    // Cancel while it waits for the portal: after 10 tries of page 4.
    let stop = || portal.count(|c| *c == Call::Page(300)) >= 10;
    let (ended, seen) = go(&mut lookup, &portal, &stop);
    assert_eq!(ended, Err(Halted::Stopped));
    assert!(seen
        .iter()
        .any(|p| p.note.as_deref().is_some_and(|n| n.contains("unreachable"))));
    assert_eq!(portal.count(|c| *c == Call::Page(300)), 10, "nothing after");
    assert_eq!(lookup.found().people.len(), 300);

    portal.errors.borrow_mut().clear();
    portal.calls.borrow_mut().clear();
    let (ended, _) = go(&mut lookup, &portal, &|| false);
    assert_eq!(ended.unwrap().people.len(), 1000);
    assert_eq!(portal.pages(), (3..10).map(|p| p * 100).collect::<Vec<_>>());
}

#[test]
fn a_stop_between_pages_sends_nothing_more_and_keeps_what_was_read() {
    let portal = Scripted::of(1000);
    let mut lookup = Lookup::new((0..1000).map(id_item).collect());
    let stop = || portal.count(is_page) >= 3;
    let (ended, _) = go(&mut lookup, &portal, &stop);
    assert_eq!(ended, Err(Halted::Stopped));
    assert_eq!(portal.requests(), 3);
    assert_eq!(lookup.pages_read(), 3);
    assert_eq!(lookup.found().people.len(), 300);
    let (ended, _) = go(&mut lookup, &portal, &|| false);
    assert_eq!(ended.unwrap().people.len(), 1000);
    assert_eq!(portal.requests(), 10, "seven more pages, none again");
}

#[test]
fn someone_the_page_read_skipped_is_found_by_a_lookup_of_their_own() {
    let mut portal = Scripted::of(500);
    portal.skipped = [person(42).id, person(77).id].into_iter().collect();
    let mut items: Vec<String> = (0..500).map(email_item).collect();
    items[77] = id_item(77);
    let mut lookup = Lookup::new(items);
    let found = go(&mut lookup, &portal, &|| false).0.unwrap();
    assert_eq!(found.people.len(), 500);
    assert!(found.missing.is_empty());
    let calls = portal.calls.borrow();
    let singles: Vec<&Call> = calls.iter().filter(|c| is_single(c)).collect();
    assert_eq!(
        singles,
        [&Call::Email(email_item(42)), &Call::Id(id_item(77))]
    );
    assert_eq!(portal.requests(), 5 + 2);
}

#[test]
fn an_id_another_account_answers_for_is_refused_with_the_reason() {
    let mut portal = Scripted::of(300);
    let victim = id_item(5);
    portal.skipped = [person(5).id].into_iter().collect();
    portal.impostors = [victim.clone()].into_iter().collect();
    let items = vec![victim.clone(), email_item(6), email_item(7), email_item(8)];
    let found = go(&mut Lookup::new(items), &portal, &|| false).0.unwrap();
    assert_eq!(found.people.len(), 3);
    assert!(found.people.iter().all(|p| !same_id(&p.id, &victim)));
    assert_eq!(
        found.refused,
        [(
            victim.clone(),
            format!("Another account answered for {victim}.")
        )]
    );
}

#[test]
fn a_small_list_is_looked_up_row_by_row() {
    let portal = Scripted::of(5000);
    // Three people, none on the first page: 3 < 49 pages left.
    let items = vec![email_item(4000), id_item(4500), "nobody@example.com".into()];
    let mut lookup = Lookup::new(items);
    let (ended, seen) = go(&mut lookup, &portal, &|| false);
    let found = ended.unwrap();
    assert_eq!(found.people.len(), 2);
    assert_eq!(found.missing, ["nobody@example.com"]);
    assert_eq!(portal.pages(), [0], "the first page only, for the total");
    assert_eq!(portal.count(is_single), 3);
    assert_eq!(portal.requests(), 4);
    let last = seen.last().unwrap();
    assert_eq!(
        last.message(),
        "Looking up 3 people: 100 of 5,000 read, 2 found; 3 of 3 looked up one by one…"
    );
    assert_eq!(last.bar(), Some((3, 3)));

    // One row: one request, no page.
    let portal = Scripted::of(5000);
    let found = go(&mut Lookup::new(vec![email_item(9)]), &portal, &|| false).0;
    assert_eq!(found.unwrap().people.len(), 1);
    assert_eq!(portal.requests(), 1);
}

#[test]
fn row_by_row_has_the_same_patience_and_keeps_what_was_found() {
    let portal = Scripted::of(5000);
    let items: Vec<String> = (4000..4010).map(email_item).collect();
    portal.fail(1, |c| *c == Call::Email(email_item(4002)), server_error());
    portal.fail(
        1,
        |c| *c == Call::Email(email_item(4003)),
        ApiError::RateLimited {
            retry_after: Some(3),
        },
    );
    portal.fail(3, |c| *c == Call::Email(email_item(4005)), server_error());
    let mut lookup = Lookup::new(items);
    let (ended, seen) = go(&mut lookup, &portal, &|| false);
    assert!(matches!(ended, Err(Halted::Failed(_))), "{ended:?}");
    assert_eq!(lookup.found().people.len(), 5, "4000 to 4004");
    assert!(seen
        .iter()
        .any(|p| p.note.as_deref().is_some_and(|n| n.contains("waiting 3 s"))));
    let slept: u32 = portal
        .calls
        .borrow()
        .iter()
        .map(|c| if let Call::Sleep(ms) = c { *ms } else { 0 })
        .sum();
    assert!(slept >= 3000, "Retry-After waited: {slept}");
    portal.calls.borrow_mut().clear();
    let found = go(&mut lookup, &portal, &|| false).0.unwrap();
    assert_eq!(found.people.len(), 10);
    assert_eq!(portal.pages(), Vec::<u64>::new(), "no page read again");
    assert_eq!(portal.count(is_single), 5, "4005 to 4009, each once");
}

#[test]
fn a_401_asks_to_sign_in_and_keeps_what_was_found() {
    let portal = Scripted::of(1000);
    portal.fail(1, |c| *c == Call::Page(200), ApiError::Unauthorized);
    let mut lookup = Lookup::new((0..1000).map(email_item).collect());
    assert_eq!(go(&mut lookup, &portal, &|| false).0, Err(Halted::SignIn));
    assert_eq!(portal.count(is_page), 3, "not tried again");
    assert_eq!(lookup.found().people.len(), 200);
}

#[test]
fn a_refused_list_fails_with_the_portals_reason() {
    let portal = Scripted::of(300);
    portal.fail(1, is_page, ApiError::Forbidden("Access denied".into()));
    let mut lookup = Lookup::new((0..300).map(email_item).collect());
    let ended = go(&mut lookup, &portal, &|| false).0;
    assert_eq!(ended, Err(Halted::Failed("Access denied".into())));
    assert_eq!(portal.requests(), 1);
}

#[test]
fn counts_are_grouped_by_thousands() {
    assert_eq!(grouped(0), "0");
    assert_eq!(grouped(999), "999");
    assert_eq!(grouped(5000), "5,000");
    assert_eq!(grouped(1_234_567), "1,234,567");
    let before = Lookup::new(vec!["a@example.com".into(), "b@example.com".into()]);
    assert_eq!(
        before.progress(None).message(),
        "Looking up 2 people…",
        "before the first page says how many there are"
    );
    assert_eq!(before.progress(None).bar(), None);
}
