//! The command-line faces: the TUI, the JSON twin (`watchlist`,
//! `account`) and `config`. Each subcommand has its own file.

pub(crate) mod account;
pub mod args;
pub(crate) mod changes;
pub mod cohorts;
mod completions;
mod config_check;
mod context;
mod digest;
pub mod heatmap;
mod log_play;
mod outbox;
mod progress_bar;
pub mod review;
mod snooze;
mod snoozed;
mod sync;
mod unsnooze;
pub(crate) mod watchlist;

use args::{Cli, Command, ConfigAction};
use context::Context;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

/// Why a command failed, and so its exit code: 2 for bad usage or setup,
/// 1 for what went wrong at run time. Each failure keeps its cause's
/// type (a store error stays busy, damaged or disk full up to here); its
/// message is said in one place, [`Failure`]'s `Display`.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Exit 1: the runtime could not be started.
    #[error("could not start: {0}")]
    Start(std::io::Error),
    /// Exit 1: there is no place for the local store (`so`: what could
    /// not be done because of it, e.g. ", so no play can be queued").
    #[error("no place for the local store{so}: set ORIENTEER_DATA")]
    NoStore { so: &'static str },
    /// Exit 2: `--offline` given to a command that must reach the source;
    /// `why` says what it would send and how to run it.
    #[error("--offline: {why}")]
    NotOffline { why: &'static str },
    /// Exit 2: a value given on the command line cannot be used: `option`
    /// names it (`--since`, `--view`), `why` says what is wrong with it.
    #[error("{option}: {why}")]
    BadInput { option: &'static str, why: String },
    /// Exit 2: what was entered for a log (or an account) is not one: the
    /// option at fault is named (exit 2 is the promise that nothing was
    /// queued; the words are the same for `account` and `log-play`).
    #[error("{}", draft_text(.0))]
    Draft(Box<crate::domain::draft::DraftError>),
    /// Exit 2: the note is longer than the source keeps.
    #[error("{0}")]
    NoteTooLong(crate::source::writeback::NoteTooLong),
    /// Exit 1: the log could not be queued.
    #[error("could not queue the log: {0}")]
    Queue(Box<crate::outbox::OutboxError>),
    /// Exit 2: the snooze as entered is not one (an alert not active, no
    /// reason); nothing was kept.
    #[error("{0}")]
    Snooze(Box<crate::domain::snoozing::SnoozeError>),
    /// Exit 1: the log was sent and the source refused it.
    #[error(
        "log {id} failed: {error}; fix it and run `orienteer outbox retry {id}`, or discard it"
    )]
    LogFailed {
        id: crate::domain::LogId,
        error: String,
    },
    /// Exit 2: the config file is wrong.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// Exit 2: a source or feed cannot be built (`what` is its config
    /// table), or its token cannot be read.
    #[error("cannot set up the {what}: {error}")]
    Setup {
        what: &'static str,
        error: Box<crate::source::SourceError>,
    },
    /// Exit 1: the load (a sync and the evaluation) failed with no cache
    /// to fall back on.
    #[error("could not load from {from} ({}): {error}", .error.kind())]
    Load {
        from: String,
        error: Box<crate::app::load::LoadError>,
    },
    /// Exit 1: `orienteer sync` failed.
    #[error("could not sync {from} ({}): {error}", .error.kind())]
    Sync {
        from: String,
        error: Box<crate::source::SourceError>,
    },
    /// Exit 1: the local store failed.
    #[error(transparent)]
    Store(Box<crate::store::StoreError>),
    /// The outbox: exit 1 for its store, 2 for an unknown id or a log
    /// that cannot be retried or discarded.
    #[error(transparent)]
    Outbox(Box<crate::outbox::OutboxError>),
    /// Exit 1: the TUI failed (its terminal, most likely).
    #[error("{0}")]
    Tui(anyhow::Error),
    /// Exit 1: the output could not be written.
    #[error("could not write output: {0}")]
    Output(std::io::Error),
    /// Exit 2: the TUI was started without a terminal (which is missing).
    #[error(
        "the interactive view needs a terminal ({0}); for scripts use `orienteer watchlist \
         --format table|json|csv` or `orienteer account ID --format json`"
    )]
    NoTerminal(&'static str),
    /// The reader went away (`| head`): stop quietly, exit 0.
    #[error("")]
    ClosedPipe,
}

