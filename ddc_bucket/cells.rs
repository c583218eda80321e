//! The stores' storage cells, read and written through one path. `Mapping` and `Lazy` are
//! generic over the key, the value and the mapping: each mapping gets its own copy of the
//! buffer handling and host call, with the value's decoding or encoding inlined into it. Here
//! only the encoding of keys and values is per type; the cell is read, written, tested or
//! cleared by non-generic functions on the encoded bytes. The cells are those `Mapping` and
//! `Lazy` use: the mapping's storage key, then the item's SCALE encoding.

use ink::prelude::vec::Vec;
use ink::primitives::Key;
use ink::scale::{Decode, Encode, EncodeLike, Input, Output};
use ink::storage::traits::{Packed, Storable, StorageKey};
use ink::storage::{Lazy, Mapping};

/// `mapping.get(item)`. A value that does not decode reads as absent (unreachable: only the
/// contract writes its cells, with the same types).
pub fn get<K: Encode, V: Packed, KT: StorageKey>(
    _mapping: &Mapping<K, V, KT>,
    item: impl EncodeLike<K>,
) -> Option<V> {
    get_at(KT::KEY, item)
}

/// `mapping.get(item)` of a list, `None` if absent. Decoded element by element: the codec's
/// `Vec` decoder carries code for reading input of unknown length in chunks, which a cell (a
/// slice the contract wrote) never needs.
pub fn get_list<K: Encode, T: Decode + Encode, KT: StorageKey>(
    _mapping: &Mapping<K, Vec<T>, KT>,
    item: K,
) -> Option<Vec<T>> {
    let bytes = read(&Encode::encode(&(KT::KEY, item)))?;
    let mut input = &bytes[..];
    let len = <ink::scale::Compact<u32> as Decode>::decode(&mut input)
        .ok()?
        .0;
    // Every element takes at least a byte: a longer list would not decode.
    let mut list = Vec::with_capacity(usize::try_from(len).ok()?.min(input.len()));
    for _ in 0..len {
        list.push(<T as Decode>::decode(&mut input).ok()?);
    }
    input.is_empty().then_some(list)
}

/// `mapping.insert(item, value)`.
pub fn insert<K: Encode, V: Packed, KT: StorageKey>(
    _mapping: &mut Mapping<K, V, KT>,
    item: impl EncodeLike<K>,
    value: &V,
) {
    insert_at(KT::KEY, item, value);
}

/// `mapping.contains(item)`.
pub fn contains<K: Encode, V: Packed, KT: StorageKey>(
    _mapping: &Mapping<K, V, KT>,
    item: impl EncodeLike<K>,
) -> bool {
    contains_cell(&Encode::encode(&(KT::KEY, item)))
}

/// `mapping.remove(item)`.
pub fn remove<K: Encode, V: Packed, KT: StorageKey>(
    _mapping: &mut Mapping<K, V, KT>,
    item: impl EncodeLike<K>,
) {
    remove_at(KT::KEY, item)
}

/// Removes the value of the mapping with storage key `key` at `item`.
pub fn remove_at(key: Key, item: impl Encode) {
    remove_cell(&Encode::encode(&(key, item)))
}

/// `lazy.get()`.
pub fn get_lazy<V: Packed, KT: StorageKey>(_lazy: &Lazy<V, KT>) -> Option<V> {
    decode(read(&KT::KEY.to_le_bytes())?)
}

/// `lazy.set(value)`.
pub fn set_lazy<V: Packed, KT: StorageKey>(_lazy: &mut Lazy<V, KT>, value: &V) {
    write(&KT::KEY.to_le_bytes(), &Encode::encode(value));
}

/// Writes `value`, an encoded root storage item, to the cell with storage key `key` (as
/// `Lazy` does).
pub fn write_root(key: Key, value: &[u8]) {
    write(&key.to_le_bytes(), value);
}

/// The value of the mapping with storage key `key` at `item`.
pub fn get_at<V: Decode>(key: Key, item: impl Encode) -> Option<V> {
    decode(read(&Encode::encode(&(key, item)))?)
}

/// Writes `value` in the mapping with storage key `key` at `item`.
pub fn insert_at<V: Encode>(key: Key, item: impl Encode, value: &V) {
    write(&Encode::encode(&(key, item)), &Encode::encode(value));
}

/// The bytes of the cell at `cell` (its key's encoding), if any.
#[inline(never)]
fn read(cell: &[u8]) -> Option<Vec<u8>> {
    ink::env::get_contract_storage::<_, Bytes>(&Raw(cell))
        .ok()
        .flatten()
        .map(|bytes| bytes.0)
}

/// Writes `value`'s bytes to the cell at `cell` (its key's encoding).
#[inline(never)]
fn write(cell: &[u8], value: &[u8]) {
    ink::env::set_contract_storage(&Raw(cell), &Raw(value));
}

/// Whether the cell at `cell` (its key's encoding) holds a value.
#[inline(never)]
fn contains_cell(cell: &[u8]) -> bool {
    ink::env::contains_contract_storage(&Raw(cell)).is_some()
}

/// Clears the cell at `cell` (its key's encoding).
#[inline(never)]
fn remove_cell(cell: &[u8]) {
    ink::env::clear_contract_storage(&Raw(cell));
}

/// The whole of `bytes` as a `V`.
fn decode<V: Decode>(bytes: Vec<u8>) -> Option<V> {
    let mut input = &bytes[..];
    let value = V::decode(&mut input).ok()?;
    input.is_empty().then_some(value)
}

/// A cell's value as read: all of its bytes.
struct Bytes(Vec<u8>);

impl Decode for Bytes {
    fn decode<I: Input>(input: &mut I) -> Result<Self, ink::scale::Error> {
        let len = input.remaining_len()?.unwrap_or(0);
        let mut bytes = ink::prelude::vec![0; len];
        input.read(&mut bytes)?;
        Ok(Bytes(bytes))
    }
}

impl Encode for Bytes {
    fn encode_to<O: Output + ?Sized>(&self, dest: &mut O) {
        dest.write(&self.0)
    }
}

/// Encoded bytes, written as they are.
struct Raw<'a>(&'a [u8]);

impl Encode for Raw<'_> {
    fn encode_to<O: Output + ?Sized>(&self, dest: &mut O) {
        dest.write(self.0)
    }
}

impl Storable for Raw<'_> {
    fn encode<O: Output + ?Sized>(&self, dest: &mut O) {
        dest.write(self.0)
    }

    fn encoded_size(&self) -> usize {
        self.0.len()
    }

    /// Never read: cells are read as `Bytes`.
    fn decode<I: Input>(_input: &mut I) -> Result<Self, ink::scale::Error> {
        Err("cells are read as bytes".into())
    }
}
