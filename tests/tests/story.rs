//! The main job (`ddc-story`, what `scripts/run.sh` runs) on the embedded chain: it plays to the
//! end with exit status 0, shows every part of the story with the outcomes the contract's rules
//! give (deposit before allocating; fees taken at settlement within the 10 % cap; providers paid
//! by the prices of the vnodes they host; a moved vnode keeps its price and its old host is paid
//! first; a node's new rent prices only vnodes placed later; the oracle's bounded rate; release,
//! expiry, change of owner, writers, close; a node and a cluster removed), and writes the Mermaid
//! diagram. The story checks every money flow itself; the figures below were worked out by hand
//! from the story's prices, times and rates (see the comments).

use std::process::Command;

#[test]
fn the_story_plays_to_the_end_on_the_embedded_chain() {
    let out = Command::new(env!("CARGO_BIN_EXE_ddc-story"))
        .output()
        .expect("run ddc-story");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exit {:?}\n{text}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "Step 1 ",
        "node_trust_manager: ok",
        "  Nodes\n",
        "  Clusters\n",
        "  Buckets\n",
        "  Accounts\n",
        "0→1 1→2 2→3 3→1 4→2 5→3",
        "10 12 9 10 12 9",
        "an hour later",
        "a day later",
        "a month later",
        "money flow: bucket 1 rent, photos-app → cluster 1",
        // Fees at settlement: an hour of 310 USD/month at 0.80 USD/CERE is 0.5208333333 CERE;
        // 1 % of it to the network pool, 2 % of the rest to the cluster's revenues as the
        // manager's, the rest the providers'.
        "BucketSettlePayment bucket 1 → cluster 1: 0.5208333333 CERE for 0.4166666666 USD of rent at 0.8000000000 USD/CERE",
        "network fee 1 % 0.0052083333 CERE, for treasury",
        "management fee 2 % 0.0103125000 CERE, providers 0.5053125000 CERE",
        // Distribution by price: fra's two vnodes are priced 10 + 10 of the ring's 62.
        "provider share   5.4769354839 CERE → provider-fra (2 vnodes priced 20 of 62 USD/month)",
        "network fees ",
        "management fee ",
        // A vnode moves: the day settled while it was on provider-sin's node is paid out
        // first (sin's 9 + 9 of 62 of the providers' 16.2710625001), then the move.
        "provider-sin: 4.7238568548 CERE\n      event ClusterNodeReplaced cluster 1 vnode 2 → node 4",
        "vnode 2 keeps its price, 9 USD/month",
        "cluster 1's rent stays 62 USD/month per unit",
        // A node grows and its rent rises; the vnodes it hosts keep their price.
        "NodeCapacitySet node 1: capacity 200",
        "provider-iad → node_change_capacity: refused with InsufficientResources",
        "NodeRentSet node 1: 14.0000000000 USD/month",
        "Cluster 1 still costs 62 USD/month per unit",
        // Vnodes placed later pay the new rent.
        "manager → cluster_add_node: refused with ClusterInUse",
        "ClusterNodeAdded cluster 2: 1 vnode on node 2",
        "cluster 2 costs 14 + 14 + 12 = 40 USD/month per unit",
        "| 14 14 12 ",
        // A bucket shrinks: the release settles, and the rent drops by the released price.
        "BucketReleased bucket 1 in cluster 1: 2 per vnode, rent -124.0000000000 USD/month",
        "photos-app pays 310.0000000000 → 186.0000000000 USD/month; the cluster's capacity in use 7 → 5 per vnode",
        // The admin changes the fees: more than 10 % together is refused; the network fees
        // settled so far (0.75 + 0.071875 + 0.3479166666) go to the old destination; later
        // settlements split 2 % / 3 %.
        "admin → admin_set_fee_config: refused with InvalidFeeBasisPoints",
        "event NetworkFeesPaid 1.1697916666 CERE → treasury\n      event FeeConfigSet network 200 bp → community-fund, management 300 bp",
        "network fee 2 % 0.0062500000 CERE, for community-fund",
        "management fee 3 % 0.0091875000 CERE",
        // The oracle: within the day's window the rate stays within half and twice 0.80.
        "the rate stays within 0.4000000000 ..= 1.6000000000 USD",
        "event ExchangeRateSet 1.0000000000 USD per CERE",
        "oracle → account_set_usd_per_cere: refused with RateChangeTooLarge",
        "at 1.0000000000 USD/CERE",
        // A month later: the community fund gets the network fees, provider-gru its vnode.
        "ClusterDistributeFees cluster 1: network 3.9145833332 CERE → community-fund, management 8.0706250000 CERE → manager",
        "provider share   43.4835483871 CERE → provider-gru (1 vnode priced 9 of 62 USD/month)",
        "SHORT: the deposit is empty",
        "EXPIRED",
        "Withdraw photos-app -50.0000000000 CERE",
        // Deposit first, then allocate: an unfunded allocation is refused.
        "grace period 7 d 0 h",
        "chat-app → account_deposit sending 60.0000000000 CERE: ok\n      event Deposit chat-app +60.0000000000 CERE\n  chat-app → bucket_alloc_into_cluster: ok",
        "video-app → bucket_alloc_into_cluster: refused with InsufficientDeposit",
        // An unpaid bucket expires by a stranger's call; its arrears (124 USD/month from its
        // cover at 1.00 USD/CERE, 2026-01-18 03:15, to the expiry, 26 d 4 h 45 min later) stay
        // owed; its capacity goes to another app.
        "video-app → bucket_alloc_into_cluster: refused with InsufficientResources",
        "keeper → bucket_expire: ok",
        "BucketClosed bucket 2 in cluster 1 (expired), arrears 104.7916666666 USD",
        "chat-app still owes 104.7916666666 USD",
        "bucket_get(2): rent_covered_until 2026-02-13 08:00:00 UTC, writer_ids [chat-app] → STOP: expired (bucket_expire)",
        "the capacity is back: 7 of 10 per vnode free",
        "BucketAllocated bucket 3 in cluster 1: 7 per vnode",
        // A bucket changes hands (offer, accept with a deposit) and gets a writer.
        "BucketOwnerOffered bucket 1 to gallery-app",
        "gallery-app → bucket_change_owner sending 100.0000000000 CERE: ok",
        "BucketOwnerChanged bucket 1 → gallery-app (was photos-app)",
        "BucketWriterPermSet bucket 1 writer photos-app granted",
        "get_bucket_writers(1) = [photos-app]",
        "| gallery-app,photos-app |",
        // A bucket closes an hour later (186 USD/month for an hour at 1.00: 0.25 CERE); its
        // owner withdraws the rest.
        "BucketClosed bucket 1 in cluster 1, arrears 0.0000000000 USD",
        "bucket_get(1): rent_covered_until 2026-02-13 09:00:00 UTC, writer_ids [gallery-app, photos-app] → STOP: closed",
        "Withdraw gallery-app -99.7500000000 CERE",
        "gallery-app deposit          99.7500000000 → 0.0000000000",
        // A provider leaves: refused while it hosts a vnode, paid when the vnode moves, then
        // its node is removed; the second cluster is taken down.
        "provider-sin → node_remove: refused with NodeInUse",
        // (Providers are paid in the order they joined the cluster: provider-gru last.)
        "provider-sin: 1.9663620968 CERE\n      event ClusterDistributeRevenues cluster 1 → provider-gru: 1.9663620968 CERE\n      event ClusterNodeReplaced cluster 1 vnode 5 → node 4",
        "event NodeRemoved node 3",
        "node_get(3) → NodeDoesNotExist",
        "ClusterNodeRemoved cluster 2: node 2's vnodes",
        "event ClusterRemoved cluster 2",
        "video-app → bucket_create: refused with ClusterWasRemoved",
        "2 (removed)",
        "0→1 1→2 2→4 3→1 4→2 5→4",
        "the contract holds",
        "unpaid network fees",
        "The story ran to the end",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let path = text
        .lines()
        .find_map(|l| l.split("written to ").nth(1))
        .expect("the diagram's path");
    let diagram = std::fs::read_to_string(path.trim()).expect("the diagram");
    assert!(diagram.starts_with("flowchart LR"));
    for edge in [
        "C1V2 --> N4",
        "C1V5 --> N4",
        "N4 --> ",
        "C2[\"cluster 2 · 2 vnodes · manager manager · removed\"]",
        "C2V0 -.-> N1",
        "B1 --> C1",
        "B2 -. owned by .->",
        "B1[/\"bucket 1<br/>resource 0 · closed",
        "B3[/\"bucket 3<br/>resource 7 · rent covered",
    ] {
        assert!(diagram.contains(edge), "{edge} in\n{diagram}");
    }
    assert!(!diagram.contains("N3["), "node 3 was removed:\n{diagram}");
}
