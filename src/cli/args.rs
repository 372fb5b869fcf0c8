//! The command line.

use crate::clock::Pin;
use crate::domain::portfolio::SortKey;
use crate::source::Demo;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The version `--version` prints ([`crate::observe::VERSION`]).
pub(crate) use crate::observe::VERSION;

#[derive(Debug, Parser)]
#[command(
    name = "orienteer",
    version = VERSION,
    about = "A keyboard-driven cockpit for Customer Success Managers",
    long_about = "Without a command, opens the watch list in the terminal. \
                  With no config file it runs on built-in demo data."
)]
pub struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Debug, Args, Clone)]
pub(crate) struct Global {
    /// Config file (default: $ORIENTEER_CONFIG, else the platform config dir).
    #[arg(long, global = true, value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,
    /// Use the local cache of the last sync only; do not call the source.
    #[arg(long, global = true)]
    pub(crate) offline: bool,
    /// Use the built-in demo portfolio, whatever the config says.
    #[arg(long, global = true)]
    pub(crate) demo: bool,
    /// Number of demo accounts, 1 to 1,000,000 (implies --demo).
    #[arg(
        long,
        global = true,
        value_name = "N",
        value_parser = clap::value_parser!(u32)
            .range(i64::from(Demo::MIN_SIZE)..=i64::from(Demo::MAX_SIZE))
    )]
    pub(crate) demo_size: Option<u32>,
    /// Evaluate as of this day (YYYY-MM-DD, in the configured time zone) or
    /// instant (RFC 3339), instead of now. Fixes "today" for every number.
    #[arg(long, global = true, value_name = "DATE")]
    pub(crate) as_of: Option<Pin>,
    /// Log more to the log file: -v info, -vv debug (default: warnings;
    /// RUST_LOG sets it too). `config check` says where the file is.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print the watch list, worst health first.
    Watchlist(WatchlistArgs),
    /// Print everything about one account.
    Account(AccountArgs),
    /// Fetch from the configured source into the local cache now.
    Sync(SyncArgs),
    /// Log a play done on an account; it is queued durably, then written
    /// back to the source.
    LogPlay(LogPlayArgs),
    /// Snooze an alert on an account until a day, with a reason: it stays
    /// listed but adds no attention points, names no Why and recommends no
    /// play until its day, or until it gets clearly worse.
    Snooze(SnoozeArgs),
    /// List the snoozes kept for this source, by the day they end.
    Snoozed(SnoozedArgs),
    /// Remove an account's snooze of an alert, or all its snoozes.
    Unsnooze(UnsnoozeArgs),
    /// Show or work the queue of logged plays waiting to be written back.
    Outbox {
        #[command(subcommand)]
        action: Option<OutboxAction>,
    },
    /// Accounts grouped by contract-start month (or segment, owner, stage):
    /// size, ARR, milestones reached on time, health bands, churn; and the
    /// owners' load.
    Cohorts(CohortsArgs),
    /// Engagement (active users over licenses) over the last 26 weeks, as a
    /// grid of shaded cells per account, segment or owner.
    Heatmap(HeatmapArgs),
    /// Early warning: accounts that dropped a health band or newly raised a
    /// critical alert since a day (yesterday by default), most urgent first.
    Changes(ChangesArgs),
    /// The morning digest, for cron, mail or chat: what changed since a
    /// day (yesterday by default), follow-ups due, renewals at risk in the
    /// next 30 days, what was handled, and the header's counts.
    Digest(DigestArgs),
    /// Look back on closed accounts: which signals told churned from
    /// renewed ones, and how good the health model was.
    Review(ReviewArgs),
    /// Show, check or create the config file.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print the shell completion script, e.g.
    /// `orienteer completions bash > ~/.local/share/bash-completion/completions/orienteer`.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff), e.g. `orienteer man | man -l -`.
    Man,
}

