//! Fees: admin_set_fee_config.

use super::*;
use ddc_bucket::error::Error;
use ddc_bucket::events::*;
use ddc_bucket::fee::entity::FeeConfig;
use ddc_bucket::types::Balance;

#[test]
fn admin_set_fee_config_works() {
    let mut w = World::new();
    assert_eq!(w.ddc.fee_config(), FeeConfig::default());
    // At the cap: 10 % in all.
    let config = FeeConfig {
        network_fee_bp: 750,
        network_fee_destination: eve(),
        cluster_management_fee_bp: 250,
    };
    w.expect_ok(
        admin(),
        0,
        vec![FeeConfigSet {
            network_fee_bp: 750,
            network_fee_destination: eve(),
            cluster_management_fee_bp: 250,
        }
        .into()],
        |d, c, p, e| d.admin_set_fee_config(c, config, &mut { p }, e),
    );
    assert_eq!(w.ddc.fee_config(), config);
}

#[test]
fn admin_set_fee_config_errors() {
    let mut w = World::new();
    let ok = FeeConfig {
        network_fee_bp: 100,
        network_fee_destination: eve(),
        cluster_management_fee_bp: 200,
    };
    w.expect_err(bob(), 0, Error::Unauthorized, |d, c, p, e| {
        d.admin_set_fee_config(c, ok, &mut { p }, e)
    });
    for (n, m) in [
        (10_001, 0),
        (0, 10_001),
        (1_001, 0),
        (0, 1_001),
        (501, 500),
        (Balance::MAX, 0),
        (0, Balance::MAX),
    ] {
        let bad = FeeConfig {
            network_fee_bp: n,
            cluster_management_fee_bp: m,
            ..ok
        };
        w.expect_err(admin(), 0, Error::InvalidFeeBasisPoints, |d, c, p, e| {
            d.admin_set_fee_config(c, bad, &mut { p }, e)
        });
    }
}
