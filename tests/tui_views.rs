//! My accounts, renewals within N days, the reversed sort and saved views,
//! key by key through `update`, on the demo portfolio of a fixed day.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use orienteer::domain::portfolio::{Filter, SortKey};
use orienteer::domain::Band;
use orienteer::saved_views::{all, Column, Owner, SavedView};

fn footer(h: &Harness) -> String {
    h.screen().lines().last().unwrap().to_string()
}

/// The owner of the top account, as `me`, with the built-in views.
fn with_me(h: &mut Harness) -> String {
    let p = h.app.portfolio().unwrap();
    let me = p.accounts[h.app.visible[0] as usize].owner.clone().unwrap();
    let views = all(&h.app.engine, &[]);
    h.app.set_views(Some(me.clone()), views);
    me
}

#[test]
fn m_shows_my_accounts_and_says_how_to_set_me_when_unset() {
    let mut h = Harness::new(80, 24);
    let everyone = h.app.visible.len();
    // No `me`: nothing filtered, and the footer says what to set.
    h.key(KeyCode::Char('m'));
    assert_eq!(h.app.visible.len(), everyone);
    assert!(footer(&h).contains("me = \"Your Name\""), "{}", footer(&h));
    // The next key clears the notice.
    h.key(KeyCode::Char('j'));
    assert!(!footer(&h).contains("me = "));

    let me = with_me(&mut h);
    h.key(KeyCode::Char('m'));
    let p = h.app.portfolio().unwrap();
    assert!(!h.app.visible.is_empty() && h.app.visible.len() < everyone);
    assert!(h
        .app
        .visible
        .iter()
        .all(|&i| p.accounts[i as usize].owner.as_deref() == Some(me.as_str())));
    assert!(footer(&h).contains("mine"), "{}", footer(&h));
    // m again: everyone's.
    h.key(KeyCode::Char('m'));
    assert_eq!(h.app.visible.len(), everyone);
    // Esc clears it with the other filters.
    h.key(KeyCode::Char('m'));
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.filter, Filter::default());
    assert_eq!(h.app.visible.len(), everyone);
}

#[test]
fn w_cycles_renewals_within_30_60_90_days_then_any() {
    let mut h = Harness::new(80, 24);
    let everyone = h.app.visible.len();
    let mut seen = Vec::new();
    for want in [Some(30), Some(60), Some(90), None] {
        h.key(KeyCode::Char('w'));
        assert_eq!(h.app.filter.renewal_within, want);
        let days: Vec<i64> = h
            .app
            .rows(0, h.app.visible.len())
            .iter()
            .map(|i| i.days_to_renewal.unwrap_or(i64::MAX))
            .collect();
        if let Some(d) = want {
            assert!(days.iter().all(|&x| x <= i64::from(d)), "within {d}");
            assert!(
                footer(&h).contains(&format!("renews: ≤{d}d")),
                "{}",
                footer(&h)
            );
        }
        seen.push(h.app.visible.len());
    }
    assert!(seen[0] <= seen[1] && seen[1] <= seen[2] && seen[2] < everyone);
    assert_eq!(seen[3], everyone);
    h.key(KeyCode::Char('w'));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.filter.renewal_within, None);
}

#[test]
fn capital_s_turns_the_sort_around_and_the_footer_says_so() {
    let mut h = Harness::new(80, 24);
    let first = h.selected_name();
    let order = h.app.visible.clone();
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('S'));
    assert!(h.app.reverse);
    let mut reversed = h.app.visible.clone();
    reversed.reverse();
    assert_eq!(reversed, order);
    assert_eq!(h.app.selected, 0, "read from the new top");
    assert!(footer(&h).contains("sort:attention rev"), "{}", footer(&h));
    h.key(KeyCode::Char('S'));
    assert!(!h.app.reverse);
    assert_eq!(h.selected_name(), first);
    assert!(!footer(&h).contains("rev"));
}

#[test]
fn v_cycles_the_views_and_the_footer_names_the_one_in_force() {
    let mut h = Harness::new(80, 24);
    assert!(footer(&h).contains("view:Attention"), "{}", footer(&h));
    h.key(KeyCode::Char('v'));
    assert_eq!(h.app.view, Some(1));
    assert_eq!(h.app.sort, SortKey::Renewal);
    assert_eq!(h.app.filter.bands, [Band::Poor, Band::Average]);
    assert_eq!(h.app.filter.renewal_within, Some(90));
    assert!(
        footer(&h).contains("view: Renewals in 90 days at risk "),
        "{}",
        footer(&h)
    );
    // Changing a filter marks the view changed.
    h.key(KeyCode::Char('w'));
    assert!(footer(&h).contains("at risk*"), "{}", footer(&h));
    h.key(KeyCode::Char('v'));
    assert_eq!(h.app.filter.stage, h.app.engine.stage_index("onboarding"));
    assert_eq!(h.app.sort, SortKey::Overdue);
    h.key(KeyCode::Char('v'));
    assert!(h.app.filter.follow_up_due);
    assert!(footer(&h).contains("follow-up due"), "{}", footer(&h));
    // Around to the first again: no filter, attention order.
    h.key(KeyCode::Char('v'));
    assert_eq!(h.app.view, Some(0));
    assert_eq!(h.app.filter, Filter::default());
    assert_eq!(h.app.sort, SortKey::Attention);
}

#[test]
fn a_view_of_my_accounts_limits_the_columns() {
    let mut h = Harness::new(80, 24);
    let me = with_me(&mut h);
    let mut views = all(&h.app.engine, &[]);
    views.push(SavedView {
        owner: Some(Owner::Me),
        columns: Some(vec![Column::Owner, Column::Renew]),
        ..SavedView::new("Mine")
    });
    h.app.set_views(Some(me.clone()), views);
    for _ in 0..4 {
        h.key(KeyCode::Char('v'));
    }
    assert_eq!(h.app.filter.owner.as_deref(), Some(me.as_str()));
    let screen = h.screen();
    let titles = screen.lines().nth(2).unwrap();
    assert!(
        titles.contains("Owner") && titles.contains("Renew"),
        "{titles}"
    );
    assert!(
        !titles.contains("Why") && !titles.contains("ARR"),
        "{titles}"
    );
    assert!(footer(&h).starts_with("view: Mine  mine"), "{}", footer(&h));
}

#[test]
fn footer_with_a_view_in_force_80x24() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::Char('v'));
    insta::assert_snapshot!(h.screen());
}

/// A book whose listed accounts have no ARR says so in the header, at any
/// width, instead of a sum of nothing ("$0"); one account with an ARR
/// brings the sum back.
#[test]
fn the_header_says_arr_unknown_when_no_listed_account_has_one() {
    use orienteer::domain::Account;
    let account = |id: &str, arr: Option<f64>| Account {
        id: id.into(),
        name: format!("Account {id}"),
        arr,
        ..Account::default()
    };
    let none = vec![account("1", None), account("2", None)];
    for width in [80, 120] {
        let h = Harness::with_accounts(none.clone(), width, 24, false);
        let header = h.screen().lines().nth(1).unwrap().to_string();
        assert!(header.contains("2 accounts ARR unknown"), "{header}");
        assert!(!header.contains('$'), "{header}");
    }
    let some = vec![account("1", Some(85_400.0)), account("2", None)];
    let h = Harness::with_accounts(some, 120, 24, false);
    let header = h.screen().lines().nth(1).unwrap().to_string();
    assert!(
        header.contains("2 accounts $85k (1 without ARR)"),
        "{header}"
    );
}
