//! The contract's messages, typed: one method per message, its arguments and its return value
//! in the contract crate's own types, so that the compiler checks every call. Non-payable
//! messages take no value.
//!
//! Written once over two small traits, implemented by whatever carries the call:
//! - [`Transactions`] (messages that change state): [`Chain`] returns `Result<T, Error>` (see
//!   [`Chain::tx`]: `Err` must revert); the story prints and checks each call.
//! - [`Views`]: [`Chain`] reads them in a dry run ([`Chain::query`]); [`CalledBy`] makes them
//!   real calls, recorded in the log with their cost (what the benchmark measures); the snapshot
//!   reads them all in one dry run.
//!
//! Raw calls (`Chain::call`, `tx`, `query`, `estimate`, `call_limited`) stay for the tests
//! whose point is the bytes: bad input, fixtures, gas estimates.

use crate::Chain;
use ddc_bucket::account::entity::Account;
use ddc_bucket::bucket::entity::BucketStatus;
use ddc_bucket::cluster::entity::ClusterStatus;
use ddc_bucket::error::Error;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::node::entity::NodeStatus;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::{
    AccountId, Balance, BucketId, BucketParams, ClusterId, ClusterParams, NodeId, NodeParams,
    Resource, VNodeIndex,
};
use drink::AccountId32;
use ink::scale::{Decode, Encode};

/// The messages that change state. `value` is sent to payable messages only.
pub trait Transactions {
    /// Who signs a call.
    type Caller: ?Sized;
    /// What a call of a message returning `Result<T, Error>` gives back.
    type Tx<T>;

    /// Calls `message` with SCALE-encoded `args` as `caller`, sending `value`.
    fn transact<T: Decode>(
        &mut self,
        caller: &Self::Caller,
        message: &str,
        args: impl Encode,
        value: Balance,
    ) -> Self::Tx<T>;

    // ------------------------------------------------------------------------------ buckets

    fn bucket_create(
        &mut self,
        caller: &Self::Caller,
        bucket_params: BucketParams,
        cluster_id: ClusterId,
        value: Balance,
    ) -> Self::Tx<BucketId> {
        self.transact(caller, "bucket_create", (bucket_params, cluster_id), value)
    }

    fn bucket_alloc_into_cluster(
        &mut self,
        caller: &Self::Caller,
        bucket_id: BucketId,
        resource: Resource,
    ) -> Self::Tx<()> {
        self.transact(
            caller,
            "bucket_alloc_into_cluster",
            (bucket_id, resource),
            0,
        )
    }

    fn bucket_settle_payment(
        &mut self,
        caller: &Self::Caller,
        bucket_id: BucketId,
    ) -> Self::Tx<()> {
        self.transact(caller, "bucket_settle_payment", bucket_id, 0)
    }

    fn bucket_change_params(
        &mut self,
        caller: &Self::Caller,
        bucket_id: BucketId,
        params: BucketParams,
        value: Balance,
    ) -> Self::Tx<()> {
        self.transact(caller, "bucket_change_params", (bucket_id, params), value)
    }

    // ------------------------------------------------------------------------------ clusters

    /// `_unused` is upstream's first argument, ignored by the contract.
    fn cluster_create(
        &mut self,
        caller: &Self::Caller,
        _unused: AccountId,
        vnode_count: u32,
        node_ids: Vec<NodeId>,
        cluster_params: ClusterParams,
        value: Balance,
    ) -> Self::Tx<ClusterId> {
        self.transact(
            caller,
            "cluster_create",
            (_unused, vnode_count, node_ids, cluster_params),
            value,
        )
    }

    fn cluster_reserve_resource(
        &mut self,
        caller: &Self::Caller,
        cluster_id: ClusterId,
        amount: Resource,
    ) -> Self::Tx<()> {
        self.transact(caller, "cluster_reserve_resource", (cluster_id, amount), 0)
    }

