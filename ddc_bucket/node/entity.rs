use crate::error::{Error, Result};
use crate::types::{Balance, NodeId, NodeParams, ProviderId, Resource};

/// A node as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct NodeRecord {
    pub provider_id: ProviderId,
    /// USD per month, per vnode hosted, per unit of resource: the price of the vnodes placed
    /// on the node from now on (a vnode keeps the price it was placed at).
    pub rent_per_month: Balance,
    /// Capacity not reserved by clusters.
    pub free_resource: Resource,
    /// All the node offers; `capacity - free_resource` is reserved by clusters.
    pub capacity: Resource,
    /// Vnodes of all clusters on this node; it can be removed only when none.
    pub vnodes_hosted: u32,
}

/// A node as getters return it (upstream's layout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Node {
    pub provider_id: ProviderId,
    /// USD per month, per vnode hosted, per unit of resource.
    pub rent_per_month: Balance,
    /// Capacity not reserved by clusters.
    pub free_resource: Resource,
}

impl From<&NodeRecord> for Node {
    fn from(n: &NodeRecord) -> Self {
        Self {
            provider_id: n.provider_id,
            rent_per_month: n.rent_per_month,
            free_resource: n.free_resource,
        }
    }
}

impl NodeRecord {
    /// Capacity reserved by clusters.
    pub fn reserved(&self) -> Resource {
        self.capacity.saturating_sub(self.free_resource)
    }

    /// The node takes (`add`) or gives back `vnodes` vnodes of a cluster that reserves
    /// `resource` per vnode. `InsufficientResources` if it lacks the capacity.
    #[inline(never)]
    pub fn host(&mut self, vnodes: u32, resource: Resource, add: bool) -> Result<()> {
        let amount = resource
            .checked_mul(vnodes)
            .ok_or(Error::InsufficientResources)?;
        if add {
            self.vnodes_hosted = self
                .vnodes_hosted
                .checked_add(vnodes)
                .ok_or(Error::Overflow)?;
            self.free_resource = self
                .free_resource
                .checked_sub(amount)
                .ok_or(Error::InsufficientResources)?;
        } else {
            self.vnodes_hosted = self.vnodes_hosted.saturating_sub(vnodes);
            self.free_resource = self
                .free_resource
                .checked_add(amount)
                .ok_or(Error::Overflow)?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct NodeStatus {
    pub node_id: NodeId,
    pub node: Node,
    pub params: NodeParams,
}
