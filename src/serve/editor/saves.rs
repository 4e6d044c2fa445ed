//! Waiting for the rebuild that shows a save. A save sends its file to the rebuild loop with a
//! ticket; the loop takes every waiting change together with the highest ticket sent so far
//! (under one lock, so a ticket is never counted without its file), rebuilds, and marks that
//! ticket built. The save then answers with the page that shows the change.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
struct Tickets {
    requested: u64,
    built: u64,
}

#[derive(Default)]
pub struct Saves {
    tickets: Mutex<Tickets>,
    done: Condvar,
    tx: Mutex<Option<Sender<Vec<PathBuf>>>>,
}

impl Saves {
    /// The channel the rebuild loop reads (the watcher's).
    pub fn connect(&self, tx: Sender<Vec<PathBuf>>) {
        *self.tx.lock().unwrap_or_else(|p| p.into_inner()) = Some(tx);
    }

    /// Ask for a rebuild with these files changed; returns the ticket to wait for.
    pub fn request(&self, paths: Vec<PathBuf>) -> u64 {
        let mut t = self.tickets.lock().unwrap_or_else(|p| p.into_inner());
        t.requested += 1;
        if let Some(tx) = &*self.tx.lock().unwrap_or_else(|p| p.into_inner()) {
            let _ = tx.send(paths);
        }
        t.requested
    }

    /// Wait until the rebuild that includes `ticket` is published (or `timeout` passes).
    pub fn wait(&self, ticket: u64, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut t = self.tickets.lock().unwrap_or_else(|p| p.into_inner());
        while t.built < ticket {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            t = match self.done.wait_timeout(t, deadline - now) {
                Ok((g, _)) => g,
                Err(p) => p.into_inner().0,
            };
        }
        true
    }

    /// For the rebuild loop: `first` and everything else waiting on `rx`, and the ticket
    /// they cover.
    pub fn batch(
        &self,
        rx: &Receiver<Vec<PathBuf>>,
        mut first: Vec<PathBuf>,
    ) -> (Vec<PathBuf>, u64) {
        let t = self.tickets.lock().unwrap_or_else(|p| p.into_inner());
        while let Ok(more) = rx.try_recv() {
            first.extend(more);
        }
        (first, t.requested)
    }

    /// For the rebuild loop: the changes up to `ticket` are built and published.
    pub fn built(&self, ticket: u64) {
        let mut t = self.tickets.lock().unwrap_or_else(|p| p.into_inner());
        t.built = t.built.max(ticket);
        self.done.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_save_waits_for_the_rebuild_that_read_its_file() {
        let saves = Arc::new(Saves::default());
        let (tx, rx) = std::sync::mpsc::channel();
        saves.connect(tx);
        let ticket = saves.request(vec![PathBuf::from("a.md")]);
        assert!(!saves.wait(ticket, Duration::from_millis(20)));
        let waiter = {
            let saves = saves.clone();
            std::thread::spawn(move || saves.wait(ticket, Duration::from_secs(10)))
        };
        let first = rx.recv().unwrap();
        let (paths, covered) = saves.batch(&rx, first);
        assert_eq!(paths, vec![PathBuf::from("a.md")]);
        assert_eq!(covered, ticket);
        saves.built(covered);
        assert!(waiter.join().unwrap());
    }
}