    fn cluster_replace_node(
        &mut self,
        caller: &Self::Caller,
        cluster_id: ClusterId,
        vnode_i: VNodeIndex,
        new_node_id: NodeId,
    ) -> Self::Tx<()> {
        self.transact(
            caller,
            "cluster_replace_node",
            (cluster_id, vnode_i, new_node_id),
            0,
        )
    }

    fn cluster_distribute_revenues(
        &mut self,
        caller: &Self::Caller,
        cluster_id: ClusterId,
    ) -> Self::Tx<()> {
        self.transact(caller, "cluster_distribute_revenues", cluster_id, 0)
    }

    fn cluster_change_params(
        &mut self,
        caller: &Self::Caller,
        cluster_id: ClusterId,
        params: ClusterParams,
        value: Balance,
    ) -> Self::Tx<()> {
        self.transact(caller, "cluster_change_params", (cluster_id, params), value)
    }

    fn cluster_set_resource_per_v_node(
        &mut self,
        caller: &Self::Caller,
        cluster_id: ClusterId,
        new_resource_per_v_node: Resource,
    ) -> Self::Tx<()> {
        self.transact(
            caller,
            "cluster_set_resource_per_v_node",
            (cluster_id, new_resource_per_v_node),
            0,
        )
    }

    fn cluster_add_node(
        &mut self,
        caller: &Self::Caller,
        cluster_id: ClusterId,
        node_id: NodeId,
        vnode_count: u32,
    ) -> Self::Tx<()> {
        self.transact(
            caller,
            "cluster_add_node",
            (cluster_id, node_id, vnode_count),
            0,
        )
    }

    fn cluster_remove_node(
        &mut self,
        caller: &Self::Caller,
        cluster_id: ClusterId,
        node_id: NodeId,
    ) -> Self::Tx<()> {
        self.transact(caller, "cluster_remove_node", (cluster_id, node_id), 0)
    }

    fn cluster_remove(&mut self, caller: &Self::Caller, cluster_id: ClusterId) -> Self::Tx<()> {
        self.transact(caller, "cluster_remove", cluster_id, 0)
    }

    // ------------------------------------------------------------------------------ nodes

    fn node_trust_manager(
        &mut self,
        caller: &Self::Caller,
        manager: AccountId,
        value: Balance,
    ) -> Self::Tx<()> {
        self.transact(caller, "node_trust_manager", manager, value)
    }

    fn node_distrust_manager(&mut self, caller: &Self::Caller, manager: AccountId) -> Self::Tx<()> {
        self.transact(caller, "node_distrust_manager", manager, 0)
    }

    fn node_create(
        &mut self,
        caller: &Self::Caller,
        rent_per_month: Balance,
        node_params: NodeParams,
        capacity: Resource,
        value: Balance,
    ) -> Self::Tx<NodeId> {
        self.transact(
            caller,
            "node_create",
            (rent_per_month, node_params, capacity),
            value,
        )
    }

    fn node_change_params(
        &mut self,
        caller: &Self::Caller,
        node_id: NodeId,
        params: NodeParams,
        value: Balance,
    ) -> Self::Tx<()> {
        self.transact(caller, "node_change_params", (node_id, params), value)
    }

    fn node_change_capacity(
        &mut self,
        caller: &Self::Caller,
        node_id: NodeId,
        capacity: Resource,
    ) -> Self::Tx<()> {
        self.transact(caller, "node_change_capacity", (node_id, capacity), 0)
    }

    fn node_change_rent(
        &mut self,
        caller: &Self::Caller,
        node_id: NodeId,
        rent_per_month: Balance,
    ) -> Self::Tx<()> {
        self.transact(caller, "node_change_rent", (node_id, rent_per_month), 0)
    }

    fn node_remove(&mut self, caller: &Self::Caller, node_id: NodeId) -> Self::Tx<()> {
        self.transact(caller, "node_remove", node_id, 0)
    }

