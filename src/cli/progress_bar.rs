//! The progress bar `orienteer sync` draws on stderr when stderr is a
//! terminal: one line, redrawn in place, cleared when the sync ends.

use crate::source::{Source, Step};
use std::io::Write;
use std::time::{Duration, Instant};

/// How often the line is redrawn.
const EVERY: Duration = Duration::from_millis(100);

/// The line for `step`, `elapsed` into the sync, in at most `width`
/// columns: `companies 3,400 of 6,605 [█████░░░░░]  51%  4.1 s`, or
/// without a known total `companies 3,400  4.1 s`.
pub(crate) fn line(step: &Step, elapsed: Duration, width: usize) -> String {
    let label = step.label();
    let time = format!("{:.1} s", elapsed.as_secs_f64());
    let Some(fraction) = step.fraction() else {
        return fit(format!("syncing: {label}  {time}"), width);
    };
    let percent = format!("{:>3}%", (fraction * 100.0).floor() as u32);
    let fixed = "syncing: ".len() + label.chars().count() + percent.len() + time.len() + 7;
    let cells = width.saturating_sub(fixed).min(30);
    if cells < 5 {
        return fit(format!("syncing: {label} {percent}  {time}"), width);
    }
    let full = ((fraction * cells as f64).round() as usize).min(cells);
    let bar: String = "█".repeat(full) + &"░".repeat(cells - full);
    fit(format!("syncing: {label} [{bar}] {percent}  {time}"), width)
}

fn fit(text: String, width: usize) -> String {
    if text.chars().count() <= width {
        return text;
    }
    text.chars()
        .take(width.saturating_sub(1))
        .collect::<String>()
        + "…"
}

/// Redraws the bar for `source` on stderr until `work` is done, then
/// clears it; returns what `work` returned.
pub(crate) async fn while_running<T>(
    source: &dyn Source,
    work: impl std::future::Future<Output = T>,
) -> T {
    let started = Instant::now();
    let width = crossterm::terminal::size().map_or(80, |(w, _)| w as usize);
    let mut ticks = tokio::time::interval(EVERY);
    tokio::pin!(work);
    let mut stderr = std::io::stderr();
    let result = loop {
        tokio::select! {
            result = &mut work => break result,
            _ = ticks.tick() => {
                let step = source.progress().map(|p| p.get()).unwrap_or_default();
                let text = line(&step, started.elapsed(), width.saturating_sub(1));
                // Redraw in place: to the line's start, the text, clear the rest.
                let _ = write!(stderr, "\r{text}\x1b[K");
                let _ = stderr.flush();
            }
        }
    };
    let _ = write!(stderr, "\r\x1b[K");
    let _ = stderr.flush();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Progress;

    #[test]
    fn a_known_total_draws_a_bar() {
        let p = Progress::default();
        p.start("contacts", Some(1_000));
        p.advance(500);
        let text = line(&p.get(), Duration::from_millis(4_100), 79);
        assert_eq!(
            text,
            "syncing: contacts 500 of 1,000 [███████████████░░░░░░░░░░░░░░░]  50%  4.1 s"
        );
        assert!(text.chars().count() <= 79);
    }

    #[test]
    fn without_a_total_it_counts() {
        let p = Progress::default();
        p.start_accounts("companies");
        p.advance(3_400);
        let text = line(&p.get(), Duration::from_millis(1_250), 79);
        assert_eq!(text, "syncing: companies 3,400  1.2 s");
        let text = line(&Step::default(), Duration::ZERO, 79);
        assert_eq!(text, "syncing: starting  0.0 s");
    }

    #[test]
    fn a_narrow_terminal_drops_the_bar_then_cuts() {
        let p = Progress::default();
        p.start("companies", Some(6_605));
        p.advance(3_400);
        let text = line(&p.get(), Duration::from_secs(2), 50);
        assert_eq!(text, "syncing: companies 3,400 of 6,605  51%  2.0 s");
        let text = line(&p.get(), Duration::from_secs(2), 20);
        assert_eq!(text.chars().count(), 20);
        assert!(text.ends_with('…'));
    }
}
