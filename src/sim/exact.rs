//! Sums of floating-point numbers that do not depend on the order of the additions, so the
//! statistics of a run split into shards add up to exactly those of the run in one piece.
//!
//! # Formula
//!
//! Every finite `x = ±m·2^e` (integer `m < 2^53`) is added **exactly** into a 256-bit
//! two's-complement fixed-point number with 128 fractional bits (Kulisch's long accumulator,
//! cut to the range KPIs live in): the sum is an integer count of 2⁻¹²⁸, and integer addition is
//! associative and commutative. Addends below 2⁻¹²⁸ lose those bits (always rounded towards −∞,
//! the same whatever the order); the integer part holds |Σ| < 2¹²⁷. The value is read back with
//! two roundings to `f64`, a function of the exact sum alone.
//!
//! Source: U. Kulisch, *Computer Arithmetic and Validity* (2nd ed., de Gruyter 2013), ch. 8.

/// An exact, order-independent sum of `f64`s (see the module's formula).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExactSum {
    /// The integer part and sign: bits 128..256 of the two's-complement fixed-point number.
    high: u128,
    /// The fraction: bits 0..128, in units of 2⁻¹²⁸.
    low: u128,
}

impl ExactSum {
    /// Adds `x` exactly (its bits below 2⁻¹²⁸ aside). `x` must be finite and below 2⁷³ in size;
    /// KPIs, their squares and money are far inside that.
    pub fn add(&mut self, x: f64) {
        debug_assert!(
            x.is_finite() && x.abs() < 2f64.powi(73),
            "{x} is out of range"
        );
        let (high, low) = fixed_point(x);
        self.add_fixed(high, low);
    }

    /// Adds another sum: the result is the sum of every number added to either.
    pub fn merge(&mut self, other: &ExactSum) {
        self.add_fixed(other.high, other.low);
    }

    fn add_fixed(&mut self, high: u128, low: u128) {
        let (low, carry) = self.low.overflowing_add(low);
        self.low = low;
        self.high = self.high.wrapping_add(high).wrapping_add(u128::from(carry));
    }

    /// The sum as an `f64` (within an ulp of the exact sum; the same bits for the same sum).
    pub fn value(&self) -> f64 {
        const TWO_TO_MINUS_128: f64 = 1.0 / 340_282_366_920_938_463_463_374_607_431_768_211_456.0;
        (self.high as i128) as f64 + self.low as f64 * TWO_TO_MINUS_128
    }
}

/// `x` as the 256-bit fixed-point number (high, low) of the module's formula.
fn fixed_point(x: f64) -> (u128, u128) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = match biased {
        0 => (fraction, -1074),
        _ => (fraction | 1 << 52, biased - 1075),
    };
    if mantissa == 0 {
        return (0, 0);
    }
    // The mantissa's lowest bit sits at 2^exponent, that is bit `shift` of the fixed point.
    let shift = exponent + 128;
    let m = u128::from(mantissa);
    let (high, low) = match shift {
        ..=-64 => (0, 0),
        -63..=-1 => (0, m >> -shift),
        0 => (0, m),
        1..=127 => (m >> (128 - shift), m << shift),
        _ => (m.checked_shl((shift - 128) as u32).unwrap_or(0), 0),
    };
    if bits >> 63 == 1 {
        // Two's complement of the 256-bit number.
        let negated_low = (!low).wrapping_add(1);
        let negated_high = (!high).wrapping_add(u128::from(low == 0));
        (negated_high, negated_low)
    } else {
        (high, low)
    }
}

impl ExactSum {
    /// The 256 bits as text: hex digits, leading zeros trimmed, and `pK` for K trailing zero
    /// digits (`"0"` for an empty sum; `"19999999999999ap13"` is 0.1 × 2¹²⁸): sums of a few
    /// doubles end in many zero bits, and a part holds thousands of sums.
    pub fn to_text(&self) -> String {
        let digits = if self.high == 0 {
            format!("{:x}", self.low)
        } else {
            format!("{:x}{:032x}", self.high, self.low)
        };
        let kept = digits.trim_end_matches('0');
        match digits.len() - kept.len() {
            0 => digits,
            _ if kept.is_empty() => "0".into(),
            zeros => format!("{kept}p{zeros}"),
        }
    }

