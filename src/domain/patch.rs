//! Partial overrides: a config file that sets one field of an alert rule
//! or one indicator weight keeps every other default.

use super::model::{AlertRule, AlertRules, HealthModel, Severity, Weights};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePatch {
    enabled: Option<bool>,
    severity: Option<Severity>,
    threshold: Option<f64>,
    window_days: Option<u32>,
    /// A stage id, or `any`.
    stage: Option<String>,
    milestone: Option<String>,
}

impl RulePatch {
    fn apply(self, rule: &mut AlertRule) {
        rule.enabled = self.enabled.unwrap_or(rule.enabled);
        rule.severity = self.severity.unwrap_or(rule.severity);
        rule.threshold = self.threshold.unwrap_or(rule.threshold);
        rule.window_days = self.window_days.unwrap_or(rule.window_days);
        if let Some(stage) = self.stage {
            rule.stage = (stage != "any").then_some(stage);
        }
        if self.milestone.is_some() {
            rule.milestone = self.milestone;
        }
    }
}

macro_rules! rules_patch {
    ($($field:ident),*) => {
        /// `[alerts.*]` as written: only the rules and fields given.
        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct AlertRulesPatch {
            $($field: Option<RulePatch>,)*
        }

        impl From<AlertRulesPatch> for AlertRules {
            fn from(patch: AlertRulesPatch) -> AlertRules {
                let mut rules = AlertRules::default();
                $(if let Some(p) = patch.$field {
                    p.apply(&mut rules.$field);
                })*
                rules
            }
        }
    };
}

rules_patch!(
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
pub struct WeightsPatch {
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

/// The weights of each stage given, merged onto that stage's default
/// weights (equal weights for a stage that has no default). Stages not
/// given keep their defaults through [`default_weights`].
pub fn merge_weights<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Weights>, D::Error> {
    let patches = BTreeMap::<String, WeightsPatch>::deserialize(d)?;
    Ok(patches
        .into_iter()
        .map(|(stage, patch)| {
            let mut w = default_weights(&stage);
            patch.apply(&mut w);
            (stage, w)
        })
        .collect())
}

/// The built-in weights of a stage: DOMAIN.md's for the default stages,
/// equal weights for any other.
pub fn default_weights(stage: &str) -> Weights {
    HealthModel::default()
        .weights
        .get(stage)
        .copied()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::domain::model::{HealthModel, Model, Severity};

    #[test]
    fn one_field_overrides_keep_the_other_defaults() {
        let text = r#"
            [alerts.usage_decline]
            threshold = 30.0
            [alerts.users_surge]
            severity = "info"
            [health.weights.onboarding]
            product_engagement = 0.5
            [health.weights.expansion]
            support_operations = 0.0
        "#;
        let m: Model = toml::from_str(text).unwrap();
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
        let w = &m.health.weights;
        assert_eq!(w["onboarding"].product_engagement, 0.5);
        assert_eq!(w["onboarding"].business_outcomes, 0.10);
        assert_eq!(w["expansion"].support_operations, 0.0);
        assert_eq!(w["expansion"].business_outcomes, 0.2);
        // A stage not given keeps its default weights in the engine.
        let mut m = m;
        m.health.weights.remove("expansion");
        let engine = crate::domain::Engine::new(m).unwrap();
        let established = HealthModel::default().weights["established"].as_array();
        assert_eq!(engine.weights[1], established);
    }
}
