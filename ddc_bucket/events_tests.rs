//! The shared emission path emits every event exactly as ink!'s per-type `emit_event` does.

use super::*;
use ink::env::test::{recorded_events, EmittedEvent};
use ink::env::DefaultEnvironment;

fn account(b: u8) -> AccountId {
    AccountId::from([b; 32])
}

/// One value of every event type, with distinct field values.
fn samples() -> Vec<Event> {
    vec![
        BucketCreated {
            bucket_id: 7,
            owner_id: account(1),
        }
        .into(),
        BucketAllocated {
            bucket_id: 7,
            cluster_id: 3,
            resource: 9,
        }
        .into(),
        BucketSettlePayment {
            bucket_id: 7,
            cluster_id: 3,
            value: u128::MAX,
            usd_rate_ms: u128::MAX - 1,
            usd_per_cere: 12,
        }
        .into(),
        BucketParamsSet {
            bucket_id: 7,
            params: "{\"a\":1}".into(),
        }
        .into(),
        ClusterCreated {
            cluster_id: 3,
            manager: account(2),
            cluster_params: "p".into(),
        }
        .into(),
        ClusterNodeReplaced {
            cluster_id: 3,
            node_id: 5,
            vnode_index: 2,
        }
        .into(),
        ClusterReserveResource {
            cluster_id: 3,
            resource: 11,
        }
        .into(),
        ClusterDistributeRevenues {
            cluster_id: 3,
            provider_id: account(4),
            value: 12,
        }
        .into(),
        ClusterDistributeFees {
            cluster_id: 3,
            network_fee: 1,
            network_fee_destination: account(5),
            cluster_management_fee: 2,
            manager_id: account(2),
        }
        .into(),
        ClusterParamsSet {
            cluster_id: 3,
            params: "x".repeat(1024).into(),
        }
        .into(),
        NodeCreated {
            node_id: 5,
            provider_id: account(4),
            rent_per_month: 13,
            node_params: "n".into(),
        }
        .into(),
        NodeParamsSet {
            node_id: 5,
            params: Default::default(),
        }
        .into(),
        Deposit {
            account_id: account(6),
            value: 14,
        }
        .into(),
        Withdraw {
            account_id: account(6),
            value: 15,
        }
        .into(),
        GrantPermission {
            account_id: account(7),
            permission: Permission::ManagerTrustedBy(account(8)),
        }
        .into(),
        RevokePermission {
            account_id: account(7),
            permission: Permission::SuperAdmin,
        }
        .into(),
        ExchangeRateSet { usd_per_cere: 16 }.into(),
        FeeConfigSet {
            network_fee_bp: 100,
            network_fee_destination: account(9),
            cluster_management_fee_bp: 200,
        }
        .into(),
        AdminWithdraw {
            admin_id: account(10),
            value: 17,
        }
        .into(),
        BucketResourceCapSet {
            bucket_id: 8,
            resource_cap: 5,
            price_cap: u128::MAX - 3,
        }
        .into(),
        BucketReleased {
            bucket_id: 8,
            cluster_id: 4,
            resource: 2,
            rate: 1234,
        }
        .into(),
        BucketClosed {
            bucket_id: 8,
            cluster_id: 4,
            expired: true,
            arrears: 99,
        }
        .into(),
        GracePeriodSet {
            grace_period_ms: 86_400_000,
        }
        .into(),
        BucketOwnerOffered {
            bucket_id: 8,
            owner_id: account(11),
        }
        .into(),
        BucketOwnerChanged {
            bucket_id: 8,
            owner_id: account(11),
            previous_owner_id: account(12),
        }
        .into(),
        BucketWriterPermSet {
            bucket_id: 8,
            writer: account(13),
            granted: true,
        }
        .into(),
        ClusterResourceSet {
            cluster_id: 4,
            resource_per_vnode: 9,
        }
        .into(),
        ClusterNodeAdded {
            cluster_id: 4,
            node_id: 5,
            vnode_count: 3,
        }
        .into(),
        ClusterNodeRemoved {
            cluster_id: 4,
            node_id: 5,
        }
        .into(),
        ClusterRemoved { cluster_id: 4 }.into(),
        NodeCapacitySet {
            node_id: 5,
            capacity: 100,
        }
        .into(),
        NodeRentSet {
            node_id: 5,
            rent_per_month: u128::MAX,
        }
        .into(),
        NodeRemoved { node_id: 5 }.into(),
        NetworkFeesPaid {
            destination: account(14),
            value: 77,
        }
        .into(),
    ]
}

/// `event` as ink!'s generic `emit_event` emits it, for its own type.
fn emit_per_type(event: &Event) {
    macro_rules! per_type {
        ($($name:ident),*) => {
            match event.clone() {
                $(Event::$name(e) => ink::env::emit_event::<DefaultEnvironment, _>(e),)*
            }
        };
    }
    per_type!(
        BucketCreated,
        BucketAllocated,
        BucketSettlePayment,
        BucketParamsSet,
        ClusterCreated,
        ClusterNodeReplaced,
        ClusterReserveResource,
        ClusterDistributeRevenues,
        ClusterDistributeFees,
        ClusterParamsSet,
        NodeCreated,
        NodeParamsSet,
        Deposit,
        Withdraw,
        GrantPermission,
        RevokePermission,
        ExchangeRateSet,
        FeeConfigSet,
        AdminWithdraw,
        BucketResourceCapSet,
        BucketReleased,
        BucketClosed,
        GracePeriodSet,
        BucketOwnerOffered,
        BucketOwnerChanged,
        BucketWriterPermSet,
        ClusterResourceSet,
        ClusterNodeAdded,
        ClusterNodeRemoved,
        ClusterRemoved,
        NodeCapacitySet,
        NodeRentSet,
        NodeRemoved,
        NetworkFeesPaid
    )
}

fn recorded() -> Vec<(Vec<Vec<u8>>, Vec<u8>)> {
    recorded_events()
        .map(|EmittedEvent { topics, data }| (topics, data))
        .collect()
}

#[test]
fn shared_path_emits_what_ink_emits_per_type() {
    let samples = samples();
    assert_eq!(
        samples.len(),
        Event::signature_topics().len(),
        "a sample of every event"
    );
    ink::env::test::run_test::<DefaultEnvironment, _>(|_| {
        for event in &samples {
            emit_per_type(event);
        }
        let per_type = recorded();
        emit_all::<DefaultEnvironment>(&samples);
        let shared: Vec<_> = recorded().split_off(per_type.len());
        assert_eq!(shared, per_type);
        for ((topics, data), event) in shared.iter().zip(&samples) {
            assert_eq!(Event::decode(&topics[0], data).as_ref(), Some(event));
        }
        Ok(())
    })
    .expect("off-chain run");
}
