//! Reading one HTTP/1.x request head from a connection, within a size and time limit. The
//! bytes are parsed by `httparse` (hyper's parser); this module adds the limits and the checks
//! the preview needs. Only the browser editor's forms are read with their body (a POST with
//! a `Content-Length` of at most [`MAX_BODY`]); any other request that has one is answered
//! and the connection closed.

use std::io::{BufRead, ErrorKind};
use std::time::Instant;

/// The largest request head (request line and headers, with any blank lines before them) read;
/// a larger one is refused with 431. Browsers send 1–4 KB; 16 KB leaves room for long cookies.
pub const MAX_HEAD: usize = 16 * 1024;

/// The most header fields in one request; more are refused with 431. Browsers send 10–20.
pub const MAX_HEADERS: usize = 100;

/// The largest form body read (the longest officer response is a few kilobytes).
pub const MAX_BODY: usize = 1024 * 1024;

/// The body of a POST with a `Content-Length` (the editor's forms); `None` for any other
/// request, whose body, if any, is not read. An error when the body is too large, chunked,
/// or does not arrive in time.
pub fn body(req: &Request, r: &mut impl std::io::Read) -> Result<Option<Vec<u8>>, &'static str> {
    if req.method != "POST" {
        return Ok(None);
    }
    if req.header("Transfer-Encoding").is_some() {
        return Err("a chunked body (send the form with a Content-Length)");
    }
    let Some(len) = req.header("Content-Length") else {
        return Ok(Some(Vec::new()));
    };
    let len: usize = len
        .trim()
        .parse()
        .map_err(|_| "a Content-Length that is not a number")?;
    if len > MAX_BODY {
        return Err("a body over 1 MB");
    }
    let mut buf = vec![0u8; len];
    r.read_exact(&mut buf)
        .map_err(|_| "a body that did not arrive in full")?;
    Ok(Some(buf))
}

/// One parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent (origin form `/path?query`, or anything else, refused later).
    pub target: String,
    /// HTTP/1.1 (true) or HTTP/1.0 (false).
    pub http11: bool,
    pub headers: Vec<(String, String)>,
}

/// Why no request could be read.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The client closed the connection, or sent nothing in time: close quietly.
    Gone,
    /// The head exceeds [`MAX_HEAD`]: 431.
    TooLarge,
    /// The head has more than [`MAX_HEADERS`] header fields: 431.
    TooManyHeaders,
    /// Not a well-formed HTTP/1.x request head: 400, with the reason.
    Malformed(&'static str),
}

impl Request {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn count(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .count()
    }

    /// Whether a body follows the head (never read: the connection is closed after answering).
    pub fn has_body(&self) -> bool {
        self.header("Transfer-Encoding").is_some()
            || self
                .header("Content-Length")
                .is_some_and(|v| v.trim() != "0")
    }

    /// Whether the client wants the connection kept open for another request.
    pub fn keep_alive(&self) -> bool {
        let tokens = self.header("Connection").unwrap_or("").to_ascii_lowercase();
        let has = |t: &str| tokens.split(',').any(|x| x.trim() == t);
        if self.http11 {
            !has("close")
        } else {
            has("keep-alive")
        }
    }
}

