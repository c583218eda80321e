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
        self.admin_set_permission(ctx, grantee, permission, true, ev)
    }

    pub fn admin_revoke_permission(
        &mut self,
        ctx: Ctx,
        grantee: AccountId,
        permission: Permission,
        ev: &mut Events,
    ) -> Result<()> {
        self.admin_set_permission(ctx, grantee, permission, false, ev)
    }

    /// The two messages above in one function: the caller must be SuperAdmin.
    #[inline(never)]
    fn admin_set_permission(
        &mut self,
        ctx: Ctx,
        grantee: AccountId,
        permission: Permission,
        grant: bool,
        ev: &mut Events,
    ) -> Result<()> {
        self.perms.check(ctx.caller, Permission::SuperAdmin)?;
        self.set_permission(ctx, grantee, permission, grant, ev)
    }

    /// Grants (`grant`) or revokes `permission` of `grantee` and reports it; a grant then
    /// credits the value sent. The admin's grants and revocations and a provider's trust and
    /// distrust of a manager alike: one function for the four messages.
    pub(crate) fn set_permission(
        &mut self,
        ctx: Ctx,
        grantee: AccountId,
        permission: Permission,
        grant: bool,
        ev: &mut Events,
    ) -> Result<()> {
        self.perms.set(grantee, permission, grant)?;
        ev.push(if grant {
            GrantPermission {
                account_id: grantee,
                permission,
            }
            .into()
        } else {
            RevokePermission {
                account_id: grantee,
                permission,
            }
            .into()
        });
        if grant {
            self.accept_value(ctx, ev)?;
        }
        Ok(())
    }
}
