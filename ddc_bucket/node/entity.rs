use crate::types::{Balance, NodeId, NodeParams, ProviderId, Resource};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Node {
    pub provider_id: ProviderId,
    /// USD per month, per vnode hosted, per unit of resource.
    pub rent_per_month: Balance,
    /// Capacity not reserved by clusters.
    pub free_resource: Resource,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct NodeStatus {
    pub node_id: NodeId,
    pub node: Node,
    pub params: NodeParams,
}
