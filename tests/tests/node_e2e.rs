//! The contract on a live substrate-contracts-node (ink_e2e 5.1.1): real blocks with wall-clock
//! timestamps, real transaction fees, and the node's existential deposit (1e9), under which a
//! transfer to an account that does not exist is refused.
//!
//! Only with `--features e2e-tests`, and only where `substrate-contracts-node` is found
//! (`CONTRACTS_NODE` or PATH; `scripts/install-node.sh` installs it). Each test spawns its own
//! `--dev` node. ink_e2e builds the contract itself (a debug build, as it always does).
//!
//! Exact balances are asserted for accounts that do not sign (providers, the fee treasury, the
//! contract): a signer also pays transaction fees, so for signers the contract's side is checked.
#![cfg(feature = "e2e-tests")]

use ddc_bucket::account::entity::Account;
use ddc_bucket::bucket::entity::BucketStatus;
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::types::{Balance, Params, MS_PER_MONTH, TOKEN};
use ddc_bucket::{DdcBucket, DdcBucketRef};
use ink::primitives::AccountId;
use ink_e2e::subxt::dynamic::Value;
use ink_e2e::{ChainBackend, ContractsBackend, Keypair, PolkadotConfig};

type E2EResult<T> = Result<T, Box<dyn std::error::Error>>;

/// The node's existential deposit: a transfer that would create an account with less fails.
const EXISTENTIAL_DEPOSIT: Balance = 1_000_000_000;

/// A one-day grace period: upstream's reference deposit (10 TOKEN) covers 5.17 days of the
/// reference rent (60 TOKEN a month), less than the default grace (7 days) that an allocation
/// must be covered for.
const ONE_DAY_MS: u64 = 24 * 3600 * 1000;

fn id(k: &Keypair) -> AccountId {
    AccountId::from(k.public_key().0)
}

/// What the first settlement at `to` of a flow of `rate` USD per month allocated at `from`
/// takes, at parity: accrual is exact (`rate × (to − from)` rate-ms), converted once, rounded
/// down (docs/payment-math.md).
fn accrued(rate: Balance, from: u64, to: u64) -> Balance {
    rate * (to - from) as Balance / MS_PER_MONTH
}

/// `Timestamp::Now` of the block with `hash`, read from the chain's storage.
async fn block_timestamp(
    chain: &ink_e2e::subxt::OnlineClient<PolkadotConfig>,
    hash: ink_e2e::subxt::utils::H256,
) -> E2EResult<u64> {
    let now = chain
        .storage()
        .at(hash)
        .fetch(&ink_e2e::subxt::dynamic::storage("Timestamp", "Now", ()))
        .await?
        .ok_or("no Timestamp::Now")?
        .to_value()?
        .as_u128()
        .ok_or("Timestamp::Now is not a number")?;
    Ok(u64::try_from(now)?)
}

/// The contract's events of one extrinsic, decoded with the contract crate's own types.
fn events_of<V>(
    result: &ink_e2e::CallResult<
        ink::env::DefaultEnvironment,
        V,
        ink_e2e::subxt::blocks::ExtrinsicEvents<PolkadotConfig>,
    >,
) -> E2EResult<Vec<Event>> {
    result
        .contract_emitted_events()?
        .iter()
        .map(|e| {
            let topic = e.topics.first().ok_or("an event without topics")?;
            Event::decode(topic.as_ref(), &e.event.data)
                .ok_or_else(|| format!("undecodable event {:?}", e.event.data).into())
        })
        .collect()
}

/// The client `#[ink_e2e::test]` hands a test, and the contract's typed call builder.
type NodeClient = ink_e2e::Client<PolkadotConfig, ink::env::DefaultEnvironment>;
type Ddc = <DdcBucket as ink::codegen::ContractCallBuilder>::Type;

/// Instantiates the contract as `admin` (who becomes SuperAdmin); its address and call builder.
async fn deploy(client: &mut NodeClient, admin: &Keypair) -> (AccountId, Ddc) {
    let mut constructor = DdcBucketRef::new();
    let contract = client
        .instantiate("ddc_bucket", admin, &mut constructor)
        .submit()
        .await
        .expect("instantiate");
    (contract.account_id, contract.call_builder::<DdcBucket>())
}

