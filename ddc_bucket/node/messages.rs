//! Node messages: register a node, change its params, trust and distrust cluster managers,
//! read and list nodes.

use super::entity::{Node, NodeRecord, NodeStatus};
use crate::core::Ddc;
use crate::error::{Error, Result};
use crate::events::{
    Events, NodeCapacitySet, NodeCreated, NodeParamsSet, NodeRemoved, NodeRentSet,
};
use crate::limits::check_params;
use crate::paging::{collect, page, ListResult};
use crate::perm::entity::Permission;
use crate::types::{AccountId, Balance, Ctx, NodeId, NodeParams, Resource};

/// Who uses a node, for [`Ddc::node_for`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeUser {
    /// The node's provider.
    Provider,
    /// A cluster manager: the node's provider must trust it.
    Manager,
}

impl Ddc {
    pub fn node_create(
        &mut self,
        ctx: Ctx,
        rent_per_month: Balance,
        node_params: NodeParams,
        capacity: Resource,
        ev: &mut Events,
    ) -> Result<NodeId> {
        check_params(&node_params)?;
        let node = NodeRecord {
            provider_id: ctx.caller,
            rent_per_month,
            free_resource: capacity,
            capacity,
            vnodes_hosted: 0,
        };
        let node_id = self.nodes.create(&node, &node_params)?;
        ev.push(
            NodeCreated {
                node_id,
                provider_id: ctx.caller,
                rent_per_month,
                node_params,
            }
            .into(),
        );
        self.accept_value(ctx, ev)?;
        Ok(node_id)
    }

    /// The node, if `caller` may use it as `by` says: its provider, or a cluster manager its
    /// provider trusts (or a SuperAdmin). One function for both checks: each copy of the
    /// record's `Result` plumbing costs bytes.
    pub(crate) fn node_for(
        &self,
        caller: AccountId,
        node_id: NodeId,
        by: NodeUser,
    ) -> Result<NodeRecord> {
        // The read's own `Result` is returned, checked by reference: no copy of the record.
        let read = self.nodes.get(node_id);
        if let Ok(node) = &read {
            match by {
                NodeUser::Provider if node.provider_id != caller => {
                    return Err(Error::UnauthorizedProvider)
                }
                NodeUser::Manager
                    if !self
                        .perms
                        .has(caller, Permission::ManagerTrustedBy(node.provider_id)) =>
                {
                    return Err(Error::ClusterManagerIsNotTrusted)
                }
                _ => {}
            }
        }
        read
    }

    /// Sets the node's capacity, not below what clusters reserved on it.
    pub fn node_change_capacity(
        &mut self,
        ctx: Ctx,
        node_id: NodeId,
        capacity: Resource,
        ev: &mut Events,
    ) -> Result<()> {
        self.change_node(ctx, node_id, capacity, 0, true, ev)
    }

    /// Sets the node's rent: the price of vnodes placed on it from now on. Vnodes it hosts
    /// keep their price, so no allocation is re-priced.
    pub fn node_change_rent(
        &mut self,
        ctx: Ctx,
        node_id: NodeId,
        rent_per_month: Balance,
        ev: &mut Events,
    ) -> Result<()> {
        self.change_node(ctx, node_id, 0, rent_per_month, false, ev)
    }

    /// The two messages above in one function: they differ in the field set (`capacity`, or
    /// `rent_per_month`) and the event.
    fn change_node(
        &mut self,
        ctx: Ctx,
        node_id: NodeId,
        capacity: Resource,
        rent_per_month: Balance,
        set_capacity: bool,
        ev: &mut Events,
    ) -> Result<()> {
        let mut node = self.node_for(ctx.caller, node_id, NodeUser::Provider)?;
        if set_capacity {
            node.free_resource = capacity
                .checked_sub(node.reserved())
                .ok_or(Error::InsufficientResources)?;
            node.capacity = capacity;
        } else {
            node.rent_per_month = rent_per_month;
        }
        self.nodes.save(node_id, &node);
        ev.push(if set_capacity {
            NodeCapacitySet { node_id, capacity }.into()
        } else {
            NodeRentSet {
                node_id,
                rent_per_month,
            }
            .into()
        });
        Ok(())
    }

    /// Removes a node that hosts no vnode. Its id is never reused.
    pub fn node_remove(&mut self, ctx: Ctx, node_id: NodeId, ev: &mut Events) -> Result<()> {
        let node = self.node_for(ctx.caller, node_id, NodeUser::Provider)?;
        if node.vnodes_hosted > 0 {
            return Err(Error::NodeInUse);
        }
        self.nodes.remove(node_id, &node)?;
        ev.push(NodeRemoved { node_id }.into());
        Ok(())
    }

    pub fn node_change_params(
        &mut self,
        ctx: Ctx,
        node_id: NodeId,
        params: NodeParams,
        ev: &mut Events,
    ) -> Result<()> {
        self.node_for(ctx.caller, node_id, NodeUser::Provider)?;
        check_params(&params)?;
        self.nodes.set_params(node_id, &params);
        ev.push(NodeParamsSet { node_id, params }.into());
        self.accept_value(ctx, ev)
    }

    pub fn node_get(&self, node_id: NodeId) -> Result<NodeStatus> {
        Ok(NodeStatus {
            node_id,
            node: Node::from(&self.nodes.get(node_id)?),
            params: self.nodes.params(node_id)?,
        })
    }

    pub fn node_list(
        &self,
        offset: u32,
        limit: u32,
        filter_provider_id: Option<AccountId>,
    ) -> ListResult<NodeStatus> {
        collect(
            page(
                offset,
                limit,
                filter_provider_id,
                self.nodes.created,
                &self.nodes.by_provider,
            ),
            |id| self.node_get(id).ok(),
        )
    }

    pub fn node_trust_manager(
        &mut self,
        ctx: Ctx,
        manager: AccountId,
        ev: &mut Events,
    ) -> Result<()> {
        self.trust_manager(ctx, manager, true, ev)
    }

    pub fn node_distrust_manager(
        &mut self,
        ctx: Ctx,
        manager: AccountId,
        ev: &mut Events,
    ) -> Result<()> {
        self.trust_manager(ctx, manager, false, ev)
    }

    /// The caller, as a provider, trusts (`trust`) or distrusts `manager`: the two messages
    /// above in one function, which builds the permission once.
    #[inline(never)]
    fn trust_manager(
        &mut self,
        ctx: Ctx,
        manager: AccountId,
        trust: bool,
        ev: &mut Events,
    ) -> Result<()> {
        self.set_permission(
            ctx,
            manager,
            Permission::ManagerTrustedBy(ctx.caller),
            trust,
            ev,
        )
    }
}
