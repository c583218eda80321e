//! # ddc_bucket — the DDC v2 core contract
//!
//! The coordination point of Cere's Decentralized Data Cloud:
//! - **providers** register nodes (capacity, rent per month in USD, params such as a URL) and
//!   trust cluster managers ([`node_create`], [`node_trust_manager`]);
//! - **managers** build clusters, rings of vnodes assigned round-robin to trusted nodes, and
//!   reserve capacity on them ([`cluster_create`], [`cluster_reserve_resource`]);
//! - **apps** create buckets in a cluster, deposit CERE and allocate resources; rent then flows
//!   continuously, in USD per month, from the bucket's payer to the cluster, converted to CERE at
//!   settlement ([`bucket_settle_payment`]), which also takes a network fee and a management
//!   fee (10 % at most in all); the rest goes to the cluster's providers, each in proportion to
//!   the prices of the vnodes it hosts ([`cluster_distribute_revenues`]);
//! - an **admin** holds permissions (SuperAdmin, the exchange-rate oracle) and **DDC nodes** read
//!   bucket status (owner, writers, rent covered until) to decide whether to serve.
//!
//! The API is upstream v0.5's (same names, argument order, selectors, events and error order),
//! with v0.5.2's rule that SuperAdmin implies every permission. `docs/` lists the deviations.
//!
//! ## Invariants
//! - **No trap.** Every fallible message returns `Result<_, Error>`; ink! reverts all state on
//!   `Err`. Arithmetic is checked; there is no panicking index and no division by zero.
//! - **Money is exact.** The contract's balance is at least what it owes: every deposit, every
//!   cluster's undistributed revenues and the network fees not yet paid out (`total_owed`). Value sent to any payable message is
//!   credited to the caller's deposit. Rounding is down and its dust stays owed to someone.
//! - **Nobody takes others' money.** Users withdraw only the part of their deposit not owed to
//!   their flows (while rent runs, a grace period's rent stays); the admin only the surplus
//!   beyond `total_owed`, fees only within the cap, the exchange rate only twofold per day.
//! - **Settlement and distribution never block.** A short deposit pays what it covers; a
//!   refused transfer is credited to the recipient's deposit.
//! - **O(1) messages.** Every message reads and writes a constant number of storage cells,
//!   except lists (per page), the cluster messages that touch the ring (per vnode, ≤ 300) and
//!   distribution (per provider, ≤ 300: it reads only the providers' shares).
//!
//! [`node_create`]: DdcBucket::node_create
//! [`node_trust_manager`]: DdcBucket::node_trust_manager
//! [`cluster_create`]: DdcBucket::cluster_create
//! [`cluster_reserve_resource`]: DdcBucket::cluster_reserve_resource
//! [`bucket_settle_payment`]: DdcBucket::bucket_settle_payment
//! [`cluster_distribute_revenues`]: DdcBucket::cluster_distribute_revenues
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod account;
pub mod bucket;
pub mod cash;
pub mod cells;
pub mod cluster;
pub mod core;
pub mod currency;
pub mod error;
pub mod events;
pub mod fee;
pub mod flow;
pub mod ledger;
pub mod limits;
pub mod math;
pub mod node;
pub mod paging;
pub mod params;
pub mod perm;
pub mod schedule;
pub mod types;

#[cfg(test)]
mod contract_tests;

pub use self::ddc_bucket::{DdcBucket, DdcBucketRef};

/// Runs one domain message: `run!(self, message(args..))` calls
/// `self.ddc.message(ctx, args.., &mut events)` with the call's context and an empty event
/// list (`.., without ctx` leaves the context out), then ends the call (`finish`). A macro
/// rather than a method taking a closure: LLVM keeps such closures out of line, one more
/// function per message (865 bytes of the optimised wasm in all).
macro_rules! run {
    ($self:ident, $message:ident($($arg:expr),*)) => {{
        let ctx = $self.ctx();
        let mut events = $crate::events::Events::new();
        let out = $self.ddc.$message(ctx, $($arg,)* &mut events);
        $self.finish(&events, out)
    }};
    ($self:ident, $message:ident($($arg:expr),*), without ctx) => {{
        let mut events = $crate::events::Events::new();
        let out = $self.ddc.$message($($arg,)* &mut events);
        $self.finish(&events, out)
    }};
}

// The lint gate (scripts/lint.sh) denies `clippy::panic` in contract code. ink!'s `#[ink::contract]`
// expands each message and the storage struct into dispatch code that panics when the runtime
// hands it undecodable input (the runtime then traps the call); clippy attributes those panics
// to this module's spans. The allowance is for that generated code: the hand-written items of
// this module only delegate to `Ddc`, and scripts/lint.sh checks that no panicking macro is
// written anywhere in the contract's sources.
#[allow(clippy::panic)]
#[ink::contract]
mod ddc_bucket {
    use crate::account::entity::Account;
    use crate::bucket::entity::BucketStatus;
    use crate::cluster::entity::ClusterStatus;
    use crate::core::Ddc;
    use crate::error::Result;
    use crate::events::Events;
    use crate::fee::entity::FeeConfig;
    use crate::node::entity::NodeStatus;
    use crate::paging::{ListResult, PageTooLarge};
    use crate::perm::entity::Permission;
    use crate::types::{
        BucketId, BucketParams, ClusterId, ClusterParams, Ctx, NodeId, NodeParams, Resource,
        VNodeIndex,
    };
    use ink::prelude::vec::Vec;

