//! End to end: the real binary in a real pseudo-terminal at 80x24.

mod common;

use common::pty::Session;

#[test]
fn shows_the_watch_list_filters_drills_in_and_quits_cleanly() {
    let mut s = Session::start(&["--demo"], &[]);
    let screen = s.wait_for(&["Orienteer", "demo data", "accounts", "Health", "Account"]);
    assert!(
        s.parser.screen().alternate_screen(),
        "runs in the alternate screen"
    );
    assert!(!screen.contains("loading"), "{screen}");
    assert!(s.any_colour(), "bands are coloured when colour is allowed");

    s.send(b"?");
    s.wait_for(&["Keys", "Show this help"]);
    s.send(b"x");
    s.wait_until("help closed", |screen| !screen.contains("Show this help"));

    // Filter as you type, keep it, open the first match, come back.
    s.send(b"/northwind");
    let screen = s.wait_for(&["filter: northwind"]);
    let rows: Vec<&str> = screen
        .lines()
        .skip(3)
        .take(18)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "{screen}");
    assert!(
        rows.iter().all(|r| r.contains("Northwind")),
        "only Northwind rows:\n{screen}"
    );
    s.send(b"\r");
    s.send(b"\r");
    s.wait_for(&["Northwind", "Health", "Indicator", "Alerts"]);
    s.send(b"\x1b");
    s.wait_for(&["filter: northwind", "accounts"]);

    s.send(b"q");
    assert_eq!(s.exit_code(), 0);
    assert!(
        !s.parser.screen().alternate_screen(),
        "the terminal is restored on q"
    );
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal_without_colour() {
    let mut s = Session::start(&["--demo"], &[("NO_COLOR", "1")]);
    s.wait_for(&["accounts", "POOR", "need you"]);
    assert!(!s.any_colour(), "NO_COLOR: not one coloured cell");
    s.send(b"\x03");
    assert_eq!(s.exit_code(), 0);
    assert!(
        !s.parser.screen().alternate_screen(),
        "the terminal is restored on Ctrl-C"
    );
}

/// Esc and `/` typed quickly (over SSH) reach the app in one read, which
/// the terminal library reports as Alt-/: it must act as Esc (clear the
/// filter) then `/` (open the prompt), not type a '/' into the filter.
#[test]
fn esc_and_slash_in_one_write_clear_the_filter_and_open_the_prompt() {
    let mut s = Session::start(&["--demo"], &[("NO_COLOR", "1")]);
    s.wait_for(&["accounts", "Health"]);
    s.send(b"/northwind");
    s.wait_for(&["filter: northwind", "Enter keep"]);
    s.send(b"\r");
    s.wait_for(&["filter: northwind", "Esc clears"]);

    s.send(b"\x1b/");
    let screen = s.wait_for(&["filter: ▏", "Enter keep"]);
    let footer = screen.lines().last().unwrap_or_default().to_string();
    assert!(footer.starts_with("filter: ▏"), "empty prompt:\n{screen}");
    assert!(!screen.contains("filter: /"), "no '/' typed:\n{screen}");
    assert!(!screen.contains("northwind"), "filter cleared:\n{screen}");

    s.send(b"\x03");
    assert_eq!(s.exit_code(), 0);
}

/// In the account view `y` writes the id to the terminal as OSC 52, even
/// over SSH, where `o` shows and copies the link instead of starting a
/// browser; `q` goes back to the list, and on the list quits.
#[test]
fn y_and_o_over_ssh_reach_the_clipboard_through_the_terminal() {
    let envs = [
        ("NO_COLOR", "1"),
        ("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 22"),
    ];
    let mut s = Session::start(&["--demo"], &envs);
    s.wait_for(&["accounts", "Health"]);
    s.send(b"\r");
    let screen = s.wait_for(&["Indicator", "y copy id"]);
    let id = screen
        .lines()
        .nth(1)
        .and_then(|l| l.trim().rsplit(' ').next())
        .unwrap()
        .to_string();
    assert!(id.starts_with('D'), "{screen}");

    s.send(b"y");
    s.wait_for(&[&format!("copied {id}")]);
    let osc = orienteer::tui::links::osc52(&id);
    assert!(s.raw.windows(osc.len()).any(|w| w == osc.as_bytes()));

    s.send(b"o");
    s.wait_for(&["over SSH: https://", "(copied)"]);
    let url = format!("https://crm.example.com/accounts/{id}");
    let osc = orienteer::tui::links::osc52(&url);
    assert!(s.raw.windows(osc.len()).any(|w| w == osc.as_bytes()));

    s.send(b"q");
    s.wait_for(&["? help", "accounts"]);
    s.send(b"q");
    assert_eq!(s.exit_code(), 0);
}

