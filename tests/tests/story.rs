//! The main job (`ddc-story`, what `scripts/run.sh` runs) on the embedded chain: it plays to the
//! end with exit status 0, shows every part of the story with the outcomes the contract's rules
//! give (deposit before allocating, release, expiry, change of owner, writers, close), and writes
//! the Mermaid diagram.

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
        "an hour later",
        "a day later",
        "a month later",
        "money flow: bucket 1 rent, photos-app → cluster 1",
        "network fee ",
        "management fee ",
        "provider share ",
        "ClusterNodeReplaced cluster 1 vnode 2 → node 4",
        "SHORT: the deposit is empty",
        "EXPIRED",
        "Withdraw photos-app -50.0000000000 CERE",
        // Deposit first, then allocate: an unfunded allocation is refused.
        "grace period 7 d 0 h",
        "chat-app → account_deposit sending 60.0000000000 CERE: ok\n      event Deposit chat-app +60.0000000000 CERE\n  chat-app → bucket_alloc_into_cluster: ok",
        "video-app → bucket_alloc_into_cluster: refused with InsufficientDeposit",
        // A bucket shrinks: the release settles, and the rent drops by the released price.
        "BucketReleased bucket 1 in cluster 1: 2 per vnode, rent -124.0000000000 USD/month",
        "photos-app pays 310.0000000000 → 186.0000000000 USD/month; the cluster's capacity in use 7 → 5 per vnode",
        // An unpaid bucket expires by a stranger's call; its arrears stay owed; its capacity
        // goes to another app.
        "video-app → bucket_alloc_into_cluster: refused with InsufficientResources",
        "keeper → bucket_expire: ok",
        "BucketClosed bucket 2 in cluster 1 (expired), arrears 100.0000000000 USD",
        "chat-app still owes 100.0000000000 USD",
        "bucket_get(2): rent_covered_until 2026-02-11 09:00:00 UTC, writer_ids [chat-app] → STOP: expired (bucket_expire)",
        "the capacity is back: 7 of 10 per vnode free",
        "BucketAllocated bucket 3 in cluster 1: 7 per vnode",
        // A bucket changes hands (offer, accept with a deposit) and gets a writer.
        "BucketOwnerOffered bucket 1 to gallery-app",
        "gallery-app → bucket_change_owner sending 100.0000000000 CERE: ok",
        "BucketOwnerChanged bucket 1 → gallery-app (was photos-app)",
        "BucketWriterPermSet bucket 1 writer photos-app granted",
        "get_bucket_writers(1) = [photos-app]",
        "| gallery-app,photos-app |",
        // A bucket closes; its owner withdraws all it does not owe.
        "BucketClosed bucket 1 in cluster 1, arrears 0.0000000000 USD",
        "bucket_get(1): rent_covered_until 2026-02-11 10:00:00 UTC, writer_ids [gallery-app, photos-app] → STOP: closed",
        "Withdraw gallery-app -99.6875000000 CERE",
        "gallery-app deposit          99.6875000000 → 0.0000000000",
        "the contract holds",
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
        "N4 --> ",
        "B1 --> C1",
        "B2 -. owned by .->",
        "B1[/\"bucket 1<br/>resource 0 · closed",
        "B3[/\"bucket 3<br/>resource 7 · rent covered",
    ] {
        assert!(diagram.contains(edge), "{edge} in\n{diagram}");
    }
}
