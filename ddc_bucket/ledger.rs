//! The money ledger: every movement of CERE into, within and out of the contract, in one place.
//!
//! **Conservation.** `total_owed` is what the contract owes: every account's deposit, every
//! cluster's undistributed revenues and the network fees not yet paid out. Money entering the
//! contract raises it (credited to the sender's deposit, never absorbed); settlement moves
//! money from a deposit to a cluster's revenues and the network fees and leaves it unchanged; distribution and withdrawals pay money out and lower it by
//! exactly what left. So at every moment the contract's balance is at least `total_owed`, and
//! the admin can take only the surplus beyond it. Every transfer out (`pay`) and every write of
//! `total_owed` is in this file.

use crate::account::entity::Account;
use crate::core::Ddc;
use crate::currency::UsdPerCere;
use crate::error::{Error, Result};
use crate::events::{AdminWithdraw, Deposit, Events};
use crate::fee::entity::{FeeConfig, FeeRates};
use crate::limits::RATE_WINDOW_MS;
use crate::math::{add_to, sub_from};
use crate::perm::entity::Permission;
use crate::types::{AccountId, Balance, ClusterId, Ctx, Timestamp};
use ink::storage::{traits::ManualKey, Lazy, Mapping};

#[ink::storage_item]
#[derive(Default, Debug)]
pub struct Ledger {
    /// USD units per TOKEN CERE; set to parity by the constructor, never zero after.
    usd_per_cere: Balance,
    /// The oracle's bound (`account/messages.rs`): outside the root cell, which every call loads
    /// and copies, since only the oracle's message reads it.
    rate_window: Lazy<RateWindow, ManualKey<0x5241_5445>>,
    /// What the contract owes: deposits, undistributed revenues, unpaid network fees.
    total_owed: Balance,
    /// The fee rates settlements apply: the fee config's, in the root cell, which every call
    /// loads anyway.
    fee_rates: FeeRates,
    /// Network fees taken by settlements and not yet paid to their destination (paid out by
    /// distributions, and to the old destination before it changes).
    network_fees: Balance,
    /// Where the network fees go (the fee config's destination), also in the root cell, so
    /// that distribution reads no fee cell. A plain byte array (the zero account, a burn, by
    /// default), apart from the rates: inside a nested struct it made ink!'s moves of the
    /// decoded root `memcpy` calls, 12.5M `ref_time` on every call (docs/design.md).
    network_fee_destination: [u8; 32],
    /// Each cluster's revenues: CERE settled from buckets and not yet distributed, already
    /// split between the providers and the fees.
    revenues: Mapping<ClusterId, ClusterRevenues>,
}

/// A cluster's undistributed revenues, less the network fee, split at settlement by the fee
/// rates then in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ClusterRevenues {
    pub to_providers: Balance,
    pub management_fee: Balance,
}

/// The rate when the current window began, and when that was: a new rate stays within half
/// and twice the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct RateWindow {
    anchor: Balance,
    start: Timestamp,
}

impl ClusterRevenues {
    pub fn total(&self) -> Result<Balance> {
        self.to_providers
            .checked_add(self.management_fee)
            .ok_or(Error::Overflow)
    }
}

impl Ledger {
    /// The rate, never checked again: only `open` (parity) and `set_rate_in_window` (a checked
    /// `UsdPerCere`) write it, and the constructor opens the ledger before any message runs.
    pub fn rate(&self) -> UsdPerCere {
        UsdPerCere::stored(self.usd_per_cere)
    }

    /// A new network's ledger: 1 USD = 1 CERE, and the rate window's cell, empty (the first
    /// rate set opens a window). The deployer pays that cell's storage deposit; the oracle's
    /// calls only overwrite it, so an oracle key needs no funds beyond fees.
    pub fn open(&mut self) {
        self.usd_per_cere = UsdPerCere::PARITY.get();
        crate::cells::set_lazy(&mut self.rate_window, &RateWindow::default());
    }

