use crate::flow::Flow;
use crate::types::{AccountId, Balance, BucketId, BucketParams, ClusterId, Resource, Timestamp};
use ink::prelude::vec::Vec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct BucketRecord {
    pub owner_id: AccountId,
    pub cluster_id: ClusterId,
    /// The rent flow from the payer to the cluster, in USD per month.
    pub flow: Flow,
    /// Resource per vnode allocated to this bucket.
    pub resource_reserved: Resource,
    /// Consent: others (the cluster's manager) may raise `resource_reserved` up to this; the
    /// owner is not limited by it. 0 until the owner allows more.
    pub resource_cap: Resource,
    /// Consent: the highest price per unit (the cluster's `total_rent`) others may allocate at.
    pub price_cap: Balance,
    /// When the bucket was closed or expired; it accrues nothing after.
    pub closed_at: Option<Timestamp>,
}

/// A bucket without its flow, as getters return it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct BucketInStatus {
    pub owner_id: AccountId,
    pub cluster_id: ClusterId,
    pub resource_reserved: Resource,
}

/// What a DDC node needs to decide whether to serve a request for a bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct BucketStatus {
    pub bucket_id: BucketId,
    pub bucket: BucketInStatus,
    pub params: BucketParams,
    /// Accounts allowed to write: the owner.
    pub writer_ids: Vec<AccountId>,
    /// When the payer's deposit stops covering all its flows (ms since epoch); `u64::MAX` if it
    /// pays for nothing. A node serves while `now <= rent_covered_until_ms`.
    pub rent_covered_until_ms: Timestamp,
}

impl From<&BucketRecord> for BucketInStatus {
    fn from(b: &BucketRecord) -> Self {
        Self {
            owner_id: b.owner_id,
            cluster_id: b.cluster_id,
            resource_reserved: b.resource_reserved,
        }
    }
}
