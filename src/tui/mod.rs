//! The terminal app: one loop owns the state; input, loads and the clock
//! post messages to it; it draws only when a message changed something.

pub(crate) mod form;
pub mod jobs;
pub mod links;
mod loads;
pub mod logger;
pub mod marks;
pub mod mouse;
mod nav;
pub mod outbox_sink;
pub mod plays;
pub mod remember;
pub mod review;
pub(crate) mod saved;
pub mod snoozer;
pub mod state;
pub mod store_thread;
mod terminal;
pub mod theme;
pub mod update;
pub mod views;

use crate::app::load::Loader;
use crate::clock::{AsOf, Clock};
use crate::domain::draft::Drafted;
use crate::keymap::Keymap;
use crate::outbox::FlusherEvent;
use crate::saved_views::SavedView;
use chrono::Utc;
use crossterm::event::Event;
use logger::editor::InputGate;
use plays::{Deliveries, PlaySink};
use state::App;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use update::{update, Effect, Msg};

/// How often the age of the data is refreshed on screen, and the day checked.
const CLOCK_TICK: Duration = Duration::from_secs(30);

/// What the TUI needs from the config besides the loader.
pub(crate) struct Settings {
    pub(crate) keymap: Keymap,
    pub(crate) clock: Clock,
    /// Whether the app takes the mouse (wheel, click, double-click).
    pub(crate) mouse: bool,
    /// The config's `me`, for "my accounts".
    pub(crate) me: Option<String>,
    /// The saved views, built-in then the config's.
    pub(crate) views: Vec<SavedView>,
    /// Sync a live source this often in the background (`[sync] interval`).
    pub(crate) sync_every: Option<Duration>,
    /// Where `p` queues logged plays (the outbox); `None`: `p` says why it
    /// cannot log.
    pub(crate) play_sink: Option<Arc<dyn PlaySink>>,
    /// What the outbox holds at startup: logs waiting, and logs that
    /// failed in an earlier run.
    pub(crate) outbox_now: Deliveries,
    /// How the outbox's write-backs go, as they change.
    pub(crate) deliveries: Option<UnboundedReceiver<FlusherEvent>>,
}

