//! The network fee and the cluster management fee taken from distributed revenues.
pub mod entity;
pub mod messages;
pub mod store;
