//! Cluster messages: create a cluster on trusted nodes, reserve capacity, re-assign vnodes,
//! distribute revenues, change params, read and list clusters.

use super::entity::{vnodes_per_node, Cluster, ClusterRecord, ClusterStatus};
use crate::cash::Cash;
use crate::core::Ddc;
use crate::error::{Error, Result};
use crate::events::{
    ClusterCreated, ClusterDistributeFees, ClusterDistributeRevenues, ClusterNodeReplaced,
    ClusterParamsSet, ClusterReserveResource, Events,
};
use crate::limits::check_params;
use crate::limits::MAX_VNODES;
use crate::math::{mul, mul_div_floor};
use crate::node::entity::Node;
use crate::paging::{collect, page, ListResult};
use crate::perm::entity::Permission;
use crate::types::{
    AccountId, Balance, ClusterId, ClusterParams, Ctx, NodeId, Resource, VNodeIndex,
};
use ink::prelude::vec::Vec;

impl Ddc {
    pub fn cluster_create(
        &mut self,
        ctx: Ctx,
        vnode_count: u32,
        node_ids: Vec<NodeId>,
        cluster_params: ClusterParams,
        ev: &mut Events,
    ) -> Result<ClusterId> {
        if vnode_count == 0 {
            return Err(Error::NoVNodes);
        }
        if vnode_count > MAX_VNODES {
            return Err(Error::TooManyVNodes);
        }
        if node_ids.is_empty() {
            return Err(Error::NoNodes);
        }
        if node_ids.len() > MAX_VNODES as usize {
            return Err(Error::TooManyNodes);
        }
        check_params(&cluster_params)?;
        let mut rents = Vec::with_capacity(node_ids.len());
        for &node_id in &node_ids {
            let node = self.trusted_node(ctx.caller, node_id)?;
            rents.push((node_id, node.rent_per_month));
        }
        // Round-robin: vnode i goes to node_ids[i mod len].
        let mut vnodes = Vec::with_capacity(vnode_count as usize);
        let mut total_rent: Balance = 0;
        for &(node_id, rent) in rents.iter().cycle().take(vnode_count as usize) {
            vnodes.push(node_id);
            total_rent = total_rent.checked_add(rent).ok_or(Error::Overflow)?;
        }
        let core = ClusterRecord {
            manager_id: ctx.caller,
            resource_per_vnode: 0,
            resource_used: 0,
            total_rent,
        };
        let cluster_id = self.clusters.create(&core, &vnodes, &cluster_params)?;
        ev.push(
            ClusterCreated {
                cluster_id,
                manager: ctx.caller,
                cluster_params,
            }
            .into(),
        );
        self.accept_value(ctx, ev)?;
        Ok(cluster_id)
    }

    /// The node, if `manager` may use it: its provider trusts `manager` (or `manager` is a
    /// SuperAdmin).
    fn trusted_node(&self, manager: AccountId, node_id: NodeId) -> Result<Node> {
        let node = self.nodes.get(node_id)?;
        if !self
            .perms
            .has(manager, Permission::ManagerTrustedBy(node.provider_id))
        {
            return Err(Error::ClusterManagerIsNotTrusted);
        }
        Ok(node)
    }

    fn managed_cluster(&self, caller: AccountId, cluster_id: ClusterId) -> Result<ClusterRecord> {
        let core = self.clusters.get(cluster_id)?;
        if core.manager_id != caller {
            return Err(Error::UnauthorizedClusterManager);
        }
        Ok(core)
    }

    /// Reserves `amount` more per vnode: a node hosting k vnodes gives k × amount.
    pub fn cluster_reserve_resource(
        &mut self,
        ctx: Ctx,
        cluster_id: ClusterId,
        amount: Resource,
        ev: &mut Events,
    ) -> Result<()> {
        let mut core = self.managed_cluster(ctx.caller, cluster_id)?;
        core.resource_per_vnode = core
            .resource_per_vnode
            .checked_add(amount)
            .ok_or(Error::Overflow)?;
        let mut updated = Vec::new();
        for (node_id, hosted) in vnodes_per_node(&self.clusters.vnodes(cluster_id)) {
            let mut node = self.nodes.get(node_id)?;
            let needed = amount
                .checked_mul(hosted)
                .ok_or(Error::InsufficientResources)?;
            node.free_resource = node
                .free_resource
                .checked_sub(needed)
                .ok_or(Error::InsufficientResources)?;
            updated.push((node_id, node));
        }
        for (node_id, node) in &updated {
            self.nodes.save(*node_id, node);
        }
        self.clusters.save(cluster_id, &core);
        ev.push(
            ClusterReserveResource {
                cluster_id,
                resource: amount,
            }
            .into(),
        );
        Ok(())
    }

    /// Moves vnode `vnode_i` to `new_node_id`: the old node gets its reservation back, the new
    /// one gives it, and `total_rent` follows the rent change.
    pub fn cluster_replace_node(
        &mut self,
        ctx: Ctx,
        cluster_id: ClusterId,
        vnode_i: VNodeIndex,
        new_node_id: NodeId,
        ev: &mut Events,
    ) -> Result<()> {
        let mut core = self.managed_cluster(ctx.caller, cluster_id)?;
        let mut vnodes = self.clusters.vnodes(cluster_id);
        let slot = vnodes
            .get_mut(vnode_i as usize)
            .ok_or(Error::VNodeDoesNotExist)?;
        let old_node_id = *slot;
        let mut old_node = self.nodes.get(old_node_id)?;
        let mut new_node = self.trusted_node(ctx.caller, new_node_id)?;
        *slot = new_node_id;
        if old_node_id != new_node_id {
            old_node.free_resource = old_node
                .free_resource
                .checked_add(core.resource_per_vnode)
                .ok_or(Error::Overflow)?;
            new_node.free_resource = new_node
                .free_resource
                .checked_sub(core.resource_per_vnode)
                .ok_or(Error::InsufficientResources)?;
            core.total_rent = core
                .total_rent
                .checked_sub(old_node.rent_per_month)
                .and_then(|r| r.checked_add(new_node.rent_per_month))
                .ok_or(Error::Overflow)?;
            self.nodes.save(old_node_id, &old_node);
            self.nodes.save(new_node_id, &new_node);
            self.clusters.save(cluster_id, &core);
            self.clusters.save_vnodes(cluster_id, &vnodes);
        }
        ev.push(
            ClusterNodeReplaced {
                cluster_id,
                node_id: new_node_id,
                vnode_index: vnode_i,
            }
            .into(),
        );
        Ok(())
    }

