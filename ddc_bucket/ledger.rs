//! The money ledger: every movement of CERE into, within and out of the contract, in one place.
//!
//! **Conservation.** `total_owed` is what the contract owes: every account's deposit plus every
//! cluster's undistributed revenues. Money entering the contract raises it (credited to the
//! sender's deposit, never absorbed); settlement moves money from a deposit to a cluster's
//! revenues and leaves it unchanged; distribution and withdrawals pay money out and lower it by
//! exactly what left. So at every moment the contract's balance is at least `total_owed`, and
//! the admin can take only the surplus beyond it. Every transfer out (`pay`) and every write of
//! `total_owed` is in this file.

use crate::account::entity::Account;
use crate::core::Ddc;
use crate::currency::UsdPerCere;
use crate::error::{Error, Result};
use crate::events::{AdminWithdraw, Deposit, Events};
use crate::perm::entity::Permission;
use crate::types::{AccountId, Balance, ClusterId, Ctx};
use ink::storage::Mapping;

#[ink::storage_item]
#[derive(Default, Debug)]
pub struct Ledger {
    /// USD units per TOKEN CERE; set to parity by the constructor, never zero after.
    usd_per_cere: Balance,
    /// What the contract owes: every deposit plus every cluster's undistributed revenues.
    total_owed: Balance,
    /// Each cluster's revenues: CERE settled from buckets and not yet distributed.
    revenues: Mapping<ClusterId, Balance>,
}

impl Ledger {
    pub fn rate(&self) -> Result<UsdPerCere> {
        UsdPerCere::new(self.usd_per_cere)
    }

    pub fn set_rate(&mut self, rate: UsdPerCere) {
        self.usd_per_cere = rate.get();
    }

    pub fn total_owed(&self) -> Balance {
        self.total_owed
    }

    pub fn revenues(&self, cluster_id: ClusterId) -> Balance {
        self.revenues.get(cluster_id).unwrap_or(0)
    }

    fn owed_increase(&mut self, amount: Balance) -> Result<()> {
        self.total_owed = self.total_owed.checked_add(amount).ok_or(Error::Overflow)?;
        Ok(())
    }

    fn owed_decrease(&mut self, amount: Balance) -> Result<()> {
        self.total_owed = self.total_owed.checked_sub(amount).ok_or(Error::Overflow)?;
        Ok(())
    }
}

impl Ddc {
    /// Everything the contract owes: deposits plus undistributed cluster revenues.
    pub fn total_owed(&self) -> Balance {
        self.ledger.total_owed()
    }

    /// The contract's balance beyond what it owes to accounts and clusters.
    pub fn surplus(&self, contract_balance: Balance) -> Balance {
        contract_balance.saturating_sub(self.ledger.total_owed())
    }

    /// Value sent to a payable message is never absorbed: it is credited to the caller.
    pub fn accept_value(&mut self, ctx: Ctx, ev: &mut Events) -> Result<()> {
        if ctx.value == 0 {
            return Ok(());
        }
        self.credit_new_money(ctx.caller, ctx.value, ev)
    }

    /// Credits money that just entered the contract to `who`'s deposit.
    pub(crate) fn credit_new_money(
        &mut self,
        who: AccountId,
        amount: Balance,
        ev: &mut Events,
    ) -> Result<()> {
        self.ledger.owed_increase(amount)?;
        self.credit(who, amount, ev)
    }

    /// Credits `who`'s deposit with money the contract already owes (e.g. revenues).
    fn credit(&mut self, who: AccountId, amount: Balance, ev: &mut Events) -> Result<()> {
        let mut account = self.accounts.get_or_new(who);
        account.deposit.increase(amount)?;
        self.accounts.save(who, &account);
        ev.push(
            Deposit {
                account_id: who,
                value: amount,
            }
            .into(),
        );
        Ok(())
    }

    /// Moves `cere` of a settlement from the payer's deposit (the caller saves `payer`) to the
    /// cluster's revenues. Written even when `cere` is 0, so that the cost does not depend on
    /// what is due (gas estimates hold in later blocks).
    pub(crate) fn settle_into_revenues(
        &mut self,
        payer: &mut Account,
        cluster_id: ClusterId,
        cere: Balance,
    ) -> Result<()> {
        let revenues = self
            .ledger
            .revenues(cluster_id)
            .checked_add(cere)
            .ok_or(Error::Overflow)?;
        payer.deposit.decrease(cere)?;
        self.ledger.revenues.insert(cluster_id, &revenues);
        Ok(())
    }

    /// A cluster's revenues are being distributed: `kept` (rounding dust) stays.
    pub(crate) fn keep_revenues(&mut self, cluster_id: ClusterId, kept: Balance) {
        self.ledger.revenues.insert(cluster_id, &kept);
    }

    /// Pays `amount` of `who`'s deposit (already taken off `account`, which the caller saves)
    /// out to `who`; `TransferFailed` if the runtime refuses.
    pub(crate) fn pay_deposit_out(
        &mut self,
        who: AccountId,
        amount: Balance,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
    ) -> Result<()> {
        if amount > 0 && !pay(who, amount) {
            return Err(Error::TransferFailed);
        }
        self.ledger.owed_decrease(amount)
    }

    /// Pays out money the contract owes. A transfer the runtime refuses (e.g. below the
    /// existential deposit) is credited to the recipient's deposit instead, so it never blocks.
    pub fn pay_out(
        &mut self,
        to: AccountId,
        amount: Balance,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
        ev: &mut Events,
    ) -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        if pay(to, amount) {
            self.ledger.owed_decrease(amount)
        } else {
            self.credit(to, amount, ev)
        }
    }

    /// Pays `amount` of the surplus (never user money) to the admin.
    pub fn admin_withdraw(
        &mut self,
        ctx: Ctx,
        amount: Balance,
        contract_balance: Balance,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
        ev: &mut Events,
    ) -> Result<()> {
        self.perms.check(ctx.caller, Permission::SuperAdmin)?;
        if amount > self.surplus(contract_balance) {
            return Err(Error::InsufficientBalance);
        }
        if amount > 0 && !pay(ctx.caller, amount) {
            return Err(Error::TransferFailed);
        }
        ev.push(
            AdminWithdraw {
                admin_id: ctx.caller,
                value: amount,
            }
            .into(),
        );
        Ok(())
    }
}
