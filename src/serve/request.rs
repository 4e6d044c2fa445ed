//! Reading one HTTP/1.x request head from a connection, within a size and time limit. The
//! preview never reads request bodies: a request that has one is answered and the connection
//! closed.

use std::io::{BufRead, ErrorKind};
use std::time::Instant;

/// The largest request head (request line and headers) read; a larger one is refused with
/// 431. Browsers send 1–4 KB; 16 KB leaves room for long cookies.
pub const MAX_HEAD: usize = 16 * 1024;

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
/// or sends a byte at a time, does not hold a thread for longer). Bytes after the head (a
/// pipelined request) stay in `r`.
pub fn read(r: &mut impl Timed, deadline: Instant) -> Result<Request, ReadError> {
    let mut head: Vec<u8> = Vec::with_capacity(1024);
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
        // Blank lines before a request line are ignored (RFC 9112, section 2.2).
        let skip = if head.is_empty() {
            buf.iter()
                .take_while(|b| **b == b'\r' || **b == b'\n')
                .count()
        } else {
            0
        };
        let before = head.len();
        head.extend_from_slice(&buf[skip..]);
        let end = head_end(&head, before.saturating_sub(3));
        let used = match end {
            Some(end) => end - before + skip,
            None => buf.len(),
        };
        r.consume(used);
        if let Some(end) = end {
            if end > MAX_HEAD {
                return Err(ReadError::TooLarge);
            }
            head.truncate(end);
            return parse(&head);
        }
        if head.len() > MAX_HEAD {
            return Err(ReadError::TooLarge);
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

/// The index just past the blank line ending the head, searching from `from`.
fn head_end(head: &[u8], from: usize) -> Option<usize> {
    (from..head.len()).find_map(|i| {
        if head[i..].starts_with(b"\r\n\r\n") {
            Some(i + 4)
        } else if head[i..].starts_with(b"\n\n") {
            Some(i + 2)
        } else if head[i..].starts_with(b"\n\r\n") {
            Some(i + 3)
        } else {
            None
        }
    })
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Parse a complete head (ending with its blank line).
pub fn parse(head: &[u8]) -> Result<Request, ReadError> {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let line = lines.next().unwrap_or("");
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Malformed("malformed request line"));
    };
    // A request target is visible ASCII (RFC 9112, section 3.2): no control characters.
    if !is_token(method) || target.is_empty() || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ReadError::Malformed("malformed request line"));
    }
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => {
            return Err(ReadError::Malformed(
                "only HTTP/1.0 and HTTP/1.1 are spoken",
            ))
        }
    };
    let mut headers = Vec::new();
    for line in lines.take_while(|l| !l.is_empty()) {
        if line.starts_with([' ', '\t']) {
            return Err(ReadError::Malformed("folded header lines are not accepted"));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(ReadError::Malformed("a header line without a colon"));
        };
        if !is_token(name) {
            return Err(ReadError::Malformed("malformed header name"));
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let req = Request {
        method: method.to_string(),
        target: target.to_string(),
        http11,
        headers,
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
    Ok(req)
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
        let mut r = BufReader::with_capacity(7, Cursor::new(bytes.to_vec()));
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
}
