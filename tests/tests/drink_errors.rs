//! Bad-input matrix on the real runtime (the release contract on pallet-contracts, drink): every
//! error each message's `# Errors` lists and the domain code can reach, with nonexistent and zero
//! ids, `u32::MAX` / `u128::MAX` arguments, oversized params, unauthorized callers, value sent
//! to every non-payable message (views included), and arguments that do not decode. Each case
//! must end as expected (a revert with the typed error, a dispatch rejection, ink!'s
//! `CouldNotReadInput` for undecodable input, or — for views — a normal return), emit no event,
//! and leave everything a caller can observe unchanged (`Chain::snapshot`).
//!
//! Errors no input can reach on this runtime, and therefore absent here: `Overflow` of id
//! counters (2^32 creations), of deposits and `total_owed` (the total issuance bounds them), of
//! the SuperAdmin count, and in `cluster_distribute_revenues` (weights are the checked
//! `total_rent`, shares are at most the revenues), in `bucket_release_resource`, `bucket_close`
//! and `bucket_expire` (they take off a rate what was added to it under the same bound), in
//! `cluster_replace_node` (the vnode keeps its price; a node's free capacity plus what it gives
//! back stays within its capacity), `cluster_set_resource_per_v_node`, `cluster_remove_node` and
//! `cluster_remove` (capacity given back stays within the node's capacity; prices were summed
//! under the same bound before); `AccountDoesNotExist` for a bucket's payer (`bucket_create`
//! creates it) and `ClusterDoesNotExist` for a bucket's cluster (a removed cluster stays on
//! record); `NodeDoesNotExist` in `cluster_reserve_resource` and
//! `cluster_set_resource_per_v_node` (a node hosting vnodes cannot be removed);
//! `ParamsDoesNotExist`; `TooManyPriceTiers` (a ring's price changes only while no bucket holds
//! resource in it, so every allocation of a bucket has one price);
//! `TransferFailed` in `admin_withdraw` (the existential deposit is 1 and the surplus is the
//! contract's reducible balance beyond what it owes, so the transfer cannot be refused); the
//! three variants kept only for the ABI. `account_withdraw`'s `TransferFailed` is reached by
//! draining the contract's balance in the runtime (a fault no message can cause).

use ddc_bucket::error::Error;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::limits::{MAX_VNODES, PARAMS_MAX_LEN};
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::{Balance, MS_PER_MONTH, TOKEN};
use ddc_tests::{ink_id, typed_error, Chain, Outcome, RawArgs};
use drink::minimal::{MinimalSandboxRuntime, RuntimeOrigin};
use drink::{AccountId32, Sandbox};
use ink::primitives::AccountId;

fn who(n: u8) -> AccountId32 {
    AccountId32::new([n; 32])
}
fn id(n: u8) -> AccountId {
    ink_id(&who(n))
}
const ADMIN: u8 = 1;
const MANAGER: u8 = 2;
const P0: u8 = 3;
const P1: u8 = 4;
const P2: u8 = 5;
const APP: u8 = 6;
/// Never calls anything before the matrix: has no account.
const STRANGER: u8 = 7;
/// Has a node but does not trust the manager.
const UNTRUSTING: u8 = 8;
/// Trusted the manager, then revoked it.
const REVOKED: u8 = 10;
/// Pays a flow so large that its accrued rent overflows.
const WHALE: u8 = 11;
const ORACLE: u8 = 12;
const EX_ORACLE: u8 = 13;
/// Offered the app's and the whale's buckets; has a bucket and no deposit.
const HEIR: u8 = 14;
/// Owns a bucket offered to the heir and grown since, a closed one, one offered to the whale,
/// and one in a removed cluster.
const SELLER: u8 = 15;
/// One of the app's bucket's 16 writers. No snapshot actor: it has no account and trusts no
/// one, and what it sends ends up in the contract's balance, which the snapshot holds.
const WRITER: u8 = 16;
const ACTORS: [u8; 14] = [
    ADMIN, MANAGER, P0, P1, P2, APP, STRANGER, UNTRUSTING, REVOKED, WHALE, ORACLE, EX_ORACLE, HEIR,
    SELLER,
];

const T0: u64 = 1_767_225_600_000;
const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;

/// How a case must end.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Reverted with this typed error.
    Err(Error),
    /// Refused by dispatch (value sent to a non-payable message): trapped or reverted.
    Rejected,
    /// A view that returns normally.
    Returns,
    /// Arguments that do not decode: ink!'s `LangError::CouldNotReadInput`, reverted.
    Malformed,
}
use Expect::{Err as E, Malformed, Rejected, Returns};

struct Case {
    caller: u8,
    message: &'static str,
    args: RawArgs,
    value: Balance,
    expect: Expect,
}

fn case(caller: u8, message: &'static str, args: impl ink::scale::Encode, expect: Expect) -> Case {
    Case {
        caller,
        message,
        args: RawArgs::of(args),
        value: 0,
        expect,
    }
}

/// The same, sending `value`.
fn paying(value: Balance, mut c: Case) -> Case {
    c.value = value;
    c
}

/// Ids of the entities the setup creates.
struct World {
    cluster: u32,
    big_cluster: u32,
    nodes: Vec<u32>,
    untrusted_node: u32,
    revoked_node: u32,
    small_node: u32,
    max_rent_node: u32,
    bucket: u32,
    app_big_bucket: u32,
    whale_bucket: u32,
    heir_bucket: u32,
    /// The seller's, offered to the heir, then grown by one unit.
    grown_bucket: u32,
    closed_bucket: u32,
    /// The seller's, allocated, offered to the whale.
    whales_offer: u32,
    /// Removed by its manager (it held no resource); the seller's bucket in it.
    removed_cluster: u32,
    orphan_bucket: u32,
    /// On the revoked provider's node, created while it trusted the manager.
    distrusted_cluster: u32,
    /// No bucket holds resource in them: two vnodes on two idle nodes reserving 10 each, and
    /// one vnode on the first.
    idle_cluster: u32,
    lone_cluster: u32,
    idle_nodes: [u32; 2],
    /// Created and removed by P0.
    removed_node: u32,
}

fn tx<T: ink::scale::Decode>(
    c: &mut Chain,
    caller: u8,
    message: &str,
    args: impl ink::scale::Encode,
) -> T {
    c.tx(&who(caller), message, args, 0)
        .unwrap_or_else(|e| panic!("setup {message}: {e:?}"))
}

