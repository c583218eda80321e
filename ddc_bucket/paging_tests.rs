use super::*;

#[test]
fn windows_are_cut_at_the_end_and_never_trap() {
    assert_eq!(window(0, 10, 3), 1..3);
    assert_eq!(window(1, 100, 3), 1..3);
    assert_eq!(window(1, 1, 3), 1..2);
    assert_eq!(window(2, 1, 3), 2..3);
    assert_eq!(window(3, 20, 3), 3..3);
    assert_eq!(window(21, 20, 3), 21..21);
    assert_eq!(window(u32::MAX, u32::MAX, u32::MAX), u32::MAX..u32::MAX);
    // No clamp: a large limit gets the whole window.
    assert_eq!(window(1, u32::MAX, 1000), 1..1000);
}

#[test]
fn documented_loop_visits_every_id_once_at_any_limit() {
    for created in [0u32, 1, 19, 20, 21, 57] {
        for limit in [1u32, 7, 20, 25, 26, 100, u32::MAX] {
            let index = OwnerIndex::<ink::storage::traits::ManualKey<1>>::default();
            let seen = read_all_pages(limit, |offset, limit| {
                let (ids, max_id) = page(offset, limit, None, created, &index);
                (ids.collect(), max_id)
            });
            assert_eq!(seen, (1..=created).collect::<Vec<_>>(), "limit {limit}");
        }
    }
}

#[test]
fn a_page_too_large_for_the_buffer_is_refused_whole() {
    let big = |_| Some(vec![0u8; 1000]);
    let ids = |n: u32| ((1..=n), n + 1);
    let fits = PAGE_MAX_BYTES as u32 / 1002;
    assert_eq!(
        collect(ids(fits), big).map(|(p, m)| (p.len(), m)),
        Ok((fits as usize, fits + 1))
    );
    assert_eq!(
        collect(ids(fits + 1), big),
        Err(PageTooLarge { max_id: fits + 2 })
    );
    // Reading stops at the first entity past the buffer, whatever the window.
    let reads = core::cell::Cell::new(0u32);
    let counted = |_| {
        reads.set(reads.get() + 1);
        Some(vec![0u8; 1000])
    };
    assert!(collect((1..u32::MAX, u32::MAX), counted).is_err());
    assert_eq!(reads.get(), fits + 1);
}
