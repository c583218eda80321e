//! Off-chain `#[ink::test]` tests of the contract's messages through ink!'s test environment.
