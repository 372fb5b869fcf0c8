//! Every CSV Orienteer writes (the CLI's, the TUI's export) goes through here: the `csv` crate quotes and
//! escapes; first, a cell a spreadsheet would run as a formula (starting
//! with `=`, `+`, `-`, `@`, a tab or a carriage return, and not a number)
//! gets a leading apostrophe.

use crate::domain::report::WatchItem;
use std::borrow::Cow;
use std::io::{self, Write};

/// A CSV writer whose cells are defused.
pub(crate) struct Csv<W: Write>(csv::Writer<W>);

impl<W: Write> Csv<W> {
    pub(crate) fn new(out: W) -> Csv<W> {
        Csv(csv::Writer::from_writer(out))
    }

    /// Writes one record, each cell defused.
    pub(crate) fn row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| defuse(c.as_ref()).into_owned())
            .collect();
        self.0.write_record(&cells).map_err(io_error)
    }

    /// Writes out what is buffered; a write error comes back here.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// The write error as it was: a reader that went away stays a broken
/// pipe (the crate's own conversion would make it "other").
fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// `cell` with a leading apostrophe if a spreadsheet would run it as a
/// formula; a number (`-12`) stays as it is.
pub(crate) fn defuse(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The watch list's rows as CSV, a header first: `orienteer watchlist
/// --format csv` and the TUI's `e` write the same columns this way.
pub(crate) fn watch_list(items: &[WatchItem], out: &mut impl Write) -> io::Result<()> {
    let mut w = Csv::new(out);
    w.row([
        "id",
        "name",
        "owner",
        "segment",
        "stage",
        "score",
        "band",
        "coverage",
        "delta_7d",
        "delta_30d",
        "arr",
        "renewal_date",
        "days_to_renewal",
        "alerts",
        "risk_alerts",
        "overdue_milestones",
        "top_play",
    ])?;
    for i in items {
        let h = &i.health;
        let alerts: Vec<&str> = i.alerts.iter().map(|a| a.id.id()).collect();
        let fields = [
            i.id.clone(),
            i.name.clone(),
            opt(i.owner.as_ref()),
            opt(i.segment.as_ref()),
            i.stage.to_string(),
            opt(h.score),
            h.band.id().to_string(),
            h.coverage.to_string(),
            opt(h.delta_7d),
            opt(h.delta_30d),
            opt(i.arr),
            opt(i.renewal_date),
            opt(i.days_to_renewal),
            alerts.join(";"),
            i.risk_alerts.to_string(),
            i.overdue_milestones.to_string(),
            opt(i.recommended_plays.first().map(|p| &p.id)),
        ];
        w.row(fields)?;
    }
    w.finish()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::Csv;

    fn line(cells: &[&str]) -> String {
        let mut out = Vec::new();
        let mut w = Csv::new(&mut out);
        w.row(cells).unwrap();
        w.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(line(&["Acme, Inc.", "plain"]), "\"Acme, Inc.\",plain\n");
        assert_eq!(line(&["say \"hi\"", "x"]), "\"say \"\"hi\"\"\",x\n");
        assert_eq!(line(&["=HYPERLINK(1)", "-12"]), "'=HYPERLINK(1),-12\n");
        assert_eq!(line(&["+A1", "@SUM(A1)"]), "'+A1,'@SUM(A1)\n");
        assert_eq!(line(&["\t=1+1", "two\nlines"]), "'\t=1+1,\"two\nlines\"\n");
        assert_eq!(line(&["\r=1", ""]), "\"'\r=1\",\n");
    }

    #[test]
    fn a_defused_cell_reads_back_whole() {
        let text = line(&["=cmd|' /C calc'!A0", "Acme, \"Inc.\"", "-3.5"]);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let rec = r.records().next().unwrap().unwrap();
        let got: Vec<&str> = rec.iter().collect();
        assert_eq!(got, ["'=cmd|' /C calc'!A0", "Acme, \"Inc.\"", "-3.5"]);
    }
}
