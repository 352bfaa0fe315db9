//! One agent's roster as an iCalendar file (RFC 5545) a phone's calendar imports: a `VEVENT` per
//! shift in floating local time (the centre's clock), its breaks in the description.

use super::result::AgentRoster;

/// Escapes TEXT per RFC 5545 §3.3.11.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets (§3.1), on character boundaries, with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// `agent`'s shifts as an iCalendar document; `scenario` names the calendar and the UIDs.
pub fn calendar(scenario: &str, agent: &AgentRoster) -> String {
    let stamp = |t: jiff::civil::DateTime| t.strftime("%Y%m%dT%H%M%S").to_string();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//staffsim//roster//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(line, &mut out);
    }
    fold(
        &format!(
            "X-WR-CALNAME:{}",
            escape(&format!("{} — {}", agent.name, scenario))
        ),
        &mut out,
    );
    for shift in &agent.shifts {
        fold("BEGIN:VEVENT", &mut out);
        fold(
            &format!(
                "UID:{}-{}-{}@staffsim",
                escape(&agent.id),
                stamp(shift.from),
                escape(scenario)
            ),
            &mut out,
        );
        // A fixed stamp: the same roster gives the same file.
        fold(&format!("DTSTAMP:{}Z", stamp(shift.from)), &mut out);
        fold(&format!("DTSTART:{}", stamp(shift.from)), &mut out);
        fold(&format!("DTEND:{}", stamp(shift.to)), &mut out);
        fold(
            &format!("SUMMARY:{}", escape(&format!("Shift: {}", shift.template))),
            &mut out,
        );
        let breaks: Vec<String> = shift
            .breaks
            .iter()
            .map(|b| {
                format!(
                    "{}–{} ({})",
                    b.start,
                    b.end,
                    if b.paid { "paid" } else { "unpaid" }
                )
            })
            .collect();
        let description = format!(
            "{} paid hours. Breaks: {}",
            shift.paid_hours,
            if breaks.is_empty() {
                "none".to_string()
            } else {
                breaks.join(", ")
            }
        );
        fold(&format!("DESCRIPTION:{}", escape(&description)), &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}
