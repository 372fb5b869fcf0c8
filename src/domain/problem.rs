//! A value of a source's record that could not be used: it costs its
//! field (which is then "no data") and travels with the account
//! (`Account::field_problems`, kept in the cache), so every face can say
//! which record to fix.

use super::text::clean;
use serde::{Deserialize, Serialize};

/// A value in the source's record that could not be used, so its field is
/// "no data": which field, where the source keeps it, what it held and
/// what was expected. The text is the source's, not yet cleaned: it is
/// cleaned where it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// The canonical field: `arr`, `licenses`, `milestones.kickoff`.
    pub field: String,
    /// Where the source keeps it: the CRM property (`arr_usd`), or the key
    /// in the record (`metrics.nps[1]`).
    pub(crate) property: String,
    /// The value as the source sent it, cut short.
    pub(crate) value: String,
    /// What it should have been: `a number`, `a date`, `a share between 0
    /// and 1 (85% is 0.85)`.
    pub(crate) expected: String,
}

impl FieldProblem {
    /// How many characters of a value are kept.
    pub(crate) const SHOWN: usize = 60;

    pub fn new(
        field: impl Into<String>,
        property: impl Into<String>,
        value: &str,
        expected: impl Into<String>,
    ) -> FieldProblem {
        let mut shown: String = value.chars().take(FieldProblem::SHOWN).collect();
        if value.chars().nth(FieldProblem::SHOWN).is_some() {
            shown.push('…');
        }
        FieldProblem {
            field: field.into(),
            property: property.into(),
            value: shown,
            expected: expected.into(),
        }
    }

    /// The warning a load gives for it, naming the account (`id`, and
    /// `name` when it differs), cleaned: ``account 7 (Acme): field arr
    /// (arr_usd): cannot read `n/a` as a number``.
    pub(crate) fn warning(&self, id: &str, name: &str) -> String {
        let who = if name == id {
            id.to_string()
        } else {
            format!("{id} ({name})")
        };
        let place = if self.property == self.field {
            self.field.clone()
        } else {
            format!("{} ({})", self.field, self.property)
        };
        let text = format!(
            "account {who}: field {place}: cannot read `{}` as {}",
            self.value, self.expected
        );
        clean(&text).into_owned()
    }
}
