use super::entity::FeeConfig;
use crate::core::Ddc;
use crate::error::Result;
use crate::events::{Events, FeeConfigSet, NetworkFeesPaid};
use crate::perm::entity::Permission;
use crate::types::{AccountId, Balance, Ctx};

impl Ddc {
    /// Sets the fees for the settlements to come. The network fees already settled are paid
    /// to the destination they were settled for first, so a change never reaches them.
    pub fn admin_set_fee_config(
        &mut self,
        ctx: Ctx,
        config: FeeConfig,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
        ev: &mut Events,
    ) -> Result<()> {
        self.perms.check(ctx.caller, Permission::SuperAdmin)?;
        config.validate()?;
        let before = self.ledger.network_fee_destination();
        let paid = self.pay_network_fees(before, pay, ev)?;
        if paid > 0 {
            ev.push(
                NetworkFeesPaid {
                    destination: before,
                    value: paid,
                }
                .into(),
            );
        }
        // From now on: what was settled before keeps the fees it was settled with.
        self.ledger.set_fee_config(&config);
        ev.push(FeeConfigSet::from(&config).into());
        Ok(())
    }

    pub fn fee_config(&self) -> FeeConfig {
        self.ledger.fee_config()
    }
}