/// The lifecycle's network (3 trusting providers, a 6-vnode cluster reserving 10 per vnode, a
/// bucket allocating 1 with a 2 TOKEN deposit and 16 writers), plus the odd accounts and
/// entities bad inputs need; the matrix runs an hour later, with the default grace period
/// (7 days). An allocation must be covered for the grace period and a withdrawal may not cut
/// into it, so payers that must be short allocate under a one-hour grace, which the admin then
/// sets back: the app (2 TOKEN, a day's rent) and the whale (61 minutes of the largest rate,
/// allocated two hours before the app, in debt by the matrix).
fn setup() -> (Chain, World) {
    let mut c = Chain::deploy(&who(ADMIN), 0);
    c.set_time(T0 - 2 * HOUR);
    for a in ACTORS.into_iter().chain([WRITER]) {
        c.mint(&who(a), 1000 * TOKEN);
    }
    tx::<()>(&mut c, ADMIN, "admin_set_grace_period", HOUR);
    let mut nodes = vec![];
    for p in [P0, P1, P2] {
        tx::<()>(&mut c, p, "node_trust_manager", id(MANAGER));
        nodes.push(tx(&mut c, p, "node_create", (10 * TOKEN, "{}", 100u32)));
    }
    let cluster: u32 = tx(
        &mut c,
        MANAGER,
        "cluster_create",
        (id(MANAGER), 6u32, nodes.clone(), "{}"),
    );
    tx::<()>(
        &mut c,
        MANAGER,
        "cluster_reserve_resource",
        (cluster, 10u32),
    );
    let untrusted_node = tx(&mut c, UNTRUSTING, "node_create", (10 * TOKEN, "", 100u32));
    // The revoked provider's node joins a cluster while trusted, then the trust goes.
    tx::<()>(&mut c, REVOKED, "node_trust_manager", id(MANAGER));
    let revoked_node: u32 = tx(&mut c, REVOKED, "node_create", (10 * TOKEN, "", 100u32));
    let distrusted_cluster: u32 = tx(
        &mut c,
        MANAGER,
        "cluster_create",
        (id(MANAGER), 1u32, vec![revoked_node], ""),
    );
    tx::<()>(&mut c, REVOKED, "node_distrust_manager", id(MANAGER));
    let small_node = tx(&mut c, P0, "node_create", (10 * TOKEN, "", 5u32));
    let max_rent_node = tx(&mut c, P0, "node_create", (Balance::MAX, "", 100u32));
    let removed_node: u32 = tx(&mut c, P0, "node_create", (TOKEN, "", 1u32));
    tx::<()>(&mut c, P0, "node_remove", removed_node);
    let idle_nodes: [u32; 2] =
        [0, 1].map(|_| tx(&mut c, P2, "node_create", (10 * TOKEN, "", 100u32)));
    let idle_cluster: u32 = tx(
        &mut c,
        MANAGER,
        "cluster_create",
        (id(MANAGER), 2u32, idle_nodes.to_vec(), ""),
    );
    tx::<()>(
        &mut c,
        MANAGER,
        "cluster_reserve_resource",
        (idle_cluster, 10u32),
    );
    let lone_cluster: u32 = tx(
        &mut c,
        MANAGER,
        "cluster_create",
        (id(MANAGER), 1u32, vec![idle_nodes[0]], ""),
    );
    // A cluster removed by its manager, a bucket of the seller's left in it.
    let removed_cluster: u32 = tx(
        &mut c,
        MANAGER,
        "cluster_create",
        (id(MANAGER), 2u32, vec![nodes[0]], ""),
    );
    tx::<()>(
        &mut c,
        MANAGER,
        "cluster_reserve_resource",
        (removed_cluster, 5u32),
    );
    let orphan_bucket: u32 = tx(&mut c, SELLER, "bucket_create", ("", removed_cluster));
    tx::<()>(&mut c, MANAGER, "cluster_remove", removed_cluster);
    // Rent 2^64 − 1, the largest rate a payer may have: one unit can be allocated, and its
    // settlement never overflows, at any time (docs/payment-math.md, "Bounds").
    let big_node: u32 = tx(
        &mut c,
        P0,
        "node_create",
        (u64::MAX as Balance, "", 10_000u32),
    );
    let big_cluster: u32 = tx(
        &mut c,
        MANAGER,
        "cluster_create",
        (id(MANAGER), 1u32, vec![big_node], ""),
    );
    tx::<()>(
        &mut c,
        MANAGER,
        "cluster_reserve_resource",
        (big_cluster, 2000u32),
    );
    // The largest rate, covered for 61 minutes from two hours before the app's allocation: by
    // the matrix the whale owes more than it has.
    let largest = u64::MAX as Balance;
    let whale_deposit = (largest * (61 * 60_000) as Balance).div_ceil(MS_PER_MONTH);
    c.mint(&who(WHALE), whale_deposit);
    let whale_bucket: u32 = c
        .tx(
            &who(WHALE),
            "bucket_create",
            ("", big_cluster),
            whale_deposit,
        )
        .unwrap();
    tx::<()>(
        &mut c,
        WHALE,
        "bucket_alloc_into_cluster",
        (whale_bucket, 1u32),
    );
    c.set_time(T0);
    // 2 TOKEN cover a day of 60 TOKEN a month: enough under the one-hour grace.
    let bucket: u32 = c
        .tx(&who(APP), "bucket_create", ("{}", cluster), 2 * TOKEN)
        .unwrap();
    tx::<()>(&mut c, APP, "bucket_alloc_into_cluster", (bucket, 1u32));
    tx::<()>(&mut c, APP, "bucket_set_writer_perm", (bucket, id(WRITER)));
    for n in 101..=115 {
        tx::<()>(&mut c, APP, "bucket_set_writer_perm", (bucket, id(n)));
    }
    let app_big_bucket = tx(&mut c, APP, "bucket_create", ("", big_cluster));
    // Offers to the heir: the app's bucket, the whale's (whose rent goes unpaid), the seller's
    // (which grows after the offer).
    let heir_bucket = tx(&mut c, HEIR, "bucket_create", ("", cluster));
    tx::<()>(&mut c, APP, "bucket_change_owner", (bucket, id(HEIR)));
    tx::<()>(
        &mut c,
        WHALE,
        "bucket_change_owner",
        (whale_bucket, id(HEIR)),
    );
    let grown_bucket: u32 = c
        .tx(&who(SELLER), "bucket_create", ("", cluster), 100 * TOKEN)
        .unwrap();
    tx::<()>(
        &mut c,
        SELLER,
        "bucket_alloc_into_cluster",
        (grown_bucket, 1u32),
    );
    tx::<()>(
        &mut c,
        SELLER,
        "bucket_change_owner",
        (grown_bucket, id(HEIR)),
    );
    tx::<()>(
        &mut c,
        SELLER,
        "bucket_alloc_into_cluster",
        (grown_bucket, 1u32),
    );
    let closed_bucket = tx(&mut c, SELLER, "bucket_create", ("", cluster));
    tx::<()>(&mut c, SELLER, "bucket_close", closed_bucket);
    // Offered to the whale, whose rate is already the largest a payer may have.
    let whales_offer = tx(&mut c, SELLER, "bucket_create", ("", cluster));
    tx::<()>(
        &mut c,
        SELLER,
        "bucket_alloc_into_cluster",
        (whales_offer, 1u32),
    );
    tx::<()>(
        &mut c,
        SELLER,
        "bucket_change_owner",
        (whales_offer, id(WHALE)),
    );
    for oracle in [ORACLE, EX_ORACLE] {
        tx::<()>(
            &mut c,
            ADMIN,
            "admin_grant_permission",
            (id(oracle), Permission::SetExchangeRate),
        );
    }
    tx::<()>(
        &mut c,
        ADMIN,
        "admin_revoke_permission",
        (id(EX_ORACLE), Permission::SetExchangeRate),
    );
    tx::<()>(&mut c, ADMIN, "admin_set_grace_period", 7 * DAY);
    c.set_time(T0 + HOUR);
    let w = World {
        cluster,
        big_cluster,
        nodes,
        untrusted_node,
        revoked_node,
        small_node,
        max_rent_node,
        bucket,
        app_big_bucket,
        whale_bucket,
        heir_bucket,
        grown_bucket,
        closed_bucket,
        whales_offer,
        removed_cluster,
        orphan_bucket,
        distrusted_cluster,
        idle_cluster,
        lone_cluster,
        idle_nodes,
        removed_node,
    };
    (c, w)
}

