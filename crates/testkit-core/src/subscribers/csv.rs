//! CSV export of the filtered view: RFC 4180 quoting, and cells that a spreadsheet would
//! run as a formula (`=`, `+`, `-`, `@`, tab, CR first) neutralised with a leading `'`.

use super::merge::SubscriberRow;

const HEADER: [&str; 15] = [
    "person",
    "email",
    "user_id",
    "store",
    "plan_tier",
    "store_status",
    "normalised_status",
    "period_end",
    "renews",
    "stripe_customer_id",
    "stripe_subscription_id",
    "original_transaction_id",
    "environment",
    "updated_at",
    "flags",
];

/// One cell, neutralised against formula injection and quoted when it must be.
pub fn csv_cell(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if neutral.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

fn flags(row: &SubscriberRow) -> String {
    let mut flags = Vec::new();
    if row.both_stores {
        flags.push("both-stores");
    }
    if row.double_billing {
        flags.push("double-billing");
    }
    if row.is_test {
        flags.push("test");
    }
    flags.join(" ")
}

/// The rows at `positions`, with a header, lines ended by CRLF.
pub fn to_csv(rows: &[SubscriberRow], positions: &[u32]) -> String {
    let mut out = String::with_capacity(positions.len() * 160 + 256);
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for &i in positions {
        let r = &rows[i as usize];
        let renews = match r.renews {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        };
        let cells = [
            r.display_person(),
            r.email.as_deref().unwrap_or(""),
            r.user_id.as_deref().unwrap_or(""),
            r.store.label(),
            &r.plan_tier,
            &r.store_status,
            r.status.label(),
            r.period_end.as_deref().unwrap_or(""),
            renews,
            r.customer_ref.as_deref().unwrap_or(""),
            r.subscription_ref.as_deref().unwrap_or(""),
            r.transaction_ref.as_deref().unwrap_or(""),
            &r.environment,
            &r.updated_at,
            &flags(r),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{customer, sub};
    use super::super::merge::merge;
    use super::*;

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn formulas_are_neutralised() {
        for evil in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let cell = csv_cell(evil);
            let inner = cell.trim_start_matches('"');
            assert!(inner.starts_with('\''), "{evil:?} -> {cell:?}");
        }
        assert_eq!(csv_cell("=1,2"), "\"'=1,2\"");
    }

    #[test]
    fn exports_a_header_and_one_line_per_row() {
        let mut c = customer("c1", "=cmd|'/c calc'!A1@x.io", Some("u1"));
        c.name = Some("x".into());
        let rows = merge(&[c], &[sub("s1", "c1", "active")], &[]).rows;
        let csv = to_csv(&rows, &[0]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("person,email,user_id,store"));
        assert!(
            lines[1].starts_with(
                "'=cmd|'/c calc'!A1@x.io,'=cmd|'/c calc'!A1@x.io,u1,Stripe,pro,active,Active"
            ),
            "{}",
            lines[1]
        );
        assert!(lines[1].ends_with(",test"));
        assert_eq!(lines[2], "");
    }
}
