use super::entity::Account;
use crate::cells;
use crate::error::{Error, Result};
use crate::types::AccountId;
use ink::storage::Mapping;

#[ink::storage_item]
#[derive(Default, Debug)]
pub struct AccountStore {
    accounts: Mapping<AccountId, Account>,
}

// The account is passed to the cells by reference on purpose: its key is encoded from the
// reference, where a value would be copied first (224 bytes of wasm in all).
#[allow(clippy::needless_borrows_for_generic_args)]
impl AccountStore {
    pub fn get(&self, who: AccountId) -> Result<Account> {
        cells::get(&self.accounts, &who).ok_or(Error::AccountDoesNotExist)
    }

    pub fn exists(&self, who: AccountId) -> bool {
        cells::contains(&self.accounts, &who)
    }

    pub fn get_or_new(&self, who: AccountId) -> Account {
        cells::get(&self.accounts, &who).unwrap_or_default()
    }

    pub fn save(&mut self, who: AccountId, account: &Account) {
        cells::insert(&mut self.accounts, &who, account);
    }
}
