//! The providers' shares kept with each cluster (`Payees`) always equal what the ring says:
//! for each provider, the prices and the number of the vnodes its nodes host. A distribution
//! reads only them, so this is what pays each provider for what it hosts.

use super::entity::Payee;
use crate::core::Ddc;
use crate::events::Events;
use crate::types::{AccountId, Balance, ClusterId, Ctx, NodeId};
use proptest::prelude::*;

fn ctx(caller: AccountId) -> Ctx {
    Ctx {
        caller,
        now: 0,
        value: 0,
    }
}

fn account(i: u8) -> AccountId {
    AccountId::from([i; 32])
}

/// The shares as the ring says, in order of the providers' first vnode.
fn from_ring(d: &Ddc, cluster: ClusterId) -> Vec<Payee> {
    let vnodes = d.clusters.vnodes(cluster);
    let prices = d.clusters.vnode_prices(cluster);
    let mut shares: Vec<Payee> = Vec::new();
    for (node_id, price) in vnodes.iter().zip(prices) {
        let provider_id = d.nodes.get(*node_id).unwrap().provider_id;
        match shares.iter_mut().find(|p| p.provider_id == provider_id) {
            Some(p) => {
                p.weight += price;
                p.vnodes += 1;
            }
            None => shares.push(Payee {
                provider_id,
                weight: price,
                vnodes: 1,
            }),
        }
    }
    shares
}

fn sorted(mut payees: Vec<Payee>) -> Vec<Payee> {
    payees.sort_by_key(|p| p.provider_id);
    payees
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn payees_follow_the_ring(
        // Node i belongs to provider owners[i]; its rent changes along the way.
        owners in prop::collection::vec(1u8..4, 5),
        rents in prop::collection::vec(0u128..40, 5),
        start in prop::collection::vec(0usize..5, 1..4),
        ops in prop::collection::vec((0u8..4, 0u32..12, 0usize..5, 0u128..40), 1..30),
    ) {
        // A contract of its own per case: the off-chain storage lives as long as the thread.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut callee = [77u8; 32];
        callee[..8].copy_from_slice(&n.to_le_bytes());
        ink::env::test::set_callee::<ink::env::DefaultEnvironment>(AccountId::from(callee));
        let manager = account(9);
        let mut ev = Events::new();
        let mut d = Ddc::new(account(10), &mut ev);
        let mut pay = |_: AccountId, _: Balance| true;
        for p in 1..4 {
            d.node_trust_manager(ctx(account(p)), manager, &mut ev).unwrap();
        }
        let nodes: Vec<NodeId> = owners
            .iter()
            .zip(&rents)
            .map(|(o, r)| d.node_create(ctx(account(*o)), *r, "{}".into(), 1_000, &mut ev).unwrap())
            .collect();
        let first: Vec<NodeId> = start.iter().map(|i| nodes[*i]).collect();
        let cluster = d
            .cluster_create(ctx(manager), 6, first, "{}".into(), &mut ev)
            .unwrap();
        prop_assert_eq!(sorted(d.clusters.payees(cluster)), sorted(from_ring(&d, cluster)));
        for (op, vnode, target, rent) in ops {
            let node = nodes[target];
            // Failures (e.g. removing a node not in the ring, or its last node) change
            // nothing, which the comparison checks too.
            let _ = match op {
                0 => d.cluster_replace_node(ctx(manager), cluster, vnode, node, &mut pay, &mut ev),
                1 => d.cluster_add_node(ctx(manager), cluster, node, vnode % 3 + 1, &mut pay, &mut ev),
                2 => d.cluster_remove_node(ctx(manager), cluster, node, &mut pay, &mut ev),
                _ => {
                    let provider = d.nodes.get(node).unwrap().provider_id;
                    d.node_change_rent(ctx(provider), node, rent, &mut ev)
                }
            };
            prop_assert_eq!(sorted(d.clusters.payees(cluster)), sorted(from_ring(&d, cluster)));
            let total: Balance = d.clusters.payees(cluster).iter().map(|p| p.weight).sum();
            prop_assert_eq!(total, d.clusters.get(cluster).unwrap().total_rent);
        }
    }
}
