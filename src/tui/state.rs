//! The state of the terminal app. One owner (the event loop) mutates it,
//! through [`super::update::update`] only.

use super::links::Opener;
use super::loads::Loads;
use super::logger::Logger;
use super::plays::{Deliveries, PlaySink};
use super::review::{Journey, ReviewView};
use super::views::ListTable;
use crate::app::load::LoadError;
use crate::clock::Clock;
use crate::domain::portfolio::{Filter, Overlay, Portfolio, Shown, SortKey, Summary};
use crate::domain::report::{account_detail, watch_item, AccountDetail, WatchItem};
use crate::domain::Band;
use crate::domain::{AccountId, Engine};
use crate::keymap::{self, Keymap};
use crate::saved_views::SavedView;
use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::time::Instant;

pub use crate::app::load::Data;

mod apply;
mod window;

pub(crate) use window::Window;

/// The account open in the account view.
pub struct AccountView {
    pub detail: AccountDetail,
    pub scroll: u16,
    /// Lines the view had room for at the last draw, for PgUp/PgDn.
    pub(crate) height: u16,
}

/// How far help is scrolled, and what the last draw had room for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HelpView {
    pub scroll: u16,
    /// Lines of keys on screen at the last draw, for PgUp/PgDn.
    pub(crate) height: u16,
    pub max_scroll: u16,
}

/// Where the user is.
pub enum Screen {
    List,
    Account(Box<AccountView>),
    /// Signals, model, cohorts and heat map.
    Review(Box<ReviewView>),
}

/// Who has the keyboard. One at a time: the play logger is a mode, so it
/// cannot be open over help or the filter prompt.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Mode {
    #[default]
    Normal,
    /// The filter prompt: characters edit the filter.
    Filtering,
    /// The help overlay: the move keys scroll it, any other key closes it.
    Help,
    /// About the data (source, age, last failure, warnings): scrolls and
    /// closes as help does.
    Info,
    /// The play logger, over the screen: the form has the keyboard.
    Logging(Box<Logger>),
    /// The snooze form, over the screen: the form has the keyboard.
    Snoozing(Box<super::snoozer::SnoozeForm>),
    /// The export prompt (`e`): the file name has the keyboard.
    Exporting(Box<super::marks::export::ExportPrompt>),
}

impl Mode {
    /// An overlay that the move keys scroll and any other key closes.
    pub(crate) fn overlay(&self) -> bool {
        matches!(self, Mode::Help | Mode::Info)
    }
}

pub struct App {
    pub engine: Arc<Engine>,
    pub keymap: Keymap,
    /// The time zone and any fixed as-of: what day it is, for rollover.
    pub clock: Clock,
    /// The loaded data: its portfolio is the snapshot, shared and never
    /// changed; what the TUI changes goes in `overlay`.
    pub data: Option<Data>,
    /// Local changes over the snapshot (plays logged here and not yet in
    /// the loaded data, their write-back): what the screens show is the
    /// snapshot read through it ([`App::shown`]).
    pub overlay: Overlay,
    /// Loads running and waiting.
    pub loads: Loads,
    /// Why the last load failed, until a load succeeds.
    pub failure: Option<LoadError>,
    /// How far the running load's fetch has come, as its source reports.
    pub progress: Option<crate::source::Step>,
    /// The wall clock, for "how old is the data"; advanced by ticks.
    pub now: DateTime<Utc>,
    /// The screen on top of the navigation stack: what shows.
    pub screen: Screen,
    /// The screens under it, the last one on top: Esc goes back to it. The
    /// list is at the bottom, never on this stack.
    pub below: Vec<Screen>,
    pub mode: Mode,
    pub help: HelpView,
    pub filter: Filter,
    pub sort: SortKey,
    /// The sort turned around.
    pub reverse: bool,
    /// The config's `me`: whose accounts "my accounts" are.
    pub(crate) me: Option<String>,
    /// The saved views, built-in then the config's; `v` cycles them.
    pub(crate) views: Vec<SavedView>,
    /// The view last applied (its name shows, with `*` once changed).
    pub view: Option<usize>,
    /// A word for the user about the last key ("copied D000123", how to
    /// set `me`), shown in the footer until the next key.
    pub notice: Option<String>,
    /// Open accounts in `sort` order; re-filtered on each keystroke.
    pub order: Vec<u32>,
    /// What the list shows: `order` filtered.
    pub visible: Vec<u32>,
    /// What `visible` adds up to (accounts, bands, ARR), for the header:
    /// counted when the list changes, not on every frame.
    pub summary: Summary,
    pub selected: usize,
    /// First visible row of the list.
    pub offset: usize,
    /// Rows the list had room for at the last draw, for PgUp/PgDn.
    pub page: usize,
    /// Where the last draw put the list's rows, for clicks.
    pub(crate) list_table: Option<ListTable>,
    /// The last click on a list row, for telling a double-click.
    pub(crate) last_click: Option<Click>,
    /// Whether links open in a browser here (not over SSH): set at startup.
    pub opener: Opener,
    /// Cohorts, heat maps and the changes since yesterday of the data shown.
    pub journey: Journey,
    /// The list shows only the accounts changed since yesterday.
    pub changes_only: bool,
    /// Where logged plays are queued; without one, `p` says why it cannot log.
    pub play_sink: Option<Arc<dyn PlaySink>>,
    /// Logs waiting to be sent and failed, for the status line.
    pub deliveries: Deliveries,
    /// The log file (crash reports go beside it), for `i`; `None`: no log.
    pub log_path: Option<std::path::PathBuf>,
    /// The marked accounts, by id: what `p`, `z`, `y` and `e` act on.
    pub marks: super::marks::Marks,
}