    /// The sum written by [`ExactSum::to_text`]; `None` for anything else.
    pub fn from_text(text: &str) -> Option<Self> {
        let (digits, zeros) = match text.split_once('p') {
            Some((digits, zeros)) => (digits, zeros.parse::<usize>().ok()?),
            None => (text, 0),
        };
        if digits.is_empty()
            || digits.len() + zeros > 64
            || !digits.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return None;
        }
        let (high, low) = digits.split_at(digits.len().saturating_sub(32));
        let parse = |t: &str| match t {
            "" => Some(0),
            t => u128::from_str_radix(t, 16).ok(),
        };
        // The digits, then shifted left by the trailing zero digits (within the 64 checked).
        let (mut high, mut low) = (parse(high)?, parse(low)?);
        let shift = 4 * zeros as u32;
        if shift >= 128 {
            (high, low) = (low << (shift - 128), 0);
        } else if shift > 0 {
            (high, low) = ((high << shift) | (low >> (128 - shift)), low << shift);
        }
        Some(ExactSum { high, low })
    }
}

impl serde::Serialize for ExactSum {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_text())
    }
}

impl<'de> serde::Deserialize<'de> for ExactSum {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        ExactSum::from_text(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not an exact sum")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(values: &[f64]) -> ExactSum {
        let mut s = ExactSum::default();
        for v in values {
            s.add(*v);
        }
        s
    }

    #[test]
    fn a_sum_is_the_same_in_any_order_and_any_split() {
        let values: Vec<f64> = (0..1000)
            .map(|i| ((i * 7919) % 1000) as f64 * 1.37e-3 - 0.4 + (i as f64).sqrt() * 1e6)
            .collect();
        let whole = sum(&values);
        let mut reversed = values.clone();
        reversed.reverse();
        assert_eq!(sum(&reversed), whole);
        for parts in [2, 3, 7] {
            let mut merged = ExactSum::default();
            for chunk in values.chunks(values.len().div_ceil(parts)) {
                merged.merge(&sum(chunk));
            }
            assert_eq!(merged, whole, "{parts} parts");
        }
        let naive: f64 = values.iter().sum();
        assert!((whole.value() - naive).abs() <= naive.abs() * 1e-14);
    }

    #[test]
    fn it_is_exact_where_floating_addition_is_not() {
        let s = sum(&[1e16, 1.0, -1e16]);
        assert_eq!(s.value(), 1.0, "floating addition gives 0");
        let s = sum(&[0.5, -0.25, -0.25]);
        assert_eq!(s, ExactSum::default());
        assert_eq!(sum(&[-3.5]).value(), -3.5);
        assert_eq!(sum(&[-3.5, 1.25]).value(), -2.25);
        assert_eq!(sum(&[f64::MIN_POSITIVE, 0.0, -0.0]).value(), 0.0);
    }

    #[test]
    fn it_round_trips_through_its_text() {
        for values in [&[][..], &[1.0], &[-1.0], &[123_456.789, 1e-30], &[-1e20]] {
            let s = sum(values);
            let text = serde_json::to_string(&s).unwrap();
            let back: ExactSum = serde_json::from_str(&text).unwrap();
            assert_eq!(back, s, "{text}");
        }
        assert_eq!(
            sum(&[0.5]).to_text(),
            "8p31",
            "0.5 is bit 127 of the fraction"
        );
        assert!(serde_json::from_str::<ExactSum>("\"xyz\"").is_err());
        assert!(
            serde_json::from_str::<ExactSum>("\"1p64\"").is_err(),
            "past 256 bits"
        );
        assert!(serde_json::from_str::<ExactSum>("\"\"").is_err());
    }
}
