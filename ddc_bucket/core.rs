//! `Ddc`: all of the contract's state, and the domain logic as plain methods on it (one `impl`
//! block per domain, in `*/messages.rs`). Methods take the caller, time and value explicitly
//! (`Ctx`) and push the events to emit, so they run and are tested without a chain.

use crate::account::store::AccountStore;
use crate::bucket::store::BucketStore;
use crate::cluster::store::ClusterStore;
use crate::events::{Events, GrantPermission};
use crate::ledger::Ledger;
use crate::node::store::NodeStore;
use crate::perm::entity::Permission;
use crate::perm::store::PermStore;
use crate::types::AccountId;

#[ink::storage_item]
#[derive(Default, Debug)]
pub struct Ddc {
    pub(crate) buckets: BucketStore,
    pub(crate) clusters: ClusterStore,
    pub(crate) nodes: NodeStore,
    pub(crate) accounts: AccountStore,
    pub(crate) perms: PermStore,
    pub(crate) ledger: Ledger,
}

impl Ddc {
    /// A new network: `admin` is SuperAdmin, 1 USD = 1 CERE, no fees.
    pub fn new(admin: AccountId, ev: &mut Events) -> Self {
        let mut ddc = Self::default();
        ddc.ledger.open();
        // Granting to an empty store only counts the first SuperAdmin: it cannot fail.
        if ddc.perms.grant(admin, Permission::SuperAdmin).is_ok() {
            ev.push(
                GrantPermission {
                    account_id: admin,
                    permission: Permission::SuperAdmin,
                }
                .into(),
            );
        }
        ddc
    }
}