impl Failure {
    pub(crate) fn exit_code(&self) -> ExitCode {
        match self {
            Failure::ClosedPipe => ExitCode::SUCCESS,
            Failure::Outbox(e) if matches!(**e, crate::outbox::OutboxError::Store(_)) => {
                ExitCode::from(1)
            }
            Failure::Outbox(_) => ExitCode::from(2),
            Failure::NotOffline { .. }
            | Failure::BadInput { .. }
            | Failure::Draft(_)
            | Failure::NoteTooLong(_)
            | Failure::Snooze(_)
            | Failure::Config(_)
            | Failure::Setup { .. }
            | Failure::NoTerminal(_) => ExitCode::from(2),
            Failure::Start(_)
            | Failure::NoStore { .. }
            | Failure::Queue(_)
            | Failure::LogFailed { .. }
            | Failure::Load { .. }
            | Failure::Sync { .. }
            | Failure::Store(_)
            | Failure::Tui(_)
            | Failure::Output(_) => ExitCode::from(1),
        }
    }

    /// What the user reads after `orienteer: `.
    pub(crate) fn message(&self) -> String {
        self.to_string()
    }
}

/// A draft's error with the option at fault (`--at`, `--follow-up`,
/// `--outcome`); an account not found (or several) in the words of the
/// one lookup, the same for every command.
fn draft_text(e: &crate::domain::draft::DraftError) -> String {
    use crate::domain::draft::DraftError;
    match e {
        DraftError::When(_) => format!("--at: {e}"),
        DraftError::FollowUp(_) => format!("--follow-up: {e}"),
        DraftError::Outcome(_) => format!("--outcome: {e}"),
        // The lookup's own words, as `account` says them.
        DraftError::NoAccount { .. }
        | DraftError::Ambiguous { .. }
        | DraftError::UnknownPlay { .. } => e.to_string(),
    }
}

impl From<crate::domain::draft::DraftError> for Failure {
    fn from(e: crate::domain::draft::DraftError) -> Failure {
        Failure::Draft(Box::new(e))
    }
}

impl From<crate::app::context::ContextError> for Failure {
    fn from(e: crate::app::context::ContextError) -> Failure {
        use crate::app::context::ContextError;
        match e {
            ContextError::Config(e) => Failure::Config(e),
            ContextError::Setup(e) => e.into(),
        }
    }
}

impl From<crate::app::source::SetupError> for Failure {
    fn from(e: crate::app::source::SetupError) -> Failure {
        use crate::app::source::SetupError;
        match e {
            SetupError::Source { what, error } => Failure::Setup { what, error },
            SetupError::Store(e) => e.into(),
        }
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Failure {
        Failure::Store(Box::new(e))
    }
}

impl From<crate::outbox::OutboxError> for Failure {
    fn from(e: crate::outbox::OutboxError) -> Failure {
        Failure::Outbox(Box::new(e))
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Failure::ClosedPipe;
        }
        Failure::Output(e)
    }
}

/// Runs the command line; returns the process exit code.
pub fn main(cli: Cli) -> ExitCode {
    // Before anything can log or panic.
    let data_dir = crate::store::Store::dir_from_env();
    let log = crate::observe::init(cli.global.verbose, data_dir.as_deref());
    crate::observe::crash::install(log.as_deref().and_then(|p| p.parent()).map(Into::into));
    // The one runtime of the process, for the TUI and the commands alike.
    let result = match crate::app::runtime::runtime() {
        Ok(runtime) => {
            let result = runtime.block_on(run(cli));
            // A load still on the blocking pool (the user quit) is not waited for.
            runtime.shutdown_background();
            result
        }
        Err(e) => Err(Failure::Start(e)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::ClosedPipe) => ExitCode::SUCCESS,
        Err(f) => {
            // Error text can quote a source (an API's reply): never raw.
            eprintln!("orienteer: {}", crate::domain::text::clean(&f.message()));
            f.exit_code()
        }
    }
}

