use crate::error::{Error, Result};
use crate::limits::MAX_TOTAL_FEE_BP;
use crate::math::mul_div_floor;
use crate::types::{AccountId, Balance, BasisPoints, BASIS_POINTS};

/// Fees taken from each settlement, in basis points, and where the network fee goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct FeeConfig {
    /// Taken first, paid to `network_fee_destination` (the zero account burns it).
    pub network_fee_bp: BasisPoints,
    pub network_fee_destination: AccountId,
    /// Taken from what remains, paid to the cluster's manager.
    pub cluster_management_fee_bp: BasisPoints,
}

/// No fees; the destination is the zero account (a burn).
impl Default for FeeConfig {
    fn default() -> Self {
        Self {
            network_fee_bp: 0,
            network_fee_destination: AccountId::from([0; 32]),
            cluster_management_fee_bp: 0,
        }
    }
}

/// How a sum of revenues splits between the two fees and the providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeSplit {
    pub network_fee: Balance,
    pub management_fee: Balance,
    pub to_providers: Balance,
}

/// The two fee rates, applied to each settlement as it is paid (so a later change of the rates
/// never reaches revenues already settled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct FeeRates {
    pub network_fee_bp: BasisPoints,
    pub cluster_management_fee_bp: BasisPoints,
}

impl FeeConfig {
    /// `InvalidFeeBasisPoints` if the two fees add up to more than [`MAX_TOTAL_FEE_BP`], the
    /// cap every contract is built with.
    pub fn validate(&self) -> Result<()> {
        let total = self
            .network_fee_bp
            .checked_add(self.cluster_management_fee_bp)
            .ok_or(Error::InvalidFeeBasisPoints)?;
        if total > MAX_TOTAL_FEE_BP {
            return Err(Error::InvalidFeeBasisPoints);
        }
        Ok(())
    }

    pub fn rates(&self) -> FeeRates {
        FeeRates {
            network_fee_bp: self.network_fee_bp,
            cluster_management_fee_bp: self.cluster_management_fee_bp,
        }
    }
}

impl FeeRates {
    /// Upstream's order: the network fee on the amount, the management fee on the rest; each
    /// rounded down, so `network_fee + management_fee + to_providers == amount`. Constant
    /// cost (fixed-iteration division), as settlement needs.
    pub fn split(&self, amount: Balance) -> Result<FeeSplit> {
        let network_fee = mul_div_floor(amount, self.network_fee_bp, BASIS_POINTS)?;
        let after_network = amount.checked_sub(network_fee).ok_or(Error::Overflow)?;
        let management_fee =
            mul_div_floor(after_network, self.cluster_management_fee_bp, BASIS_POINTS)?;
        let to_providers = after_network
            .checked_sub(management_fee)
            .ok_or(Error::Overflow)?;
        Ok(FeeSplit {
            network_fee,
            management_fee,
            to_providers,
        })
    }
}

#[cfg(test)]
#[path = "entity_tests.rs"]
mod tests;