    /// Pays the network fee, the management fee, and each provider its share: per vnode, in
    /// proportion to the hosting node's rent (equal rents give equal shares). One payment and
    /// one event per provider; rounding dust stays in the cluster for next time. Never blocks:
    /// a refused transfer is credited to the recipient's deposit.
    pub fn cluster_distribute_revenues(
        &mut self,
        cluster_id: ClusterId,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
        ev: &mut Events,
    ) -> Result<()> {
        let core = self.clusters.get(cluster_id)?;
        let fee_config = self.fees.get();
        let split = fee_config.split(self.ledger.revenues(cluster_id))?;

        // Each node's weight is its rent per vnode; if every rent is zero, vnodes weigh equally.
        let mut hosts: Vec<(AccountId, Balance, u32)> = Vec::new();
        for (node_id, hosted) in vnodes_per_node(&self.clusters.vnodes(cluster_id)) {
            let node = self.nodes.get(node_id)?;
            hosts.push((node.provider_id, node.rent_per_month, hosted));
        }
        let mut total_weight: Balance = 0;
        for &(_, rent, hosted) in &hosts {
            // `mul`, not `checked_mul`: one shared routine instead of an inlined 128-bit
            // overflow check (same `Overflow`, fewer wasm bytes).
            total_weight = mul(rent, Balance::from(hosted))?
                .checked_add(total_weight)
                .ok_or(Error::Overflow)?;
        }
        let equal_weights = total_weight == 0;
        if equal_weights {
            total_weight = hosts.iter().try_fold(0, |sum: Balance, h| {
                sum.checked_add(Balance::from(h.2)).ok_or(Error::Overflow)
            })?;
        }

        let mut providers: Vec<(AccountId, Balance)> = Vec::new();
        let mut distributed: Balance = 0;
        for (provider_id, rent, hosted) in hosts {
            let weight = if equal_weights { 1 } else { rent };
            let per_vnode = mul_div_floor(split.to_providers, weight, total_weight)?;
            let share = mul(per_vnode, Balance::from(hosted))?;
            distributed = distributed.checked_add(share).ok_or(Error::Overflow)?;
            match providers.iter_mut().find(|(p, _)| *p == provider_id) {
                Some((_, sum)) => *sum = sum.checked_add(share).ok_or(Error::Overflow)?,
                None => providers.push((provider_id, share)),
            }
        }
        let leftover = split
            .to_providers
            .checked_sub(distributed)
            .ok_or(Error::Overflow)?;
        self.keep_revenues(cluster_id, leftover);

        if split.network_fee > 0 || split.management_fee > 0 {
            ev.push(
                ClusterDistributeFees {
                    cluster_id,
                    network_fee: split.network_fee,
                    network_fee_destination: fee_config.network_fee_destination,
                    cluster_management_fee: split.management_fee,
                    manager_id: core.manager_id,
                }
                .into(),
            );
        }
        self.pay_out(
            fee_config.network_fee_destination,
            split.network_fee,
            pay,
            ev,
        )?;
        self.pay_out(core.manager_id, split.management_fee, pay, ev)?;
        for (provider_id, value) in providers {
            ev.push(
                ClusterDistributeRevenues {
                    cluster_id,
                    provider_id,
                    value,
                }
                .into(),
            );
            self.pay_out(provider_id, value, pay, ev)?;
        }
        Ok(())
    }

    pub fn cluster_change_params(
        &mut self,
        ctx: Ctx,
        cluster_id: ClusterId,
        params: ClusterParams,
        ev: &mut Events,
    ) -> Result<()> {
        self.managed_cluster(ctx.caller, cluster_id)?;
        check_params(&params)?;
        self.clusters.set_params(cluster_id, &params);
        ev.push(ClusterParamsSet { cluster_id, params }.into());
        self.accept_value(ctx, ev)
    }

    pub fn cluster_get(&self, cluster_id: ClusterId) -> Result<ClusterStatus> {
        let core = self.clusters.get(cluster_id)?;
        Ok(ClusterStatus {
            cluster_id,
            cluster: Cluster {
                manager_id: core.manager_id,
                vnodes: self.clusters.vnodes(cluster_id),
                resource_per_vnode: core.resource_per_vnode,
                resource_used: core.resource_used,
                revenues: Cash {
                    value: self.ledger.revenues(cluster_id),
                },
                total_rent: core.total_rent,
            },
            params: self.clusters.params(cluster_id)?,
        })
    }

    pub fn cluster_list(
        &self,
        offset: u32,
        limit: u32,
        filter_manager_id: Option<AccountId>,
    ) -> ListResult<ClusterStatus> {
        collect(
            page(
                offset,
                limit,
                filter_manager_id,
                self.clusters.created,
                &self.clusters.by_manager,
            ),
            |id| self.cluster_get(id).ok(),
        )
    }
}
