//! Reading a face's text for the cells of a row built once.

/// Whether one of `lines` holds `cells` in order, each a whole word run
/// after a space (or cut with `…` at the end of the line).
pub fn shown(lines: &[&str], cells: &[String]) -> bool {
    lines.iter().any(|line| {
        let line = format!(" {line}");
        let mut rest = line.as_str();
        cells.iter().all(|c| match rest.find(&format!(" {c}")) {
            Some(at) => {
                rest = &rest[at + 1 + c.len()..];
                rest.is_empty() || rest.starts_with(' ') || rest.starts_with('…')
            }
            None => false,
        })
    })
}
