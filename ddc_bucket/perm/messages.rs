//! Permission messages: admin grants and revokes, and the permission check.

use super::entity::Permission;
use crate::core::Ddc;
use crate::error::Result;
use crate::events::{Events, GrantPermission, RevokePermission};
use crate::types::{AccountId, Ctx};

impl Ddc {
    pub fn has_permission(&self, grantee: AccountId, permission: Permission) -> bool {
        self.perms.has(grantee, permission)
    }

    pub fn admin_grant_permission(
        &mut self,
        ctx: Ctx,
        grantee: AccountId,
        permission: Permission,
        ev: &mut Events,
    ) -> Result<()> {
        self.perms.check(ctx.caller, Permission::SuperAdmin)?;
        self.grant_permission(grantee, permission, ev)?;
        self.accept_value(ctx, ev)
    }

    pub fn admin_revoke_permission(
        &mut self,
        ctx: Ctx,
        grantee: AccountId,
        permission: Permission,
        ev: &mut Events,
    ) -> Result<()> {
        self.perms.check(ctx.caller, Permission::SuperAdmin)?;
        self.revoke_permission(grantee, permission, ev)
    }

    /// Grants `permission` to `grantee` and reports it: the admin's grants and a provider's
    /// trust in a manager alike.
    pub(crate) fn grant_permission(
        &mut self,
        grantee: AccountId,
        permission: Permission,
        ev: &mut Events,
    ) -> Result<()> {
        self.perms.grant(grantee, permission)?;
        ev.push(
            GrantPermission {
                account_id: grantee,
                permission,
            }
            .into(),
        );
        Ok(())
    }

    /// Revokes `permission` from `grantee` and reports it.
    pub(crate) fn revoke_permission(
        &mut self,
        grantee: AccountId,
        permission: Permission,
        ev: &mut Events,
    ) -> Result<()> {
        self.perms.revoke(grantee, permission)?;
        ev.push(
            RevokePermission {
                account_id: grantee,
                permission,
            }
            .into(),
        );
        Ok(())
    }
}
