//! Permissions: the super admin, the exchange-rate oracle, and providers' trust in managers.
pub mod entity;
pub mod messages;
pub mod store;
