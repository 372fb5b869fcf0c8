//! The crash hook, installed in this process as the binary installs it: a
//! panic writes a report beside the log (version, commit, message,
//! place, backtrace; no token); a panic in a background job (a thread of
//! the runtime) is the job's failure and writes none. One test: the hook
//! is the process's.

use orienteer::observe::crash;

#[test]
fn a_panic_writes_a_report_and_a_jobs_panic_does_not() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var("ORIENTEER_TEST_TOKEN", "secret-tok");
    crash::install(Some(dir.path().to_path_buf()));

    let caught = std::panic::catch_unwind(|| {
        let accounts: Vec<u32> = Vec::new();
        if accounts.is_empty() {
            panic!("no accounts to divide by");
        }
    });
    assert!(caught.is_err());
    let reports: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let name = reports[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.starts_with("orienteer-crash-"), "{name}");
    let text = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(text.contains(&orienteer::observe::version()), "{text}");
    assert!(
        text.contains("message:   no accounts to divide by"),
        "{text}"
    );
    assert!(text.contains("tests/crash_report.rs:"), "the place: {text}");
    assert!(text.contains("backtrace:\n"), "{text}");
    assert!(
        text.contains("a_panic_writes_a_report_and_a_jobs_panic_does_not"),
        "the backtrace names the frames: {text}"
    );
    assert!(!text.contains("secret-tok"), "{text}");

    // A load thread's panic comes back to the app as the load's failure.
    let job = std::thread::Builder::new()
        .name(orienteer::app::runtime::THREAD_NAME.into())
        .spawn(|| panic!("the fit failed"))
        .unwrap();
    assert!(job.join().is_err());
    let count = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(count, 1, "no report for a job's panic");
}
