use super::*;

#[test]
fn windows_are_clamped_and_never_trap() {
    assert_eq!(window(0, 10, 3), 1..3);
    assert_eq!(window(1, 100, 3), 1..3);
    assert_eq!(window(1, 1, 3), 1..2);
    assert_eq!(window(2, 1, 3), 2..3);
    assert_eq!(window(3, 20, 3), 3..3);
    assert_eq!(window(21, 20, 3), 21..21);
    assert_eq!(window(u32::MAX, u32::MAX, u32::MAX), u32::MAX..u32::MAX);
    assert_eq!(window(1, u32::MAX, 1000), 1..1 + LIST_LIMIT_MAX);
}

#[test]
fn documented_loop_visits_every_id_once() {
    for created in [0u32, 1, 19, 20, 21, 57] {
        let index = OwnerIndex::<ink::storage::traits::ManualKey<1>>::default();
        let mut seen = vec![];
        let mut offset = 1;
        loop {
            let (ids, max_id) = page(offset, 20, None, created, &index);
            seen.extend(ids);
            offset += 20;
            if offset >= max_id {
                break;
            }
        }
        assert_eq!(seen, (1..=created).collect::<Vec<_>>());
    }
}
