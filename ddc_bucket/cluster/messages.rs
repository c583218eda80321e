//! Cluster messages: create a cluster on trusted nodes, reserve capacity, re-assign vnodes,
//! distribute revenues, change params, read and list clusters.

use super::entity::{
    shift_payee, vnodes_per_node, Cluster, ClusterRecord, ClusterStatus, Payee, Payees,
};
use crate::cash::Cash;
use crate::core::Ddc;
use crate::error::{Error, Result};
use crate::events::{
    ClusterCreated, ClusterDistributeFees, ClusterDistributeRevenues, ClusterNodeAdded,
    ClusterNodeRemoved, ClusterNodeReplaced, ClusterParamsSet, ClusterRemoved,
    ClusterReserveResource, ClusterResourceSet, Events,
};
use crate::limits::check_params;
use crate::limits::MAX_VNODES;
// `mul` (one shared function, `Overflow` as `checked_mul`) rather than `checked_mul`, whose
// u128 overflow check LLVM inlines at each use; `add_to` (out of line) likewise for sums.
use crate::math::{add_to, mul, mul_div_floor};
use crate::node::entity::NodeRecord;
use crate::node::messages::NodeUser;
use crate::paging::{collect, page, ListResult};
use crate::types::{
    AccountId, Balance, ClusterId, ClusterParams, Ctx, NodeId, Resource, VNodeIndex,
};
use ink::prelude::vec::Vec;

