//! A store written by an older Orienteer is brought up to date on open,
//! keeping every row.

use orienteer::domain::Account;
use orienteer::store::{schema, Store, SyncError};

/// Schema 1, as the first store wrote it (copied, not taken from
/// `schema::MIGRATIONS`, so that editing a released migration fails here).
const V1: &str = "
    CREATE TABLE accounts (
        source TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL,
        updated_at TEXT NOT NULL, PRIMARY KEY (source, id));
    CREATE TABLE score_history (
        account_id TEXT NOT NULL, day TEXT NOT NULL, score REAL, band TEXT NOT NULL,
        PRIMARY KEY (account_id, day)) WITHOUT ROWID;
    CREATE TABLE sync_source (
        source TEXT PRIMARY KEY, description TEXT NOT NULL, last_success TEXT);
    CREATE TABLE sync_cursor (
        source TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (source, key)) WITHOUT ROWID;
    PRAGMA user_version = 1;
";

#[test]
fn a_schema_1_store_is_migrated_without_losing_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orienteer.db");
    let account = Account {
        id: "A1".into(),
        name: "Acme".into(),
        arr: Some(5.0),
        ..Account::default()
    };
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(V1).unwrap();
        conn.execute(
            "INSERT INTO accounts VALUES ('hubspot', 'A1', ?1, '2026-11-22T09:00:00.000Z')",
            [serde_json::to_string(&account).unwrap()],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO score_history VALUES ('A1', '2026-11-21', 55.5, 'average'),
                                              ('A1', '2026-11-22', NULL, 'unknown');
             INSERT INTO sync_source VALUES ('hubspot', 'HubSpot (portal 1)', '2026-11-22T09:00:00.000Z');
             INSERT INTO sync_cursor VALUES ('hubspot', 'after', '42');",
        )
        .unwrap();
    }

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::LATEST);
    assert_eq!(schema::LATEST, 5);
    assert_eq!(store.load_accounts("hubspot").unwrap(), [account]);
    let day = |s: &str| s.parse().unwrap();
    assert_eq!(
        store
            .score_history(&"A1".into(), day("2026-01-01"))
            .unwrap(),
        [(day("2026-11-21"), Some(55.5)), (day("2026-11-22"), None)]
    );
    let state = store.sync_state("hubspot").unwrap().unwrap();
    assert_eq!(state.description, "HubSpot (portal 1)");
    assert_eq!(
        state.last_success,
        Some("2026-11-22T09:00:00Z".parse().unwrap())
    );
    assert_eq!(state.cursors["after"], "42");
    assert_eq!(state.last_error, None);

    // What migration 2 added works on the migrated file, and opening it
    // again changes nothing.
    let error = SyncError {
        kind: "auth".into(),
        message: "the source rejected the credentials".into(),
        at: "2026-11-23T09:00:00Z".parse().unwrap(),
    };
    store
        .record_error("hubspot", "HubSpot (portal 1)", &error)
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::LATEST);
    let state = store.sync_state("hubspot").unwrap().unwrap();
    assert_eq!(state.last_error, Some(error));
    assert_eq!(store.account_count("hubspot").unwrap(), 1);
}

#[test]
fn the_migrations_of_a_new_file_build_the_same_schema_as_schema_1_then_2() {
    // A new file runs every migration from 0; a schema 1 file only the
    // rest. Both must end with the same tables.
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.db");
    let old = dir.path().join("old.db");
    drop(Store::open(&fresh).unwrap());
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch(V1)
        .unwrap();
    drop(Store::open(&old).unwrap());
    let tables = |p: &std::path::Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(p).unwrap();
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(tables(&fresh), tables(&old));
    assert_eq!(
        tables(&fresh),
        [
            "accounts",
            "outbox",
            "score_history",
            "snoozes",
            "sqlite_sequence",
            "sync_cursor",
            "sync_error",
            "sync_source"
        ]
    );
}

#[test]
fn a_schema_4_outbox_keeps_its_logs_as_plays_after_migration_5() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orienteer.db");
    drop(Store::open(&path).unwrap());
    {
        // The file as schema 4 left it: no `kind`, one play queued.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "ALTER TABLE outbox DROP COLUMN kind;
             PRAGMA user_version = 4;
             INSERT INTO outbox (id, source, account_id, log, play_title, at, state, next_at,
                                 created_at)
             VALUES ('L1', 'hubspot', 'A1',
                     '{\"id\":\"L1\",\"play\":\"check-in\",\"outcome\":\"done\",\"at\":\"2026-11-23\"}',
                     'Check-in', '2026-11-23T09:00:00Z', 'queued', '2026-11-23T09:00:00Z',
                     '2026-11-23T09:00:00Z');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 5);
    let rows = store.outbox(Some("hubspot")).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind, orienteer::store::LogKind::Play);
    assert_eq!(rows[0].log.id.as_str(), "L1");
}