/// `account_get(account)`, read with a dry run; an error if there is no such account.
async fn account_of(
    client: &mut NodeClient,
    ddc: &mut Ddc,
    account: AccountId,
) -> E2EResult<Account> {
    let reader = ink_e2e::alice();
    Ok(client
        .call(&reader, &ddc.account_get(account))
        .dry_run()
        .await?
        .return_value()
        .map_err(|e| format!("account_get: {e:?}"))?)
}

/// The cluster's undistributed revenues, read with a dry run.
async fn revenues_of(client: &mut NodeClient, ddc: &mut Ddc, cluster: u32) -> E2EResult<Balance> {
    let reader = ink_e2e::alice();
    let status = client
        .call(&reader, &ddc.cluster_get(cluster))
        .dry_run()
        .await?
        .return_value()
        .map_err(|e| format!("cluster_get: {e:?}"))?;
    Ok(status.cluster.revenues.value)
}

/// `account_withdraw(amount)` by `who`: one `Withdraw` event, and the contract's free balance
/// falls by exactly `amount`.
async fn withdraw_exactly(
    client: &mut NodeClient,
    ddc: &mut Ddc,
    contract: AccountId,
    who: &Keypair,
    amount: Balance,
) -> E2EResult<()> {
    let before = client.free_balance(contract).await?;
    let withdrawn = client
        .call(who, &ddc.account_withdraw(amount))
        .submit()
        .await
        .expect("withdraw");
    assert_eq!(
        events_of(&withdrawn)?,
        vec![Event::from(Withdraw {
            account_id: id(who),
            value: amount
        })]
    );
    assert_eq!(client.free_balance(contract).await?, before - amount);
    Ok(())
}