    /// The rate at the start of the window containing `now`, and when that window began: a
    /// new window starts at `now` if the last one is over. Nothing is written:
    /// `set_rate_in_window` records the window with the new rate, once the call can no longer fail.
    pub fn rate_window(&self, now: Timestamp) -> (Balance, Timestamp) {
        let last = crate::cells::get_lazy(&self.rate_window).unwrap_or_default();
        let new_window = last.anchor == 0 || now >= last.start.saturating_add(RATE_WINDOW_MS);
        // Selects rather than a block: the same instructions either way, so a dry run's gas
        // holds when the real call opens a new window.
        let anchor = if new_window {
            self.usd_per_cere
        } else {
            last.anchor
        };
        let start = if new_window { now } else { last.start };
        (anchor, start)
    }

    /// Sets the rate, recording the window it was checked against.
    pub fn set_rate_in_window(&mut self, rate: UsdPerCere, (anchor, start): (Balance, Timestamp)) {
        self.usd_per_cere = rate.get();
        crate::cells::set_lazy(&mut self.rate_window, &RateWindow { anchor, start });
    }

    pub fn fee_config(&self) -> FeeConfig {
        FeeConfig {
            network_fee_bp: self.fee_rates.network_fee_bp,
            network_fee_destination: self.network_fee_destination(),
            cluster_management_fee_bp: self.fee_rates.cluster_management_fee_bp,
        }
    }

    pub fn network_fee_destination(&self) -> AccountId {
        AccountId::from(self.network_fee_destination)
    }

    pub fn set_fee_config(&mut self, config: &FeeConfig) {
        self.fee_rates = config.rates();
        self.network_fee_destination = *config.network_fee_destination.as_ref();
    }

    pub fn total_owed(&self) -> Balance {
        self.total_owed
    }

    /// Network fees settled and not yet paid to their destination.
    pub fn network_fees(&self) -> Balance {
        self.network_fees
    }

    pub fn revenues(&self, cluster_id: ClusterId) -> ClusterRevenues {
        crate::cells::get(&self.revenues, cluster_id).unwrap_or_default()
    }

    fn owed_increase(&mut self, amount: Balance) -> Result<()> {
        add_to(&mut self.total_owed, amount)
    }

    fn owed_decrease(&mut self, amount: Balance) -> Result<()> {
        sub_from(&mut self.total_owed, amount)
    }
}

impl Ddc {
    /// Everything the contract owes: deposits, undistributed cluster revenues and network
    /// fees not yet paid out.
    pub fn total_owed(&self) -> Balance {
        self.ledger.total_owed()
    }

    /// Network fees settled and not yet paid to their destination (part of `total_owed`).
    pub fn undistributed_network_fees(&self) -> Balance {
        self.ledger.network_fees()
    }

    /// The contract's balance beyond what it owes (`total_owed`).
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
    /// cluster's revenues, split by the fee rates in force now. Written even when `cere` is 0,
    /// so that the cost does not depend on what is due (gas estimates hold in later blocks).
    pub(crate) fn settle_into_revenues(
        &mut self,
        payer: &mut Account,
        cluster_id: ClusterId,
        cere: Balance,
    ) -> Result<()> {
        let split = self.ledger.fee_rates.split(cere)?;
        let mut revenues = self.ledger.revenues(cluster_id);
        add_to(&mut revenues.to_providers, split.to_providers)?;
        add_to(&mut self.ledger.network_fees, split.network_fee)?;
        add_to(&mut revenues.management_fee, split.management_fee)?;
        payer.deposit.decrease(cere)?;
        crate::cells::insert(&mut self.ledger.revenues, cluster_id, &revenues);
        Ok(())
    }

    /// A cluster's revenues were distributed: the fees are paid, `kept` (the providers'
    /// rounding dust) stays.
    pub(crate) fn keep_revenues(&mut self, cluster_id: ClusterId, kept: Balance) {
        let left = ClusterRevenues {
            to_providers: kept,
            ..Default::default()
        };
        crate::cells::insert(&mut self.ledger.revenues, cluster_id, &left);
    }

    /// Pays the network fees settled so far to `destination` (the one they were settled for).
    pub(crate) fn pay_network_fees(
        &mut self,
        destination: AccountId,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
        ev: &mut Events,
    ) -> Result<Balance> {
        let fees = self.ledger.network_fees;
        self.ledger.network_fees = 0;
        self.pay_out(destination, fees, pay, ev)?;
        Ok(fees)
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
