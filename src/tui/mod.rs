//! The terminal app: one loop owns the state; input, loads and the clock
//! post messages to it; it draws only when a message changed something.

pub mod state;
mod terminal;
pub mod theme;
pub mod update;
pub mod views;

use crate::domain::portfolio::Portfolio;
use crate::domain::Engine;
use crate::keymap::Keymap;
use crate::source::Source;
use chrono::Utc;
use crossterm::event::Event;
use state::{App, Data};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};
use update::{update, Effect, Msg, Requests};

/// How often the age of the data is refreshed on screen.
const CLOCK_TICK: Duration = Duration::from_secs(30);

/// Runs the TUI until the user quits.
pub fn run(engine: Arc<Engine>, keymap: Keymap, source: Arc<dyn Source>) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(event_loop(engine, keymap, source))
}

async fn event_loop(
    engine: Arc<Engine>,
    keymap: Keymap,
    source: Arc<dyn Source>,
) -> anyhow::Result<()> {
    let (tx, mut rx) = unbounded_channel();
    let mut guard = terminal::Guard::new()?;
    spawn_input(tx.clone());
    spawn_clock(tx.clone());
    let theme = theme::Theme::from_env();
    let mut app = App::new(engine.clone(), keymap, Utc::now());
    let mut requests = Requests::default();
    if let Some(first) = requests.start() {
        spawn_load(&tx, engine.clone(), source.clone(), first);
    }

    let mut dirty = true;
    loop {
        if dirty {
            let drawn = terminal::draw_synced(&mut guard.terminal, true, |f| {
                views::render(&app, &theme, f)
            })?;
            apply_drawn(&mut app, drawn);
            dirty = false;
        }
        let Some(msg) = rx.recv().await else { break };
        // Drain what else is queued before drawing again.
        let mut next = Some(msg);
        while let Some(msg) = next.take() {
            let outcome = update(&mut app, &mut requests, msg);
            dirty |= outcome.redraw;
            match outcome.effect {
                Some(Effect::Quit) => return Ok(()),
                Some(Effect::Load(request)) => {
                    spawn_load(&tx, engine.clone(), source.clone(), request)
                }
                None => {}
            }
            next = rx.try_recv().ok();
        }
    }
    Ok(())
}

/// Feeds back what the draw had room for (list rows, account lines).
pub fn apply_drawn(app: &mut App, drawn: views::Drawn) {
    if let Some(rows) = drawn.list_rows {
        app.page = rows.max(1);
        app.keep_visible();
    }
    if let (Some(lines), Some(view)) = (drawn.account_lines, &mut app.account) {
        view.height = lines.max(1) as u16;
        view.scroll = view.scroll.min(drawn.max_scroll as u16);
    }
}

fn spawn_input(tx: UnboundedSender<Msg>) {
    std::thread::spawn(move || loop {
        let msg = match crossterm::event::read() {
            Ok(Event::Key(key)) => Msg::Key(key),
            Ok(Event::Resize(..)) => Msg::Resize,
            Ok(_) => continue,
            Err(_) => break,
        };
        if tx.send(msg).is_err() {
            break;
        }
    });
}

fn spawn_clock(tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CLOCK_TICK);
        tick.tick().await;
        loop {
            tick.tick().await;
            if tx.send(Msg::Tick(Utc::now())).is_err() {
                break;
            }
        }
    });
}

fn spawn_load(
    tx: &UnboundedSender<Msg>,
    engine: Arc<Engine>,
    source: Arc<dyn Source>,
    request: u64,
) {
    let tx = tx.clone();
    tokio::spawn(async move {
        let result = match source.fetch().await {
            Ok(snapshot) => {
                let today = chrono::Local::now().date_naive();
                tokio::task::spawn_blocking(move || {
                    let portfolio = Portfolio::new(&engine, snapshot.accounts, today);
                    portfolio.prepare_filter();
                    Data {
                        origin: snapshot.origin,
                        fetched_at: snapshot.fetched_at,
                        portfolio,
                    }
                })
                .await
                .map_err(|e| format!("evaluation failed: {e}"))
            }
            Err(e) => Err(format!("could not load: {e}")),
        };
        let _ = tx.send(Msg::Loaded { request, result });
    });
}
