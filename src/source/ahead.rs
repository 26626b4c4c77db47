//! Decoding ahead: while the lowering pass works through a file, a helper
//! thread decodes from the parse cache the files that file sources, so
//! that the syntax tree is ready when `source` is reached.
//!
//! Warm loads decode each tree only when lowering takes it, so that the
//! whole tree's syntax is never in memory at once (40 MB less at the peak
//! on 6.12); this keeps the decoding off the critical path again. Only the
//! files sourced by the files being lowered are decoded ahead, so little is
//! held. A tree not started yet when it is needed is taken back and
//! decoded by the caller; one being decoded is waited for.

use std::sync::{mpsc, Arc, Condvar, Mutex};

use rustc_hash::FxHashMap;

use super::cache::{ParseCache, Stamp};
use crate::syntax::ast;

pub(crate) struct Ahead {
    shared: Arc<Shared>,
    jobs: mpsc::Sender<Job>,
}

struct Shared {
    slots: Mutex<FxHashMap<u32, Slot>>,
    ready: Condvar,
}

enum Slot {
    Queued,
    Busy,
    /// `None`: the entry did not decode; the caller reads the file again.
    Done(Option<ast::File>),
}

struct Job {
    id: ast::FileId,
    name: String,
    stamp: Stamp,
}

impl std::fmt::Debug for Ahead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Ahead")
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Ahead {
    /// The helper thread, or `None` if no thread can be had.
    pub(crate) fn start(cache: Arc<ParseCache>) -> Option<Ahead> {
        let shared = Arc::new(Shared {
            slots: Mutex::new(FxHashMap::default()),
            ready: Condvar::new(),
        });
        let (jobs, receive) = mpsc::channel::<Job>();
        let helper = shared.clone();
        let spawned = std::thread::Builder::new()
            .name("ksolve-decode".into())
            .spawn(move || {
                for job in receive {
                    helper.decode(&cache, job);
                }
            });
        spawned.ok().map(|_| Ahead { shared, jobs })
    }

    /// Decode `name` (file `id`, as stamped) ahead, unless already asked.
    pub(crate) fn submit(&self, id: ast::FileId, name: &str, stamp: Stamp) {
        let mut slots = lock(&self.shared.slots);
        if slots.contains_key(&id.0) {
            return;
        }
        slots.insert(id.0, Slot::Queued);
        drop(slots);
        let _ = self.jobs.send(Job {
            id,
            name: name.to_owned(),
            stamp,
        });
    }

    /// The tree of `id` if it was decoded ahead (waiting if it is being
    /// decoded); `None` when the caller is to decode it.
    pub(crate) fn take(&self, id: ast::FileId) -> Option<ast::File> {
        let mut slots = lock(&self.shared.slots);
        loop {
            match slots.remove(&id.0) {
                Some(Slot::Done(file)) => return file,
                Some(Slot::Busy) => {
                    slots.insert(id.0, Slot::Busy);
                    slots = self
                        .shared
                        .ready
                        .wait(slots)
                        .unwrap_or_else(|e| e.into_inner());
                }
                // Queued (now taken back, the helper will skip it) or never asked.
                Some(Slot::Queued) | None => return None,
            }
        }
    }
}

impl Shared {
    fn decode(&self, cache: &ParseCache, job: Job) {
        {
            let mut slots = lock(&self.slots);
            match slots.get_mut(&job.id.0) {
                Some(slot @ Slot::Queued) => *slot = Slot::Busy,
                _ => return,
            }
        }
        let file = cache.get(&job.name, job.stamp, job.id);
        lock(&self.slots).insert(job.id.0, Slot::Done(file));
        self.ready.notify_all();
    }
}
