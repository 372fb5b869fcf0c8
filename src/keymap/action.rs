//! The actions of the TUI: each with its id in `[keys]`, its help line,
//! its default keys and the screens it acts on.

use super::KeySpec;
use serde::{Deserialize, Serialize};

/// Something the user can do with one key press.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Filter,
    CycleSort,
    StageAll,
    Stage1,
    Stage2,
    Stage3,
    Stage4,
    Stage5,
    CycleBand,
    Open,
    Back,
    Help,
    Refresh,
    // The account view's own keys.
    NextAccount,
    PrevAccount,
    OpenUrl,
    CopyId,
    MyAccounts,
    CycleRenewal,
    ReverseSort,
    CycleView,
    DataInfo,
    // The Review screen and the early-warning view.
    Review,
    Changes,
    NextTab,
    PrevTab,
    LogPlay,
    Snooze,
    // Tasks and the agenda.
    Agenda,
    TaskDone,
    TaskMove,
    // Marks and what acts on them.
    Mark,
    MarkAll,
    ClearMarks,
    Export,
    // The `:` command line and stepping through the filter's matches.
    Command,
    NextMatch,
    PrevMatch,
}

/// The screens of the TUI, as far as keys are concerned: an action acts on
/// some of them, and two actions may share a key when they share no screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    List,
    Account,
    Review,
    /// The open tasks and follow-ups due of the whole book.
    Agenda,
}

impl Screen {
    /// How many screens there are (a lookup table per screen).
    pub(crate) const COUNT: usize = 4;
}

/// Each action with its id, help text and default keys, in help order.
const TABLE: [(Action, &str, &str, &[&str]); 45] = [
    (Action::Quit, "quit", "Quit", &["q"]),
    (Action::Up, "up", "Move up", &["k", "up"]),
    (Action::Down, "down", "Move down", &["j", "down"]),
    (Action::PageUp, "page_up", "Page up", &["pgup"]),
    (Action::PageDown, "page_down", "Page down", &["pgdn"]),
    (Action::Top, "top", "Go to the first row", &["g", "home"]),
    (
        Action::Bottom,
        "bottom",
        "Go to the last row",
        &["G", "end"],
    ),
    (Action::Filter, "filter", "Filter accounts by text", &["/"]),
    (
        Action::CycleSort,
        "cycle_sort",
        "Change the sort order",
        &["s"],
    ),
    (Action::StageAll, "stage_all", "Show all stages", &["0"]),
    (Action::Stage1, "stage1", "Show only stage 1", &["1"]),
    (Action::Stage2, "stage2", "Show only stage 2", &["2"]),
    (Action::Stage3, "stage3", "Show only stage 3", &["3"]),
    (Action::Stage4, "stage4", "Show only stage 4", &["4"]),
    (Action::Stage5, "stage5", "Show only stage 5", &["5"]),
    (
        Action::CycleBand,
        "cycle_band",
        "Filter by health band (cycles)",
        &["b"],
    ),
    (
        Action::Open,
        "open",
        "Open the selected account",
        &["enter"],
    ),
    (Action::Back, "back", "Go back / clear the filter", &["esc"]),
    (Action::Help, "help", "Show this help", &["?"]),
    (
        Action::Refresh,
        "refresh",
        "Reload data from the source",
        &["r"],
    ),
    (
        Action::NextAccount,
        "next_account",
        "Open the next account of the list",
        &["J", "right"],
    ),
    (
        Action::PrevAccount,
        "prev_account",
        "Open the previous account of the list",
        &["K", "left"],
    ),
    (
        Action::OpenUrl,
        "open_url",
        "Open the account in the source system",
        &["o"],
    ),
    (
        Action::CopyId,
        "copy_id",
        "Copy the account id to the clipboard",
        &["y"],
    ),
    (
        Action::MyAccounts,
        "my_accounts",
        "Only my accounts (config `me`), or everyone's",
        &["m"],
    ),
    (
        Action::CycleRenewal,
        "cycle_renewal",
        "Renewals within 30, 60, 90 days, any (cycles)",
        &["w"],
    ),
    (
        Action::ReverseSort,
        "reverse_sort",
        "Turn the sort order around",
        &["S"],
    ),
    (Action::CycleView, "cycle_view", "Next saved view", &["v"]),
    (
        Action::DataInfo,
        "data_info",
        "About the data: source, age, last sync, warnings",
        &["i"],
    ),
    (
        Action::Review,
        "review",
        "Review: signals, model, cohorts, heat map",
        &["R"],
    ),
    (
        Action::Changes,
        "changes",
        "Only accounts changed since yesterday, or all",
        &["c"],
    ),
    (Action::NextTab, "next_tab", "Next tab", &["tab"]),
    (Action::PrevTab, "prev_tab", "Previous tab", &["backtab"]),
    (
        Action::LogPlay,
        "log_play",
        "Log a play on the account (the play logger)",
        &["p"],
    ),
    (
        Action::Snooze,
        "snooze",
        "Snooze an alert until a date, with a reason",
        &["z"],
    ),
    (
        Action::Agenda,
        "agenda",
        "Agenda: open tasks and follow-ups due",
        &["a"],
    ),
    (
        Action::TaskDone,
        "task_done",
        "Complete the selected task",
        &["x"],
    ),
    (
        Action::TaskMove,
        "task_move",
        "Move the selected task's due date",
        &["+"],
    ),
    (
        Action::Mark,
        "mark",
        "Mark the row (and move down)",
        &["space"],
    ),
    (
        Action::MarkAll,
        "mark_all",
        "Mark every row the filters show",
        &["*"],
    ),
    (Action::ClearMarks, "clear_marks", "Clear the marks", &["u"]),
    (
        Action::Export,
        "export",
        "Write the marked accounts to a CSV file",
        &["e"],
    ),
    (
        Action::Command,
        "command",
        "Command line: account, view, sort, command",
        &[":"],
    ),
    (
        Action::NextMatch,
        "next_match",
        "Next account matching the last filter text",
        &["n"],
    ),
    (
        Action::PrevMatch,
        "prev_match",
        "Previous account matching the last filter text",
        &["N"],
    ),
];

