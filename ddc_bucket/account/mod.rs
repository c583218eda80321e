//! Accounts: CERE deposits, the payable schedule of every flow an account pays, withdrawals,
//! the exchange rate, and the contract's solvency bookkeeping.
pub mod entity;
pub mod messages;
pub mod store;