/// Runs the TUI until the user quits, on the caller's tokio runtime.
pub(crate) async fn run(loader: Loader, settings: Settings) -> anyhow::Result<()> {
    let Settings {
        keymap,
        clock,
        mouse,
        me,
        views,
        sync_every,
        play_sink,
        outbox_now,
        deliveries,
    } = settings;
    let loader = Loader {
        prepare_filter: true,
        ..loader
    };
    let (tx, mut rx) = unbounded_channel();
    let mut guard = terminal::Guard::new(mouse)?;
    let gate = InputGate::default();
    spawn_input(tx.clone(), gate.clone());
    if let Some(deliveries) = deliveries {
        spawn_deliveries(tx.clone(), deliveries);
    }
    spawn_clock(tx.clone());
    if let Some(every) = sync_every {
        spawn_sync_timer(tx.clone(), every);
    }
    let theme = theme::Theme::from_env();
    let mut app = App::new(loader.engine.clone(), keymap, clock, Utc::now());
    app.opener = links::Opener::detect();
    app.set_views(me, views);
    // Logged plays are written here, off the keys' thread.
    let store = play_sink
        .clone()
        .map(|sink| store_thread::StoreThread::spawn(sink, tx.clone()));
    app.play_sink = play_sink;
    app.deliveries = outbox_now;
    app.log_path = crate::observe::log_path().map(Into::into);
    // Where the last run left off; a missing or corrupt file is ignored.
    let state_file = remember::path();
    if let Some(r) = state_file.as_deref().and_then(remember::Remembered::read) {
        r.apply(&mut app);
    }
    let mut next = Some(Msg::Reload);
    let mut dirty = true;
    loop {
        // Handle everything queued before drawing again.
        while let Some(msg) = next.take() {
            let outcome = update(&mut app, msg);
            dirty |= outcome.redraw;
            match outcome.effect {
                // Where the CSM was is remembered either way; a failure to
                // write it must not turn a clean quit into an error.
                Some(Effect::Quit) => {
                    remember::Remembered::keep(&app, state_file.as_deref());
                    return Ok(());
                }
                Some(Effect::Fail(why)) => {
                    remember::Remembered::keep(&app, state_file.as_deref());
                    tracing::error!("the app ends: {why}");
                    anyhow::bail!("{why}");
                }
                Some(Effect::Load(request)) => {
                    let preload = app.data.is_none();
                    spawn_load(&tx, &loader, app.clock.as_of(Utc::now()), request, preload)
                }
                Some(Effect::OpenUrl(url)) => {
                    let tx = tx.clone();
                    let link = url.clone();
                    links::open_url(&url, move |why| {
                        let _ = tx.send(Msg::OpenFailed { url: link, why });
                    });
                }
                // Through the terminal, so it reaches the clipboard of the
                // machine the user sits at, over SSH and tmux too.
                Some(Effect::Copy(text)) => links::copy(&mut std::io::stdout(), &text)?,
                // Behind the keys already queued: the app stays responsive.
                Some(Effect::JourneyStep(generation)) => {
                    let _ = tx.send(Msg::JourneyStep(generation));
                }
                // Fitting the model takes too long between two keys.
                Some(Effect::Review(generation, looks)) => {
                    let engine = app.engine.clone();
                    let fit = async move {
                        let review = jobs::blocking(move || looks.review(&engine)).await;
                        Msg::Reviewed {
                            generation,
                            review: Box::new(review),
                        }
                    };
                    let failed = move |why| Msg::ReviewFailed { generation, why };
                    jobs::spawn_job("review", &tx, fit, failed);
                }
                Some(Effect::Queue(drafted)) => {
                    if let Some(refused) = hand_log(store.as_ref(), *drafted) {
                        next = Some(refused);
                        continue;
                    }
                }
                // One log per marked account, each its own row: a refusal
                // comes back behind the keys, as the store's answers do.
                Some(Effect::QueueAll(drafted)) => {
                    for d in drafted {
                        if let Some(refused) = hand_log(store.as_ref(), d) {
                            let _ = tx.send(refused);
                        }
                    }
                }
                Some(Effect::Snooze(job)) => {
                    let handed = match &store {
                        Some(store) => store.snooze((*job).clone()),
                        None => Err(plays::QueueError::NoStore(plays::NO_SINK)),
                    };
                    if let Err(why) = handed {
                        next = Some(Msg::Snoozed {
                            job,
                            result: Err(why),
                        });
                        continue;
                    }
                }
                // A file, off the event loop: a slow disk holds no key.
                Some(Effect::Export(job)) => {
                    let tx = tx.clone();
                    tokio::task::spawn_blocking(move || {
                        let _ = tx.send(marks::export::carry_out_export(*job));
                    });
                }
                Some(Effect::EditNote(note)) => {
                    let edited = tokio::task::block_in_place(|| {
                        logger::editor::edit_note(&gate, mouse, &note)
                    });
                    // The editor drew over the screen: draw all of it again.
                    guard.terminal.clear()?;
                    dirty = true;
                    next = Some(Msg::NoteEdited(edited));
                    continue;
                }
                None => {}
            }
            next = rx.try_recv().ok();
        }
        if dirty {
            let drawn =
                terminal::draw_synced(&mut guard.terminal, |f| views::render(&app, &theme, f))?;
            // What the draw had room for goes back through `update`.
            update(&mut app, Msg::Drawn(drawn));
            dirty = false;
        }
        match rx.recv().await {
            Some(msg) => next = Some(msg),
            None => return Ok(()),
        }
    }
}

/// Hands `drafted` to the store thread; the answer if it could not be
/// handed over (no store, or its thread has stopped).
fn hand_log(store: Option<&store_thread::StoreThread>, drafted: Drafted) -> Option<Msg> {
    let account = drafted.draft.account_id.clone();
    let title = drafted.play_title.clone();
    let handed = match store {
        Some(store) => store.queue(drafted),
        None => Err(plays::QueueError::NoStore(plays::NO_SINK)),
    };
    handed.err().map(|why| Msg::Queued {
        account,
        title,
        result: Err(why),
    })
}

