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
        arrears: 0,
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
    fn any_input_gives_a_result_never_a_trap(rate in any::<u128>(), offset in any::<u128>(), arrears in any::<u128>(), t in any::<u64>()) {
        let s = Schedule { rate, offset, arrears };
        let _ = s.value_at_time(t);
        let _ = Schedule::new(t, rate);
        let _ = s.rebase(t, rate);
        let mut taken = s;
        let _ = taken.take(s.split(offset));
    }

    /// Re-basing keeps the value, moves it to the arrears, and accrues at the new rate after;
    /// takes come from the arrears first; a sum of schedules stays the sum of its parts.
    #[test]
    fn rebase_keeps_what_is_owed(
        start in 0u64..2_000_000_000_000, r1 in 0..=MAX_RATE / 2, r2 in 0..=MAX_RATE / 2,
        d1 in 0u64..10_000_000_000, d2 in 0u64..10_000_000_000, take in 0u128..1u128 << 100,
    ) {
        let s = Schedule::new(start, r1).unwrap();
        let now = start + d1;
        let owed = s.value_at_time(now).unwrap();
        let r = s.rebase(now, r2).unwrap();
        prop_assert_eq!(r.value_at_time(now).unwrap(), owed);
        prop_assert_eq!(r.arrears, owed);
        prop_assert_eq!(r.value_at_time(now + d2).unwrap(), owed + r2 * u128::from(d2));
        let mut payable = Schedule::new(start, r1 + 1).unwrap();
        let other = Schedule::new(start, 1).unwrap();
        payable.sub(&s).unwrap();
        prop_assert_eq!(payable, other);
        payable.add(&r).unwrap();
        let value = r.value_at_time(now + d2).unwrap();
        let t = r.split(take.min(value));
        prop_assert!(t.from_arrears <= r.arrears);
        let mut rr = r;
        rr.take(t).unwrap();
        payable.take(t).unwrap();
        prop_assert_eq!(rr.value_at_time(now + d2).unwrap(), value - take.min(value));
        prop_assert_eq!(
            payable.value_at_time(now + d2).unwrap(),
            rr.value_at_time(now + d2).unwrap() + other.value_at_time(now + d2).unwrap()
        );
    }
}