/// A click on a list row (the account it showed), and when it arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Click {
    pub(crate) account: usize,
    pub(crate) at: Instant,
}

impl App {
    pub fn new(engine: Arc<Engine>, keymap: Keymap, clock: Clock, now: DateTime<Utc>) -> App {
        App {
            engine: engine.clone(),
            keymap,
            clock,
            data: None,
            overlay: Overlay::default(),
            loads: Loads::default(),
            failure: None,
            progress: None,
            now,
            screen: Screen::List,
            below: Vec::new(),
            mode: Mode::Normal,
            help: HelpView::default(),
            filter: Filter::default(),
            sort: SortKey::default(),
            reverse: false,
            me: None,
            views: crate::saved_views::all(&engine, &[]),
            // The first view is "Attention": every account, the default order.
            view: Some(0),
            notice: None,
            order: Vec::new(),
            visible: Vec::new(),
            summary: Summary::default(),
            selected: 0,
            offset: 0,
            page: 10,
            list_table: None,
            last_click: None,
            opener: Opener::Local,
            journey: Journey::default(),
            changes_only: false,
            play_sink: None,
            deliveries: Deliveries::default(),
            log_path: None,
            marks: Default::default(),
        }
    }

    /// The screen, as the key map knows screens.
    /// The instant a play typed now is logged at: the wall clock, or the
    /// as-of instant under `--as-of` (a replayed morning logs on that
    /// morning, as `log-play --as-of` does).
    pub(crate) fn typed_now(&self) -> DateTime<Utc> {
        self.clock.as_of(self.now).instant
    }

    pub(crate) fn key_screen(&self) -> keymap::Screen {
        match self.screen {
            Screen::List => keymap::Screen::List,
            Screen::Account(_) => keymap::Screen::Account,
            Screen::Review(_) => keymap::Screen::Review,
        }
    }

    /// In the account view, opens the account `step` rows down (up, when
    /// negative) the list as it is filtered and sorted, and selects it
    /// there. False, and nothing changes, at either end of the list.
    pub(crate) fn step_account(&mut self, step: isize) -> bool {
        let Some(view) = self.account() else {
            return false;
        };
        // Where the open account is on the list: normally the selection,
        // but a reload may have filtered it out.
        let at = self
            .portfolio()
            .and_then(|p| p.find(&view.detail.item.id))
            .and_then(|i| self.visible.iter().position(|&v| v as usize == i))
            .unwrap_or(self.selected);
        let Some(next) = at
            .checked_add_signed(step)
            .filter(|&n| n < self.visible.len())
        else {
            return false;
        };
        self.selected = next;
        self.keep_visible();
        if let Some(i) = self.selected_account() {
            self.open(i);
        }
        true
    }

