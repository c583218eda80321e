use crate::error::{Error, Result};
use crate::math::mul_div_floor;
use crate::types::{AccountId, Balance, BasisPoints, BASIS_POINTS};

/// Fees taken from a cluster's revenues at distribution, in basis points.
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

impl FeeConfig {
    /// `InvalidFeeBasisPoints` if either fee is above 100 %.
    pub fn validate(&self) -> Result<()> {
        if self.network_fee_bp > BASIS_POINTS || self.cluster_management_fee_bp > BASIS_POINTS {
            return Err(Error::InvalidFeeBasisPoints);
        }
        Ok(())
    }

    /// Upstream's order: the network fee on the revenues, the management fee on the rest; each
    /// rounded down, so `network_fee + management_fee + to_providers == revenues`.
    pub fn split(&self, revenues: Balance) -> Result<FeeSplit> {
        self.validate()?;
        let network_fee = mul_div_floor(revenues, self.network_fee_bp, BASIS_POINTS)?;
        let after_network = revenues.checked_sub(network_fee).ok_or(Error::Overflow)?;
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
