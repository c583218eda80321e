//! Clusters: a ring of vnodes on providers' nodes, the capacity reserved on them, and the
//! revenues collected from buckets until they are distributed.
pub mod entity;
pub mod messages;
pub mod store;

#[cfg(test)]
mod payees_tests;
