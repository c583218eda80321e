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

/// The bucket's due rent was settled: `value` CERE moved from its payer to the cluster, for
/// `usd_rate_ms` of accrued rent (USD units × ms per month: divide by `MS_PER_MONTH` for USD
/// units) at `usd_per_cere`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketSettlePayment {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub cluster_id: ClusterId,
    pub value: Balance,
    pub usd_rate_ms: Balance,
    pub usd_per_cere: Balance,
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

/// The fees taken from a distribution of the cluster's revenues. `cluster_id` is data, not a
/// topic: each topic costs the call as much as a storage write, and the same distribution's
/// `ClusterDistributeRevenues` events are indexed by cluster.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterDistributeFees {
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
    ($($name:ident { $($topic:ident),* }),* $(,)?) => {
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
            /// Emits the event through ink!'s off-chain path, in its environment `E`.
            #[cfg(feature = "std")]
            pub fn emit<E: ink::env::Environment>(&self) {
                let mut topics = Topics::new();
                let mut data = ink::prelude::vec::Vec::new();
                self.topics_and_data(&mut topics, &mut data);
                topics.deposit::<E>(&data);
            }

            /// The event's topics (its signature topic, then its `#[ink(topic)]` fields in
            /// declaration order) and its data (its fields' SCALE encoding). The topic fields
            /// are listed in `event_enum!`'s invocation and lead each event's fields, so their
            /// topics are the data's first bytes: each arm only encodes the event and names its
            /// signature and the lengths of its topic fields, and one shared loop cuts the
            /// topics out of the data. events_tests.rs checks them against ink!'s derive.
            fn topics_and_data(
                &self,
                topics: &mut Topics,
                data: &mut ink::prelude::vec::Vec<u8>,
            ) {
                let (signature, lengths) = match self {
                    $(Event::$name(e) => {
                        encode_fields(e, data);
                        (
                            &<$name as Signature>::TOPIC,
                            TopicLengths::lengths(&($(&e.$topic,)*)),
                        )
                    })*
                };
                topics.push(signature);
                let mut at: usize = 0;
                for len in lengths.to_le_bytes().into_iter().take_while(|len| *len != 0) {
                    let end = at.saturating_add(usize::from(len));
                    topics.push(data.get(at..end).unwrap_or(&[]));
                    at = end;
                }
            }
        }

        // Every event fits one of the shared emission paths (at most `MAX_TOPICS` topics).
        const _: fn() = || {
            fn fits<T: SupportedTopics>() {}
            $(fits::<<$name as ink::env::Event>::RemainingTopics>();)*
        };
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

/// The owner offered the bucket to `owner_id` (its own id: the offer was withdrawn); the
/// bucket changes hands when `owner_id` accepts.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketOwnerOffered {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub owner_id: AccountId,
}

/// `owner_id` accepted the bucket from `previous_owner_id` and pays its rent from now on.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketOwnerChanged {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub owner_id: AccountId,
    pub previous_owner_id: AccountId,
}

/// `writer` was allowed to write to the bucket (`granted`) or no longer is.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketWriterPermSet {
    #[ink(topic)]
    pub bucket_id: BucketId,
    #[ink(topic)]
    pub writer: AccountId,
    pub granted: bool,
}

/// The cluster's reservation per vnode was set to `resource_per_vnode`.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterResourceSet {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    pub resource_per_vnode: Resource,
}

/// `vnode_count` vnodes on `node_id` were added to the cluster's ring.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterNodeAdded {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub node_id: NodeId,
    pub vnode_count: u32,
}

/// Every vnode of `node_id` left the cluster's ring.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterNodeRemoved {
    #[ink(topic)]
    pub cluster_id: ClusterId,
    #[ink(topic)]
    pub node_id: NodeId,
}

/// The cluster was removed: its reservations went back to the nodes.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterRemoved {
    #[ink(topic)]
    pub cluster_id: ClusterId,
}

/// The node's capacity was set; its free resource followed.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeCapacitySet {
    #[ink(topic)]
    pub node_id: NodeId,
    pub capacity: Resource,
}

/// The node's rent was set: the price of vnodes placed on it from now on.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRentSet {
    #[ink(topic)]
    pub node_id: NodeId,
    pub rent_per_month: Balance,
}

/// The node was removed by its provider.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRemoved {
    #[ink(topic)]
    pub node_id: NodeId,
}

/// Network fees settled under the previous fee config, `value` CERE, were paid to their
/// `destination` before the config changed.
#[ink::event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkFeesPaid {
    #[ink(topic)]
    pub destination: AccountId,
    pub value: Balance,
}

