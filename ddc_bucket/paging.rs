//! Paging for `bucket_list`, `cluster_list` and `node_list`, and the per-owner index that keeps
//! filtered lists from reading other owners' entities.
//!
//! Unfiltered, `offset` is an id and `max_id` the last id + 1. With a filter, both count within
//! the owner's index (positions 1..=n, `max_id` = n + 1), so the documented loop — offset = 1,
//! then offset += limit while offset < max_id — visits every match once and never gets an empty
//! page while matches remain.
//!
//! A page holds every entity of its window, whatever `limit` is: a client loop advances by its
//! own `limit`, so a page cut short would make it skip entities. A page that would not fit in
//! the output buffer is refused as a whole ([`PageTooLarge`]; the contract reverts the call).
//! `LIST_LIMIT_MAX` (25) entities always fit, whatever their size.

use crate::error::{Error, Result};
use crate::limits::PAGE_MAX_BYTES;
use crate::types::AccountId;
use ink::prelude::vec::Vec;
use ink::primitives::Key;
use ink::scale::Encode;
use ink::storage::{traits::StorageKey, Mapping};

/// The entities each owner holds, in the order it got them; an entity leaving an owner (a
/// bucket changing hands) takes that owner's last one in its place. `KEY` offsets the storage
/// keys, so each store's index is distinct.
#[ink::storage_item]
#[derive(Default, Debug)]
pub struct OwnerIndex<KEY: StorageKey> {
    count: Mapping<AccountId, u32>,
    ids: Mapping<(AccountId, u32), u32>,
    /// Each entity's position in its owner's list, so that it can leave in O(1).
    positions: Mapping<u32, u32>,
}

impl<KEY: StorageKey> OwnerIndex<KEY> {
    pub fn push(&mut self, owner: &AccountId, id: u32) -> Result<()> {
        self.keys().push(owner, id)
    }

    /// Takes `id` out of `owner`'s list: the owner's last entity moves into its position.
    /// (`Overflow` if `id` is not in the list: unreachable, the stores keep them in step.)
    pub fn remove(&mut self, owner: &AccountId, id: u32) -> Result<()> {
        self.keys().remove(owner, id)
    }

    /// The storage keys of the three mappings.
    fn keys(&self) -> IndexKeys {
        IndexKeys {
            count: self.count.key(),
            ids: self.ids.key(),
            positions: self.positions.key(),
        }
    }
}

/// An owner index's storage keys. Its code takes them as values, so that it exists once for
/// all the indexes instead of once per `KEY`; it reads and writes the cells `Mapping` does.
#[derive(Clone, Copy)]
struct IndexKeys {
    count: Key,
    ids: Key,
    positions: Key,
}

impl IndexKeys {
    fn push(self, owner: &AccountId, id: u32) -> Result<()> {
        let position = self.len(owner).checked_add(1).ok_or(Error::Overflow)?;
        set(self.count, owner, position);
        set(self.ids, (owner, position), id);
        set(self.positions, id, position);
        Ok(())
    }

    fn remove(self, owner: &AccountId, id: u32) -> Result<()> {
        let last = self.len(owner);
        let position = get(self.positions, id)
            .filter(|p| self.at(owner, *p) == Some(id))
            .ok_or(Error::Overflow)?;
        let moved = self.at(owner, last).ok_or(Error::Overflow)?;
        set(self.ids, (owner, position), moved);
        set(self.positions, moved, position);
        crate::cells::remove_at(self.ids, (owner, last));
        set(self.count, owner, last.saturating_sub(1));
        Ok(())
    }

    fn len(self, owner: &AccountId) -> u32 {
        get(self.count, owner).unwrap_or(0)
    }

    fn at(self, owner: &AccountId, position: u32) -> Option<u32> {
        get(self.ids, (owner, position))
    }
}

/// `Mapping::get` of a `u32` under the mapping's `key` (a cell that does not decode reads as
/// absent: unreachable, only these functions write the index).
fn get(key: Key, item: impl Encode) -> Option<u32> {
    crate::cells::get_at(key, item)
}

/// `Mapping::insert` of a `u32` under the mapping's `key`.
fn set(key: Key, item: impl Encode, value: u32) {
    crate::cells::insert_at(key, item, &value);
}

/// Positions `offset .. offset + limit`, cut at `end` (exclusive); position 0 is never an entity.
fn window(offset: u32, limit: u32, end: u32) -> core::ops::Range<u32> {
    let start = offset.max(1);
    let stop = offset.saturating_add(limit).min(end);
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
) -> (PageIds, u32) {
    page_in(offset, limit, filter, created, index.keys())
}

