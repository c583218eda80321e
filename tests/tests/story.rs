//! The main job (`ddc-story`, what `scripts/run.sh` runs) on the embedded chain: it plays to the
//! end with exit status 0, shows every part of the story, and writes the Mermaid diagram.

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
    for edge in ["C1V2 --> N4", "N4 --> ", "B1 --> C1", "B2 -. owned by .->"] {
        assert!(diagram.contains(edge), "{edge} in\n{diagram}");
    }
}
