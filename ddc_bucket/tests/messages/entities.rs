//! What buckets, clusters and nodes share, table-driven over the three kinds: creation
//! credits the value sent, `*_change_params` and its errors, `*_get` and `*_list`; and list
//! pages at any limit.

use super::*;
use ddc_bucket::bucket::entity::{BucketInStatus, BucketStatus};
use ddc_bucket::cluster::entity::{Cluster, ClusterStatus};
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::limits::{LIST_LIMIT_MAX, PARAMS_MAX_LEN};
use ddc_bucket::node::entity::{Node, NodeStatus};

/// Runs `test` for each kind; the kind under test is printed first, so a failure names it.
fn for_each_kind<R>(table: impl IntoIterator<Item = (Kind, R)>, mut test: impl FnMut(Kind, R)) {
    for (kind, row) in table {
        println!("kind: {kind:?}");
        test(kind, row);
    }
}

/// One entity of `kind` and its owner: django's reference bucket or cluster (`setup`), or
/// alice's node (rent 1 TOKEN, capacity 10) in a fresh world.
fn one(kind: Kind) -> (World, AccountId, u32) {
    match kind {
        Kind::Bucket => {
            let (w, _, _, b) = setup();
            (w, django(), b)
        }
        Kind::Cluster => {
            let (w, cluster, _, _) = setup();
            (w, django(), cluster)
        }
        Kind::Node => {
            let mut w = World::new();
            let n = node(&mut w, alice(), TOKEN, 10);
            (w, alice(), n)
        }
    }
}

/// Creates, after what it needs, one entity of `kind` as its owner sending `value`; returns
/// the owner and the event the creation emits.
fn create_sending(w: &mut World, kind: Kind, value: Balance) -> (AccountId, Event) {
    match kind {
        Kind::Bucket => {
            let (cluster, _) = reference_cluster(w);
            let id = w
                .call(eve(), value, |d, c, _, e| {
                    d.bucket_create(c, "{}".into(), cluster, e)
                })
                .unwrap();
            let created = BucketCreated {
                bucket_id: id,
                owner_id: eve(),
            };
            (eve(), created.into())
        }
        Kind::Cluster => {
            trust(w, alice(), django());
            let n1 = node(w, alice(), 10 * TOKEN, 100);
            let id = w
                .call(django(), value, |d, c, _, e| {
                    d.cluster_create(c, 1, vec![n1], "{}".into(), e)
                })
                .unwrap();
            let created = ClusterCreated {
                cluster_id: id,
                manager: django(),
                cluster_params: "{}".into(),
            };
            (django(), created.into())
        }
        Kind::Node => {
            let id = w
                .call(alice(), value, |d, c, _, e| {
                    d.node_create(c, TOKEN, "{}".into(), 1, e)
                })
                .unwrap();
            let created = NodeCreated {
                node_id: id,
                provider_id: alice(),
                rent_per_month: TOKEN,
                node_params: "{}".into(),
            };
            (alice(), created.into())
        }
    }
}

/// Replaces `{bucket,cluster,node}_create_credits_value`.
#[test]
fn create_credits_value() {
    let table = [
        (Kind::Bucket, 5 * TOKEN),
        (Kind::Cluster, 4 * TOKEN),
        (Kind::Node, 7 * TOKEN),
    ];
    for_each_kind(table, |kind, value| {
        let mut w = World::new();
        let (owner, created) = create_sending(&mut w, kind, value);
        w.assert_events(vec![
            created,
            Deposit {
                account_id: owner,
                value,
            }
            .into(),
        ]);
        assert_credited(&w, owner, 0, value);
        assert_eq!(w.bank.contract, value);
        assert_eq!(w.ddc.total_owed(), value);
    });
}

/// Replaces `{bucket,cluster,node}_change_params_works`. Each row: the new params, the value
/// sent with the second change, and the owner's deposit and wallet after it.
#[test]
fn change_params_works() {
    let table = [
        (
            Kind::Bucket,
            ("{\"replication\":2}", 2 * TOKEN, 12 * TOKEN, 988 * TOKEN),
        ),
        (
            Kind::Cluster,
            ("{\"v\":2}", 3 * TOKEN, 13 * TOKEN, 987 * TOKEN),
        ),
        (Kind::Node, ("{\"url\":\"b\"}", TOKEN, TOKEN, 999 * TOKEN)),
    ];
    for_each_kind(table, |kind, (params, value, deposit, wallet)| {
        let (mut w, owner, id) = one(kind);
        let params_of = |w: &World| kind.get(&w.ddc, id).unwrap().params().to_string();
        w.expect_ok(
            owner,
            0,
            vec![kind.params_set(id, params.into())],
            |d, c, _, e| kind.change_params(d, c, id, params.into(), e),
        );
        assert_eq!(params_of(&w), params);
        // Exactly the limit is fine, with value credited.
        w.expect_ok(
            owner,
            value,
            vec![
                kind.params_set(id, text(PARAMS_MAX_LEN)),
                Deposit {
                    account_id: owner,
                    value,
                }
                .into(),
            ],
            |d, c, _, e| kind.change_params(d, c, id, text(PARAMS_MAX_LEN), e),
        );
        assert_eq!(params_of(&w), text(PARAMS_MAX_LEN).as_str());
        assert_eq!(w.ddc.account_get(owner).unwrap().deposit.value, deposit);
        assert_eq!(w.bank.wallet(owner), wallet);
        w.assert_conserved();
    });
}