    #[ink(storage)]
    pub struct DdcBucket {
        ddc: Ddc,
    }

    /// A list page, or, if it does not fit in the output buffer, a revert: the call fails
    /// loudly (cargo-contract and polkadot.js report the revert flag) rather than returning a
    /// short page that would make a client's paging loop skip entities. The reverted output
    /// decodes as an empty page with the `max_id` the page would have had.
    #[cfg(not(feature = "std"))]
    fn page_or_revert<T: ink::scale::Encode>(list: ListResult<T>) -> ! {
        match list {
            Ok(page) => reply(None, true, &page),
            Err(PageTooLarge { max_id }) => reply(None, false, &(Vec::<()>::new(), max_id)),
        }
    }

    /// Off chain, the page goes back to the caller (a page too large reverts as on chain,
    /// which the off-chain environment does not implement).
    #[cfg(feature = "std")]
    fn page_or_revert<T>(list: ListResult<T>) -> (Vec<T>, u32) {
        match list {
            Ok(page) => page,
            Err(PageTooLarge { max_id }) => {
                let empty: ink::MessageResult<(Vec<()>, u32)> = Ok((Vec::new(), max_id));
                ink::env::return_value(ink::env::ReturnFlags::REVERT, &empty)
            }
        }
    }

    /// A view's answer: on chain the call ends here (see `reply`), reverting on an error.
    #[cfg(not(feature = "std"))]
    fn view<T: ink::scale::Encode>(out: Result<T>) -> ! {
        reply(None, out.is_ok(), &out)
    }

    /// Off chain, the view's result goes back to its caller.
    #[cfg(feature = "std")]
    fn view<T>(out: Result<T>) -> Result<T> {
        out
    }

    /// A view's answer that cannot fail: on chain the call ends here (see `reply`).
    #[cfg(not(feature = "std"))]
    fn value<T: ink::scale::Encode>(out: T) -> ! {
        reply(None, true, &out)
    }

    /// Off chain, the value goes back to its caller.
    #[cfg(feature = "std")]
    fn value<T>(out: T) -> T {
        out
    }

    /// Ends the call with `out`, encoded as ink!'s `MessageResult::Ok(out)` (see `end`).
    #[cfg(not(feature = "std"))]
    fn reply<T: ink::scale::Encode>(store: Option<&DdcBucket>, ok: bool, out: &T) -> ! {
        let mut encoded = output_buffer();
        out.encode_to(&mut encoded);
        end(store, ok, &encoded)
    }

    /// A buffer for a message's output, holding `MessageResult::Ok`'s tag. Out of line: one
    /// copy for all output types.
    #[cfg(not(feature = "std"))]
    #[inline(never)]
    fn output_buffer() -> Vec<u8> {
        ink::prelude::vec![0u8]
    }

    /// Ends the call as ink!'s dispatcher would: when `ok`, stores the contract if `store`
    /// (a `&mut self` message, or the constructor: `deployed`) and returns `output`;
    /// otherwise returns `output` with the revert flag. Every message ends here, so LLVM
    /// drops that epilogue from each of the dispatcher's match arms, and the return exists
    /// once instead of once per output type.
    #[cfg(not(feature = "std"))]
    #[inline(never)]
    fn end(store: Option<&DdcBucket>, ok: bool, output: &[u8]) -> ! {
        use pallet_contracts_uapi::HostFn;
        let mut flags = pallet_contracts_uapi::ReturnFlags::REVERT;
        if ok {
            flags = pallet_contracts_uapi::ReturnFlags::empty();
            if let Some(contract) = store {
                // The root cell, written as ink!'s dispatcher writes it, through the contract's
                // one storage-write path (cells.rs) instead of ink!'s generic one.
                let mut root = Vec::new();
                ink::storage::traits::Storable::encode(contract, &mut root);
                crate::cells::write_root(
                    <DdcBucket as ink::storage::traits::StorageKey>::KEY,
                    &root,
                );
            }
        }
        pallet_contracts_uapi::HostFnImpl::return_value(flags, output)
    }

    /// On chain, ends the deployment as ink!'s dispatcher would (see `end`): stores the contract
    /// and returns `ConstructorResult::Ok(Ok(()))`. Ink!'s own store and return are then
    /// dropped: the contract is stored through one path.
    #[cfg(not(feature = "std"))]
    fn deployed(contract: DdcBucket) -> ! {
        end(Some(&contract), true, &[0, 0])
    }

    /// Off chain, the contract goes back to the caller.
    #[cfg(feature = "std")]
    fn deployed(contract: DdcBucket) -> DdcBucket {
        contract
    }