/// A shell `completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args)]
pub(crate) struct WatchlistArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub(crate) format: ListFormat,
    /// Print at most N accounts.
    #[arg(long, value_name = "N")]
    pub(crate) limit: Option<usize>,
    /// Only accounts in this stage (a stage id, e.g. pre_renewal).
    #[arg(long, value_name = "ID")]
    pub(crate) stage: Option<String>,
    /// Only accounts in these health bands, e.g. `poor,average`.
    #[arg(long, value_enum, value_delimiter = ',', ignore_case = true)]
    pub(crate) band: Vec<BandArg>,
    /// Only this owner's accounts (any case); `me` is the config's `me`.
    #[arg(long, value_name = "NAME")]
    pub(crate) owner: Option<String>,
    /// Only renewals within this many days (overdue ones included).
    #[arg(long, value_name = "DAYS")]
    pub(crate) renewal_within: Option<u32>,
    /// Accounts a logged play covers for now: `show` (the default, below
    /// every account that needs you), `hide` or `only`.
    #[arg(long, value_enum, value_name = "WHICH")]
    pub(crate) handled: Option<HandledArg>,
    /// The order: attention (the default), health, renewal, arr, name,
    /// alerts or overdue.
    #[arg(long, value_name = "KEY", value_parser = sort_key)]
    pub(crate) sort: Option<SortKey>,
    /// Turn the order around.
    #[arg(long)]
    pub(crate) reverse: bool,
    /// Apply a saved view (built in, or `[[views]]` in the config) by name,
    /// in any case; the other flags given override its settings.
    #[arg(long, value_name = "NAME")]
    pub(crate) view: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum HandledArg {
    Show,
    Hide,
    Only,
}

/// A sort key by its id, as the TUI's footer names it.
fn sort_key(id: &str) -> Result<SortKey, String> {
    SortKey::from_id(&id.to_lowercase()).ok_or_else(|| {
        let ids: Vec<&str> = SortKey::ALL.iter().map(|k| k.id()).collect();
        format!("sorts are {}", ids.join(", "))
    })
}

#[derive(Debug, Args)]
pub(crate) struct AccountArgs {
    /// The account id (any case), or the start of its name if only one
    /// account's name starts so.
    pub(crate) id: String,
    #[arg(long, value_enum, default_value_t = DetailFormat::Text)]
    pub(crate) format: DetailFormat,
}

#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    /// Read everything again, not only what changed since the last sync
    /// (after a mapping change, or to recover from a bad cursor).
    #[arg(long)]
    pub(crate) full: bool,
    /// Let a full sync delete more of the cached accounts than `[sync]
    /// max_delete_share` allows (the accounts really were deleted).
    #[arg(long)]
    pub(crate) allow_delete: bool,
}

#[derive(Debug, Args)]
pub(crate) struct LogPlayArgs {
    /// The account id (any case), or the start of its name if only one
    /// account's name starts so.
    pub(crate) account: String,
    /// The play's id, e.g. `check-in`: one the play logger offers for the
    /// account (its recommended plays, its stage's, and any-stage plays).
    pub(crate) play: String,
    /// What was said or done; `-` reads it from stdin.
    #[arg(long, value_name = "TEXT")]
    pub(crate) note: Option<String>,
    /// How it went.
    // Listed for completions and help; `domain::draft` reads the value,
    // as it reads the TUI's.
    #[arg(
        long,
        value_name = "OUTCOME",
        default_value = "done",
        value_parser = ["done", "no_answer", "no-answer", "rescheduled", "declined"]
    )]
    pub(crate) outcome: String,
    /// When it happened: now, -2h, yesterday 15:00, 2026-11-20 15:00 ...
    /// (in the configured time zone). Default: now.
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub(crate) at: Option<String>,
    /// When to follow up: +7d, fri, 2026-12-01, or none. Default: the
    /// play's own follow-up.
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub(crate) follow_up: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum OutboxAction {
    /// Every logged play of the source and where its write-back stands
    /// (the default).
    List {
        #[arg(long, value_enum, default_value_t = DetailFormat::Text)]
        format: DetailFormat,
    },
    /// Send every waiting log now, even one waiting out a backoff.
    Flush,
    /// Queue a failed log again.
    Retry { id: String },
    /// Drop a log that was not sent; it will never be sent.
    Discard { id: String },
}

