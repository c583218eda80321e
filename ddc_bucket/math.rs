//! `a × b / c` on u128 without intermediate overflow: the product is formed on 256 bits, so
//! only a quotient that itself exceeds u128 is an error.

use crate::error::{Error, Result};

/// `floor(a × b / c)`. `Overflow` when `c == 0` or the quotient does not fit in u128.
pub fn mul_div_floor(a: u128, b: u128, c: u128) -> Result<u128> {
    if c == 0 {
        return Err(Error::Overflow);
    }
    if let Some(product) = a.checked_mul(b) {
        return product.checked_div(c).ok_or(Error::Overflow);
    }
    let (hi, lo) = mul_wide(a, b);
    div_wide(hi, lo, c).map(|(q, _)| q)
}

/// `ceil(a × b / c)`, with the same errors as [`mul_div_floor`].
pub fn mul_div_ceil(a: u128, b: u128, c: u128) -> Result<u128> {
    let (hi, lo) = mul_wide(a, b);
    let (q, r) = div_wide(hi, lo, c)?;
    if r == 0 {
        Ok(q)
    } else {
        q.checked_add(1).ok_or(Error::Overflow)
    }
}

/// `ceil(a / c)`.
pub fn div_ceil(a: u128, c: u128) -> Result<u128> {
    mul_div_ceil(a, 1, c)
}

/// The 256-bit product of `a` and `b` as (high, low) halves.
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a_hi, a_lo) = (a.wrapping_shr(64), a & MASK);
    let (b_hi, b_lo) = (b.wrapping_shr(64), b & MASK);
    // Each partial product of two 64-bit halves fits in u128; the sums below cannot overflow
    // because every term is at most (2^64 - 1)^2 and carries are split off before adding.
    let lo_lo = a_lo.wrapping_mul(b_lo);
    let hi_lo = a_hi.wrapping_mul(b_lo);
    let lo_hi = a_lo.wrapping_mul(b_hi);
    let hi_hi = a_hi.wrapping_mul(b_hi);
    let cross = lo_lo
        .wrapping_shr(64)
        .wrapping_add(hi_lo & MASK)
        .wrapping_add(lo_hi & MASK);
    let low = cross.wrapping_shl(64) | (lo_lo & MASK);
    let high = hi_hi
        .wrapping_add(hi_lo.wrapping_shr(64))
        .wrapping_add(lo_hi.wrapping_shr(64))
        .wrapping_add(cross.wrapping_shr(64));
    (high, low)
}

/// Divides the 256-bit number (hi, lo) by `c`: (quotient, remainder), or `Overflow` when the
/// quotient needs more than 128 bits or `c == 0`.
fn div_wide(hi: u128, lo: u128, c: u128) -> Result<(u128, u128)> {
    if c == 0 || hi >= c {
        return Err(Error::Overflow);
    }
    if hi == 0 {
        return Ok((
            lo.checked_div(c).unwrap_or(0),
            lo.checked_rem(c).unwrap_or(0),
        ));
    }
    // Schoolbook binary long division; `rem < c` holds at every step, so `rem` needs at most
    // 129 bits: the top bit shifted out is tracked in `carry`.
    let mut rem = hi;
    let mut quotient: u128 = 0;
    for i in (0..128).rev() {
        let carry = rem.wrapping_shr(127);
        rem = rem.wrapping_shl(1) | (lo.wrapping_shr(i) & 1);
        quotient = quotient.wrapping_shl(1);
        if carry == 1 || rem >= c {
            rem = rem.wrapping_sub(c);
            quotient |= 1;
        }
    }
    Ok((quotient, rem))
}

#[cfg(test)]
#[path = "math_tests.rs"]
mod tests;
