//! Which `Host` headers the preview answers. A page on another site can point its own name at
//! 127.0.0.1 (DNS rebinding) and then read the preview, drafts included, as same-origin; the
//! browser still sends that name as `Host`. So only names that cannot be an attacker's are
//! answered: loopback names and addresses, the address the server is bound to, and the names
//! given with `--allow-host`.

use std::net::{IpAddr, Ipv6Addr};

/// The host names and addresses answered.
#[derive(Debug, Clone)]
pub struct Hosts {
    bind: IpAddr,
    /// `--allow-host` names, lower case, without a trailing dot.
    allowed: Vec<String>,
}

impl Hosts {
    pub fn new(bind: IpAddr, allowed: &[String]) -> Hosts {
        Hosts {
            bind,
            allowed: allowed.iter().map(|n| normalise(n)).collect(),
        }
    }

    /// Whether a request with this `Host` header value is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = split_port(host) else {
            return false;
        };
        let name = normalise(name);
        if let Some(literal) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            return literal
                .parse::<Ipv6Addr>()
                .is_ok_and(|ip| self.address(IpAddr::V6(ip)))
                || self.allowed.iter().any(|a| a == literal || *a == name);
        }
        if let Ok(ip) = name.parse::<std::net::Ipv4Addr>() {
            return self.address(IpAddr::V4(ip)) || self.allowed.contains(&name);
        }
        // `localhost` and `*.localhost` always resolve to loopback (RFC 6761, section 6.3).
        name == "localhost" || name.ends_with(".localhost") || self.allowed.contains(&name)
    }

    /// An address literal cannot be rebound (the page's origin is then this server itself):
    /// loopback, the bound address, and any address when bound to all of them (0.0.0.0, ::).
    fn address(&self, ip: IpAddr) -> bool {
        ip.is_loopback() || ip == self.bind || self.bind.is_unspecified()
    }
}

fn normalise(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// The host part of `host[:port]` / `[v6][:port]`; `None` when the value is malformed.
fn split_port(value: &str) -> Option<&str> {
    let value = value.trim();
    let (name, port) = match value.strip_prefix('[') {
        Some(rest) => {
            let end = rest.find(']')?;
            let after = &rest[end + 1..];
            let port = match after {
                "" => None,
                _ => Some(after.strip_prefix(':')?),
            };
            (&value[..end + 2], port)
        }
        None => match value.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (value, None),
        },
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    let name_ok = if name.starts_with('[') {
        name[1..name.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
    } else {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
    };
    (port_ok && name_ok).then_some(name)
}

/// The body of the 421 answer.
pub fn refusal(host: &str) -> String {
    let shown: String = host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-._:[]".contains(*c))
        .take(100)
        .collect();
    format!(
        "421 Misdirected Request\n\nThis preview answers only to localhost, 127.0.0.1, [::1] and the --bind address,\nnot to the host name `{shown}` (a page elsewhere could use such a name to read the preview).\nTo preview under this name (for example from a phone), restart with\n\n    scrutiny serve --allow-host {name}\n",
        name = split_port(&shown).unwrap_or("NAME"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bind: &str, allowed: &[&str]) -> Hosts {
        let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
        Hosts::new(bind.parse().unwrap(), &allowed)
    }

    #[test]
    fn loopback_names_and_addresses_are_answered() {
        let h = hosts("127.0.0.1", &["Phone.Example.test."]);
        for ok in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.:1111",
            "preview.localhost",
            "a.b.localhost:80",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.9.8.7:1",
            "[::1]",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:1111",
            "phone.example.test",
            "PHONE.example.test:1111",
        ] {
            assert!(h.allows(ok), "{ok} refused");
        }
    }

    #[test]
    fn other_names_are_refused() {
        let h = hosts("127.0.0.1", &["phone.example.test"]);
        for bad in [
            "",
            ":1111",
            "rebind.attacker.example",
            "rebind.attacker.example:1111",
            "localhost.attacker.example",
            "127.0.0.1.attacker.example",
            "attacker.example:127.0.0.1",
            "localhost:1111:1111",
            "localhost:",
            "localhost@attacker.example",
            "phone.example.test.attacker.example",
            "10.0.0.5",
            "[::2]",
            "[::1",
            "[::1]x",
            "::1",
            "0x7f.1",
        ] {
            assert!(!h.allows(bad), "{bad:?} answered");
        }
    }

    #[test]
    fn the_bound_address_is_answered() {
        let h = hosts("192.168.1.5", &[]);
        assert!(h.allows("192.168.1.5:1111"));
        assert!(!h.allows("192.168.1.6:1111"));
        assert!(!h.allows("phone.example.test"));
        // Bound to every address: any address literal is this machine.
        let all = hosts("0.0.0.0", &[]);
        assert!(all.allows("192.168.1.6:1111"));
        assert!(all.allows("[fe80::1]:1111"));
        assert!(!all.allows("rebind.attacker.example"));
    }

    #[test]
    fn the_refusal_names_the_flag() {
        let body = refusal("rebind.attacker.example:1111");
        assert!(
            body.contains("--allow-host rebind.attacker.example\n"),
            "{body}"
        );
        let body = refusal("<script>\r\n");
        assert!(!body.contains('<') && !body.contains('\r'), "{body}");
    }
}
