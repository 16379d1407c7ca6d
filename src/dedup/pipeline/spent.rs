//! Memory sent back to the thread that allocated it, to be freed there.
//!
//! The system allocator on Linux (glibc's) gives each thread an arena and
//! locks an arena to free memory allocated in it, so a thread that frees
//! another thread's memory waits whenever that thread is allocating, and
//! waiting means sleeping and being woken. The in-order stage of a batch
//! would free what the parallel stages allocated for every document (its
//! shingles, passages and lookups) while those threads allocate for the
//! next documents: on two threads, most of the run's sleeps. So it sends
//! the spent memory back instead, and each thread empties its own box
//! between two documents of its own.
//!
//! A box's two vectors are allocated once, at their full size, by the
//! thread that makes the boxes, and never grow: when a box is full, the
//! sender frees the item itself.

use std::sync::{Mutex, PoisonError};

/// A box per thread of the current rayon pool.
#[derive(Debug)]
pub(crate) struct Mailboxes<T> {
    boxes: Vec<Mailbox<T>>,
}

#[derive(Debug)]
struct Mailbox<T> {
    /// Items sent to the thread.
    inbox: Mutex<Vec<T>>,
    /// An empty vector of the same capacity, swapped with the inbox when
    /// the thread empties it, so that senders wait only for the swap.
    spare: Mutex<Vec<T>>,
}

/// The current thread's index in its rayon pool, if it is a pool thread:
/// the owner to name when sending back what it allocates.
pub(crate) fn current_owner() -> Option<usize> {
    crate::par::current_thread_index()
}

impl<T> Mailboxes<T> {
    /// A box of `capacity` items for each thread of the current pool.
    pub fn new(capacity: usize) -> Self {
        let boxes = (0..crate::par::current_num_threads())
            .map(|_| Mailbox {
                inbox: Mutex::new(Vec::with_capacity(capacity)),
                spare: Mutex::new(Vec::with_capacity(capacity)),
            })
            .collect();
        Mailboxes { boxes }
    }

    /// Sends `item` back to thread `owner`; frees it here if this is that
    /// thread, if there is no such box, or if its box is full.
    pub fn send(&self, owner: Option<usize>, item: T) {
        let Some(mailbox) = owner
            .filter(|&o| Some(o) != current_owner())
            .and_then(|o| self.boxes.get(o))
        else {
            return;
        };
        let mut inbox = mailbox.inbox.lock().unwrap_or_else(PoisonError::into_inner);
        if inbox.len() < inbox.capacity() {
            inbox.push(item);
        }
    }

    /// Frees what was sent back to the current thread.
    pub fn empty_mine(&self) {
        let Some(mailbox) = current_owner().and_then(|o| self.boxes.get(o)) else {
            return;
        };
        let mut spare = mailbox.spare.lock().unwrap_or_else(PoisonError::into_inner);
        {
            let mut inbox = mailbox.inbox.lock().unwrap_or_else(PoisonError::into_inner);
            if inbox.is_empty() {
                return;
            }
            std::mem::swap(&mut *inbox, &mut *spare);
        }
        spare.clear();
    }
}

#[cfg(all(test, feature = "rayon"))]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// Counts its drops, and on which pool thread they happen.
    struct Tracked {
        owner: Option<usize>,
        freed: Arc<[AtomicUsize; 3]>,
    }

    impl Drop for Tracked {
        fn drop(&mut self) {
            // 0: freed by its owner; 1: freed by another thread; 2: any.
            let at = if current_owner() == self.owner { 0 } else { 1 };
            self.freed[at].fetch_add(1, Ordering::Relaxed);
            self.freed[2].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Items sent back are freed by their owner when it empties its box;
    /// none is lost, and a full box makes the sender free the item.
    #[test]
    fn items_are_freed_by_their_owner() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let freed: Arc<[AtomicUsize; 3]> = Arc::new(Default::default());
        pool.install(|| {
            let boxes = Mailboxes::new(4);
            let me = current_owner();
            let other = me.map(|i| 1 - i);
            for _ in 0..6 {
                let item = Tracked {
                    owner: other,
                    freed: Arc::clone(&freed),
                };
                boxes.send(other, item);
            }
            // Two did not fit: freed here, by the wrong thread.
            assert_eq!(freed[1].load(Ordering::Relaxed), 2);
            // Sent to itself: freed at once, by its owner.
            let mine = Tracked {
                owner: me,
                freed: Arc::clone(&freed),
            };
            boxes.send(me, mine);
            assert_eq!(freed[0].load(Ordering::Relaxed), 1);
            // The other thread empties its box.
            pool.broadcast(|_| boxes.empty_mine());
            assert_eq!(freed[0].load(Ordering::Relaxed), 5);
            assert_eq!(freed[2].load(Ordering::Relaxed), 7);
        });
    }
}