/// Read the next request head from `r`, giving up at `deadline` (a client that sends nothing,
/// or sends a byte at a time, does not hold a thread for longer). At most [`MAX_HEAD`] bytes
/// are taken from `r`; bytes after the head (a pipelined request) stay in `r`.
pub fn read(r: &mut impl Timed, deadline: Instant) -> Result<Request, ReadError> {
    let mut head: Vec<u8> = Vec::with_capacity(1024);
    // Whether the head has more than the blank lines that may come before a request line
    // (RFC 9112, section 2.2; httparse skips them).
    let mut started = false;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ReadError::Gone);
        }
        r.set_timeout(left);
        let buf = match r.fill_buf() {
            Ok([]) => return Err(ReadError::Gone),
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return Err(ReadError::Gone),
        };
        let new = &buf[..buf.len().min(MAX_HEAD - head.len())];
        let before = head.len();
        head.extend_from_slice(new);
        started = started || new.iter().any(|b| !matches!(b, b'\r' | b'\n'));
        // A head ends with a line end, and every line end lets httparse decide more (at most
        // MAX_HEADERS + 2 of them before it completes or fails): parse only when one arrives,
        // so a client sending a byte at a time does not make the head be parsed again per byte.
        let line_end = memchr::memchr(b'\n', new).is_some();
        let parsed = if started && line_end {
            parse_prefix(&head)
        } else {
            Ok(None)
        };
        match parsed {
            Ok(Some((req, len))) => {
                // The line end that completes the head is in the new bytes: had it arrived
                // earlier, the head would have been parsed complete then.
                debug_assert!(len > before && len <= head.len(), "{len} {before}");
                r.consume(len.saturating_sub(before));
                return Ok(req);
            }
            Ok(None) => {
                r.consume(head.len() - before);
                if head.len() >= MAX_HEAD {
                    return Err(ReadError::TooLarge);
                }
            }
            Err(e) => {
                r.consume(head.len() - before);
                return Err(e);
            }
        }
    }
}

/// A buffered reader whose underlying read timeout can be set (a `BufReader<TcpStream>`).
pub trait Timed: BufRead {
    fn set_timeout(&mut self, timeout: std::time::Duration);
}

impl Timed for std::io::BufReader<std::net::TcpStream> {
    fn set_timeout(&mut self, timeout: std::time::Duration) {
        let _ = self.get_ref().set_read_timeout(Some(timeout));
    }
}

/// Parse a complete head (ending with its blank line).
pub fn parse(head: &[u8]) -> Result<Request, ReadError> {
    match parse_prefix(head)? {
        Some((req, _)) => Ok(req),
        None => Err(ReadError::Malformed(
            "the request head ends before its blank line",
        )),
    }
}

/// Parse the start of a connection: the request and the length of its head once the head is
/// complete, `None` while it may still become one.
fn parse_prefix(bytes: &[u8]) -> Result<Option<(Request, usize)>, ReadError> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut fields);
    let len = match parsed.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(refusal(e, bytes)),
    };
    let (Some(method), Some(target), Some(version)) = (parsed.method, parsed.path, parsed.version)
    else {
        return Err(ReadError::Malformed("malformed request line"));
    };
    // A request target is visible ASCII (RFC 9112, section 3.2); httparse also lets UTF-8 by.
    if !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ReadError::Malformed("malformed request line"));
    }
    let req = Request {
        method: method.to_string(),
        target: target.to_string(),
        http11: version == 1,
        headers: parsed
            .headers
            .iter()
            .map(|h| {
                let value = String::from_utf8_lossy(h.value).into_owned();
                (h.name.to_string(), value)
            })
            .collect(),
    };
    if req.count("Host") > 1 {
        return Err(ReadError::Malformed("more than one Host header"));
    }
    if req.count("Content-Length") > 1
        || req
            .header("Content-Length")
            .is_some_and(|v| v.trim().parse::<u64>().is_err())
    {
        return Err(ReadError::Malformed("malformed Content-Length"));
    }
    Ok(Some((req, len)))
}

