//! Every event the compiled contract emits on pallet-contracts carries ink!'s topics: its
//! signature topic, then each `#[ink(topic)]` field's encoding zero-padded to 32 bytes. The
//! contract deposits events through its own emission path (ddc_bucket/events.rs: one host call
//! serves every event type), so this is checked on the chain, for every event type.

use ddc_bucket::events::*;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::TOKEN;
use ddc_tests::{ink_id, Chain};
use drink::AccountId32;
use std::collections::BTreeSet;

fn who(n: u8) -> AccountId32 {
    AccountId32::new([n; 32])
}

#[test]
fn every_event_type_carries_inks_topics_on_chain() {
    let (admin, manager, app, treasury) = (who(1), who(2), who(6), who(7));
    let providers = [who(3), who(4)];
    let mut c = Chain::deploy(&admin, 5 * TOKEN);
    c.set_time(1_767_225_600_000);
    let mut nodes = vec![];
    for p in &providers {
        c.mint(p, 1000 * TOKEN);
        c.tx::<()>(p, "node_trust_manager", ink_id(&manager), 0)
            .unwrap();
        let node: u32 = c
            .tx(
                p,
                "node_create",
                (10 * TOKEN, String::from("n"), 100u32),
                TOKEN,
            )
            .unwrap();
        nodes.push(node);
    }
    c.tx::<()>(&providers[0], "node_distrust_manager", ink_id(&app), 0)
        .unwrap();
    c.tx::<()>(
        &providers[0],
        "node_change_params",
        (nodes[0], String::from("m")),
        0,
    )
    .unwrap();
    c.mint(&manager, 1000 * TOKEN);
    let cluster: u32 = c
        .tx(
            &manager,
            "cluster_create",
            (ink_id(&manager), 4u32, nodes.clone(), String::from("c")),
            0,
        )
        .unwrap();
    c.tx::<()>(&manager, "cluster_reserve_resource", (cluster, 10u32), 0)
        .unwrap();
    c.tx::<()>(
        &manager,
        "cluster_replace_node",
        (cluster, 0u32, nodes[1]),
        0,
    )
    .unwrap();
    c.tx::<()>(
        &manager,
        "cluster_change_params",
        (cluster, String::from("d")),
        0,
    )
    .unwrap();
    c.mint(&app, 1000 * TOKEN);
    let bucket: u32 = c
        .tx(
            &app,
            "bucket_create",
            (String::from("b"), cluster),
            10 * TOKEN,
        )
        .unwrap();
    c.tx::<()>(&app, "bucket_alloc_into_cluster", (bucket, 1u32), 0)
        .unwrap();
    c.tx::<()>(&app, "bucket_change_params", (bucket, String::from("e")), 0)
        .unwrap();
    c.tx::<()>(&app, "account_deposit", (), 10 * TOKEN).unwrap();
    // Fees are taken at settlement: set first, so that the distribution pays some.
    let fees = FeeConfig {
        network_fee_bp: 100,
        network_fee_destination: ink_id(&treasury),
        cluster_management_fee_bp: 200,
    };
    c.tx::<()>(&admin, "admin_set_fee_config", fees, 0).unwrap();
    c.set_time(1_767_225_600_000 + 86_400_000);
    c.tx::<()>(&app, "bucket_settle_payment", bucket, 0)
        .unwrap();
    c.tx::<()>(&app, "cluster_distribute_revenues", cluster, 0)
        .unwrap();
    c.tx::<()>(&app, "account_withdraw", TOKEN, 0).unwrap();
    c.tx::<()>(&admin, "account_set_usd_per_cere", 2 * TOKEN, 0)
        .unwrap();
    c.tx::<()>(
        &admin,
        "admin_grant_permission",
        (ink_id(&app), Permission::SetExchangeRate),
        0,
    )
    .unwrap();
    c.tx::<()>(
        &admin,
        "admin_revoke_permission",
        (ink_id(&app), Permission::SetExchangeRate),
        0,
    )
    .unwrap();
    c.tx::<()>(&admin, "admin_withdraw", TOKEN, 0).unwrap();
    // Released two days later: its settlement puts a network fee in the pool, which the next
    // fee config change pays to the old destination first.
    c.set_time(1_767_225_600_000 + 3 * 86_400_000);
    c.tx::<()>(&app, "bucket_set_resource_cap", (bucket, 2u32), 0)
        .unwrap();
    c.tx::<()>(&app, "bucket_release_resource", (bucket, 1u32), 0)
        .unwrap();
    c.tx::<()>(&app, "bucket_close", bucket, 0).unwrap();
    c.tx::<()>(&admin, "admin_set_fee_config", FeeConfig::default(), 0)
        .unwrap();
    c.tx::<()>(&admin, "admin_set_grace_period", 86_400_000u64, 0)
        .unwrap();
    // Writers and a change of owner, on a second bucket.
    let heir = who(9);
    c.mint(&heir, 1000 * TOKEN);
    let second: u32 = c
        .tx(&app, "bucket_create", (String::from("s"), cluster), 0)
        .unwrap();
    c.tx::<()>(
        &app,
        "bucket_set_writer_perm",
        (second, ink_id(&treasury)),
        0,
    )
    .unwrap();
    c.tx::<()>(
        &app,
        "bucket_revoke_writer_perm",
        (second, ink_id(&treasury)),
        0,
    )
    .unwrap();
    c.tx::<()>(&app, "bucket_change_owner", (second, ink_id(&heir)), 0)
        .unwrap();
    c.tx::<()>(&heir, "bucket_change_owner", (second, ink_id(&heir)), TOKEN)
        .unwrap();

    // Nodes and clusters change and leave: a spare node, resized and repriced, joins and
    // leaves a second cluster, which is then removed, and the node with it.
    let spare: u32 = c
        .tx(
            &providers[0],
            "node_create",
            (5 * TOKEN, String::from("s"), 50u32),
            0,
        )
        .unwrap();
    c.tx::<()>(&providers[0], "node_change_capacity", (spare, 60u32), 0)
        .unwrap();
    c.tx::<()>(&providers[0], "node_change_rent", (spare, 7 * TOKEN), 0)
        .unwrap();
    let other: u32 = c
        .tx(
            &manager,
            "cluster_create",
            (ink_id(&manager), 2u32, vec![nodes[0]], String::from("o")),
            0,
        )
        .unwrap();
    c.tx::<()>(
        &manager,
        "cluster_set_resource_per_v_node",
        (other, 5u32),
        0,
    )
    .unwrap();
    c.tx::<()>(&manager, "cluster_add_node", (other, spare, 1u32), 0)
        .unwrap();
    c.tx::<()>(&manager, "cluster_remove_node", (other, spare), 0)
        .unwrap();
    c.tx::<()>(&manager, "cluster_remove", other, 0).unwrap();
    c.tx::<()>(&providers[0], "node_remove", spare, 0).unwrap();

    let signatures = Event::signature_topics();
    let mut seen = BTreeSet::new();
    for record in &c.log {
        assert_eq!(record.events.len(), record.raw_events.len());
        for (event, (topics, _)) in record.events.iter().zip(&record.raw_events) {
            let mut expected = vec![topics[0]];
            expected.extend(event.topic_fields());
            assert_eq!(topics, &expected, "{}: topics of {event:?}", record.message);
            seen.insert(topics[0]);
        }
    }
    let missing: Vec<usize> = (0..signatures.len())
        .filter(|i| !seen.contains(&signatures[*i]))
        .collect();
    assert!(
        missing.is_empty(),
        "event types not emitted (indexes in declaration order): {missing:?}"
    );
}
