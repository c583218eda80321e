//! Account messages: deposit, withdraw, get, and the exchange rate.

use super::*;
use ddc_bucket::currency::MAX_USD_PER_CERE;
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::limits::RATE_WINDOW_MS;
use ddc_bucket::perm::entity::Permission;
use ddc_bucket::types::{Balance, TOKEN};

#[test]
fn account_deposit_works() {
    let mut w = World::new();
    w.expect_ok(
        alice(),
        10 * TOKEN,
        vec![Deposit {
            account_id: alice(),
            value: 10 * TOKEN,
        }
        .into()],
        |d, c, _, e| d.account_deposit(c, e),
    );
    // No fee: the whole value is deposited.
    assert_eq!(w.ddc.account_get(alice()), Ok(account(10 * TOKEN, 0, 0, 0)));
    w.expect_ok(
        alice(),
        5 * TOKEN,
        vec![Deposit {
            account_id: alice(),
            value: 5 * TOKEN,
        }
        .into()],
        |d, c, _, e| d.account_deposit(c, e),
    );
    assert_eq!(w.ddc.account_get(alice()), Ok(account(15 * TOKEN, 0, 0, 0)));
    assert_eq!(w.bank.wallet(alice()), 985 * TOKEN);
    assert_eq!(w.bank.contract, 15 * TOKEN);
    // A zero deposit creates the account and is reported.
    w.expect_ok(
        bob(),
        0,
        vec![Deposit {
            account_id: bob(),
            value: 0,
        }
        .into()],
        |d, c, _, e| d.account_deposit(c, e),
    );
    assert_eq!(w.ddc.account_get(bob()), Ok(account(0, 0, 0, 0)));
    w.assert_conserved();
}