/// `page` on the index with storage keys `keys`: once for every list.
#[inline(never)]
fn page_in(
    offset: u32,
    limit: u32,
    filter: Option<AccountId>,
    created: u32,
    keys: IndexKeys,
) -> (PageIds, u32) {
    let end = match filter {
        None => created.saturating_add(1),
        Some(owner) => keys.len(&owner).saturating_add(1),
    };
    let ids = PageIds {
        positions: window(offset, limit, end),
        filter: filter.map(|owner| (owner, keys)),
    };
    (ids, end)
}

/// The ids of a page: its window's positions, read through the owner's index when filtered
/// (a position the index does not hold is skipped). One type for every list, so that the
/// on-chain page loop exists once.
pub struct PageIds {
    positions: core::ops::Range<u32>,
    filter: Option<(AccountId, IndexKeys)>,
}

impl Iterator for PageIds {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        loop {
            let position = self.positions.next()?;
            match self.filter {
                None => return Some(position),
                Some((owner, keys)) => {
                    if let Some(id) = keys.at(&owner, position) {
                        return Some(id);
                    }
                }
            }
        }
    }
}

/// A list page larger than the output buffer holds; `max_id` is what the page would have had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageTooLarge {
    pub max_id: u32,
}

/// A list message's answer: the page and `max_id`, or the whole page refused.
#[cfg(feature = "std")]
pub type ListResult<T> = core::result::Result<(Vec<T>, u32), PageTooLarge>;

/// On chain, a list message's answer holds the page already encoded (see [`EncodedPage`]).
#[cfg(not(feature = "std"))]
pub type ListResult<T> = core::result::Result<EncodedPage<T>, PageTooLarge>;

/// A page of `T`s and `max_id`, encoded as `(Vec<T>, u32)` is: the entities are encoded as
/// they are read, so the page's size is known without a separate size pass per entity type,
/// and the page is returned without being encoded again.
#[cfg(not(feature = "std"))]
pub struct EncodedPage<T> {
    /// The entities' encodings, one after the other.
    items: Vec<u8>,
    /// How many entities.
    count: u32,
    max_id: u32,
    _items: core::marker::PhantomData<T>,
}

#[cfg(not(feature = "std"))]
impl<T> Encode for EncodedPage<T> {
    fn encode_to<O: ink::scale::Output + ?Sized>(&self, dest: &mut O) {
        ink::scale::Compact(self.count).encode_to(dest);
        dest.write(&self.items);
        self.max_id.encode_to(dest);
    }
}

/// Reads the entities of a page, stopping as soon as their encoding would pass the output
/// buffer (so that a huge `limit` costs at most a buffer's worth of reads).
#[cfg(feature = "std")]
pub fn collect<T: Encode>(
    (ids, max_id): (impl Iterator<Item = u32>, u32),
    get: impl Fn(u32) -> Option<T>,
) -> ListResult<T> {
    let mut items = Vec::new();
    let mut size: usize = 0;
    for item in ids.filter_map(get) {
        size = size.saturating_add(item.encoded_size());
        if size > PAGE_MAX_BYTES {
            return Err(PageTooLarge { max_id });
        }
        items.push(item);
    }
    Ok((items, max_id))
}

/// On chain, the same, encoding each entity as it is read.
#[cfg(not(feature = "std"))]
pub fn collect<T: Encode>(
    (ids, max_id): (PageIds, u32),
    get: impl Fn(u32) -> Option<T>,
) -> ListResult<T> {
    let (items, count) = encode_page(ids, max_id, &|id, items| {
        get(id).map(|item| item.encode_to(items)).is_some()
    })?;
    Ok(EncodedPage {
        items,
        count,
        max_id,
        _items: core::marker::PhantomData,
    })
}

/// `collect`'s loop, once for every list: `encode` appends the entity of an id to the page,
/// `false` if there is none. The page's encoded entities and their number.
#[cfg(not(feature = "std"))]
#[inline(never)]
fn encode_page(
    ids: PageIds,
    max_id: u32,
    encode: &dyn Fn(u32, &mut Vec<u8>) -> bool,
) -> core::result::Result<(Vec<u8>, u32), PageTooLarge> {
    let mut items = Vec::new();
    let mut count: u32 = 0;
    for id in ids {
        if encode(id, &mut items) {
            if items.len() > PAGE_MAX_BYTES {
                return Err(PageTooLarge { max_id });
            }
            count = count.saturating_add(1);
        }
    }
    Ok((items, count))
}

/// The documented client loop (std only, for tests, tools and clients).
#[cfg(feature = "std")]
#[path = "paging_client.rs"]
pub mod client;
#[cfg(feature = "std")]
pub use client::{pages, read_all_pages, try_pages, try_read_all_pages, Page, FIRST_OFFSET};

#[cfg(test)]
#[path = "paging_tests.rs"]
mod tests;
