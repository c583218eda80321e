use super::entity::NodeRecord;
use crate::cells;
use crate::error::{Error, Result};
use crate::paging::OwnerIndex;
use crate::types::{NodeId, NodeParams};
use ink::storage::{traits::ManualKey, Mapping};

#[ink::storage_item]
#[derive(Default, Debug)]
pub struct NodeStore {
    nodes: Mapping<NodeId, NodeRecord>,
    params: Mapping<NodeId, NodeParams>,
    pub by_provider: OwnerIndex<ManualKey<0x4e4f_4445>>,
    /// Nodes created so far; ids are 1..=created.
    pub created: u32,
}

impl NodeStore {
    pub fn get(&self, id: NodeId) -> Result<NodeRecord> {
        cells::get(&self.nodes, id).ok_or(Error::NodeDoesNotExist)
    }

    pub fn save(&mut self, id: NodeId, node: &NodeRecord) {
        cells::insert(&mut self.nodes, id, node);
    }

    pub fn params(&self, id: NodeId) -> Result<NodeParams> {
        cells::get(&self.params, id).ok_or(Error::ParamsDoesNotExist)
    }

    pub fn set_params(&mut self, id: NodeId, params: &NodeParams) {
        cells::insert(&mut self.params, id, params);
    }

    pub fn create(&mut self, node: &NodeRecord, params: &NodeParams) -> Result<NodeId> {
        let id = self.created.checked_add(1).ok_or(Error::Overflow)?;
        self.by_provider.push(&node.provider_id, id)?;
        self.created = id;
        self.save(id, node);
        self.set_params(id, params);
        Ok(id)
    }

    /// Forgets the node (its id is never reused).
    pub fn remove(&mut self, id: NodeId, node: &NodeRecord) -> Result<()> {
        self.by_provider.remove(&node.provider_id, id)?;
        cells::remove(&mut self.nodes, id);
        cells::remove(&mut self.params, id);
        Ok(())
    }
}