fn matrix(w: &World) -> Vec<Case> {
    let long = "x".repeat(PARAMS_MAX_LEN + 1);
    let (cl, b, n0) = (w.cluster, w.bucket, w.nodes[0]);
    let ids = [0u32, 99, u32::MAX];
    let mut v = vec![];

    // ---- bucket_create (payable): ParamsTooBig before ClusterDoesNotExist.
    for cid in ids {
        v.push(paying(
            3 * TOKEN,
            case(
                APP,
                "bucket_create",
                ("{}", cid),
                E(Error::ClusterDoesNotExist),
            ),
        ));
    }
    v.push(case(
        APP,
        "bucket_create",
        (&long, cl),
        E(Error::ParamsTooBig),
    ));
    v.push(paying(
        3 * TOKEN,
        case(
            APP,
            "bucket_create",
            ("{}", w.removed_cluster),
            E(Error::ClusterWasRemoved),
        ),
    ));
    v.push(paying(
        TOKEN,
        case(
            STRANGER,
            "bucket_create",
            (&long, 99u32),
            E(Error::ParamsTooBig),
        ),
    ));

    // ---- bucket_alloc_into_cluster.
    for bid in ids {
        v.push(case(
            APP,
            "bucket_alloc_into_cluster",
            (bid, 1u32),
            E(Error::BucketDoesNotExist),
        ));
    }
    for stranger in [ADMIN, P0, STRANGER, WHALE] {
        v.push(case(
            stranger,
            "bucket_alloc_into_cluster",
            (b, 1u32),
            E(Error::UnauthorizedOwner),
        ));
    }
    for too_much in [10u32, u32::MAX] {
        for caller in [APP, MANAGER] {
            v.push(case(
                caller,
                "bucket_alloc_into_cluster",
                (b, too_much),
                E(Error::InsufficientResources),
            ));
        }
    }
    // No squatting: the payer's deposit must cover all its rent, this allocation included, for
    // the grace period (7 days) — none at all (the heir), or a day's (the app's 2 TOKEN).
    v.push(case(
        HEIR,
        "bucket_alloc_into_cluster",
        (w.heir_bucket, 1u32),
        E(Error::InsufficientDeposit),
    ));
    // (4 of the cluster's 10 per vnode are allocated: 5 more would fit.)
    for resource in [1u32, 5] {
        v.push(case(
            APP,
            "bucket_alloc_into_cluster",
            (b, resource),
            E(Error::InsufficientDeposit),
        ));
    }
    // The manager, without the owner's consent (no resource cap set).
    v.push(case(
        MANAGER,
        "bucket_alloc_into_cluster",
        (b, 1u32),
        E(Error::AllowanceExceeded),
    ));
    v.push(case(
        SELLER,
        "bucket_alloc_into_cluster",
        (w.closed_bucket, 1u32),
        E(Error::BucketClosed),
    ));
    // A bucket of a removed cluster: its reservation went back to the nodes.
    v.push(case(
        SELLER,
        "bucket_alloc_into_cluster",
        (w.orphan_bucket, 1u32),
        E(Error::InsufficientResources),
    ));
    // Any rate above 2^64 − 1 per payer is refused: two units of the largest rent, or more.
    for resource in [2u32, 700, 1001] {
        v.push(case(
            APP,
            "bucket_alloc_into_cluster",
            (w.app_big_bucket, resource),
            E(Error::Overflow),
        ));
    }
    // A second stream on the whale's flow would pass the bound on a payer's rate.
    v.push(case(
        WHALE,
        "bucket_alloc_into_cluster",
        (w.whale_bucket, 1000u32),
        E(Error::Overflow),
    ));

    // ---- bucket_settle_payment.
    for bid in ids {
        v.push(case(
            STRANGER,
            "bucket_settle_payment",
            bid,
            E(Error::BucketDoesNotExist),
        ));
    }

    // ---- bucket_change_params (payable): owner checked before the params.
    for bid in ids {
        v.push(paying(
            TOKEN,
            case(
                APP,
                "bucket_change_params",
                (bid, "{}"),
                E(Error::BucketDoesNotExist),
            ),
        ));
    }
    for stranger in [ADMIN, MANAGER, WHALE] {
        v.push(case(
            stranger,
            "bucket_change_params",
            (b, "{}"),
            E(Error::UnauthorizedOwner),
        ));
    }
    v.push(case(
        ADMIN,
        "bucket_change_params",
        (b, &long),
        E(Error::UnauthorizedOwner),
    ));
    v.push(paying(
        TOKEN,
        case(
            APP,
            "bucket_change_params",
            (b, &long),
            E(Error::ParamsTooBig),
        ),
    ));

    // ---- bucket_get.
    for bid in ids {
        v.push(case(
            STRANGER,
            "bucket_get",
            bid,
            E(Error::BucketDoesNotExist),
        ));
    }

    // ---- bucket_set_resource_cap, bucket_release_resource, bucket_close: the owner's, open.
    for bid in ids {
        v.push(case(
            APP,
            "bucket_set_resource_cap",
            (bid, 1u32),
            E(Error::BucketDoesNotExist),
        ));
        v.push(case(
            APP,
            "bucket_release_resource",
            (bid, 1u32),
            E(Error::BucketDoesNotExist),
        ));
        v.push(case(APP, "bucket_close", bid, E(Error::BucketDoesNotExist)));
    }
    for stranger in [ADMIN, MANAGER, WRITER, HEIR] {
        v.push(case(
            stranger,
            "bucket_set_resource_cap",
            (b, 5u32),
            E(Error::UnauthorizedOwner),
        ));
        v.push(case(
            stranger,
            "bucket_release_resource",
            (b, 1u32),
            E(Error::UnauthorizedOwner),
        ));
        v.push(case(
            stranger,
            "bucket_close",
            b,
            E(Error::UnauthorizedOwner),
        ));
    }
    v.push(case(
        SELLER,
        "bucket_set_resource_cap",
        (w.closed_bucket, 1u32),
        E(Error::BucketClosed),
    ));
    v.push(case(
        SELLER,
        "bucket_release_resource",
        (w.closed_bucket, 0u32),
        E(Error::BucketClosed),
    ));
    v.push(case(
        SELLER,
        "bucket_close",
        w.closed_bucket,
        E(Error::BucketClosed),
    ));
    // More than allocated (1 unit; none in the app's other bucket).
    for (bid, resource) in [(b, 2u32), (b, u32::MAX), (w.app_big_bucket, 1)] {
        v.push(case(
            APP,
            "bucket_release_resource",
            (bid, resource),
            E(Error::InsufficientResources),
        ));
    }

    // ---- bucket_expire (anyone): only a funded-out payer's bucket, past the grace period.
    for bid in ids {
        v.push(case(
            STRANGER,
            "bucket_expire",
            bid,
            E(Error::BucketDoesNotExist),
        ));
    }
    v.push(case(
        STRANGER,
        "bucket_expire",
        w.closed_bucket,
        E(Error::BucketClosed),
    ));
    // Covered (the app's), no rent (the app's other one, the heir's), unfunded for two hours
    // only (the whale's: within the grace period).
    for bid in [b, w.app_big_bucket, w.heir_bucket, w.whale_bucket] {
        v.push(case(STRANGER, "bucket_expire", bid, E(Error::NotExpired)));
    }

    // ---- bucket_change_owner (payable): the owner offers, the offeree accepts.
    for bid in ids {
        v.push(paying(
            TOKEN,
            case(
                APP,
                "bucket_change_owner",
                (bid, id(HEIR)),
                E(Error::BucketDoesNotExist),
            ),
        ));
    }
    // Not the owner, nor the offeree accepting for itself: strangers, a writer, the heir for
    // someone else or for a bucket not offered to it, the manager of the cluster.
    for (caller, bid, to) in [
        (STRANGER, b, STRANGER),
        (STRANGER, b, HEIR),
        (ADMIN, b, ADMIN),
        (MANAGER, b, MANAGER),
        (WRITER, b, WRITER),
        (HEIR, b, APP),
        (HEIR, b, STRANGER),
        (HEIR, w.app_big_bucket, HEIR),
        (APP, w.heir_bucket, APP),
    ] {
        v.push(paying(
            TOKEN,
            case(
                caller,
                "bucket_change_owner",
                (bid, id(to)),
                E(Error::UnauthorizedOwner),
            ),
        ));
    }
    for caller in [SELLER, HEIR] {
        v.push(case(
            caller,
            "bucket_change_owner",
            (w.closed_bucket, id(HEIR)),
            E(Error::BucketClosed),
        ));
    }
    // The seller allocated more since its offer: the heir did not consent to that rent.
    v.push(paying(
        500 * TOKEN,
        case(
            HEIR,
            "bucket_change_owner",
            (w.grown_bucket, id(HEIR)),
            E(Error::AllowanceExceeded),
        ),
    ));
    // The whale has not paid its rent: debts do not change hands.
    v.push(paying(
        500 * TOKEN,
        case(
            HEIR,
            "bucket_change_owner",
            (w.whale_bucket, id(HEIR)),
            E(Error::InsufficientBalance),
        ),
    ));
    // Taking on this rent would put the whale's rate past the bound (2^64 − 1 a month).
    v.push(paying(
        TOKEN,
        case(
            WHALE,
            "bucket_change_owner",
            (w.whales_offer, id(WHALE)),
            E(Error::Overflow),
        ),
    ));
    // The heir must cover the rent for the grace period: nothing, or 1 TOKEN (half a day).
    for value in [0, TOKEN] {
        v.push(paying(
            value,
            case(
                HEIR,
                "bucket_change_owner",
                (b, id(HEIR)),
                E(Error::InsufficientDeposit),
            ),
        ));
    }

    // ---- writers: the owner's, open; at most 16 besides the owner.
    for bid in ids {
        v.push(case(
            APP,
            "bucket_set_writer_perm",
            (bid, id(STRANGER)),
            E(Error::BucketDoesNotExist),
        ));
        v.push(case(
            APP,
            "bucket_revoke_writer_perm",
            (bid, id(WRITER)),
            E(Error::BucketDoesNotExist),
        ));
        v.push(case(
            STRANGER,
            "get_bucket_writers",
            bid,
            E(Error::BucketDoesNotExist),
        ));
    }
    for stranger in [ADMIN, MANAGER, WRITER, HEIR] {
        v.push(case(
            stranger,
            "bucket_set_writer_perm",
            (b, id(stranger)),
            E(Error::UnauthorizedOwner),
        ));
        v.push(case(
            stranger,
            "bucket_revoke_writer_perm",
            (b, id(WRITER)),
            E(Error::UnauthorizedOwner),
        ));
    }
    v.push(case(
        SELLER,
        "bucket_set_writer_perm",
        (w.closed_bucket, id(WRITER)),
        E(Error::BucketClosed),
    ));
    v.push(case(
        SELLER,
        "bucket_revoke_writer_perm",
        (w.closed_bucket, id(WRITER)),
        E(Error::BucketClosed),
    ));
    for writer in [id(WRITER), id(APP)] {
        v.push(case(
            APP,
            "bucket_set_writer_perm",
            (b, writer),
            E(Error::AlreadyWriter),
        ));
    }
    v.push(case(
        APP,
        "bucket_set_writer_perm",
        (b, id(STRANGER)),
        E(Error::TooManyWriters),
    ));
    for writer in [id(STRANGER), id(APP), AccountId::from([0; 32])] {
        v.push(case(
            APP,
            "bucket_revoke_writer_perm",
            (b, writer),
            E(Error::NotWriter),
        ));
    }
    v.push(case(
        APP,
        "bucket_revoke_writer_perm",
        (w.app_big_bucket, id(WRITER)),
        E(Error::NotWriter),
    ));
    for bid in [b, w.closed_bucket] {
        v.push(case(STRANGER, "get_bucket_writers", bid, Returns));
    }

    // ---- cluster_create (payable): vnodes, node list, params, then each node.
    let create = |caller: u8, vnodes: u32, node_ids: Vec<u32>, params: &str, e: Error| {
        paying(
            2 * TOKEN,
            case(
                caller,
                "cluster_create",
                (id(caller), vnodes, node_ids, params),
                E(e),
            ),
        )
    };
    v.push(create(MANAGER, 0, vec![n0], "", Error::NoVNodes));
    v.push(create(MANAGER, 0, vec![], &long, Error::NoVNodes));
    for vnodes in [MAX_VNODES + 1, u32::MAX] {
        v.push(create(MANAGER, vnodes, vec![n0], "", Error::TooManyVNodes));
    }
    v.push(create(MANAGER, 3, vec![], "", Error::NoNodes));
    v.push(create(MANAGER, 3, vec![], &long, Error::NoNodes));
    let too_many: Vec<u32> = (0..=MAX_VNODES).map(|i| w.nodes[i as usize % 3]).collect();
    assert_eq!(too_many.len(), 301);
    v.push(create(MANAGER, 3, too_many, "", Error::TooManyNodes));
    v.push(create(
        MANAGER,
        3,
        w.nodes.clone(),
        &long,
        Error::ParamsTooBig,
    ));
    for nid in ids {
        v.push(create(
            MANAGER,
            3,
            vec![n0, nid],
            "",
            Error::NodeDoesNotExist,
        ));
    }
    for nid in [w.untrusted_node, w.revoked_node] {
        v.push(create(
            MANAGER,
            3,
            vec![n0, nid],
            "",
            Error::ClusterManagerIsNotTrusted,
        ));
    }
    v.push(create(
        APP,
        3,
        w.nodes.clone(),
        "",
        Error::ClusterManagerIsNotTrusted,
    ));
    v.push(create(
        MANAGER,
        2,
        vec![w.max_rent_node],
        "",
        Error::Overflow,
    ));
    v.push(create(
        MANAGER,
        2,
        vec![n0, w.max_rent_node],
        "",
        Error::Overflow,
    ));

    // ---- cluster_reserve_resource.
    for cid in ids {
        v.push(case(
            MANAGER,
            "cluster_reserve_resource",
            (cid, 1u32),
            E(Error::ClusterDoesNotExist),
        ));
    }
    for stranger in [ADMIN, APP, P0] {
        v.push(case(
            stranger,
            "cluster_reserve_resource",
            (cl, 1u32),
            E(Error::UnauthorizedClusterManager),
        ));
    }
    // Nodes host 2 vnodes each with 80 free: 41 more per vnode is 82.
    for amount in [41u32, u32::MAX - 10] {
        v.push(case(
            MANAGER,
            "cluster_reserve_resource",
            (cl, amount),
            E(Error::InsufficientResources),
        ));
    }
    v.push(case(
        MANAGER,
        "cluster_reserve_resource",
        (cl, u32::MAX),
        E(Error::Overflow),
    ));
    v.push(case(
        MANAGER,
        "cluster_reserve_resource",
        (w.removed_cluster, 1u32),
        E(Error::ClusterWasRemoved),
    ));
    // Trust is checked again for every node: the revoked provider's node stops reservations.
    for amount in [0u32, 1] {
        v.push(case(
            MANAGER,
            "cluster_reserve_resource",
            (w.distrusted_cluster, amount),
            E(Error::ClusterManagerIsNotTrusted),
        ));
    }

    // ---- cluster_replace_node.
    let replace = |caller: u8, cid: u32, vnode: u32, node: u32, e: Error| {
        case(caller, "cluster_replace_node", (cid, vnode, node), E(e))
    };
    for cid in ids {
        v.push(replace(MANAGER, cid, 0, n0, Error::ClusterDoesNotExist));
    }
    for stranger in [ADMIN, APP, P0] {
        v.push(replace(
            stranger,
            cl,
            0,
            n0,
            Error::UnauthorizedClusterManager,
        ));
    }
    for vnode in [6u32, u32::MAX] {
        v.push(replace(MANAGER, cl, vnode, n0, Error::VNodeDoesNotExist));
    }
    for nid in ids {
        v.push(replace(MANAGER, cl, 0, nid, Error::NodeDoesNotExist));
    }
    for nid in [w.untrusted_node, w.revoked_node] {
        v.push(replace(
            MANAGER,
            cl,
            0,
            nid,
            Error::ClusterManagerIsNotTrusted,
        ));
    }
    v.push(replace(
        MANAGER,
        cl,
        0,
        w.small_node,
        Error::InsufficientResources,
    ));
    v.push(replace(
        MANAGER,
        w.removed_cluster,
        0,
        n0,
        Error::ClusterWasRemoved,
    ));

    // ---- cluster_set_resource_per_v_node: down to what buckets use, up from free capacity.
    let resize = |caller: u8, cid: u32, resource: u32, e: Error| {
        case(
            caller,
            "cluster_set_resource_per_v_node",
            (cid, resource),
            E(e),
        )
    };
    for cid in ids {
        v.push(resize(MANAGER, cid, 10, Error::ClusterDoesNotExist));
    }
    for stranger in [ADMIN, APP, P0] {
        v.push(resize(stranger, cl, 10, Error::UnauthorizedClusterManager));
    }
    v.push(resize(
        MANAGER,
        w.removed_cluster,
        0,
        Error::ClusterWasRemoved,
    ));
    // 4 per vnode are used; 41 more per vnode on nodes hosting 2 vnodes with 80 free is 82.
    for resource in [0u32, 3, 51, u32::MAX] {
        v.push(resize(MANAGER, cl, resource, Error::InsufficientResources));
    }
    v.push(resize(
        MANAGER,
        w.distrusted_cluster,
        1,
        Error::ClusterManagerIsNotTrusted,
    ));

    // ---- cluster_add_node: the manager's, not removed, unused cluster; a trusted node.
    let add = |caller: u8, cid: u32, node: u32, vnodes: u32, e: Error| {
        case(caller, "cluster_add_node", (cid, node, vnodes), E(e))
    };
    let idle = w.idle_cluster;
    for cid in ids {
        v.push(add(MANAGER, cid, n0, 1, Error::ClusterDoesNotExist));
    }
    for stranger in [ADMIN, APP, P2] {
        v.push(add(
            stranger,
            idle,
            n0,
            1,
            Error::UnauthorizedClusterManager,
        ));
    }
    v.push(add(
        MANAGER,
        w.removed_cluster,
        n0,
        1,
        Error::ClusterWasRemoved,
    ));
    // A bucket holds resource in the cluster: its ring stays as the bucket bought it.
    v.push(add(MANAGER, cl, n0, 1, Error::ClusterInUse));
    for nid in [0, 99, u32::MAX, w.removed_node] {
        v.push(add(MANAGER, idle, nid, 1, Error::NodeDoesNotExist));
    }
    for nid in [w.untrusted_node, w.revoked_node] {
        v.push(add(
            MANAGER,
            idle,
            nid,
            1,
            Error::ClusterManagerIsNotTrusted,
        ));
    }
    v.push(add(MANAGER, idle, n0, 0, Error::NoVNodes));
    for vnodes in [MAX_VNODES - 1, u32::MAX] {
        v.push(add(MANAGER, idle, n0, vnodes, Error::TooManyVNodes));
    }
    // 10 reserved per vnode; the small node has 5.
    v.push(add(
        MANAGER,
        idle,
        w.small_node,
        1,
        Error::InsufficientResources,
    ));
    v.push(add(MANAGER, idle, n0, 9, Error::InsufficientResources));
    // Σ of the prices beyond u128.
    v.push(add(MANAGER, idle, w.max_rent_node, 1, Error::Overflow));

    // ---- cluster_remove_node: the manager's, not removed, unused cluster; a node in it.
    let remove_node = |caller: u8, cid: u32, node: u32, e: Error| {
        case(caller, "cluster_remove_node", (cid, node), E(e))
    };
    let [idle_a, idle_b] = w.idle_nodes;
    for cid in ids {
        v.push(remove_node(
            MANAGER,
            cid,
            idle_a,
            Error::ClusterDoesNotExist,
        ));
    }
    for stranger in [ADMIN, APP, P2] {
        v.push(remove_node(
            stranger,
            idle,
            idle_a,
            Error::UnauthorizedClusterManager,
        ));
    }
    v.push(remove_node(
        MANAGER,
        w.removed_cluster,
        n0,
        Error::ClusterWasRemoved,
    ));
    v.push(remove_node(MANAGER, cl, n0, Error::ClusterInUse));
    for nid in [0, 99, u32::MAX, n0, w.removed_node] {
        v.push(remove_node(MANAGER, idle, nid, Error::NodeDoesNotExist));
    }
    v.push(remove_node(MANAGER, w.lone_cluster, idle_a, Error::NoNodes));

    // ---- cluster_remove: the manager's, not removed, unused cluster.
    for cid in ids {
        v.push(case(
            MANAGER,
            "cluster_remove",
            cid,
            E(Error::ClusterDoesNotExist),
        ));
    }
    for stranger in [ADMIN, APP, P2] {
        v.push(case(
            stranger,
            "cluster_remove",
            idle,
            E(Error::UnauthorizedClusterManager),
        ));
    }
    v.push(case(
        MANAGER,
        "cluster_remove",
        w.removed_cluster,
        E(Error::ClusterWasRemoved),
    ));
    for cid in [cl, w.big_cluster] {
        v.push(case(MANAGER, "cluster_remove", cid, E(Error::ClusterInUse)));
    }

    // ---- cluster_distribute_revenues, cluster_get.
    for cid in ids {
        v.push(case(
            STRANGER,
            "cluster_distribute_revenues",
            cid,
            E(Error::ClusterDoesNotExist),
        ));
        v.push(case(
            STRANGER,
            "cluster_get",
            cid,
            E(Error::ClusterDoesNotExist),
        ));
    }

    // ---- cluster_change_params (payable): manager checked before the params.
    for cid in ids {
        v.push(paying(
            TOKEN,
            case(
                MANAGER,
                "cluster_change_params",
                (cid, ""),
                E(Error::ClusterDoesNotExist),
            ),
        ));
    }
    for stranger in [ADMIN, APP] {
        v.push(case(
            stranger,
            "cluster_change_params",
            (cl, &long),
            E(Error::UnauthorizedClusterManager),
        ));
    }
    v.push(paying(
        TOKEN,
        case(
            MANAGER,
            "cluster_change_params",
            (w.big_cluster, &long),
            E(Error::ParamsTooBig),
        ),
    ));
    v.push(paying(
        TOKEN,
        case(
            MANAGER,
            "cluster_change_params",
            (w.removed_cluster, ""),
            E(Error::ClusterWasRemoved),
        ),
    ));

    // ---- node_create, node_change_params, node_get.
    v.push(paying(
        TOKEN,
        case(
            P0,
            "node_create",
            (Balance::MAX, &long, u32::MAX),
            E(Error::ParamsTooBig),
        ),
    ));
    for nid in [0, 99, u32::MAX, w.removed_node] {
        v.push(paying(
            TOKEN,
            case(
                P0,
                "node_change_params",
                (nid, ""),
                E(Error::NodeDoesNotExist),
            ),
        ));
        v.push(case(STRANGER, "node_get", nid, E(Error::NodeDoesNotExist)));
        v.push(case(
            P0,
            "node_change_capacity",
            (nid, 100u32),
            E(Error::NodeDoesNotExist),
        ));
        v.push(case(
            P0,
            "node_change_rent",
            (nid, TOKEN),
            E(Error::NodeDoesNotExist),
        ));
        v.push(case(P0, "node_remove", nid, E(Error::NodeDoesNotExist)));
    }
    for stranger in [ADMIN, MANAGER, P1] {
        v.push(case(
            stranger,
            "node_change_capacity",
            (n0, 1000u32),
            E(Error::UnauthorizedProvider),
        ));
        v.push(case(
            stranger,
            "node_change_rent",
            (n0, 0u128),
            E(Error::UnauthorizedProvider),
        ));
        v.push(case(
            stranger,
            "node_remove",
            w.small_node,
            E(Error::UnauthorizedProvider),
        ));
    }
    // Below what clusters reserved on it: 2 vnodes × 10 of this cluster, 2 × 5 of the removed
    // one given back.
    for capacity in [0u32, 19] {
        v.push(case(
            P0,
            "node_change_capacity",
            (n0, capacity),
            E(Error::InsufficientResources),
        ));
    }
    v.push(case(
        P2,
        "node_change_capacity",
        (idle_b, 9u32),
        E(Error::InsufficientResources),
    ));
    // Nodes hosting vnodes stay (a removed cluster's give theirs back).
    for (provider, node) in [
        (P0, n0),
        (P2, idle_a),
        (P2, idle_b),
        (REVOKED, w.revoked_node),
    ] {
        v.push(case(provider, "node_remove", node, E(Error::NodeInUse)));
    }
    for stranger in [ADMIN, MANAGER, P1] {
        v.push(case(
            stranger,
            "node_change_params",
            (n0, &long),
            E(Error::UnauthorizedProvider),
        ));
    }
    v.push(case(
        P0,
        "node_change_params",
        (n0, &long),
        E(Error::ParamsTooBig),
    ));

    // ---- accounts.
    for amount in [0u128, 1, Balance::MAX] {
        v.push(case(
            STRANGER,
            "account_withdraw",
            amount,
            E(Error::AccountDoesNotExist),
        ));
    }
    // 2 TOKEN deposited, an hour of 60 TOKEN/month accrued: the whole deposit is not free (nor,
    // while rent runs, what the grace period's rent needs).
    for amount in [2 * TOKEN, 2 * TOKEN + 1, Balance::MAX] {
        v.push(case(
            APP,
            "account_withdraw",
            amount,
            E(Error::InsufficientBalance),
        ));
    }
    // The whale owes more than its deposit: nothing is free.
    v.push(case(
        WHALE,
        "account_withdraw",
        1u128,
        E(Error::InsufficientBalance),
    ));
    // No squatting by the back door: the seller's 100 TOKEN owe 0.24 for the hour, but its
    // three units (180 TOKEN a month) keep 40.6 for the grace period while their rent runs.
    for amount in [60 * TOKEN, 99 * TOKEN] {
        v.push(case(
            SELLER,
            "account_withdraw",
            amount,
            E(Error::InsufficientBalance),
        ));
    }
    for a in [id(STRANGER), id(UNTRUSTING), AccountId::from([0; 32])] {
        v.push(case(
            STRANGER,
            "account_get",
            a,
            E(Error::AccountDoesNotExist),
        ));
    }
    for caller in [APP, MANAGER, EX_ORACLE] {
        v.push(case(
            caller,
            "account_set_usd_per_cere",
            TOKEN,
            E(Error::Unauthorized),
        ));
    }
    v.push(case(
        APP,
        "account_set_usd_per_cere",
        0u128,
        E(Error::Unauthorized),
    ));
    for caller in [ADMIN, ORACLE] {
        for rate in [0u128, 10u128.pow(28) + 1, Balance::MAX] {
            v.push(case(
                caller,
                "account_set_usd_per_cere",
                rate,
                E(Error::InvalidExchangeRate),
            ));
        }
        // Within a day-long window the rate stays in [rate / 2, 2 × rate] of its start (1 USD
        // per CERE): one unit beyond either bound is refused, whoever sets it.
        for rate in [2 * TOKEN + 1, TOKEN / 2 - 1, 1, 10u128.pow(28)] {
            v.push(case(
                caller,
                "account_set_usd_per_cere",
                rate,
                E(Error::RateChangeTooLarge),
            ));
        }
    }

    // ---- admin messages.
    for caller in [APP, ORACLE, MANAGER, EX_ORACLE] {
        v.push(paying(
            TOKEN,
            case(
                caller,
                "admin_grant_permission",
                (id(caller), Permission::SuperAdmin),
                E(Error::Unauthorized),
            ),
        ));
        v.push(case(
            caller,
            "admin_revoke_permission",
            (id(ADMIN), Permission::SuperAdmin),
            E(Error::Unauthorized),
        ));
        v.push(case(
            caller,
            "admin_withdraw",
            0u128,
            E(Error::Unauthorized),
        ));
        v.push(case(
            caller,
            "admin_set_fee_config",
            FeeConfig::default(),
            E(Error::Unauthorized),
        ));
    }
    v.push(case(
        ORACLE,
        "admin_revoke_permission",
        (id(ORACLE), Permission::SetExchangeRate),
        E(Error::Unauthorized),
    ));
    v.push(case(
        ADMIN,
        "admin_revoke_permission",
        (id(ADMIN), Permission::SuperAdmin),
        E(Error::LastSuperAdmin),
    ));
    // Deposits and revenues are all owed: there is no surplus.
    for amount in [1u128, TOKEN, Balance::MAX] {
        v.push(case(
            ADMIN,
            "admin_withdraw",
            amount,
            E(Error::InsufficientBalance),
        ));
    }
    let fees = |network_fee_bp, cluster_management_fee_bp| FeeConfig {
        network_fee_bp,
        network_fee_destination: id(ADMIN),
        cluster_management_fee_bp,
    };
    // Together at most 1_000 basis points (10 %), the cap the contract is built with.
    for (nf, mf) in [
        (1_001, 0),
        (0, 1_001),
        (500, 501),
        (1_000, 1),
        (10_001, 0),
        (0, 10_001),
        (10_001, 10_001),
        (Balance::MAX, 0),
        (0, Balance::MAX),
        (Balance::MAX, Balance::MAX),
    ] {
        v.push(case(
            ADMIN,
            "admin_set_fee_config",
            fees(nf, mf),
            E(Error::InvalidFeeBasisPoints),
        ));
    }
    v.push(case(
        APP,
        "admin_set_fee_config",
        fees(10_001, 0),
        E(Error::Unauthorized),
    ));
    // The grace period: SuperAdmin only (checked first), within 1 hour ..= 90 days.
    for caller in [APP, ORACLE, MANAGER, EX_ORACLE] {
        for ms in [HOUR, 0] {
            v.push(case(
                caller,
                "admin_set_grace_period",
                ms,
                E(Error::Unauthorized),
            ));
        }
    }
    for ms in [0u64, 1, HOUR - 1, 90 * 24 * HOUR + 1, u64::MAX] {
        v.push(case(
            ADMIN,
            "admin_set_grace_period",
            ms,
            E(Error::InvalidGracePeriod),
        ));
    }

    // ---- value sent to every non-payable mutating message, with arguments that would succeed.
    let non_payable: Vec<Case> = vec![
        case(APP, "bucket_alloc_into_cluster", (b, 1u32), Rejected),
        case(APP, "bucket_settle_payment", b, Rejected),
        case(MANAGER, "cluster_reserve_resource", (cl, 1u32), Rejected),
        case(MANAGER, "cluster_replace_node", (cl, 0u32, n0), Rejected),
        case(STRANGER, "cluster_distribute_revenues", cl, Rejected),
        case(P0, "node_distrust_manager", id(MANAGER), Rejected),
        case(APP, "account_withdraw", 0u128, Rejected),
        case(ADMIN, "account_set_usd_per_cere", TOKEN, Rejected),
        case(
            ADMIN,
            "admin_revoke_permission",
            (id(ORACLE), Permission::SetExchangeRate),
            Rejected,
        ),
        case(ADMIN, "admin_withdraw", 0u128, Rejected),
        case(
            ADMIN,
            "admin_set_fee_config",
            FeeConfig::default(),
            Rejected,
        ),
        case(APP, "bucket_set_resource_cap", (b, 1u32), Rejected),
        case(APP, "bucket_release_resource", (b, 1u32), Rejected),
        case(APP, "bucket_close", b, Rejected),
        case(STRANGER, "bucket_expire", b, Rejected),
        case(ADMIN, "admin_set_grace_period", HOUR, Rejected),
        case(APP, "bucket_set_writer_perm", (b, id(STRANGER)), Rejected),
        case(APP, "bucket_revoke_writer_perm", (b, id(WRITER)), Rejected),
        case(P0, "node_change_capacity", (n0, 100u32), Rejected),
        case(P0, "node_change_rent", (n0, 10 * TOKEN), Rejected),
        case(P0, "node_remove", w.small_node, Rejected),
        case(
            MANAGER,
            "cluster_set_resource_per_v_node",
            (cl, 10u32),
            Rejected,
        ),
        case(MANAGER, "cluster_add_node", (idle, n0, 1u32), Rejected),
        case(MANAGER, "cluster_remove_node", (idle, idle_b), Rejected),
        case(MANAGER, "cluster_remove", idle, Rejected),
    ];
    v.extend(non_payable.into_iter().map(|c| paying(5 * TOKEN, c)));

    // ---- views with extreme arguments return normally.
    for list in ["bucket_list", "cluster_list", "node_list"] {
        for (offset, limit) in [(0u32, 0u32), (0, u32::MAX), (u32::MAX, u32::MAX)] {
            v.push(case(
                STRANGER,
                list,
                (offset, limit, None::<AccountId>),
                Returns,
            ));
            v.push(case(
                STRANGER,
                list,
                (offset, limit, Some(id(APP))),
                Returns,
            ));
        }
    }
    for p in [
        Permission::SuperAdmin,
        Permission::ManagerTrustedBy([0; 32].into()),
    ] {
        v.push(case(STRANGER, "has_permission", ([0xffu8; 32], p), Returns));
    }
    v.push(case(STRANGER, "account_get_usd_per_cere", (), Returns));
    v.push(case(STRANGER, "bucket_get_grace_period", (), Returns));

    // ---- value sent to every view: refused by dispatch like any non-payable message.
    let views: Vec<Case> = vec![
        case(APP, "bucket_get", b, Rejected),
        case(
            APP,
            "bucket_list",
            (0u32, 10u32, None::<AccountId>),
            Rejected,
        ),
        case(APP, "cluster_get", cl, Rejected),
        case(
            APP,
            "cluster_list",
            (0u32, 10u32, None::<AccountId>),
            Rejected,
        ),
        case(APP, "node_get", n0, Rejected),
        case(APP, "node_list", (0u32, 10u32, None::<AccountId>), Rejected),
        case(APP, "account_get", id(APP), Rejected),
        case(APP, "account_get_usd_per_cere", (), Rejected),
        case(
            APP,
            "has_permission",
            (id(ADMIN), Permission::SuperAdmin),
            Rejected,
        ),
        case(APP, "get_bucket_writers", b, Rejected),
        case(APP, "bucket_get_grace_period", (), Rejected),
    ];
    v.extend(views.into_iter().map(|c| paying(TOKEN, c)));

    // ---- arguments that do not decode (missing or truncated bytes): a clean revert, no trap.
    v.push(case(APP, "bucket_settle_payment", (), Malformed));
    v.push(case(APP, "bucket_get", [1u8, 0], Malformed));
    v.push(case(APP, "account_withdraw", [1u8; 15], Malformed));
    v.push(case(MANAGER, "cluster_reserve_resource", cl, Malformed));
    v.push(case(APP, "bucket_create", (), Malformed));
    v.push(case(APP, "bucket_change_owner", b, Malformed));
    v.push(case(
        APP,
        "bucket_set_writer_perm",
        (b, [1u8; 31]),
        Malformed,
    ));
    v.push(case(ADMIN, "admin_set_grace_period", [1u8; 7], Malformed));
    v.push(case(ADMIN, "admin_set_fee_config", 5u128, Malformed));
    v.push(case(MANAGER, "cluster_add_node", (cl, n0), Malformed));
    v.push(case(P0, "node_change_rent", (n0, 1u64), Malformed));
    v.push(case(
        ADMIN,
        "admin_grant_permission",
        (id(APP), 9u8),
        Malformed,
    ));
    // Params that are not UTF-8 (an overlong NUL; a `Vec<u8>` encodes as a `String` would), in
    // calls that would otherwise succeed: refused while decoding, as `String` refused them.
    let not_utf8 = vec![0xC0u8, 0x80];
    v.push(paying(
        3 * TOKEN,
        case(APP, "bucket_create", (&not_utf8, cl), Malformed),
    ));
    v.push(case(
        P0,
        "node_create",
        (10 * TOKEN, &not_utf8, 100u32),
        Malformed,
    ));
    v
}

