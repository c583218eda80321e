use super::*;
use proptest::prelude::*;

#[test]
fn upstream_rent_covered_example() {
    // 6 vnodes × 10 TOKEN rent, resource 1, allocated at t = 0; deposit 10 TOKEN at 1:1.
    let s = Schedule::new(0, 60 * crate::types::TOKEN).unwrap();
    assert_eq!(s.time_of_value(10 * crate::types::TOKEN), 446_400_000);
    assert_eq!(Schedule::empty().time_of_value(5), u64::MAX);
}

#[test]
fn upstream_settle_example() {
    let s = Schedule::new(0, 600_000_000_000).unwrap();
    assert_eq!(s.value_at_time(5), Ok(1120));
}

#[test]
fn before_start_nothing_is_due() {
    let s = Schedule::new(1_000_000, 1_000_000_000_000).unwrap();
    assert_eq!(s.value_at_time(0), Ok(0));
}

#[test]
fn huge_values_are_errors_or_saturate() {
    assert_eq!(Schedule::new(u64::MAX, u128::MAX), Err(Error::Overflow));
    let s = Schedule {
        rate: u128::MAX,
        offset: 0,
    };
    assert_eq!(s.value_at_time(u64::MAX), Err(Error::Overflow));
    let s = Schedule {
        rate: 1,
        offset: u128::MAX,
    };
    assert_eq!(s.time_of_value(1), u64::MAX);
    let mut s = Schedule {
        rate: u128::MAX,
        offset: u128::MAX,
    };
    assert_eq!(
        s.add(&Schedule { rate: 1, offset: 0 }),
        Err(Error::Overflow)
    );
    assert_eq!(s.take_value(1), Err(Error::Overflow));
}

proptest! {
    /// Taking the value at t1 then at t2 takes exactly what one take at t2 would.
    #[test]
    fn taking_often_equals_taking_once(
        start in 0u64..2_000_000_000_000, rate in 0u128..1_000_000_000_000_000_000,
        d1 in 0u64..100_000_000_000, d2 in 0u64..100_000_000_000,
    ) {
        let s0 = Schedule::new(start, rate).unwrap();
        let (t1, t2) = (start + d1, start + d1 + d2);
        let mut s = s0;
        let v1 = s.value_at_time(t1).unwrap();
        s.take_value(v1).unwrap();
        let v2 = s.value_at_time(t2).unwrap();
        prop_assert_eq!(v1 + v2, s0.value_at_time(t2).unwrap());
    }

    /// A sum of schedules accrues at least the sum of its parts, at most one unit per part more.
    #[test]
    fn sums_accrue_like_their_parts(
        a in 0u64..2_000_000_000_000, b in 0u64..2_000_000_000_000,
        ra in 0u128..1_000_000_000_000_000, rb in 0u128..1_000_000_000_000_000, d in 0u64..1_000_000_000_000,
    ) {
        let (sa, sb) = (Schedule::new(a, ra).unwrap(), Schedule::new(b, rb).unwrap());
        let mut sum = sa;
        sum.add(&sb).unwrap();
        let t = a.max(b) + d;
        let parts = sa.value_at_time(t).unwrap() + sb.value_at_time(t).unwrap();
        let whole = sum.value_at_time(t).unwrap();
        prop_assert!(whole >= parts && whole <= parts + 1);
    }

    /// `time_of_value` is the first time at which the value is reached.
    #[test]
    fn time_of_value_inverts_value_at_time(
        start in 0u64..2_000_000_000_000, rate in 1u128..1_000_000_000_000_000_000, v in 0u128..1_000_000_000_000_000,
    ) {
        let s = Schedule::new(start, rate).unwrap();
        let t = s.time_of_value(v);
        prop_assume!(t < u64::MAX);
        prop_assert!(s.value_at_time(t).unwrap() <= v);
        prop_assert!(s.value_at_time(t + 1).unwrap() >= v);
    }

    #[test]
    fn any_input_gives_a_result_never_a_trap(rate in any::<u128>(), offset in any::<u128>(), t in any::<u64>(), v in any::<u128>()) {
        let s = Schedule { rate, offset };
        let _ = s.value_at_time(t);
        let _ = s.time_of_value(v);
        let _ = Schedule::new(t, rate);
    }
}
