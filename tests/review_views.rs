//! The Review screen's Signals and Model tabs, drawn on their own at
//! 80x24 and 160x48 without colour, on the demo portfolio of a fixed day.

mod common;

use orienteer::domain::review::{review, Review};
use orienteer::domain::{Engine, Model};
use orienteer::source::demo::Demo;
use orienteer::tui::theme::Theme;
use orienteer::tui::views::review_model::draw_model;
use orienteer::tui::views::review_signals::draw_signals;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

fn demo_review() -> Review {
    let engine = Engine::new(Model::default()).unwrap();
    let demo = Demo::new(1_000, common::today());
    review(&engine, &demo.accounts(), demo.today, 90)
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn draw(w: u16, h: u16, f: impl Fn(&mut ratatui::Frame)) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|frame| f(frame)).unwrap();
    text(t.backend().buffer())
}

const PLAIN: Theme = Theme::plain();

#[test]
fn signals_tab_at_80x24_and_160x48() {
    let r = demo_review();
    let small = draw(80, 24, |f| draw_signals(f, f.area(), &r, 0, &PLAIN));
    insta::assert_snapshot!("signals_80x24", small);
    let big = draw(160, 48, |f| draw_signals(f, f.area(), &r, 3, &PLAIN));
    insta::assert_snapshot!("signals_160x48", big);
}

#[test]
fn the_selected_signal_stays_in_view_and_is_marked_without_colour() {
    let r = demo_review();
    let last = r.signals.len() - 1;
    let screen = draw(80, 24, |f| draw_signals(f, f.area(), &r, last, &PLAIN));
    let marked: Vec<&str> = screen.lines().filter(|l| l.starts_with('>')).collect();
    assert_eq!(marked.len(), 1, "{screen}");
    assert!(marked[0].contains(&format!("{}", last + 1)), "{screen}");
    assert!(screen.contains(&r.signals[last].label()), "{screen}");
}

#[test]
fn model_tab_at_80x24_and_160x48() {
    let r = demo_review();
    let small = draw(80, 24, |f| draw_model(f, f.area(), &r, 0, &PLAIN));
    insta::assert_snapshot!("model_80x24", small);
    let big = draw(160, 48, |f| draw_model(f, f.area(), &r, 0, &PLAIN));
    insta::assert_snapshot!("model_160x48", big);
}

#[test]
fn with_no_closed_accounts_the_tabs_say_so() {
    let engine = Engine::new(Model::default()).unwrap();
    let r = review(&engine, &[], common::today(), 90);
    let s = draw(80, 24, |f| draw_signals(f, f.area(), &r, 0, &PLAIN));
    assert!(s.contains("No closed accounts to learn from"), "{s}");
    let m = draw(80, 24, |f| draw_model(f, f.area(), &r, 0, &PLAIN));
    assert!(m.contains("No suggestion"), "{m}");
}

#[test]
fn with_no_score_at_the_horizon_the_model_tab_says_why_in_a_line() {
    // The demo's closed accounts as a CRM without history would send them:
    // no metric readings and no recorded scores before today.
    let engine = Engine::new(Model::default()).unwrap();
    let demo = Demo::new(1_000, common::today());
    let mut accounts = demo.accounts();
    for a in &mut accounts {
        a.metrics = Default::default();
        a.recorded_scores = Default::default();
    }
    let r = review(&engine, &accounts, demo.today, 90);
    assert!(r.churned > 0);
    let m = draw(80, 24, |f| draw_model(f, f.area(), &r, 0, &PLAIN));
    let words = m.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.starts_with("No closed account had a health score 90 days before its outcome"),
        "{m}"
    );
    assert!(words.contains("--horizon"), "{m}");
    assert!(!m.contains("AUC n/a"), "{m}");
}
