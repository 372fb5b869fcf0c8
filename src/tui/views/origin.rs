//! Where the data came from, as the header and `i` say it.

use crate::domain::text::clean;
use crate::source::Origin;

/// The origin in a few words: the source's name live; for the cache, why
/// first (at 80 columns the source's name may be cut).
pub(crate) fn label(origin: &Origin) -> String {
    match origin {
        Origin::Live { source } => clean(source).into_owned(),
        Origin::Cached {
            source,
            last_error: None,
        } => format!("{} (cached)", clean(source)),
        Origin::Cached {
            source,
            last_error: Some(e),
        } => {
            let when = if e.this_load { "sync" } else { "last sync" };
            format!("cached, {when} failed ({}) · {}", e.kind, clean(source))
        }
    }
}
