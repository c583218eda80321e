use super::entity::BucketRecord;
use crate::error::{Error, Result};
use crate::paging::OwnerIndex;
use crate::types::{BucketId, BucketParams};
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
}

impl BucketStore {
    pub fn get(&self, id: BucketId) -> Result<BucketRecord> {
        self.buckets.get(id).ok_or(Error::BucketDoesNotExist)
    }

    pub fn save(&mut self, id: BucketId, bucket: &BucketRecord) {
        self.buckets.insert(id, bucket);
    }

    pub fn params(&self, id: BucketId) -> Result<BucketParams> {
        self.params.get(id).ok_or(Error::ParamsDoesNotExist)
    }

    pub fn set_params(&mut self, id: BucketId, params: &BucketParams) {
        self.params.insert(id, params);
    }

    pub fn create(&mut self, bucket: &BucketRecord, params: &BucketParams) -> Result<BucketId> {
        let id = self.created.checked_add(1).ok_or(Error::Overflow)?;
        self.by_owner.push(bucket.owner_id, id)?;
        self.created = id;
        self.save(id, bucket);
        self.set_params(id, params);
        Ok(id)
    }
}
