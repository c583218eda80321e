//! Node messages: register a node, change its params, trust and distrust cluster managers,
//! read and list nodes.

use super::entity::{Node, NodeStatus};
use crate::core::Ddc;
use crate::error::{Error, Result};
use crate::events::{Events, NodeCreated, NodeParamsSet};
use crate::limits::check_params;
use crate::paging::{collect, page, ListResult};
use crate::perm::entity::Permission;
use crate::types::{AccountId, Balance, Ctx, NodeId, NodeParams, Resource};

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
        let node = Node {
            provider_id: ctx.caller,
            rent_per_month,
            free_resource: capacity,
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

    pub fn node_change_params(
        &mut self,
        ctx: Ctx,
        node_id: NodeId,
        params: NodeParams,
        ev: &mut Events,
    ) -> Result<()> {
        let node = self.nodes.get(node_id)?;
        if node.provider_id != ctx.caller {
            return Err(Error::UnauthorizedProvider);
        }
        check_params(&params)?;
        self.nodes.set_params(node_id, &params);
        ev.push(NodeParamsSet { node_id, params }.into());
        self.accept_value(ctx, ev)
    }

    pub fn node_get(&self, node_id: NodeId) -> Result<NodeStatus> {
        Ok(NodeStatus {
            node_id,
            node: self.nodes.get(node_id)?,
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
        self.grant_permission(manager, Permission::ManagerTrustedBy(ctx.caller), ev)?;
        self.accept_value(ctx, ev)
    }

    pub fn node_distrust_manager(
        &mut self,
        ctx: Ctx,
        manager: AccountId,
        ev: &mut Events,
    ) -> Result<()> {
        self.revoke_permission(manager, Permission::ManagerTrustedBy(ctx.caller), ev)
    }
}
