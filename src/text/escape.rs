//! Escaping for the files the site publishes besides pages: XML (feeds, sitemap, SVG) and
//! JSON (data files, search shards). Feeds and data files carry megabytes of text, so both
//! copy runs of ordinary bytes whole and look at each byte once, through a table.

use std::io;

/// What each byte becomes: `None` is copied as it is. Only ASCII bytes are ever replaced, so
/// the runs between replacements are whole UTF-8.
type Table = [Option<&'static str>; 256];

const fn xml_table() -> Table {
    let mut t: Table = [None; 256];
    // Control characters XML forbids are dropped.
    let mut b = 0;
    while b < 0x20 {
        if b != b'\n' as usize && b != b'\t' as usize && b != b'\r' as usize {
            t[b] = Some("");
        }
        b += 1;
    }
    t[b'&' as usize] = Some("&amp;");
    t[b'<' as usize] = Some("&lt;");
    t[b'>' as usize] = Some("&gt;");
    t[b'"' as usize] = Some("&quot;");
    t[b'\'' as usize] = Some("&apos;");
    t
}

static XML: Table = xml_table();

fn replace(s: &str, table: &Table) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut rest = s;
    while let Some(i) = rest.bytes().position(|b| table[b as usize].is_some()) {
        out.push_str(&rest[..i]);
        out.push_str(table[rest.as_bytes()[i] as usize].unwrap_or_default());
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out
}

/// Escape text for XML and HTML attributes; the characters XML forbids are dropped (control
/// characters, and the noncharacters U+FFFE and U+FFFF, either of which makes a whole feed
/// unreadable to a feed reader).
pub fn xml(s: &str) -> String {
    let out = replace(s, &XML);
    let forbidden = |c: char| matches!(c, '\u{fffe}' | '\u{ffff}');
    // Both are encoded EF BF BE / EF BF BF: one fast byte search rules them out.
    if memchr::memmem::find(out.as_bytes(), b"\xef\xbf").is_some() && out.contains(forbidden) {
        return out.replace(forbidden, "");
    }
    out
}

/// A JSON formatter that also writes `<`, `>` and `&` inside strings as `\u003c` …, so content
/// can never be read as markup, even by a careless consumer that pastes it into a page.
struct HtmlSafe;

impl serde_json::ser::Formatter for HtmlSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut start = 0;
        for i in memchr::memchr3_iter(b'<', b'>', b'&', bytes) {
            writer.write_all(&bytes[start..i])?;
            writer.write_all(match bytes[i] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            })?;
            start = i + 1;
        }
        writer.write_all(&bytes[start..])
    }
}

/// `value` as compact JSON with `<`, `>` and `&` escaped in every string.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, HtmlSafe);
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    // serde_json writes UTF-8 only.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_drops_forbidden_controls() {
        assert_eq!(
            xml("a<b>&\"c'\u{1}é\n\t\r"),
            "a&lt;b&gt;&amp;&quot;c&apos;é\n\t\r"
        );
        assert_eq!(xml("plain"), "plain");
        assert_eq!(xml("a\u{fffe}b\u{ffff}c\u{fffd}"), "abc\u{fffd}");
        assert_eq!(xml(""), "");
    }

    #[test]
    fn json_escapes_markup_inside_strings_and_stays_valid() {
        let v = serde_json::json!({"a<b": "</script> & \"quoted\"\n", "n": [1, "x>y"]});
        let s = json(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        assert!(
            s.contains("\\u003c/script\\u003e \\u0026 \\\"quoted\\\"\\n"),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    proptest::proptest! {
        #[test]
        fn json_round_trips_any_text(text in ".*") {
            let s = json(&text);
            proptest::prop_assert!(!s.contains(['<', '>', '&']));
            let back: String = serde_json::from_str(&s).unwrap();
            proptest::prop_assert_eq!(back, text);
        }

        #[test]
        fn xml_keeps_everything_but_markup_and_controls(text in ".*") {
            let s = xml(&text);
            proptest::prop_assert!(!s.contains(['<', '>', '"', '\'']));
            let kept: String = text
                .chars()
                .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r') || (*c as u32) >= 0x7f)
                .filter(|c| !matches!(c, '\u{fffe}' | '\u{ffff}'))
                .collect();
            let back = s
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            proptest::prop_assert_eq!(back, kept);
        }
    }
}
