//! The network fee and the cluster management fee, taken from each settlement (capped).
pub mod entity;
pub mod messages;
