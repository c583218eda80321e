use super::entity::Permission;
use crate::error::{Error, Result};
use crate::types::AccountId;
use ink::storage::{traits::ManualKey, Mapping};

#[ink::storage_item]
#[derive(Default, Debug)]
pub struct PermStore {
    /// Presence means granted.
    grants: Mapping<(AccountId, Permission), (), ManualKey<0x5045_524d>>,
    /// How many accounts hold `SuperAdmin`: the last one cannot be revoked.
    super_admins: u32,
}

impl PermStore {
    pub fn has_exact(&self, who: AccountId, permission: Permission) -> bool {
        crate::cells::contains(&self.grants, (who, permission))
    }

    /// Whether `who` holds `permission`, directly or through `SuperAdmin`.
    pub fn has(&self, who: AccountId, permission: Permission) -> bool {
        self.has_exact(who, permission)
            || (permission != Permission::SuperAdmin && self.has_exact(who, Permission::SuperAdmin))
    }

    pub fn check(&self, who: AccountId, permission: Permission) -> Result<()> {
        if self.has(who, permission) {
            Ok(())
        } else {
            Err(Error::Unauthorized)
        }
    }

    /// Grants `permission`; granting it again changes nothing.
    pub fn grant(&mut self, who: AccountId, permission: Permission) -> Result<()> {
        if self.has_exact(who, permission) {
            return Ok(());
        }
        if permission == Permission::SuperAdmin {
            self.super_admins = self.super_admins.checked_add(1).ok_or(Error::Overflow)?;
        }
        crate::cells::insert(&mut self.grants, (who, permission), &());
        Ok(())
    }

    /// Revokes `permission`; revoking an absent one changes nothing.
    pub fn revoke(&mut self, who: AccountId, permission: Permission) -> Result<()> {
        if !self.has_exact(who, permission) {
            return Ok(());
        }
        if permission == Permission::SuperAdmin {
            if self.super_admins <= 1 {
                return Err(Error::LastSuperAdmin);
            }
            self.super_admins = self.super_admins.saturating_sub(1);
        }
        crate::cells::remove(&mut self.grants, (who, permission));
        Ok(())
    }
}
