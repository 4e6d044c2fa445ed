//! A small scanner for the markup a browser would act on in generated HTML: `<script>` tags,
//! event-handler attributes (`on…=`) and script URLs in link attributes. Shared by the
//! `markdown` fuzz target and `tests/hostile.rs` (included there with `#[path]`), so the
//! property fuzzed and the property tested are the same.
//!
//! It reads tags the way an HTML tokenizer does (quoted and unquoted attribute values, comments
//! skipped), decodes character references in attribute values and drops the characters a
//! browser ignores in a URL (tabs, newlines, leading spaces and control characters) before
//! looking at the scheme, so `jav&#x61;script:`, `&#9;javascript:` and `JaVaScRiPt:` are all
//! caught.
#![allow(dead_code)]

/// How much markup is expected in the HTML scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Rendered Markdown: no `<script>`, `<style>`, `<iframe>`, `<form>`, `<meta>`… at all.
    Fragment,
    /// A whole page from the theme: `<script src>`, `<meta>` and `<form>` are the theme's own;
    /// inline scripts, `<iframe>`, `<object>`, `<embed>`, `<style>`, `<base>` and
    /// `<meta http-equiv>` are not.
    Page,
}

/// Every problem in `html`, one line each; empty when the markup is safe.
pub fn problems(html: &str, mode: Mode) -> Vec<String> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut i = 0;
    while let Some(off) = lower[i..].find('<') {
        let start = i + off;
        i = start + 1;
        if lower[start..].starts_with("<!--") {
            i = lower[start + 4..]
                .find("-->")
                .map_or(lower.len(), |e| start + 4 + e + 3);
            continue;
        }
        if !b.get(start + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let (name, attrs, end) = tag(&lower, start + 1);
        i = end;
        let has = |a: &str| attrs.iter().any(|(n, v)| n == a && !v.trim().is_empty());
        let forbidden = match name.as_str() {
            "iframe" | "object" | "embed" | "style" | "base" | "frame" | "frameset" | "applet" => {
                true
            }
            "script" => mode == Mode::Fragment || !has("src"),
            "meta" => mode == Mode::Fragment || has("http-equiv"),
            "form" | "link" => mode == Mode::Fragment,
            _ => false,
        };
        if forbidden {
            out.push(format!("a <{name}> tag at byte {start}"));
        }
        for (attr, value) in &attrs {
            if attr.starts_with("on") {
                out.push(format!(
                    "<{name}> has an event handler `{attr}` at byte {start}"
                ));
            }
            if is_url_attribute(attr) {
                if let Some(scheme) = dangerous_scheme(value) {
                    out.push(format!(
                        "<{name} {attr}=\"{value}\"> is a {scheme} URL at byte {start}"
                    ));
                }
            }
        }
    }
    out
}

fn is_url_attribute(attr: &str) -> bool {
    matches!(
        attr,
        "href"
            | "src"
            | "action"
            | "formaction"
            | "xlink:href"
            | "srcset"
            | "data"
            | "poster"
            | "background"
            | "cite"
    )
}

/// The scheme a browser would run, if `value` (as written in the attribute) is a script URL.
/// `data:` is dangerous except for the raster image types (PNG, GIF, JPEG, WebP), which comrak
/// also lets through and which cannot run script; `data:image/svg+xml` can.
pub fn dangerous_scheme(value: &str) -> Option<&'static str> {
    let decoded = decode_entities(value);
    // Browsers strip leading and trailing C0 controls and spaces, and remove tabs and newlines
    // anywhere in a URL, before reading its scheme.
    let url: String = decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let raster = [
        "data:image/png",
        "data:image/gif",
        "data:image/jpeg",
        "data:image/webp",
    ];
    if url.starts_with("javascript:") {
        Some("javascript:")
    } else if url.starts_with("vbscript:") {
        Some("vbscript:")
    } else if url.starts_with("data:") && !raster.iter().any(|r| url.starts_with(r)) {
        Some("data:")
    } else {
        None
    }
}

/// Decode `&#NN;`, `&#xNN;` (with or without the `;`) and the named references that matter in
/// URLs.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let after = &rest[1..];
        let (decoded, used) = if let Some(num) = after.strip_prefix('#') {
            let (hex, digits) = match num.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, num),
            };
            let len = digits
                .bytes()
                .take_while(|c| {
                    if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    }
                })
                .count();
            let value = if len == 0 {
                None
            } else {
                u32::from_str_radix(&digits[..len.min(8)], if hex { 16 } else { 10 }).ok()
            };
            match value {
                Some(v) => {
                    let prefix = 2 + usize::from(hex) + len;
                    let semi = usize::from(rest[prefix..].starts_with(';'));
                    (Some(char::from_u32(v).unwrap_or('\u{fffd}')), prefix + semi)
                }
                None => (None, 1),
            }
        } else {
            const NAMED: &[(&str, char)] = &[
                ("&colon;", ':'),
                ("&tab;", '\t'),
                ("&newline;", '\n'),
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
                ("&apos;", '\''),
                ("&#39;", '\''),
                ("&nbsp;", '\u{a0}'),
            ];
            match NAMED.iter().find(|(n, _)| {
                rest.get(..n.len())
                    .is_some_and(|r| r.eq_ignore_ascii_case(n))
            }) {
                Some((n, c)) => (Some(*c), n.len()),
                None => (None, 1),
            }
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push('&'),
        }
        rest = &rest[used..];
    }
    out.push_str(rest);
    out
}

/// The decoded HTML inside every `type="html"` element of an Atom feed (escaped text or CDATA).
pub fn feed_html(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("type=\"html\"") {
        rest = &rest[i..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let body = &rest[open_end + 1..];
        let end = body.find("</").unwrap_or(body.len());
        let raw = &body[..end];
        out.push(match raw.strip_prefix("<![CDATA[") {
            Some(c) => c.trim_end_matches("]]>").to_string(),
            None => decode_entities(raw),
        });
        rest = &body[end..];
    }
    out
}

/// Read `<name attr="v" …>` from `s` starting after `<`: (name, attributes, index after `>`).
fn tag(s: &str, from: usize) -> (String, Vec<(String, String)>, usize) {
    let b = s.as_bytes();
    let mut i = from;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = s[from..i].to_string();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (name, attrs, (i + 1).min(b.len()));
        }
        let a0 = i;
        i += 1; // an attribute name may start with `=`
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attr = s[a0..i].to_string();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let v0 = i + 1;
                i = v0;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = s[v0..i.min(b.len())].to_string();
                i += 1;
            } else {
                let v0 = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = s[v0..i].to_string();
            }
        }
        attrs.push((attr, value));
    }
}
