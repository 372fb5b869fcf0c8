//! `orienteer unsnooze ACCOUNT [ALERT]`: removes the account's snooze of
//! ALERT, or all its snoozes, and says which. Nothing to remove is not an
//! error ("No snoozes on Acme"); an unknown account or alert id exits 2.

use super::args::UnsnoozeArgs;
use super::context::Context;
use super::Failure;
use crate::domain::snoozing::alert_kind;
use crate::domain::text::clean;
use std::io::Write;

pub(crate) async fn run(
    ctx: &Context,
    args: &UnsnoozeArgs,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let Some(outbox) = &ctx.outbox else {
        return Err(Failure::NoStore {
            so: ", so there are no snoozes",
        });
    };
    let alert = match &args.alert {
        Some(id) => Some(alert_kind(id).map_err(|e| Failure::Snooze(Box::new(e)))?),
        None => None,
    };
    let (data, i) = super::snooze::account_data(ctx, &args.account).await?;
    let account = &data.portfolio.accounts[i];
    let name = clean(&account.name);
    let gone = outbox.unsnooze(&account.id, alert)?;
    match (gone.is_empty(), alert) {
        (true, Some(alert)) => writeln!(out, "No {alert} snooze on {name}")?,
        (true, None) => writeln!(out, "No snoozes on {name}")?,
        (false, _) => {
            let ids: Vec<&str> = gone.iter().map(|k| k.id()).collect();
            writeln!(out, "Unsnoozed {} on {name}", ids.join(", "))?;
        }
    }
    Ok(())
}
