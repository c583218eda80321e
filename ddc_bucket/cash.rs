//! `Cash`: CERE that the contract holds on someone's behalf. It encodes as a bare u128 and shows
//! to clients as `{ value }`, as upstream's did.

use crate::error::{Error, Result};
use crate::types::Balance;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Cash {
    pub value: Balance,
}

impl Cash {
    pub fn increase(&mut self, amount: Balance) -> Result<()> {
        crate::math::add_to(&mut self.value, amount)
    }

    /// Takes `amount` out; `InsufficientBalance` if there is less.
    pub fn decrease(&mut self, amount: Balance) -> Result<()> {
        crate::math::sub_from(&mut self.value, amount).map_err(|_| Error::InsufficientBalance)
    }
}
