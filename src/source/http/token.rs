//! The API token: a secret that prints as `***`, and where it comes from
//! (an environment variable or a command). A configured token is read on
//! first use, when a request must carry it, not when the source is built:
//! working from the local cache (`--offline`, `outbox list`) needs none.

use super::super::SourceError;
use std::fmt;
use std::process::{Command, Stdio};
use std::sync::Arc;
use tokio::sync::OnceCell;

/// A secret: printed as `***`, so it cannot reach a log or a message by
/// accident. It may know where it came from (`$HUBSPOT_TOKEN`), so that an
/// auth error can say which token to check. Clones share the secret, and a
/// token read on first use ([`TokenSource::lazy`]) is read once for all of
/// them.
#[derive(Clone)]
pub struct Token {
    inner: Arc<Inner>,
}

struct Inner {
    origin: Option<String>,
    secret: Secret,
}

enum Secret {
    Known(String),
    /// Read from `source` on first use; the outcome (the secret, or why it
    /// could not be read) is kept, so a `token_cmd` runs at most once.
    Later {
        source: TokenSource,
        read: OnceCell<Result<String, String>>,
    },
}

impl Token {
    pub fn new(secret: impl Into<String>) -> Token {
        Token::known(secret.into(), None)
    }

    /// A token that says where it came from, e.g. "the environment
    /// variable HUBSPOT_TOKEN".
    pub fn with_origin(secret: impl Into<String>, origin: impl Into<String>) -> Token {
        Token::known(secret.into(), Some(origin.into()))
    }

    fn known(secret: String, origin: Option<String>) -> Token {
        Token {
            inner: Arc::new(Inner {
                origin,
                secret: Secret::Known(secret),
            }),
        }
    }

    /// Where the token came from, for messages; never the secret.
    pub(crate) fn origin(&self) -> Option<&str> {
        self.inner.origin.as_deref()
    }

    /// Reads the token now if it is read on first use (nothing to do for a
    /// token given as it is): a command that must send checks it before it
    /// starts. The error names the variable or command, never a value.
    pub(crate) async fn ready(&self) -> Result<(), SourceError> {
        self.secret().await.map(drop)
    }

    /// The secret itself, for the one place that sends it; read on first
    /// use (a `token_cmd` runs on the blocking pool).
    pub(crate) async fn secret(&self) -> Result<&str, SourceError> {
        match &self.inner.secret {
            Secret::Known(secret) => Ok(secret),
            Secret::Later { source, read } => {
                let outcome = read
                    .get_or_init(|| async {
                        let owned = source.clone();
                        match tokio::task::spawn_blocking(move || owned.resolve()).await {
                            Ok(Ok(secret)) => Ok(secret),
                            Ok(Err(e)) => Err(e.to_string()),
                            Err(e) => Err(format!(
                                "reading the token from {} stopped: {e}",
                                source.describe()
                            )),
                        }
                    })
                    .await;
                match outcome {
                    Ok(secret) => Ok(secret),
                    Err(why) => Err(SourceError::Config(why.clone())),
                }
            }
        }
    }

    /// The secret if it is known by now.
    fn known_secret(&self) -> Option<&str> {
        match &self.inner.secret {
            Secret::Known(secret) => Some(secret),
            Secret::Later { read, .. } => read.get()?.as_deref().ok(),
        }
    }

