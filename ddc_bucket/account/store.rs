use super::entity::Account;
use crate::currency::UsdPerCere;
use crate::error::{Error, Result};
use crate::types::{AccountId, Balance};
use ink::storage::Mapping;

#[ink::storage_item]
#[derive(Default, Debug)]
pub struct AccountStore {
    accounts: Mapping<AccountId, Account>,
    /// USD units per TOKEN CERE; set to parity by the constructor, never zero after.
    usd_per_cere: Balance,
    /// What the contract owes: every deposit plus every cluster's undistributed revenues.
    /// Settlements move money between the two and leave it unchanged.
    total_owed: Balance,
}

impl AccountStore {
    pub fn get(&self, who: AccountId) -> Result<Account> {
        self.accounts.get(who).ok_or(Error::AccountDoesNotExist)
    }

    pub fn exists(&self, who: AccountId) -> bool {
        self.accounts.contains(who)
    }

    pub fn get_or_new(&self, who: AccountId) -> Account {
        self.accounts.get(who).unwrap_or_default()
    }

    pub fn save(&mut self, who: AccountId, account: &Account) {
        self.accounts.insert(who, account);
    }

    pub fn rate(&self) -> Result<UsdPerCere> {
        UsdPerCere::new(self.usd_per_cere)
    }

    pub fn set_rate(&mut self, rate: UsdPerCere) {
        self.usd_per_cere = rate.get();
    }

    pub fn total_owed(&self) -> Balance {
        self.total_owed
    }

    /// Money entered the contract on someone's behalf.
    pub fn owed_increase(&mut self, amount: Balance) -> Result<()> {
        self.total_owed = self.total_owed.checked_add(amount).ok_or(Error::Overflow)?;
        Ok(())
    }

    /// Money the contract owed has left it.
    pub fn owed_decrease(&mut self, amount: Balance) -> Result<()> {
        self.total_owed = self.total_owed.checked_sub(amount).ok_or(Error::Overflow)?;
        Ok(())
    }
}
