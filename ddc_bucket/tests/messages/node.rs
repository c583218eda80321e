//! Node messages: trust_manager, distrust_manager, create, change_params, get, list.

use super::*;
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::limits::PARAMS_MAX_LEN;
use ddc_bucket::node::entity::{Node, NodeStatus};
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::{Balance, TOKEN};

#[test]
fn node_trust_manager_works() {
    let mut w = World::new();
    assert!(!w
        .ddc
        .has_permission(django(), Permission::ManagerTrustedBy(alice())));
    w.expect_ok(
        alice(),
        0,
        vec![GrantPermission {
            account_id: django(),
            permission: Permission::ManagerTrustedBy(alice()),
        }
        .into()],
        |d, c, _, e| d.node_trust_manager(c, django(), e),
    );
    assert!(w
        .ddc
        .has_permission(django(), Permission::ManagerTrustedBy(alice())));
    // Directional: alice is not trusted by django, and bob does not trust django.
    assert!(!w
        .ddc
        .has_permission(alice(), Permission::ManagerTrustedBy(django())));
    assert!(!w
        .ddc
        .has_permission(django(), Permission::ManagerTrustedBy(bob())));
    // Trusting again is accepted (and reported again); value is credited.
    w.expect_ok(
        alice(),
        2 * TOKEN,
        vec![
            GrantPermission {
                account_id: django(),
                permission: Permission::ManagerTrustedBy(alice()),
            }
            .into(),
            Deposit {
                account_id: alice(),
                value: 2 * TOKEN,
            }
            .into(),
        ],
        |d, c, _, e| d.node_trust_manager(c, django(), e),
    );
    assert_credited(&w, alice(), 0, 2 * TOKEN);
    // Self-trust is allowed.
    w.call(eve(), 0, |d, c, _, e| d.node_trust_manager(c, eve(), e))
        .unwrap();
    assert!(w
        .ddc
        .has_permission(eve(), Permission::ManagerTrustedBy(eve())));
}

#[test]
fn node_distrust_manager_works() {
    let (mut w, cluster, _, _) = setup();
    w.expect_ok(
        alice(),
        0,
        vec![RevokePermission {
            account_id: django(),
            permission: Permission::ManagerTrustedBy(alice()),
        }
        .into()],
        |d, c, _, e| d.node_distrust_manager(c, django(), e),
    );
    assert!(!w
        .ddc
        .has_permission(django(), Permission::ManagerTrustedBy(alice())));
    // Others' trust is untouched; the cluster keeps alice's node.
    assert!(w
        .ddc
        .has_permission(django(), Permission::ManagerTrustedBy(bob())));
    assert_eq!(
        w.ddc.cluster_get(cluster).unwrap().cluster.vnodes,
        vec![1, 2, 3, 1, 2, 3]
    );
    // Revoking an absent trust is a reported no-op.
    w.expect_unchanged(
        eve(),
        0,
        vec![RevokePermission {
            account_id: django(),
            permission: Permission::ManagerTrustedBy(eve()),
        }
        .into()],
        |d, c, _, e| d.node_distrust_manager(c, django(), e),
    );
    // A SuperAdmin's implied trust is not a grant: distrusting it changes nothing.
    w.call(alice(), 0, |d, c, _, e| {
        d.node_distrust_manager(c, admin(), e)
    })
    .unwrap();
    assert!(w
        .ddc
        .has_permission(admin(), Permission::ManagerTrustedBy(alice())));
}

#[test]
fn node_create_works() {
    let mut w = World::new();
    let id = w
        .call(alice(), 0, |d, c, _, e| {
            d.node_create(c, 10 * TOKEN, "{\"url\":\"https://a\"}".into(), 100, e)
        })
        .unwrap();
    assert_eq!(id, 1);
    w.assert_events(vec![NodeCreated {
        node_id: 1,
        provider_id: alice(),
        rent_per_month: 10 * TOKEN,
        node_params: "{\"url\":\"https://a\"}".into(),
    }
    .into()]);
    assert_eq!(
        w.ddc.node_get(1),
        Ok(NodeStatus {
            node_id: 1,
            node: Node {
                provider_id: alice(),
                rent_per_month: 10 * TOKEN,
                free_resource: 100,
            },
            params: "{\"url\":\"https://a\"}".into(),
        })
    );
    // No account for the provider.
    assert_eq!(w.ddc.account_get(alice()), Err(Error::AccountDoesNotExist));
    // Extremes are accepted: zero rent and capacity, and the largest values.
    let id2 = w
        .call(bob(), 0, |d, c, _, e| {
            d.node_create(c, 0, Params::default(), 0, e)
        })
        .unwrap();
    assert_eq!(id2, 2);
    let id3 = w
        .call(bob(), 0, |d, c, _, e| {
            d.node_create(c, Balance::MAX, text(PARAMS_MAX_LEN), u32::MAX, e)
        })
        .unwrap();
    assert_eq!(
        w.ddc.node_get(id3).unwrap().node,
        Node {
            provider_id: bob(),
            rent_per_month: Balance::MAX,
            free_resource: u32::MAX,
        }
    );
    assert_eq!(w.ddc.node_get(id3).unwrap().params, text(PARAMS_MAX_LEN));
    w.assert_conserved();
}

#[test]
fn node_create_errors() {
    let mut w = World::new();
    w.expect_err(alice(), TOKEN, Error::ParamsTooBig, |d, c, _, e| {
        d.node_create(c, TOKEN, text(PARAMS_MAX_LEN + 1), 1, e)
    });
    assert_eq!(w.ddc.node_list(1, 20, None).unwrap(), (vec![], 1));
}