#[ink_e2e::test]
async fn lifecycle_on_a_live_chain<Client: E2EBackend>(mut client: Client) -> E2EResult<()> {
    // The chain to read block timestamps from: the node ink_e2e spawned for this test.
    let chain = node_rpc.client();
    let admin = ink_e2e::alice();
    let manager = client.create_and_fund_account(&admin, 1000 * TOKEN).await;
    let app = client.create_and_fund_account(&admin, 1000 * TOKEN).await;
    // The fee treasury exists with the bare minimum; it never signs.
    let treasury = client
        .create_and_fund_account(&admin, EXISTENTIAL_DEPOSIT)
        .await;
    let mut providers = vec![];
    for _ in 0..3 {
        providers.push(client.create_and_fund_account(&admin, 1000 * TOKEN).await);
    }

    let (contract, mut ddc) = deploy(&mut client, &admin).await;

    // Three providers trust the manager and register a node each.
    let mut nodes = vec![];
    for (i, p) in providers.iter().enumerate() {
        client
            .call(p, &ddc.node_trust_manager(id(&manager)))
            .submit()
            .await
            .expect("trust");
        let params: Params =
            format!("{{\"url\":\"https://node-{i}.ddc.example\",\"engineType\":1}}").into();
        let created = client
            .call(p, &ddc.node_create(10 * TOKEN, params.clone(), 100))
            .submit()
            .await
            .expect("node_create");
        let events = events_of(&created)?;
        let node_id = created.return_value().expect("node id");
        assert_eq!(
            events,
            vec![Event::from(NodeCreated {
                node_id,
                provider_id: id(p),
                rent_per_month: 10 * TOKEN,
                node_params: params,
            })]
        );
        nodes.push(node_id);
    }

    // The manager builds a 6-vnode cluster and reserves 10 per vnode.
    let created = client
        .call(
            &manager,
            &ddc.cluster_create(id(&manager), 6, nodes.clone(), "{\"replication\":3}".into()),
        )
        .submit()
        .await
        .expect("cluster_create");
    let cluster = created.return_value().expect("cluster id");
    client
        .call(&manager, &ddc.cluster_reserve_resource(cluster, 10))
        .submit()
        .await
        .expect("reserve");
    let status = client
        .call(&admin, &ddc.cluster_get(cluster))
        .dry_run()
        .await?
        .return_value()
        .expect("cluster");
    assert_eq!(
        status.cluster.vnodes,
        vec![nodes[0], nodes[1], nodes[2]].repeat(2)
    );
    assert_eq!(status.cluster.total_rent, 60 * TOKEN);

    // The admin sets a one-day grace period, so that the reference deposit may allocate.
    let grace = client
        .call(&admin, &ddc.admin_set_grace_period(ONE_DAY_MS))
        .submit()
        .await
        .expect("grace period");
    assert_eq!(
        events_of(&grace)?,
        vec![Event::from(GracePeriodSet {
            grace_period_ms: ONE_DAY_MS
        })]
    );

    // The app creates a bucket with 10 TOKEN of value (its deposit, before it allocates): the
    // contract receives exactly that.
    let before = client.free_balance(contract).await?;
    let created = client
        .call(
            &app,
            &ddc.bucket_create("{\"replication\":3}".into(), cluster),
        )
        .value(10 * TOKEN)
        .submit()
        .await
        .expect("bucket_create");
    let events = events_of(&created)?;
    let bucket = created.return_value().expect("bucket id");
    assert_eq!(
        events,
        vec![
            Event::from(BucketCreated {
                bucket_id: bucket,
                owner_id: id(&app)
            }),
            Deposit {
                account_id: id(&app),
                value: 10 * TOKEN
            }
            .into(),
        ]
    );
    let after = client.free_balance(contract).await?;
    // Storage deposits are held, not free: the free balance grew by the value exactly.
    assert_eq!(after, before + 10 * TOKEN, "the value reached the contract");

    // Allocate, let real time pass, settle: the amount is the formula over the two blocks'
    // timestamps, read from the chain.
    let allocated = client
        .call(&app, &ddc.bucket_alloc_into_cluster(bucket, 1))
        .submit()
        .await
        .expect("alloc");
    let t_alloc = block_timestamp(&chain, allocated.events.block_hash()).await?;
    std::thread::sleep(std::time::Duration::from_secs(3));
    let settled = client
        .call(&manager, &ddc.bucket_settle_payment(bucket))
        // Submitted with the dry run's own estimate (no margin), made at the previous block's
        // time when nothing was due yet: the settlement costs the same whatever is due.
        .submit()
        .await
        .expect("settle");
    let t_settle = block_timestamp(&chain, settled.events.block_hash()).await?;
    assert!(t_settle >= t_alloc + 3000, "{t_alloc} -> {t_settle}");
    let rate = 60 * TOKEN;
    let due = accrued(rate, t_alloc, t_settle);
    assert!(due > 0);
    assert_eq!(
        events_of(&settled)?,
        vec![Event::from(BucketSettlePayment {
            bucket_id: bucket,
            cluster_id: cluster,
            value: due,
            // The whole accrual (rate-ms) between the two blocks, at parity.
            usd_rate_ms: rate * Balance::from(t_settle - t_alloc),
            usd_per_cere: TOKEN,
        })]
    );
    let account = account_of(&mut client, &mut ddc, id(&app)).await?;
    assert_eq!(account.deposit.value, 10 * TOKEN - due);
    let revenues = revenues_of(&mut client, &mut ddc, cluster).await?;
    assert_eq!(revenues, due);

    // A fee change, then distribution by the admin: every recipient receives exactly its share.
    client
        .call(
            &admin,
            &ddc.admin_set_fee_config(FeeConfig {
                network_fee_bp: 100,
                network_fee_destination: id(&treasury),
                cluster_management_fee_bp: 200,
            }),
        )
        .submit()
        .await
        .expect("fees");
    // Fees apply to the settlements made after they are set: the revenues settled before go
    // to the providers whole, two vnodes' worth each, floored once per provider.
    let network_fee = 0;
    let management_fee = 0;
    let per_provider = revenues * 2 / 6;
    let mut provider_before = vec![];
    for p in &providers {
        provider_before.push(client.free_balance(id(p)).await?);
    }
    let treasury_before = client.free_balance(id(&treasury)).await?;
    let manager_before = client.free_balance(id(&manager)).await?;
    let contract_before = client.free_balance(contract).await?;
    let distributed = client
        .call(&admin, &ddc.cluster_distribute_revenues(cluster))
        .submit()
        .await
        .expect("distribute");
    for (p, before) in providers.iter().zip(provider_before) {
        assert_eq!(client.free_balance(id(p)).await?, before + per_provider);
    }
    assert_eq!(
        client.free_balance(id(&treasury)).await?,
        treasury_before + network_fee
    );
    assert_eq!(
        client.free_balance(id(&manager)).await?,
        manager_before + management_fee
    );
    let paid = network_fee + management_fee + 3 * per_provider;
    assert_eq!(client.free_balance(contract).await?, contract_before - paid);
    let events = events_of(&distributed)?;
    assert!(!events
        .iter()
        .any(|e| matches!(e, Event::ClusterDistributeFees(_))));
    for p in &providers {
        assert!(events.contains(&Event::from(ClusterDistributeRevenues {
            cluster_id: cluster,
            provider_id: id(p),
            value: per_provider,
        })));
    }

    // The app withdraws what is not owed; the contract pays exactly that.
    let free = account_of(&mut client, &mut ddc, id(&app))
        .await?
        .deposit
        .value;
    let amount = free / 2;
    withdraw_exactly(&mut client, &mut ddc, contract, &app, amount).await
}

