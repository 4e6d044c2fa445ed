//! Connections: accepting them, a bounded number at a time, and speaking HTTP/1.1 on each
//! (keep-alive, pipelining, heads within a size and time limit). A live-reload stream leaves
//! its thread: it is kept in [`State`] and written to only when there is something to say.

use super::editor::Editor;
use super::host::Hosts;
use super::http::{self, Reply, Response};
use super::request::{self, ReadError};
use super::state::State;
use std::io::{BufReader, Read};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Connections handled at once, each on its own thread. When all are busy, new connections
/// wait in the listen queue until one finishes (idle ones close after [`HEAD_TIMEOUT`]).
pub const MAX_CONNECTIONS: usize = 64;
/// How long a client has to send a complete request head, and how long an idle keep-alive
/// connection stays open.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long writing a response may block on a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// How often a comment is sent on every live-reload stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What every connection needs.
struct Shared {
    state: Arc<State>,
    hosts: Hosts,
    editor: Arc<Editor>,
    /// Connections being handled, and a signal when one finishes.
    busy: (Mutex<usize>, Condvar),
}

/// Accept and answer connections on background threads, for as long as the process runs.
pub fn spawn(
    listener: TcpListener,
    state: Arc<State>,
    hosts: Hosts,
    editor: Arc<Editor>,
) -> std::io::Result<()> {
    let shared = Arc::new(Shared {
        state,
        hosts,
        editor,
        busy: (Mutex::new(0), Condvar::new()),
    });
    {
        let state = shared.state.clone();
        std::thread::Builder::new()
            .name("keep-alive".into())
            .spawn(move || loop {
                std::thread::sleep(KEEP_ALIVE);
                state.keep_alive();
            })?;
    }
    std::thread::Builder::new()
        .name("accept".into())
        .spawn(move || accept(listener, shared))?;
    Ok(())
}

fn accept(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        wait_for_slot(&shared);
        let (stream, peer) = match listener.accept() {
            Ok((s, peer)) => (s, peer.ip()),
            Err(_) => {
                // Out of file descriptors, or a connection reset before it was accepted.
                release(&shared);
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let worker = shared.clone();
        let spawned = std::thread::Builder::new()
            .name("connection".into())
            .spawn(move || {
                connection(stream, peer, &worker);
                release(&worker);
            });
        if spawned.is_err() {
            release(&shared);
        }
    }
}

/// Take one of the [`MAX_CONNECTIONS`] slots, waiting for one to free up.
fn wait_for_slot(shared: &Shared) {
    let (lock, cv) = &shared.busy;
    let mut busy = lock.lock().unwrap_or_else(|p| p.into_inner());
    while *busy >= MAX_CONNECTIONS {
        busy = cv.wait(busy).unwrap_or_else(|p| p.into_inner());
    }
    *busy += 1;
}

fn release(shared: &Shared) {
    let (lock, cv) = &shared.busy;
    let mut busy = lock.lock().unwrap_or_else(|p| p.into_inner());
    *busy = busy.saturating_sub(1);
    cv.notify_one();
}

/// Answer requests on one connection until it closes, times out, or becomes a live-reload
/// stream.
fn connection(stream: TcpStream, peer: std::net::IpAddr, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    loop {
        let req = match request::read(&mut reader, Instant::now() + HEAD_TIMEOUT) {
            Ok(req) => req,
            Err(ReadError::Gone) => return,
            Err(e @ (ReadError::TooLarge | ReadError::TooManyHeaders)) => {
                let why = if e == ReadError::TooLarge {
                    format!("the request head is over {} KB", request::MAX_HEAD / 1024)
                } else {
                    format!("more than {} header fields", request::MAX_HEADERS)
                };
                let resp = Response::text(431, &format!("request header fields too large: {why}"));
                let _ = resp.write_to(&mut writer, false, true);
                return linger(writer);
            }
            Err(ReadError::Malformed(why)) => {
                let _ = Response::text(400, &format!("bad request: {why}")).write_to(
                    &mut writer,
                    false,
                    true,
                );
                return linger(writer);
            }
        };
        let head_only = req.method == "HEAD";
        // Only the editor's forms are sent with a body: read it (within a limit) for them.
        let body = match request::body(&req, &mut reader) {
            Ok(b) => b,
            Err(why) => {
                let _ = Response::text(413, &format!("not accepted: {why}")).write_to(
                    &mut writer,
                    false,
                    true,
                );
                return linger(writer);
            }
        };
        let read_body = body.is_some();
        let cx = http::Caller {
            peer,
            body: body.as_deref().unwrap_or(&[]),
            editor: &shared.editor,
        };
        match http::answer(&req, &shared.state, &shared.hosts, &cx) {
            Reply::Events => {
                if let Err(mut refused) = shared.state.add_stream(writer) {
                    let _ = Response::text(
                        503,
                        "too many live-reload connections are open; close some preview tabs",
                    )
                    .with("Retry-After", "10")
                    .write_to(&mut refused, false, true);
                }
                return;
            }
            Reply::Send(resp) => {
                // A body not read: answer, then close.
                let unread = req.has_body() && !read_body;
                let close = !req.keep_alive() || unread || matches!(resp.status, 400 | 421);
                if resp.write_to(&mut writer, head_only, close).is_err() {
                    return;
                }
                if unread {
                    return linger(writer);
                }
                if close {
                    return;
                }
            }
        }
    }
}

/// Close after an answer while the client may still be sending (a head too large, a body):
/// stop sending, then read and drop what still comes (for a bounded time and amount), so the
/// close does not reset the connection and discard the answer before the client reads it.
fn linger(stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let end = Instant::now() + Duration::from_secs(2);
    let mut sink = [0u8; 16 * 1024];
    let mut stream = stream;
    let mut left: usize = 64 * 1024 * 1024;
    while left > 0 {
        let now = Instant::now();
        if now >= end || stream.set_read_timeout(Some(end - now)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}
