//! The keys of the list and the account view, and the account's link and
//! id (browser, clipboard).

use super::{redraw, Effect, Outcome};
use crate::keymap::Action;
use crate::tui::links::Opener;
use crate::tui::state::{AccountView, App, Mode};

pub(super) fn list_key(app: &mut App, action: Action) {
    let last = app.visible.len().saturating_sub(1);
    let page = app.page.max(1);
    match action {
        Action::Up => app.selected = app.selected.saturating_sub(1),
        Action::Down => app.selected = (app.selected + 1).min(last),
        // A page moves the window too: the selection keeps its screen row.
        Action::PageUp => {
            app.selected = app.selected.saturating_sub(page);
            app.offset = app.offset.saturating_sub(page);
        }
        Action::PageDown => {
            app.selected = (app.selected + page).min(last);
            app.offset = (app.offset + page).min(app.visible.len().saturating_sub(page));
        }
        Action::Top => app.selected = 0,
        Action::Bottom => app.selected = last,
        Action::Filter => app.mode = Mode::Filtering,
        Action::CycleSort => {
            // A new order is read from its top: soonest renewal, largest ARR.
            app.sort = app.sort.next();
            app.resort();
            app.selected = 0;
            app.offset = 0;
        }
        Action::StageAll => app.set_stage(None),
        Action::Stage1 | Action::Stage2 | Action::Stage3 | Action::Stage4 | Action::Stage5 => {
            app.set_stage(action.stage())
        }
        Action::CycleBand => app.cycle_band(),
        Action::MyAccounts => app.toggle_mine(),
        Action::CycleRenewal => app.cycle_renewal(),
        Action::ReverseSort => app.toggle_reverse(),
        Action::CycleView => app.cycle_view(),
        Action::Open => {
            if let Some(i) = app.selected_account() {
                app.open(i);
            }
        }
        // The filters first, then the changes view, then the marks: Esc
        // drops marks only when nothing else is left to clear, and says so.
        Action::Back => {
            let cleared = app.clear_filters();
            if !cleared && app.changes_only {
                app.toggle_changes();
            } else if !cleared && !app.marks.is_empty() {
                let n = app.clear_marks();
                app.notice = Some(format!("cleared {}", marks_word(n)));
            }
        }
        Action::Mark => app.toggle_mark(),
        Action::Export => crate::tui::marks::export::open(app),
        Action::MarkAll => app.mark_all(),
        Action::ClearMarks => {
            let n = app.clear_marks();
            app.notice = Some(match n {
                0 => "no marks to clear".to_string(),
                n => format!("cleared {}", marks_word(n)),
            });
        }
        Action::Review => app.open_review(),
        Action::Changes => app.toggle_changes(),
        // Keys of the account view, or handled before the screen is known.
        Action::Quit
        | Action::Help
        | Action::Refresh
        | Action::NextAccount
        | Action::PrevAccount
        | Action::OpenUrl
        | Action::CopyId
        | Action::DataInfo
        | Action::LogPlay
        | Action::Snooze
        | Action::NextTab
        | Action::PrevTab
        // Not wired yet (issue 17 lands them one by one).
        | Action::Agenda
        | Action::TaskDone
        | Action::TaskMove
        | Action::Command
        | Action::NextMatch
        | Action::PrevMatch => {}
    }
}

/// A key on the account view; true when it goes back to the list.
pub(super) fn account_key(view: &mut AccountView, action: Action) -> bool {
    let page = view.height.max(1);
    match action {
        Action::Back => return true,
        Action::Up => view.scroll = view.scroll.saturating_sub(1),
        Action::Down => view.scroll = view.scroll.saturating_add(1),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(page),
        Action::PageDown => view.scroll = view.scroll.saturating_add(page),
        Action::Top => view.scroll = 0,
        Action::Bottom => view.scroll = u16::MAX,
        _ => {}
    }
    false
}

/// The next (`step` 1) or previous (-1) account of the list, from the
/// account view; at either end it stays and says so.
pub(super) fn move_account(app: &mut App, step: isize) {
    if !app.step_account(step) {
        let end = if step > 0 { "last" } else { "first" };
        app.notice = Some(format!("this is the {end} account of the list"));
    }
}

/// `o`: the account's link in the browser, or, where no browser can be
/// opened (over SSH), on the status line and the clipboard.
pub(super) fn open_link(app: &mut App) -> Outcome {
    let Some(view) = app.account() else {
        return Outcome::default();
    };
    let Some(url) = view.detail.url.clone() else {
        app.notice = Some("no link for this account".into());
        return redraw();
    };
    let web = url.starts_with("https://") || url.starts_with("http://");
    match (&app.opener, web) {
        (Opener::Local, true) => {
            app.notice = Some(format!("opening {url}"));
            Outcome {
                redraw: true,
                effect: Some(Effect::OpenUrl(url)),
            }
        }
        (Opener::Local, false) => show_link(app, &url, "not a web link"),
        (Opener::Unavailable(why), _) => show_link(app, &url, why),
    }
}

/// Shows `url` in the status line, saying why it was not opened, and
/// copies it.
pub(super) fn show_link(app: &mut App, url: &str, why: &str) -> Outcome {
    let url = clean(url);
    app.notice = Some(format!("{why}: {url} (copied)"));
    Outcome {
        redraw: true,
        effect: Some(Effect::Copy(url)),
    }
}

/// `y`: the account id to the clipboard: the open account's, or on the
/// list the marked ids one per line (in the list's order), else the
/// selected row's.
pub(super) fn copy_id(app: &mut App) -> Outcome {
    let ids: Vec<String> = match (app.account(), app.portfolio()) {
        (Some(view), _) => vec![view.detail.item.id.to_string()],
        (None, Some(p)) if !app.marks.is_empty() => app
            .marked()
            .into_iter()
            .map(|i| p.accounts[i].id.to_string())
            .collect(),
        (None, Some(p)) => app
            .selected_account()
            .map(|i| p.accounts[i].id.to_string())
            .into_iter()
            .collect(),
        (None, None) => Vec::new(),
    };
    let ids: Vec<String> = ids.iter().map(|id| clean(id)).collect();
    app.notice = Some(match ids.as_slice() {
        [] => return Outcome::default(),
        [one] if app.marks.is_empty() || app.account().is_some() => format!("copied {one}"),
        many => format!("copied {} ids", many.len()),
    });
    Outcome {
        redraw: true,
        effect: Some(Effect::Copy(ids.join("\n"))),
    }
}

/// "3 marks" (or "1 mark").
fn marks_word(n: usize) -> String {
    crate::tui::marks::plural(n, "mark")
}

/// Text fit for the terminal and the clipboard: no control characters.
fn clean(text: &str) -> String {
    crate::domain::text::clean(text)
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}
