//! Deposits, withdrawals, the exchange rate, and how money leaves the contract.

use super::entity::Account;
use crate::core::Ddc;
use crate::currency::UsdPerCere;
use crate::error::{Error, Result};
use crate::events::{AdminWithdraw, Deposit, Events, ExchangeRateSet, Withdraw};
use crate::flow::owed_cere;
use crate::perm::entity::Permission;
use crate::types::{AccountId, Balance, Ctx};

impl Ddc {
    pub fn account_deposit(&mut self, ctx: Ctx, ev: &mut Events) -> Result<()> {
        self.credit_new_money(ctx.caller, ctx.value, ev)
    }

    /// Pays `amount` of the caller's deposit out to the caller; only the part not owed to its
    /// flows (accrued and unsettled) can be withdrawn.
    pub fn account_withdraw(
        &mut self,
        ctx: Ctx,
        amount: Balance,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
        ev: &mut Events,
    ) -> Result<()> {
        let mut account = self.accounts.get(ctx.caller)?;
        if amount > self.account_free_deposit(&account, ctx)? {
            return Err(Error::InsufficientBalance);
        }
        account.deposit.decrease(amount)?;
        if amount > 0 && !pay(ctx.caller, amount) {
            return Err(Error::TransferFailed);
        }
        self.accounts.owed_decrease(amount)?;
        self.accounts.save(ctx.caller, &account);
        ev.push(
            Withdraw {
                account_id: ctx.caller,
                value: amount,
            }
            .into(),
        );
        Ok(())
    }

    /// The part of the deposit not owed to the account's flows at `ctx.now`.
    pub fn account_free_deposit(&self, account: &Account, ctx: Ctx) -> Result<Balance> {
        let owed = owed_cere(
            &account.payable_schedule,
            ctx.now,
            account.settlement_carry,
            self.accounts.rate()?,
        )?;
        Ok(account.deposit.value.saturating_sub(owed))
    }

    pub fn account_get(&self, account_id: AccountId) -> Result<Account> {
        self.accounts.get(account_id)
    }

    pub fn account_get_usd_per_cere(&self) -> Balance {
        self.accounts.rate().map(UsdPerCere::get).unwrap_or(0)
    }

    pub fn account_set_usd_per_cere(
        &mut self,
        ctx: Ctx,
        usd_per_cere: Balance,
        ev: &mut Events,
    ) -> Result<()> {
        self.perms.check(ctx.caller, Permission::SetExchangeRate)?;
        self.accounts.set_rate(UsdPerCere::new(usd_per_cere)?);
        ev.push(ExchangeRateSet { usd_per_cere }.into());
        Ok(())
    }

    /// The contract's balance beyond what it owes to accounts and clusters.
    pub fn surplus(&self, contract_balance: Balance) -> Balance {
        contract_balance.saturating_sub(self.accounts.total_owed())
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

    /// Value sent to a payable message is never absorbed: it is credited to the caller.
    pub fn accept_value(&mut self, ctx: Ctx, ev: &mut Events) -> Result<()> {
        if ctx.value == 0 {
            return Ok(());
        }
        self.credit_new_money(ctx.caller, ctx.value, ev)
    }

    /// Credits money that just entered the contract to `who`'s deposit.
    fn credit_new_money(&mut self, who: AccountId, amount: Balance, ev: &mut Events) -> Result<()> {
        self.accounts.owed_increase(amount)?;
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
            self.accounts.owed_decrease(amount)
        } else {
            self.credit(to, amount, ev)
        }
    }
}