    // ------------------------------------------------------------------------------ accounts

    fn account_deposit(&mut self, caller: &Self::Caller, value: Balance) -> Self::Tx<()> {
        self.transact(caller, "account_deposit", (), value)
    }

    fn account_withdraw(&mut self, caller: &Self::Caller, amount: Balance) -> Self::Tx<()> {
        self.transact(caller, "account_withdraw", amount, 0)
    }

    fn account_set_usd_per_cere(
        &mut self,
        caller: &Self::Caller,
        usd_per_cere: Balance,
    ) -> Self::Tx<()> {
        self.transact(caller, "account_set_usd_per_cere", usd_per_cere, 0)
    }

    // ------------------------------------------------------------------------------ admin

    fn admin_grant_permission(
        &mut self,
        caller: &Self::Caller,
        grantee: AccountId,
        permission: Permission,
        value: Balance,
    ) -> Self::Tx<()> {
        self.transact(
            caller,
            "admin_grant_permission",
            (grantee, permission),
            value,
        )
    }

    fn admin_revoke_permission(
        &mut self,
        caller: &Self::Caller,
        grantee: AccountId,
        permission: Permission,
    ) -> Self::Tx<()> {
        self.transact(caller, "admin_revoke_permission", (grantee, permission), 0)
    }

    fn admin_withdraw(&mut self, caller: &Self::Caller, amount: Balance) -> Self::Tx<()> {
        self.transact(caller, "admin_withdraw", amount, 0)
    }

    fn admin_set_fee_config(&mut self, caller: &Self::Caller, config: FeeConfig) -> Self::Tx<()> {
        self.transact(caller, "admin_set_fee_config", config, 0)
    }

    fn admin_set_grace_period(&mut self, caller: &Self::Caller, ms: u64) -> Self::Tx<()> {
        self.transact(caller, "admin_set_grace_period", ms, 0)
    }

    // ------------------------------------------------------------------- payers in control

    fn bucket_set_resource_cap(
        &mut self,
        caller: &Self::Caller,
        bucket_id: BucketId,
        new_resource_cap: Resource,
    ) -> Self::Tx<()> {
        self.transact(
            caller,
            "bucket_set_resource_cap",
            (bucket_id, new_resource_cap),
            0,
        )
    }

    fn bucket_release_resource(
        &mut self,
        caller: &Self::Caller,
        bucket_id: BucketId,
        resource: Resource,
    ) -> Self::Tx<()> {
        self.transact(caller, "bucket_release_resource", (bucket_id, resource), 0)
    }

    fn bucket_close(&mut self, caller: &Self::Caller, bucket_id: BucketId) -> Self::Tx<()> {
        self.transact(caller, "bucket_close", bucket_id, 0)
    }

    fn bucket_expire(&mut self, caller: &Self::Caller, bucket_id: BucketId) -> Self::Tx<()> {
        self.transact(caller, "bucket_expire", bucket_id, 0)
    }

    fn bucket_change_owner(
        &mut self,
        caller: &Self::Caller,
        bucket_id: BucketId,
        owner_id: AccountId,
        value: Balance,
    ) -> Self::Tx<()> {
        self.transact(caller, "bucket_change_owner", (bucket_id, owner_id), value)
    }

    fn bucket_set_writer_perm(
        &mut self,
        caller: &Self::Caller,
        bucket_id: BucketId,
        writer: AccountId,
    ) -> Self::Tx<()> {
        self.transact(caller, "bucket_set_writer_perm", (bucket_id, writer), 0)
    }

    fn bucket_revoke_writer_perm(
        &mut self,
        caller: &Self::Caller,
        bucket_id: BucketId,
        writer: AccountId,
    ) -> Self::Tx<()> {
        self.transact(caller, "bucket_revoke_writer_perm", (bucket_id, writer), 0)
    }
}

