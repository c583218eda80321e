//! The ledger's admin message: admin_withdraw (only the surplus).

use super::*;
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::types::{Balance, TOKEN};

#[test]
fn admin_withdraw_works() {
    let (mut w, _, _, _) = setup();
    w.endow(eve(), 5 * TOKEN);
    let balance = w.bank.contract;
    w.expect_ok(
        admin(),
        0,
        vec![AdminWithdraw {
            admin_id: admin(),
            value: 3 * TOKEN,
        }
        .into()],
        |d, c, p, e| d.admin_withdraw(c, 3 * TOKEN, balance, &mut { p }, e),
    );
    assert_eq!(w.bank.wallet(admin()), 1003 * TOKEN);
    assert_eq!(w.bank.contract, 12 * TOKEN);
    // Deposits untouched.
    assert_eq!(
        w.ddc.account_get(django()).unwrap().deposit.value,
        10 * TOKEN
    );
    w.assert_conserved();
    // Zero is fine.
    let balance = w.bank.contract;
    w.expect_ok(
        admin(),
        0,
        vec![AdminWithdraw {
            admin_id: admin(),
            value: 0,
        }
        .into()],
        |d, c, p, e| d.admin_withdraw(c, 0, balance, &mut { p }, e),
    );
}

#[test]
fn admin_withdraw_errors() {
    let (mut w, _, _, _) = setup();
    w.endow(eve(), 5 * TOKEN);
    let balance = w.bank.contract;
    w.expect_err(bob(), 0, Error::Unauthorized, |d, c, p, e| {
        d.admin_withdraw(c, TOKEN, balance, &mut { p }, e)
    });
    for too_much in [5 * TOKEN + 1, 15 * TOKEN, Balance::MAX] {
        w.expect_err(admin(), 0, Error::InsufficientBalance, |d, c, p, e| {
            d.admin_withdraw(c, too_much, balance, &mut { p }, e)
        });
    }
    w.bank.refuse.insert(admin());
    w.expect_err(admin(), 0, Error::TransferFailed, |d, c, p, e| {
        d.admin_withdraw(c, TOKEN, balance, &mut { p }, e)
    });
}
