//! Numbers out of their documented range are refused when the config is
//! read, by `config check` and by every command, with the file, line, key
//! and range (exit 2): none of them reaches date arithmetic and panics.

mod common;

use common::config::file;
use std::process::Output;

fn orienteer(config: &std::path::Path, args: &[&str]) -> Output {
    // The shared data and state dirs, on `config`.
    common::binary::plain()
        .env("ORIENTEER_CONFIG", config)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_follow_up_of_a_hundred_million_days_is_refused_with_its_line() {
    let (_dir, config) = file(
        "# a play\n[[plays]]\nid = \"call\"\nstage = \"established\"\ntitle = \"Call\"\n\
         trigger = \"manual\"\nfollow_up_days = 100000000\n",
    );
    for args in [
        &["config", "check"][..],
        &["--demo", "watchlist"],
        &["--demo", "account", "a"],
    ] {
        let out = orienteer(&config, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("config.toml:7:18: plays[0].follow_up_days:")
                && stderr.contains("from 0 to 3650")
                && stderr.contains("got 100000000"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn each_range_names_its_key_and_line() {
    let cases = [
        (
            "[lifecycle]\npre_renewal_days = 40000\n",
            "2:20: lifecycle.pre_renewal_days",
        ),
        (
            "[attention]\nrenewal_near_days = 99999\n",
            "2:21: attention.renewal_near_days",
        ),
        (
            "[alerts.champion_left]\nwindow_days = 5000\n",
            "alerts.champion_left.window_days",
        ),
        (
            "[sync]\nmax_delete_share = 1.5\n",
            "2:20: sync.max_delete_share: expected a share from 0 to 1",
        ),
        (
            "[sync]\nmax_delete_share = -0.1\n",
            "2:20: sync.max_delete_share",
        ),
        (
            "[sync]\ninterval = \"48h\"\n",
            "2:12: sync.interval: `48h` is too long: at most every 24h (1m to 24h)",
        ),
        (
            "[source]\nkind = \"demo\"\ndemo_size = 2000000\n",
            "3:13: source.demo_size: expected 1 to 1000000 accounts, got 2000000",
        ),
        (
            "[source]\nkind = \"demo\"\ndemo_size = 0\n",
            "3:13: source.demo_size: expected 1 to 1000000 accounts, got 0",
        ),
        (
            "[attention]\ncritical_alert = 5000.0\n",
            "2:18: attention.critical_alert: expected points from 0 to 1000, got 5000",
        ),
        (
            "[attention]\nrenewal_overdue = inf\n",
            "2:19: attention.renewal_overdue: expected points from 0 to 1000, got inf",
        ),
        (
            "[attention]\npoor_health = nan\n",
            "2:15: attention.poor_health: expected points from 0 to 1000, got NaN",
        ),
        (
            "[attention]\nper_point_dropped = 500.0\n",
            "2:21: attention.per_point_dropped: expected points from 0 to 100, got 500",
        ),
        (
            "[attention]\nmin_drop = 101.0\n",
            "2:12: attention.min_drop: expected health points from 0 to 100, got 101",
        ),
        (
            "[attention]\narr_reference = 1e13\n",
            "2:17: attention.arr_reference: expected an ARR from 0 to 1000000000000",
        ),
        (
            "[attention]\narr_exponent = 5.0\n",
            "2:16: attention.arr_exponent: expected an exponent from 0 to 4, got 5",
        ),
        (
            "[attention]\narr_max = 1000.0\n",
            "2:11: attention.arr_max: expected a factor from 0 to 100, got 1000",
        ),
        (
            "[alerts.usage_decline]\nthreshold = 150.0\n",
            "2:13: alerts.usage_decline.threshold: expected a percentage from 0 to 100, got 150",
        ),
        (
            "[alerts.health_drop]\nthreshold = 1e9\n",
            "2:13: alerts.health_drop.threshold: expected health points from 0 to 100",
        ),
        (
            "[alerts.support_backlog]\nthreshold = 2e6\n",
            "2:13: alerts.support_backlog.threshold: expected a count from 0 to 1000000, got 2000000",
        ),
        (
            "[health.weights.onboarding]\nproduct_engagement = 1e308\n",
            "2:22: health.weights.onboarding.product_engagement: weights must be zero or more, at most 100",
        ),
        (
            "[[plays]]\nid = \"call\"\nstage = \"any\"\ntitle = \"Call\"\n\
             trigger = \"manual\"\npriority = 5000\n",
            "6:12: plays[0].priority: expected a priority from 0 to 1000, got 5000",
        ),
        (
            "[[plays]]\nid = \"call\"\nstage = \"any\"\ntitle = \"Call\"\n\
             trigger = \"manual\"\npriority = -1\n",
            "6:12: plays[0].priority: expected a priority from 0 to 1000, got -1",
        ),
        (
            "[[plays]]\nid = \"call\"\nstage = \"any\"\ntitle = \"Call\"\n\
             trigger = \"key_feature_adoption < 30\"\n",
            "5:11: plays[0].trigger: expected a share from 0 to 1, got 30",
        ),
        (
            "[[plays]]\nid = \"call\"\nstage = \"any\"\ntitle = \"Call\"\n\
             trigger = \"active_users >= inf\"\n",
            "5:11: plays[0].trigger: expected a number from -1000000000 to 1000000000, got inf",
        ),
        (
            "[[views]]\nname = \"Far\"\nrenewal_within = 100000\n",
            "3:18: views[0].renewal_within: expected a number of days from 0 to 3650",
        ),
    ];
    for (text, says) in cases {
        let (_dir, config) = file(text);
        let out = orienteer(&config, &["config", "check"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{text}: {stderr}");
        assert!(stderr.contains(says), "{text}: {stderr}");
    }
}
