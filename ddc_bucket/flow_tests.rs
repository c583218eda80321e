use super::*;
use crate::types::MS_PER_MONTH;
use num_bigint::BigUint;
use proptest::prelude::*;

fn rate(x: Balance) -> UsdPerCere {
    UsdPerCere::new(x).unwrap()
}

/// `floor(value × TOKEN / (MS_PER_MONTH × usd_per_cere))`: the exact conversion, on bignums.
fn exact_cere(value: Balance, usd_per_cere: Balance) -> BigUint {
    BigUint::from(value) * BigUint::from(TOKEN)
        / (BigUint::from(MS_PER_MONTH) * BigUint::from(usd_per_cere))
}

#[test]
fn upstream_numbers() {
    let s = Schedule::new(0, 600_000_000_000).unwrap();
    let full = settle(&s, 5, 10 * TOKEN, 0, UsdPerCere::PARITY).unwrap();
    assert_eq!((full.cere, full.taken), (1120, 5 * 600_000_000_000));
    // The 0.07 USD unit not charged is carried, not forgiven.
    assert_eq!(
        full.carry,
        5 * 600_000_000_000 * TOKEN - 1120 * MS_PER_MONTH * TOKEN
    );
    let at_two = settle(&s, 5, 10 * TOKEN, 0, rate(2 * TOKEN)).unwrap();
    assert_eq!(at_two.cere, 560);
}

#[test]
fn upstream_rent_covered_example() {
    // 6 vnodes × 10 TOKEN rent, resource 1, allocated at t = 0; deposit 10 TOKEN at 1:1.
    let s = Schedule::new(0, 60 * TOKEN).unwrap();
    let p = UsdPerCere::PARITY;
    assert_eq!(covered_until(&s, 10 * TOKEN, 0, p), Ok(446_400_000));
    assert_eq!(covered_until(&Schedule::empty(), 5, 0, p), Ok(u64::MAX));
    // A carry beyond the deposit: covered until before the last settlement.
    let mut settled = s;
    settled.take_value(60 * TOKEN * 10).unwrap();
    assert_eq!(covered_until(&settled, 0, 0, p), Ok(10));
    let one_ms = 60 * TOKEN * TOKEN;
    assert_eq!(covered_until(&settled, 0, one_ms, p), Ok(9));
    assert_eq!(covered_until(&settled, 0, one_ms + 1, p), Ok(8));
}

proptest! {
    /// The deposit covers the rent until `covered_until` and no longer: what is owed then is at
    /// most the deposit, one millisecond later more.
    #[test]
    fn covered_until_is_the_last_covered_millisecond(
        start in 0u64..2_000_000_000_000, flow_rate in 1u128..10_000_000_000_000_000,
        usd_per_cere in 1u128..100_000_000_000_000, deposit in 0u128..1_000_000_000_000_000,
    ) {
        let s = Schedule::new(start, flow_rate).unwrap();
        let r = rate(usd_per_cere);
        let t = covered_until(&s, deposit, 0, r).unwrap();
        prop_assume!(t < u64::MAX);
        prop_assert!(owed_cere(&s, t, 0, r).unwrap() <= deposit);
        prop_assert!(U256::mul(s.value_at_time(t + 1).unwrap(), TOKEN) > U256::mul(deposit, r.cere_unit_scaled()));
    }
}

#[test]
fn short_deposit_pays_what_it_covers() {
    let s = Schedule::new(0, 600_000_000_000).unwrap();
    let part = settle(&s, 5, 1000, 0, UsdPerCere::PARITY).unwrap();
    assert_eq!(part.cere, 1000);
    assert_eq!(part.taken, 1000 * MS_PER_MONTH);
    assert_eq!(part.carry, 0);
    let none = settle(&s, 5, 0, 0, UsdPerCere::PARITY).unwrap();
    assert_eq!(
        none,
        Settlement {
            cere: 0,
            taken: 0,
            carry: 0
        }
    );
}

#[test]
fn fractions_are_carried_not_forgiven() {
    // 3 USD per CERE: 10 USD units buy 3 CERE units; the rest stays owed as carry.
    let s = Schedule {
        rate: MS_PER_MONTH,
        offset: 0,
        arrears: 0,
    };
    let r = rate(3 * TOKEN);
    let first = settle(&s, 10, TOKEN, 0, r).unwrap();
    assert_eq!(first.cere, 3);
    assert_eq!(first.taken, 10 * MS_PER_MONTH);
    assert_eq!(owed_cere(&s, 10, 0, r), Ok(3));
    let mut after = s;
    after.take_value(first.taken).unwrap();
    // Two more USD units accrue: with the carried one, that is one more CERE unit.
    assert_eq!(owed_cere(&after, 12, first.carry, r), Ok(1));
}

#[test]
fn extreme_values_never_overflow() {
    let s = Schedule::new(0, crate::schedule::MAX_RATE).unwrap();
    let tiny = rate(1);
    let huge = rate(crate::currency::MAX_USD_PER_CERE);
    for r in [tiny, huge, UsdPerCere::PARITY] {
        let st = settle(&s, u64::MAX, u128::MAX, u128::MAX / 2, r).unwrap();
        assert!(st.cere <= u128::MAX);
        assert!(owed_cere(&s, u64::MAX, u128::MAX / 2, r).is_ok());
        assert!(covered_until(&s, u128::MAX, u128::MAX, r).is_ok());
        let short = settle(&s, u64::MAX, 10, 0, r).unwrap();
        assert!(short.cere <= 10);
    }
}

