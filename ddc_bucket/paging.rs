//! Paging for `bucket_list`, `cluster_list` and `node_list`, and the per-owner index that keeps
//! filtered lists from reading other owners' entities.
//!
//! Unfiltered, `offset` is an id and `max_id` the last id + 1. With a filter, both count within
//! the owner's index (positions 1..=n, `max_id` = n + 1), so the documented loop — offset = 1,
//! then offset += limit while offset < max_id — visits every match once and never gets an empty
//! page while matches remain.

use crate::error::{Error, Result};
use crate::limits::LIST_LIMIT_MAX;
use crate::types::AccountId;
use ink::prelude::vec::Vec;
use ink::storage::{traits::StorageKey, Mapping};

/// The entities an owner created, in creation order. Append-only: owners never change.
/// `KEY` offsets the storage keys, so each store's index is distinct.
#[ink::storage_item]
#[derive(Default, Debug)]
pub struct OwnerIndex<KEY: StorageKey> {
    count: Mapping<AccountId, u32>,
    ids: Mapping<(AccountId, u32), u32>,
}

impl<KEY: StorageKey> OwnerIndex<KEY> {
    pub fn push(&mut self, owner: AccountId, id: u32) -> Result<()> {
        let position = self.len(owner).checked_add(1).ok_or(Error::Overflow)?;
        self.count.insert(owner, &position);
        self.ids.insert((owner, position), &id);
        Ok(())
    }

    pub fn len(&self, owner: AccountId) -> u32 {
        self.count.get(owner).unwrap_or(0)
    }

    fn at(&self, owner: AccountId, position: u32) -> Option<u32> {
        self.ids.get((owner, position))
    }
}

/// Positions `offset .. offset + limit` (limit clamped to `LIST_LIMIT_MAX`), cut at `end`
/// (exclusive); position 0 is never an entity.
fn window(offset: u32, limit: u32, end: u32) -> core::ops::Range<u32> {
    let start = offset.max(1);
    let stop = offset.saturating_add(limit.min(LIST_LIMIT_MAX)).min(end);
    start..stop.max(start)
}

/// The ids of one page and the `max_id` to return with it. `created` is how many entities exist
/// (ids 1..=created).
pub fn page(
    offset: u32,
    limit: u32,
    filter: Option<AccountId>,
    created: u32,
    index: &OwnerIndex<impl StorageKey>,
) -> (Vec<u32>, u32) {
    match filter {
        None => {
            let end = created.saturating_add(1);
            (window(offset, limit, end).collect(), end)
        }
        Some(owner) => {
            let end = index.len(owner).saturating_add(1);
            let ids = window(offset, limit, end)
                .filter_map(|position| index.at(owner, position))
                .collect();
            (ids, end)
        }
    }
}

#[cfg(test)]
#[path = "paging_tests.rs"]
mod tests;
