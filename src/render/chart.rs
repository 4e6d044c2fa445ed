//! Status breakdowns as inline SVG, generated at build time (no chart library, no script).

use std::fmt::Write as _;

/// One segment of a stacked bar.
pub struct Segment<'a> {
    pub label: &'a str,
    pub colour: &'a str,
    pub count: usize,
}

/// A horizontal stacked bar. The `<title>` is the text equivalent; pages also show a sentence or
/// table with the same numbers. Each segment carries a pattern-free label in its `<title>` so
/// status is never carried by colour alone in the page text.
pub fn stacked_bar(title: &str, segments: &[Segment]) -> String {
    let total: usize = segments.iter().map(|s| s.count).sum();
    let mut svg = String::with_capacity(512);
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label="{}" focusable="false"><title>{}</title>"#,
        xml_escape(title),
        xml_escape(title)
    );
    if total == 0 {
        svg.push_str(r##"<rect x="0" y="0" width="100" height="6" fill="#f3f2f1"/>"##);
    } else {
        let mut x = 0.0f64;
        for s in segments.iter().filter(|s| s.count > 0) {
            let w = 100.0 * s.count as f64 / total as f64;
            let _ = write!(
                svg,
                r#"<rect x="{x:.3}" y="0" width="{w:.3}" height="6" fill="{}"><title>{}: {}</title></rect>"#,
                xml_escape(s.colour),
                xml_escape(s.label),
                s.count
            );
            x += w;
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Escape text for XML and HTML attributes; control characters XML forbids are dropped.
pub fn xml_escape(s: &str) -> String {
    replace_bytes(s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&apos;"),
        b if b < 0x20 && b != b'\n' && b != b'\t' && b != b'\r' => Some(""),
        _ => None,
    })
}

/// `s` with each ASCII byte that `rep` names replaced. Runs of other bytes are copied whole
/// (feeds and data files escape megabytes); they are always whole UTF-8, as only ASCII bytes
/// are replaced.
pub fn replace_bytes(s: &str, rep: impl Fn(u8) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if !b.is_ascii() {
            continue;
        }
        if let Some(r) = rep(b) {
            out.push_str(&s[start..i]);
            out.push_str(r);
            start = i + 1;
        }
    }
    out.push_str(&s[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_segments_are_proportional_and_escaped() {
        let svg = stacked_bar(
            "2 of 4 <done>",
            &[
                Segment {
                    label: "Done",
                    colour: "#00703c",
                    count: 2,
                },
                Segment {
                    label: "Open",
                    colour: "#1d70b8",
                    count: 2,
                },
            ],
        );
        assert!(svg.contains(r#"width="50.000""#));
        assert!(svg.contains("2 of 4 &lt;done&gt;"));
        assert!(svg.contains("role=\"img\""));
    }

    #[test]
    fn xml_escape_escapes_markup_and_drops_control_characters() {
        assert_eq!(
            xml_escape("a<b>&\"c'\u{1}é\n"),
            "a&lt;b&gt;&amp;&quot;c&apos;é\n"
        );
    }
}