/// Runs `cases`; returns one line per failure.
fn run(c: &mut Chain, cases: Vec<Case>) -> Vec<String> {
    let mut actors: Vec<AccountId32> = ACTORS.iter().map(|&a| who(a)).collect();
    actors.push(c.contract.clone());
    let before = c.snapshot(&actors);
    let mut failures = vec![];
    for (i, k) in cases.into_iter().enumerate() {
        let out = c.call(&who(k.caller), k.message, k.args, k.value);
        let ended_right = match (&out, k.expect) {
            (Outcome::Reverted(data), E(e)) => typed_error(data) == Some(e),
            (Outcome::Failed(_) | Outcome::Reverted(_), Rejected) => true,
            (Outcome::Returned(_), Returns) => true,
            (Outcome::Reverted(data), Malformed) => {
                <Result<(), ink::LangError> as ink::scale::Decode>::decode(&mut &data[..])
                    == Ok(Err(ink::LangError::CouldNotReadInput))
            }
            _ => false,
        };
        let label = format!("#{i} {} by {} ({:?})", k.message, k.caller, k.expect);
        if k.expect == Rejected {
            let how = if matches!(out, Outcome::Failed(_)) {
                "trapped"
            } else {
                "reverted"
            };
            println!("value to non-payable {}: {how}", k.message);
        }
        if !ended_right {
            let decoded = match &out {
                Outcome::Reverted(d) | Outcome::Returned(d) => format!("{:?}", typed_error(d)),
                Outcome::Failed(_) => String::new(),
            };
            failures.push(format!("{label}: ended {out:?} {decoded}"));
        }
        if !c.last().events.is_empty() {
            failures.push(format!("{label}: emitted {:?}", c.last().events));
        }
        if c.snapshot(&actors) != before {
            failures.push(format!("{label}: changed state"));
            break;
        }
    }
    failures
}

