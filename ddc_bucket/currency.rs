//! CERE ⇄ USD conversion at the oracle's rate.
//!
//! The rate is stored exactly as given: `usd_per_cere` USD units for one TOKEN of CERE (so
//! `TOKEN` means 1 USD per CERE). Upstream kept it on a 1e4 fixed-point scale, which truncated
//! rates below 1e6 to zero; storing the given value loses nothing and gives the same results at
//! upstream's test rates. Conversions round down.

use crate::error::{Error, Result};
use crate::math::mul_div_floor;
use crate::types::{Balance, MS_PER_MONTH, TOKEN};

/// The largest accepted rate: 1e18 USD per CERE. It keeps `MS_PER_MONTH × rate` within u128,
/// the divisor of every settlement.
pub const MAX_USD_PER_CERE: Balance = 10_000_000_000_000_000_000_000_000_000;

/// The exchange rate: USD units per `TOKEN` CERE; never zero, at most [`MAX_USD_PER_CERE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsdPerCere(Balance);

impl UsdPerCere {
    /// 1 USD = 1 CERE, the rate a new contract starts with.
    pub const PARITY: Self = Self(TOKEN);

    /// `InvalidExchangeRate` for zero or above [`MAX_USD_PER_CERE`].
    pub fn new(usd_per_cere: Balance) -> Result<Self> {
        if usd_per_cere == 0 || usd_per_cere > MAX_USD_PER_CERE {
            return Err(Error::InvalidExchangeRate);
        }
        Ok(Self(usd_per_cere))
    }

    /// A rate read back from storage, where only `new`'s results (and `PARITY`) are written.
    pub(crate) const fn stored(usd_per_cere: Balance) -> Self {
        Self(usd_per_cere)
    }

    pub fn get(self) -> Balance {
        self.0
    }

    /// What one CERE unit is worth in rate-ms × TOKEN (`flow.rs`): `MS_PER_MONTH × rate`.
    /// Never wraps: the rate is at most [`MAX_USD_PER_CERE`], which keeps the product within
    /// u128 (no error path to carry in every settlement).
    pub fn cere_unit_scaled(self) -> Balance {
        MS_PER_MONTH.wrapping_mul(self.0)
    }

    /// `floor(usd × TOKEN / rate)`.
    pub fn to_cere(self, usd: Balance) -> Result<Balance> {
        mul_div_floor(usd, TOKEN, self.0)
    }

    /// `floor(cere × rate / TOKEN)`.
    pub fn to_usd(self, cere: Balance) -> Result<Balance> {
        mul_div_floor(cere, self.0, TOKEN)
    }
}

#[cfg(test)]
#[path = "currency_tests.rs"]
mod tests;
