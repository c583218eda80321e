//! Formatting: CERE and USD amounts, UTC dates, fixed-width tables.

use ddc_bucket::types::{Balance, TOKEN};

/// An amount of 10-decimal units (CERE or USD) with all its decimals, e.g. `12.5000000000`.
pub fn units(v: Balance) -> String {
    format!("{}.{:010}", v / TOKEN, v % TOKEN)
}

/// A signed difference of two amounts, `+1.0000000000` / `-0.5000000000`.
pub fn delta(before: Balance, after: Balance) -> String {
    if after >= before {
        format!("+{}", units(after - before))
    } else {
        format!("-{}", units(before - after))
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A timestamp in ms as an ISO 8601 UTC date-time, `2026-01-05 09:00:00 UTC`; `never` for
/// `u64::MAX` (nothing to pay).
pub fn date(ms: u64) -> String {
    if ms == u64::MAX {
        return "never (no rent)".into();
    }
    let secs = (ms / 1000) as i64;
    let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02} {:02}:{:02}:{:02} UTC",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// A duration in ms, roughly: `3 d 4 h`, `12 min`, `8 s`.
pub fn duration(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        0..=119 => format!("{s} s"),
        120..=7199 => format!("{} min", s / 60),
        7200..=172_799 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

/// A fixed-width table: the header row, a rule, the rows; numeric-looking cells right-aligned.
pub fn table(title: &str, header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let numeric = |c: &str| {
        !c.is_empty()
            && c.chars()
                .all(|ch| ch.is_ascii_digit() || ".+-,".contains(ch))
    };
    let line = |cells: Vec<String>| {
        let mut s = String::from("  ");
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            if numeric(c) {
                s += &format!("{}{c}", " ".repeat(pad));
            } else {
                s += &format!("{c}{}", " ".repeat(pad));
            }
            if i + 1 < cells.len() {
                s += " | ";
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = format!("  {title}\n");
    out += &line(header.iter().map(|h| h.to_string()).collect());
    out += &format!(
        "  {}\n",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
    );
    for r in rows {
        out += &line(r.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_iso() {
        assert_eq!(date(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(date(951_782_400_000), "2000-02-29 00:00:00 UTC");
        assert_eq!(date(1_767_225_600_000), "2026-01-01 00:00:00 UTC");
        assert_eq!(
            date(1_767_225_600_000 + 86_399_999),
            "2026-01-01 23:59:59 UTC"
        );
        assert_eq!(date(4_107_542_400_000), "2100-03-01 00:00:00 UTC");
        assert_eq!(date(u64::MAX), "never (no rent)");
    }

    #[test]
    fn amounts_keep_every_decimal() {
        assert_eq!(units(0), "0.0000000000");
        assert_eq!(units(TOKEN), "1.0000000000");
        assert_eq!(units(12 * TOKEN + 5), "12.0000000005");
        assert_eq!(delta(TOKEN, 3 * TOKEN / 2), "+0.5000000000");
        assert_eq!(delta(TOKEN, 0), "-1.0000000000");
    }

    #[test]
    fn tables_align_columns() {
        let t = table(
            "t",
            &["name", "amount"],
            &[
                vec!["a".into(), "1.5".into()],
                vec!["long name".into(), "10.25".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[1], "  name      | amount");
        assert_eq!(lines[3], "  a         |    1.5");
        assert_eq!(lines[4], "  long name |  10.25");
    }
}