/// The TUI draws on a terminal and reads keys from one: without one (a
/// pipe, `< /dev/null`, cron) it says what to use instead of failing with
/// an OS error once the terminal is set up.
fn require_terminal() -> Result<(), Failure> {
    use std::io::IsTerminal;
    let missing = match (
        std::io::stdin().is_terminal(),
        std::io::stdout().is_terminal(),
    ) {
        (true, true) => return Ok(()),
        (false, true) => "stdin is not a terminal",
        (true, false) => "stdout is not a terminal",
        (false, false) => "stdin and stdout are not terminals",
    };
    Err(Failure::NoTerminal(missing))
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let flag = cli.global.config.as_deref();
    let mut out = std::io::stdout().lock();
    match cli.command {
        Some(Command::Config { action }) => {
            let text = match action {
                ConfigAction::Path => crate::config::cmd_path(flag),
                ConfigAction::Check => config_check::run(flag).await?,
                ConfigAction::Init { force } => {
                    let path = crate::config::cmd_init(flag, force)?;
                    format!("wrote {}", path.display())
                }
            };
            writeln!(out, "{}", text.trim_end())?;
        }
        Some(Command::Completions { shell }) => completions::completions(shell, &mut out)?,
        Some(Command::Man) => completions::man(&mut out)?,
        None => {
            require_terminal()?;
            let ctx = Context::load(&cli.global)?;
            // The first sync needs the tokens: read them before the
            // terminal is taken (a token_cmd may ask for a passphrase).
            // Missing, the sync says so and the cache is shown.
            if !ctx.offline {
                let _ = ctx.tokens.ready(true).await;
            }
            // Plays logged with `p` go to the outbox, flushed in the
            // background; without a store, `p` says why it cannot log.
            let (play_sink, deliveries, outbox_now) = match &ctx.outbox {
                Some(outbox) => {
                    let (sink, updates, now) = crate::tui::outbox_sink::OutboxSink::start(
                        outbox.clone(),
                        ctx.writer.clone(),
                        ctx.engine.clone(),
                    );
                    let sink = sink.snooze_write_back(ctx.snooze_write_back);
                    let sink: Arc<dyn crate::tui::plays::PlaySink> = Arc::new(sink);
                    (Some(sink), Some(updates), now)
                }
                None => (None, None, Default::default()),
            };
            let settings = crate::tui::Settings {
                keymap: ctx.keymap.clone(),
                clock: ctx.clock,
                mouse: ctx.mouse,
                sync_every: ctx.sync_every,
                me: ctx.me.clone(),
                views: ctx.views.clone(),
                play_sink,
                outbox_now,
                deliveries,
            };
            crate::tui::run(ctx.loader(), settings)
                .await
                .map_err(Failure::Tui)?;
        }
        Some(Command::Sync(args)) => {
            let ctx = Context::load(&cli.global)?;
            sync::run(&ctx, &args, &mut out).await?;
        }
        Some(Command::LogPlay(args)) => {
            let ctx = Context::load(&cli.global)?;
            log_play::run(&ctx, &args, cli.global.offline, &mut out).await?;
        }
        Some(Command::Snooze(args)) => {
            let ctx = Context::load(&cli.global)?;
            snooze::run(&ctx, &args, &mut out).await?;
        }
        Some(Command::Snoozed(args)) => {
            let ctx = Context::load(&cli.global)?;
            snoozed::run(&ctx, &args, &mut out).await?;
        }
        Some(Command::Unsnooze(args)) => {
            let ctx = Context::load(&cli.global)?;
            unsnooze::run(&ctx, &args, &mut out).await?;
        }
        Some(Command::Outbox { action }) => {
            let ctx = Context::load(&cli.global)?;
            outbox::run(&ctx, action, &mut out).await?;
        }
        Some(Command::Watchlist(args)) => {
            let ctx = Context::load(&cli.global)?;
            let items = match watchlist::top(&ctx, &args).await? {
                Some(items) => items,
                None => {
                    let data = ctx.data().await?;
                    watchlist::select(
                        &data.engine,
                        &data.portfolio,
                        &args,
                        ctx.me.clone(),
                        &ctx.views,
                    )?
                }
            };
            // The Why the list tells: the follow-up due in its view.
            let want = watchlist::choose(&ctx.engine, &args, ctx.me.clone(), &ctx.views)?;
            let why = crate::domain::report::Why::of(&want.filter);
            watchlist::write(&items, args.format, why, &mut out)?;
        }
        Some(Command::Cohorts(args)) => {
            let ctx = Context::load(&cli.global)?;
            let data = ctx.data().await?;
            cohorts::run(&data.engine, &data.portfolio, &args, &mut out)?;
        }
        Some(Command::Heatmap(args)) => {
            let ctx = Context::load(&cli.global)?;
            let data = ctx.data().await?;
            heatmap::run(&data.portfolio, &args, &mut out)?;
        }
        Some(Command::Changes(args)) => {
            let ctx = Context::load(&cli.global)?;
            let data = ctx.data().await?;
            changes::run(&data.engine, &data.portfolio, &args, &mut out)?;
        }
        Some(Command::Digest(args)) => {
            let ctx = Context::load(&cli.global)?;
            let data = ctx.data().await?;
            let digest = digest::build(
                &data.engine,
                &data.portfolio,
                &args,
                ctx.me.clone(),
                &ctx.views,
            )?;
            digest::write(&digest, args.format, &mut out)?;
        }
        Some(Command::Review(args)) => {
            let ctx = Context::load(&cli.global)?;
            let data = ctx.data().await?;
            let review = crate::domain::review::review(
                &data.engine,
                &data.portfolio.accounts,
                data.portfolio.now,
                args.horizon,
            );
            review::write(&review, args.format, &mut out)?;
        }
        Some(Command::Account(args)) => {
            let ctx = Context::load(&cli.global)?;
            let data = ctx.data().await?;
            let portfolio = &data.portfolio;
            // The one lookup `log-play` uses too: unknown or ambiguous is
            // bad input (exit 2), in its words.
            let i = crate::domain::draft::find_account(portfolio, &args.id)?;
            let detail = crate::domain::report::account_detail(
                &data.engine,
                &portfolio.accounts[i],
                &portfolio.evals[i],
                portfolio.now,
            );
            account::write(&detail, args.format, &mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each typed failure says its message once, in `Display`, with the
    /// exit code it always had: 2 for what the user gave, 1 for what
    /// went wrong.
    #[test]
    fn typed_failures_keep_their_messages_and_exit_codes() {
        use crate::domain::draft::DraftError;
        let cases: Vec<(Failure, &str, u8)> = vec![
            (
                Failure::BadInput {
                    option: "--since",
                    why: "2026-12-01 is after the as-of day 2026-11-23; give an earlier day".into(),
                },
                "--since: 2026-12-01 is after the as-of day 2026-11-23; give an earlier day",
                2,
            ),
            (
                Failure::NotOffline {
                    why: "a sync calls the source; run `orienteer sync` without it",
                },
                "--offline: a sync calls the source; run `orienteer sync` without it",
                2,
            ),
            (
                DraftError::Outcome("say done, no answer or declined".into()).into(),
                "--outcome: say done, no answer or declined",
                2,
            ),
            (
                Failure::NoStore {
                    so: ", so no play can be queued",
                },
                "no place for the local store, so no play can be queued: set ORIENTEER_DATA",
                1,
            ),
            (
                Failure::LogFailed {
                    id: "L1".into(),
                    error: "the source answered 400: bad".into(),
                },
                "log L1 failed: the source answered 400: bad; fix it and run `orienteer outbox \
                 retry L1`, or discard it",
                1,
            ),
        ];
        for (failure, said, code) in cases {
            assert!(
                failure.message().ends_with(said),
                "{failure:?}: {}",
                failure.message()
            );
            assert_eq!(failure.exit_code(), ExitCode::from(code), "{failure:?}");
        }
    }
    use crate::app::load::LoadError;
    use crate::source::SourceError;
    use crate::store::StoreError;
    use std::path::PathBuf;

    fn store(error: StoreError) -> SourceError {
        SourceError::Store { error, note: None }
    }

    #[test]
    fn a_full_disk_and_a_busy_store_read_as_their_kind_not_as_setup() {
        let path = || PathBuf::from("/data/orienteer.db");
        let full = Failure::Sync {
            from: "REST x".into(),
            error: Box::new(store(StoreError::DiskFull { path: path() })),
        };
        let said = full.message();
        assert!(
            said.starts_with("could not sync REST x (disk full): disk full"),
            "{said}"
        );
        assert!(
            said.contains("were not saved") && !said.contains("setup"),
            "{said}"
        );
        assert_eq!(full.exit_code(), ExitCode::from(1));

        let busy = Failure::Load {
            from: "REST x".into(),
            error: Box::new(LoadError::Source(store(StoreError::Busy { path: path() }))),
        };
        let said = busy.message();
        assert!(
            said.contains("(store busy)") && said.contains("is busy"),
            "{said}"
        );
        assert!(!said.contains("setup"), "{said}");
        assert_eq!(busy.exit_code(), ExitCode::from(1));
    }
}