#[test]
fn bad_input_matrix_reverts_with_typed_errors_and_changes_nothing() {
    let (mut c, w) = setup();
    let cases = matrix(&w);
    let mut count = cases.len();
    let mut failures = run(&mut c, cases);

    // A transfer the runtime refuses: drain the contract's free balance (a fault no message can
    // cause), then withdraw part of a free deposit (the seller's 100 TOKEN keep its three units'
    // rent covered for the grace period and more).
    let contract = c.contract.clone();
    c.sandbox
        .execute_with(|| {
            ink_sandbox::pallet_balances::Pallet::<MinimalSandboxRuntime>::force_set_balance(
                RuntimeOrigin::root(),
                contract.into(),
                1,
            )
        })
        .expect("drain the contract");
    let refused = vec![case(
        SELLER,
        "account_withdraw",
        TOKEN,
        E(Error::TransferFailed),
    )];
    count += refused.len();
    failures.extend(run(&mut c, refused));

    // The snapshot does see a change: a deposit moves a balance and an account.
    let mut actors: Vec<AccountId32> = ACTORS.iter().map(|&a| who(a)).collect();
    actors.push(c.contract.clone());
    let before = c.snapshot(&actors);
    c.tx::<()>(&who(STRANGER), "account_deposit", (), TOKEN)
        .unwrap();
    assert_ne!(c.snapshot(&actors), before, "the snapshot misses a deposit");

    for f in &failures {
        println!("FAIL {f}");
    }
    println!(
        "bad-input matrix: {count} cases, {} failures",
        failures.len()
    );
    assert!(failures.is_empty(), "{} failures", failures.len());
}
