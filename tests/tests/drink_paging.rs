//! Paging on the real runtime: with 60 entities of each kind, the documented client loop
//! (offset = 1, then offset += limit while offset < max_id) sees every entity exactly once for
//! every `limit` a client can pass, filtered and unfiltered; a page that does not fit in the
//! output buffer reverts loudly instead of coming back short.

use ddc_bucket::bucket::entity::BucketStatus;
use ddc_bucket::cluster::entity::ClusterStatus;
use ddc_bucket::node::entity::NodeStatus;
use ddc_bucket::types::TOKEN;
use ddc_tests::{ink_id, Chain, Outcome};
use drink::AccountId32;
use ink::primitives::AccountId;
use ink::scale::Decode;

fn who(n: u8) -> AccountId32 {
    AccountId32::new([n; 32])
}

const LIMITS: [u32; 7] = [1, 7, 20, 25, 26, 100, u32::MAX];
const COUNT: u32 = 60;

/// Reads a whole list with the documented loop; panics on a revert or a short page.
fn read_all<T: Decode>(
    c: &mut Chain,
    message: &str,
    limit: u32,
    filter: Option<AccountId>,
    id_of: impl Fn(&T) -> u32,
) -> Vec<u32> {
    let mut ids = vec![];
    let mut offset = 1u32;
    loop {
        let (page, max_id): (Vec<T>, u32) = c.query(message, (offset, limit, filter));
        let window = offset
            .saturating_add(limit)
            .min(max_id)
            .saturating_sub(offset);
        assert_eq!(
            page.len(),
            window as usize,
            "{message}({offset}, {limit}, {filter:?}): a short page"
        );
        ids.extend(page.iter().map(&id_of));
        offset = offset.saturating_add(limit);
        if offset >= max_id {
            break;
        }
    }
    ids
}

/// Two providers, two managers and two apps each create 30 nodes, clusters and buckets, in
/// alternation (ids interleave between owners).
fn crowd(
    params: &str,
    count: u32,
) -> (Chain, [AccountId32; 2], [AccountId32; 2], [AccountId32; 2]) {
    let providers = [who(3), who(4)];
    let managers = [who(5), who(6)];
    let apps = [who(7), who(8)];
    let mut c = Chain::deploy(&who(1), 0);
    for a in providers.iter().chain(&managers).chain(&apps) {
        c.mint(a, 1000 * TOKEN);
    }
    for p in &providers {
        for m in &managers {
            c.tx::<()>(p, "node_trust_manager", ink_id(m), 0).unwrap();
        }
    }
    for k in 0..count {
        let p = &providers[k as usize % 2];
        c.tx::<u32>(p, "node_create", (TOKEN, params.to_string(), 1000u32), 0)
            .unwrap();
    }
    for k in 0..count {
        let m = &managers[k as usize % 2];
        c.tx::<u32>(
            m,
            "cluster_create",
            (ink_id(m), 1u32, vec![1u32], params.to_string()),
            0,
        )
        .unwrap();
    }
    for k in 0..count {
        let a = &apps[k as usize % 2];
        c.tx::<u32>(a, "bucket_create", (params.to_string(), 1u32), 0)
            .unwrap();
    }
    (c, providers, managers, apps)
}

#[test]
fn the_documented_loop_sees_every_entity_once_at_any_limit() {
    let (mut c, providers, managers, apps) = crowd("{}", COUNT);
    let all: Vec<u32> = (1..=COUNT).collect();
    let evens_odds = |first: u32| (0..COUNT / 2).map(|k| first + 2 * k).collect::<Vec<u32>>();
    let mut reads = 0;
    for limit in LIMITS {
        assert_eq!(
            read_all::<NodeStatus>(&mut c, "node_list", limit, None, |n| n.node_id),
            all
        );
        assert_eq!(
            read_all::<ClusterStatus>(&mut c, "cluster_list", limit, None, |x| x.cluster_id),
            all
        );
        assert_eq!(
            read_all::<BucketStatus>(&mut c, "bucket_list", limit, None, |b| b.bucket_id),
            all
        );
        for (i, first) in [(0usize, 1u32), (1, 2)] {
            let mine = evens_odds(first);
            let f = |a: &AccountId32| Some(ink_id(a));
            assert_eq!(
                read_all::<NodeStatus>(&mut c, "node_list", limit, f(&providers[i]), |n| n.node_id),
                mine
            );
            assert_eq!(
                read_all::<ClusterStatus>(&mut c, "cluster_list", limit, f(&managers[i]), |x| {
                    x.cluster_id
                }),
                mine
            );
            assert_eq!(
                read_all::<BucketStatus>(&mut c, "bucket_list", limit, f(&apps[i]), |b| b
                    .bucket_id),
                mine
            );
        }
        reads += 9;
    }
    println!("paging: {reads} full list reads of {COUNT} entities at limits {LIMITS:?}");
}

/// Entities with 1024-byte params: a page of 25 always fits; a page of all 70 does not and the
/// call reverts (flagged, state unchanged) with an empty page and the `max_id` it would have had.
#[test]
fn a_page_larger_than_the_buffer_reverts_loudly() {
    const MANY: u32 = 70;
    let (mut c, providers, _, _) = crowd(&"p".repeat(1024), MANY);
    for message in ["node_list", "cluster_list", "bucket_list"] {
        for filter in [None, Some(ink_id(&providers[0]))] {
            let (offset, limit) = (1u32, 25u32);
            // 25 of the largest entities always fit (filtered by a provider, cluster and bucket
            // lists are empty: their owners are managers and apps).
            let out = c.call(&who(9), message, (offset, limit, filter), 0);
            assert!(
                matches!(out, Outcome::Returned(_)),
                "{message} 25: not returned"
            );
        }
        for limit in [MANY, 100, u32::MAX] {
            let out = c.call(&who(9), message, (1u32, limit, None::<AccountId>), 0);
            let Outcome::Reverted(data) = out else {
                let kind = match out {
                    Outcome::Returned(d) => format!("a page of {} bytes", d.len()),
                    other => format!("{other:?}"),
                };
                panic!("{message} limit {limit}: expected a revert, got {kind}")
            };
            let page = <Result<(Vec<()>, u32), ink::LangError>>::decode(&mut &data[..]);
            assert_eq!(
                page,
                Ok(Ok((vec![], MANY + 1))),
                "{message}: reverted output"
            );
        }
    }
}
