use super::*;
use crate::types::MS_PER_MONTH;
use proptest::prelude::*;

#[test]
fn upstream_settle_example() {
    // 1120.07 USD units accrued: exact, in rate-ms.
    let s = Schedule::new(0, 600_000_000_000).unwrap();
    assert_eq!(s.value_at_time(5), Ok(5 * 600_000_000_000));
    assert_eq!(s.value_at_time(5).unwrap() / MS_PER_MONTH, 1120);
}

#[test]
fn before_start_nothing_is_due() {
    let s = Schedule::new(1_000_000, 1_000_000_000_000).unwrap();
    assert_eq!(s.value_at_time(0), Ok(0));
}

#[test]
fn rates_are_bounded_so_no_timestamp_overflows() {
    assert_eq!(Schedule::new(0, MAX_RATE + 1), Err(Error::Overflow));
    let s = Schedule::new(0, MAX_RATE).unwrap();
    assert_eq!(
        s.value_at_time(u64::MAX),
        Ok(MAX_RATE * u128::from(u64::MAX))
    );
    let mut s = Schedule::new(0, MAX_RATE - 1).unwrap();
    assert_eq!(s.add(&Schedule::new(0, 2).unwrap()), Err(Error::Overflow));
    assert_eq!(s.add(&Schedule::new(0, 1).unwrap()), Ok(()));
    let mut s = Schedule {
        rate: 1,
        offset: u128::MAX,
    };
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

    /// A sum of schedules accrues exactly the sum of its parts once both have started.
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
        prop_assert_eq!(sum.value_at_time(t).unwrap(), parts);
    }

    /// At the largest rate, every timestamp gives a value.
    #[test]
    fn every_timestamp_has_a_value(rate in 0..=MAX_RATE, start in any::<u64>(), t in any::<u64>()) {
        let s = Schedule::new(start, rate).unwrap();
        prop_assert!(s.value_at_time(t).is_ok());
    }

    #[test]
    fn any_input_gives_a_result_never_a_trap(rate in any::<u128>(), offset in any::<u128>(), t in any::<u64>()) {
        let s = Schedule { rate, offset };
        let _ = s.value_at_time(t);
        let _ = Schedule::new(t, rate);
    }
}
