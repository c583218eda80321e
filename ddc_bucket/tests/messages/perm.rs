//! Permissions: has_permission, admin_grant_permission, admin_revoke_permission.

use super::*;
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::TOKEN;

#[test]
fn has_permission_works() {
    let mut w = World::new();
    assert!(w.ddc.has_permission(admin(), Permission::SuperAdmin));
    assert!(w.ddc.has_permission(admin(), Permission::SetExchangeRate));
    assert!(w
        .ddc
        .has_permission(admin(), Permission::ManagerTrustedBy(eve())));
    for p in [
        Permission::SuperAdmin,
        Permission::SetExchangeRate,
        Permission::ManagerTrustedBy(alice()),
    ] {
        assert!(!w.ddc.has_permission(bob(), p));
    }
    grant(&mut w, bob(), Permission::SetExchangeRate);
    // Holding one permission implies nothing else.
    assert!(w.ddc.has_permission(bob(), Permission::SetExchangeRate));
    assert!(!w.ddc.has_permission(bob(), Permission::SuperAdmin));
    assert!(!w
        .ddc
        .has_permission(bob(), Permission::ManagerTrustedBy(alice())));
}

#[test]
fn admin_grant_permission_works() {
    let mut w = World::new();
    w.expect_ok(
        admin(),
        0,
        vec![GrantPermission {
            account_id: bob(),
            permission: Permission::SuperAdmin,
        }
        .into()],
        |d, c, _, e| d.admin_grant_permission(c, bob(), Permission::SuperAdmin, e),
    );
    assert!(w.ddc.has_permission(bob(), Permission::SuperAdmin));
    // The new SuperAdmin can grant, with value credited.
    w.expect_ok(
        bob(),
        3 * TOKEN,
        vec![
            GrantPermission {
                account_id: eve(),
                permission: Permission::ManagerTrustedBy(alice()),
            }
            .into(),
            Deposit {
                account_id: bob(),
                value: 3 * TOKEN,
            }
            .into(),
        ],
        |d, c, _, e| d.admin_grant_permission(c, eve(), Permission::ManagerTrustedBy(alice()), e),
    );
    assert!(w
        .ddc
        .has_permission(eve(), Permission::ManagerTrustedBy(alice())));
    assert_credited(&w, bob(), 0, 3 * TOKEN);
}

#[test]
fn admin_grant_permission_errors() {
    let mut w = World::new();
    w.expect_err(bob(), TOKEN, Error::Unauthorized, |d, c, _, e| {
        d.admin_grant_permission(c, bob(), Permission::SuperAdmin, e)
    });
    // Neither the oracle nor a trusted manager may grant.
    grant(&mut w, bob(), Permission::SetExchangeRate);
    trust(&mut w, alice(), bob());
    w.expect_err(bob(), 0, Error::Unauthorized, |d, c, _, e| {
        d.admin_grant_permission(c, eve(), Permission::SetExchangeRate, e)
    });
}

#[test]
fn admin_revoke_permission_works() {
    let mut w = World::new();
    grant(&mut w, bob(), Permission::SetExchangeRate);
    w.expect_ok(
        admin(),
        0,
        vec![RevokePermission {
            account_id: bob(),
            permission: Permission::SetExchangeRate,
        }
        .into()],
        |d, c, _, e| d.admin_revoke_permission(c, bob(), Permission::SetExchangeRate, e),
    );
    assert!(!w.ddc.has_permission(bob(), Permission::SetExchangeRate));
    // The admin can revoke a provider's trust.
    trust(&mut w, alice(), django());
    revoke(&mut w, django(), Permission::ManagerTrustedBy(alice()));
    assert!(!w
        .ddc
        .has_permission(django(), Permission::ManagerTrustedBy(alice())));
    // One of two SuperAdmins can go, even oneself.
    grant(&mut w, bob(), Permission::SuperAdmin);
    w.expect_ok(
        admin(),
        0,
        vec![RevokePermission {
            account_id: admin(),
            permission: Permission::SuperAdmin,
        }
        .into()],
        |d, c, _, e| d.admin_revoke_permission(c, admin(), Permission::SuperAdmin, e),
    );
    assert!(!w.ddc.has_permission(admin(), Permission::SuperAdmin));
    assert!(w.ddc.has_permission(bob(), Permission::SuperAdmin));
    w.expect_err(admin(), 0, Error::Unauthorized, |d, c, _, e| {
        d.admin_grant_permission(c, admin(), Permission::SuperAdmin, e)
    });
    // bob is now the last one.
    w.expect_err(bob(), 0, Error::LastSuperAdmin, |d, c, _, e| {
        d.admin_revoke_permission(c, bob(), Permission::SuperAdmin, e)
    });
}

#[test]
fn admin_revoke_permission_errors() {
    let mut w = World::new();
    w.expect_err(admin(), 0, Error::LastSuperAdmin, |d, c, _, e| {
        d.admin_revoke_permission(c, admin(), Permission::SuperAdmin, e)
    });
    grant(&mut w, bob(), Permission::SetExchangeRate);
    for stranger in [bob(), eve()] {
        w.expect_err(stranger, 0, Error::Unauthorized, |d, c, _, e| {
            d.admin_revoke_permission(c, admin(), Permission::SuperAdmin, e)
        });
        w.expect_err(stranger, 0, Error::Unauthorized, |d, c, _, e| {
            d.admin_revoke_permission(c, bob(), Permission::SetExchangeRate, e)
        });
    }
    // Revoking an absent SuperAdmin is a no-op, not a count change: the real one stays last.
    revoke(&mut w, eve(), Permission::SuperAdmin);
    w.expect_err(admin(), 0, Error::LastSuperAdmin, |d, c, _, e| {
        d.admin_revoke_permission(c, admin(), Permission::SuperAdmin, e)
    });
    // Granting SuperAdmin twice counts one holder.
    for _ in 0..2 {
        grant(&mut w, eve(), Permission::SuperAdmin);
    }
    revoke(&mut w, eve(), Permission::SuperAdmin);
    w.expect_err(admin(), 0, Error::LastSuperAdmin, |d, c, _, e| {
        d.admin_revoke_permission(c, admin(), Permission::SuperAdmin, e)
    });
}
