//! Markdown → HTML with comrak: GFM, raw HTML shown as text, dangerous links dropped,
//! headings shifted so a body never competes with the page's own headings.

use comrak::nodes::NodeValue;
use comrak::{format_html, parse_document, Arena, Options};

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.strikethrough = true;
    o.extension.footnotes = true;
    o.extension.tasklist = true;
    // Raw HTML is shown as text, never passed through; `javascript:` and `data:` links are
    // emptied by comrak when `unsafe` is off (the default).
    o.render.escape = true;
    o
}

/// Render Markdown placed under a page's `<h2>`: `#` becomes `<h3>`, and so on.
pub fn to_html(md: &str) -> String {
    render(md).0
}

/// Markdown → plain text (for search, feeds' summaries and data files).
pub fn to_text(md: &str) -> String {
    render(md).1
}

/// Markdown → (HTML, plain text) from one parse: every text of the site needs both.
pub fn render(md: &str) -> (String, String) {
    let arena = Arena::new();
    let opts = options();
    let root = parse_document(&arena, md, &opts);
    let text = text_of(root);
    // The fragment's top heading becomes an h3, whatever level it was written at.
    let top = root
        .descendants()
        .filter_map(|n| match n.data.borrow().value {
            NodeValue::Heading(h) => Some(h.level),
            _ => None,
        })
        .min()
        .unwrap_or(3);
    for node in root.descendants() {
        if let NodeValue::Heading(ref mut h) = node.data.borrow_mut().value {
            h.level = (h.level + 3 - top).clamp(3, 6);
        }
    }
    let mut html = String::new();
    if format_html(root, &opts, &mut html).is_err() {
        html.clear();
    }
    (html, text)
}

fn text_of<'a>(root: &'a comrak::nodes::AstNode<'a>) -> String {
    let mut out = Collapsed::default();
    for node in root.descendants() {
        match &node.data.borrow().value {
            NodeValue::Text(t) => out.push(t),
            NodeValue::Code(c) => out.push(&c.literal),
            NodeValue::CodeBlock(c) => out.push(&c.literal),
            NodeValue::SoftBreak
            | NodeValue::LineBreak
            | NodeValue::Paragraph
            | NodeValue::Heading(_)
            | NodeValue::Item(_)
            | NodeValue::TableCell => out.space(),
            _ => {}
        }
    }
    out.text
}

/// Text with every run of whitespace made one space, none at either end: the words of
/// everything pushed, joined by single spaces. Built in one pass (splitting the whole text
/// on whitespace and joining it again was a measurable share of a build: docs/performance.md,
/// "Measurements behind the code").
#[derive(Default)]
struct Collapsed {
    text: String,
    /// Whitespace was seen since the last word.
    space: bool,
}

impl Collapsed {
    fn space(&mut self) {
        self.space = true;
    }

    fn push(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let mut word = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Printable ASCII other than space (most of any text) is part of a word.
            if bytes[i].wrapping_sub(0x21) < 0x5e {
                i += 1;
                continue;
            }
            let (white, len) = match bytes[i] {
                b if b.is_ascii() => (matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'), 1),
                _ => match s[i..].chars().next() {
                    Some(c) => (c.is_whitespace(), c.len_utf8()),
                    None => break,
                },
            };
            if white {
                self.word(&s[word..i]);
                self.space = true;
                word = i + len;
            }
            i += len;
        }
        self.word(&s[word..]);
    }

    fn word(&mut self, w: &str) {
        if w.is_empty() {
            return;
        }
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push_str(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped_and_javascript_links_dropped() {
        let html = to_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn gfm_tables_autolinks_and_headings_shift() {
        let html =
            to_html("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nsee www.kent.police.uk\n");
        assert!(html.contains("<h3>Title</h3>"), "{html}");
        assert!(html.contains("<table>"));
        assert!(
            html.contains("href=\"http://www.kent.police.uk\""),
            "{html}"
        );
    }

    proptest::proptest! {
        /// The one-pass collapse equals splitting on whitespace and joining with spaces.
        #[test]
        fn collapsing_whitespace_matches_split_and_join(
            pieces in proptest::collection::vec(
                ("(a|bc|é| |\t|\n|\u{a0}|\u{2003}|\u{85}|\u{b}|x y|  )*", proptest::bool::ANY),
                0..8,
            )
        ) {
            let mut fast = Collapsed::default();
            let mut plain = String::new();
            for (text, space_after) in &pieces {
                fast.push(text);
                plain.push_str(text);
                if *space_after {
                    fast.space();
                    plain.push(' ');
                }
            }
            let expected = plain.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(fast.text, expected);
        }
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            to_text("**Bold** and [link](https://x.org)\n\n- one\n- two"),
            "Bold and link one two"
        );
    }
}
