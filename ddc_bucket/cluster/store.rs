use super::entity::{ClusterRecord, Payees};
use crate::cells;
use crate::error::{Error, Result};
use crate::paging::OwnerIndex;
use crate::types::{Balance, ClusterId, ClusterParams, NodeId};
use ink::prelude::vec::Vec;
use ink::storage::{traits::ManualKey, Mapping};

#[ink::storage_item]
#[derive(Default, Debug)]
pub struct ClusterStore {
    records: Mapping<ClusterId, ClusterRecord>,
    vnodes: Mapping<ClusterId, Vec<NodeId>>,
    /// Each vnode's price: the rent of its node when the vnode was placed. It stays with the
    /// vnode when the vnode moves to another node, so what buckets pay for a vnode is what its
    /// hosts are paid for it.
    vnode_prices: Mapping<ClusterId, Vec<Balance>>,
    /// Each provider's share of the ring (see `Payee`): what a distribution reads.
    payees: Mapping<ClusterId, Payees>,
    params: Mapping<ClusterId, ClusterParams>,
    pub by_manager: OwnerIndex<ManualKey<0x434c_5553>>,
    /// Clusters created so far; ids are 1..=created.
    pub created: u32,
}

impl ClusterStore {
    pub fn exists(&self, id: ClusterId) -> bool {
        cells::contains(&self.records, id)
    }

    pub fn get(&self, id: ClusterId) -> Result<ClusterRecord> {
        cells::get(&self.records, id).ok_or(Error::ClusterDoesNotExist)
    }

    pub fn save(&mut self, id: ClusterId, core: &ClusterRecord) {
        cells::insert(&mut self.records, id, core);
    }

    pub fn vnodes(&self, id: ClusterId) -> Vec<NodeId> {
        cells::get(&self.vnodes, id).unwrap_or_default()
    }

    pub fn save_vnodes(&mut self, id: ClusterId, vnodes: &Vec<NodeId>) {
        cells::insert(&mut self.vnodes, id, vnodes);
    }

    pub fn vnode_prices(&self, id: ClusterId) -> Vec<Balance> {
        cells::get_list(&self.vnode_prices, id).unwrap_or_default()
    }

    pub fn save_vnode_prices(&mut self, id: ClusterId, prices: &Vec<Balance>) {
        cells::insert(&mut self.vnode_prices, id, prices);
    }

    pub fn payees(&self, id: ClusterId) -> Payees {
        cells::get_list(&self.payees, id).unwrap_or_default()
    }

    pub fn save_payees(&mut self, id: ClusterId, payees: &Payees) {
        cells::insert(&mut self.payees, id, payees);
    }

    pub fn params(&self, id: ClusterId) -> Result<ClusterParams> {
        cells::get(&self.params, id).ok_or(Error::ParamsDoesNotExist)
    }

    pub fn set_params(&mut self, id: ClusterId, params: &ClusterParams) {
        cells::insert(&mut self.params, id, params);
    }

    pub fn create(
        &mut self,
        core: &ClusterRecord,
        vnodes: &Vec<NodeId>,
        prices: &Vec<Balance>,
        payees: &Payees,
        params: &ClusterParams,
    ) -> Result<ClusterId> {
        let id = self.created.checked_add(1).ok_or(Error::Overflow)?;
        self.by_manager.push(&core.manager_id, id)?;
        self.created = id;
        self.save(id, core);
        self.save_vnodes(id, vnodes);
        self.save_vnode_prices(id, prices);
        self.save_payees(id, payees);
        self.set_params(id, params);
        Ok(id)
    }
}
