//! The typed errors every fallible message returns. Upstream's 19 variants come first, in
//! upstream's order (their SCALE index is part of the ABI); ours are appended.

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Error {
    BucketDoesNotExist,
    ClusterDoesNotExist,
    /// `vnode_count` above `MAX_VNODES`.
    TooManyVNodes,
    /// Params longer than `PARAMS_MAX_LEN` bytes.
    ParamsTooBig,
    VNodeDoesNotExist,
    /// Kept for ABI compatibility; never returned.
    BucketClusterAlreadyConnected,
    /// Kept for ABI compatibility; never returned.
    BucketClusterNotSetup,
    NodeDoesNotExist,
    /// Kept for ABI compatibility; never returned.
    FlowDoesNotExist,
    AccountDoesNotExist,
    ParamsDoesNotExist,
    UnauthorizedProvider,
    UnauthorizedOwner,
    UnauthorizedClusterManager,
    ClusterManagerIsNotTrusted,
    /// A transfer out of the contract was refused by the runtime.
    TransferFailed,
    /// Not enough free deposit, surplus or balance for the requested amount.
    InsufficientBalance,
    InsufficientResources,
    /// The caller lacks the required admin or oracle permission.
    Unauthorized,
    // ---- appended by this implementation ----
    /// An amount, id or timestamp computation would overflow.
    Overflow,
    /// The exchange rate must be greater than zero.
    InvalidExchangeRate,
    /// Fees that add up to more than the cap every contract is built with (1_000 basis
    /// points, 10 %).
    InvalidFeeBasisPoints,
    /// `vnode_count` is zero.
    NoVNodes,
    /// `node_ids` is empty.
    NoNodes,
    /// `node_ids` lists more than `MAX_VNODES` nodes.
    TooManyNodes,
    /// Revoking this `SuperAdmin` would leave the contract without one.
    LastSuperAdmin,
    /// The bucket is closed (or expired): it takes no more allocation.
    BucketClosed,
    /// Someone other than the owner allocated beyond the resource cap the owner allowed, or at
    /// a price above the one the owner consented to.
    AllowanceExceeded,
    /// Kept for the ABI (errors are numbered); never returned: a ring's price cannot change
    /// while buckets hold resource in it, so a bucket's allocations share one price.
    TooManyPriceTiers,
    /// The bucket's payer still covers its rent, or did so less than a grace period ago.
    NotExpired,
    /// A grace period outside the allowed bounds.
    InvalidGracePeriod,
    /// The payer's deposit would not cover its rent, this allocation included, for the grace
    /// period: deposit first, then allocate (or accept a bucket).
    InsufficientDeposit,
    /// The account already writes to the bucket (the owner always does).
    AlreadyWriter,
    /// The account is not one of the bucket's writers.
    NotWriter,
    /// A bucket has at most `MAX_WRITERS` writers besides its owner.
    TooManyWriters,
    /// The exchange rate may move at most to half or twice the rate its day-long window began
    /// with (`RATE_WINDOW_MS`).
    RateChangeTooLarge,
    /// The cluster was removed by its manager.
    ClusterWasRemoved,
    /// Buckets hold resource in the cluster: its ring cannot be reshaped nor the cluster
    /// removed (replace vnodes instead).
    ClusterInUse,
    /// The node hosts vnodes: it cannot be removed.
    NodeInUse,
}

pub type Result<T> = core::result::Result<T, Error>;