#[ink_e2e::test]
async fn a_share_below_the_existential_deposit_is_credited_then_withdrawn<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    let admin = ink_e2e::alice();
    let app = client.create_and_fund_account(&admin, 1000 * TOKEN).await;
    let provider = client.create_and_fund_account(&admin, 1000 * TOKEN).await;
    let (contract, mut ddc) = deploy(&mut client, &admin).await;

    // The provider registers a node managed by the admin's cluster, then empties its account:
    // the runtime reaps it, so it no longer exists on chain.
    client
        .call(&provider, &ddc.node_trust_manager(id(&admin)))
        .submit()
        .await
        .expect("trust");
    let node = client
        .call(&provider, &ddc.node_create(TOKEN, "{}".into(), 10))
        .submit()
        .await
        .expect("node_create")
        .return_value()
        .expect("node id");
    client
        .runtime_call(
            &provider,
            "Balances",
            "transfer_all",
            vec![
                Value::unnamed_variant("Id", [Value::from_bytes(id(&admin))]),
                Value::bool(false),
            ],
        )
        .await
        .expect("transfer_all");
    assert_eq!(client.free_balance(id(&provider)).await?, 0, "reaped");

    let cluster = client
        .call(
            &admin,
            &ddc.cluster_create(id(&admin), 1, vec![node], "{}".into()),
        )
        .submit()
        .await
        .expect("cluster_create")
        .return_value()
        .expect("cluster id");
    client
        .call(&admin, &ddc.cluster_reserve_resource(cluster, 5))
        .submit()
        .await
        .expect("reserve");
    let bucket = client
        .call(&app, &ddc.bucket_create("{}".into(), cluster))
        .value(TOKEN)
        .submit()
        .await
        .expect("bucket_create")
        .return_value()
        .expect("bucket id");
    client
        .call(&app, &ddc.bucket_alloc_into_cluster(bucket, 1))
        .submit()
        .await
        .expect("alloc");
    std::thread::sleep(std::time::Duration::from_secs(2));
    client
        .call(&app, &ddc.bucket_settle_payment(bucket))
        // Submitted with the dry run's own estimate (no margin), made at the previous block's
        // time when nothing was due yet: the settlement costs the same whatever is due.
        .submit()
        .await
        .expect("settle");
    let revenues = revenues_of(&mut client, &mut ddc, cluster).await?;
    assert!(
        revenues > 0 && revenues < EXISTENTIAL_DEPOSIT,
        "a share too small to create an account: {revenues}"
    );

    // Distribution succeeds; the refused payment is credited to the provider's deposit.
    let contract_before = client.free_balance(contract).await?;
    let distributed = client
        .call(&admin, &ddc.cluster_distribute_revenues(cluster))
        .submit()
        .await
        .expect("distribute");
    // No fees are configured, so no fee event: the provider's share, credited instead of sent.
    assert_eq!(
        events_of(&distributed)?,
        vec![
            Event::from(ClusterDistributeRevenues {
                cluster_id: cluster,
                provider_id: id(&provider),
                value: revenues,
            }),
            Deposit {
                account_id: id(&provider),
                value: revenues,
            }
            .into(),
        ]
    );
    assert_eq!(client.free_balance(id(&provider)).await?, 0, "nothing sent");
    assert_eq!(
        client.free_balance(contract).await?,
        contract_before,
        "the share stayed in the contract"
    );
    let credited: Account = account_of(&mut client, &mut ddc, id(&provider)).await?;
    assert_eq!(credited.deposit.value, revenues);

    // Later the provider is funded again and withdraws its share.
    client
        .runtime_call(
            &admin,
            "Balances",
            "transfer_allow_death",
            vec![
                Value::unnamed_variant("Id", [Value::from_bytes(id(&provider))]),
                Value::u128(TOKEN),
            ],
        )
        .await
        .expect("fund the provider");
    withdraw_exactly(&mut client, &mut ddc, contract, &provider, revenues).await?;
    assert_eq!(
        client.free_balance(contract).await?,
        contract_before - revenues
    );
    Ok(())
}

