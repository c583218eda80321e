use super::*;
use proptest::prelude::*;

#[test]
fn upstream_rates() {
    assert_eq!(UsdPerCere::PARITY.get(), TOKEN);
    assert_eq!(UsdPerCere::new(TOKEN / 10).unwrap().get(), TOKEN / 10);
    assert_eq!(UsdPerCere::new(2 * TOKEN).unwrap().to_cere(1120), Ok(560));
    assert_eq!(UsdPerCere::PARITY.to_cere(1120), Ok(1120));
    assert_eq!(UsdPerCere::new(0), Err(Error::InvalidExchangeRate));
}

#[test]
fn rates_are_bounded_so_settlement_never_overflows() {
    assert_eq!(
        UsdPerCere::new(MAX_USD_PER_CERE + 1),
        Err(Error::InvalidExchangeRate)
    );
    let top = UsdPerCere::new(MAX_USD_PER_CERE).unwrap();
    assert_eq!(top.cere_unit_scaled(), MS_PER_MONTH * MAX_USD_PER_CERE);
}

#[test]
fn tiny_rates_keep_their_precision() {
    // Upstream's 1e4 scale made any rate below 1e6 zero (and every settlement a trap).
    let r = UsdPerCere::new(1).unwrap();
    assert_eq!(r.to_usd(TOKEN), Ok(1));
    assert_eq!(r.to_cere(1), Ok(TOKEN));
}

proptest! {
    #[test]
    fn round_trips_never_create_value(rate in 1u128..u64::MAX as u128, amount in 0u128..1u128 << 90) {
        let r = UsdPerCere::new(rate).unwrap();
        if let Ok(cere) = r.to_cere(amount) {
            prop_assert!(r.to_usd(cere).unwrap() <= amount);
        }
        if let Ok(usd) = r.to_usd(amount) {
            prop_assert!(r.to_cere(usd).unwrap() <= amount);
        }
    }

    #[test]
    fn huge_inputs_are_errors_not_wraps(rate in 1u128..=MAX_USD_PER_CERE, amount in any::<u128>()) {
        let r = UsdPerCere::new(rate).unwrap();
        match r.to_cere(amount) {
            Ok(c) => prop_assert!(c <= amount.saturating_mul(TOKEN) || rate < TOKEN),
            Err(e) => prop_assert_eq!(e, Error::Overflow),
        }
        let _ = r.to_usd(amount);
    }
}