// Each event with its `#[ink(topic)]` fields, which must be its first fields, in order (the
// topics are cut from the front of the encoded data; events_tests.rs checks every event).
event_enum! {
    BucketCreated { bucket_id, owner_id },
    BucketAllocated { bucket_id, cluster_id },
    BucketSettlePayment { bucket_id, cluster_id },
    BucketParamsSet { bucket_id },
    ClusterCreated { cluster_id, manager },
    ClusterNodeReplaced { cluster_id, node_id },
    ClusterReserveResource { cluster_id },
    ClusterDistributeRevenues { cluster_id, provider_id },
    ClusterDistributeFees {},
    ClusterParamsSet { cluster_id },
    NodeCreated { node_id, provider_id },
    NodeParamsSet { node_id },
    Deposit { account_id },
    Withdraw { account_id },
    GrantPermission { account_id },
    RevokePermission { account_id },
    ExchangeRateSet {},
    FeeConfigSet {},
    AdminWithdraw { admin_id },
    BucketResourceCapSet { bucket_id },
    BucketReleased { bucket_id, cluster_id },
    BucketClosed { bucket_id, cluster_id },
    GracePeriodSet {},
    BucketOwnerOffered { bucket_id, owner_id },
    BucketOwnerChanged { bucket_id, owner_id },
    BucketWriterPermSet { bucket_id, writer },
    ClusterResourceSet { cluster_id },
    ClusterNodeAdded { cluster_id, node_id },
    ClusterNodeRemoved { cluster_id, node_id },
    ClusterRemoved { cluster_id },
    NodeCapacitySet { node_id },
    NodeRentSet { node_id },
    NodeRemoved { node_id },
    NetworkFeesPaid { destination },
}

/// An event's fields, encoded. Out of line, once per event type: events whose fields have the
/// same types in the same order compile to the same function, which wasm-opt keeps once.
#[inline(never)]
fn encode_fields<T: ink::scale::Encode>(event: &T, data: &mut ink::prelude::vec::Vec<u8>) {
    event.encode_to(data)
}

/// The events one message produces, in order.
pub type Events = ink::prelude::vec::Vec<Event>;

/// Emits `events` in order, in the contract's environment `E`.
pub fn emit_all<E: ink::env::Environment>(events: &[Event]) {
    #[cfg(feature = "std")]
    events.iter().for_each(Event::emit::<E>);
    #[cfg(not(feature = "std"))]
    {
        // One buffer each for all the events: cleared, never zeroed (on wasm32 every byte
        // zeroed or copied is a step of a software loop).
        let mut topics = Topics::new();
        let mut data = ink::prelude::vec::Vec::new();
        for event in events {
            topics.clear();
            data.clear();
            event.topics_and_data(&mut topics, &mut data);
            topics.deposit_raw(&data);
        }
    }
}

// ---------------------------------------------------------------- one emission path
//
// ink!'s `emit_event::<E, T>` is generic over the event type: each event type would get its own
// copy of the buffer handling, topic building and `deposit_event` call. Here an event only
// writes its topics (through one non-generic `Topics::push`) and encodes its fields; the
// emission itself is one shared function. The topics and data are byte for byte those of
// ink!'s per-type path (events_tests.rs compares them).

/// The most topics an event may have, its signature topic included.
const MAX_TOPICS: usize = 3;

/// Topic counts with a shared emission path; the `event_enum!` check requires one per event.
pub trait SupportedTopics {}
impl SupportedTopics for [ink::env::event::state::HasRemainingTopics; 1] {}
impl SupportedTopics for [ink::env::event::state::HasRemainingTopics; 2] {}
impl SupportedTopics for [ink::env::event::state::HasRemainingTopics; 3] {}

/// An event's signature topic as a constant (every event here has one).
trait Signature {
    const TOPIC: [u8; 32];
}

impl<T: ink::env::Event> Signature for T {
    const TOPIC: [u8; 32] = match T::SIGNATURE_TOPIC {
        Some(topic) => topic,
        None => [0; 32],
    };
}

/// A topic field: ink! records its SCALE encoding zero-padded to 32 bytes (a longer one would
/// be hashed; no topic field here is longer, so only these two types are implemented).
trait TopicField {
    /// The length of the field's SCALE encoding (fixed for these types).
    const LEN: u8;
}

impl TopicField for u32 {
    const LEN: u8 = 4;
}

impl TopicField for AccountId {
    const LEN: u8 = 32;
}

/// An event's topic fields, as a tuple of references: their lengths packed into one word,
/// the first in the lowest byte (a length is never 0). A constant per event type.
trait TopicLengths {
    const LENGTHS: u32;

