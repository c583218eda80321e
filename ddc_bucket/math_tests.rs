use super::*;
use num_bigint::BigUint;
use proptest::prelude::*;

fn big(x: u128) -> BigUint {
    BigUint::from(x)
}

fn wide(x: U256) -> BigUint {
    (big(x.hi) << 128) + big(x.lo)
}

#[test]
fn small_values_match_plain_arithmetic() {
    assert_eq!(mul_div_floor(7, 3, 2), Ok(10));
    assert_eq!(mul_div_ceil(7, 3, 2), Ok(11));
    assert_eq!(mul_div_ceil(6, 3, 2), Ok(9));
    assert_eq!(div_ceil(0, 5), Ok(0));
    assert_eq!(div_floor(17, 5), Ok(3));
    assert_eq!(mul_div_floor(1, 1, 0), Err(Error::Overflow));
    assert_eq!(mul_div_ceil(1, 1, 0), Err(Error::Overflow));
    assert_eq!(div_floor(1, 0), Err(Error::Overflow));
    assert_eq!(mul(u128::MAX, 1), Ok(u128::MAX));
    assert_eq!(mul(u128::MAX, 2), Err(Error::Overflow));
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

#[test]
fn saturating_division_and_subtraction() {
    let big_number = U256::mul(u128::MAX, 3);
    assert_eq!(big_number.div_saturating(2), u128::MAX);
    assert_eq!(big_number.div_saturating(0), u128::MAX);
    assert_eq!(U256::from_u128(9).div_rem_saturating(4), (2, 1));
    assert_eq!(
        U256::from_u128(1).saturating_sub(U256::from_u128(2)),
        U256::from_u128(0)
    );
    assert_eq!(
        big_number.saturating_sub(U256::from_u128(1)),
        U256::mul(u128::MAX, 3).saturating_sub(U256::from_u128(1))
    );
    assert_eq!(
        U256::mul(u128::MAX, u128::MAX)
            .checked_add(u128::MAX)
            .map(wide),
        {
            let m = big(u128::MAX);
            Ok(&m * &m + &m)
        }
    );
    let top = U256 {
        hi: u128::MAX,
        lo: u128::MAX,
    };
    assert_eq!(top.checked_add(1), Err(Error::Overflow));
}

proptest! {
    #[test]
    fn floor_matches_u64_reference(a in any::<u64>(), b in any::<u64>(), c in 1..u64::MAX) {
        let expect = (a as u128) * (b as u128) / (c as u128);
        prop_assert_eq!(mul_div_floor(a as u128, b as u128, c as u128), Ok(expect));
    }

    /// Products, sums, differences and quotients agree with arbitrary-precision arithmetic.
    #[test]
    fn wide_arithmetic_matches_bignum(a in any::<u128>(), b in any::<u128>(), x in any::<u128>(), d in 1..u128::MAX) {
        let p = U256::mul(a, b);
        prop_assert_eq!(wide(p), big(a) * big(b));
        if let Ok(s) = p.checked_add(x) {
            prop_assert_eq!(wide(s), big(a) * big(b) + big(x));
        }
        let q = U256::mul(x, d);
        let diff = p.saturating_sub(q);
        let (bp, bq) = (wide(p), wide(q));
        prop_assert_eq!(wide(diff), if bp > bq { bp.clone() - bq } else { BigUint::from(0u8) });
        let (quot, rem) = p.div_rem_saturating(d);
        let exact = &bp / big(d);
        if exact <= big(u128::MAX) {
            prop_assert_eq!(big(quot), exact);
            prop_assert_eq!(big(rem), &bp % big(d));
            prop_assert_eq!(p.checked_div(d), Ok(quot));
        } else {
            prop_assert_eq!(quot, u128::MAX);
            prop_assert_eq!(p.checked_div(d), Err(Error::Overflow));
        }
    }

    #[test]
    fn floor_and_ceil_bracket_the_quotient(a in any::<u128>(), b in any::<u128>(), c in 1..u128::MAX) {
        match (mul_div_floor(a, b, c), mul_div_ceil(a, b, c)) {
            (Ok(f), Ok(k)) => {
                prop_assert!(k == f || k == f + 1);
                prop_assert!(big(f) * big(c) <= big(a) * big(b));
                prop_assert!(big(k) * big(c) >= big(a) * big(b));
            }
            (Err(Error::Overflow), _) => prop_assert!(big(a) * big(b) / big(c) > big(u128::MAX)),
            (Ok(f), Err(_)) => prop_assert_eq!(f, u128::MAX),
            other => prop_assert!(false, "unexpected {:?}", other),
        }
    }
}
