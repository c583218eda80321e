//! The client side of paging: the documented loop over `bucket_list`, `cluster_list` or
//! `node_list`, written once for the tests, the tools and any Rust client (std only: not part
//! of the contract).
//!
//! The loop: start at offset 1, ask for `(offset, limit)`, then `offset += limit` while
//! `offset < max_id`. [`read_all_pages`] returns every entity; [`pages`] yields each page with
//! the window it was asked for, for callers that check pages one by one; the `try_` forms take
//! a fetch that can fail (a query over RPC) and stop at its first error.

use core::convert::Infallible;

/// Where the documented loop starts. (Offset 0 is the slot of upstream's reserved id 0: a loop
/// that starts there, as upstream's SDK does, sees the same entities.)
pub const FIRST_OFFSET: u32 = 1;

/// One page of a list, with the request it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub offset: u32,
    pub limit: u32,
    pub items: Vec<T>,
    pub max_id: u32,
}

impl<T> Page<T> {
    /// How many entities the page must hold: its whole window, positions
    /// `max(offset, 1) .. offset + limit` cut at `max_id`. A shorter page would make the loop,
    /// which advances by `limit`, skip entities.
    pub fn window(&self) -> u32 {
        self.offset
            .saturating_add(self.limit)
            .min(self.max_id)
            .saturating_sub(self.offset.max(1))
    }
}

/// The pages of a list, read by the documented loop from `start`: see [`try_pages`].
pub struct Pages<F> {
    next: Option<u32>,
    limit: u32,
    fetch: F,
}

impl<T, E, F> Iterator for Pages<F>
where
    F: FnMut(u32, u32) -> Result<(Vec<T>, u32), E>,
{
    type Item = Result<Page<T>, E>;

    fn next(&mut self) -> Option<Self::Item> {
        let offset = self.next.take()?;
        let (items, max_id) = match (self.fetch)(offset, self.limit) {
            Ok(page) => page,
            Err(e) => return Some(Err(e)),
        };
        // `limit` 0 advances by 1 so that the loop ends; the offset saturates at u32::MAX,
        // which no `max_id` exceeds.
        let next = offset.saturating_add(self.limit.max(1));
        self.next = (next < max_id).then_some(next);
        Some(Ok(Page {
            offset,
            limit: self.limit,
            items,
            max_id,
        }))
    }
}

/// The documented loop from `start` ([`FIRST_OFFSET`] for the documented loop) with a fetch
/// that can fail: yields each page, or the fetch's first error and then nothing.
pub fn try_pages<T, E, F>(start: u32, limit: u32, fetch: F) -> Pages<F>
where
    F: FnMut(u32, u32) -> Result<(Vec<T>, u32), E>,
{
    Pages {
        next: Some(start),
        limit,
        fetch,
    }
}

/// The documented loop from `start` ([`FIRST_OFFSET`] for the documented loop): yields each
/// page, in order.
pub fn pages<T>(
    start: u32,
    limit: u32,
    mut fetch: impl FnMut(u32, u32) -> (Vec<T>, u32),
) -> impl Iterator<Item = Page<T>> {
    try_pages(start, limit, move |offset, limit| {
        Ok::<_, Infallible>(fetch(offset, limit))
    })
    .map(|page| match page {
        Ok(page) => page,
        Err(never) => match never {},
    })
}

/// Every entity of a list, in order, read by the documented loop at `limit`.
pub fn read_all_pages<T>(limit: u32, fetch: impl FnMut(u32, u32) -> (Vec<T>, u32)) -> Vec<T> {
    pages(FIRST_OFFSET, limit, fetch)
        .flat_map(|page| page.items)
        .collect()
}

/// Every entity of a list, in order, read by the documented loop at `limit`, or the fetch's
/// first error.
pub fn try_read_all_pages<T, E>(
    limit: u32,
    fetch: impl FnMut(u32, u32) -> Result<(Vec<T>, u32), E>,
) -> Result<Vec<T>, E> {
    let mut all = Vec::new();
    for page in try_pages(FIRST_OFFSET, limit, fetch) {
        all.extend(page?.items);
    }
    Ok(all)
}

#[cfg(test)]
#[path = "paging_client_tests.rs"]
mod tests;
