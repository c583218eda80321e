//! Params: the free-form text (a URL, JSON) a bucket, cluster or node carries. SCALE-encoded
//! and described in the metadata exactly as a `String`, but kept as its bytes: the codec's
//! `String` decoder, with its word-at-a-time UTF-8 validation, was the largest decoder in the
//! wasm. Text is checked once, by [`is_utf8`], when it is decoded.

use ink::prelude::{string::String, vec::Vec};
use ink::scale::{Compact, Decode, Encode, Error, Input, Output};

/// UTF-8 text, kept as its bytes: checked when decoded, valid by construction from a `&str`
/// or a `String`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<u8>);

impl Params {
    /// The text's length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text (off chain: clients and tests).
    #[cfg(feature = "std")]
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl From<&str> for Params {
    fn from(text: &str) -> Self {
        Self(text.as_bytes().to_vec())
    }
}

impl From<String> for Params {
    fn from(text: String) -> Self {
        Self(text.into_bytes())
    }
}

impl PartialEq<&str> for Params {
    fn eq(&self, other: &&str) -> bool {
        self.0 == other.as_bytes()
    }
}

impl PartialEq<str> for Params {
    fn eq(&self, other: &str) -> bool {
        self.0 == other.as_bytes()
    }
}

impl core::fmt::Debug for Params {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(&String::from_utf8_lossy(&self.0), f)
    }
}

impl Encode for Params {
    fn size_hint(&self) -> usize {
        self.0.size_hint()
    }

    fn encode_to<O: Output + ?Sized>(&self, dest: &mut O) {
        self.0.encode_to(dest)
    }
}

impl Decode for Params {
    fn decode<I: Input>(input: &mut I) -> Result<Self, Error> {
        // The contract's inputs (call data, storage cells) are slices, of known length: read
        // at once, not in the chunks `Vec<u8>`'s decoder reads an input of unknown length in
        // (such an input, none of the contract's, is refused).
        let len = Compact::<u32>::decode(input)?.0;
        let bytes = match (usize::try_from(len), input.remaining_len()?) {
            (Ok(len), Some(rest)) if len <= rest => {
                let mut bytes = ink::prelude::vec![0; len];
                input.read(&mut bytes)?;
                bytes
            }
            _ => return Err("params longer than the input".into()),
        };
        if is_utf8(&bytes) {
            Ok(Self(bytes))
        } else {
            Err("params are not UTF-8".into())
        }
    }
}

#[cfg(feature = "std")]
impl ink::scale_info::TypeInfo for Params {
    type Identity = <String as ink::scale_info::TypeInfo>::Identity;

    fn type_info() -> ink::scale_info::Type {
        String::type_info()
    }
}

#[cfg(feature = "std")]
impl ink::storage::traits::StorageLayout for Params {
    fn layout(key: &ink::primitives::Key) -> ink::metadata::layout::Layout {
        String::layout(key)
    }
}

/// Whether `bytes` are UTF-8, by the rule of `core::str::from_utf8`: no overlong form, no
/// surrogate, nothing above U+10FFFF. A plain byte loop: params are short, and the code is
/// paid for by every call.
pub fn is_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes.iter();
    while let Some(&first) = rest.next() {
        // The continuation bytes that follow, the smallest code point that needs them, and
        // the first byte's payload bits.
        let (continuations, least, mut code) = match first {
            0x00..=0x7F => continue,
            0xC0..=0xDF => (1, 0x80, u32::from(first & 0x1F)),
            0xE0..=0xEF => (2, 0x800, u32::from(first & 0x0F)),
            0xF0..=0xF7 => (3, 0x1_0000, u32::from(first & 0x07)),
            _ => return false,
        };
        for _ in 0..continuations {
            match rest.next() {
                Some(&next) if next & 0xC0 == 0x80 => {
                    code = code.wrapping_shl(6) | u32::from(next & 0x3F);
                }
                _ => return false,
            }
        }
        if code < least || (0xD800..=0xDFFF).contains(&code) || code > 0x10_FFFF {
            return false;
        }
    }
    true
}

#[cfg(test)]
#[path = "params_tests.rs"]
mod tests;