impl Action {
    /// Every action, in the order the help screen lists them.
    pub const ALL: [Action; TABLE.len()] = {
        let mut all = [Action::Quit; TABLE.len()];
        let mut i = 0;
        while i < TABLE.len() {
            all[i] = TABLE[i].0;
            i += 1;
        }
        all
    };

    fn row(self) -> &'static (Action, &'static str, &'static str, &'static [&'static str]) {
        // TABLE lists the actions in declaration order.
        &TABLE[self as usize]
    }

    /// The name used in the `[keys]` table, e.g. `page_up`.
    pub fn id(self) -> &'static str {
        self.row().1
    }

    /// The stage position a stage key shows (`stage1` is the first stage).
    pub(crate) fn stage(self) -> Option<usize> {
        match self {
            Action::Stage1 => Some(0),
            Action::Stage2 => Some(1),
            Action::Stage3 => Some(2),
            Action::Stage4 => Some(3),
            Action::Stage5 => Some(4),
            _ => None,
        }
    }

    /// One line for the help screen.
    pub(crate) fn description(self) -> &'static str {
        self.row().2
    }

    /// The screens this action acts on; help on a screen lists only these.
    pub(crate) fn screens(self) -> &'static [Screen] {
        use Action::*;
        use Screen as S;
        const EVERY: &[Screen] = &[S::List, S::Account, S::Review, S::Agenda];
        const LIST: &[Screen] = &[S::List];
        const ACCOUNT: &[Screen] = &[S::Account];
        const OPENS: &[Screen] = &[S::List, S::Review, S::Agenda];
        const REVIEW: &[Screen] = &[S::Review];
        const LIST_ACCOUNT: &[Screen] = &[S::List, S::Account];
        const LIST_AGENDA: &[Screen] = &[S::List, S::Agenda];
        const TASKS: &[Screen] = &[S::Account, S::Agenda];
        match self {
            // On the account view, quit goes back to the list.
            Quit | Up | Down | PageUp | PageDown | Top | Bottom | Back | Help | Refresh
            | DataInfo | Command => EVERY,
            Open => OPENS,
            CycleSort => &[S::List, S::Review],
            Filter | StageAll | Stage1 | Stage2 | Stage3 | Stage4 | Stage5 | CycleBand
            | CycleRenewal | ReverseSort | CycleView | Review | Changes | Mark | MarkAll
            | ClearMarks | Export | NextMatch | PrevMatch => LIST,
            MyAccounts => LIST_AGENDA,
            NextAccount | PrevAccount | OpenUrl => ACCOUNT,
            CopyId | LogPlay | Snooze | Agenda => LIST_ACCOUNT,
            TaskDone | TaskMove => TASKS,
            NextTab | PrevTab => REVIEW,
        }
    }

    /// The help line of this action on `screen`: on the account view, quit
    /// goes back to the list.
    pub(crate) fn description_on(self, screen: Screen) -> &'static str {
        match (self, screen) {
            (Action::Quit, Screen::Account) => "Back to the list (quit from there)",
            (Action::Back, Screen::Account) => "Back to the list",
            (Action::Up, Screen::Account) => "Scroll up",
            (Action::Down, Screen::Account) => "Scroll down",
            (Action::PageUp, Screen::Account) => "Scroll a page up",
            (Action::PageDown, Screen::Account) => "Scroll a page down",
            (Action::Top, Screen::Account) => "Go to the top",
            (Action::Bottom, Screen::Account) => "Go to the end",
            (Action::CopyId, Screen::List) => "Copy the marked ids, or the selected one",
            (Action::Back, Screen::List) => "Clear filters, changes view, then marks",
            (Action::Quit, Screen::Review) => "Back to the list (quit from there)",
            (Action::Back, Screen::Review) => "Close the accounts of a row, or back to the list",
            (Action::Open, Screen::Review) => "List the accounts behind the row; open one",
            (Action::CycleSort, Screen::Review) => "Group by start, segment, owner, stage (cycles)",
            _ => self.description(),
        }
    }

    pub(crate) fn acts_on(self, screen: Screen) -> bool {
        self.screens().contains(&screen)
    }

    pub(crate) fn from_id(id: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.id() == id)
    }

    /// The built-in keys of this action.
    pub fn default_keys(self) -> Vec<KeySpec> {
        self.row()
            .3
            .iter()
            .map(|k| k.parse().expect("built-in key specs parse"))
            .collect()
    }
}
