//! What the server serves: the last good build, swapped in one step, plus the current errors.

use crate::diagnostics::Diagnostics;
use std::collections::BTreeMap;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

/// One immutable build as served.
#[derive(Default)]
pub struct Snapshot {
    pub files: BTreeMap<String, crate::render::Bytes>,
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
    clients: Mutex<Vec<Sender<Event>>>,
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

    pub fn subscribe(&self, tx: Sender<Event>) {
        if let Ok(mut c) = self.clients.lock() {
            c.push(tx);
        }
    }

    /// Send to every connected browser, forgetting those that went away.
    pub fn broadcast(&self, ev: &Event) -> usize {
        match self.clients.lock() {
            Ok(mut c) => {
                c.retain(|tx| tx.send(ev.clone()).is_ok());
                c.len()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(files: &[&str], version: u64, partial: bool) -> Snapshot {
        Snapshot {
            files: files
                .iter()
                .map(|f| (f.to_string(), crate::render::Bytes::from(f.as_bytes())))
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
