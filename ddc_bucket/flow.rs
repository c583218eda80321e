//! A payment flow (USD per month from a payer) and its settlement into CERE.
//!
//! A flow accrues exactly (see `schedule.rs`); settlement converts what accrued at the current
//! exchange rate and takes it from the payer's deposit. Three refinements over upstream keep it
//! exact:
//! - **Partial settlement.** When the deposit is short, what it covers is paid and the rest stays
//!   accrued on the flow (nothing forgiven, nothing created).
//! - **Carry.** A settlement that pays in full takes the whole accrued value off the flow and
//!   keeps the fraction of a CERE unit it did not charge as the payer's `carry`, charged with the
//!   payer's next settlement (of any of its flows). Settling often therefore costs exactly what
//!   settling once does, and settling every flow of a payer at `t` leaves nothing owed at `t`.
//! - **One formula for the payer.** What a payer owes at `t` is computed from its payable
//!   schedule (the sum of its flows) and its carry with the same conversion, so it is exactly
//!   what settling all its flows at `t` would take, and a withdrawal can take everything else.
//!
//! Units: flow values in rate-ms (`schedule.rs`); the carry in rate-ms × TOKEN. One CERE unit is
//! worth `MS_PER_MONTH × usd_per_cere` carry units ([`UsdPerCere::cere_unit_scaled`]).

use crate::currency::UsdPerCere;
use crate::error::Result;
use crate::math::U256;
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
    /// Rate-ms taken off the flow (and off the payer's payable schedule).
    pub taken: Balance,
    /// The payer's carry after this settlement.
    pub carry: Balance,
}

/// Settles `schedule` at `now` against a payer holding `deposit` CERE and `carry`.
///
/// Runs the same instructions whatever the amounts and the time (both outcomes, paid in full
/// or partly, are computed and one is selected), so that its gas never exceeds a dry run's.
pub fn settle(
    schedule: &Schedule,
    now: Timestamp,
    deposit: Balance,
    carry: Balance,
    rate: UsdPerCere,
) -> Result<Settlement> {
    let value = schedule.value_at_time(now)?;
    let unit = rate.cere_unit_scaled();
    let owed = U256::mul(value, TOKEN).checked_add(carry)?;
    let due = owed.div_saturating(unit);
    // A due amount beyond u128 (saturated) is more than any deposit: paid in part.
    let paid_in_full = (owed.hi < unit) & (due <= deposit);
    let cere = due.min(deposit);
    let paid = U256::mul(cere, unit);
    // Paid in full: the whole value leaves the flow and the fraction not charged is carried.
    // Paid in part: only what the CERE paid covers leaves the flow, rounded up so that the
    // carry stays non-negative (and below one USD unit).
    let beyond_carry = paid.saturating_sub(U256::from_u128(carry));
    // Saturating: only the partial outcome uses it, and there it is at most `value`.
    let (whole, part) = beyond_carry.div_rem_saturating(TOKEN);
    let partly_taken = whole.saturating_add(u128::from(part != 0));
    let taken = if paid_in_full { value } else { partly_taken };
    // `paid ≤ owed` and `taken ≤ value`, so this neither overflows nor underflows.
    let new_carry = U256::mul(taken, TOKEN)
        .checked_add(carry)?
        .saturating_sub(paid)
        .to_u128()?;
    Ok(Settlement {
        cere,
        taken,
        carry: new_carry,
    })
}

/// CERE a payer owes at `now` on all its flows (their sum is `payable`): exactly what settling
/// every flow at `now` would take, saturated at `u128::MAX`.
pub fn owed_cere(
    payable: &Schedule,
    now: Timestamp,
    carry: Balance,
    rate: UsdPerCere,
) -> Result<Balance> {
    let owed = U256::mul(payable.value_at_time(now)?, TOKEN).checked_add(carry)?;
    Ok(owed.div_saturating(rate.cere_unit_scaled()))
}

/// The last millisecond whose rent `deposit` CERE covers, given the `carry` and the arrears
/// already owed:
/// `u64::MAX` if the payer pays for nothing or the time lies beyond the u64 range. A carry
/// larger than the deposit moves the time back before the payable's last settlement.
pub fn covered_until(
    payable: &Schedule,
    deposit: Balance,
    carry: Balance,
    rate: UsdPerCere,
) -> Result<Timestamp> {
    let deposit_scaled = U256::mul(deposit, rate.cere_unit_scaled());
    let carry_scaled = U256::from_u128(carry);
    let surplus = deposit_scaled
        .saturating_sub(carry_scaled)
        .div_saturating(TOKEN);
    let shortfall = carry_scaled
        .saturating_sub(deposit_scaled)
        .div_ceil(TOKEN)?;
    // Arrears are paid first: they use deposit before any time is covered.
    let reached = U256::from_u128(payable.offset)
        .checked_add(surplus)?
        .saturating_sub(U256::from_u128(shortfall))
        .saturating_sub(U256::from_u128(payable.arrears));
    if payable.rate == 0 {
        return Ok(Timestamp::MAX);
    }
    Ok(Timestamp::try_from(reached.div_saturating(payable.rate)).unwrap_or(Timestamp::MAX))
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
