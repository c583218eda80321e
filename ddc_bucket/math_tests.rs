use super::*;
use proptest::prelude::*;

#[test]
fn small_values_match_plain_arithmetic() {
    assert_eq!(mul_div_floor(7, 3, 2), Ok(10));
    assert_eq!(mul_div_ceil(7, 3, 2), Ok(11));
    assert_eq!(mul_div_ceil(6, 3, 2), Ok(9));
    assert_eq!(div_ceil(0, 5), Ok(0));
    assert_eq!(mul_div_floor(1, 1, 0), Err(Error::Overflow));
    assert_eq!(mul_div_ceil(1, 1, 0), Err(Error::Overflow));
}

#[test]
fn wide_products_divide_back() {
    assert_eq!(
        mul_div_floor(u128::MAX, u128::MAX, u128::MAX),
        Ok(u128::MAX)
    );
    assert_eq!(mul_div_floor(u128::MAX, 2, 4), Ok(u128::MAX / 2));
    assert_eq!(mul_div_floor(u128::MAX, 3, 2), Err(Error::Overflow));
    assert_eq!(mul_div_ceil(u128::MAX, 1, 1), Ok(u128::MAX));
    assert_eq!(mul_div_ceil(u128::MAX, 2, 2), Ok(u128::MAX));
}

proptest! {
    #[test]
    fn floor_matches_u64_reference(a in any::<u64>(), b in any::<u64>(), c in 1..u64::MAX) {
        let expect = (a as u128) * (b as u128) / (c as u128);
        prop_assert_eq!(mul_div_floor(a as u128, b as u128, c as u128), Ok(expect));
    }

    #[test]
    fn floor_and_ceil_bracket_the_quotient(a in any::<u128>(), b in any::<u128>(), c in 1..u128::MAX) {
        match (mul_div_floor(a, b, c), mul_div_ceil(a, b, c)) {
            (Ok(f), Ok(k)) => {
                prop_assert!(k == f || k == f + 1);
                // q = floor(a*b/c) satisfies q*c <= a*b < (q+1)*c; check on 256 bits.
                let (ph, pl) = mul_wide(a, b);
                let (qh, ql) = mul_wide(f, c);
                prop_assert!((qh, ql) <= (ph, pl));
            }
            (Err(Error::Overflow), _) => {
                let (ph, _) = mul_wide(a, b);
                prop_assert!(ph >= c);
            }
            (Ok(f), Err(_)) => prop_assert_eq!(f, u128::MAX),
            other => prop_assert!(false, "unexpected {:?}", other),
        }
    }
}
