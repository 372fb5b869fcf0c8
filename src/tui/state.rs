//! The state of the terminal app. One owner (the event loop) mutates it,
//! through [`super::update::update`] only.

use crate::domain::health::Band;
use crate::domain::portfolio::{Filter, Portfolio, SortKey};
use crate::domain::report::{account_detail, AccountDetail};
use crate::domain::Engine;
use crate::keymap::Keymap;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Loaded data: the evaluated portfolio and where it came from.
pub struct Data {
    pub portfolio: Portfolio,
    pub origin: String,
    pub fetched_at: DateTime<Utc>,
}

/// The account open in the account view.
pub struct AccountView {
    pub index: usize,
    pub detail: AccountDetail,
    pub scroll: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    List,
    Account,
}

pub struct App {
    pub engine: Arc<Engine>,
    pub keymap: Keymap,
    pub data: Option<Data>,
    /// Loading or load failure, shown in the header.
    pub status: Option<String>,
    /// The wall clock, for "how old is the data"; advanced by ticks.
    pub clock: DateTime<Utc>,
    pub screen: Screen,
    pub account: Option<AccountView>,
    pub help: bool,
    /// The filter prompt has the keyboard.
    pub typing: bool,
    pub filter: Filter,
    pub sort: SortKey,
    /// Open accounts in `sort` order; re-filtered on each keystroke.
    pub order: Vec<u32>,
    /// What the list shows: `order` filtered.
    pub visible: Vec<u32>,
    pub selected: usize,
    /// First visible row of the list.
    pub offset: usize,
    /// Rows the list had room for at the last draw, for PgUp/PgDn.
    pub page: usize,
    pub quit: bool,
}

impl App {
    pub fn new(engine: Arc<Engine>, keymap: Keymap, clock: DateTime<Utc>) -> App {
        App {
            engine,
            keymap,
            data: None,
            status: Some("loading…".into()),
            clock,
            screen: Screen::List,
            account: None,
            help: false,
            typing: false,
            filter: Filter::default(),
            sort: SortKey::default(),
            order: Vec::new(),
            visible: Vec::new(),
            selected: 0,
            offset: 0,
            page: 10,
            quit: false,
        }
    }

    /// Installs freshly loaded data, keeping the selection on the same
    /// account when it is still there.
    pub fn set_data(&mut self, data: Data) {
        let keep = self.selected_account().map(|i| data_id(self, i));
        self.data = Some(data);
        self.status = None;
        self.resort();
        if let (Some(id), Some(d)) = (keep, &self.data) {
            if let Some(pos) = self
                .visible
                .iter()
                .position(|&i| d.portfolio.accounts[i as usize].id == id)
            {
                self.selected = pos;
            }
        }
        if let Some(view) = &self.account {
            let id = view.detail.item.id.clone();
            self.open_by_id(&id);
        }
    }

    pub fn portfolio(&self) -> Option<&Portfolio> {
        self.data.as_ref().map(|d| &d.portfolio)
    }

    /// Sorts again (the sort key changed or data arrived), then filters.
    pub fn resort(&mut self) {
        self.order = self
            .portfolio()
            .map(|p| p.sorted(self.sort))
            .unwrap_or_default();
        self.refilter();
    }

    /// Filters the sorted order again: the cheap step, run on each keystroke.
    pub fn refilter(&mut self) {
        self.visible = match self.portfolio() {
            Some(p) => p.filter(&self.order, &self.filter),
            None => Vec::new(),
        };
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
        self.keep_visible();
    }

    /// Scrolls the list so that the selected row is on screen.
    pub fn keep_visible(&mut self) {
        let page = self.page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        let max_offset = self.visible.len().saturating_sub(page);
        self.offset = self.offset.min(max_offset);
    }

    /// The portfolio index of the selected row.
    pub fn selected_account(&self) -> Option<usize> {
        self.visible.get(self.selected).map(|&i| i as usize)
    }

    pub fn open(&mut self, index: usize) {
        let Some(p) = self.portfolio() else { return };
        let detail = account_detail(&self.engine, &p.accounts[index], &p.evals[index], p.now);
        self.account = Some(AccountView {
            index,
            detail,
            scroll: 0,
        });
        self.screen = Screen::Account;
    }

    fn open_by_id(&mut self, id: &str) {
        let scroll = self.account.as_ref().map_or(0, |v| v.scroll);
        match self.portfolio().and_then(|p| p.find(id)) {
            Some(i) => {
                self.open(i);
                if let Some(v) = &mut self.account {
                    v.scroll = scroll;
                }
            }
            None => {
                self.account = None;
                self.screen = Screen::List;
            }
        }
    }

    pub fn set_stage(&mut self, stage: Option<usize>) {
        if stage.is_some_and(|s| s >= self.engine.model.stages.len()) {
            return;
        }
        self.filter.stage = stage;
        self.refilter();
    }

    pub fn cycle_band(&mut self) {
        self.filter.band = match self.filter.band {
            None => Some(Band::Poor),
            Some(Band::Poor) => Some(Band::Average),
            Some(Band::Average) => Some(Band::Good),
            Some(Band::Good) => Some(Band::Unknown),
            Some(Band::Unknown) => None,
        };
        self.refilter();
    }
}

fn data_id(app: &App, index: usize) -> String {
    app.portfolio()
        .map(|p| p.accounts[index].id.clone())
        .unwrap_or_default()
}
