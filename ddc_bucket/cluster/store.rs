use super::entity::ClusterCore;
use crate::error::{Error, Result};
use crate::paging::OwnerIndex;
use crate::types::{Balance, ClusterId, ClusterParams, NodeId};
use ink::prelude::vec::Vec;
use ink::storage::{traits::ManualKey, Mapping};

#[ink::storage_item]
#[derive(Default, Debug)]
pub struct ClusterStore {
    cores: Mapping<ClusterId, ClusterCore>,
    vnodes: Mapping<ClusterId, Vec<NodeId>>,
    revenues: Mapping<ClusterId, Balance>,
    params: Mapping<ClusterId, ClusterParams>,
    pub by_manager: OwnerIndex<ManualKey<0x434c_5553>>,
    /// Clusters created so far; ids are 1..=created.
    pub created: u32,
}

impl ClusterStore {
    pub fn exists(&self, id: ClusterId) -> bool {
        self.cores.contains(id)
    }

    pub fn core(&self, id: ClusterId) -> Result<ClusterCore> {
        self.cores.get(id).ok_or(Error::ClusterDoesNotExist)
    }

    pub fn save_core(&mut self, id: ClusterId, core: &ClusterCore) {
        self.cores.insert(id, core);
    }

    pub fn vnodes(&self, id: ClusterId) -> Vec<NodeId> {
        self.vnodes.get(id).unwrap_or_default()
    }

    pub fn save_vnodes(&mut self, id: ClusterId, vnodes: &Vec<NodeId>) {
        self.vnodes.insert(id, vnodes);
    }

    pub fn revenues(&self, id: ClusterId) -> Balance {
        self.revenues.get(id).unwrap_or(0)
    }

    pub fn set_revenues(&mut self, id: ClusterId, value: Balance) {
        self.revenues.insert(id, &value);
    }

    pub fn params(&self, id: ClusterId) -> Result<ClusterParams> {
        self.params.get(id).ok_or(Error::ParamsDoesNotExist)
    }

    pub fn set_params(&mut self, id: ClusterId, params: &ClusterParams) {
        self.params.insert(id, params);
    }

    pub fn create(
        &mut self,
        core: &ClusterCore,
        vnodes: &Vec<NodeId>,
        params: &ClusterParams,
    ) -> Result<ClusterId> {
        let id = self.created.checked_add(1).ok_or(Error::Overflow)?;
        self.by_manager.push(core.manager_id, id)?;
        self.created = id;
        self.save_core(id, core);
        self.save_vnodes(id, vnodes);
        self.set_params(id, params);
        Ok(id)
    }
}
