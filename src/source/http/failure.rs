//! What a failed answer says: the API's own message (the token masked
//! before anything is cut), how many attempts it took to get there, and
//! what a TLS failure means.

use super::{Http, Request, SourceError};
use crate::domain::text::clean;
use std::sync::atomic::Ordering;

/// The longest API text shown in an error, in characters.
const SHOWN: usize = 300;

/// `message`, `error` or `detail` of a JSON error body, else a text body.
/// HubSpot's error body also names its `category` (what kind of error)
/// and a `correlationId` (what HubSpot's support asks for): both follow
/// the message when present. `body` is the whole body with the token
/// already masked: nothing here cuts it (cutting first could leave part
/// of the token for the mask to miss).
pub(super) fn api_message(body: &str) -> Option<String> {
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(body) {
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
    let text = body.trim();
    (!text.is_empty() && !text.starts_with(['{', '<'])).then(|| text.to_string())
}

/// Whether a transport failure was the TLS handshake refusing the
/// server's certificate (not worth trying again: it fails the same way).
pub(super) fn tls_trouble(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(e) = next {
        let text = e.to_string().to_ascii_lowercase();
        if ["certificate", "unknownissuer", "invalid peer cert"]
            .iter()
            .any(|w| text.contains(w))
        {
            return true;
        }
        next = e.source();
    }
    false
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

impl Http {
    /// API text made safe to show: the token masked (first, in the whole
    /// text), controls removed, then cut to a readable length.
    pub(super) fn safe(&self, text: &str) -> String {
        let text = match &self.config.token {
            Some(token) => token.redact(text),
            None => text.to_string(),
        };
        let text = clean(&text);
        match text.char_indices().nth(SHOWN) {
            Some((i, _)) => format!("{}…", &text[..i]),
            None => text.into_owned(),
        }
    }

    /// A reqwest error's gist, without the URL (whose query may hold
    /// secrets in some APIs).
    pub(super) fn transport_text(&self, e: &reqwest::Error) -> String {
        let what = if e.is_timeout() {
            "timed out waiting for"
        } else if e.is_connect() {
            "could not connect to"
        } else if e.is_body() || e.is_decode() {
            "lost the answer from"
        } else {
            "request failed to"
        };
        format!("{what} {}", self.host())
    }

    /// A certificate the TLS handshake did not trust, and what to do.
    pub(super) fn untrusted(&self) -> String {
        format!(
            "certificate not trusted for {}; if your network inspects TLS, point \
             SSL_CERT_FILE at its CA bundle",
            self.host()
        )
    }

    /// The error for a non-success status, with the API's own message
    /// (`message`, `error` or `detail`, as most JSON APIs write it).
    pub(super) fn status_error(
        &self,
        request: &Request<'_>,
        status: u16,
        body: &[u8],
    ) -> SourceError {
        let body = String::from_utf8_lossy(body);
        let masked = match &self.config.token {
            Some(token) => token.redact(&body),
            None => body.into_owned(),
        };
        let said = api_message(&masked)
            .map(|m| format!(" (the API says: {})", self.safe(&m)))
            .unwrap_or_default();
        let what = format!("{} {}", request.method, self.safe(request.url.path()));
        let host = self.host();
        let token = match &self.config.token {
            Some(t) => format!("the token from {}", t.origin().unwrap_or("the config")),
            None => "no token (none is configured: set token_env or token_cmd)".to_string(),
        };
        match status {
            401 => SourceError::Auth(format!(
                "401 from {host} for {what}: {token} was not accepted; check that it is \
                 set, current and not revoked{said}"
            )),
            403 => SourceError::Auth(format!(
                "403 from {host} for {what}: {token} lacks permission; check the scopes \
                 it was granted{said}"
            )),
            404 => {
                // Once a request to the base has worked, the base is right.
                let hint = match self.reached.load(Ordering::Relaxed) {
                    true => String::new(),
                    false => format!(
                        "; no request to {} has worked yet: check base_url",
                        self.safe(self.base.as_str())
                    ),
                };
                SourceError::Api {
                    status,
                    message: format!("{what} answered 404 Not Found on {host}{hint}{said}"),
                }
            }
            _ => SourceError::Api {
                status,
                message: format!("{what} on {host} failed{said}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::http::{HttpConfig, Token};

    #[test]
    fn the_token_is_masked_before_a_long_text_body_is_cut() {
        let secret = "pat-na1-SECRET-0123456789";
        let config = HttpConfig {
            token: Some(Token::new(secret)),
            ..HttpConfig::new("http://127.0.0.1:9")
        };
        let http = Http::new(config).unwrap();
        // The token straddles byte 200 and character 300 of a text body.
        for pad in [190, 295] {
            let body = format!("{}{secret} and more", "x".repeat(pad));
            let request = Request {
                method: reqwest::Method::GET,
                url: http.url("things").unwrap(),
                query: &[],
                headers: Default::default(),
                body: None,
            };
            let e = http
                .status_error(&request, 500, body.as_bytes())
                .to_string();
            assert!(!e.contains("SECRET"), "{e}");
            assert!(!e.contains("pat-na1"), "{e}");
        }
    }

    #[test]
    fn a_certificate_failure_is_told_apart() {
        #[derive(Debug)]
        struct Inner;
        impl std::fmt::Display for Inner {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("invalid peer certificate: UnknownIssuer")
            }
        }
        impl std::error::Error for Inner {}
        #[derive(Debug)]
        struct Outer(Inner);
        impl std::fmt::Display for Outer {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("error sending request")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        assert!(tls_trouble(&Outer(Inner)));
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        assert!(!tls_trouble(&refused));
    }

    #[test]
    fn api_messages_are_read_from_json_or_text() {
        assert_eq!(
            api_message(r#"{"message":"nope"}"#).as_deref(),
            Some("nope")
        );
        assert_eq!(api_message(r#"{"error":"bad"}"#).as_deref(), Some("bad"));
        assert_eq!(api_message("Service down").as_deref(), Some("Service down"));
        assert_eq!(api_message("<html>").as_deref(), None);
    }
}