/// Callers that may not change an entity's params, each with the id it tries and the value
/// it sends: a stranger and the SuperAdmin; for a bucket also the manager of its cluster, on
/// eve's bucket (created here).
fn not_owners(w: &mut World, kind: Kind, id: u32) -> Vec<(AccountId, u32, Balance)> {
    match kind {
        Kind::Bucket => {
            let cluster = w.ddc.bucket_get(id).unwrap().bucket.cluster_id;
            let eves = bucket(w, eve(), cluster);
            vec![(bob(), id, TOKEN), (django(), eves, 0), (admin(), eves, 0)]
        }
        Kind::Cluster => vec![(alice(), id, TOKEN), (admin(), id, TOKEN)],
        Kind::Node => vec![(bob(), id, TOKEN), (admin(), id, TOKEN)],
    }
}

/// Replaces `{bucket,cluster,node}_change_params_errors`.
#[test]
fn change_params_errors() {
    for_each_kind(KINDS.map(|kind| (kind, ())), |kind, ()| {
        let (mut w, owner, id) = one(kind);
        for bad in [0, id + 1, u32::MAX] {
            w.expect_err(owner, TOKEN, kind.does_not_exist(), |d, c, _, e| {
                kind.change_params(d, c, bad, "{}".into(), e)
            });
        }
        for (stranger, id, value) in not_owners(&mut w, kind, id) {
            w.expect_err(stranger, value, kind.not_owner(), |d, c, _, e| {
                kind.change_params(d, c, id, "{}".into(), e)
            });
        }
        w.expect_err(owner, TOKEN, Error::ParamsTooBig, |d, c, _, e| {
            kind.change_params(d, c, id, text(PARAMS_MAX_LEN + 1), e)
        });
    });
}

/// A list query: offset, limit, filter, and the ids and max_id it must return.
type ListCase = (u32, u32, Option<AccountId>, Vec<u32>, u32);

/// A world with entities of one kind: every entity's expected status, by id, and list
/// queries with their expected pages.
struct Listed {
    w: World,
    statuses: Vec<Status>,
    lists: Vec<ListCase>,
}

/// django's reference bucket (allocated, with a deposit).
fn reference_bucket_listed() -> Listed {
    let (w, cluster, _, b) = setup();
    let statuses = vec![Status::Bucket(BucketStatus {
        bucket_id: b,
        bucket: BucketInStatus {
            owner_id: django(),
            cluster_id: cluster,
            resource_reserved: 1,
        },
        params: "{}".into(),
        writer_ids: vec![django()],
        rent_covered_until_ms: 446_400_000,
    })];
    Listed {
        w,
        statuses,
        lists: vec![],
    }
}

/// Two buckets in the reference cluster: alice's, then bob's.
fn two_buckets_listed() -> Listed {
    let mut w = World::new();
    let (cluster, _) = reference_cluster(&mut w);
    let b1 = bucket(&mut w, alice(), cluster);
    let b2 = bucket(&mut w, bob(), cluster);
    let status = |bucket_id, owner_id| {
        Status::Bucket(BucketStatus {
            bucket_id,
            bucket: BucketInStatus {
                owner_id,
                cluster_id: cluster,
                resource_reserved: 0,
            },
            params: "{}".into(),
            writer_ids: vec![owner_id],
            rent_covered_until_ms: u64::MAX,
        })
    };
    Listed {
        w,
        statuses: vec![status(b1, alice()), status(b2, bob())],
        lists: vec![
            (1, 100, None, vec![b1, b2], 3),
            (0, 100, None, vec![b1, b2], 3),
            (1, 2, None, vec![b1, b2], 3),
            (1, 1, None, vec![b1], 3),
            (2, 1, None, vec![b2], 3),
            (3, 20, None, vec![], 3),
            (21, 20, None, vec![], 3),
            (1, 0, None, vec![], 3),
            (1, 20, Some(bob()), vec![b2], 2),
            (1, 20, Some(charlie()), vec![], 1),
            (u32::MAX, u32::MAX, None, vec![], 3),
            (1, 20, Some(alice()), vec![b1], 2),
        ],
    }
}