    fn lengths(&self) -> u32 {
        Self::LENGTHS
    }
}

impl TopicLengths for () {
    const LENGTHS: u32 = 0;
}

impl<A: TopicField> TopicLengths for (&A,) {
    const LENGTHS: u32 = A::LEN as u32;
}

impl<A: TopicField, B: TopicField> TopicLengths for (&A, &B) {
    const LENGTHS: u32 = A::LEN as u32 | (B::LEN as u32) << 8;
}

/// An event's topics as `seal_deposit_event` takes them, built in place: a SCALE `Vec` of
/// 32-byte topics (its compact length, one byte for fewer than 64, then each topic zero-padded).
/// Zeroed once per message, then overwritten event after event (on wasm32 every byte zeroed or
/// copied is a step of a software loop).
struct Topics {
    encoded: [u8; 1 + 32 * MAX_TOPICS],
    len: usize,
}

impl Topics {
    fn new() -> Self {
        Self {
            encoded: [0; 1 + 32 * MAX_TOPICS],
            len: 0,
        }
    }

    /// No topic.
    #[cfg(not(feature = "std"))]
    fn clear(&mut self) {
        self.len = 0;
    }

    /// Appends a topic of at most 32 bytes, zero-padded. Out of line: one copy for all events.
    #[inline(never)]
    fn push(&mut self, bytes: &[u8]) {
        let start = self.len.saturating_mul(32).saturating_add(1);
        let slot = self.encoded.get_mut(start..start.saturating_add(32));
        if let Some(slot) = slot.and_then(|s| <&mut [u8; 32]>::try_from(s).ok()) {
            *slot = [0; 32];
            if let Some(value) = slot.get_mut(..bytes.len()) {
                value.copy_from_slice(bytes);
            }
            self.len = self.len.saturating_add(1);
        }
    }

    /// The topics, encoded.
    fn encoded(&mut self) -> &[u8] {
        // The compact length of fewer than 64 items: the count shifted left by two.
        if let (Some(first), Ok(n)) = (self.encoded.first_mut(), u8::try_from(self.len)) {
            *first = n.wrapping_shl(2);
        }
        let end = self.len.saturating_mul(32).saturating_add(1);
        self.encoded.get(..end).unwrap_or_default()
    }

    /// Emits `data` with these topics through ink!'s path for their number (off-chain).
    #[cfg(feature = "std")]
    fn deposit<E: ink::env::Environment>(&mut self, data: &[u8]) {
        let mut all = [[0u8; 32]; MAX_TOPICS];
        let topics = self.encoded().get(1..).unwrap_or_default();
        for (slot, topic) in all.iter_mut().zip(topics.chunks_exact(32)) {
            slot.copy_from_slice(topic);
        }
        let [a, b, c] = all;
        // `SupportedTopics` guarantees 1 to 3 topics: every event has its signature topic.
        match self.len {
            1 => ink::env::emit_event::<E, _>(Emitted { topics: [a], data }),
            2 => ink::env::emit_event::<E, _>(Emitted {
                topics: [a, b],
                data,
            }),
            _ => ink::env::emit_event::<E, _>(Emitted {
                topics: [a, b, c],
                data,
            }),
        }
    }

    /// Deposits the event with these topics.
    #[cfg(not(feature = "std"))]
    fn deposit_raw(&mut self, data: &[u8]) {
        use pallet_contracts_uapi::HostFn;
        pallet_contracts_uapi::HostFnImpl::deposit_event(self.encoded(), data);
    }
}

/// An event's topics and encoded data, emitted through ink!'s path (off-chain).
#[cfg(feature = "std")]
struct Emitted<'a, const N: usize> {
    topics: [[u8; 32]; N],
    data: &'a [u8],
}

#[cfg(feature = "std")]
impl<const N: usize> ink::scale::Encode for Emitted<'_, N> {
    fn encode_to<O: ink::scale::Output + ?Sized>(&self, dest: &mut O) {
        dest.write(self.data)
    }
}

#[cfg(feature = "std")]
macro_rules! emitted_with {
    ($n:literal, $remaining:ty, [$($t:ident),*]) => {
        impl ink::env::Event for Emitted<'_, $n> {
            type RemainingTopics = $remaining;
            const SIGNATURE_TOPIC: Option<[u8; 32]> = None;

            fn topics<E, B>(
                &self,
                builder: ink::env::event::TopicsBuilder<ink::env::event::state::Uninit, E, B>,
            ) -> <B as ink::env::event::TopicsBuilderBackend<E>>::Output
            where
                E: ink::env::Environment,
                B: ink::env::event::TopicsBuilderBackend<E>,
            {
                let [$($t),*] = &self.topics;
                builder.build::<Self>()$(.push_topic(Some($t)))*.finish()
            }
        }
    };
}

