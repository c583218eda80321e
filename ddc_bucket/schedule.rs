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
//!
//! A schedule can be **re-based** at `now` to a new rate (a release, a close, an expiry): what it
//! accrued and was not taken becomes `arrears`, owed until taken, and accrual goes on at the new
//! rate from `now`. Taking takes from the arrears first.

use crate::error::{Error, Result};
use crate::math::{add_to, sub_from, U256};
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
    /// Rate-ms accrued before the last re-base and not yet taken.
    pub arrears: Balance,
}

/// Where a take came from: the arrears, then the running accrual. Applying the same split to a
/// sum of schedules keeps the sum exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Take {
    pub from_arrears: Balance,
    pub from_accrual: Balance,
}

impl Schedule {
    pub const fn empty() -> Self {
        Self {
            rate: 0,
            offset: 0,
            arrears: 0,
        }
    }

    /// A schedule accruing `rate` per month from `start_ms` on; `Overflow` above [`MAX_RATE`].
    pub fn new(start_ms: Timestamp, rate: Balance) -> Result<Self> {
        Ok(Self {
            rate,
            offset: Self::accrual(rate, start_ms)?,
            arrears: 0,
        })
    }

    /// `rate × t`: what accrued from time 0 to `t`, in rate-ms.
    fn accrual(rate: Balance, t: Timestamp) -> Result<Balance> {
        if rate > MAX_RATE {
            return Err(Error::Overflow);
        }
        U256::mul(rate, Balance::from(t)).to_u128()
    }

    /// The value accrued and not yet taken at `t`, in rate-ms, arrears included; the running
    /// part is zero before the schedule started. Saturates at `u128::MAX` (2^128 rate-ms is
    /// about 1.3e19 USD, beyond any deposit).
    pub fn value_at_time(&self, t: Timestamp) -> Result<Balance> {
        Ok(Self::accrual(self.rate, t)?
            .saturating_sub(self.offset)
            .saturating_add(self.arrears))
    }

    /// How taking `value` splits between the arrears and the running accrual.
    pub fn split(&self, value: Balance) -> Take {
        let from_arrears = value.min(self.arrears);
        Take {
            from_arrears,
            from_accrual: value.saturating_sub(from_arrears),
        }
    }

    /// Marks a take as taken.
    pub fn take(&mut self, take: Take) -> Result<()> {
        self.arrears = self
            .arrears
            .checked_sub(take.from_arrears)
            .ok_or(Error::Overflow)?;
        self.take_value(take.from_accrual)
    }

    /// The same schedule from `now` on at `new_rate`: what accrued and was not taken becomes
    /// arrears.
    pub fn rebase(&self, now: Timestamp, new_rate: Balance) -> Result<Self> {
        let mut next = Self::new(now, new_rate)?;
        next.arrears = self.value_at_time(now)?;
        Ok(next)
    }

    /// Removes a stream added before (component-wise); `Overflow` if it was not part of this one.
    pub fn sub(&mut self, other: &Schedule) -> Result<()> {
        sub_from(&mut self.rate, other.rate)?;
        sub_from(&mut self.offset, other.offset)?;
        sub_from(&mut self.arrears, other.arrears)
    }

    /// Adds another stream to this one; `Overflow` if the rate would pass [`MAX_RATE`].
    pub fn add(&mut self, other: &Schedule) -> Result<()> {
        self.rate = self
            .rate
            .checked_add(other.rate)
            .filter(|rate| *rate <= MAX_RATE)
            .ok_or(Error::Overflow)?;
        add_to(&mut self.offset, other.offset)?;
        add_to(&mut self.arrears, other.arrears)
    }

    /// Marks `value` rate-ms of the running accrual as taken.
    pub fn take_value(&mut self, value: Balance) -> Result<()> {
        add_to(&mut self.offset, value)
    }
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