/// django's reference cluster.
fn reference_cluster_listed() -> Listed {
    let (w, cluster, _, _) = setup();
    let statuses = vec![Status::Cluster(ClusterStatus {
        cluster_id: cluster,
        cluster: Cluster {
            manager_id: django(),
            vnodes: vec![1, 2, 3, 1, 2, 3],
            resource_per_vnode: 10,
            resource_used: 1,
            revenues: Cash { value: 0 },
            total_rent: 60 * TOKEN,
        },
        params: "{}".into(),
    })];
    Listed {
        w,
        statuses,
        lists: vec![
            (1, 20, None, vec![cluster], 2),
            (0, 20, Some(django()), vec![cluster], 2),
            (1, 20, Some(alice()), vec![], 1),
            (2, 20, None, vec![], 2),
            (u32::MAX, u32::MAX, None, vec![], 2),
        ],
    }
}

/// Two nodes: alice's (rent 1 TOKEN, capacity 10), then bob's (2 TOKEN, 20).
fn two_nodes_listed() -> Listed {
    let mut w = World::new();
    let n1 = node(&mut w, alice(), TOKEN, 10);
    let n2 = node(&mut w, bob(), 2 * TOKEN, 20);
    let status = |node_id, provider_id, rent_per_month, free_resource| {
        Status::Node(NodeStatus {
            node_id,
            node: Node {
                provider_id,
                rent_per_month,
                free_resource,
            },
            params: "{}".into(),
        })
    };
    Listed {
        w,
        statuses: vec![
            status(n1, alice(), TOKEN, 10),
            status(n2, bob(), 2 * TOKEN, 20),
        ],
        lists: vec![
            (1, 100, None, vec![n1, n2], 3),
            (1, 1, None, vec![n1], 3),
            (2, 1, None, vec![n2], 3),
            (3, 20, None, vec![], 3),
            (1, 20, Some(bob()), vec![n2], 2),
            (1, 20, Some(eve()), vec![], 1),
            (u32::MAX, u32::MAX, Some(alice()), vec![], 2),
        ],
    }
}

/// Replaces `bucket_get_works_and_errors`, `bucket_list_works`, `cluster_get_and_list` and
/// `node_get_and_list`: `*_get` of every entity is its full status, of any other id an error
/// that changes nothing; each list query returns exactly its entities' full statuses.
#[test]
fn get_and_list() {
    let table = [
        (Kind::Bucket, reference_bucket_listed as fn() -> Listed),
        (Kind::Bucket, two_buckets_listed),
        (Kind::Cluster, reference_cluster_listed),
        (Kind::Node, two_nodes_listed),
    ];
    for_each_kind(table, |kind, listed| {
        let Listed {
            mut w,
            statuses,
            lists,
        } = listed();
        for (id, status) in (1..).zip(&statuses) {
            assert_eq!(kind.get(&w.ddc, id).as_ref(), Ok(status));
        }
        let next = statuses.len() as u32 + 1;
        for bad in [0, next, u32::MAX] {
            w.expect_err(eve(), 0, kind.does_not_exist(), |d, _, _, _| {
                kind.get(d, bad)
            });
        }
        for (offset, limit, filter, ids, max_id) in lists {
            let page = ids.iter().map(|&id| statuses[id as usize - 1].clone());
            assert_eq!(
                kind.list(&w.ddc, offset, limit, filter),
                Ok((page.collect(), max_id)),
                "list({offset}, {limit}, {filter:?})"
            );
        }
    });
}

#[test]
fn any_list_limit_is_served_or_refused_whole() {
    let mut w = World::new();
    for _ in 0..(LIST_LIMIT_MAX + 5) {
        node(&mut w, alice(), TOKEN, 1);
    }
    // No silent clamp: a limit above 25 gets the whole window when it fits.
    let (page, max) = w.ddc.node_list(1, u32::MAX, None).unwrap();
    assert_eq!(page.len(), LIST_LIMIT_MAX as usize + 5);
    assert_eq!(max, LIST_LIMIT_MAX + 6);
    // Entities with full params: 25 always fit, 70 do not, and the page is refused whole.
    let mut w = World::new();
    let full = "x".repeat(PARAMS_MAX_LEN);
    for _ in 0..70 {
        w.call(alice(), 0, |d, c, _, e| {
            d.node_create(c, TOKEN, full.clone().into(), 1, e)
        })
        .unwrap();
    }
    assert_eq!(
        w.ddc.node_list(1, LIST_LIMIT_MAX, None).unwrap().0.len(),
        LIST_LIMIT_MAX as usize
    );
    assert_eq!(
        w.ddc.node_list(1, 70, None),
        Err(ddc_bucket::paging::PageTooLarge { max_id: 71 })
    );
    assert_eq!(
        w.ddc.node_list(1, u32::MAX, Some(alice())),
        Err(ddc_bucket::paging::PageTooLarge { max_id: 71 })
    );
}