#[cfg(feature = "std")]
emitted_with!(1, [ink::env::event::state::HasRemainingTopics; 1], [a]);
#[cfg(feature = "std")]
emitted_with!(2, [ink::env::event::state::HasRemainingTopics; 2], [a, b]);
#[cfg(feature = "std")]
emitted_with!(
    3,
    [ink::env::event::state::HasRemainingTopics; 3],
    [a, b, c]
);

impl From<&FeeConfig> for FeeConfigSet {
    fn from(c: &FeeConfig) -> Self {
        Self {
            network_fee_bp: c.network_fee_bp,
            network_fee_destination: c.network_fee_destination,
            cluster_management_fee_bp: c.cluster_management_fee_bp,
        }
    }
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;

/// A topic as ink! records a field: its SCALE encoding zero-padded to 32 bytes (every topic
/// field of this contract encodes to at most 32 bytes).
#[cfg(feature = "std")]
fn padded_topic<T: ink::scale::Encode>(value: &T) -> [u8; 32] {
    let mut t = [0u8; 32];
    t.iter_mut().zip(value.encode()).for_each(|(t, b)| *t = b);
    t
}

#[cfg(feature = "std")]
impl Event {
    /// The topics after the signature topic: the `#[ink(topic)]` fields, in declaration order,
    /// as the chain records them. For tests and off-chain clients.
    pub fn topic_fields(&self) -> ink::prelude::vec::Vec<[u8; 32]> {
        use ink::prelude::vec;
        macro_rules! t {
            ($field:expr) => {
                padded_topic(&$field)
            };
        }
        match self {
            Event::BucketCreated(e) => vec![t!(e.bucket_id), t!(e.owner_id)],
            Event::BucketAllocated(e) => vec![t!(e.bucket_id), t!(e.cluster_id)],
            Event::BucketSettlePayment(e) => vec![t!(e.bucket_id), t!(e.cluster_id)],
            Event::BucketParamsSet(e) => vec![t!(e.bucket_id)],
            Event::BucketResourceCapSet(e) => vec![t!(e.bucket_id)],
            Event::BucketReleased(e) => vec![t!(e.bucket_id), t!(e.cluster_id)],
            Event::BucketClosed(e) => vec![t!(e.bucket_id), t!(e.cluster_id)],
            Event::GracePeriodSet(_) => vec![],
            Event::BucketOwnerOffered(e) => vec![t!(e.bucket_id), t!(e.owner_id)],
            Event::BucketOwnerChanged(e) => vec![t!(e.bucket_id), t!(e.owner_id)],
            Event::BucketWriterPermSet(e) => vec![t!(e.bucket_id), t!(e.writer)],
            Event::ClusterResourceSet(e) => vec![t!(e.cluster_id)],
            Event::ClusterNodeAdded(e) => vec![t!(e.cluster_id), t!(e.node_id)],
            Event::ClusterNodeRemoved(e) => vec![t!(e.cluster_id), t!(e.node_id)],
            Event::ClusterRemoved(e) => vec![t!(e.cluster_id)],
            Event::NodeCapacitySet(e) => vec![t!(e.node_id)],
            Event::NodeRentSet(e) => vec![t!(e.node_id)],
            Event::NodeRemoved(e) => vec![t!(e.node_id)],
            Event::NetworkFeesPaid(e) => vec![t!(e.destination)],
            Event::ClusterCreated(e) => vec![t!(e.cluster_id), t!(e.manager)],
            Event::ClusterNodeReplaced(e) => vec![t!(e.cluster_id), t!(e.node_id)],
            Event::ClusterReserveResource(e) => vec![t!(e.cluster_id)],
            Event::ClusterDistributeRevenues(e) => vec![t!(e.cluster_id), t!(e.provider_id)],
            Event::ClusterDistributeFees(_) => vec![],
            Event::ClusterParamsSet(e) => vec![t!(e.cluster_id)],
            Event::NodeCreated(e) => vec![t!(e.node_id), t!(e.provider_id)],
            Event::NodeParamsSet(e) => vec![t!(e.node_id)],
            Event::Deposit(e) => vec![t!(e.account_id)],
            Event::Withdraw(e) => vec![t!(e.account_id)],
            Event::GrantPermission(e) => vec![t!(e.account_id)],
            Event::RevokePermission(e) => vec![t!(e.account_id)],
            Event::ExchangeRateSet(_) => vec![],
            Event::FeeConfigSet(_) => vec![],
            Event::AdminWithdraw(e) => vec![t!(e.admin_id)],
        }
    }
}
