//! Status breakdowns as inline SVG, generated at build time (no chart library, no script).

use crate::text::escape::xml as xml_escape;
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
}
