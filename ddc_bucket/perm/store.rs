use super::entity::Permission;
use crate::error::{Error, Result};
use crate::types::AccountId;
use ink::storage::{traits::ManualKey, Mapping};

/// The storage key of `PermStore::grants`.
const GRANTS: ink::primitives::Key = 0x5045_524d;

#[ink::storage_item]
#[derive(Default, Debug)]
pub struct PermStore {
    /// Presence means granted.
    grants: Mapping<(AccountId, Permission), (), ManualKey<GRANTS>>,
    /// How many accounts hold `SuperAdmin`: the last one cannot be revoked.
    super_admins: u32,
}

impl PermStore {
    pub fn has_exact(&self, who: AccountId, permission: Permission) -> bool {
        crate::cells::contains(&self.grants, (&who, permission))
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
        self.set(who, permission, true)
    }

    /// Grants (`grant`) or revokes `permission`: granting a held one or revoking an absent one
    /// changes nothing; the last SuperAdmin cannot be revoked. One function for both: they
    /// share the cell's key and the SuperAdmin count.
    pub fn set(&mut self, who: AccountId, permission: Permission, grant: bool) -> Result<()> {
        if self.has_exact(who, permission) == grant {
            return Ok(());
        }
        if permission == Permission::SuperAdmin {
            self.super_admins = if grant {
                self.super_admins.checked_add(1).ok_or(Error::Overflow)?
            } else if self.super_admins <= 1 {
                return Err(Error::LastSuperAdmin);
            } else {
                self.super_admins.saturating_sub(1)
            };
        }
        // The cell's item by reference: one encoding function for both, no copy of the item.
        let item = &(who, permission);
        if grant {
            crate::cells::insert_at(GRANTS, item, &());
        } else {
            crate::cells::remove_at(GRANTS, item);
        }
        Ok(())
    }
}