#[ink_e2e::test]
async fn errors_come_back_typed_from_a_dry_run<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    let admin = ink_e2e::alice();
    let stranger = ink_e2e::bob();
    let (contract, mut ddc) = deploy(&mut client, &admin).await;

    let settle = client
        .call(&stranger, &ddc.bucket_settle_payment(7))
        .dry_run()
        .await?;
    assert_eq!(settle.return_value(), Err(Error::BucketDoesNotExist));
    let get = client.call(&stranger, &ddc.bucket_get(7)).dry_run().await?;
    assert_eq!(
        get.return_value(),
        Err::<BucketStatus, _>(Error::BucketDoesNotExist)
    );
    let rate = client
        .call(&stranger, &ddc.account_set_usd_per_cere(TOKEN))
        .dry_run()
        .await?;
    assert_eq!(rate.return_value(), Err(Error::Unauthorized));
    let zero_rate = client
        .call(&admin, &ddc.account_set_usd_per_cere(0))
        .dry_run()
        .await?;
    assert_eq!(zero_rate.return_value(), Err(Error::InvalidExchangeRate));
    let withdraw = client
        .call(&stranger, &ddc.account_withdraw(1))
        .dry_run()
        .await?;
    assert_eq!(withdraw.return_value(), Err(Error::AccountDoesNotExist));
    let no_vnodes = client
        .call(
            &admin,
            &ddc.cluster_create(id(&admin), 0, vec![], Params::default()),
        )
        .dry_run()
        .await?;
    assert_eq!(no_vnodes.return_value(), Err(Error::NoVNodes));
    let surplus = client
        .call(&admin, &ddc.admin_withdraw(1))
        .dry_run()
        .await?;
    assert_eq!(surplus.return_value(), Err(Error::InsufficientBalance));

    // Value sent to a non-payable message is refused by dispatch: the contract traps in ink!'s
    // payability check before the message runs.
    let paid = client
        .call(&stranger, &ddc.account_withdraw(0))
        .value(TOKEN)
        .dry_run()
        .await;
    match paid {
        Err(e) => {
            let e = format!("{e:?}");
            assert!(
                e.contains("ContractTrapped") && e.contains("paid an unpayable message"),
                "{e}"
            );
        }
        Ok(r) => panic!(
            "value to a non-payable message must fail: {:?}",
            r.exec_return_value()
        ),
    }

    // A submitted call that reverts is an error too, and moves no value.
    let contract_before = client.free_balance(contract).await?;
    let reverted = client
        .call(&stranger, &ddc.bucket_create("{}".into(), 99))
        .value(TOKEN)
        .submit()
        .await;
    assert!(reverted.is_err(), "a reverted call is reported as failed");
    assert_eq!(client.free_balance(contract).await?, contract_before);
    Ok(())
}