/// Reads the terminal's events on their own thread. A read that fails,
/// or a panic, comes back as [`Msg::InputLost`]: the app ends and says
/// why instead of drawing on with no keys.
fn spawn_input(tx: UnboundedSender<Msg>, gate: InputGate) {
    let supervisor = tx.clone();
    let reader = tx.clone();
    let started = std::thread::Builder::new()
        // A panic here is caught below: the hook leaves the terminal be.
        .name(crate::observe::THREAD_NAME.into())
        .spawn(move || {
            let read = std::panic::AssertUnwindSafe(|| read_input(&reader, &gate));
            let lost = match std::panic::catch_unwind(read) {
                Ok(Some(why)) => why,
                // The event loop has gone: nobody to tell.
                Ok(None) => return,
                Err(payload) => format!(
                    "the input thread panicked: {}",
                    crate::observe::crash::payload_text(payload.as_ref())
                ),
            };
            let _ = supervisor.send(Msg::InputLost(lost));
        });
    if let Err(e) = started {
        let _ = tx.send(Msg::InputLost(format!(
            "the input thread did not start: {e}"
        )));
    }
}

/// Reads events into `tx` until the event loop goes (`None`) or reading
/// the terminal fails (why).
fn read_input(tx: &UnboundedSender<Msg>, gate: &InputGate) -> Option<String> {
    loop {
        // Closed while `$EDITOR` has the terminal.
        let Some(reading) = gate.enter() else {
            continue;
        };
        match crossterm::event::poll(logger::editor::POLL) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => return Some(e.to_string()),
        }
        let event = crossterm::event::read();
        drop(reading);
        let msg = match event {
            Ok(Event::Key(key)) => Msg::Key(key),
            Ok(Event::Resize(..)) => Msg::Resize,
            // When it arrived, for telling a double-click from two clicks.
            Ok(Event::Mouse(event)) => Msg::Mouse {
                event,
                at: Instant::now(),
            },
            Ok(_) => continue,
            Err(e) => return Some(e.to_string()),
        };
        if tx.send(msg).is_err() {
            return None;
        }
    }
}

/// Passes the outbox's delivery changes, and the flusher's restarts, to
/// the event loop.
fn spawn_deliveries(tx: UnboundedSender<Msg>, mut rx: UnboundedReceiver<FlusherEvent>) {
    tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            let msg = match event {
                FlusherEvent::Delivery(change) => Msg::Delivery(change),
                FlusherEvent::Restarted { why, .. } => Msg::DeliveryRestarted(why),
            };
            if tx.send(msg).is_err() {
                break;
            }
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

/// Asks for a reload (a sync, for a live source) every `every`; a request
/// during a load waits for it, as `r` does.
fn spawn_sync_timer(tx: UnboundedSender<Msg>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            if tx.send(Msg::Reload).is_err() {
                break;
            }
        }
    });
}

/// How often a running load reports its progress to the status line.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// Starts load `request` as of `as_of`; its result, a failure, a panic or
/// a timeout (even a panic in showing the cache first), always comes back
/// as one [`Msg::Loaded`].
/// With `preload`, the source's cache is shown first, while it fetches.
pub fn spawn_load(
    tx: &UnboundedSender<Msg>,
    loader: &Loader,
    as_of: AsOf,
    request: u64,
    preload: bool,
) {
    let (job_tx, loader) = (tx.clone(), loader.clone());
    let job = async move {
        let tx = job_tx;
        if preload {
            if let Some(data) = loader.load_cached(as_of).await {
                let data = Box::new(data);
                let _ = tx.send(Msg::Preloaded { request, data });
            }
        }
        let load = loader.load(as_of);
        tokio::pin!(load);
        let first = tokio::time::Instant::now() + PROGRESS_EVERY;
        let mut ticks = tokio::time::interval_at(first, PROGRESS_EVERY);
        let result = loop {
            tokio::select! {
                result = &mut load => break result,
                _ = ticks.tick() => {
                    let step = loader.source.progress().map(|p| p.get());
                    if let Some(step) = step.filter(|s| !s.what.is_empty()) {
                        let _ = tx.send(Msg::Progress { request, step });
                    }
                }
            }
        };
        if let Err(e) = &result {
            tracing::warn!(job = "load", kind = e.kind(), error = %e, "load failed");
        }
        Msg::Loaded { request, result }
    };
    let failed = move |why| Msg::Loaded {
        request,
        result: Err(crate::app::load::LoadError::Panicked(why)),
    };
    jobs::spawn_job("load", tx, job, failed);
}
