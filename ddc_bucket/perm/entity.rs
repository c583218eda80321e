// The SCALE derive casts variant indices (`usize as u8`) for enums with data; this file holds
// only that enum, so the allowance covers generated code and nothing else.
#![allow(clippy::cast_possible_truncation)]

use crate::types::AccountId;

/// A permission held by an account. The variant order is part of the ABI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Permission {
    /// Held by a cluster manager: the given provider lets it use their nodes.
    ManagerTrustedBy(AccountId),
    /// The price oracle: may set the exchange rate.
    SetExchangeRate,
    /// Every permission, including every `ManagerTrustedBy`.
    SuperAdmin,
}
