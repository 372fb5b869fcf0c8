//! Write-back to HubSpot: a logged play becomes a note on the company
//! (`POST /crm/v3/objects/notes`, association type 190, note to company)
//! and, with a follow-up, a task due that day (`POST
//! /crm/v3/objects/tasks`, association type 192, task to company). Only
//! HubSpot's standard properties are used, so it works on any portal.
//!
//! **Whose.** Both carry `hubspot_owner_id`: the account's owner when the
//! owner is a HubSpot user, else the user the config's `me` names, else
//! none (see [`super::assign`]).
//!
//! **The key.** HubSpot takes no idempotency header, so the log's id goes
//! into the note's (and the task's) body as one alphanumeric word,
//! [`key_word`]: `OrienteerLog` and the id. To find out whether an earlier
//! attempt landed, the company's associated notes (or tasks) are read
//! through the v4 associations API and their bodies batch-read: that read
//! sees a new note at once, unlike the search API, whose index lags writes
//! by seconds (an empty search right after an attempt proves nothing).
//!
//! **Once.** Creating a note is not idempotent, so these requests are
//! tried once (no retry inside the HTTP layer); the outbox retries, after
//! checking.

use super::map::OWNER_ID;
use super::HubSpot;
use crate::domain::account::PlayOutcome;
use crate::source::writeback::{DeliverFuture, NoteLimit, Outgoing, Receipt, WriteBack};
use crate::source::SourceError;
use crate::store::LogKind;
use chrono::{NaiveDate, SecondsFormat};
use serde_json::{json, Value};

/// The association type of a note to a company (HubSpot-defined).
pub(crate) const NOTE_TO_COMPANY: u32 = 190;
/// The association type of a task to a company (HubSpot-defined).
pub(crate) const TASK_TO_COMPANY: u32 = 192;
/// Notes or tasks per batch read (HubSpot allows 100).
const BATCH: usize = 100;

/// The word that carries a log's id in HubSpot: one alphanumeric token.
pub fn key_word(log_id: &str) -> String {
    let id: String = log_id.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("OrienteerLog{id}")
}

/// The note's HTML body: the play, its outcome, the note, the follow-up
/// and the key word; for a plain note (a snooze's), its text and the key
/// word.
pub(crate) fn note_body(item: &Outgoing) -> String {
    let log = &item.log;
    if item.kind == LogKind::Note {
        return format!(
            "<p>{}</p><p>Noted in Orienteer · {}</p>",
            escape(log.note.trim()).replace('\n', "<br>"),
            key_word(log.id.as_str())
        );
    }
    let mut body = format!(
        "<p><strong>{}</strong>: {}</p>",
        escape(&item.play_title),
        outcome_text(log.outcome)
    );
    if !log.note.trim().is_empty() {
        body.push_str(&format!(
            "<p>{}</p>",
            escape(log.note.trim()).replace('\n', "<br>")
        ));
    }
    if let Some(f) = log.follow_up {
        body.push_str(&format!("<p>Follow-up: {f}</p>"));
    }
    body.push_str(&format!(
        "<p>Logged in Orienteer · {}</p>",
        key_word(log.id.as_str())
    ));
    body
}

