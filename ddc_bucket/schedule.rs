//! A value that grows linearly with time: `rate` USD units per 31-day month.
//!
//! Accrual is kept exact, without rounding: values are in *rate-milliseconds* (USD units × ms
//! per month), so `rate × t` is what accrued from time 0 to `t` and one USD unit is
//! `MS_PER_MONTH` rate-ms. `offset` is what accrued before the schedule started plus what was
//! already taken. Schedules add component-wise, so one schedule sums streams that started at
//! different times, and the sum of the streams' values is exactly the value of their sum: an
//! account's payable schedule owes exactly what its flows owe, to the last fraction.
//!
//! Rates are bounded by [`MAX_RATE`], so `rate × t` fits in u128 for every u64 timestamp: no
//! value can overflow, whatever the time.

use crate::error::{Error, Result};
use crate::math::U256;
use crate::types::{Balance, Timestamp};

/// The largest rate a schedule may have (USD units per month, about 1.8e9 USD): with it,
/// `rate × t < 2^128` for every u64 timestamp.
pub const MAX_RATE: Balance = u64::MAX as Balance;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Schedule {
    /// USD units per month.
    pub rate: Balance,
    /// Rate-ms already taken, plus what accrued before the start.
    pub offset: Balance,
}

impl Schedule {
    pub const fn empty() -> Self {
        Self { rate: 0, offset: 0 }
    }

    /// A schedule accruing `rate` per month from `start_ms` on; `Overflow` above [`MAX_RATE`].
    pub fn new(start_ms: Timestamp, rate: Balance) -> Result<Self> {
        Ok(Self {
            rate,
            offset: Self::accrual(rate, start_ms)?,
        })
    }

    /// `rate × t`: what accrued from time 0 to `t`, in rate-ms.
    fn accrual(rate: Balance, t: Timestamp) -> Result<Balance> {
        if rate > MAX_RATE {
            return Err(Error::Overflow);
        }
        U256::mul(rate, Balance::from(t)).to_u128()
    }

    /// The value accrued and not yet taken at `t`, in rate-ms; zero before the schedule started.
    pub fn value_at_time(&self, t: Timestamp) -> Result<Balance> {
        Ok(Self::accrual(self.rate, t)?.saturating_sub(self.offset))
    }

    /// Adds another stream to this one; `Overflow` if the rate would pass [`MAX_RATE`].
    pub fn add(&mut self, other: &Schedule) -> Result<()> {
        self.rate = self
            .rate
            .checked_add(other.rate)
            .filter(|rate| *rate <= MAX_RATE)
            .ok_or(Error::Overflow)?;
        self.offset = self
            .offset
            .checked_add(other.offset)
            .ok_or(Error::Overflow)?;
        Ok(())
    }

    /// Marks `value` rate-ms as taken.
    pub fn take_value(&mut self, value: Balance) -> Result<()> {
        self.offset = self.offset.checked_add(value).ok_or(Error::Overflow)?;
        Ok(())
    }
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
