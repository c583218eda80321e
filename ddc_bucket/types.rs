//! Primitive types shared by every domain, as upstream named them.

pub use ink::primitives::AccountId;

/// Native token amount (CERE, 10 decimals), or a USD amount on the same 10-decimal scale.
pub type Balance = u128;
/// Milliseconds since the Unix epoch, as `block_timestamp()` gives it.
pub type Timestamp = u64;
pub type BucketId = u32;
pub type ClusterId = u32;
pub type NodeId = u32;
pub type VNodeIndex = u32;
pub type ProviderId = AccountId;
/// Abstract capacity unit, counted per vnode.
pub type Resource = u32;
/// 10_000 basis points = 100 %.
pub type BasisPoints = Balance;
pub use crate::params::Params;
pub type BucketParams = Params;
pub type ClusterParams = Params;
pub type NodeParams = Params;

/// One CERE; also "one USD" in USD-denominated values.
pub const TOKEN: Balance = 10_000_000_000;
/// A month is 31 days, in milliseconds.
pub const MS_PER_MONTH: Balance = 31 * 24 * 3600 * 1000;
/// Basis-point denominator.
pub const BASIS_POINTS: BasisPoints = 10_000;

/// The environment facts a message runs with: who calls, when, and with how much value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ctx {
    pub caller: AccountId,
    pub now: Timestamp,
    /// Value transferred with the call; credited to the caller's deposit by payable messages.
    pub value: Balance,
}
