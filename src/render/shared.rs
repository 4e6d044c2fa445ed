//! In a one-off build a recommendation's full view (everything its page shows) is needed
//! twice: by its own page and by its review's committee report. Each review's full views are
//! made once, by whichever of those pages is rendered first, and dropped when the last of them
//! is done, so memory holds only the reviews being rendered at the time.

use crate::model::Site;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tera::Value;

pub struct SharedFull {
    slots: Vec<Slot>,
}

struct Slot {
    views: Mutex<Option<Arc<Vec<Value>>>>,
    /// Pages still to use the views: the review's recommendation pages and its report.
    remaining: AtomicUsize,
}

impl SharedFull {
    pub fn new(site: &Site) -> SharedFull {
        SharedFull {
            slots: site
                .reviews
                .iter()
                .map(|r| Slot {
                    views: Mutex::new(None),
                    remaining: AtomicUsize::new(r.recommendations.len() + 1),
                })
                .collect(),
        }
    }

    /// The full views of review `ri`, made by `make` if no page has asked for them yet.
    pub fn get(&self, ri: usize, make: impl FnOnce() -> Vec<Value>) -> Arc<Vec<Value>> {
        let slot = &self.slots[ri];
        let mut views = slot.views.lock().unwrap_or_else(|e| e.into_inner());
        views.get_or_insert_with(|| Arc::new(make())).clone()
    }

    /// One page of review `ri` has taken what it needs; the last one frees the views.
    pub fn done(&self, ri: usize) {
        let slot = &self.slots[ri];
        if slot.remaining.fetch_sub(1, Ordering::AcqRel) == 1 {
            slot.views.lock().unwrap_or_else(|e| e.into_inner()).take();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn slots(n: &[usize]) -> SharedFull {
        SharedFull {
            slots: n
                .iter()
                .map(|&k| Slot {
                    views: Mutex::new(None),
                    remaining: AtomicUsize::new(k + 1),
                })
                .collect(),
        }
    }

    #[test]
    fn views_are_made_once_and_freed_after_the_last_page() {
        let shared = slots(&[2]);
        let made = AtomicUsize::new(0);
        let make = || {
            made.fetch_add(1, Ordering::SeqCst);
            vec![Value::from("a"), Value::from("b")]
        };
        let first = shared.get(0, make);
        shared.done(0);
        let again = shared.get(0, make);
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(made.load(Ordering::SeqCst), 1);
        shared.done(0);
        assert!(shared.slots[0].views.lock().unwrap().is_some());
        shared.done(0);
        assert!(shared.slots[0].views.lock().unwrap().is_none());
        assert_eq!(first.len(), 2, "a page still holding the views keeps them");
    }
}