/// The answer to a head httparse refuses.
fn refusal(e: httparse::Error, head: &[u8]) -> ReadError {
    use httparse::Error as E;
    ReadError::Malformed(match e {
        E::TooManyHeaders => return ReadError::TooManyHeaders,
        E::Version => "only HTTP/1.0 and HTTP/1.1 are spoken",
        E::Token | E::Status => "malformed request line",
        E::NewLine => "a line that does not end in CRLF or LF",
        E::HeaderValue => "a control character in a header value",
        // A line starting with white space continues the previous one (obs-fold, RFC 9112
        // section 5.2): say so, it is what a hand-written client most likely sent.
        E::HeaderName
            if head
                .windows(2)
                .any(|w| w[0] == b'\n' && matches!(w[1], b' ' | b'\t')) =>
        {
            "folded header lines are not accepted"
        }
        E::HeaderName => "malformed header name, or a header line without a colon",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Cursor};
    use std::time::Duration;

    impl Timed for BufReader<Cursor<Vec<u8>>> {
        fn set_timeout(&mut self, _: Duration) {}
    }

    fn read_all(bytes: &[u8]) -> Vec<Result<Request, ReadError>> {
        // A tiny buffer, so heads arrive in pieces as they do from a socket.
        read_in(bytes, 7)
    }

    fn read_in(bytes: &[u8], piece: usize) -> Vec<Result<Request, ReadError>> {
        let mut r = BufReader::with_capacity(piece, Cursor::new(bytes.to_vec()));
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut out = Vec::new();
        loop {
            // The server closes the connection after an error.
            match read(&mut r, deadline) {
                Err(ReadError::Gone) => return out,
                Ok(req) => out.push(Ok(req)),
                Err(e) => {
                    out.push(Err(e));
                    return out;
                }
            }
        }
    }

    #[test]
    fn reads_pipelined_requests_in_pieces() {
        let got = read_all(
            b"\r\nGET /a HTTP/1.1\r\nHost: localhost\r\n\r\nHEAD /b?x=1 HTTP/1.0\nhost:  h \n\n",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        let a = got[0].as_ref().unwrap();
        assert_eq!(
            (a.method.as_str(), a.target.as_str(), a.http11),
            ("GET", "/a", true)
        );
        assert_eq!(a.header("host"), Some("localhost"));
        assert!(a.keep_alive());
        let b = got[1].as_ref().unwrap();
        assert_eq!(
            (b.method.as_str(), b.target.as_str(), b.http11),
            ("HEAD", "/b?x=1", false)
        );
        assert_eq!(b.header("Host"), Some("h"));
        assert!(!b.keep_alive(), "HTTP/1.0 closes unless asked");
    }

    #[test]
    fn refuses_oversized_and_malformed_heads() {
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(read_all(big.as_bytes()), vec![Err(ReadError::TooLarge)]);
        let endless = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(3 * MAX_HEAD));
        assert_eq!(read_all(endless.as_bytes()), vec![Err(ReadError::TooLarge)]);
        for bad in [
            "GET /\r\n\r\n",
            "GET / HTTP/2.0\r\n\r\n",
            "GET  / HTTP/1.1\r\n\r\n",
            "G(T / HTTP/1.1\r\n\r\n",
            "GET /a\rb HTTP/1.1\r\n\r\n",
            "GET /\u{e9} HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
            "GET / HTTP/1.1\r\nno colon\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        ] {
            let got = read_all(bad.as_bytes());
            assert!(
                matches!(got.as_slice(), [Err(ReadError::Malformed(_))]),
                "{bad:?}: {got:?}"
            );
        }
    }

    #[test]
    fn knows_when_a_body_follows() {
        let req = |h: &str| parse(format!("POST / HTTP/1.1\r\n{h}\r\n\r\n").as_bytes()).unwrap();
        assert!(req("Content-Length: 5").has_body());
        assert!(req("Transfer-Encoding: chunked").has_body());
        assert!(!req("Content-Length: 0").has_body());
        assert!(!req("Connection: close").keep_alive());
    }

    /// The reason a head is refused with 400.
    fn reason(head: &str) -> &'static str {
        match read_all(head.as_bytes()).as_slice() {
            [Err(ReadError::Malformed(why))] => why,
            got => panic!("{head:?} was not refused as malformed: {got:?}"),
        }
    }

    #[test]
    fn refuses_folded_lines_and_stray_carriage_returns() {
        // obs-fold (RFC 9112, section 5.2): refused, never joined into the previous value.
        for folded in [
            "GET / HTTP/1.1\r\nX-A: a\r\n\tb\r\nHost: h\r\n\r\n",
            "GET / HTTP/1.1\nX-A: a\n  b\n\n",
        ] {
            assert_eq!(
                reason(folded),
                "folded header lines are not accepted",
                "{folded:?}"
            );
        }
        // A CR not followed by LF, inside a value or as a line end; other control characters.
        for bad in [
            "GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n",
            "GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n",
            "GET / HTTP/1.1\r\nX-A: a\x7fb\r\n\r\n",
            "GET / HTTP/1.1\r\nX-A: a\r\r\n\r\n",
        ] {
            assert_eq!(
                reason(bad),
                "a control character in a header value",
                "{bad:?}"
            );
        }
        for bad in [
            "GET / HTTP/1.1\rHost: a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\n\r\r\n",
            "\rGET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.10\r\n\r\n",
        ] {
            assert_eq!(
                reason(bad),
                "a line that does not end in CRLF or LF",
                "{bad:?}"
            );
        }
        assert_eq!(
            reason("GET / HTTP/1.1\r\nno colon\r\n\r\n"),
            "malformed header name, or a header line without a colon"
        );
        assert_eq!(
            reason("GET / HTTP/2.0\r\n\r\n"),
            "only HTTP/1.0 and HTTP/1.1 are spoken"
        );
    }

    #[test]
    fn takes_bare_line_feeds_and_keeps_values_as_sent() {
        let got = read_all(
            b"\n\r\nGET /a HTTP/1.1\nHost: h\r\nX-Empty:\nX-Pad: \t a b \t\nX-Latin: caf\xe9\n\r\n",
        );
        let [Ok(req)] = got.as_slice() else {
            panic!("{got:?}")
        };
        assert_eq!(req.target, "/a");
        assert_eq!(req.header("host"), Some("h"));
        assert_eq!(req.header("x-empty"), Some(""));
        assert_eq!(
            req.header("x-pad"),
            Some("a b"),
            "outer white space trimmed"
        );
        assert_eq!(
            req.header("x-latin"),
            Some("caf\u{fffd}"),
            "obs-text kept, lossily"
        );
    }

    #[test]
    fn refuses_more_than_max_headers_with_431() {
        let head = |n: usize| {
            let fields: String = (0..n).map(|i| format!("X-{i}: v\r\n")).collect();
            format!("GET / HTTP/1.1\r\n{fields}\r\n")
        };
        let got = read_all(head(MAX_HEADERS).as_bytes());
        assert!(
            matches!(got.as_slice(), [Ok(r)] if r.headers.len() == MAX_HEADERS),
            "{got:?}"
        );
        assert_eq!(
            read_all(head(MAX_HEADERS + 1).as_bytes()),
            vec![Err(ReadError::TooManyHeaders)]
        );
    }

    #[test]
    fn takes_at_most_max_head_bytes_whatever_the_pieces() {
        // A head of exactly MAX_HEAD bytes is read, pipelined request and all; one byte more is not.
        let exact = |extra: usize| {
            let start = "GET / HTTP/1.1\r\nX: ";
            let pad = MAX_HEAD + extra - start.len() - 4;
            format!(
                "{start}{}\r\n\r\nGET /next HTTP/1.1\r\n\r\n",
                "a".repeat(pad)
            )
        };
        for piece in [1, 7, 4096, 3 * MAX_HEAD] {
            let got = read_in(exact(0).as_bytes(), piece);
            assert!(
                matches!(got.as_slice(), [Ok(_), Ok(r)] if r.target == "/next"),
                "pieces of {piece}: {got:?}"
            );
            assert_eq!(
                read_in(exact(1).as_bytes(), piece),
                vec![Err(ReadError::TooLarge)],
                "pieces of {piece}"
            );
        }
        // Blank lines before the request line count towards the limit.
        let blank = format!("{}GET / HTTP/1.1\r\n\r\n", "\r\n".repeat(MAX_HEAD / 2));
        assert_eq!(read_all(blank.as_bytes()), vec![Err(ReadError::TooLarge)]);
        // Never more than MAX_HEAD bytes are taken from the connection.
        let endless = "GET / HTTP/1.1\r\nX: ".to_string() + &"a".repeat(3 * MAX_HEAD);
        let mut r = BufReader::with_capacity(1000, Cursor::new(endless.into_bytes()));
        let deadline = Instant::now() + Duration::from_secs(5);
        assert_eq!(read(&mut r, deadline), Err(ReadError::TooLarge));
        let taken = r.get_ref().position() as usize - r.buffer().len();
        assert_eq!(taken, MAX_HEAD);
    }
}
