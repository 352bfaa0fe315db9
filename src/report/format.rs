//! One way to write every number a person reads: percent, seconds, money, estimates with their
//! intervals, counts with thousands separators, dates and clock times. The terminal tables,
//! `summary.md`, the workbook's labels and the charts all format through here, so a service level
//! reads the same everywhere.

use jiff::civil::{Date, DateTime};

/// A count and its noun, in the plural unless the count is one: (1, "queue") → "1 queue",
/// (3, "class") → "3 classes".
pub fn count_of(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    match n {
        1 => format!("1 {noun}"),
        _ if noun.ends_with('s') || noun.ends_with("sh") || noun.ends_with("ch") => {
            format!("{n} {noun}es")
        }
        _ => format!("{n} {noun}s"),
    }
}

/// A whole number with thousands separators: 12345.6 → "12,346".
pub fn thousands(x: f64) -> String {
    // Halves round away from zero, as spreadsheets and the page do (`{:.0}` alone rounds an
    // exact half to even: 7,962.5 would read 7,962 here and 7,963 in Excel).
    let whole = format!("{:.0}", x.abs().round());
    let mut out = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 && whole != "0" {
        format!("-{out}")
    } else {
        out
    }
}

/// A number with `decimals` decimals and thousands separators: 4636.41 → "4,636.41".
pub fn grouped(x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if x < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        "-"
    } else {
        ""
    };
    let whole = thousands(whole.parse::<f64>().unwrap_or(0.0));
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// A share as written, for targets and inputs: up to two decimals of a percent, trailing zeros
/// dropped — `share(0.8)` → "80 %", `share(0.855)` → "85.5 %" (never "84.99999999999999%").
pub fn share(share: f64) -> String {
    let text = format!("{:.2}", share * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} %")
}

/// A share as a percentage: `percent(0.8123, 1)` → "81.2 %".
pub fn percent(share: f64, decimals: usize) -> String {
    format!("{:.*} %", decimals, share * 100.0)
}

/// A duration in seconds: `seconds(7.84, 1)` → "7.8 s".
pub fn seconds(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$} s")
}

/// A share with its 95 % interval: "81.2 % [78.1–84.0]", or "81.2 %" without one.
pub fn percent_ci(mean: f64, ci: Option<[f64; 2]>, decimals: usize) -> String {
    match ci {
        Some([lo, hi]) => format!(
            "{} [{:.*}–{:.*}]",
            percent(mean, decimals),
            decimals,
            lo * 100.0,
            decimals,
            hi * 100.0
        ),
        None => percent(mean, decimals),
    }
}

/// Seconds with their 95 % interval: "7.8 s [7.1–8.5]", or "7.8 s" without one.
pub fn seconds_ci(mean: f64, ci: Option<[f64; 2]>, decimals: usize) -> String {
    match ci {
        Some([lo, hi]) => format!(
            "{} [{lo:.decimals$}–{hi:.decimals$}]",
            seconds(mean, decimals)
        ),
        None => seconds(mean, decimals),
    }
}

/// Seconds shown as hours: `hours(12600.0, 1)` → "3.5 h".
pub fn hours(seconds: f64, decimals: usize) -> String {
    format!("{:.decimals$} h", crate::units::Seconds(seconds).hours())
}

/// Seconds shown as hours with their 95 % interval: "3.5 h [3.4–3.6]", or "3.5 h" without one.
pub fn hours_ci(mean_seconds: f64, ci: Option<[f64; 2]>, decimals: usize) -> String {
    let hours = |s: f64| crate::units::Seconds(s).hours();
    match ci {
        Some([lo, hi]) => format!(
            "{:.decimals$} h [{:.decimals$}–{:.decimals$}]",
            hours(mean_seconds),
            hours(lo),
            hours(hi)
        ),
        None => format!("{:.decimals$} h", hours(mean_seconds)),
    }
}

/// A count with its 95 % interval: "367 [355–379]", or "367" without one.
pub fn count_ci(mean: f64, ci: Option<[f64; 2]>) -> String {
    match ci {
        Some([lo, hi]) => format!("{mean:.0} [{lo:.0}–{hi:.0}]"),
        None => format!("{mean:.0}"),
    }
}

/// Decimals of a currency's minor unit (ISO 4217): 0 for the yen, the won and their like, 3 for
/// the Gulf dinars, 2 otherwise.
pub fn currency_decimals(currency: &str) -> usize {
    match currency.to_ascii_uppercase().as_str() {
        "JPY" | "KRW" | "ISK" | "CLP" | "VND" | "PYG" | "UGX" | "XAF" | "XOF" | "HUF" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
        _ => 2,
    }
}

/// Money with its currency, in the currency's own decimals and with thousands separators:
/// `money(4636.41, "EUR")` → "EUR 4,636.41".
pub fn money(amount: f64, currency: &str) -> String {
    format!(
        "{currency} {}",
        grouped(amount, currency_decimals(currency))
    )
}

/// Money in whole units, for totals: `money_whole(1234567.8, "EUR")` → "EUR 1,234,568".
pub fn money_whole(amount: f64, currency: &str) -> String {
    format!("{currency} {}", thousands(amount))
}

/// A date as people write it on a slide: "Mon 21 Dec 2026" (no padding, no double spaces).
pub fn date(day: Date) -> String {
    day.strftime("%a %-d %b %Y").to_string()
}

/// A clock time: "09:15".
pub fn clock(at: DateTime) -> String {
    at.strftime("%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_reads_as_written() {
        assert_eq!(share(0.8), "80 %");
        assert_eq!(share(0.85), "85 %");
        assert_eq!(share(0.855), "85.5 %");
        assert_eq!(share(0.0), "0 %");
    }

    #[test]
    fn money_has_separators_and_the_currencys_decimals() {
        assert_eq!(money(4636.41, "EUR"), "EUR 4,636.41");
        assert_eq!(money(5.453, "EUR"), "EUR 5.45");
        assert_eq!(money(1234567.0, "JPY"), "JPY 1,234,567");
        assert_eq!(money(-0.001, "USD"), "USD 0.00");
        assert_eq!(money(12.3456, "KWD"), "KWD 12.346");
        assert_eq!(money_whole(12_238_950.4, "EUR"), "EUR 12,238,950");
    }

    #[test]
    fn estimates_read_mean_then_interval() {
        assert_eq!(
            percent_ci(0.8123, Some([0.781, 0.84]), 1),
            "81.2 % [78.1–84.0]"
        );
        assert_eq!(percent_ci(0.8123, None, 1), "81.2 %");
        assert_eq!(seconds_ci(7.84, Some([7.1, 8.53]), 1), "7.8 s [7.1–8.5]");
        assert_eq!(percent(0.888_36, 2), "88.84 %");
    }

    #[test]
    fn counts_dates_and_clocks() {
        assert_eq!(thousands(12345.6), "12,346");
        assert_eq!(thousands(-999.6), "-1,000");
        assert_eq!(thousands(7962.5), "7,963");
        assert_eq!(thousands(-0.5), "-1");
        assert_eq!(grouped(1234.5, 1), "1,234.5");
        let d: Date = "2027-01-04".parse().unwrap();
        assert_eq!(date(d), "Mon 4 Jan 2027");
        assert_eq!(clock(d.at(9, 15, 0, 0)), "09:15");
    }
}
