//! Partial overrides: a config file that sets one field of an alert rule
//! or one indicator weight keeps every other default. These are the shapes
//! of `[alerts.*]` and `[health]` as written; the domain's model is built
//! from them.

use crate::domain::model::{
    settings, AlertRule, AlertRules, Bands, EngagementModel, HealthModel, StageDef, SupportModel,
    ThresholdUnit, Weights,
};
use crate::domain::{AlertKind, MilestoneId, Severity, StageId};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RulePatch {
    enabled: Option<bool>,
    severity: Option<Severity>,
    threshold: Option<f64>,
    window_days: Option<u32>,
    /// A stage id, or `any`.
    stage: Option<String>,
    milestone: Option<MilestoneId>,
}

impl RulePatch {
    /// Applies the patch, or names the setting this kind of rule does not read.
    fn apply(self, kind: AlertKind, rule: &mut AlertRule) -> Result<(), String> {
        let uses = settings(kind);
        let unused = |setting: &str| {
            format!(
                "`{}` has no `{setting}`; it reads {}",
                kind.id(),
                describe(kind)
            )
        };
        if self.threshold.is_some() && uses.threshold.is_none() {
            return Err(unused("threshold"));
        }
        if self.window_days.is_some() && !uses.window {
            return Err(unused("window_days"));
        }
        if self.milestone.is_some() && !uses.milestone {
            return Err(unused("milestone"));
        }
        rule.enabled = self.enabled.unwrap_or(rule.enabled);
        rule.severity = self.severity.unwrap_or(rule.severity);
        rule.threshold = self.threshold.unwrap_or(rule.threshold);
        rule.window_days = self.window_days.unwrap_or(rule.window_days);
        if let Some(stage) = self.stage {
            rule.stage = (stage != "any").then(|| StageId::from(stage));
        }
        if self.milestone.is_some() {
            rule.milestone = self.milestone;
        }
        Ok(())
    }
}

/// The settings a kind of rule reads, for messages.
fn describe(kind: AlertKind) -> String {
    let uses = settings(kind);
    let mut out = vec!["enabled", "severity", "stage"];
    if let Some(unit) = uses.threshold {
        out.push(match unit {
            ThresholdUnit::Percent => "threshold (a percentage)",
            ThresholdUnit::Points => "threshold (health points)",
            ThresholdUnit::Count => "threshold (a count)",
            ThresholdUnit::Share => "threshold (a share from 0 to 1)",
        });
    }
    if uses.window {
        out.push("window_days");
    }
    if uses.milestone {
        out.push("milestone");
    }
    out.join(", ")
}

macro_rules! rules_patch {
    ($($field:ident),*) => {
        /// `[alerts.*]` as written: only the rules and fields given.
        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(crate) struct AlertRulesPatch {
            $($field: Option<RulePatch>,)*
        }

        impl AlertRulesPatch {
            /// The default rules with the patch applied, or the key path of
            /// a setting the rule does not read and why.
            pub(crate) fn resolve(self) -> Result<AlertRules, (String, String)> {
                let mut rules = AlertRules::default();
                $(if let Some(p) = self.$field {
                    let kind = AlertKind::from_id(stringify!($field)).expect("rule names are kinds");
                    p.apply(kind, &mut rules.$field)
                        .map_err(|m| (format!("alerts.{}", stringify!($field)), m))?;
                })*
                Ok(rules)
            }
        }
    };
}

rules_patch!(
    renewal_overdue,
    usage_decline,
    health_drop,
    champion_left,
    admin_changed,
    milestone_overdue,
    onboarding_not_started,
    support_backlog,
    license_underuse,
    exec_inactive,
    users_surge,
    feature_adopted
);

/// `[health.weights.STAGE]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WeightsPatch {
    business_outcomes: Option<f64>,
    product_engagement: Option<f64>,
    service_utilization: Option<f64>,
    customer_satisfaction: Option<f64>,
    support_operations: Option<f64>,
}

impl WeightsPatch {
    fn apply(self, w: &mut Weights) {
        let set = |slot: &mut f64, v: Option<f64>| *slot = v.unwrap_or(*slot);
        set(&mut w.business_outcomes, self.business_outcomes);
        set(&mut w.product_engagement, self.product_engagement);
        set(&mut w.service_utilization, self.service_utilization);
        set(&mut w.customer_satisfaction, self.customer_satisfaction);
        set(&mut w.support_operations, self.support_operations);
    }
}