fn outcome_text(o: PlayOutcome) -> &'static str {
    match o {
        PlayOutcome::Done => "done",
        PlayOutcome::NoAnswer => "no answer",
        PlayOutcome::Rescheduled => "rescheduled",
        PlayOutcome::Declined => "declined",
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The body of `POST /crm/v3/objects/notes`, assigned to `owner` (a
/// HubSpot owner id) if given.
pub(crate) fn note_request(item: &Outgoing, owner: Option<&str>) -> Value {
    let mut properties = json!({
        "hs_timestamp": item.at.to_rfc3339_opts(SecondsFormat::Millis, true),
        "hs_note_body": note_body(item),
    });
    assign(&mut properties, owner);
    json!({
        "properties": properties,
        "associations": [association(item, NOTE_TO_COMPANY)],
    })
}

/// Sets `hubspot_owner_id` when there is an owner; leaves it out when not.
fn assign(properties: &mut Value, owner: Option<&str>) {
    if let (Some(owner), Some(map)) = (owner, properties.as_object_mut()) {
        map.insert(OWNER_ID.into(), Value::from(owner));
    }
}

/// The body of `POST /crm/v3/objects/tasks` for a follow-up on `due`,
/// assigned to `owner` (a HubSpot owner id) if given. The task is due at
/// noon UTC on that day, which is the same calendar day from UTC-11 to
/// UTC+11.
pub(crate) fn task_request(item: &Outgoing, due: NaiveDate, owner: Option<&str>) -> Value {
    let due = due
        .and_hms_opt(12, 0, 0)
        .expect("noon exists")
        .and_utc()
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut body = format!("Follow-up of {} ({})", item.play_title, item.log.at);
    if !item.log.note.trim().is_empty() {
        body.push_str(&format!(": {}", item.log.note.trim()));
    }
    body.push_str(&format!("\n{}", key_word(item.log.id.as_str())));
    let mut properties = json!({
        "hs_task_subject": format!("Follow up: {}", item.play_title),
        "hs_task_body": body,
        "hs_task_status": "NOT_STARTED",
        "hs_timestamp": due,
    });
    assign(&mut properties, owner);
    json!({
        "properties": properties,
        "associations": [association(item, TASK_TO_COMPANY)],
    })
}

fn association(item: &Outgoing, type_id: u32) -> Value {
    json!({
        "to": { "id": item.account_id.as_str() },
        "types": [{ "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id }],
    })
}

/// A kind of engagement the write-back creates.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Note,
    Task,
}

impl Kind {
    fn objects(self) -> &'static str {
        match self {
            Kind::Note => "notes",
            Kind::Task => "tasks",
        }
    }

    fn body_property(self) -> &'static str {
        match self {
            Kind::Note => "hs_note_body",
            Kind::Task => "hs_task_body",
        }
    }
}

impl HubSpot {
    /// Creates the note (and the task), first looking for them when an
    /// earlier attempt may have landed.
    async fn write_back(&self, item: &Outgoing, check_first: bool) -> Result<Receipt, SourceError> {
        let http = (*self.http).clone().once();
        let owner = self.assignee(item.owner.as_deref()).await?;
        let owner = owner.as_deref();
        let mut found = false;
        let existing = match check_first {
            true => self.find_key(item, Kind::Note).await?,
            false => None,
        };
        let note_id = match existing {
            Some(id) => {
                found = true;
                id
            }
            None => {
                let created: Value = http
                    .post_json("crm/v3/objects/notes", &note_request(item, owner), &[])
                    .await?;
                created_id(&created, "notes")?
            }
        };
        let follow_up = item.log.follow_up.filter(|_| item.kind == LogKind::Play);
        if let Some(due) = follow_up {
            let existing = match check_first {
                true => self.find_key(item, Kind::Task).await?,
                false => None,
            };
            match existing {
                Some(_) => found = true,
                None => {
                    let task = task_request(item, due, owner);
                    let created: Value = http.post_json("crm/v3/objects/tasks", &task, &[]).await?;
                    created_id(&created, "tasks")?;
                }
            }
        }
        Ok(Receipt {
            remote_id: Some(note_id),
            found,
        })
    }

    /// The id of the company's note (or task) that carries the log's key,
    /// read through the associations (which see a new note at once).
    async fn find_key(&self, item: &Outgoing, kind: Kind) -> Result<Option<String>, SourceError> {
        let word = key_word(item.log.id.as_str());
        let ids = self.associated(item.account_id.as_str(), kind).await?;
        for chunk in ids.chunks(BATCH) {
            let inputs: Vec<Value> = chunk.iter().map(|id| json!({ "id": id })).collect();
            let request = json!({ "properties": [kind.body_property()], "inputs": inputs });
            let read: Value = self
                .http
                .post_json(
                    &format!("crm/v3/objects/{}/batch/read", kind.objects()),
                    &request,
                    &[],
                )
                .await?;
            let results = read.get("results").and_then(Value::as_array);
            for r in results.into_iter().flatten() {
                let body = r
                    .pointer(&format!("/properties/{}", kind.body_property()))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if body
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w == word)
                {
                    return Ok(r.get("id").and_then(id_text));
                }
            }
        }
        Ok(None)
    }

    /// The ids of the notes (or tasks) associated with a company, every page.
    async fn associated(&self, company: &str, kind: Kind) -> Result<Vec<String>, SourceError> {
        let path = format!(
            "crm/v4/objects/companies/{}/associations/{}",
            segment(company),
            kind.objects()
        );
        let mut ids = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut query = vec![("limit", "500".to_string())];
            if let Some(a) = &after {
                query.push(("after", a.clone()));
            }
            let page: Value = self.http.get_json(&path, &query).await?;
            let results = page.get("results").and_then(Value::as_array);
            ids.extend(
                results
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.get("toObjectId").and_then(id_text)),
            );
            match page.pointer("/paging/next/after").and_then(id_text) {
                Some(next) if after.as_deref() != Some(next.as_str()) => after = Some(next),
                _ => return Ok(ids),
            }
        }
    }
}

/// A path segment: unreserved characters kept, the rest escaped.
fn segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An id HubSpot writes as a string or a number.
fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn created_id(created: &Value, objects: &str) -> Result<String, SourceError> {
    created.get("id").and_then(id_text).ok_or_else(|| {
        SourceError::Data(format!(
            "POST /crm/v3/objects/{objects}: the answer has no `id`"
        ))
    })
}

impl WriteBack for HubSpot {
    fn deliver<'a>(&'a self, item: &'a Outgoing, check_first: bool) -> DeliverFuture<'a> {
        Box::pin(self.write_back(item, check_first))
    }

    fn flush_started(&self) {
        self.forget_directory();
    }

    /// `hs_note_body` holds 65,536 characters; the title, outcome and key
    /// take well under 536 of them.
    fn note_limit(&self) -> Option<NoteLimit> {
        Some(NoteLimit {
            source_keeps: 65_536,
            note: 65_000,
            source: "HubSpot",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_one_alphanumeric_word() {
        let w = key_word("01JD3X9ZQ7K2M4N6P8R0T2V4W6");
        assert_eq!(w, "OrienteerLog01JD3X9ZQ7K2M4N6P8R0T2V4W6");
        assert!(w.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_eq!(key_word("log-01-a"), "OrienteerLoglog01a");
    }
}
