//! Who may use the browser editor, and which requests may write.
//!
//! The editor is for the person at this computer: it is offered only to connections from a
//! loopback address, whatever `--bind` says. Every write is a POST that carries the token
//! printed into this run's forms (a page elsewhere cannot read it) and comes from a page of
//! the preview itself: its `Origin` (or, failing that, `Referer`) must be this server as the
//! browser addressed it, and that address (`Host`) must be a loopback name, so a page whose
//! own name was pointed at 127.0.0.1 (DNS rebinding) cannot post either.

use super::super::request::Request;
use std::net::IpAddr;

/// Whether a connection from `peer` may see and use the editor.
pub fn local_peer(peer: IpAddr) -> bool {
    peer.to_canonical().is_loopback()
}

/// Why a write is refused, if it is.
pub fn refuse_write(req: &Request, token: &str, sent_token: Option<&str>) -> Option<&'static str> {
    let Some(host) = req.header("Host") else {
        return Some("the request has no Host header");
    };
    if !loopback_host(host) {
        return Some("the editor answers only at localhost, 127.0.0.1 or [::1]");
    }
    if req
        .header("Sec-Fetch-Site")
        .is_some_and(|s| s.eq_ignore_ascii_case("cross-site"))
    {
        return Some("the form was sent from another site");
    }
    let ours = format!("http://{}", host.to_ascii_lowercase());
    match (req.header("Origin"), req.header("Referer")) {
        (Some(origin), _) if origin.to_ascii_lowercase() != ours => {
            return Some("the form was sent from another site (its Origin is not this preview)")
        }
        (None, Some(referer))
            if !referer
                .to_ascii_lowercase()
                .starts_with(&format!("{ours}/")) =>
        {
            return Some("the form was sent from another site (its Referer is not this preview)")
        }
        (None, None) => return Some(
            "the request says neither where it came from (Origin) nor which page sent it (Referer)",
        ),
        _ => {}
    }
    match sent_token {
        Some(t) if same(t.as_bytes(), token.as_bytes()) => None,
        Some(_) => Some("the form's token is not this preview's (was the preview restarted? open the form again)"),
        None => Some("the form's token is missing"),
    }
}

/// `localhost`, `*.localhost`, a 127.x address or [::1], with any port.
fn loopback_host(host: &str) -> bool {
    let h = host.trim().to_ascii_lowercase();
    let name = match h.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((v6, port)) if port.is_empty() || port.starts_with(':') => {
                return v6
                    .parse::<std::net::Ipv6Addr>()
                    .is_ok_and(|ip| ip.is_loopback())
            }
            _ => return false,
        },
        None => h.rsplit_once(':').map_or(h.as_str(), |(n, _)| n),
    };
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Compare without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A token no page elsewhere can guess: 128 random bits, new for each run of the preview.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No system randomness source answered: the standard library's per-process hash keys.
        use std::hash::{BuildHasher, RandomState};
        let (a, b) = (
            RandomState::new().hash_one(1u8),
            RandomState::new().hash_one(2u8),
        );
        bytes[..8].copy_from_slice(&a.to_le_bytes());
        bytes[8..].copy_from_slice(&b.to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&str, &str)]) -> Request {
        Request {
            method: "POST".into(),
            target: "/__scrutiny/edit/update/r/recommendations/1/".into(),
            http11: true,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn only_loopback_peers_get_the_editor() {
        for ok in ["127.0.0.1", "127.0.0.9", "::1", "::ffff:127.0.0.1"] {
            assert!(local_peer(ok.parse().unwrap()), "{ok}");
        }
        for bad in [
            "192.168.1.5",
            "10.0.0.1",
            "::ffff:192.168.1.5",
            "fe80::1",
            "0.0.0.0",
        ] {
            assert!(!local_peer(bad.parse().unwrap()), "{bad}");
        }
    }

    #[test]
    fn writes_need_the_token_and_a_same_origin_loopback_page() {
        let good = [
            ("Host", "127.0.0.1:1111"),
            ("Origin", "http://127.0.0.1:1111"),
        ];
        assert_eq!(refuse_write(&post(&good), "t0k", Some("t0k")), None);
        let by_referer = [
            ("Host", "localhost:1111"),
            ("Referer", "http://localhost:1111/x/"),
        ];
        assert_eq!(refuse_write(&post(&by_referer), "t0k", Some("t0k")), None);
        assert!(
            refuse_write(&post(&good), "t0k", None).is_some(),
            "missing token"
        );
        assert!(
            refuse_write(&post(&good), "t0k", Some("t0x")).is_some(),
            "wrong token"
        );
        for bad in [
            vec![
                ("Host", "127.0.0.1:1111"),
                ("Origin", "http://evil.example"),
            ],
            vec![("Host", "127.0.0.1:1111"), ("Origin", "null")],
            vec![
                ("Host", "127.0.0.1:1111"),
                ("Origin", "http://127.0.0.1:2222"),
            ],
            vec![
                ("Host", "rebind.example:1111"),
                ("Origin", "http://rebind.example:1111"),
            ],
            vec![
                ("Host", "phone.example.test"),
                ("Origin", "http://phone.example.test"),
            ],
            vec![("Host", "127.0.0.1:1111")],
            vec![
                ("Host", "127.0.0.1:1111"),
                ("Referer", "http://127.0.0.1:1111.evil.example/"),
            ],
            vec![
                ("Host", "127.0.0.1:1111"),
                ("Origin", "http://127.0.0.1:1111"),
                ("Sec-Fetch-Site", "cross-site"),
            ],
            vec![("Origin", "http://127.0.0.1:1111")],
        ] {
            assert!(
                refuse_write(&post(&bad), "t0k", Some("t0k")).is_some(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn loopback_host_names() {
        for ok in [
            "localhost",
            "localhost:1",
            "a.localhost:1111",
            "127.0.0.1",
            "127.1.2.3:80",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in [
            "example.org",
            "192.168.0.2:1111",
            "[::2]:1",
            "[::1]x",
            "localhost.example.org",
        ] {
            assert!(!loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn tokens_are_random() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