/// `[health]` as written. Each stage's weights are the stage's defaults
/// (DOMAIN.md's, or equal weights for a stage of the file's own) with what
/// the file gives merged on top; weights given for a stage that does not
/// exist are kept, for the engine to report.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct HealthPatch {
    bands: Option<Bands>,
    weights: BTreeMap<StageId, WeightsPatch>,
    engagement: Option<EngagementModel>,
    support: Option<SupportModel>,
}

impl HealthPatch {
    pub(crate) fn resolve(mut self, stages: &[StageDef]) -> HealthModel {
        let d = HealthModel::default();
        let mut weights = BTreeMap::new();
        for stage in stages {
            let mut w = Weights::default_for(stage.id.as_str());
            if let Some(patch) = self.weights.remove(&stage.id) {
                patch.apply(&mut w);
            }
            weights.insert(stage.id.clone(), w);
        }
        for (stage, patch) in self.weights {
            let mut w = Weights::default();
            patch.apply(&mut w);
            weights.insert(stage, w);
        }
        HealthModel {
            bands: self.bands.unwrap_or(d.bands),
            weights,
            engagement: self.engagement.unwrap_or(d.engagement),
            support: self.support.unwrap_or(d.support),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::domain::model::{HealthModel, Model};
    use crate::domain::{Engine, Severity};
    use std::path::Path;

    fn parse(text: &str) -> Result<Model, String> {
        Config::parse(text, Path::new("test.toml"))
            .map(|c| c.model)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn one_field_overrides_keep_the_other_defaults() {
        let text = r#"
            [[stages]]
            id = "onboarding"
            title = "Onboarding"
            starts = "contract_start"
            [[stages]]
            id = "established"
            title = "Established"
            starts = "milestone first_value"
            [[stages]]
            id = "expansion"
            title = "Expansion"
            starts = "milestone advanced_features"
            [[stages]]
            id = "pre_renewal"
            title = "Pre-Renewal"
            starts = "renewal_window"
            [alerts.usage_decline]
            threshold = 30.0
            [alerts.users_surge]
            severity = "info"
            [alerts.support_backlog]
            stage = "any"
            [alerts.license_underuse]
            stage = "expansion"
            [health.weights.onboarding]
            product_engagement = 0.5
            [health.weights.expansion]
            support_operations = 0.0
        "#;
        let m = parse(text).unwrap();
        let d = Model::default();
        assert_eq!(m.alerts.usage_decline.threshold, 30.0);
        assert_eq!(
            m.alerts.usage_decline.window_days,
            d.alerts.usage_decline.window_days
        );
        assert_eq!(
            m.alerts.usage_decline.severity,
            d.alerts.usage_decline.severity
        );
        assert_eq!(m.alerts.users_surge.severity, Severity::Info);
        assert_eq!(m.alerts.health_drop, d.alerts.health_drop);
        assert_eq!(
            m.alerts.support_backlog.stage, None,
            "`any` lifts the stage"
        );
        assert_eq!(
            m.alerts.license_underuse.stage,
            Some("expansion".into()),
            "a per-rule stage override"
        );
        let w = &m.health.weights;
        assert_eq!(w["onboarding"].product_engagement, 0.5);
        assert_eq!(w["onboarding"].business_outcomes, 0.10);
        assert_eq!(w["expansion"].support_operations, 0.0);
        assert_eq!(w["expansion"].business_outcomes, 0.2);
        // A stage not given keeps its default weights in the engine.
        let engine = Engine::new(m).unwrap();
        let established = HealthModel::default().weights["established"].as_array();
        let stage = engine.stage_index("established").unwrap();
        assert_eq!(engine.weights(stage), established);
    }

    #[test]
    fn a_setting_the_rule_does_not_read_is_an_error() {
        let err = parse("[alerts.champion_left]\nthreshold = 3\n").unwrap_err();
        assert!(err.contains("alerts.champion_left"), "{err}");
        assert!(err.contains("`champion_left` has no `threshold`"), "{err}");
        assert!(err.contains("window_days"), "says what it reads: {err}");
        let err = parse("[alerts.milestone_overdue]\nwindow_days = 3\n").unwrap_err();
        assert!(err.contains("has no `window_days`"), "{err}");
        assert!(parse("[alerts.champion_left]\nwindow_days = 3\n").is_ok());
    }
}
