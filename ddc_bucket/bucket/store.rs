use super::entity::BucketRecord;
use crate::cells;
use crate::error::{Error, Result};
use crate::paging::OwnerIndex;
use crate::types::{AccountId, Balance, BucketId, BucketParams, Timestamp};
use ink::prelude::vec::Vec;
use ink::storage::{traits::ManualKey, Mapping};

#[ink::storage_item]
#[derive(Default, Debug)]
pub struct BucketStore {
    buckets: Mapping<BucketId, BucketRecord>,
    /// Apart from the bucket so that payments never load the params.
    params: Mapping<BucketId, BucketParams>,
    pub by_owner: OwnerIndex<ManualKey<0x4255_434b>>,
    /// Buckets created so far; ids are 1..=created.
    pub created: u32,
    /// How long after its rent stopped being covered a bucket may be expired; 0 means the
    /// default (`DEFAULT_GRACE_PERIOD_MS`).
    grace_period_ms: Timestamp,
    /// Accounts besides the owner allowed to write, apart so that payments never load them.
    writers: Mapping<BucketId, Vec<AccountId>>,
    /// The account an owner offered its bucket to (`bucket_change_owner`), until it accepts,
    /// and the bucket's rate when offered: the most the offeree consented to pay.
    owner_offers: Mapping<BucketId, (AccountId, Balance)>,
}

impl BucketStore {
    pub fn get(&self, id: BucketId) -> Result<BucketRecord> {
        cells::get(&self.buckets, id).ok_or(Error::BucketDoesNotExist)
    }

    pub fn save(&mut self, id: BucketId, bucket: &BucketRecord) {
        cells::insert(&mut self.buckets, id, bucket);
    }

    pub fn params(&self, id: BucketId) -> Result<BucketParams> {
        cells::get(&self.params, id).ok_or(Error::ParamsDoesNotExist)
    }

    pub fn set_params(&mut self, id: BucketId, params: &BucketParams) {
        cells::insert(&mut self.params, id, params);
    }

    pub fn writers(&self, id: BucketId) -> Vec<AccountId> {
        cells::get_list(&self.writers, id).unwrap_or_default()
    }

    pub fn set_writers(&mut self, id: BucketId, writers: &Vec<AccountId>) {
        cells::insert(&mut self.writers, id, writers);
    }

    pub fn owner_offer(&self, id: BucketId) -> Option<(AccountId, Balance)> {
        cells::get(&self.owner_offers, id)
    }

    pub fn set_owner_offer(&mut self, id: BucketId, to: Option<(AccountId, Balance)>) {
        if let Some(to) = to {
            cells::insert(&mut self.owner_offers, id, &to);
        } else {
            cells::remove(&mut self.owner_offers, id);
        }
    }

    pub fn grace_period_ms(&self) -> Timestamp {
        if self.grace_period_ms == 0 {
            crate::limits::DEFAULT_GRACE_PERIOD_MS
        } else {
            self.grace_period_ms
        }
    }

    pub fn set_grace_period_ms(&mut self, ms: Timestamp) {
        self.grace_period_ms = ms;
    }

    pub fn create(&mut self, bucket: &BucketRecord, params: &BucketParams) -> Result<BucketId> {
        let id = self.created.checked_add(1).ok_or(Error::Overflow)?;
        self.by_owner.push(&bucket.owner_id, id)?;
        self.created = id;
        self.save(id, bucket);
        self.set_params(id, params);
        Ok(id)
    }
}
