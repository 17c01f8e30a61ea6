//! Numbers as fixed-point text without Rust's float printing, which would add ~10 KB of
//! formatting code and tables to every bundle that shows a measured time or draws SVG.

/// `value` rounded to `decimals` places ("12.35" for 12.3456 and 2): no exponent, no
/// trailing-zero trimming; negative values keep their sign, NaN and infinities are "0".
pub fn fixed(value: f64, decimals: u32) -> String {
    if !value.is_finite() {
        return "0".into();
    }
    let scale = 10u64.pow(decimals);
    let scaled = (value.abs() * scale as f64).round() as u64;
    let sign = if value < 0.0 && scaled > 0 { "-" } else { "" };
    if decimals == 0 {
        return format!("{sign}{scaled}");
    }
    format!(
        "{sign}{}.{:0width$}",
        scaled / scale,
        scaled % scale,
        width = decimals as usize
    )
}

#[cfg(test)]
mod tests {
    use super::fixed;

    #[test]
    fn rounds_to_the_places_asked() {
        assert_eq!(fixed(12.3456, 2), "12.35");
        assert_eq!(fixed(12.3456, 0), "12");
        assert_eq!(fixed(0.05, 1), "0.1");
        assert_eq!(fixed(7.0, 3), "7.000");
        assert_eq!(fixed(0.004, 3), "0.004");
    }

    #[test]
    fn keeps_the_sign_and_never_prints_minus_zero() {
        assert_eq!(fixed(-3.25, 1), "-3.3");
        assert_eq!(fixed(-0.0001, 2), "0.00");
    }

    #[test]
    fn agrees_with_rust_formatting_on_exact_values() {
        for v in [0.0, 1.5, 52.0, 123.25, 640.5, 99.75] {
            assert_eq!(fixed(v, 2), format!("{v:.2}"));
        }
    }

    #[test]
    fn non_finite_is_zero() {
        assert_eq!(fixed(f64::NAN, 1), "0");
        assert_eq!(fixed(f64::INFINITY, 1), "0");
    }
}
