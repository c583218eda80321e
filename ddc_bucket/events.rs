//! Events. Upstream's 11 keep their names and leading fields (the created id first: clients
//! read it from there); amounts are appended for indexers. The rest report what upstream left
//! silent: params changes, the exchange rate, the fee config, withdrawals and fees paid.

use crate::fee::entity::FeeConfig;
use crate::perm::entity::Permission;
use crate::types::{
    AccountId, Balance, BasisPoints, BucketId, BucketParams, ClusterId, ClusterParams, NodeId,
    NodeParams, Resource, Timestamp, VNodeIndex,
};

/// A bucket was created; `owner_id` is its first owner and payer.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketCreated {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub owner_id: AccountId,
}

/// `resource` (per vnode) of the bucket's cluster was allocated to the bucket.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketAllocated {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub cluster_id: ClusterId,
    pub resource: Resource,
}

/// The bucket's due rent was settled: `value` CERE moved from its payer to the cluster.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketSettlePayment {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub cluster_id: ClusterId,
    pub value: Balance,
}

/// The bucket's params were replaced.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketParamsSet {
    #[ink(topic)]
    pub bucket_id: BucketId,
    pub params: BucketParams,
}

/// A cluster was created; `manager` is its manager.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterCreated {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub manager: AccountId,
    pub cluster_params: ClusterParams,
}

/// Vnode `vnode_index` of the cluster now lives on node `node_id`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterNodeReplaced {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub node_id: NodeId,
    pub vnode_index: VNodeIndex,
}

/// `resource` more per vnode was reserved for the cluster from its nodes.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterReserveResource {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    pub resource: Resource,
}

/// A provider's share of the cluster's revenues, `value` CERE, was paid (once per provider).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterDistributeRevenues {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub provider_id: AccountId,
    pub value: Balance,
}

/// The fees taken from a distribution of the cluster's revenues.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterDistributeFees {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    pub network_fee: Balance,
    pub network_fee_destination: AccountId,
    pub cluster_management_fee: Balance,
    pub manager_id: AccountId,
}

/// The cluster's params were replaced.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterParamsSet {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    pub params: ClusterParams,
}

/// A node was created; `provider_id` owns it and receives its revenues.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeCreated {
    #[ink(topic)]
    pub node_id: NodeId,
    #[ink(topic)]
    pub provider_id: AccountId,
    pub rent_per_month: Balance,
    pub node_params: NodeParams,
}

/// The node's params were replaced.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeParamsSet {
    #[ink(topic)]
    pub node_id: NodeId,
    pub params: NodeParams,
}

/// `value` CERE was credited to the account's deposit.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deposit {
    #[ink(topic)]
    pub account_id: AccountId,
    pub value: Balance,
}

/// `value` CERE was paid out of the account's deposit to the account.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdraw {
    #[ink(topic)]
    pub account_id: AccountId,
    pub value: Balance,
}

/// A permission was granted to the account.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantPermission {
    #[ink(topic)]
    pub account_id: AccountId,
    pub permission: Permission,
}

/// A permission was revoked from the account.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevokePermission {
    #[ink(topic)]
    pub account_id: AccountId,
    pub permission: Permission,
}

/// The oracle set the exchange rate.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeRateSet {
    pub usd_per_cere: Balance,
}

/// The admin set the fee configuration.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeConfigSet {
    pub network_fee_bp: BasisPoints,
    pub network_fee_destination: AccountId,
    pub cluster_management_fee_bp: BasisPoints,
}

/// The admin withdrew `value` CERE of the contract's surplus.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminWithdraw {
    #[ink(topic)]
    pub admin_id: AccountId,
    pub value: Balance,
}

macro_rules! event_enum {
    ($($name:ident),* $(,)?) => {
        /// Any event of this contract, as the domain logic returns it.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Event {
            $($name($name),)*
        }

        $(impl From<$name> for Event {
            fn from(e: $name) -> Self {
                Event::$name(e)
            }
        })*

        #[cfg(feature = "std")]
        impl Event {
            /// The signature topic (the first topic) of every event type, in declaration order.
            pub fn signature_topics() -> ink::prelude::vec::Vec<[u8; 32]> {
                ink::prelude::vec![$(<$name as ink::env::Event>::SIGNATURE_TOPIC.unwrap_or([0; 32]),)*]
            }

            /// Decodes an emitted event from its signature topic and data: `None` if the topic
            /// is not one of this contract's events or the data does not decode exactly.
            pub fn decode(signature_topic: &[u8], data: &[u8]) -> Option<Self> {
                $(if <$name as ink::env::Event>::SIGNATURE_TOPIC.as_ref().map(|t| &t[..]) == Some(signature_topic) {
                    let mut input = data;
                    let event = <$name as ink::scale::Decode>::decode(&mut input).ok()?;
                    return input.is_empty().then_some(Event::$name(event));
                })*
                None
            }
        }

        impl Event {
            /// Emits the event from the running contract, in its environment `E`.
            pub fn emit<E: ink::env::Environment>(self) {
                match self {
                    $(Event::$name(e) => {
                        ink::env::emit_event::<E, _>(e)
                    })*
                }
            }
        }
    };
}

/// The owner allowed others (the cluster's manager) to allocate into the bucket up to
/// `resource_cap` per vnode, at a price per unit up to `price_cap` (the cluster's `total_rent`
/// when the owner consented).
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketResourceCapSet {
    #[ink(topic)]
    pub bucket_id: BucketId,
    pub resource_cap: Resource,
    pub price_cap: Balance,
}

/// `resource` (per vnode) was released: the rent dropped by `rate` USD per month and the
/// capacity went back to the cluster.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketReleased {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub cluster_id: ClusterId,
    pub resource: Resource,
    pub rate: Balance,
}

/// The bucket was closed by its owner (`expired: false`) or expired for lack of funds
/// (`expired: true`): it accrues nothing more, DDC nodes stop serving it. `arrears` (rate-ms)
/// stayed unpaid and is still owed by the payer.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketClosed {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub cluster_id: ClusterId,
    pub expired: bool,
    pub arrears: Balance,
}

/// The grace period after which an unfunded bucket may be expired.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GracePeriodSet {
    pub grace_period_ms: Timestamp,
}

event_enum!(
    BucketCreated,
    BucketAllocated,
    BucketSettlePayment,
    BucketParamsSet,
    ClusterCreated,
    ClusterNodeReplaced,
    ClusterReserveResource,
    ClusterDistributeRevenues,
    ClusterDistributeFees,
    ClusterParamsSet,
    NodeCreated,
    NodeParamsSet,
    Deposit,
    Withdraw,
    GrantPermission,
    RevokePermission,
    ExchangeRateSet,
    FeeConfigSet,
    AdminWithdraw,
    BucketResourceCapSet,
    BucketReleased,
    BucketClosed,
    GracePeriodSet,
);

/// The events one message produces, in order.
pub type Events = ink::prelude::vec::Vec<Event>;

impl From<&FeeConfig> for FeeConfigSet {
    fn from(c: &FeeConfig) -> Self {
        Self {
            network_fee_bp: c.network_fee_bp,
            network_fee_destination: c.network_fee_destination,
            cluster_management_fee_bp: c.cluster_management_fee_bp,
        }
    }
}
