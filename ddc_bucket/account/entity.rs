use crate::cash::Cash;
use crate::schedule::Schedule;
use crate::types::Balance;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Account {
    /// CERE held for this account, net of settled payments.
    pub deposit: Cash,
    /// The sum of all flows this account pays, in USD; settled amounts are taken off it.
    pub payable_schedule: Schedule,
    /// Value already taken off the flows but not yet charged, in rate-ms × TOKEN units (below
    /// one CERE unit's worth); charged with the next settlement. See `flow.rs`.
    pub settlement_carry: Balance,
}
