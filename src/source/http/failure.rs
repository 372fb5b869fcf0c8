//! What a failed answer says: the API's own message, and how many
//! attempts it took to get there.

use super::SourceError;

/// `message`, `error` or `detail` of a JSON error body, else the start of
/// a text body. HubSpot's error body also names its `category` (what kind
/// of error) and a `correlationId` (what HubSpot's support asks for): both
/// follow the message when present.
pub(super) fn api_message(body: &[u8]) -> Option<String> {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
        let field = |key: &str| v.get(key).and_then(|m| m.as_str()).map(str::trim);
        let message = ["message", "error", "detail"].into_iter().find_map(field);
        let mut extra = Vec::new();
        if let Some(category) = field("category").filter(|c| !c.is_empty()) {
            extra.push(format!("category {category}"));
        }
        if let Some(id) = field("correlationId").filter(|c| !c.is_empty()) {
            extra.push(format!("correlation id {id}"));
        }
        match (message, extra.is_empty()) {
            (Some(m), true) => return Some(m.to_string()),
            (Some(m), false) => return Some(format!("{m} [{}]", extra.join(", "))),
            (None, false) => return Some(extra.join(", ")),
            (None, true) => {}
        }
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(200)]);
    let text = text.trim();
    (!text.is_empty() && !text.starts_with(['{', '<'])).then(|| text.to_string())
}

pub(super) fn after_attempts(e: SourceError, attempts: u32) -> SourceError {
    if attempts < 2 {
        return e;
    }
    match e {
        SourceError::Transport(m) => SourceError::Transport(format!("{m} ({attempts} attempts)")),
        SourceError::Api { status, message } => SourceError::Api {
            status,
            message: format!("{message} ({attempts} attempts)"),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_messages_are_read_from_json_or_text() {
        assert_eq!(
            api_message(br#"{"message":"nope"}"#).as_deref(),
            Some("nope")
        );
        assert_eq!(api_message(br#"{"error":"bad"}"#).as_deref(), Some("bad"));
        assert_eq!(
            api_message(b"Service down").as_deref(),
            Some("Service down")
        );
        assert_eq!(api_message(b"<html>").as_deref(), None);
    }
}
