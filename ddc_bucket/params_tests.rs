use super::*;
use proptest::prelude::*;

fn std_says(bytes: &[u8]) -> bool {
    core::str::from_utf8(bytes).is_ok()
}

#[test]
fn edge_cases_agree_with_core() {
    let cases: &[&[u8]] = &[
        b"",
        b"{\"url\":\"https://node-1.example\"}",
        "é€𝄞".as_bytes(),
        &[0xC0, 0x80],             // overlong NUL
        &[0xC1, 0xBF],             // overlong
        &[0xE0, 0x9F, 0xBF],       // overlong 3-byte
        &[0xF0, 0x8F, 0xBF, 0xBF], // overlong 4-byte
        &[0xED, 0xA0, 0x80],       // surrogate U+D800
        &[0xED, 0xBF, 0xBF],       // surrogate U+DFFF
        &[0xED, 0x9F, 0xBF],       // U+D7FF
        &[0xEE, 0x80, 0x80],       // U+E000
        &[0xF4, 0x8F, 0xBF, 0xBF], // U+10FFFF
        &[0xF4, 0x90, 0x80, 0x80], // U+110000
        &[0xF5, 0x80, 0x80, 0x80],
        &[0xF8, 0x88, 0x80, 0x80, 0x80],
        &[0xFF],
        &[0x80],             // lone continuation
        &[0xE2, 0x82],       // truncated
        &[0xE2, 0x28, 0xA1], // bad continuation
    ];
    for case in cases {
        assert_eq!(is_utf8(case), std_says(case), "{case:02x?}");
    }
}

#[test]
fn decodes_as_a_string_encodes() {
    let text = "params: é€𝄞";
    let encoded = String::from(text).encode();
    assert_eq!(Params::from(text).encode(), encoded);
    assert_eq!(
        Params::decode(&mut &encoded[..]).ok(),
        Some(Params::from(text))
    );
    let bad = vec![0xC0u8, 0x80].encode();
    assert!(String::decode(&mut &bad[..]).is_err());
    assert!(Params::decode(&mut &bad[..]).is_err());
}

#[test]
fn a_length_past_the_input_is_refused_and_the_rest_is_left() {
    let mut encoded = String::from("abc").encode();
    encoded.extend_from_slice(&[7, 7]);
    let mut input = &encoded[..];
    assert_eq!(Params::decode(&mut input).ok(), Some(Params::from("abc")));
    assert_eq!(input, &[7, 7]);
    // A length of 4 with 3 bytes left, and a compact length of 2^30 with none.
    for short in [vec![16u8, b'a', b'b', b'c'], vec![2, 0, 0, 64]] {
        assert!(String::decode(&mut &short[..]).is_err());
        assert!(Params::decode(&mut &short[..]).is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn decodes_whatever_string_decodes(bytes in proptest::collection::vec(any::<u8>(), 0..16)) {
        let (mut a, mut b) = (&bytes[..], &bytes[..]);
        let as_string = String::decode(&mut a).ok().map(Params::from);
        let as_params = Params::decode(&mut b).ok();
        if as_params.is_some() {
            // What follows the text is left to the next field alike.
            prop_assert_eq!(a.len(), b.len());
        }
        prop_assert_eq!(as_params, as_string);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn random_bytes_agree_with_core(bytes in proptest::collection::vec(any::<u8>(), 0..12)) {
        prop_assert_eq!(is_utf8(&bytes), std_says(&bytes));
    }

    #[test]
    fn high_bytes_agree_with_core(bytes in proptest::collection::vec(0x7Fu8..=0xFF, 0..8)) {
        prop_assert_eq!(is_utf8(&bytes), std_says(&bytes));
    }

    #[test]
    fn text_is_utf8(text in any::<String>()) {
        prop_assert!(is_utf8(text.as_bytes()));
        let mut bytes = text.into_bytes();
        // Any corruption of one byte agrees with core too.
        if let Some(b) = bytes.first_mut() {
            *b ^= 0x40;
        }
        prop_assert_eq!(is_utf8(&bytes), std_says(&bytes));
    }
}