#[test]
fn account_withdraw_works() {
    let mut w = World::new();
    w.call(alice(), 10 * TOKEN, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.expect_ok(
        alice(),
        0,
        vec![Withdraw {
            account_id: alice(),
            value: 4 * TOKEN,
        }
        .into()],
        |d, c, p, e| d.account_withdraw(c, 4 * TOKEN, &mut { p }, e),
    );
    assert_eq!(w.ddc.account_get(alice()), Ok(account(6 * TOKEN, 0, 0, 0)));
    assert_eq!(w.bank.wallet(alice()), 994 * TOKEN);
    assert_eq!(w.bank.transfers, vec![(alice(), 4 * TOKEN)]);
    w.assert_conserved();
    // Everything that is free, then zero.
    w.call(alice(), 0, |d, c, p, e| {
        d.account_withdraw(c, 6 * TOKEN, &mut { p }, e)
    })
    .unwrap();
    w.expect_ok(
        alice(),
        0,
        vec![Withdraw {
            account_id: alice(),
            value: 0,
        }
        .into()],
        |d, c, p, e| d.account_withdraw(c, 0, &mut { p }, e),
    );
    assert_eq!(w.ddc.account_get(alice()), Ok(account(0, 0, 0, 0)));
    assert_eq!(w.bank.wallet(alice()), 1000 * TOKEN);
    assert_eq!(w.bank.contract, 0);
    w.assert_conserved();
}

#[test]
fn account_withdraw_errors() {
    let (mut w, _, _, _) = setup();
    w.expect_err(eve(), 0, Error::AccountDoesNotExist, |d, c, p, e| {
        d.account_withdraw(c, 0, &mut { p }, e)
    });
    for too_much in [10 * TOKEN + 1, Balance::MAX] {
        w.expect_err(django(), 0, Error::InsufficientBalance, |d, c, p, e| {
            d.account_withdraw(c, too_much, &mut { p }, e)
        });
    }
    w.bank.refuse.insert(django());
    w.expect_err(django(), 0, Error::TransferFailed, |d, c, p, e| {
        d.account_withdraw(c, TOKEN, &mut { p }, e)
    });
    w.bank.refuse.clear();
    // Nothing of another's deposit: bob has an account but no deposit.
    w.call(bob(), 0, |d, c, _, e| d.account_deposit(c, e))
        .unwrap();
    w.expect_err(bob(), 0, Error::InsufficientBalance, |d, c, p, e| {
        d.account_withdraw(c, 1, &mut { p }, e)
    });
}

#[test]
fn account_get_works_and_errors() {
    let (mut w, _, _, _) = setup();
    assert_eq!(
        w.ddc.account_get(django()),
        Ok(account(10 * TOKEN, 60 * TOKEN, 0, 0))
    );
    for nobody in [eve(), zero(), acc(77)] {
        w.expect_err(alice(), 0, Error::AccountDoesNotExist, |d, _, _, _| {
            d.account_get(nobody)
        });
    }
}

#[test]
fn account_usd_per_cere_works() {
    let mut w = World::new();
    assert_eq!(w.ddc.account_get_usd_per_cere(), TOKEN);
    w.expect_ok(
        admin(),
        0,
        vec![ExchangeRateSet {
            usd_per_cere: TOKEN / 2,
        }
        .into()],
        |d, c, _, e| d.account_set_usd_per_cere(c, TOKEN / 2, e),
    );
    assert_eq!(w.ddc.account_get_usd_per_cere(), TOKEN / 2);
    // The oracle permission is enough; within the day the rate may go anywhere between half
    // and twice where the day began.
    grant(&mut w, bob(), Permission::SetExchangeRate);
    w.expect_ok(
        bob(),
        0,
        vec![ExchangeRateSet {
            usd_per_cere: 2 * TOKEN,
        }
        .into()],
        |d, c, _, e| d.account_set_usd_per_cere(c, 2 * TOKEN, e),
    );
    w.expect_err(bob(), 0, Error::RateChangeTooLarge, |d, c, _, e| {
        d.account_set_usd_per_cere(c, 4 * TOKEN, e)
    });
    // A day later the window starts again from 2 TOKEN.
    w.now += RATE_WINDOW_MS - 1;
    w.expect_err(bob(), 0, Error::RateChangeTooLarge, |d, c, _, e| {
        d.account_set_usd_per_cere(c, 4 * TOKEN, e)
    });
    w.now += 1;
    w.call(bob(), 0, |d, c, _, e| {
        d.account_set_usd_per_cere(c, 4 * TOKEN, e)
    })
    .unwrap();
    w.expect_err(bob(), 0, Error::RateChangeTooLarge, |d, c, _, e| {
        d.account_set_usd_per_cere(c, TOKEN - 1, e)
    });
    // The extremes are reachable, a halving or doubling a day at most.
    walk_rate_to(&mut w, 1);
    assert_eq!(w.ddc.account_get_usd_per_cere(), 1);
    walk_rate_to(&mut w, MAX_USD_PER_CERE);
    assert_eq!(w.ddc.account_get_usd_per_cere(), MAX_USD_PER_CERE);
}

#[test]
fn account_set_usd_per_cere_errors() {
    let mut w = World::new();
    for stranger in [bob(), eve()] {
        w.expect_err(stranger, 0, Error::Unauthorized, |d, c, _, e| {
            d.account_set_usd_per_cere(c, 2 * TOKEN, e)
        });
        // The permission is checked first.
        w.expect_err(stranger, 0, Error::Unauthorized, |d, c, _, e| {
            d.account_set_usd_per_cere(c, 0, e)
        });
    }
    // Trust is not the oracle permission.
    trust(&mut w, alice(), bob());
    w.expect_err(bob(), 0, Error::Unauthorized, |d, c, _, e| {
        d.account_set_usd_per_cere(c, 2 * TOKEN, e)
    });
    for bad in [0, MAX_USD_PER_CERE + 1, Balance::MAX] {
        w.expect_err(admin(), 0, Error::InvalidExchangeRate, |d, c, _, e| {
            d.account_set_usd_per_cere(c, bad, e)
        });
    }
    // A revoked oracle can no longer set it.
    grant(&mut w, eve(), Permission::SetExchangeRate);
    revoke(&mut w, eve(), Permission::SetExchangeRate);
    w.expect_err(eve(), 0, Error::Unauthorized, |d, c, _, e| {
        d.account_set_usd_per_cere(c, 2 * TOKEN, e)
    });
}

/// The largest rate is accepted; every view and money message keeps working on it.
#[test]
fn extreme_exchange_rates_keep_buckets_readable() {
    for rate in [MAX_USD_PER_CERE, 1] {
        let (mut w, _, _, b) = setup();
        walk_rate_to(&mut w, rate);
        let s = w.ddc.bucket_get(b).expect("bucket readable at any rate");
        if rate == MAX_USD_PER_CERE {
            // 10 TOKEN covers the rent beyond the last u64 millisecond.
            assert_eq!(s.rent_covered_until_ms, u64::MAX);
        }
        assert_eq!(w.ddc.bucket_list(1, 20, None).unwrap().0, vec![s]);
        w.now = 3_600_000;
        w.call(eve(), 0, |d, c, _, e| d.bucket_settle_payment(c, b, e))
            .unwrap();
        w.call(eve(), 0, |d, c, _, e| d.account_deposit(c, e))
            .unwrap();
        w.assert_conserved();
    }
}
