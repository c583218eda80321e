//! Buckets: an app's storage space in a cluster, paid for by a flow from its owner's deposit.
pub mod entity;
pub mod messages;
pub mod store;