    /// The open account view, if the account screen shows.
    pub fn account(&self) -> Option<&AccountView> {
        match &self.screen {
            Screen::Account(view) => Some(view),
            Screen::List | Screen::Review(_) => None,
        }
    }

    /// Installs freshly loaded data, keeping the selection on the same
    /// account when it is still there.
    pub fn set_data(&mut self, data: Data) {
        let keep = self.selected_account().map(|i| data_id(self, i));
        // The changes view keeps its accounts until the new data's changes
        // are worked out.
        let changed = self
            .changes_only
            .then(|| self.portfolio().and_then(|p| self.journey.changed_ids(p)))
            .flatten();
        self.engine = data.engine.clone();
        // The local changes the new data does not carry yet stay.
        self.overlay.rebase(&data.engine, &data.portfolio);
        self.data = Some(data);
        self.failure = None;
        // An account that left the data leaves the marks.
        self.prune_marks();
        self.new_journey();
        if let Some(d) = &self.data {
            self.journey.carry(changed, &d.portfolio);
        }
        // Old row numbers mean nothing in the new data: find the account by id.
        self.visible.clear();
        self.resort();
        let found = keep.and_then(|id| {
            let p = self.portfolio()?;
            self.visible
                .iter()
                .position(|&i| p.accounts[i as usize].id == id)
        });
        self.selected = found.unwrap_or(0);
        self.keep_visible();
        if let Screen::Account(view) = &self.screen {
            let (id, scroll) = (view.detail.item.id.clone(), view.scroll);
            self.open_by_id(&id, scroll);
        }
    }

    /// The report rows of the visible list from `start` to `end`: the view
    /// draws them as they are.
    pub fn rows(&self, start: usize, end: usize) -> Vec<WatchItem> {
        let Some(p) = self.shown() else {
            return Vec::new();
        };
        let end = end.min(self.visible.len());
        self.visible[start.min(end)..end]
            .iter()
            .map(|&i| {
                let i = i as usize;
                watch_item(&self.engine, p.account(i), p.eval(i), p.now())
            })
            .collect()
    }

    /// The title of the stage at `position` in the model (the stage keys
    /// show stages by position), if there is one.
    pub(crate) fn stage_at_position(&self, position: usize) -> Option<&str> {
        let stage = self.engine.stages().nth(position)?;
        Some(&self.engine.stage(stage).title)
    }

    /// The title of the stage the filter shows.
    pub(crate) fn filter_stage_title(&self) -> Option<&str> {
        Some(&self.engine.stage(self.filter.stage?).title)
    }

    /// The loaded snapshot, without the local changes: for ids, names and
    /// what the Review screen counts. What a screen shows of an account
    /// comes from [`App::shown`].
    pub fn portfolio(&self) -> Option<&Portfolio> {
        self.data.as_ref().map(|d| &*d.portfolio)
    }

