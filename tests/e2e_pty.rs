//! End to end: the real binary in a real pseudo-terminal at 80x24.

mod common;

use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(60);

struct Session {
    parser: vt100::Parser,
    /// Every byte the program wrote, for what the screen does not show
    /// (OSC 52).
    raw: Vec<u8>,
    output: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Held so the pty stays open until the session ends.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(args: &[&str], envs: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_orienteer"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        // Never the developer's own config: an explicit empty one.
        cmd.env("ORIENTEER_CONFIG", common::config::empty());
        // Nor the real state dir: a temp one, unless the test names its own.
        cmd.env("ORIENTEER_STATE", common::config::state_file());
        cmd.env("ORIENTEER_DATA", common::config::data_dir());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn orienteer");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Session {
            parser: vt100::Parser::new(24, 80, 0),
            raw: Vec::new(),
            output,
            writer,
            child,
            _master: pty.master,
        }
    }

    /// Reads output until `done` holds for the screen's text.
    fn wait_until(&mut self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.parser.screen().contents();
            if done(&screen) {
                return screen;
            }
            let left = DEADLINE.saturating_sub(start.elapsed());
            assert!(
                !left.is_zero(),
                "screen never showed {what}; it shows:\n{screen}"
            );
            if let Ok(bytes) = self
                .output
                .recv_timeout(left.min(Duration::from_millis(200)))
            {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
            }
        }
    }

    /// Reads output until the screen shows all of `needles`.
    fn wait_for(&mut self, needles: &[&str]) -> String {
        self.wait_until(&format!("{needles:?}"), |s| {
            needles.iter().all(|n| s.contains(n))
        })
    }

    /// Whether any cell on screen has a foreground or background colour.
    fn any_colour(&self) -> bool {
        let screen = self.parser.screen();
        let (rows, cols) = screen.size();
        (0..rows).any(|r| {
            (0..cols).any(|c| {
                screen.cell(r, c).is_some_and(|cell| {
                    cell.fgcolor() != vt100::Color::Default
                        || cell.bgcolor() != vt100::Color::Default
                })
            })
        })
    }

    fn send(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    /// Reads the output to its end (the program exited and closed the
    /// terminal, so the reader hits end of file and closes the channel),
    /// then returns the exit code.
    fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            let left = DEADLINE.saturating_sub(start.elapsed());
            match self.output.recv_timeout(left) {
                Ok(bytes) => {
                    self.parser.process(&bytes);
                    self.raw.extend_from_slice(&bytes);
                }
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => panic!("orienteer did not exit"),
            }
        }
        self.child.wait().expect("wait for orienteer").exit_code()
    }
}

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
    s.wait_for(&["accounts", "POOR", "good"]);
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
    s.wait_for(&["enter open", "accounts"]);
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
    let screen = s.wait_for(&["accounts", "Health"]);
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
    s.wait_for(&["enter open"]);
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
    let (_dir, config) = common::config::file(&format!(
        "[source]\nkind = \"rest\"\nbase_url = \"{}\"\ntoken_env = \"ORIENTEER_TEST_TOKEN\"\n",
        server.uri()
    ));
    let envs = [
        ("ORIENTEER_CONFIG", config.to_str().unwrap()),
        ("ORIENTEER_DATA", data.path().to_str().unwrap()),
        ("ORIENTEER_TEST_TOKEN", "tok"),
        ("NO_COLOR", "1"),
    ];
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orienteer"))
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
    s.send(b"q");
    assert_eq!(s.exit_code(), 0);
}