#[ink_e2e::test]
async fn a_bucket_changes_hands_with_its_writers_cleared<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    let chain = node_rpc.client();
    let admin = ink_e2e::alice();
    let app = client.create_and_fund_account(&admin, 1000 * TOKEN).await;
    let heir = client.create_and_fund_account(&admin, 1000 * TOKEN).await;
    let writer = id(&ink_e2e::charlie());
    let (_, mut ddc) = deploy(&mut client, &admin).await;

    // The admin's own node (rent 1 TOKEN a month) in a one-vnode cluster.
    client
        .call(&admin, &ddc.node_trust_manager(id(&admin)))
        .submit()
        .await
        .expect("trust");
    let node = client
        .call(&admin, &ddc.node_create(TOKEN, "{}".into(), 10))
        .submit()
        .await
        .expect("node_create")
        .return_value()
        .expect("node id");
    let cluster = client
        .call(
            &admin,
            &ddc.cluster_create(id(&admin), 1, vec![node], "{}".into()),
        )
        .submit()
        .await
        .expect("cluster_create")
        .return_value()
        .expect("cluster id");
    client
        .call(&admin, &ddc.cluster_reserve_resource(cluster, 5))
        .submit()
        .await
        .expect("reserve");

    // The app deposits a month of rent with bucket_create, then allocates and grants a writer.
    let bucket = client
        .call(&app, &ddc.bucket_create("{}".into(), cluster))
        .value(TOKEN)
        .submit()
        .await
        .expect("bucket_create")
        .return_value()
        .expect("bucket id");
    let allocated = client
        .call(&app, &ddc.bucket_alloc_into_cluster(bucket, 1))
        .submit()
        .await
        .expect("alloc");
    let t_alloc = block_timestamp(&chain, allocated.events.block_hash()).await?;
    let granted = client
        .call(&app, &ddc.bucket_set_writer_perm(bucket, writer))
        .submit()
        .await
        .expect("writer");
    assert_eq!(
        events_of(&granted)?,
        vec![Event::from(BucketWriterPermSet {
            bucket_id: bucket,
            writer,
            granted: true
        })]
    );
    let writers = client
        .call(&heir, &ddc.get_bucket_writers(bucket))
        .dry_run()
        .await?
        .return_value();
    assert_eq!(writers, Ok(vec![writer]));

    // The app offers; the heir accepts, sending a month of rent: the app's rent is settled to
    // the acceptance's block and the heir pays from then on.
    let offered = client
        .call(&app, &ddc.bucket_change_owner(bucket, id(&heir)))
        .submit()
        .await
        .expect("offer");
    assert_eq!(
        events_of(&offered)?,
        vec![Event::from(BucketOwnerOffered {
            bucket_id: bucket,
            owner_id: id(&heir)
        })]
    );
    let accepted = client
        .call(&heir, &ddc.bucket_change_owner(bucket, id(&heir)))
        .value(TOKEN)
        .submit()
        .await
        .expect("accept");
    let t_accept = block_timestamp(&chain, accepted.events.block_hash()).await?;
    assert_eq!(
        events_of(&accepted)?,
        vec![
            Event::from(Deposit {
                account_id: id(&heir),
                value: TOKEN
            }),
            BucketSettlePayment {
                bucket_id: bucket,
                cluster_id: cluster,
                value: accrued(TOKEN, t_alloc, t_accept),
                usd_rate_ms: TOKEN * Balance::from(t_accept - t_alloc),
                usd_per_cere: TOKEN,
            }
            .into(),
            BucketOwnerChanged {
                bucket_id: bucket,
                owner_id: id(&heir),
                previous_owner_id: id(&app)
            }
            .into(),
        ]
    );
    let status = client
        .call(&heir, &ddc.bucket_get(bucket))
        .dry_run()
        .await?
        .return_value()
        .map_err(|e| format!("bucket_get: {e:?}"))?;
    assert_eq!(status.bucket.owner_id, id(&heir));
    assert_eq!(
        status.writer_ids,
        vec![id(&heir)],
        "the app's writer is gone"
    );
    let (mine, _) = client
        .call(&heir, &ddc.bucket_list(1, 20, Some(id(&heir))))
        .dry_run()
        .await?
        .return_value();
    assert_eq!(
        mine.iter().map(|b| b.bucket_id).collect::<Vec<_>>(),
        [bucket]
    );
    let (theirs, _) = client
        .call(&heir, &ddc.bucket_list(1, 20, Some(id(&app))))
        .dry_run()
        .await?
        .return_value();
    assert!(theirs.is_empty());

    // The app owes nothing: it withdraws all it has left.
    let left = account_of(&mut client, &mut ddc, id(&app))
        .await?
        .deposit
        .value;
    assert_eq!(left, TOKEN - accrued(TOKEN, t_alloc, t_accept));
    let withdrawn = client
        .call(&app, &ddc.account_withdraw(left))
        .submit()
        .await
        .expect("withdraw all");
    assert_eq!(
        events_of(&withdrawn)?,
        vec![Event::from(Withdraw {
            account_id: id(&app),
            value: left
        })]
    );
    Ok(())
}