    /// The snapshot read through the overlay: each account as shown.
    pub fn shown(&self) -> Option<Shown<'_>> {
        let d = self.data.as_ref()?;
        Some(Shown::new(&d.portfolio, &self.overlay))
    }

    /// Sorts again (the sort key changed or data arrived), then filters.
    pub fn resort(&mut self) {
        self.order = self
            .shown()
            .map(|p| p.sorted_by(self.sort, self.reverse))
            .unwrap_or_default();
        self.refilter();
    }

    /// Filters the sorted order again: the cheap step, run on each keystroke.
    /// Keeps the selection on the same account when it is still listed.
    pub(crate) fn refilter(&mut self) {
        self.filter_rows(false);
    }

    /// Narrows the list to the rows already shown that still pass the
    /// filter: enough when the filter text only grew.
    pub(crate) fn narrow(&mut self) {
        self.filter_rows(true);
    }

    fn filter_rows(&mut self, from_shown: bool) {
        let keep = self.selected_account();
        let changed = (self.changes_only && !from_shown)
            .then(|| self.journey.changed())
            .flatten();
        let rows = match (&changed, from_shown) {
            (Some(c), _) => c,
            (None, true) => &self.visible,
            (None, false) => &self.order,
        };
        self.visible = match self.shown() {
            Some(p) => p.filter(rows, &self.filter),
            None => Vec::new(),
        };
        self.summary = self
            .shown()
            .map(|p| p.summary(&self.visible))
            .unwrap_or_default();
        self.reselect(keep);
    }

    /// Scrolls the list so that the selected row is on screen.
    pub(crate) fn keep_visible(&mut self) {
        self.offset = self.list_window(self.page).start;
    }

    /// Moves the selection to `account` if the list shows it, else to the top.
    fn reselect(&mut self, account: Option<usize>) {
        self.selected = account
            .and_then(|a| self.visible.iter().position(|&i| i as usize == a))
            .unwrap_or(0);
        self.keep_visible();
    }

    /// Clears every filter (text, stage, band, owner, renewal, follow-up);
    /// true if any was set.
    pub(crate) fn clear_filters(&mut self) -> bool {
        let had = self.filter != Filter::default();
        if had {
            self.filter = Filter::default();
            self.refilter();
        }
        had
    }

    /// The portfolio index of the selected row.
    pub fn selected_account(&self) -> Option<usize> {
        self.visible.get(self.selected).map(|&i| i as usize)
    }

    pub fn open(&mut self, index: usize) {
        let Some(p) = self.shown() else { return };
        let detail = account_detail(&self.engine, p.account(index), p.eval(index), p.now());
        let view = Screen::Account(Box::new(AccountView {
            detail,
            scroll: 0,
            height: 10,
        }));
        // Another account replaces the one open; over the list or the
        // Review screen, the account goes on top of it.
        if matches!(self.screen, Screen::Account(_)) {
            self.screen = view;
        } else {
            self.push(view);
        }
    }

    /// Draws the open account again from the data (a log was added or its
    /// delivery changed), keeping its scroll.
    pub(crate) fn reopen(&mut self) {
        if let Screen::Account(view) = &self.screen {
            let (id, scroll) = (view.detail.item.id.clone(), view.scroll);
            self.open_by_id(&id, scroll);
        }
    }

    /// Opens account `id` again (new data), at `scroll`; back to the
    /// screen under it when it is gone.
    fn open_by_id(&mut self, id: &str, scroll: u16) {
        match self.portfolio().and_then(|p| p.find(id)) {
            Some(i) => {
                self.open(i);
                if let Screen::Account(v) = &mut self.screen {
                    v.scroll = scroll;
                }
            }
            None => self.back(),
        }
    }

    /// Shows only the stage at `position` in the model, or every stage.
    pub(crate) fn set_stage(&mut self, position: Option<usize>) {
        let stage = match position {
            Some(i) => match self.engine.stages().nth(i) {
                Some(s) => Some(s),
                None => return,
            },
            None => None,
        };
        self.filter.stage = stage;
        self.refilter();
    }

    /// The band filter's next step: poor, poor and average (at risk),
    /// average, good, no data, every band.
    pub(crate) fn cycle_band(&mut self) {
        use Band::*;
        const STEPS: [&[Band]; 6] = [
            &[],
            &[Poor],
            &[Poor, Average],
            &[Average],
            &[Good],
            &[Unknown],
        ];
        let now = STEPS
            .iter()
            .position(|s| *s == self.filter.bands.as_slice());
        let next = now.map_or(0, |i| (i + 1) % STEPS.len());
        self.filter.bands = STEPS[next].to_vec();
        self.refilter();
    }
}

fn data_id(app: &App, index: usize) -> AccountId {
    app.portfolio()
        .map(|p| p.accounts[index].id.clone())
        .unwrap_or_default()
}

/// The first row to show so that `selected` is on a page of `page` rows,
/// moving `offset` as little as possible.
pub(crate) fn window_start(offset: usize, selected: usize, page: usize, len: usize) -> usize {
    let page = page.max(1);
    let start = if selected < offset {
        selected
    } else if selected >= offset + page {
        selected + 1 - page
    } else {
        offset
    };
    start.min(len.saturating_sub(page))
}