#[derive(Debug, Args)]
pub(crate) struct ReviewArgs {
    #[arg(long, value_enum, default_value_t = DetailFormat::Text)]
    pub(crate) format: DetailFormat,
    /// Look at each closed account as it stood this many days before its
    /// outcome (1 to 3650).
    #[arg(
        long,
        value_name = "DAYS",
        default_value_t = crate::domain::review::DEFAULT_HORIZON_DAYS,
        value_parser = clap::value_parser!(u32).range(1..=3650)
    )]
    pub(crate) horizon: u32,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ConfigAction {
    /// Print where the config file is looked for and whether it exists.
    Path,
    /// Load the config file and report what it defines, or what is wrong.
    Check,
    /// Write the documented example config (all defaults) to the config path.
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DetailFormat {
    Text,
    Json,
}

/// A band as the JSON writes it, or as the TUI shows it (`avg`, `n/a`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum BandArg {
    Good,
    #[value(alias = "avg")]
    Average,
    Poor,
    #[value(alias = "n/a", alias = "na")]
    Unknown,
}

#[derive(Debug, Args)]
pub(crate) struct CohortsArgs {
    /// Group by contract-start month, segment, owner or stage.
    #[arg(long, value_enum, default_value_t = CohortByArg::Start)]
    pub(crate) by: CohortByArg,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub(crate) format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CohortByArg {
    Start,
    Segment,
    Owner,
    Stage,
}

#[derive(Debug, Args)]
pub(crate) struct HeatmapArgs {
    /// A row per account, or averaged per segment or owner.
    #[arg(long, value_enum, default_value_t = HeatByArg::Account)]
    pub(crate) by: HeatByArg,
    #[arg(long, value_enum, default_value_t = HeatFormat::Text)]
    pub(crate) format: HeatFormat,
    /// Print at most N rows.
    #[arg(long, value_name = "N")]
    pub(crate) limit: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum HeatByArg {
    Account,
    Segment,
    Owner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum HeatFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct ChangesArgs {
    /// Compare with this day (YYYY-MM-DD); the day before the as-of day by
    /// default.
    #[arg(long, value_name = "DATE")]
    pub(crate) since: Option<chrono::NaiveDate>,
    #[arg(long, value_enum, default_value_t = DetailFormatTable::Table)]
    pub(crate) format: DetailFormatTable,
}

/// A table or its JSON twin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DetailFormatTable {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct SnoozeArgs {
    /// The account id (any case), or the start of its name if only one
    /// account's name starts so.
    pub(crate) account: String,
    /// The alert's id, e.g. `usage_decline`: one active on the account
    /// today.
    pub(crate) alert: String,
    /// The day it wakes: 1w, 2w, 1m, +10d, fri or 2026-12-24 (after today).
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub(crate) until: String,
    /// Why, in a few words (required; at most 200 characters).
    #[arg(long, value_name = "TEXT")]
    pub(crate) reason: String,
}

#[derive(Debug, Args)]
pub(crate) struct SnoozedArgs {
    #[arg(long, value_enum, default_value_t = SnoozedFormat::Text)]
    pub(crate) format: SnoozedFormat,
}

/// How `snoozed` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SnoozedFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct UnsnoozeArgs {
    /// The account id (any case), or the start of its name if only one
    /// account's name starts so.
    pub(crate) account: String,
    /// The alert's id, e.g. `usage_decline`; without it, every snooze of
    /// the account.
    pub(crate) alert: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct DigestArgs {
    /// Only this owner's accounts (any case); `me` is the config's `me`.
    #[arg(long, value_name = "NAME")]
    pub(crate) owner: Option<String>,
    /// Only the accounts of a saved view (built in, or `[[views]]` in the
    /// config) by name, in any case; `--owner` overrides its owner.
    #[arg(long, value_name = "NAME")]
    pub(crate) view: Option<String>,
    /// Since this day (YYYY-MM-DD); the day before the as-of day by default.
    #[arg(long, value_name = "DATE")]
    pub(crate) since: Option<chrono::NaiveDate>,
    /// `text` fits 80 columns without colour; `markdown` pastes into a
    /// chat; `json` for scripts.
    #[arg(long, value_enum, default_value_t = DigestFormat::Text)]
    pub(crate) format: DigestFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DigestFormat {
    Text,
    Markdown,
    Json,
}
