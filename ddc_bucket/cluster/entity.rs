use crate::cash::Cash;
use crate::error::{Error, Result};
use crate::types::{AccountId, Balance, ClusterId, ClusterParams, NodeId, Resource};
use ink::prelude::vec::Vec;

/// A cluster as clients see it (upstream's field order).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Cluster {
    pub manager_id: AccountId,
    /// `vnodes[i]` is the node hosting vnode i; the index order is the ring order.
    pub vnodes: Vec<NodeId>,
    /// Capacity reserved on each vnode's node.
    pub resource_per_vnode: Resource,
    /// Capacity per vnode sold to buckets; at most `resource_per_vnode`.
    pub resource_used: Resource,
    /// CERE collected from buckets and not yet distributed.
    pub revenues: Cash,
    /// Σ over vnodes of each vnode's price (its node's rent when the vnode was placed): what
    /// one unit of resource costs per month.
    pub total_rent: Balance,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct ClusterStatus {
    pub cluster_id: ClusterId,
    pub cluster: Cluster,
    pub params: ClusterParams,
}

/// The stored part of a cluster that allocations need. The vnode list (up to 1.2 KB) and the
/// revenues are stored apart, so a settlement or an allocation never loads the vnode list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ClusterRecord {
    pub manager_id: AccountId,
    pub resource_per_vnode: Resource,
    pub resource_used: Resource,
    /// Σ of the vnodes' prices: what one unit of resource costs per month.
    pub total_rent: Balance,
    /// Removed by its manager: no reservation, no allocation; late revenues (debts paid after)
    /// are still distributed to the providers that hosted it.
    pub removed: bool,
}

/// Each distinct node of `vnodes` with how many vnodes it hosts, in order of first appearance.
pub fn vnodes_per_node(vnodes: &[NodeId]) -> Vec<(NodeId, u32)> {
    let mut counts: Vec<(NodeId, u32)> = Vec::new();
    for &node_id in vnodes {
        match counts.iter_mut().find(|(id, _)| *id == node_id) {
            Some((_, n)) => *n = n.saturating_add(1),
            None => counts.push((node_id, 1)),
        }
    }
    counts
}

/// What a provider is paid for in a cluster: the prices of the vnodes its nodes host, and how
/// many they are (the weight when every price is zero). Kept up to date when the ring changes,
/// so a distribution reads one short list instead of the ring, its prices and every node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Payee {
    pub provider_id: AccountId,
    /// Σ of the prices of the vnodes the provider's nodes host.
    pub weight: Balance,
    pub vnodes: u32,
}

/// A cluster's payees, in the order they joined it; a provider whose nodes host no vnode any
/// more leaves the list.
pub type Payees = Vec<Payee>;

/// Adds (`add`) or takes away `vnodes` vnodes of total price `weight` hosted by `provider_id`.
pub fn shift_payee(
    payees: &mut Payees,
    provider_id: AccountId,
    weight: Balance,
    vnodes: u32,
    add: bool,
) -> Result<()> {
    let at = payees.iter().position(|p| p.provider_id == provider_id);
    match (at, add) {
        (Some(i), _) => {
            let payee = payees.get_mut(i).ok_or(Error::Overflow)?;
            if add {
                crate::math::add_to(&mut payee.weight, weight)?;
                payee.vnodes = payee.vnodes.checked_add(vnodes).ok_or(Error::Overflow)?;
            } else {
                crate::math::sub_from(&mut payee.weight, weight)?;
                payee.vnodes = payee.vnodes.checked_sub(vnodes).ok_or(Error::Overflow)?;
                if payee.vnodes == 0 {
                    payees.remove(i);
                }
            }
        }
        (None, true) => payees.push(Payee {
            provider_id,
            weight,
            vnodes,
        }),
        (None, false) => return Err(Error::Overflow),
    }
    Ok(())
}
