//! Turning a request URL into a key of the in-memory site, refusing anything that could
//! point outside it.

/// Percent-decode; `None` for malformed escapes or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file key in the site (`x/index.html`).
    File(String),
    /// The path names a folder without its trailing slash: redirect here.
    Redirect(String),
    /// The path is outside the site's base path, and this address under it has a page (or is
    /// the base path itself): redirect there, temporarily (the base path can change).
    UnderBase(String),
    /// Outside the site's base path, with no page for it under the base path.
    Outside,
    /// Not a safe path.
    Refused,
}

/// Resolve `url` (path and query) against `base` (e.g. `/scrutiny/`), given a lookup of keys.
pub fn resolve(url: &str, base: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else {
        return Resolved::Refused;
    };
    if decoded.contains('\\')
        || decoded.contains(char::is_control)
        || !decoded.starts_with('/')
        || decoded.starts_with("//")
    {
        return Resolved::Refused;
    }
    // Any `.` or `..` segment, or an empty segment inside the path, is refused outright.
    let inner = decoded.trim_start_matches('/');
    let segments: Vec<&str> = inner.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i == segments.len() - 1;
        if *seg == "." || *seg == ".." || (seg.is_empty() && !last) || seg.starts_with("..") {
            return Resolved::Refused;
        }
    }
    let with_slash = if decoded.ends_with('/') {
        decoded.clone()
    } else {
        format!("{decoded}/")
    };
    let rest = match decoded.strip_prefix(base) {
        Some(r) => r.to_string(),
        None if with_slash == base => return Resolved::Redirect(base.to_string()),
        None => return outside(inner, path, base, exists),
    };
    if rest.is_empty() || rest.ends_with('/') {
        return Resolved::File(format!("{rest}index.html"));
    }
    if exists(&rest) {
        return Resolved::File(rest);
    }
    if exists(&format!("{rest}/index.html")) {
        return Resolved::Redirect(format!("{decoded}/"));
    }
    Resolved::File(rest)
}

/// A safe path outside the base path (`inner`: decoded, without its leading slash; `raw`: as
/// sent): the server's root and any page the site has at the same place under the base path
/// redirect there, as a browser asking for `/` or a path copied without the base path
/// expects. `/favicon.ico` finds a theme's `static/favicon.ico` too.
fn outside(inner: &str, raw: &str, base: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    // The address redirected to keeps the request's own escapes.
    let raw = raw.trim_start_matches('/');
    if inner.is_empty() {
        return Resolved::UnderBase(base.to_string());
    }
    let key = if inner.ends_with('/') {
        format!("{inner}index.html")
    } else {
        inner.to_string()
    };
    if exists(&key) {
        return Resolved::UnderBase(format!("{base}{raw}"));
    }
    if exists(&format!("{inner}/index.html")) {
        return Resolved::UnderBase(format!("{base}{raw}/"));
    }
    if inner == "favicon.ico" && exists("static/favicon.ico") {
        return Resolved::UnderBase(format!("{base}static/favicon.ico"));
    }
    Resolved::Outside
}

/// Content type by extension.
pub fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit('.').next().unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" if key.ends_with("updates.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(url: &str) -> Resolved {
        resolve(url, "/s/", |k| k == "a.css" || k == "dir/index.html")
    }

    #[test]
    fn resolves_pages_and_folders() {
        assert_eq!(r("/s/"), Resolved::File("index.html".into()));
        assert_eq!(r("/s"), Resolved::Redirect("/s/".into()));
        assert_eq!(r("/s/a.css?v=1"), Resolved::File("a.css".into()));
        assert_eq!(r("/s/dir"), Resolved::Redirect("/s/dir/".into()));
        assert_eq!(r("/s/dir/"), Resolved::File("dir/index.html".into()));
    }

    #[test]
    fn refuses_every_escape_attempt() {
        for bad in [
            "/s/../etc/passwd",
            "/s/%2e%2e/etc/passwd",
            "/s/%2E%2E%2Fetc%2Fpasswd",
            "/s/..%5c..%5cwindows",
            "/s/dir\\..\\x",
            "//etc/passwd",
            "/s//etc/passwd",
            "/s/%00",
            "/s/%0d%0aSet-Cookie:%20x",
            "/%0d%0aLocation:%20x",
            "/s/%zz",
            "/s/./index.html",
            "http://evil/s/",
        ] {
            assert_eq!(r(bad), Resolved::Refused, "{bad}");
        }
    }

    #[test]
    fn paths_outside_the_base_redirect_to_their_page_under_it() {
        assert_eq!(r("/"), Resolved::UnderBase("/s/".into()));
        assert_eq!(r("/?x=1"), Resolved::UnderBase("/s/".into()));
        assert_eq!(r("/dir/"), Resolved::UnderBase("/s/dir/".into()));
        assert_eq!(r("/dir"), Resolved::UnderBase("/s/dir/".into()));
        assert_eq!(r("/a.css"), Resolved::UnderBase("/s/a.css".into()));
        assert_eq!(r("/%61.css"), Resolved::UnderBase("/s/%61.css".into()));
        assert_eq!(r("/etc/passwd"), Resolved::Outside);
        assert_eq!(r("/favicon.ico"), Resolved::Outside);
        let with_icon = |url| resolve(url, "/s/", |k| k == "static/favicon.ico");
        assert_eq!(
            with_icon("/favicon.ico"),
            Resolved::UnderBase("/s/static/favicon.ico".into())
        );
        // With no base path nothing is outside.
        assert_eq!(
            resolve("/", "/", |_| false),
            Resolved::File("index.html".into())
        );
    }
}
