//! What the server serves: the last good build, swapped in one step, plus the current errors.

use crate::diagnostics::Diagnostics;
use std::collections::BTreeMap;
use std::io::Write;
use std::net::TcpStream;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

/// The most live-reload streams kept open at once (one per open preview tab); more are
/// refused with 503 until some close.
pub const MAX_EVENT_STREAMS: usize = 64;

/// One immutable build as served.
#[derive(Default)]
pub struct Snapshot {
    pub files: BTreeMap<String, crate::output::Bytes>,
    /// Errors of the latest attempt; `None` when the latest build succeeded.
    pub errors: Option<Diagnostics>,
    pub version: u64,
    /// False while only the pages of this build are in: the feeds, data files and search
    /// index are still being made. A request for a file not found waits for them.
    pub partial: bool,
}

/// A message for browsers connected to the live-reload stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Reload the page (content or template changed, or errors appeared/cleared).
    Reload,
    /// Only stylesheets changed: swap them without a reload.
    Css,
    /// Go to this URL (the page that changed), for browsers that opted in.
    Goto(String),
}

impl Event {
    /// The Server-Sent Events frame.
    pub fn frame(&self) -> String {
        match self {
            Event::Reload => "event: reload\ndata: {}\n\n".into(),
            Event::Css => "event: css\ndata: {}\n\n".into(),
            Event::Goto(url) => format!("event: goto\ndata: {}\n\n", url.replace(['\n', '\r'], "")),
        }
    }
}

/// Shared between the HTTP workers and the rebuild loop.
#[derive(Default)]
pub struct State {
    current: RwLock<Arc<Snapshot>>,
    /// Signalled when a complete snapshot is published.
    completed: (Mutex<u64>, Condvar),
    /// Open live-reload streams, written without blocking: a browser that stops reading is
    /// dropped rather than stall a rebuild.
    streams: Mutex<Vec<TcpStream>>,
    /// Root-relative base path of the site, e.g. `/scrutiny/`.
    pub base_path: RwLock<String>,
}

impl State {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// Swap in a new build (readers keep the old one until they finish).
    pub fn publish(&self, snap: Snapshot) {
        let complete = !snap.partial;
        let snap = Arc::new(snap);
        match self.current.write() {
            Ok(mut g) => *g = snap,
            Err(p) => *p.into_inner() = snap,
        }
        if complete {
            let (lock, cv) = &self.completed;
            if let Ok(mut n) = lock.lock() {
                *n += 1;
            }
            cv.notify_all();
        }
    }

    /// The current snapshot once it is complete (or after `timeout`, whatever it is then).
    pub fn complete_snapshot(&self, timeout: Duration) -> Arc<Snapshot> {
        let (lock, cv) = &self.completed;
        let deadline = std::time::Instant::now() + timeout;
        let mut guard = match lock.lock() {
            Ok(g) => g,
            Err(_) => return self.snapshot(),
        };
        loop {
            let snap = self.snapshot();
            let now = std::time::Instant::now();
            if !snap.partial || now >= deadline {
                return snap;
            }
            guard = match cv.wait_timeout(guard, deadline - now) {
                Ok((g, _)) => g,
                Err(_) => return self.snapshot(),
            };
        }
    }

    /// Start a live-reload stream on `stream`: write the response head and keep it for
    /// [`State::broadcast`]. Gives the stream back when [`MAX_EVENT_STREAMS`] are open.
    pub fn add_stream(&self, stream: TcpStream) -> Result<(), TcpStream> {
        let Ok(mut streams) = self.streams.lock() else {
            return Err(stream);
        };
        if streams.len() >= MAX_EVENT_STREAMS {
            streams.retain(open);
            if streams.len() >= MAX_EVENT_STREAMS {
                return Err(stream);
            }
        }
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
        let mut stream = stream;
        if stream.set_nonblocking(true).is_ok() && write_now(&mut stream, head.as_bytes()) {
            streams.push(stream);
        }
        Ok(())
    }

    /// Send to every connected browser, forgetting those that went away or stopped reading.
    /// Returns how many are connected.
    pub fn broadcast(&self, ev: &Event) -> usize {
        self.send(ev.frame().as_bytes())
    }

    /// A comment line on every stream, so idle connections are not dropped by the browser and
    /// closed ones are noticed.
    pub fn keep_alive(&self) -> usize {
        self.send(b": keep-alive\n\n")
    }

    fn send(&self, frame: &[u8]) -> usize {
        match self.streams.lock() {
            Ok(mut streams) => {
                streams.retain_mut(|s| write_now(s, frame));
                streams.len()
            }
            Err(_) => 0,
        }
    }

    pub fn base(&self) -> String {
        self.base_path
            .read()
            .map(|b| b.clone())
            .unwrap_or_else(|_| "/".into())
    }
}

/// Write all of `bytes` to a non-blocking stream at once; false if it could not (closed, or
/// its buffer full because the browser stopped reading: a partial frame ends the stream).
fn write_now(stream: &mut TcpStream, bytes: &[u8]) -> bool {
    stream.write_all(bytes).and_then(|_| stream.flush()).is_ok()
}

/// Whether the browser at the other end of a non-blocking stream is still there.
fn open(stream: &TcpStream) -> bool {
    let mut byte = [0u8; 1];
    match stream.peek(&mut byte) {
        Ok(0) => false,
        Ok(_) => true,
        Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(files: &[&str], version: u64, partial: bool) -> Snapshot {
        Snapshot {
            files: files
                .iter()
                .map(|f| (f.to_string(), crate::output::Bytes::from(f.as_bytes())))
                .collect(),
            errors: None,
            version,
            partial,
        }
    }

    #[test]
    fn a_request_during_a_partial_snapshot_waits_for_the_complete_one() {
        let state = Arc::new(State::default());
        state.publish(snapshot(&["index.html", "data/all.json"], 1, false));
        // The pages of build 2 are in; its data files are not yet.
        state.publish(snapshot(&["index.html"], 2, true));
        let waiter = {
            let state = state.clone();
            std::thread::spawn(move || state.complete_snapshot(Duration::from_secs(10)))
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(
            !waiter.is_finished(),
            "it waits while the snapshot is partial"
        );
        state.publish(snapshot(&["index.html", "data/all.json"], 2, false));
        let snap = waiter.join().unwrap();
        assert_eq!(snap.version, 2, "the complete snapshot of the new build");
        assert!(!snap.partial);
        assert!(snap.files.contains_key("data/all.json"));
    }

    #[test]
    fn a_complete_snapshot_is_answered_at_once() {
        let state = State::default();
        state.publish(snapshot(&["index.html"], 1, false));
        let t = std::time::Instant::now();
        assert_eq!(state.complete_snapshot(Duration::from_secs(10)).version, 1);
        assert!(t.elapsed() < Duration::from_secs(1));
    }
}
