//! A payment flow (USD per month from a payer) and its settlement into CERE.
//!
//! Settlement converts the USD accrued on a flow at the current rate and takes it from the
//! payer's deposit. Two refinements over upstream keep it exact:
//! - **Partial settlement.** When the deposit is short, what it covers is paid and the rest stays
//!   accrued on the flow (nothing forgiven, nothing created).
//! - **Carry.** Flooring each conversion separately would let frequent settlers pay less than
//!   one settlement of the same period. The unconverted fraction is therefore kept, in
//!   USD × TOKEN units, as the payer's `carry` (always below one USD unit) and converted with the
//!   next settlement, so at a constant rate settling often costs exactly what settling once does.

use crate::currency::UsdPerCere;
use crate::error::{Error, Result};
use crate::math::div_ceil;
use crate::schedule::Schedule;
use crate::types::{AccountId, Balance, Timestamp, TOKEN};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Flow {
    /// The payer.
    pub from: AccountId,
    /// USD per month, accrued and not yet settled.
    pub schedule: Schedule,
}

/// What one settlement moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settlement {
    /// CERE taken from the payer's deposit.
    pub cere: Balance,
    /// USD units taken off the flow (and off the payer's payable schedule).
    pub usd: Balance,
    /// The payer's carry after this settlement.
    pub carry: u64,
}

/// Settles `schedule` at `now` against a payer holding `deposit` CERE and `carry`.
pub fn settle(
    schedule: &Schedule,
    now: Timestamp,
    deposit: Balance,
    carry: u64,
    rate: UsdPerCere,
) -> Result<Settlement> {
    let owed_scaled = owed_usd_scaled(schedule, now, carry)?;
    let carry = Balance::from(carry);
    let cere_due = owed_scaled
        .checked_div(rate.get())
        .ok_or(Error::InvalidExchangeRate)?;
    let cere = cere_due.min(deposit);
    // `cere × rate ≤ owed_scaled`, so neither this nor the lines below can overflow or underflow.
    let paid_scaled = cere.checked_mul(rate.get()).ok_or(Error::Overflow)?;
    let usd = div_ceil(paid_scaled.saturating_sub(carry), TOKEN)?;
    let new_carry = usd
        .checked_mul(TOKEN)
        .and_then(|v| v.checked_add(carry))
        .and_then(|v| v.checked_sub(paid_scaled))
        .ok_or(Error::Overflow)?;
    Ok(Settlement {
        cere,
        usd,
        carry: u64::try_from(new_carry).map_err(|_| Error::Overflow)?,
    })
}

/// CERE a payer owes at `now` on all its flows (their sum is `payable`), rounded up so that a
/// withdrawal can never reach it.
pub fn owed_cere(
    payable: &Schedule,
    now: Timestamp,
    carry: u64,
    rate: UsdPerCere,
) -> Result<Balance> {
    div_ceil(owed_usd_scaled(payable, now, carry)?, rate.get())
}

/// What `schedule` has accrued by `now` plus `carry`, in USD × TOKEN units.
fn owed_usd_scaled(schedule: &Schedule, now: Timestamp, carry: u64) -> Result<Balance> {
    schedule
        .value_at_time(now)?
        .checked_mul(TOKEN)
        .and_then(|v| v.checked_add(Balance::from(carry)))
        .ok_or(Error::Overflow)
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
