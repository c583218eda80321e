//! A value that grows linearly with time: `rate` units per 31-day month, minus `offset`, the part
//! already taken (or that accrued before the schedule started). Schedules add component-wise, so
//! one schedule can sum streams that started at different times.

use crate::error::{Error, Result};
use crate::math::mul_div_floor;
use crate::types::{Balance, Timestamp, MS_PER_MONTH};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Schedule {
    /// Units per month.
    pub rate: Balance,
    /// Units already taken, plus what accrued before the start.
    pub offset: Balance,
}

impl Schedule {
    pub const fn empty() -> Self {
        Self { rate: 0, offset: 0 }
    }

    /// A schedule accruing `rate` per month from `start_ms` on.
    pub fn new(start_ms: Timestamp, rate: Balance) -> Result<Self> {
        let offset = Self::accrual(rate, start_ms)?;
        Ok(Self { rate, offset })
    }

    /// `floor(rate × t / month)`: what accrued from time 0 to `t`.
    fn accrual(rate: Balance, t: Timestamp) -> Result<Balance> {
        mul_div_floor(rate, Balance::from(t), MS_PER_MONTH)
    }

    /// The value accrued and not yet taken at `t`; zero before the schedule started.
    pub fn value_at_time(&self, t: Timestamp) -> Result<Balance> {
        Ok(Self::accrual(self.rate, t)?.saturating_sub(self.offset))
    }

    /// The time at which the untaken value reaches `value`; `u64::MAX` if it never does (rate 0)
    /// or lies beyond the u64 range.
    pub fn time_of_value(&self, value: Balance) -> Timestamp {
        if self.rate == 0 {
            return Timestamp::MAX;
        }
        self.offset
            .checked_add(value)
            .and_then(|total| mul_div_floor(total, MS_PER_MONTH, self.rate).ok())
            .and_then(|t| Timestamp::try_from(t).ok())
            .unwrap_or(Timestamp::MAX)
    }

    /// Adds another stream to this one.
    pub fn add(&mut self, other: &Schedule) -> Result<()> {
        self.rate = self.rate.checked_add(other.rate).ok_or(Error::Overflow)?;
        self.offset = self
            .offset
            .checked_add(other.offset)
            .ok_or(Error::Overflow)?;
        Ok(())
    }

    /// Marks `value` as taken.
    pub fn take_value(&mut self, value: Balance) -> Result<()> {
        self.offset = self.offset.checked_add(value).ok_or(Error::Overflow)?;
        Ok(())
    }
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