    /// Sends `amount` from the contract; `false` if the runtime refuses.
    fn transfer(to: AccountId, amount: Balance) -> bool {
        ink::env::transfer::<Environment>(to, amount).is_ok()
    }

    // The `#[ink(message)]` wrappers are left to LLVM, which inlines them into ink!'s
    // dispatcher; each `Ddc` method stays a function named after its message, so the benchmark
    // still attributes the wasm's bytes to message groups (tests/src/size.rs). Keeping the
    // wrappers out of line as well cost 149 bytes of the optimised wasm.

    impl Default for DdcBucket {
        fn default() -> Self {
            Self::new()
        }
    }

    impl DdcBucket {
        /// Creates the contract; the caller becomes SuperAdmin. Value sent is surplus.
        ///
        /// # Events
        /// `GrantPermission { caller, SuperAdmin }`.
        #[ink(constructor, payable)]
        pub fn new() -> Self {
            let mut ev = Events::new();
            let ddc = Ddc::new(Self::env().caller(), &mut ev);
            crate::events::emit_all::<Environment>(&ev);
            deployed(Self { ddc })
        }

        fn ctx(&self) -> Ctx {
            Ctx {
                caller: self.env().caller(),
                now: self.env().block_timestamp(),
                value: self.env().transferred_value(),
            }
        }

        /// On chain, ends the call (see `reply`): unless `out` is an error, emits `events` and
        /// stores the contract; then returns `out` (reverting on an error). Out of line: one
        /// copy per output type instead of the emission branch in every message.
        #[cfg(not(feature = "std"))]
        #[inline(never)]
        fn finish<T: ink::scale::Encode>(&self, events: &Events, out: Result<T>) -> ! {
            if out.is_ok() {
                crate::events::emit_all::<Environment>(events);
            }
            reply(Some(self), out.is_ok(), &out)
        }

        /// Off chain, emits `events` unless `out` is an error; the message's result goes back
        /// to its caller.
        #[cfg(feature = "std")]
        fn finish<T>(&self, events: &Events, out: Result<T>) -> Result<T> {
            if out.is_ok() {
                crate::events::emit_all::<Environment>(events);
            }
            out
        }

        // ---------------------------------------------------------------- buckets

        /// Creates a bucket in `cluster_id` and returns its id. The caller is its owner and
        /// payer; allocate resources with `bucket_alloc_into_cluster`. Value sent is credited
        /// to the caller's deposit.
        ///
        /// # Errors
        /// `ParamsTooBig`, `ClusterDoesNotExist`.
        ///
        /// # Events
        /// `BucketCreated`, then `Deposit` if value was sent.
        #[ink(message, payable)]
        pub fn bucket_create(
            &mut self,
            bucket_params: BucketParams,
            cluster_id: ClusterId,
        ) -> Result<BucketId> {
            run!(self, bucket_create(bucket_params, cluster_id))
        }

        /// Allocates `resource` per vnode of the bucket's cluster to the bucket (total
        /// `resource × vnodes`). The payer's rent rises by `total_rent × resource` USD/month,
        /// a price the allocation keeps. Caller: the bucket owner, or the cluster manager
        /// within the owner's consent (`bucket_set_resource_cap`). The payer's deposit must
        /// cover all its rent, this allocation included, for the grace period: deposit first.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `ClusterDoesNotExist`, `UnauthorizedOwner`, `BucketClosed`,
        /// `InsufficientResources` (beyond the cluster's reservation), `AllowanceExceeded`
        /// (the manager, beyond the owner's consent), `InsufficientDeposit`, `Overflow`.
        ///
        /// # Events
        /// `BucketAllocated`.
        #[ink(message)]
        pub fn bucket_alloc_into_cluster(
            &mut self,
            bucket_id: BucketId,
            resource: Resource,
        ) -> Result<()> {
            run!(self, bucket_alloc_into_cluster(bucket_id, resource))
        }

        /// Settles the bucket's due rent from its payer's deposit to its cluster. Anyone may
        /// call it. A short deposit pays what it covers; the rest stays due.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `AccountDoesNotExist`, `Overflow`.
        ///
        /// # Events
        /// `BucketSettlePayment { value }` (also when nothing was due).
        #[ink(message)]
        pub fn bucket_settle_payment(&mut self, bucket_id: BucketId) -> Result<()> {
            run!(self, bucket_settle_payment(bucket_id))
        }

        /// Replaces the bucket's params. Caller: the owner. Value sent is credited.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `UnauthorizedOwner`, `ParamsTooBig`.
        ///
        /// # Events
        /// `BucketParamsSet`, then `Deposit` if value was sent.
        #[ink(message, payable)]
        pub fn bucket_change_params(
            &mut self,
            bucket_id: BucketId,
            params: BucketParams,
        ) -> Result<()> {
            run!(self, bucket_change_params(bucket_id, params))
        }

        /// The bucket's status: owner, cluster, resources, params, writers, rent covered until.
        ///
        /// # Errors
        /// `BucketDoesNotExist`.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn bucket_get(&self, bucket_id: BucketId) -> Result<BucketStatus> {
            view(self.ddc.bucket_get(bucket_id))
        }

