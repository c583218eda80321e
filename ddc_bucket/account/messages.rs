//! Account messages: deposits, withdrawals, the exchange rate. The money moves in `ledger.rs`.

use super::entity::Account;
use crate::core::Ddc;
use crate::currency::UsdPerCere;
use crate::error::{Error, Result};
use crate::events::{Events, ExchangeRateSet, Withdraw};
use crate::flow::owed_cere;
use crate::perm::entity::Permission;
use crate::types::{AccountId, Balance, Ctx};

impl Ddc {
    pub fn account_deposit(&mut self, ctx: Ctx, ev: &mut Events) -> Result<()> {
        self.credit_new_money(ctx.caller, ctx.value, ev)
    }

    /// Pays `amount` of the caller's deposit out to the caller: at most its free deposit
    /// (`account_free_deposit`).
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
        self.pay_deposit_out(ctx.caller, amount, pay)?;
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

    /// The part of the deposit an account may take out: what its flows will not owe a grace
    /// period from now (with no rent running, exactly what they do not owe now). No squatting
    /// by the back door (deposit, allocate, withdraw): a payer keeps its rent covered for the
    /// grace period, as an allocation requires; it releases or closes buckets to take the rest.
    pub fn account_free_deposit(&self, account: &Account, ctx: Ctx) -> Result<Balance> {
        let owed = owed_cere(
            &account.payable_schedule,
            ctx.now.saturating_add(self.buckets.grace_period_ms()),
            account.settlement_carry,
            self.ledger.rate(),
        )?;
        Ok(account.deposit.value.saturating_sub(owed))
    }

    pub fn account_get(&self, account_id: AccountId) -> Result<Account> {
        self.accounts.get(account_id)
    }

    pub fn account_get_usd_per_cere(&self) -> Balance {
        self.ledger.rate().get()
    }

    pub fn account_set_usd_per_cere(
        &mut self,
        ctx: Ctx,
        usd_per_cere: Balance,
        ev: &mut Events,
    ) -> Result<()> {
        self.perms.check(ctx.caller, Permission::SetExchangeRate)?;
        let rate = UsdPerCere::new(usd_per_cere)?;
        // Bounded moves: within the day-long window the rate stays between half and twice
        // what it began the window with, so no oracle (or admin) can reprice deposits at will.
        let window = self.ledger.rate_window(ctx.now);
        let floor = window.0.div_ceil(2);
        let ceiling = window.0.saturating_mul(2);
        if usd_per_cere < floor || usd_per_cere > ceiling {
            return Err(Error::RateChangeTooLarge);
        }
        self.ledger.set_rate_in_window(rate, window);
        ev.push(ExchangeRateSet { usd_per_cere }.into());
        Ok(())
    }
}