/// The messages that read. A list returns a page and `max_id`.
pub trait Views {
    /// What reading a message returning `T` gives back.
    type View<T>;

    /// Reads `message` with SCALE-encoded `args`.
    fn view<T: Decode>(&mut self, message: &str, args: impl Encode) -> Self::View<T>;

    fn bucket_get(&mut self, bucket_id: BucketId) -> Self::View<Result<BucketStatus, Error>> {
        self.view("bucket_get", bucket_id)
    }

    fn get_bucket_writers(
        &mut self,
        bucket_id: BucketId,
    ) -> Self::View<Result<Vec<AccountId>, Error>> {
        self.view("get_bucket_writers", bucket_id)
    }

    fn bucket_get_grace_period(&mut self) -> Self::View<u64> {
        self.view("bucket_get_grace_period", ())
    }

    fn bucket_list(
        &mut self,
        offset: u32,
        limit: u32,
        filter_owner_id: Option<AccountId>,
    ) -> Self::View<(Vec<BucketStatus>, u32)> {
        self.view("bucket_list", (offset, limit, filter_owner_id))
    }

    fn cluster_get(&mut self, cluster_id: ClusterId) -> Self::View<Result<ClusterStatus, Error>> {
        self.view("cluster_get", cluster_id)
    }

    fn cluster_list(
        &mut self,
        offset: u32,
        limit: u32,
        filter_manager_id: Option<AccountId>,
    ) -> Self::View<(Vec<ClusterStatus>, u32)> {
        self.view("cluster_list", (offset, limit, filter_manager_id))
    }

    fn node_get(&mut self, node_id: NodeId) -> Self::View<Result<NodeStatus, Error>> {
        self.view("node_get", node_id)
    }

    fn node_list(
        &mut self,
        offset: u32,
        limit: u32,
        filter_provider_id: Option<AccountId>,
    ) -> Self::View<(Vec<NodeStatus>, u32)> {
        self.view("node_list", (offset, limit, filter_provider_id))
    }

    fn account_get(&mut self, account_id: AccountId) -> Self::View<Result<Account, Error>> {
        self.view("account_get", account_id)
    }

    fn account_get_usd_per_cere(&mut self) -> Self::View<Balance> {
        self.view("account_get_usd_per_cere", ())
    }

    fn has_permission(&mut self, grantee: AccountId, permission: Permission) -> Self::View<bool> {
        self.view("has_permission", (grantee, permission))
    }
}

impl Transactions for Chain {
    type Caller = AccountId32;
    type Tx<T> = Result<T, Error>;

    fn transact<T: Decode>(
        &mut self,
        caller: &AccountId32,
        message: &str,
        args: impl Encode,
        value: Balance,
    ) -> Result<T, Error> {
        self.tx(caller, message, args, value)
    }
}

impl Views for Chain {
    type View<T> = T;

    fn view<T: Decode>(&mut self, message: &str, args: impl Encode) -> T {
        self.query(message, args)
    }
}

/// Views as real calls signed by a caller, each recorded in [`Chain::log`] with its cost (a dry
/// run records nothing). From [`Chain::called_by`].
pub struct CalledBy<'a> {
    chain: &'a mut Chain,
    caller: AccountId32,
}

impl Chain {
    /// Views as real calls by `caller`, recorded with their cost: `c.called_by(&p).bucket_get(b)`.
    pub fn called_by(&mut self, caller: &AccountId32) -> CalledBy<'_> {
        CalledBy {
            chain: self,
            caller: caller.clone(),
        }
    }
}

impl Views for CalledBy<'_> {
    type View<T> = T;

    /// The call must return (not revert); its output decodes as `T`.
    fn view<T: Decode>(&mut self, message: &str, args: impl Encode) -> T {
        match self.chain.call(&self.caller, message, args, 0) {
            crate::Outcome::Returned(out) => crate::decode_output(message, &out),
            other => panic!("{message}: {other:?}"),
        }
    }
}
