//! The real binary with a config file and a data dir of the test's own
//! (the log file goes there too), the token variable the test configs
//! name set.

use std::path::Path;
use std::process::{Command, Output};

/// `orienteer` with `config`, the store in `data`, and the test token set;
/// a test adds its arguments (and any environment of its own).
pub fn command(config: &Path, data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_orienteer"));
    command
        .env("ORIENTEER_CONFIG", config)
        .env("ORIENTEER_DATA", data)
        .env("ORIENTEER_STATE", data.join("state.json"))
        .env("ORIENTEER_LOG", data.join("orienteer.log"))
        .env_remove("RUST_LOG")
        .env("ORIENTEER_TEST_TOKEN", "secret-tok");
    command
}

/// Runs `orienteer ARGS` with `config`, the store in `data`.
pub fn run(config: &Path, data: &Path, args: &[&str]) -> Output {
    command(config, data).args(args).output().unwrap()
}

/// [`run`] on the blocking pool, for tests whose server runs on tokio.
pub async fn run_async(config: &Path, data: &Path, args: &[&str]) -> Output {
    let (config, data) = (config.to_path_buf(), data.to_path_buf());
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&config, &data, &args)
    })
    .await
    .unwrap()
}

/// The binary on no one's own config: an explicit empty one (a
/// `--config` in the arguments wins over it), the shared test state and
/// data dirs.
pub fn plain() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orienteer"));
    cmd.env("ORIENTEER_CONFIG", super::config::empty())
        .env("ORIENTEER_STATE", super::config::state_file())
        .env("ORIENTEER_DATA", super::config::data_dir());
    cmd
}

/// Runs `orienteer ARGS` on [`plain`].
pub fn plain_run(args: &[&str]) -> Output {
    plain().args(args).output().expect("run orienteer")
}

/// The JSON `orienteer ARGS` prints on [`plain`]; the command must succeed.
pub fn plain_json(args: &[&str]) -> serde_json::Value {
    let out = plain_run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}