    /// `text` with every occurrence of the secret replaced by `***`.
    pub(crate) fn redact(&self, text: &str) -> String {
        match self.known_secret() {
            // Too short to tell from ordinary words; it is never printed
            // anyway, this only guards against an API echoing it.
            Some(secret) if secret.len() >= 4 => text.replace(secret, "***"),
            _ => text.to_string(),
        }
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

/// Where a source's token is read from: `token_env` or `token_cmd` in the
/// config. Reading it happens on first use ([`TokenSource::lazy`]), not
/// when the config is parsed, so `config check` needs no secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// The name of an environment variable.
    Env(String),
    /// A shell command (run with `sh -c`) that prints the token.
    Cmd(String),
}

impl TokenSource {
    /// Where the token comes from, for messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            TokenSource::Env(var) => format!("the environment variable {var} (token_env)"),
            TokenSource::Cmd(cmd) => format!("the command `{cmd}` (token_cmd)"),
        }
    }

    /// The token, read from here on first use (see [`Token::ready`]).
    pub(crate) fn lazy(&self) -> Token {
        Token {
            inner: Arc::new(Inner {
                origin: Some(self.describe()),
                secret: Secret::Later {
                    source: self.clone(),
                    read: OnceCell::new(),
                },
            }),
        }
    }

    /// Reads the secret now: the variable's value, or the command's
    /// standard output, trimmed. Errors name the variable or command,
    /// never a value.
    fn resolve(&self) -> Result<String, SourceError> {
        let secret = match self {
            TokenSource::Env(var) => match std::env::var(var) {
                Ok(value) => value,
                Err(std::env::VarError::NotPresent) => {
                    return Err(SourceError::Config(format!(
                        "the environment variable {var} (token_env) is not set; \
                         export it with the API token"
                    )))
                }
                Err(std::env::VarError::NotUnicode(_)) => {
                    return Err(SourceError::Config(format!(
                        "the environment variable {var} (token_env) is not valid UTF-8"
                    )))
                }
            },
            TokenSource::Cmd(cmd) => run(cmd)?,
        };
        let secret = secret.trim();
        if secret.is_empty() {
            return Err(SourceError::Config(format!(
                "{} gave an empty token",
                self.describe()
            )));
        }
        Ok(secret.to_string())
    }
}

/// Runs `cmd` with `sh -c`; its standard error and input stay the
/// terminal's (a password manager may ask for a passphrase). Its output is
/// captured and never echoed.
fn run(cmd: &str) -> Result<String, SourceError> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
        .stdout(Stdio::piped())
        .output()
        .map_err(|e| {
            SourceError::Config(format!("could not run the token_cmd `{cmd}` with sh: {e}"))
        })?;
    if !output.status.success() {
        return Err(SourceError::Config(format!(
            "the token_cmd `{cmd}` failed ({})",
            output.status
        )));
    }
    String::from_utf8(output.stdout).map_err(|_| {
        SourceError::Config(format!(
            "the token_cmd `{cmd}` printed text that is not UTF-8"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_never_prints() {
        let token = Token::with_origin("s3cret-value", "the environment variable X");
        assert_eq!(format!("{token:?}"), "Token(***)");
        assert_eq!(token.redact("echo s3cret-value!"), "echo ***!");
        assert_eq!(token.origin(), Some("the environment variable X"));
    }

    #[tokio::test]
    async fn tokens_come_from_a_variable_or_a_command_on_first_use() {
        let var = "ORIENTEER_TEST_TOKEN_FROM_ENV_7f3a";
        let token = TokenSource::Env(var.into()).lazy();
        assert!(token.origin().unwrap().contains(var));
        // Nothing is read until it is used.
        std::env::set_var(var, "  from-env \n");
        assert_eq!(token.redact("from-env"), "from-env", "not read yet");
        assert_eq!(token.secret().await.unwrap(), "from-env");
        assert_eq!(token.redact("a from-env b"), "a *** b");

        let token = TokenSource::Cmd("printf ' from-cmd\\n'".into()).lazy();
        assert_eq!(token.secret().await.unwrap(), "from-cmd");
    }

    #[tokio::test]
    async fn a_command_runs_once_for_every_clone() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("runs");
        let cmd = format!("echo run >> '{}'; echo tok-1234", log.display());
        let token = TokenSource::Cmd(cmd).lazy();
        let copy = token.clone();
        assert!(!log.exists(), "not run before it is needed");
        assert_eq!(token.secret().await.unwrap(), "tok-1234");
        assert_eq!(copy.secret().await.unwrap(), "tok-1234");
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "run\n");
    }

    #[tokio::test]
    async fn a_missing_variable_or_failing_command_is_named() {
        let e = TokenSource::Env("ORIENTEER_TEST_SURELY_UNSET_91c2".into())
            .lazy()
            .ready()
            .await
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("ORIENTEER_TEST_SURELY_UNSET_91c2 (token_env) is not set"),
            "{e}"
        );

        let e = TokenSource::Cmd("echo hidden-output; exit 3".into())
            .lazy()
            .ready()
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("`echo hidden-output; exit 3` failed"), "{e}");
        assert!(e.contains("exit status: 3"), "{e}");
        assert!(!e.contains("hidden-output\n"), "{e}");

        let e = TokenSource::Cmd("true".into())
            .lazy()
            .ready()
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("gave an empty token"), "{e}");
    }
}