/// Replays a sequence of settlements; returns (total CERE paid, schedule, carry, deposit left).
fn replay(
    s0: Schedule,
    times: &[u64],
    deposit: Balance,
    r: UsdPerCere,
) -> (Balance, Schedule, Balance, Balance) {
    let (mut s, mut carry, mut dep, mut paid) = (s0, 0, deposit, 0);
    for &t in times {
        let st = settle(&s, t, dep, carry, r).unwrap();
        s.take_value(st.taken).unwrap();
        carry = st.carry;
        dep -= st.cere;
        paid += st.cere;
    }
    (paid, s, carry, dep)
}

proptest! {
    /// At a constant rate and with enough deposit, settling at many times pays exactly what
    /// one settlement at the last time pays: the exact conversion of the whole accrual.
    #[test]
    fn settling_often_equals_settling_once(
        start in 0u64..2_000_000_000_000, flow_rate in 0u128..10_000_000_000_000_000,
        usd_per_cere in 1u128..100_000_000_000_000, steps in prop::collection::vec(0u64..10_000_000_000, 1..12),
    ) {
        let s0 = Schedule::new(start, flow_rate).unwrap();
        let r = rate(usd_per_cere);
        let mut times = vec![];
        let mut t = start;
        for d in steps { t += d; times.push(t); }
        let (often, ..) = replay(s0, &times, u128::MAX / 4, r);
        let (once, ..) = replay(s0, &[t], u128::MAX / 4, r);
        prop_assert_eq!(often, once);
        prop_assert_eq!(BigUint::from(once), exact_cere(s0.value_at_time(t).unwrap(), usd_per_cere));
    }

    /// A short deposit never pays more than it holds nor more than is due, leaves the rest
    /// accrued, and a later top-up collects it: the total matches a single funded settlement.
    #[test]
    fn partial_then_top_up_collects_everything(
        flow_rate in 1u128..10_000_000_000_000_000, usd_per_cere in 1u128..100_000_000_000_000,
        t1 in 1u64..100_000_000_000, short in 0u128..1_000_000_000,
    ) {
        let s0 = Schedule::new(0, flow_rate).unwrap();
        let r = rate(usd_per_cere);
        let first = settle(&s0, t1, short, 0, r).unwrap();
        prop_assert!(first.cere <= short);
        let mut s = s0;
        s.take_value(first.taken).unwrap();
        let second = settle(&s, t1, u128::MAX / 4, first.carry, r).unwrap();
        let single = settle(&s0, t1, u128::MAX / 4, 0, r).unwrap();
        prop_assert_eq!(first.cere + second.cere, single.cere);
    }

    /// What `owed_cere` reports is exactly what a funded settlement takes.
    #[test]
    fn owed_is_what_settlement_takes(
        flow_rate in 0u128..10_000_000_000_000_000, usd_per_cere in 1u128..100_000_000_000_000,
        t in 0u64..100_000_000_000, carry in 0u128..1_000_000_000_000_000_000_000,
    ) {
        let s = Schedule::new(0, flow_rate).unwrap();
        let r = rate(usd_per_cere);
        let st = settle(&s, t, u128::MAX / 4, carry, r).unwrap();
        prop_assert_eq!(owed_cere(&s, t, carry, r).unwrap(), st.cere);
    }

    /// A payer with several flows, each settled at `t` in any order: nothing is owed at `t`
    /// (so the whole deposit can be withdrawn), and the payer paid exactly the conversion of
    /// everything its flows accrued.
    #[test]
    fn settling_every_flow_leaves_nothing_owed(
        flows in prop::collection::vec((0u64..2_000_000_000_000, 0u128..10_000_000_000_000_000), 1..6),
        usd_per_cere in 1u128..100_000_000_000_000, d in 0u64..100_000_000_000,
    ) {
        let r = rate(usd_per_cere);
        let t = flows.iter().map(|f| f.0).max().unwrap() + d;
        let mut schedules: Vec<Schedule> = flows.iter().map(|&(s, rt)| Schedule::new(s, rt).unwrap()).collect();
        let mut payable = Schedule::empty();
        for s in &schedules { payable.add(s).unwrap(); }
        let total_value: Balance = schedules.iter().map(|s| s.value_at_time(t).unwrap()).sum();
        let (mut carry, mut paid) = (0, 0);
        for s in schedules.iter_mut() {
            let st = settle(s, t, u128::MAX / 4, carry, r).unwrap();
            s.take_value(st.taken).unwrap();
            payable.take_value(st.taken).unwrap();
            carry = st.carry;
            paid += st.cere;
        }
        prop_assert_eq!(owed_cere(&payable, t, carry, r).unwrap(), 0);
        prop_assert_eq!(payable.value_at_time(t).unwrap(), 0);
        prop_assert_eq!(BigUint::from(paid), exact_cere(total_value, usd_per_cere));
    }

    /// Never a trap, whatever the inputs.
    #[test]
    fn any_input_gives_a_result(
        rate_ in any::<u128>(), offset in any::<u128>(), arrears in any::<u128>(), t in any::<u64>(),
        deposit in any::<u128>(), carry in any::<u128>(), usd_per_cere in 1..=crate::currency::MAX_USD_PER_CERE,
    ) {
        let s = Schedule { rate: rate_, offset, arrears };
        let r = rate(usd_per_cere);
        if let Ok(st) = settle(&s, t, deposit, carry, r) {
            prop_assert!(st.cere <= deposit);
        }
        let _ = owed_cere(&s, t, carry, r);
        let _ = covered_until(&s, deposit, carry, r);
    }
}