/// The view, sort and filters chosen before quitting are there at the next
/// start, from the file `ORIENTEER_STATE` names; a corrupt one is ignored.
#[test]
fn the_next_run_starts_where_the_last_one_quit() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    std::fs::write(&state, "{corrupt").unwrap();
    let env = [("ORIENTEER_STATE", state.to_str().unwrap())];
    let mut s = Session::start(&["--demo"], &env);
    s.wait_for(&["accounts", "view:Attention"]);
    s.send(b"v");
    s.wait_for(&["view: Renewals in 90 days at risk"]);
    s.send(b"q");
    assert_eq!(s.exit_code(), 0);
    let written = std::fs::read_to_string(&state).unwrap();
    assert!(written.contains("Renewals in 90 days at risk"), "{written}");

    let mut s = Session::start(&["--demo"], &env);
    s.wait_for(&["view: Renewals in 90 days at risk", "renews: ≤90d"]);
    s.send(b"\x03");
    assert_eq!(s.exit_code(), 0);
}

/// The mouse through a real terminal: the app asks for mouse reports (SGR),
/// a click selects the row under it, a second click on it opens the
/// account, the wheel scrolls; on exit mouse reporting is turned off.
#[test]
fn the_mouse_selects_opens_and_scrolls_in_a_real_terminal() {
    let mut s = Session::start(&["--demo"], &[("NO_COLOR", "1")]);
    // "1/288": the rows are drawn (the loading screen says "accounts" too).
    let screen = s.wait_for(&["1/288", "Health"]);
    // Mouse reporting on, in SGR form.
    assert!(contains(&s.raw, b"\x1b[?1000h") && contains(&s.raw, b"\x1b[?1006h"));
    // Screen row 6 (1-based) is the third account row at 80x24; the name
    // starts after the 13-column health cell.
    let row: String = screen.lines().nth(5).unwrap().chars().skip(14).collect();
    let name = row.split("  ").next().unwrap().trim().to_string();
    s.send(b"\x1b[<0;20;6M\x1b[<0;20;6m");
    s.wait_for(&["3/288", &format!("▸ {name}")]);
    s.send(b"\x1b[<0;20;6M\x1b[<0;20;6m");
    let opened = s.wait_for(&["Indicator", "esc back"]);
    assert!(
        opened.lines().next().unwrap().starts_with(&name),
        "{opened}"
    );
    s.send(b"\x1b");
    // The list again: its footer names the view (the account view's does not).
    s.wait_for(&["view:Attention"]);
    // Three wheel notches down move the selection nine rows.
    s.send(b"\x1b[<65;20;10M\x1b[<65;20;10M\x1b[<65;20;10M");
    s.wait_for(&["12/288"]);
    s.send(b"q");
    assert_eq!(s.exit_code(), 0);
    assert!(
        contains(&s.raw, b"\x1b[?1000l"),
        "mouse reporting turned off"
    );
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Sync from a live source, lose the source, start again: the watch list
/// comes from the local cache, says so, and how old it is.
#[test]
fn after_a_sync_the_tui_starts_from_the_cache_when_the_source_is_gone() {
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(path("/accounts"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "accounts": [{"id": "R1", "name": "Cached Co", "arr": 5000,
                              "contract_start": "2026-01-01", "renewal_date": "2027-01-01"}],
                "next_cursor": null
            })))
            .mount(&server)
            .await;
        server
    });
    let data = tempfile::tempdir().unwrap();
    let (_dir, config) = common::config::rest(&server.uri());
    let envs = [
        ("ORIENTEER_CONFIG", config.to_str().unwrap()),
        ("ORIENTEER_DATA", data.path().to_str().unwrap()),
        ("ORIENTEER_TEST_TOKEN", "tok"),
        ("NO_COLOR", "1"),
    ];
    let out = common::binary::command(&config, data.path())
        .arg("sync")
        .envs(envs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    rt.block_on(server.reset());
    let mut s = Session::start(&[], &envs);
    let screen = s.wait_for(&[
        "Cached Co",
        "data just now",
        "cached, sync failed (source error)",
    ]);
    assert!(screen.contains("1 accounts"), "{screen}");
    // The whole reason is a keystroke away.
    assert!(screen.contains("1 warning (i)"), "{screen}");
    s.send(b"i");
    let screen = s.wait_for(&["About the data", "could not sync (source error)"]);
    assert!(screen.contains("GET /accounts"), "{screen}");
    s.send(b"x");
    s.send(b"q");
    assert_eq!(s.exit_code(), 0);
}

