//! Nodes: providers' machines, with capacity, rent and params (URL, engine...).
pub mod entity;
pub mod messages;
pub mod store;
