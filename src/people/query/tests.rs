use super::*;

#[test]
fn round_trips_through_the_url() {
    let query = ListQuery {
        search: "Zoë & co".into(),
        status: Some(StatusFilter::Pending),
        user_type: Some(TypeFilter::Guest),
        group: Some(GroupScope::In("a b".into())),
        sort: SortKey::Email,
        descending: true,
    };
    let url = query.to_url();
    assert_eq!(
        url,
        "?q=Zo%C3%AB%20%26%20co&status=pending&type=guest&group=a%20b&sort=email&order=desc"
    );
    let decoded = [
        ("q", "Zoë & co"),
        ("status", "pending"),
        ("type", "guest"),
        ("group", "a b"),
        ("sort", "email"),
        ("order", "desc"),
    ];
    assert_eq!(ListQuery::from_url(decoded), query);
    assert_eq!(ListQuery::default().to_url(), "");
}

#[test]
fn unknown_url_values_fall_back() {
    let query = ListQuery::from_url([("status", "sleeping"), ("sort", "shoe size"), ("x", "y")]);
    assert_eq!(
        ListQuery::from_url([("status", "2")]).status,
        Some(StatusFilter::Disabled),
        "the portal's EmployeeStatus number"
    );
    assert_eq!(ListQuery::from_url([("status", "3")]).status, None);
    assert_eq!(query, ListQuery::default());
}

#[test]
fn becomes_the_api_filter() {
    let query = ListQuery {
        search: "anna iv".into(),
        status: Some(StatusFilter::Disabled),
        user_type: Some(TypeFilter::DocSpaceAdmin),
        group: Some(GroupScope::In("g1".into())),
        sort: SortKey::Registered,
        descending: true,
    };
    assert_eq!(
        query.filter(),
        PeopleFilter {
            search: "anna iv".into(),
            status: Some(UserStatus::Disabled),
            types: vec![UserType::DocSpaceAdmin],
            sort: SortBy::RegistrationDate,
            descending: true,
            group: Some("g1".into()),
            without_group: false,
        }
    );
    let alone = ListQuery::from_url([("group", "none")]);
    assert_eq!(alone.group, Some(GroupScope::Without));
    assert_eq!(alone.to_url(), "?group=none");
    assert!(alone.is_filtered());
    assert_eq!(
        (alone.filter().group, alone.filter().without_group),
        (None, true)
    );
    assert_eq!(ListQuery::from_url([("group", " ")]).group, None);
    assert_eq!(ListQuery::default().filter(), PeopleFilter::default());
}

#[test]
fn clicking_a_header_sorts_then_flips() {
    let by_name = ListQuery::default();
    let by_email = by_name.sorted_by(SortKey::Email);
    assert_eq!(
        (by_email.sort, by_email.descending),
        (SortKey::Email, false)
    );
    let flipped = by_email.sorted_by(SortKey::Email);
    assert!(flipped.descending);
    assert_eq!(flipped.aria_sort(SortKey::Email), "descending");
    assert_eq!(flipped.aria_sort(SortKey::Name), "none");
    assert_eq!(by_email.aria_sort(SortKey::Email), "ascending");
}

#[test]
fn clearing_keeps_the_sort() {
    let query = ListQuery {
        search: "x".into(),
        status: Some(StatusFilter::Active),
        sort: SortKey::Type,
        ..Default::default()
    };
    assert!(query.is_filtered());
    let cleared = query.cleared();
    assert!(!cleared.is_filtered());
    assert_eq!(cleared.sort, SortKey::Type);
}

#[test]
fn a_pages_query_is_read_by_its_keys() {
    let url = [
        ("q", "ann"),
        ("status", "disabled"),
        ("other", "x"),
        ("group", "none"),
    ];
    let q = ListQuery::from_query(|k| {
        url.iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.to_string())
    });
    assert_eq!(q, ListQuery::from_url(url));
    assert_eq!(q.search, "ann");
    assert_eq!(q.group, Some(GroupScope::Without));
}
