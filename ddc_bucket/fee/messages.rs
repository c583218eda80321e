use super::entity::FeeConfig;
use crate::core::Ddc;
use crate::error::Result;
use crate::events::{Events, FeeConfigSet};
use crate::perm::entity::Permission;
use crate::types::Ctx;

impl Ddc {
    pub fn admin_set_fee_config(
        &mut self,
        ctx: Ctx,
        config: FeeConfig,
        ev: &mut Events,
    ) -> Result<()> {
        self.perms.check(ctx.caller, Permission::SuperAdmin)?;
        config.validate()?;
        self.fees.set(&config);
        // From now on: what was settled before keeps the fees it was settled with.
        self.ledger.set_fee_rates(config.rates());
        ev.push(FeeConfigSet::from(&config).into());
        Ok(())
    }

    pub fn fee_config(&self) -> FeeConfig {
        self.fees.get()
    }
}
