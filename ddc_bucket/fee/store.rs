use super::entity::FeeConfig;
use ink::storage::{traits::ManualKey, Lazy};

/// Loaded only by distribution and the admin, so it lives outside the root cell.
#[ink::storage_item]
#[derive(Default, Debug)]
pub struct FeeStore {
    config: Lazy<FeeConfig, ManualKey<0x4645_4553>>,
}

impl FeeStore {
    pub fn get(&self) -> FeeConfig {
        crate::cells::get_lazy(&self.config).unwrap_or_default()
    }

    pub fn set(&mut self, config: &FeeConfig) {
        crate::cells::set_lazy(&mut self.config, config);
    }
}
