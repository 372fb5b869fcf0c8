//! `i`: about the data. The header says there are warnings and which key
//! shows them; the overlay shows the source, the data's age, the last
//! failure in full and every warning, scrolls like help and syncs on `r`.

mod common;

use common::Harness;
use crossterm::event::KeyCode;
use orienteer::tui::state::Mode;
use orienteer::tui::update::Effect;

const FAILED: &str = "could not sync (network): cannot reach the source: error sending request \
                      for url (https://api.hubapi.com/crm/v3/objects/companies): connection \
                      refused (3 attempts); showing the cache from 2 h ago";

fn stale(h: &mut Harness, warnings: Vec<String>) {
    let data = h.app.data.as_mut().unwrap();
    data.origin = orienteer::source::Origin::Cached {
        source: "HubSpot (portal 1234)".into(),
        last_error: Some(orienteer::source::LastError {
            kind: "network".into(),
            message: "cannot reach the source".into(),
            this_load: true,
        }),
    };
    data.warnings = warnings;
}

#[test]
fn the_header_counts_warnings_and_i_shows_them_in_full() {
    let mut h = Harness::new(80, 24);
    assert!(!h.draw().contains("warning"), "no warnings, no hint");
    stale(
        &mut h,
        vec![
            FAILED.to_string(),
            "account 4711: arr: `lots` is not a number".to_string(),
        ],
    );
    let screen = h.draw();
    let header = screen.lines().next().unwrap();
    assert!(
        header.contains("2 warnings (i)") && header.contains("sync failed (network)"),
        "{header}"
    );

    h.key(KeyCode::Char('i'));
    assert_eq!(h.app.mode, Mode::Info);
    let screen = h.screen();
    insta::assert_snapshot!(screen);
    // The whole reason, wrapped, not cut.
    let text: String = screen
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for part in [
        "connection refused (3 attempts)",
        "arr: `lots` is not a number",
    ] {
        assert!(text.contains(part), "{part} in\n{screen}");
    }

    // r syncs from here and keeps the overlay; another key closes it.
    let out = h.key(KeyCode::Char('r'));
    assert!(
        matches!(out.effect, Some(Effect::Load(_))),
        "{:?}",
        out.effect
    );
    assert_eq!(h.app.mode, Mode::Info);
    h.key(KeyCode::Char('x'));
    assert_eq!(h.app.mode, Mode::Normal);
    assert!(!h.screen().contains("About the data"));
}

#[test]
fn many_warnings_scroll() {
    let mut h = Harness::new(80, 24);
    let many = (0..40)
        .map(|i| format!("account A{i:03}: nps: `n/a` is not a number"))
        .collect();
    stale(&mut h, many);
    h.key(KeyCode::Char('i'));
    let first = h.screen();
    assert!(first.contains("A000") && !first.contains("A039"), "{first}");
    assert!(first.contains("↓ more"), "{first}");
    h.key(KeyCode::Char('G'));
    let last = h.screen();
    assert!(last.contains("A039") && last.contains("↑ more"), "{last}");
    assert_eq!(
        h.app.mode,
        Mode::Info,
        "moving keys scroll, they do not close"
    );
}

#[test]
fn i_lists_what_the_mapping_misses_under_its_own_heading() {
    let mut h = Harness::new(80, 24);
    h.app.data.as_mut().unwrap().mapping = vec![
        "not mapped: nps, csat (customer satisfaction has no data)".to_string(),
        "`ms_kick_off` (milestone kickoff): no company has a value. Is the name right? \
         HubSpot has `ms_kickoff`"
            .to_string(),
    ];
    h.key(KeyCode::Char('i'));
    let screen = h.screen();
    let text: String = screen
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for part in [
        "Warnings none",
        "What the mapping misses",
        "• not mapped: nps, csat (customer satisfaction has no data)",
        "Is the name right? HubSpot has `ms_kickoff`",
    ] {
        assert!(text.contains(part), "{part} in\n{screen}");
    }
}

#[test]
fn i_says_where_the_log_file_is() {
    let mut h = Harness::new(100, 30);
    h.app.log_path = Some("/home/csm/.local/state/orienteer/orienteer.log".into());
    h.key(KeyCode::Char('i'));
    let screen = h.screen();
    assert!(
        screen.contains("Log file  /home/csm/.local/state/orienteer/orienteer.log"),
        "{screen}"
    );
    assert!(screen.contains("crash reports beside it"), "{screen}");
}
