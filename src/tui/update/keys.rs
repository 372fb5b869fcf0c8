//! Keys: those of every mode (quit), the overlays (help, data), the filter
//! prompt, then the key map's action on the screen showing.

use super::screens::{account_key, copy_id, list_key, move_account, open_link};
use super::{quit, redraw, reload, Effect, Outcome};
use crate::keymap::{Action, Screen as KeyScreen};
use crate::tui::state::{App, Mode, Screen};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub(super) fn on_key(app: &mut App, key: KeyEvent) -> Outcome {
    // Keys that act in every mode (ctrl-c): the keymap says which.
    if app.keymap.global(&key) == Some(Action::Quit) {
        return quit();
    }
    if app.logger().is_some() {
        return crate::tui::plays::logger_key(app, key);
    }
    if app.snoozer().is_some() {
        return crate::tui::snoozer::flow::snoozer_key(app, key);
    }
    if app.exporter().is_some() {
        return crate::tui::marks::export::key(app, key);
    }
    if let Some(then) = unbound_alt(app, key) {
        // Esc and a key typed quickly (over SSH) arrive as one Alt-key:
        // do what Esc does, then the key.
        let esc = on_key(app, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        if esc.effect == Some(Effect::Quit) {
            return esc;
        }
        let then = on_key(app, then);
        return Outcome {
            redraw: esc.redraw || then.redraw,
            effect: then.effect.or(esc.effect),
        };
    }
    match app.mode {
        Mode::Info if app.keymap.action(app.key_screen(), &key) == Some(Action::Refresh) => {
            // Sync from where the reason for syncing is shown.
            return reload(app);
        }
        Mode::Help | Mode::Info => {
            help_key(app, key);
            return redraw();
        }
        Mode::Filtering => {
            if type_into_filter(app, key) {
                return redraw();
            }
        }
        Mode::Normal => {}
        // Taken by the logger and the snooze form above.
        Mode::Logging(_) | Mode::Snoozing(_) | Mode::Exporting(_) => return Outcome::default(),
    }
    let screen = app.key_screen();
    let Some(action) = app.keymap.action(screen, &key) else {
        return Outcome::default();
    };
    match action {
        // On the account view, quit goes back to the list.
        // Over the list, quit goes back to the screen under.
        Action::Quit if screen != KeyScreen::List => app.back(),
        Action::Quit => return quit(),
        Action::Help => {
            app.mode = Mode::Help;
            app.help.scroll = 0;
        }
        Action::DataInfo => {
            app.mode = Mode::Info;
            app.help.scroll = 0;
        }
        // The review failed: `r` on its screen fits it again.
        Action::Refresh if screen == KeyScreen::Review && app.journey.failed().is_some() => {
            return crate::tui::review::keys::retry_review(app)
        }
        Action::Refresh => return reload(app),
        Action::NextAccount => move_account(app, 1),
        Action::PrevAccount => move_account(app, -1),
        Action::OpenUrl => return open_link(app),
        Action::CopyId => return copy_id(app),
        Action::LogPlay => crate::tui::plays::open_logger(app),
        Action::Snooze => crate::tui::snoozer::flow::open_snoozer(app),
        a if screen == KeyScreen::Review => crate::tui::review::keys::on_key(app, a),
        a => match &mut app.screen {
            Screen::Account(view) => {
                if account_key(view, a) {
                    app.back();
                }
            }
            Screen::Review(_) => {}
            Screen::List => {
                list_key(app, a);
                app.keep_visible();
            }
        },
    }
    redraw()
}

/// An Alt-key the key map does not bind, as the key without Alt: the
/// terminal's way of sending Esc followed quickly by that key.
fn unbound_alt(app: &App, key: KeyEvent) -> Option<KeyEvent> {
    let bound = app.keymap.action(app.key_screen(), &key).is_some();
    if !key.modifiers.contains(KeyModifiers::ALT) || bound {
        return None;
    }
    let mut then = key;
    then.modifiers.remove(KeyModifiers::ALT);
    Some(then)
}

/// Keys over help or the data overlay: the move keys scroll it, any other
/// key closes it.
fn help_key(app: &mut App, key: KeyEvent) {
    let action = app.keymap.action(app.key_screen(), &key);
    let help = &mut app.help;
    let page = help.height.max(1);
    match action {
        Some(Action::Up) => help.scroll = help.scroll.saturating_sub(1),
        Some(Action::Down) => help.scroll = help.scroll.saturating_add(1),
        Some(Action::PageUp) => help.scroll = help.scroll.saturating_sub(page),
        Some(Action::PageDown) => help.scroll = help.scroll.saturating_add(page),
        Some(Action::Top) => help.scroll = 0,
        Some(Action::Bottom) => help.scroll = u16::MAX,
        _ => {
            app.mode = Mode::Normal;
            return;
        }
    }
    help.scroll = help.scroll.min(help.max_scroll);
}

/// Keys while the filter prompt is open: characters edit the filter,
/// Enter or Tab keep it and close the prompt, Esc clears it, Ctrl-U clears
/// the text and Ctrl-W deletes the word before the cursor (always at the
/// end). Returns false
/// for keys the prompt leaves to the keymap (arrows, PgUp/PgDn).
fn type_into_filter(app: &mut App, key: KeyEvent) -> bool {
    match key.code {
        KeyCode::Char('u') if key.modifiers == KeyModifiers::CONTROL => {
            app.filter.text.clear();
            app.refilter();
        }
        KeyCode::Char('w') if key.modifiers == KeyModifiers::CONTROL => {
            delete_word(&mut app.filter.text);
            app.refilter();
        }
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            app.filter.text.push(c);
            if c.is_whitespace() {
                app.refilter();
            } else {
                // Adding a character can only narrow the match.
                app.narrow();
            }
        }
        KeyCode::Backspace => {
            app.filter.text.pop();
            app.refilter();
        }
        KeyCode::Esc => {
            app.filter.text.clear();
            app.mode = Mode::Normal;
            app.refilter();
        }
        KeyCode::Enter | KeyCode::Tab => app.mode = Mode::Normal,
        _ => return false,
    }
    true
}

/// Deletes the word at the end of `text` and the spaces after it, as
/// Ctrl-W does in a shell.
fn delete_word(text: &mut String) {
    let kept = text
        .trim_end()
        .trim_end_matches(|c: char| !c.is_whitespace())
        .len();
    text.truncate(kept);
}