/// Σ of the vnodes' prices.
fn sum(prices: &[Balance]) -> Result<Balance> {
    prices
        .iter()
        .try_fold(0, |mut s: Balance, p| add_to(&mut s, *p).map(|()| s))
}

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
        let mut nodes = Vec::with_capacity(node_ids.len());
        for &node_id in &node_ids {
            nodes.push((node_id, self.trusted_node(ctx.caller, node_id)?));
        }
        // Round-robin: vnode i goes to node_ids[i mod len], priced at that node's rent.
        let mut vnodes = Vec::with_capacity(vnode_count as usize);
        let mut prices = Vec::with_capacity(vnode_count as usize);
        for (node_id, node) in nodes.iter().cycle().take(vnode_count as usize) {
            vnodes.push(*node_id);
            prices.push(node.rent_per_month);
        }
        let core = ClusterRecord {
            manager_id: ctx.caller,
            resource_per_vnode: 0,
            resource_used: 0,
            total_rent: sum(&prices)?,
            removed: false,
        };
        // Each node takes its vnodes; its provider's share grows by their prices (its rent).
        let mut hosts = Vec::new();
        let mut payees = Payees::new();
        for (node_id, hosted) in vnodes_per_node(&vnodes) {
            let (_, mut node) = *nodes
                .iter()
                .find(|(id, _)| *id == node_id)
                .ok_or(Error::NodeDoesNotExist)?;
            node.host(hosted, 0, true)?;
            let weight = mul(node.rent_per_month, Balance::from(hosted))?;
            shift_payee(&mut payees, node.provider_id, weight, hosted, true)?;
            hosts.push((node_id, node));
        }
        let cluster_id = self
            .clusters
            .create(&core, &vnodes, &prices, &payees, &cluster_params)?;
        self.save_nodes(&hosts);
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

    /// The nodes of `vnodes` after they give back their vnodes and `resource` per vnode
    /// (`cluster_remove`: `add` and `resize` false), or (`resize`) reserve `resource` more
    /// (`add`: only from nodes whose provider trusts `manager`) or give back that much per vnode
    /// they host; not saved. `InsufficientResources` if a node lacks the capacity. One loop for
    /// `cluster_remove` and the resizes.
    #[inline(never)]
    fn host_vnodes(
        &self,
        manager: AccountId,
        vnodes: &[NodeId],
        resource: Resource,
        add: bool,
        resize: bool,
    ) -> Result<Vec<(NodeId, NodeRecord)>> {
        let mut hosts = Vec::new();
        for (node_id, hosted) in vnodes_per_node(vnodes) {
            let mut node = if resize && add {
                self.trusted_node(manager, node_id)?
            } else {
                self.nodes.get(node_id)?
            };
            if resize {
                let amount = resource
                    .checked_mul(hosted)
                    .ok_or(Error::InsufficientResources)?;
                node.free_resource = if add {
                    node.free_resource.checked_sub(amount)
                } else {
                    node.free_resource.checked_add(amount)
                }
                .ok_or(Error::InsufficientResources)?;
            } else {
                node.host(hosted, resource, add)?;
            }
            hosts.push((node_id, node));
        }
        Ok(hosts)
    }

    fn save_nodes(&mut self, nodes: &[(NodeId, NodeRecord)]) {
        for (node_id, node) in nodes {
            self.nodes.save(*node_id, node);
        }
    }

    /// The node, if `manager` may use it: its provider trusts `manager` (or `manager` is a
    /// SuperAdmin).
    fn trusted_node(&self, manager: AccountId, node_id: NodeId) -> Result<NodeRecord> {
        self.node_for(manager, node_id, NodeUser::Manager)
    }

    /// The cluster, if `caller` manages it and it was not removed, and (`unused`) no bucket
    /// holds resource in it. One function for both checks: each copy of the record's
    /// `Result` plumbing costs bytes.
    fn managed_cluster(
        &self,
        caller: AccountId,
        cluster_id: ClusterId,
        unused: bool,
    ) -> Result<ClusterRecord> {
        // The read's own `Result` is returned, checked by reference: no copy of the record.
        let read = self.clusters.get(cluster_id);
        if let Ok(core) = &read {
            if core.manager_id != caller {
                return Err(Error::UnauthorizedClusterManager);
            }
            if core.removed {
                return Err(Error::ClusterWasRemoved);
            }
            if unused && core.resource_used > 0 {
                return Err(Error::ClusterInUse);
            }
        }
        read
    }

    /// Reserves `amount` more per vnode: a node hosting k vnodes gives k × amount. Every node's
    /// provider must still trust the manager (a revoked trust stops further reservations).
    pub fn cluster_reserve_resource(
        &mut self,
        ctx: Ctx,
        cluster_id: ClusterId,
        amount: Resource,
        ev: &mut Events,
    ) -> Result<()> {
        self.resize_cluster(ctx, cluster_id, amount, true, ev)
    }

    /// Sets the resource reserved per vnode: up (as `cluster_reserve_resource`) or down to
    /// what buckets use at least, the capacity going back to the nodes.
    pub fn cluster_set_resource_per_v_node(
        &mut self,
        ctx: Ctx,
        cluster_id: ClusterId,
        new_resource_per_v_node: Resource,
        ev: &mut Events,
    ) -> Result<()> {
        self.resize_cluster(ctx, cluster_id, new_resource_per_v_node, false, ev)
    }

    /// Both messages above in one function (they differ in the target and the event):
    /// reserves `resource` more per vnode (`reserve`) or sets it per vnode.
    fn resize_cluster(
        &mut self,
        ctx: Ctx,
        cluster_id: ClusterId,
        resource: Resource,
        reserve: bool,
        ev: &mut Events,
    ) -> Result<()> {
        let mut core = self.managed_cluster(ctx.caller, cluster_id, false)?;
        let target = if reserve {
            core.resource_per_vnode
                .checked_add(resource)
                .ok_or(Error::Overflow)?
        } else if resource < core.resource_used {
            return Err(Error::InsufficientResources);
        } else {
            resource
        };
        let grow = target >= core.resource_per_vnode;
        let delta = target.abs_diff(core.resource_per_vnode);
        let updated = self.host_vnodes(
            ctx.caller,
            &self.clusters.vnodes(cluster_id),
            delta,
            grow,
            true,
        )?;
        self.save_nodes(&updated);
        core.resource_per_vnode = target;
        self.clusters.save(cluster_id, &core);
        ev.push(if reserve {
            ClusterReserveResource {
                cluster_id,
                resource,
            }
            .into()
        } else {
            ClusterResourceSet {
                cluster_id,
                resource_per_vnode: resource,
            }
            .into()
        });
        Ok(())
    }

    /// Moves vnode `vnode_i` to `new_node_id`: first the revenues settled so far are
    /// distributed at the current assignment (the old host is paid for what it hosted), then
    /// the old node gets its reservation back and the new one gives it. The vnode keeps its
    /// price: `total_rent` and what buckets pay do not change.
    pub fn cluster_replace_node(
        &mut self,
        ctx: Ctx,
        cluster_id: ClusterId,
        vnode_i: VNodeIndex,
        new_node_id: NodeId,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
        ev: &mut Events,
    ) -> Result<()> {
        let core = self.managed_cluster(ctx.caller, cluster_id, false)?;
        let mut vnodes = self.clusters.vnodes(cluster_id);
        let slot = vnodes
            .get_mut(vnode_i as usize)
            .ok_or(Error::VNodeDoesNotExist)?;
        let old_node_id = *slot;
        let mut old_node = self.nodes.get(old_node_id)?;
        let mut new_node = self.trusted_node(ctx.caller, new_node_id)?;
        *slot = new_node_id;
        if old_node_id != new_node_id {
            let price = self
                .clusters
                .vnode_prices(cluster_id)
                .get(vnode_i as usize)
                .copied()
                .unwrap_or_default();
            let mut payees = self.clusters.payees(cluster_id);
            shift_payee(&mut payees, old_node.provider_id, price, 1, false)?;
            shift_payee(&mut payees, new_node.provider_id, price, 1, true)?;
            old_node.host(1, core.resource_per_vnode, false)?;
            new_node.host(1, core.resource_per_vnode, true)?;
            self.distribute_pending(cluster_id, pay, ev)?;
            self.nodes.save(old_node_id, &old_node);
            self.nodes.save(new_node_id, &new_node);
            self.clusters.save_vnodes(cluster_id, &vnodes);
            self.clusters.save_payees(cluster_id, &payees);
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

    /// Appends `vnode_count` vnodes on `node_id` to the ring, priced at the node's rent now,
    /// each reserving the cluster's `resource_per_vnode` on the node, after paying out the
    /// revenues settled on the ring as it was. Only while no bucket uses the cluster:
    /// allocations were bought on the ring as it was.
    pub fn cluster_add_node(
        &mut self,
        ctx: Ctx,
        cluster_id: ClusterId,
        node_id: NodeId,
        vnode_count: u32,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
        ev: &mut Events,
    ) -> Result<()> {
        let mut core = self.managed_cluster(ctx.caller, cluster_id, true)?;
        let mut node = self.trusted_node(ctx.caller, node_id)?;
        let mut vnodes = self.clusters.vnodes(cluster_id);
        let mut prices = self.clusters.vnode_prices(cluster_id);
        if vnode_count == 0 {
            return Err(Error::NoVNodes);
        }
        u32::try_from(vnodes.len())
            .ok()
            .and_then(|n| n.checked_add(vnode_count))
            .filter(|n| *n <= MAX_VNODES)
            .ok_or(Error::TooManyVNodes)?;
        // Pushes, not `resize`: the push functions are shared with `cluster_create`, while
        // each `resize` would be inlined here.
        for _ in 0..vnode_count {
            vnodes.push(node_id);
            prices.push(node.rent_per_month);
        }
        node.host(vnode_count, core.resource_per_vnode, true)?;
        let weight = mul(node.rent_per_month, Balance::from(vnode_count))?;
        let mut payees = self.clusters.payees(cluster_id);
        shift_payee(&mut payees, node.provider_id, weight, vnode_count, true)?;
        core.total_rent = sum(&prices)?;
        // The revenues settled on the old ring are paid by its prices before it changes.
        self.distribute_pending(cluster_id, pay, ev)?;
        self.save_ring(cluster_id, &core, &vnodes, &prices, &payees, node_id, &node);
        ev.push(
            ClusterNodeAdded {
                cluster_id,
                node_id,
                vnode_count,
            }
            .into(),
        );
        Ok(())
    }

    /// Takes every vnode of `node_id` out of the ring, the capacity back to the node, after
    /// paying out the revenues settled on the ring as it was. Only while no bucket uses the
    /// cluster, and not its last node.
    pub fn cluster_remove_node(
        &mut self,
        ctx: Ctx,
        cluster_id: ClusterId,
        node_id: NodeId,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
        ev: &mut Events,
    ) -> Result<()> {
        let mut core = self.managed_cluster(ctx.caller, cluster_id, true)?;
        let ring = self.clusters.vnodes(cluster_id);
        let ring_prices = self.clusters.vnode_prices(cluster_id);
        let mut vnodes = Vec::with_capacity(ring.len());
        let mut prices = Vec::with_capacity(ring.len());
        // What the node's vnodes weigh, and how many they are.
        let (mut weight, mut count): (Balance, u32) = (0, 0);
        for (&id, &price) in ring
            .iter()
            .zip(ring_prices.iter().chain(core::iter::repeat(&0)))
        {
            if id == node_id {
                add_to(&mut weight, price)?;
                count = count.checked_add(1).ok_or(Error::Overflow)?;
            } else {
                vnodes.push(id);
                prices.push(price);
            }
        }
        if count == 0 {
            return Err(Error::NodeDoesNotExist);
        }
        if vnodes.is_empty() {
            return Err(Error::NoNodes);
        }
        let mut node = self.nodes.get(node_id)?;
        node.host(count, core.resource_per_vnode, false)?;
        let mut payees = self.clusters.payees(cluster_id);
        shift_payee(&mut payees, node.provider_id, weight, count, false)?;
        core.total_rent = sum(&prices)?;
        // The revenues settled on the old ring are paid by its prices before it changes.
        self.distribute_pending(cluster_id, pay, ev)?;
        self.save_ring(cluster_id, &core, &vnodes, &prices, &payees, node_id, &node);
        ev.push(
            ClusterNodeRemoved {
                cluster_id,
                node_id,
            }
            .into(),
        );
        Ok(())
    }

    /// Saves a reshaped ring: its vnodes, their prices, the cluster (with the price of a unit,
    /// their sum), the providers' shares and the node that took or gave back vnodes. Called
    /// once every check passed: it cannot fail. All by reference: no copy of the records.
    #[allow(clippy::too_many_arguments)]
    fn save_ring(
        &mut self,
        cluster_id: ClusterId,
        core: &ClusterRecord,
        vnodes: &Vec<NodeId>,
        prices: &Vec<Balance>,
        payees: &Payees,
        node_id: NodeId,
        node: &NodeRecord,
    ) {
        self.nodes.save(node_id, node);
        self.clusters.save_vnodes(cluster_id, vnodes);
        self.clusters.save_vnode_prices(cluster_id, prices);
        self.clusters.save_payees(cluster_id, payees);
        self.clusters.save(cluster_id, core);
    }

    /// Removes a cluster no bucket uses: its revenues are distributed, every reservation goes
    /// back to the nodes, and it takes no reservation or allocation any more.
    pub fn cluster_remove(
        &mut self,
        ctx: Ctx,
        cluster_id: ClusterId,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
        ev: &mut Events,
    ) -> Result<()> {
        let mut core = self.managed_cluster(ctx.caller, cluster_id, true)?;
        let hosts = self.host_vnodes(
            ctx.caller,
            &self.clusters.vnodes(cluster_id),
            core.resource_per_vnode,
            false,
            false,
        )?;
        self.distribute_pending(cluster_id, pay, ev)?;
        self.save_nodes(&hosts);
        core.resource_per_vnode = 0;
        core.removed = true;
        self.clusters.save(cluster_id, &core);
        ev.push(ClusterRemoved { cluster_id }.into());
        Ok(())
    }

    /// Distributes the cluster's revenues at its current assignment, if there are any: before
    /// the ring changes, the hosts are paid for what was settled while they hosted.
    fn distribute_pending(
        &mut self,
        cluster_id: ClusterId,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
        ev: &mut Events,
    ) -> Result<()> {
        if self.ledger.revenues(cluster_id).total()? > 0 {
            self.cluster_distribute_revenues(cluster_id, pay, ev)?;
        }
        Ok(())
    }

    /// Pays the fees taken at settlement (the network fees of all clusters to their
    /// destination, this cluster's management fee to its manager) and each provider its share
    /// of the rest: in proportion to the prices of the vnodes its nodes host (all prices
    /// zero: in proportion to the vnodes), in the order the providers joined the cluster. One
    /// payment and one event per provider; rounding dust stays in the cluster for next time.
    /// Never blocks: a refused transfer is credited to the recipient's deposit. Reads no node
    /// and not the ring: the providers' shares are kept up to date as the ring changes.
    pub fn cluster_distribute_revenues(
        &mut self,
        cluster_id: ClusterId,
        pay: &mut impl FnMut(AccountId, Balance) -> bool,
        ev: &mut Events,
    ) -> Result<()> {
        let core = self.clusters.get(cluster_id)?;
        let revenues = self.ledger.revenues(cluster_id);
        let payees = self.clusters.payees(cluster_id);
        // Each provider's weight: the prices of the vnodes it hosts (all zero: the vnodes).
        let by_count = core.total_rent == 0;
        let weight = |p: &Payee| {
            if by_count {
                Balance::from(p.vnodes)
            } else {
                p.weight
            }
        };
        let mut total_weight: Balance = 0;
        for p in payees.iter() {
            add_to(&mut total_weight, weight(p))?;
        }
        // The shares alone, in the payees' order: no second list of accounts to build and move.
        let mut shares: Vec<Balance> = Vec::with_capacity(payees.len());
        let mut distributed: Balance = 0;
        for p in payees.iter() {
            let share = if total_weight == 0 {
                0
            } else {
                mul_div_floor(revenues.to_providers, weight(p), total_weight)?
            };
            add_to(&mut distributed, share)?;
            shares.push(share);
        }
        let leftover = revenues
            .to_providers
            .checked_sub(distributed)
            .ok_or(Error::Overflow)?;
        self.keep_revenues(cluster_id, leftover);

        let destination = self.ledger.network_fee_destination();
        let network_fee = self.ledger.network_fees();
        if network_fee > 0 || revenues.management_fee > 0 {
            ev.push(
                ClusterDistributeFees {
                    cluster_id,
                    network_fee,
                    network_fee_destination: destination,
                    cluster_management_fee: revenues.management_fee,
                    manager_id: core.manager_id,
                }
                .into(),
            );
        }
        self.pay_network_fees(destination, pay, ev)?;
        self.pay_out(core.manager_id, revenues.management_fee, pay, ev)?;
        for (p, value) in payees.iter().zip(shares) {
            ev.push(
                ClusterDistributeRevenues {
                    cluster_id,
                    provider_id: p.provider_id,
                    value,
                }
                .into(),
            );
            self.pay_out(p.provider_id, value, pay, ev)?;
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
        self.managed_cluster(ctx.caller, cluster_id, false)?;
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
                    value: self.ledger.revenues(cluster_id).total()?,
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
