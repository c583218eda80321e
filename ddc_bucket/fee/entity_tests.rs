use super::*;
use crate::limits::MAX_TOTAL_FEE_BP;
use proptest::prelude::*;

#[test]
fn upstream_example() {
    let c = FeeConfig {
        network_fee_bp: 100,
        cluster_management_fee_bp: 200,
        ..Default::default()
    };
    assert_eq!(
        c.rates().split(1120),
        Ok(FeeSplit {
            network_fee: 11,
            management_fee: 22,
            to_providers: 1087
        })
    );
}

#[test]
fn fees_above_the_cap_are_rejected() {
    let at_cap = FeeConfig {
        network_fee_bp: 400,
        cluster_management_fee_bp: MAX_TOTAL_FEE_BP - 400,
        ..Default::default()
    };
    assert_eq!(at_cap.validate(), Ok(()));
    for (network_fee_bp, cluster_management_fee_bp) in [
        (MAX_TOTAL_FEE_BP + 1, 0),
        (0, MAX_TOTAL_FEE_BP + 1),
        (401, MAX_TOTAL_FEE_BP - 400),
        (10_000, 0),
        (u128::MAX, 1),
    ] {
        let c = FeeConfig {
            network_fee_bp,
            cluster_management_fee_bp,
            ..Default::default()
        };
        assert_eq!(c.validate(), Err(Error::InvalidFeeBasisPoints));
    }
}

proptest! {
    #[test]
    fn split_conserves_revenues(n in 0u128..=10_000, m in 0u128..=10_000, r in any::<u128>()) {
        let c = FeeConfig { network_fee_bp: n, cluster_management_fee_bp: m, ..Default::default() };
        let s = c.rates().split(r).unwrap();
        prop_assert_eq!(s.network_fee + s.management_fee + s.to_providers, r);
    }
}
