//! Size limits. Each is chosen so that no message can overflow ink!'s static buffer, which
//! carries call input, storage values, return values and events.

/// Largest params string (bucket, cluster or node), in bytes.
pub const PARAMS_MAX_LEN: usize = 1024;
/// Most vnodes a cluster may have, and most nodes a `cluster_create` may list.
pub const MAX_VNODES: u32 = 300;
/// The largest `limit` whose page always fits, whatever the entities' sizes. A larger `limit` is
/// served too when its page fits in [`PAGE_MAX_BYTES`]; otherwise the call reverts.
pub const LIST_LIMIT_MAX: u32 = 25;
/// The most bytes of entities one list page may encode: the output buffer less the framing
/// (`Result` tag, vector length, `max_id`).
pub const PAGE_MAX_BYTES: usize = ink::env::BUFFER_SIZE - 64;

/// The grace period a new contract starts with: 7 days after a payer's deposit stopped
/// covering its rent, anyone may expire its buckets.
pub const DEFAULT_GRACE_PERIOD_MS: u64 = 7 * 24 * 3600 * 1000;
/// The bounds SuperAdmin may set the grace period within: 1 hour to 90 days.
pub const MIN_GRACE_PERIOD_MS: u64 = 3600 * 1000;
pub const MAX_GRACE_PERIOD_MS: u64 = 90 * 24 * 3600 * 1000;
/// The cap on fees every contract is built with: the network fee and the management fee
/// together take at most 10 % of each settlement. No message changes it.
pub const MAX_TOTAL_FEE_BP: crate::types::BasisPoints = 1_000;
/// The oracle's bound: within a window of this length (a day) the exchange rate stays within
/// half and twice the rate the window began with.
pub const RATE_WINDOW_MS: u64 = 24 * 3600 * 1000;
/// Most writers a bucket may have besides its owner.
pub const MAX_WRITERS: usize = 16;

/// `ParamsTooBig` beyond `PARAMS_MAX_LEN` bytes.
pub fn check_params(params: &crate::types::Params) -> crate::error::Result<()> {
    if params.len() > PARAMS_MAX_LEN {
        return Err(crate::error::Error::ParamsTooBig);
    }
    Ok(())
}

/// Worst-case SCALE size of one `ClusterStatus`, the largest list item: id, manager, vnodes,
/// resources, revenues, total rent, params (compact length prefixes counted as 4 bytes).
pub const CLUSTER_STATUS_MAX_BYTES: usize =
    4 + 32 + 4 + 4 * MAX_VNODES as usize + 4 + 4 + 16 + 16 + 4 + PARAMS_MAX_LEN;
/// Worst-case SCALE size of one `BucketStatus` (the owner and `MAX_WRITERS` writers).
pub const BUCKET_STATUS_MAX_BYTES: usize =
    4 + 32 + 4 + 4 + 4 + PARAMS_MAX_LEN + 4 + 32 * (1 + MAX_WRITERS) + 8;

// A full page of the largest items, plus the `Result` / length / max_id framing, must fit.
const _: () = assert!(
    LIST_LIMIT_MAX as usize * CLUSTER_STATUS_MAX_BYTES + 64 <= ink::env::BUFFER_SIZE,
    "build with INK_STATIC_BUFFER_SIZE=65536 (see .cargo/config.toml)"
);
const _: () =
    assert!(LIST_LIMIT_MAX as usize * BUCKET_STATUS_MAX_BYTES + 64 <= ink::env::BUFFER_SIZE);

/// The largest storage value pallet-contracts accepts (its `max_value_size`, 16 KiB).
pub const MAX_STORAGE_VALUE_BYTES: usize = 16 * 1024;
/// Worst-case SCALE size of a cluster's payees: one provider per vnode, each an account, a
/// weight and a vnode count.
pub const PAYEES_MAX_BYTES: usize = 4 + (32 + 16 + 4) * MAX_VNODES as usize;
// The largest stored value, so any ring can be saved.
const _: () = assert!(PAYEES_MAX_BYTES <= MAX_STORAGE_VALUE_BYTES);