        /// A page of buckets and `max_id`. Start with `offset = 1`, `limit = 20`; call again
        /// with `offset += limit` while `offset < max_id`. With a filter, offsets count within
        /// that owner's buckets. Every `limit` is served; a page larger than the output buffer
        /// reverts (see `page_or_revert`); a `limit` up to 25 always fits.
        ///
        /// # Errors
        /// None.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn bucket_list(
            &self,
            offset: u32,
            limit: u32,
            filter_owner_id: Option<AccountId>,
        ) -> (Vec<BucketStatus>, u32) {
            page_or_revert(self.ddc.bucket_list(offset, limit, filter_owner_id))
        }

        /// Lets others — the cluster's manager — allocate into the bucket up to
        /// `new_resource_cap` per vnode in all, at a price per unit no higher than the cluster's
        /// `total_rent` now (the owner's consent; the owner's own allocations are not limited).
        /// 0 withdraws the consent. Caller: the owner.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `UnauthorizedOwner`, `BucketClosed`, `ClusterDoesNotExist`.
        ///
        /// # Events
        /// `BucketResourceCapSet { resource_cap, price_cap }`.
        #[ink(message)]
        pub fn bucket_set_resource_cap(
            &mut self,
            bucket_id: BucketId,
            new_resource_cap: Resource,
        ) -> Result<()> {
            run!(self, bucket_set_resource_cap(bucket_id, new_resource_cap))
        }

        /// Releases `resource` per vnode: settles to the millisecond, lowers the rent by what
        /// that resource costs at the price it was allocated at (most recent allocations
        /// first), and gives the capacity back to the cluster. Caller: the owner.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `UnauthorizedOwner`, `BucketClosed`, `InsufficientResources`
        /// (more than allocated), `Overflow`.
        ///
        /// # Events
        /// `BucketSettlePayment`, then `BucketReleased { resource, rate }`.
        #[ink(message)]
        pub fn bucket_release_resource(
            &mut self,
            bucket_id: BucketId,
            resource: Resource,
        ) -> Result<()> {
            run!(self, bucket_release_resource(bucket_id, resource))
        }

        /// Closes the bucket: releases all its resource, settles, stops the flow. DDC nodes
        /// stop serving it (`rent_covered_until_ms` ≤ the close time); the owner can withdraw
        /// all it does not owe. Caller: the owner.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `UnauthorizedOwner`, `BucketClosed`, `Overflow`.
        ///
        /// # Events
        /// `BucketSettlePayment`, `BucketReleased`, `BucketClosed { expired: false, arrears }`.
        #[ink(message)]
        pub fn bucket_close(&mut self, bucket_id: BucketId) -> Result<()> {
            run!(self, bucket_close(bucket_id))
        }

        /// Expires a bucket whose payer's deposit stopped covering its rent more than the
        /// grace period ago: settles what can be paid, releases the allocation, stops the flow.
        /// The unpaid rest stays owed (the payer's `payable_schedule.arrears`) and is collected
        /// by the next settlement once the payer deposits again. Anyone may call it.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `BucketClosed`, `NotExpired`, `Overflow`.
        ///
        /// # Events
        /// `BucketSettlePayment`, `BucketReleased`, `BucketClosed { expired: true, arrears }`.
        #[ink(message)]
        pub fn bucket_expire(&mut self, bucket_id: BucketId) -> Result<()> {
            run!(self, bucket_expire(bucket_id))
        }

        /// The grace period (ms) after which an unfunded bucket may be expired.
        ///
        /// # Errors
        /// None.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn bucket_get_grace_period(&self) -> u64 {
            value(self.ddc.bucket_get_grace_period())
        }

        /// Hands the bucket to another account, with its consent. The owner offers it
        /// (`owner_id`: the new owner; the owner's own id withdraws the offer); the new owner
        /// accepts by calling with `owner_id` = itself, at a rent no higher than offered. On
        /// acceptance the rent is settled (the old owner must have paid it all), the new owner
        /// becomes owner and payer and must cover the rent for the grace period (value sent
        /// counts), writers and the resource cap are cleared, and the per-owner list follows.
        /// Value sent is credited to the caller's deposit. Upstream v0.6's name and argument
        /// order.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `BucketClosed`, `UnauthorizedOwner` (neither the owner nor
        /// the accepting offeree), `AllowanceExceeded` (the rent rose since the offer: the
        /// owner must offer again), `InsufficientBalance` (the old owner still owes rent),
        /// `InsufficientDeposit` (the new owner does not cover the rent), `Overflow`.
        ///
        /// # Events
        /// Offer: `BucketOwnerOffered`, then `Deposit` if value was sent. Acceptance: `Deposit`
        /// if value was sent, `BucketSettlePayment`, `BucketOwnerChanged`.
        #[ink(message, payable)]
        pub fn bucket_change_owner(
            &mut self,
            bucket_id: BucketId,
            owner_id: AccountId,
        ) -> Result<()> {
            run!(self, bucket_change_owner(bucket_id, owner_id))
        }

        /// Allows `writer` to write to the bucket (DDC nodes read `writer_ids`). Caller: the
        /// owner. Upstream v0.6's name and argument order.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `UnauthorizedOwner`, `BucketClosed`, `AlreadyWriter` (also
        /// the owner), `TooManyWriters` (more than `MAX_WRITERS`, 16).
        ///
        /// # Events
        /// `BucketWriterPermSet { granted: true }`.
        #[ink(message)]
        pub fn bucket_set_writer_perm(
            &mut self,
            bucket_id: BucketId,
            writer: AccountId,
        ) -> Result<()> {
            run!(self, bucket_set_writer_perm(bucket_id, writer))
        }

        /// Takes `writer`'s permission to write to the bucket away. Caller: the owner.
        /// Upstream v0.6's name and argument order.
        ///
        /// # Errors
        /// `BucketDoesNotExist`, `UnauthorizedOwner`, `BucketClosed`, `NotWriter`.
        ///
        /// # Events
        /// `BucketWriterPermSet { granted: false }`.
        #[ink(message)]
        pub fn bucket_revoke_writer_perm(
            &mut self,
            bucket_id: BucketId,
            writer: AccountId,
        ) -> Result<()> {
            run!(self, bucket_revoke_writer_perm(bucket_id, writer))
        }

        /// The bucket's writers besides its owner (`BucketStatus.writer_ids` is the owner and
        /// these). Upstream v0.6's name.
        ///
        /// # Errors
        /// `BucketDoesNotExist`.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn get_bucket_writers(&self, bucket_id: BucketId) -> Result<Vec<AccountId>> {
            view(self.ddc.get_bucket_writers(bucket_id))
        }

        // ---------------------------------------------------------------- clusters

        /// Creates a cluster of `vnode_count` vnodes assigned round-robin to `node_ids` and
        /// returns its id. The caller is the manager and must be trusted by every node's
        /// provider. The first argument is ignored (kept for the upstream ABI). Value sent is
        /// credited to the caller's deposit.
        ///
        /// # Errors
        /// `NoVNodes`, `TooManyVNodes` (> 300), `NoNodes`, `TooManyNodes`, `ParamsTooBig`,
        /// `NodeDoesNotExist`, `ClusterManagerIsNotTrusted`, `Overflow`.
        ///
        /// # Events
        /// `ClusterCreated`, then `Deposit` if value was sent.
        #[ink(message, payable)]
        pub fn cluster_create(
            &mut self,
            _unused: AccountId,
            vnode_count: u32,
            node_ids: Vec<NodeId>,
            cluster_params: ClusterParams,
        ) -> Result<ClusterId> {
            run!(self, cluster_create(vnode_count, node_ids, cluster_params))
        }

        /// Reserves `amount` more resource per vnode from the nodes' free capacity (a node
        /// hosting k vnodes gives k × amount). Caller: the manager, still trusted by every
        /// node's provider.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `UnauthorizedClusterManager`, `ClusterWasRemoved`,
        /// `NodeDoesNotExist`, `ClusterManagerIsNotTrusted`, `InsufficientResources`,
        /// `Overflow`.
        ///
        /// # Events
        /// `ClusterReserveResource { resource: amount }`.
        #[ink(message)]
        pub fn cluster_reserve_resource(
            &mut self,
            cluster_id: ClusterId,
            amount: Resource,
        ) -> Result<()> {
            run!(self, cluster_reserve_resource(cluster_id, amount))
        }

        /// Re-assigns vnode `vnode_i` to `new_node_id`. First the revenues settled so far are
        /// distributed at the current assignment (the old host is paid for what it hosted);
        /// then the reservation moves. The vnode keeps its price, so `total_rent` and every
        /// allocation's price stay. Caller: the manager, trusted by the new node's provider.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `UnauthorizedClusterManager`, `ClusterWasRemoved`,
        /// `VNodeDoesNotExist`, `NodeDoesNotExist`, `ClusterManagerIsNotTrusted`,
        /// `InsufficientResources`, `Overflow`.
        ///
        /// # Events
        /// If the node changes and revenues are pending: those of
        /// `cluster_distribute_revenues`; then `ClusterNodeReplaced`.
        #[ink(message)]
        pub fn cluster_replace_node(
            &mut self,
            cluster_id: ClusterId,
            vnode_i: VNodeIndex,
            new_node_id: NodeId,
        ) -> Result<()> {
            run!(
                self,
                cluster_replace_node(cluster_id, vnode_i, new_node_id, &mut transfer)
            )
        }

        /// Sets the resource reserved per vnode: up (from the nodes' free capacity, as
        /// `cluster_reserve_resource`) or down, not below what buckets use, the capacity going
        /// back to the nodes. Caller: the manager. Upstream v1.0's name and arguments.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `UnauthorizedClusterManager`, `ClusterWasRemoved`,
        /// `InsufficientResources` (below what buckets use, or beyond a node's free capacity),
        /// `NodeDoesNotExist`, `ClusterManagerIsNotTrusted` (to grow), `Overflow`.
        ///
        /// # Events
        /// `ClusterResourceSet`.
        #[ink(message)]
        pub fn cluster_set_resource_per_v_node(
            &mut self,
            cluster_id: ClusterId,
            new_resource_per_v_node: Resource,
        ) -> Result<()> {
            run!(
                self,
                cluster_set_resource_per_v_node(cluster_id, new_resource_per_v_node)
            )
        }

        /// Adds `vnode_count` vnodes on `node_id` at the end of the ring, priced at the node's
        /// rent now, each reserving `resource_per_vnode` on it. Only while no bucket holds
        /// resource in the cluster (buckets bought capacity on the ring as it was; move vnodes
        /// with `cluster_replace_node` instead). Caller: the manager, trusted by the node's
        /// provider. Upstream's name (its arguments differ: upstream's vnodes are ring tokens).
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `UnauthorizedClusterManager`, `ClusterWasRemoved`,
        /// `ClusterInUse`, `NodeDoesNotExist`, `ClusterManagerIsNotTrusted`, `NoVNodes`,
        /// `TooManyVNodes` (more than 300 in all), `InsufficientResources`, `Overflow`.
        ///
        /// # Events
        /// Those of `cluster_distribute_revenues` if revenues are pending (the old ring's
        /// hosts are paid first), then `ClusterNodeAdded`.
        #[ink(message)]
        pub fn cluster_add_node(
            &mut self,
            cluster_id: ClusterId,
            node_id: NodeId,
            vnode_count: u32,
        ) -> Result<()> {
            run!(
                self,
                cluster_add_node(cluster_id, node_id, vnode_count, &mut transfer)
            )
        }

        /// Takes every vnode of `node_id` out of the ring, its reservation back to the node.
        /// Only while no bucket holds resource in the cluster, and never the last node.
        /// Caller: the manager. Upstream v1.0's name and argument order.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `UnauthorizedClusterManager`, `ClusterWasRemoved`,
        /// `ClusterInUse`, `NodeDoesNotExist` (not in the ring), `NoNodes` (its last node),
        /// `Overflow`.
        ///
        /// # Events
        /// Those of `cluster_distribute_revenues` if revenues are pending (the old ring's
        /// hosts are paid first), then `ClusterNodeRemoved`.
        #[ink(message)]
        pub fn cluster_remove_node(
            &mut self,
            cluster_id: ClusterId,
            node_id: NodeId,
        ) -> Result<()> {
            run!(
                self,
                cluster_remove_node(cluster_id, node_id, &mut transfer)
            )
        }

        /// Removes a cluster no bucket holds resource in: its revenues are distributed, every
        /// reservation goes back to the nodes, and it takes no reservation or allocation any
        /// more. Debts paid later by its buckets' payers still reach its providers. Caller:
        /// the manager. Upstream v1.0's name.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `UnauthorizedClusterManager`, `ClusterWasRemoved`,
        /// `ClusterInUse`, `Overflow`.
        ///
        /// # Events
        /// Those of `cluster_distribute_revenues` if revenues are pending, then
        /// `ClusterRemoved`.
        #[ink(message)]
        pub fn cluster_remove(&mut self, cluster_id: ClusterId) -> Result<()> {
            run!(self, cluster_remove(cluster_id, &mut transfer))
        }

        /// Pays the cluster's revenues out: the network and management fees taken at
        /// settlement, then each provider its share of the rest in proportion to the prices of
        /// the vnodes its nodes host, in one transfer, in the order the providers joined the
        /// cluster. Anyone may call it. A refused transfer is credited to the recipient's
        /// deposit instead.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `Overflow`.
        ///
        /// # Events
        /// `ClusterDistributeFees` if a fee was taken; one `ClusterDistributeRevenues` per
        /// provider; `Deposit` for each payment credited instead of transferred.
        #[ink(message)]
        pub fn cluster_distribute_revenues(&mut self, cluster_id: ClusterId) -> Result<()> {
            run!(self, cluster_distribute_revenues(cluster_id, &mut transfer), without ctx)
        }

        /// Replaces the cluster's params. Caller: the manager. Value sent is credited.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`, `UnauthorizedClusterManager`, `ClusterWasRemoved`, `ParamsTooBig`.
        ///
        /// # Events
        /// `ClusterParamsSet`, then `Deposit` if value was sent.
        #[ink(message, payable)]
        pub fn cluster_change_params(
            &mut self,
            cluster_id: ClusterId,
            params: ClusterParams,
        ) -> Result<()> {
            run!(self, cluster_change_params(cluster_id, params))
        }

        /// The cluster's status: manager, vnodes, resources, revenues, total rent, params.
        ///
        /// # Errors
        /// `ClusterDoesNotExist`.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn cluster_get(&self, cluster_id: ClusterId) -> Result<ClusterStatus> {
            view(self.ddc.cluster_get(cluster_id))
        }

        /// A page of clusters and `max_id`; paging as `bucket_list`, filtered by manager.
        ///
        /// # Errors
        /// None.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn cluster_list(
            &self,
            offset: u32,
            limit: u32,
            filter_manager_id: Option<AccountId>,
        ) -> (Vec<ClusterStatus>, u32) {
            page_or_revert(self.ddc.cluster_list(offset, limit, filter_manager_id))
        }

        // ---------------------------------------------------------------- nodes

        /// As provider, lets `manager` use the caller's nodes in clusters. Value sent is
        /// credited.
        ///
        /// # Errors
        /// None in practice (`Overflow`).
        ///
        /// # Events
        /// `GrantPermission { manager, ManagerTrustedBy(caller) }`, then `Deposit` if value
        /// was sent.
        #[ink(message, payable)]
        pub fn node_trust_manager(&mut self, manager: AccountId) -> Result<()> {
            run!(self, node_trust_manager(manager))
        }

        /// As provider, withdraws the trust; nodes already in clusters stay there.
        ///
        /// # Errors
        /// None in practice.
        ///
        /// # Events
        /// `RevokePermission { manager, ManagerTrustedBy(caller) }`.
        #[ink(message)]
        pub fn node_distrust_manager(&mut self, manager: AccountId) -> Result<()> {
            run!(self, node_distrust_manager(manager))
        }

        /// Registers a node and returns its id; the caller is its provider. Value sent is
        /// credited.
        ///
        /// # Errors
        /// `ParamsTooBig`, `Overflow`.
        ///
        /// # Events
        /// `NodeCreated`, then `Deposit` if value was sent.
        #[ink(message, payable)]
        pub fn node_create(
            &mut self,
            rent_per_month: Balance,
            node_params: NodeParams,
            capacity: Resource,
        ) -> Result<NodeId> {
            run!(self, node_create(rent_per_month, node_params, capacity))
        }

        /// Sets the node's capacity, not below what clusters reserved on it; its free resource
        /// follows. Caller: its provider.
        ///
        /// # Errors
        /// `NodeDoesNotExist`, `UnauthorizedProvider`, `InsufficientResources`.
        ///
        /// # Events
        /// `NodeCapacitySet`.
        #[ink(message)]
        pub fn node_change_capacity(&mut self, node_id: NodeId, capacity: Resource) -> Result<()> {
            run!(self, node_change_capacity(node_id, capacity))
        }

        /// Sets the node's rent: the price of the vnodes placed on it from now on. The vnodes
        /// it hosts keep their price, so no allocation is re-priced. Caller: its provider.
        ///
        /// # Errors
        /// `NodeDoesNotExist`, `UnauthorizedProvider`.
        ///
        /// # Events
        /// `NodeRentSet`.
        #[ink(message)]
        pub fn node_change_rent(&mut self, node_id: NodeId, rent_per_month: Balance) -> Result<()> {
            run!(self, node_change_rent(node_id, rent_per_month))
        }

        /// Removes a node that hosts no vnode (its id is never reused). Caller: its provider.
        /// Upstream v1.0's name.
        ///
        /// # Errors
        /// `NodeDoesNotExist`, `UnauthorizedProvider`, `NodeInUse`.
        ///
        /// # Events
        /// `NodeRemoved`.
        #[ink(message)]
        pub fn node_remove(&mut self, node_id: NodeId) -> Result<()> {
            run!(self, node_remove(node_id))
        }

        /// Replaces the node's params. Caller: its provider. Value sent is credited.
        ///
        /// # Errors
        /// `NodeDoesNotExist`, `UnauthorizedProvider`, `ParamsTooBig`.
        ///
        /// # Events
        /// `NodeParamsSet`, then `Deposit` if value was sent.
        #[ink(message, payable)]
        pub fn node_change_params(&mut self, node_id: NodeId, params: NodeParams) -> Result<()> {
            run!(self, node_change_params(node_id, params))
        }

        /// The node's status: provider, rent, free capacity, params.
        ///
        /// # Errors
        /// `NodeDoesNotExist`.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn node_get(&self, node_id: NodeId) -> Result<NodeStatus> {
            view(self.ddc.node_get(node_id))
        }

        /// A page of nodes and `max_id`; paging as `bucket_list`, filtered by provider.
        ///
        /// # Errors
        /// None.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn node_list(
            &self,
            offset: u32,
            limit: u32,
            filter_provider_id: Option<AccountId>,
        ) -> (Vec<NodeStatus>, u32) {
            page_or_revert(self.ddc.node_list(offset, limit, filter_provider_id))
        }

        // ---------------------------------------------------------------- accounts

        /// Deposits the value sent on the caller's account, to pay for its buckets.
        ///
        /// # Errors
        /// `Overflow`.
        ///
        /// # Events
        /// `Deposit { value }` (also for zero).
        #[ink(message, payable)]
        pub fn account_deposit(&mut self) -> Result<()> {
            run!(self, account_deposit())
        }

        /// Pays `amount` of the caller's deposit back to the caller. Only the part not owed to
        /// its flows (accrued and unsettled, exactly what settling them all would take) can be
        /// withdrawn, and while the caller pays rent, what stays must cover that rent for the
        /// grace period (as an allocation requires): release or close buckets to take the rest.
        ///
        /// # Errors
        /// `AccountDoesNotExist`, `InsufficientBalance` (beyond the free deposit, or into the
        /// grace period's rent), `TransferFailed`, `Overflow`.
        ///
        /// # Events
        /// `Withdraw { value }`.
        #[ink(message)]
        pub fn account_withdraw(&mut self, amount: Balance) -> Result<()> {
            run!(self, account_withdraw(amount, &mut transfer))
        }

        /// The account: deposit, payable schedule, settlement carry.
        ///
        /// # Errors
        /// `AccountDoesNotExist`.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn account_get(&self, account_id: AccountId) -> Result<Account> {
            view(self.ddc.account_get(account_id))
        }

        /// The exchange rate: USD units (1e10 = 1 USD) per CERE.
        ///
        /// # Errors
        /// None.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn account_get_usd_per_cere(&self) -> Balance {
            value(self.ddc.account_get_usd_per_cere())
        }

        /// As price oracle (`SetExchangeRate` or `SuperAdmin`), sets the exchange rate. It
        /// applies to every settlement from now on. Bounded: within a day-long window the rate
        /// stays between half and twice the rate the window began with.
        ///
        /// # Errors
        /// `Unauthorized`, `InvalidExchangeRate` (zero, or above 10²⁸), `RateChangeTooLarge`.
        ///
        /// # Events
        /// `ExchangeRateSet`.
        #[ink(message)]
        pub fn account_set_usd_per_cere(&mut self, usd_per_cere: Balance) -> Result<()> {
            run!(self, account_set_usd_per_cere(usd_per_cere))
        }

        // ---------------------------------------------------------------- permissions

        /// Whether `grantee` holds `permission`, directly or as SuperAdmin.
        ///
        /// # Errors
        /// None.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn has_permission(&self, grantee: AccountId, permission: Permission) -> bool {
            value(self.ddc.has_permission(grantee, permission))
        }

        /// As SuperAdmin, grants any permission to any account. Value sent is credited.
        ///
        /// # Errors
        /// `Unauthorized`.
        ///
        /// # Events
        /// `GrantPermission`, then `Deposit` if value was sent.
        #[ink(message, payable)]
        pub fn admin_grant_permission(
            &mut self,
            grantee: AccountId,
            permission: Permission,
        ) -> Result<()> {
            run!(self, admin_grant_permission(grantee, permission))
        }

        /// As SuperAdmin, revokes a permission. The last SuperAdmin cannot be revoked.
        ///
        /// # Errors
        /// `Unauthorized`, `LastSuperAdmin`.
        ///
        /// # Events
        /// `RevokePermission`.
        #[ink(message)]
        pub fn admin_revoke_permission(
            &mut self,
            grantee: AccountId,
            permission: Permission,
        ) -> Result<()> {
            run!(self, admin_revoke_permission(grantee, permission))
        }

        /// As SuperAdmin, withdraws `amount` of the surplus: the contract's balance beyond what
        /// it owes to accounts and clusters. User money cannot be withdrawn this way.
        ///
        /// # Errors
        /// `Unauthorized`, `InsufficientBalance` (beyond the surplus), `TransferFailed`.
        ///
        /// # Events
        /// `AdminWithdraw`.
        #[ink(message)]
        pub fn admin_withdraw(&mut self, amount: Balance) -> Result<()> {
            let balance = self.env().balance();
            run!(self, admin_withdraw(amount, balance, &mut transfer))
        }

        /// As SuperAdmin, sets the network and cluster management fees and the network fee's
        /// destination. They apply to the settlements made from now on: revenues already
        /// settled keep the fees they were settled with, and the network fees already settled
        /// are paid to their destination first. Together the fees stay within the cap every
        /// contract is built with: 10 %.
        ///
        /// # Errors
        /// `Unauthorized`, `InvalidFeeBasisPoints` (the two above 1_000 basis points together),
        /// `Overflow`.
        ///
        /// # Events
        /// If network fees were pending: `Deposit` (only if the transfer was refused and
        /// credited instead), then `NetworkFeesPaid`; then `FeeConfigSet`.
        #[ink(message)]
        pub fn admin_set_fee_config(&mut self, config: FeeConfig) -> Result<()> {
            run!(self, admin_set_fee_config(config, &mut transfer))
        }

        /// As SuperAdmin, sets the grace period (ms) after which an unfunded bucket may be
        /// expired: from 1 hour to 90 days (7 days by default).
        ///
        /// # Errors
        /// `Unauthorized`, `InvalidGracePeriod`.
        ///
        /// # Events
        /// `GracePeriodSet`.
        #[ink(message)]
        pub fn admin_set_grace_period(&mut self, grace_period_ms: u64) -> Result<()> {
            run!(self, admin_set_grace_period(grace_period_ms))
        }
    }
}
