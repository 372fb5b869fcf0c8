//! The command-line faces: the TUI, the JSON twin (`watchlist`,
//! `account`) and `config`. Each subcommand has its own file.

pub mod account;
pub mod args;
pub mod changes;
pub mod cohorts;
mod completions;
mod config_check;
mod context;
pub mod heatmap;
mod log_play;
mod outbox;
mod progress_bar;
pub mod review;
mod source;
mod sync;
pub mod watchlist;

use args::{Cli, Command, ConfigAction};
use context::Context;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

/// Why a command failed, and so its exit code.
#[derive(Debug)]
pub enum Failure {
    /// Exit 1: something went wrong at run time.
    Runtime(String),
    /// Exit 2: bad usage or a bad config file.
    Usage(String),
    /// The reader went away (`| head`): stop quietly, exit 0.
    ClosedPipe,
}

impl Failure {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Runtime(_) => ExitCode::from(1),
            Failure::Usage(_) => ExitCode::from(2),
            Failure::ClosedPipe => ExitCode::SUCCESS,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Runtime(m) | Failure::Usage(m) => m,
            Failure::ClosedPipe => "",
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Failure::ClosedPipe;
        }
        Failure::Runtime(format!("could not write output: {e}"))
    }
}

/// Runs the command line; returns the process exit code.
pub fn main(cli: Cli) -> ExitCode {
    // The one runtime of the process, for the TUI and the commands alike.
    let result = match crate::load::runtime() {
        Ok(runtime) => {
            let result = runtime.block_on(run(cli));
            // A load still on the blocking pool (the user quit) is not waited for.
            runtime.shutdown_background();
            result
        }
        Err(e) => Err(Failure::Runtime(format!("could not start: {e}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::ClosedPipe) => ExitCode::SUCCESS,
        Err(f) => {
            // Error text can quote a source (an API's reply): never raw.
            eprintln!("orienteer: {}", crate::domain::text::clean(f.message()));
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
    Err(Failure::Usage(format!(
        "the interactive view needs a terminal ({missing}); \
         for scripts use `orienteer watchlist --format table|json|csv` \
         or `orienteer account ID --format json`"
    )))
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
                    let path =
                        crate::config::cmd_init(flag, force).map_err(context::config_failure)?;
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
                .map_err(|e| Failure::Runtime(e.to_string()))?;
        }
        Some(Command::Sync(args)) => {
            let ctx = Context::load(&cli.global)?;
            sync::run(&ctx, &args, &mut out).await?;
        }
        Some(Command::LogPlay(args)) => {
            let ctx = Context::load(&cli.global)?;
            log_play::run(&ctx, &args, cli.global.offline, &mut out).await?;
        }
        Some(Command::Outbox { action }) => {
            let ctx = Context::load(&cli.global)?;
            outbox::run(&ctx, action, &mut out).await?;
        }
        Some(Command::Watchlist(args)) => {
            let ctx = Context::load(&cli.global)?;
            let data = ctx.data().await?;
            let items = watchlist::select(
                &data.engine,
                &data.portfolio,
                &args,
                ctx.me.clone(),
                &ctx.views,
            )?;
            watchlist::write(&items, args.format, &mut out)?;
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
            let Some(i) = account::lookup(portfolio, &args.id)? else {
                let msg = format!("no account with id `{}` or a name starting so", args.id);
                return Err(Failure::Runtime(msg));
            };
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
