//! Wide arithmetic on u128 whose cost does not depend on the operands.
//!
//! Products are formed on 256 bits, so only a quotient that itself exceeds u128 is an error (or
//! saturates, where the caller asks for it). Every division runs the same 128 branch-free steps
//! whatever its operands: pallet-contracts charges per executed instruction, and a message whose
//! arithmetic took a data-dependent shortcut (as the compiler's u128 division does) would cost
//! more in a later block than its dry run estimated. See docs/payment-math.md, "Gas".

use crate::error::{Error, Result};

/// `*x += y`; `Overflow`, and `*x` unchanged, past u128. Out of line: a u128 addition and its
/// overflow check are a chain of 64-bit operations, and the money code has dozens of them.
#[inline(never)]
pub fn add_to(x: &mut u128, y: u128) -> Result<()> {
    *x = x.checked_add(y).ok_or(Error::Overflow)?;
    Ok(())
}

/// `*x -= y`; `Overflow`, and `*x` unchanged, below zero. Out of line, as [`add_to`].
#[inline(never)]
pub fn sub_from(x: &mut u128, y: u128) -> Result<()> {
    *x = x.checked_sub(y).ok_or(Error::Overflow)?;
    Ok(())
}

/// A 256-bit unsigned number as (high, low) halves; ordered by value (high half first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct U256 {
    pub hi: u128,
    pub lo: u128,
}

impl U256 {
    pub const fn from_u128(lo: u128) -> Self {
        Self { hi: 0, lo }
    }

    /// The full product of `a` and `b`.
    pub fn mul(a: u128, b: u128) -> Self {
        const MASK: u128 = u64::MAX as u128;
        let (a_hi, a_lo) = (a.wrapping_shr(64), a & MASK);
        let (b_hi, b_lo) = (b.wrapping_shr(64), b & MASK);
        // Each partial product of two 64-bit halves fits in u128; carries are split off before
        // adding, so no sum below can wrap.
        let lo_lo = a_lo.wrapping_mul(b_lo);
        let hi_lo = a_hi.wrapping_mul(b_lo);
        let lo_hi = a_lo.wrapping_mul(b_hi);
        let hi_hi = a_hi.wrapping_mul(b_hi);
        let cross = lo_lo
            .wrapping_shr(64)
            .wrapping_add(hi_lo & MASK)
            .wrapping_add(lo_hi & MASK);
        Self {
            hi: hi_hi
                .wrapping_add(hi_lo.wrapping_shr(64))
                .wrapping_add(lo_hi.wrapping_shr(64))
                .wrapping_add(cross.wrapping_shr(64)),
            lo: cross.wrapping_shl(64) | (lo_lo & MASK),
        }
    }

    /// `self + x`; `Overflow` beyond 256 bits. Out of line, as `saturating_sub`: each copy is
    /// a long chain of 64-bit operations, and settlement and coverage use several.
    #[inline(never)]
    pub fn checked_add(self, x: u128) -> Result<Self> {
        let lo = self.lo.wrapping_add(x);
        let carry = u128::from(lo < x);
        let hi = self.hi.checked_add(carry).ok_or(Error::Overflow)?;
        Ok(Self { hi, lo })
    }

    /// `self - x`, or zero if `x` is larger.
    #[inline(never)]
    pub fn saturating_sub(self, x: Self) -> Self {
        let lo = self.lo.wrapping_sub(x.lo);
        let borrow = u128::from(self.lo < x.lo);
        let (hi, under_hi) = self.hi.overflowing_sub(x.hi);
        let (hi, under_borrow) = hi.overflowing_sub(borrow);
        let keep = mask(!(under_hi | under_borrow));
        Self {
            hi: hi & keep,
            lo: lo & keep,
        }
    }

    /// (`self / d`, `self % d`) with the quotient saturated at `u128::MAX` when it does not fit
    /// (the remainder is then meaningless); `d == 0` gives (`u128::MAX`, 0). Constant cost.
    pub fn div_rem_saturating(self, d: u128) -> (u128, u128) {
        let fits = self.hi < d;
        // Dividing a number whose quotient would not fit still runs the same steps, on zero.
        let hi = self.hi & mask(fits);
        // `bits` starts as the dividend's low half and ends as the quotient: each step shifts
        // the dividend's next bit out at the top and the quotient's next bit in at the bottom
        // (shifts by a constant; a shift by a variable amount is a library call on wasm32).
        let mut bits = self.lo & mask(fits);
        let mut rem = hi;
        let mut i: u32 = 128;
        while i > 0 {
            i = i.wrapping_sub(1);
            // `rem < d` holds at each step, so `rem` needs at most 129 bits: the bit shifted
            // out at the top is kept in `top`.
            let top = rem.wrapping_shr(127) == 1;
            rem = rem.wrapping_shl(1) | bits.wrapping_shr(127);
            let take = top | (rem >= d);
            rem = rem.wrapping_sub(d & mask(take));
            bits = bits.wrapping_shl(1) | u128::from(take);
        }
        let quotient = bits | mask(!fits);
        (quotient, rem & mask(fits))
    }

    /// `self / d` saturated at `u128::MAX`.
    pub fn div_saturating(self, d: u128) -> u128 {
        self.div_rem_saturating(d).0
    }

    /// `self / d`; `Overflow` when `d == 0` or the quotient needs more than 128 bits.
    pub fn checked_div(self, d: u128) -> Result<u128> {
        if d == 0 || self.hi >= d {
            return Err(Error::Overflow);
        }
        Ok(self.div_rem_saturating(d).0)
    }

    /// `ceil(self / d)`, with the errors of [`U256::checked_div`].
    pub fn div_ceil(self, d: u128) -> Result<u128> {
        if d == 0 || self.hi >= d {
            return Err(Error::Overflow);
        }
        let (q, r) = self.div_rem_saturating(d);
        q.checked_add(u128::from(r != 0)).ok_or(Error::Overflow)
    }

    /// The value if it fits in u128.
    pub fn to_u128(self) -> Result<u128> {
        if self.hi != 0 {
            return Err(Error::Overflow);
        }
        Ok(self.lo)
    }
}

/// All ones if `b`, else zero: selects without a branch.
fn mask(b: bool) -> u128 {
    0u128.wrapping_sub(u128::from(b))
}

/// `floor(a × b / c)`. `Overflow` when `c == 0` or the quotient does not fit in u128.
pub fn mul_div_floor(a: u128, b: u128, c: u128) -> Result<u128> {
    U256::mul(a, b).checked_div(c)
}

/// `ceil(a × b / c)`, with the same errors as [`mul_div_floor`].
pub fn mul_div_ceil(a: u128, b: u128, c: u128) -> Result<u128> {
    U256::mul(a, b).div_ceil(c)
}

/// `ceil(a / c)`.
pub fn div_ceil(a: u128, c: u128) -> Result<u128> {
    U256::from_u128(a).div_ceil(c)
}

/// `floor(a / c)`; `Overflow` when `c == 0`. Constant cost, unlike u128's `/`.
pub fn div_floor(a: u128, c: u128) -> Result<u128> {
    U256::from_u128(a).checked_div(c)
}

/// `a × b`, checked, at the same cost whatever the operands.
pub fn mul(a: u128, b: u128) -> Result<u128> {
    U256::mul(a, b).to_u128()
}

#[cfg(test)]
#[path = "math_tests.rs"]
mod tests;
