use super::*;

/// A list of ids 1..=n served the way the contract pages it.
fn list(n: u32) -> impl Fn(u32, u32) -> (Vec<u32>, u32) {
    move |offset, limit| {
        let stop = offset.saturating_add(limit).min(n + 1);
        ((offset.max(1)..stop).collect(), n + 1)
    }
}

#[test]
fn read_all_pages_returns_every_id_once_at_any_limit() {
    for n in [0u32, 1, 19, 20, 21, 57] {
        for limit in [1u32, 7, 20, 25, 26, 100, u32::MAX] {
            assert_eq!(
                read_all_pages(limit, list(n)),
                (1..=n).collect::<Vec<_>>(),
                "{n} ids, limit {limit}"
            );
        }
    }
}

#[test]
fn pages_carry_their_request_and_follow_the_documented_loop() {
    let got: Vec<Page<u32>> = pages(FIRST_OFFSET, 20, list(45)).collect();
    let expected = [(1, 1..21), (21, 21..41), (41, 41..46)].map(|(offset, ids)| Page {
        offset,
        limit: 20,
        items: ids.collect(),
        max_id: 46,
    });
    assert_eq!(got, expected);
    assert!(got.iter().all(|p| p.items.len() == p.window() as usize));
    // An empty list is one empty page.
    let empty: Vec<Page<u32>> = pages(FIRST_OFFSET, 20, list(0)).collect();
    assert_eq!(
        empty,
        [Page {
            offset: 1,
            limit: 20,
            items: vec![],
            max_id: 1
        }]
    );
    // Upstream's SDK starts at offset 0 and sees the same ids.
    let from_zero: Vec<u32> = pages(0, 10, list(45)).flat_map(|p| p.items).collect();
    assert_eq!(from_zero, (1..=45).collect::<Vec<_>>());
}

#[test]
fn windows_start_at_position_one_and_end_at_max_id() {
    let page = |offset, limit, max_id| Page::<u32> {
        offset,
        limit,
        items: vec![],
        max_id,
    };
    assert_eq!(page(1, 20, 46).window(), 20);
    assert_eq!(page(41, 20, 46).window(), 5);
    assert_eq!(page(0, 10, 46).window(), 9);
    assert_eq!(page(46, 20, 46).window(), 0);
    assert_eq!(page(1, 0, 46).window(), 0);
    assert_eq!(page(u32::MAX, u32::MAX, 46).window(), 0);
    assert_eq!(page(1, u32::MAX, 46).window(), 45);
}

#[test]
fn the_loop_always_ends() {
    // Limit 0 advances by 1; huge offsets saturate instead of wrapping.
    assert_eq!(pages(FIRST_OFFSET, 0, list(3)).count(), 3);
    assert_eq!(pages(u32::MAX, u32::MAX, list(3)).count(), 1);
    assert_eq!(
        pages(FIRST_OFFSET, u32::MAX, |_, _| (vec![0u8], u32::MAX)).count(),
        1
    );
    assert_eq!(
        pages(u32::MAX - 1, 1, |_, _| (Vec::<u8>::new(), u32::MAX)).count(),
        1
    );
}

#[test]
fn a_failing_fetch_stops_at_its_first_error() {
    let mut calls = 0;
    let out = try_read_all_pages(10, |offset, limit| {
        calls += 1;
        if offset > 10 {
            Err(format!("offset {offset}"))
        } else {
            Ok(list(45)(offset, limit))
        }
    });
    assert_eq!(out, Err("offset 11".to_string()));
    assert_eq!(calls, 2);
    assert_eq!(
        try_read_all_pages(10, |o, l| Ok::<_, String>(list(45)(o, l))),
        Ok((1..=45).collect::<Vec<_>>())
    );
    let mut it = try_pages(FIRST_OFFSET, 10, |_, _| Err::<(Vec<u8>, u32), _>("down"));
    assert_eq!(it.next(), Some(Err("down")));
    assert_eq!(it.next(), None);
}
