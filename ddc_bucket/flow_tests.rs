use super::*;
use proptest::prelude::*;

fn rate(x: Balance) -> UsdPerCere {
    UsdPerCere::new(x).unwrap()
}

#[test]
fn upstream_numbers() {
    let s = Schedule::new(0, 600_000_000_000).unwrap();
    let full = settle(&s, 5, 10 * TOKEN, 0, UsdPerCere::PARITY).unwrap();
    assert_eq!(
        full,
        Settlement {
            cere: 1120,
            usd: 1120,
            carry: 0
        }
    );
    let at_two = settle(&s, 5, 10 * TOKEN, 0, rate(2 * TOKEN)).unwrap();
    assert_eq!(
        at_two,
        Settlement {
            cere: 560,
            usd: 1120,
            carry: 0
        }
    );
}

#[test]
fn short_deposit_pays_what_it_covers() {
    let s = Schedule::new(0, 600_000_000_000).unwrap();
    let part = settle(&s, 5, 1000, 0, UsdPerCere::PARITY).unwrap();
    assert_eq!(
        part,
        Settlement {
            cere: 1000,
            usd: 1000,
            carry: 0
        }
    );
    let none = settle(&s, 5, 0, 0, UsdPerCere::PARITY).unwrap();
    assert_eq!(
        none,
        Settlement {
            cere: 0,
            usd: 0,
            carry: 0
        }
    );
}

#[test]
fn fractions_are_carried_not_forgiven() {
    // 3 USD per CERE: 10 USD units buy 3 CERE units; 1 USD unit stays owed.
    let s = Schedule {
        rate: MS_MONTH,
        offset: 0,
    };
    let r = rate(3 * TOKEN);
    let first = settle(&s, 10, TOKEN, 0, r).unwrap();
    assert_eq!(first.cere, 3);
    assert_eq!(
        Balance::from(first.usd) * TOKEN - 3 * 3 * TOKEN + 0,
        Balance::from(first.carry)
    );
    assert_eq!(owed_cere(&s, 10, 0, r), Ok(4));
}

const MS_MONTH: Balance = crate::types::MS_PER_MONTH;

/// Replays a sequence of settlements and returns (total CERE paid, state after).
fn replay(
    s0: Schedule,
    times: &[u64],
    deposit: Balance,
    r: UsdPerCere,
) -> (Balance, Schedule, u64, Balance) {
    let (mut s, mut carry, mut dep, mut paid) = (s0, 0u64, deposit, 0);
    for &t in times {
        let st = settle(&s, t, dep, carry, r).unwrap();
        s.take_value(st.usd).unwrap();
        carry = st.carry;
        dep -= st.cere;
        paid += st.cere;
    }
    (paid, s, carry, dep)
}

proptest! {
    /// At a constant rate and with enough deposit, settling at many times pays exactly what
    /// one settlement at the last time pays.
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
        prop_assert_eq!(once, r.to_cere(s0.value_at_time(t).unwrap()).unwrap());
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
        prop_assert!(first.carry < TOKEN as u64);
        let mut s = s0;
        s.take_value(first.usd).unwrap();
        let second = settle(&s, t1, u128::MAX / 4, first.carry, r).unwrap();
        let single = settle(&s0, t1, u128::MAX / 4, 0, r).unwrap();
        prop_assert_eq!(first.cere + second.cere, single.cere);
    }

    /// What `owed_cere` reports is exactly what a funded settlement would take, or one more.
    #[test]
    fn owed_bounds_settlement(
        flow_rate in 0u128..10_000_000_000_000_000, usd_per_cere in 1u128..100_000_000_000_000,
        t in 0u64..100_000_000_000, carry in 0u64..10_000_000_000,
    ) {
        let s = Schedule::new(0, flow_rate).unwrap();
        let r = rate(usd_per_cere);
        let st = settle(&s, t, u128::MAX / 4, carry, r).unwrap();
        let owed = owed_cere(&s, t, carry, r).unwrap();
        prop_assert!(owed == st.cere || owed == st.cere + 1);
    }
}