/// The token's variable unset: the app starts from the cache all the
/// same, says how old it is and why it could not sync (the variable
/// named), and does not ask for the token to show what it has.
#[test]
fn without_the_token_the_tui_starts_from_the_cache() {
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(path("/accounts"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "accounts": [{"id": "R1", "name": "Cached Co", "arr": 5000}],
                "next_cursor": null
            })))
            .mount(&server)
            .await;
        server
    });
    let data = tempfile::tempdir().unwrap();
    let var = "ORIENTEER_E2E_TOKEN_NOT_IN_THE_TUI";
    let (_dir, config) = common::config::file(&format!(
        "[source]\nkind = \"rest\"\nbase_url = \"{}\"\ntoken_env = \"{var}\"\n",
        server.uri()
    ));
    let envs = [
        ("ORIENTEER_CONFIG", config.to_str().unwrap()),
        ("ORIENTEER_DATA", data.path().to_str().unwrap()),
        ("NO_COLOR", "1"),
    ];
    let out = common::binary::command(&config, data.path())
        .arg("sync")
        .envs(envs)
        .env(var, "tok")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut s = Session::start(&[], &envs);
    let screen = s.wait_for(&["Cached Co", "data just now", "cached, sync failed (setup)"]);
    assert!(screen.contains("1 warning (i)"), "{screen}");
    s.send(b"i");
    s.wait_for(&["About the data", var]);
    s.send(b"x");
    s.send(b"q");
    assert_eq!(s.exit_code(), 0);
}

/// `orienteer sync` on a terminal draws its progress on one line of
/// stderr, redrawn in place as pages arrive, and clears it for the summary.
#[test]
fn sync_on_a_terminal_shows_its_progress_then_the_summary() {
    use wiremock::matchers::{path, query_param, query_param_is_missing};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let page = |ids: &[&str], next: Option<&str>| {
        let accounts: Vec<serde_json::Value> = ids
            .iter()
            .map(|id| serde_json::json!({"id": id, "name": format!("Co {id}")}))
            .collect();
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"accounts": accounts, "next_cursor": next}))
            .set_delay(std::time::Duration::from_millis(400))
    };
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(path("/accounts"))
            .and(query_param_is_missing("cursor"))
            .respond_with(page(&["R1", "R2"], Some("p2")))
            .mount(&server)
            .await;
        Mock::given(path("/accounts"))
            .and(query_param("cursor", "p2"))
            .respond_with(page(&["R3"], None))
            .mount(&server)
            .await;
        server
    });
    let data = tempfile::tempdir().unwrap();
    let (_dir, config) = common::config::rest(&server.uri());
    let envs = [
        ("ORIENTEER_CONFIG", config.to_str().unwrap()),
        ("ORIENTEER_DATA", data.path().to_str().unwrap()),
        ("ORIENTEER_TEST_TOKEN", "tok"),
    ];
    let mut s = Session::start(&["sync"], &envs);
    assert_eq!(s.exit_code(), 0);
    let raw = String::from_utf8_lossy(&s.raw).into_owned();
    // Counting while the pages come: the first page's two, then all three.
    assert!(raw.contains("syncing: accounts 2 "), "{raw:?}");
    assert!(
        raw.contains("\rsyncing: accounts"),
        "redrawn in place: {raw:?}"
    );
    let screen = s.parser.screen().contents();
    assert!(
        screen.contains("synced REST API at 127.0.0.1") && screen.contains("3 accounts, 3 changed"),
        "{screen}"
    );
    assert!(!screen.contains("syncing:"), "the bar is cleared: {screen}");
}

