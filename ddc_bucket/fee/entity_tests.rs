use super::*;
use proptest::prelude::*;

#[test]
fn upstream_example() {
    let c = FeeConfig {
        network_fee_bp: 100,
        cluster_management_fee_bp: 200,
        ..Default::default()
    };
    assert_eq!(
        c.split(1120),
        Ok(FeeSplit {
            network_fee: 11,
            management_fee: 22,
            to_providers: 1087
        })
    );
}

#[test]
fn over_100_percent_is_rejected() {
    let c = FeeConfig {
        network_fee_bp: 10_001,
        ..Default::default()
    };
    assert_eq!(c.validate(), Err(Error::InvalidFeeBasisPoints));
    let c = FeeConfig {
        cluster_management_fee_bp: 10_001,
        ..Default::default()
    };
    assert_eq!(c.split(5), Err(Error::InvalidFeeBasisPoints));
}

proptest! {
    #[test]
    fn split_conserves_revenues(n in 0u128..=10_000, m in 0u128..=10_000, r in any::<u128>()) {
        let c = FeeConfig { network_fee_bp: n, cluster_management_fee_bp: m, ..Default::default() };
        let s = c.split(r).unwrap();
        prop_assert_eq!(s.network_fee + s.management_fee + s.to_providers, r);
    }
}
