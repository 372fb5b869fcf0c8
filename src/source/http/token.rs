//! The API token: a secret that prints as `***`, and where it comes from
//! (an environment variable or a command), read when the source is built.

use super::super::SourceError;
use std::fmt;
use std::process::{Command, Stdio};

/// A secret: printed as `***`, so it cannot reach a log or a message by
/// accident. It may know where it came from (`$HUBSPOT_TOKEN`), so that an
/// auth error can say which token to check.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    secret: String,
    origin: Option<String>,
}

impl Token {
    pub fn new(secret: impl Into<String>) -> Token {
        Token {
            secret: secret.into(),
            origin: None,
        }
    }

    /// A token that says where it came from, e.g. "the environment
    /// variable HUBSPOT_TOKEN".
    pub fn with_origin(secret: impl Into<String>, origin: impl Into<String>) -> Token {
        Token {
            secret: secret.into(),
            origin: Some(origin.into()),
        }
    }

    /// Where the token came from, for messages; never the secret.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    /// The secret itself, for the one place that sends it.
    pub(crate) fn expose(&self) -> &str {
        &self.secret
    }

    /// `text` with every occurrence of the secret replaced by `***`.
    pub(crate) fn redact(&self, text: &str) -> String {
        if self.secret.len() < 4 {
            // Too short to tell from ordinary words; it is never printed
            // anyway, this only guards against an API echoing it.
            return text.to_string();
        }
        text.replace(&self.secret, "***")
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

/// Where a source's token is read from: `token_env` or `token_cmd` in the
/// config. Reading it happens when the source is built, not when the
/// config is parsed, so `config check` needs no secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// The name of an environment variable.
    Env(String),
    /// A shell command (run with `sh -c`) that prints the token.
    Cmd(String),
}

impl TokenSource {
    /// Where the token comes from, for messages.
    pub fn describe(&self) -> String {
        match self {
            TokenSource::Env(var) => format!("the environment variable {var} (token_env)"),
            TokenSource::Cmd(cmd) => format!("the command `{cmd}` (token_cmd)"),
        }
    }

    /// Reads the token: the variable's value, or the command's standard
    /// output, trimmed. Errors name the variable or command, never a value.
    pub fn resolve(&self) -> Result<Token, SourceError> {
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
        Ok(Token::with_origin(secret, self.describe()))
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

    #[test]
    fn tokens_come_from_a_variable_or_a_command() {
        let var = "ORIENTEER_TEST_TOKEN_FROM_ENV_7f3a";
        std::env::set_var(var, "  from-env \n");
        let token = TokenSource::Env(var.into()).resolve().unwrap();
        assert_eq!(token.expose(), "from-env");
        assert!(token.origin().unwrap().contains(var));

        let token = TokenSource::Cmd("printf ' from-cmd\\n'".into())
            .resolve()
            .unwrap();
        assert_eq!(token.expose(), "from-cmd");
    }

    #[test]
    fn a_missing_variable_or_failing_command_is_named() {
        let e = TokenSource::Env("ORIENTEER_TEST_SURELY_UNSET_91c2".into())
            .resolve()
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("ORIENTEER_TEST_SURELY_UNSET_91c2 (token_env) is not set"),
            "{e}"
        );

        let e = TokenSource::Cmd("echo hidden-output; exit 3".into())
            .resolve()
            .unwrap_err()
            .to_string();
        assert!(e.contains("`echo hidden-output; exit 3` failed"), "{e}");
        assert!(e.contains("exit status: 3"), "{e}");

        let e = TokenSource::Cmd("true".into())
            .resolve()
            .unwrap_err()
            .to_string();
        assert!(e.contains("gave an empty token"), "{e}");
    }
}