/// During a call: `p`, Enter, the note, Enter from the watch list. The log
/// is queued in the real store, the background flusher delivers it (the
/// demo keeps it locally), the account shows it sent, and it is still
/// there, sent, for the command line after the app quits.
#[test]
fn a_play_logged_in_the_app_is_queued_then_sent_and_kept() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    let envs = [("ORIENTEER_DATA", data_dir), ("NO_COLOR", "1")];
    let mut s = Session::start(&["--demo", "--demo-size", "50"], &envs);
    s.wait_for(&["accounts", "Why"]);
    s.send(b"p");
    s.wait_for(&["Log a play"]);
    s.send(b"\r");
    s.send(b"Called Ann, renewal on track");
    s.send(b"\r");
    s.wait_for(&["queued:"]);
    // Open the account: the log is there, delivered by the flusher.
    s.send(b"\r");
    s.wait_for(&["Plays"]);
    // A page down: the logged plays follow the recommended ones.
    s.send(b"\x1b[6~");
    let screen = s.wait_for(&["Logged", "[sent]"]);
    assert!(screen.contains("Called Ann"), "{screen}");
    s.send(b"q");
    s.send(b"q");
    assert_eq!(s.exit_code(), 0);

    let out = common::binary::command(common::config::empty(), data.path())
        .args([
            "--demo",
            "--demo-size",
            "50",
            "outbox",
            "list",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("Called Ann, renewal on track") && text.contains("\"sent\""),
        "{text}"
    );
}

/// The morning loop's snooze: `z` on the top row, `1` (a week), Enter, the
/// reason, Enter. The snooze is kept in the real store (off the keys'
/// thread), the status line says so, and `orienteer snoozed` lists it
/// after the app quits.
#[test]
fn z_snoozes_the_top_alert_in_the_real_store() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    let envs = [("ORIENTEER_DATA", data_dir), ("NO_COLOR", "1")];
    let demo = ["--demo", "--demo-size", "50", "--as-of", "2026-11-23"];
    let mut s = Session::start(&demo, &envs);
    s.wait_for(&["accounts", "Why"]);
    s.send(b"z");
    s.wait_for(&["Snooze an alert", "until Mon 2026-11-30"]);
    s.send(b"1");
    s.send(b"\r");
    s.wait_for(&["Reason", "Enter snooze"]);
    s.send(b"customer on vacation");
    s.send(b"\r");
    let screen = s.wait_for(&["Snoozed ", " until 11-30"]);
    assert!(
        !screen.contains("Snooze an alert"),
        "the form closed: {screen}"
    );
    s.send(b"q");
    assert_eq!(s.exit_code(), 0);

    let mut args = demo.to_vec();
    args.extend(["snoozed", "--format", "json"]);
    let out = common::binary::command(common::config::empty(), data.path())
        .args(&args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{text}");
    assert_eq!(rows[0]["until"], "2026-11-30");
    assert_eq!(rows[0]["reason"], "customer on vacation");
    assert!(rows[0]["woken"].is_null(), "{text}");
}

/// Space, space, `y`: the two marked ids reach the clipboard through the
/// terminal as one OSC 52, one id per line.
#[test]
fn space_space_y_copies_two_ids() {
    let mut s = Session::start(&["--demo"], &[("NO_COLOR", "1")]);
    s.wait_for(&["accounts", "Health"]);
    s.send(b"  ");
    s.wait_for(&["2 marked: p log"]);
    s.send(b"y");
    s.wait_for(&["copied 2 ids"]);
    let raw = String::from_utf8_lossy(&s.raw).into_owned();
    let start = raw.rfind("\x1b]52;c;").expect("an OSC 52") + 7;
    let end = start + raw[start..].find('\x1b').expect("its end");
    let text = String::from_utf8(base64_decode(&raw[start..end])).unwrap();
    let ids: Vec<&str> = text.lines().collect();
    assert_eq!(ids.len(), 2, "{text:?}");
    assert!(ids.iter().all(|id| id.starts_with('D')), "{text:?}");
    assert_ne!(ids[0], ids[1]);
    assert_eq!(orienteer::tui::links::osc52(&text), raw[start - 7..end + 2]);
    s.send(b"\x03");
    assert_eq!(s.exit_code(), 0);
}

/// Standard base64 with padding, as OSC 52 carries it.
fn base64_decode(text: &str) -> Vec<u8> {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for b in text.bytes().filter(|&b| b != b'=') {
        let v = ABC.iter().position(|&c| c == b).expect("a base64 digit") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
