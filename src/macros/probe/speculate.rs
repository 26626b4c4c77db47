//! The speculative passes of a cold load (see `tree::lower`): commands
//! whose results are not known are queued for threads that run them, and
//! a stand-in stands for each output until the pass that knows them all.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::Ordering;

use super::{lock, run_shell, Kind, Probes};
use crate::macros::KernelEnv;

/// How the output of a probe not run yet begins, during a speculative pass
/// ([`Probes::speculate`]): `PENDING` + the command's number in the queue +
/// `\u{1}` (see [`pending`]). Any text built from it contains it, so a
/// command that depends on a pending output is recognised, left for a later
/// pass, and that pass waits for exactly the outputs it was built from.
pub const PENDING: &str = "\u{1}ksolve-pending-probe-";

/// The stand-in output of queued command number `i`.
pub fn pending(i: usize) -> String {
    format!("{PENDING}{i}\u{1}")
}

/// The numbers of the pending outputs `text` was built from; `None` if a
/// stand-in was cut or altered (then any queued command may be one).
fn pending_inputs(text: &str) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(PENDING) {
        let rest = &text[at + PENDING.len()..];
        let (number, _) = rest.split_once('\u{1}')?;
        out.push(number.parse().ok()?);
    }
    Some(out)
}

impl Probes {
    /// Starts (`true`) or ends a speculative pass: while it lasts, a
    /// command whose result is not known yet (replay, memory, disk) is not
    /// run by the caller: it is queued for [`Probes::serve`], and its output
    /// reads as a stand-in ([`pending`]). Ending a pass says whether any
    /// command was wanted in it (if none was, the pass saw only real
    /// results); the queue stays open for the next pass until
    /// [`Probes::close`].
    ///
    /// This is how a cold load runs its probes in parallel (`Tree::load`):
    /// threads serve the queue while the tree is lowered speculatively;
    /// if anything was wanted, it is lowered again. A pass finds a result
    /// in memory only when its command and environment are those of a
    /// command already run, exactly as a second `$(shell)` of the same
    /// command in one run does; a command whose text contains a stand-in
    /// depended on an output not known yet and is not queued: a later
    /// pass, which knows that output, runs the real one.
    /// Between passes, [`Probes::wait_for_inputs`] waits only for the
    /// outputs such commands were built from, so the passes that find a
    /// chain of probes (`cc-version.sh`, then `set -- ... && echo $1`, then
    /// `test`) go on while the other probes still run. Once a pass has met
    /// no such command, the commands it queued are all the real pass runs,
    /// and the real pass starts at once ([`Probes::dependent`]).
    pub fn speculate(&self, on: bool) -> bool {
        if on {
            self.open();
        }
        self.speculating.store(on, Ordering::SeqCst);
        let mut wanted = lock(&self.wanted);
        let any = wanted.any;
        if on {
            wanted.any = false;
            wanted.inputs.clear();
            wanted.inputs_unknown = false;
            wanted.dependent = false;
        }
        any
    }

    /// Opens the queue of a speculative phase, if it is not open: call it
    /// before starting the threads that [`Probes::serve`] it, which return
    /// at once from a closed queue ([`Probes::speculate`] opens it too).
    pub fn open(&self) {
        let mut wanted = lock(&self.wanted);
        if !wanted.open {
            *wanted = Wanted::default();
            wanted.open = true;
        }
    }

    /// Ends the speculative phase: serving threads run what is still
    /// queued and return.
    pub fn close(&self) {
        lock(&self.wanted).open = false;
        self.ready.notify_all();
    }

    /// Ends the speculative phase after the real pass: what is still queued
    /// was only wanted by a speculative pass that guessed wrong, and is not
    /// run; serving threads finish the commands they are running and
    /// return.
    pub fn abandon(&self) {
        let mut wanted = lock(&self.wanted);
        wanted.queue.clear();
        wanted.open = false;
        drop(wanted);
        self.ready.notify_all();
    }

    /// After a speculative pass that met commands built from pending
    /// outputs: waits until the commands those outputs stand for have run
    /// (running them first), so that the next pass can build them; the
    /// other probes go on running meanwhile. Waits for every queued command
    /// if a stand-in was altered beyond recognition, or if the pass met no
    /// such command.
    pub fn wait_for_inputs(&self) {
        let mut wanted = lock(&self.wanted);
        let precise = wanted.dependent && !wanted.inputs_unknown;
        if precise {
            // What the next pass waits for runs next.
            let w = &mut *wanted;
            let (first, rest): (VecDeque<_>, VecDeque<_>) =
                w.queue.drain(..).partition(|(i, _)| w.inputs.contains(i));
            w.queue = first;
            w.queue.extend(rest);
        }
        let waiting = |w: &Wanted| match precise {
            true => w.inputs.iter().any(|&i| !w.finished[i]),
            false => w.finished.iter().any(|done| !done),
        };
        while waiting(&wanted) {
            wanted = self
                .progress
                .wait(wanted)
                .unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Whether the speculative pass just ended met a command built from a
    /// pending output. If it did not, the commands it queued are all that
    /// the real pass runs (the same walk, with the same outputs up to each
    /// of them), so the real pass can start at once: it waits for each
    /// command still running when it gets there, and runs those still
    /// queued itself.
    pub fn dependent(&self) -> bool {
        lock(&self.wanted).dependent
    }

    /// Whether a speculative pass is going on.
    pub fn speculating(&self) -> bool {
        self.speculating.load(Ordering::SeqCst)
    }

    /// Whether the speculative pass going on has wanted a command, so that
    /// its result will be thrown away.
    pub fn wanted_any(&self) -> bool {
        self.speculating.load(Ordering::SeqCst) && lock(&self.wanted).any
    }

    /// Runs queued commands until the speculative phase is closed and the
    /// queue is empty; call from as many threads as probes should run at
    /// once. Failures are left for the pass that knows every output to meet
    /// and report in order.
    pub fn serve(&self, env: &KernelEnv) {
        let mut wanted = lock(&self.wanted);
        loop {
            if let Some((i, cmd)) = wanted.queue.pop_front() {
                drop(wanted);
                let key = self.key(&cmd, env);
                let run = || run_shell(&cmd, &self.dir, env);
                let _ = self.lookup_keyed(&cmd, key, Kind::Environment, run);
                self.mark_finished(i);
                wanted = lock(&self.wanted);
            } else if wanted.open {
                wanted = self.ready.wait(wanted).unwrap_or_else(|e| e.into_inner());
            } else {
                return;
            }
        }
    }

    /// Queued command number `i` has run: wakes those waiting for it.
    pub(super) fn mark_finished(&self, i: usize) {
        lock(&self.wanted).finished[i] = true;
        self.progress.notify_all();
    }

    /// Outside a speculative pass, while the queue is open (the last pass
    /// of a cold load, see [`Probes::speculate`]): a command a serving
    /// thread is running is waited for, so that it runs once; one still
    /// queued is taken off the queue and run by the caller (its number is
    /// returned, to be marked finished), since the pass needs it now.
    pub(super) fn claim_or_wait(&self, cmd: &str) -> Option<usize> {
        let mut wanted = lock(&self.wanted);
        let &i = wanted.seen.get(cmd)?;
        if let Some(at) = wanted.queue.iter().position(|&(j, _)| j == i) {
            wanted.queue.remove(at);
            return Some(i);
        }
        while !wanted.finished[i] {
            wanted = self
                .progress
                .wait(wanted)
                .unwrap_or_else(|e| e.into_inner());
        }
        None
    }

    /// A speculative miss: queue `cmd` for the serving threads, unless it
    /// was built from pending outputs: then remember which, for
    /// [`Probes::wait_for_inputs`], and let its own output stand for them.
    pub(super) fn want(&self, cmd: &str) -> String {
        let mut wanted = lock(&self.wanted);
        wanted.any = true;
        if cmd.contains(PENDING) {
            wanted.dependent = true;
            let queued = wanted.finished.len();
            return match pending_inputs(cmd).filter(|v| v.iter().all(|&i| i < queued)) {
                Some(inputs) => {
                    wanted.inputs.extend(&inputs);
                    inputs.into_iter().map(pending).collect()
                }
                None => {
                    wanted.inputs_unknown = true;
                    PENDING.to_owned()
                }
            };
        }
        let i = match wanted.seen.get(cmd) {
            Some(&i) => i,
            None => {
                let i = wanted.finished.len();
                wanted.seen.insert(cmd.to_owned(), i);
                wanted.finished.push(false);
                wanted.queue.push_back((i, cmd.to_owned()));
                self.ready.notify_one();
                i
            }
        };
        pending(i)
    }
}

/// The commands of the speculative passes ([`Probes::speculate`]).
#[derive(Debug, Default)]
pub(super) struct Wanted {
    /// Commands to run, with their number in the order they were queued.
    queue: VecDeque<(usize, String)>,
    /// Every command queued since the phase began, with its number.
    seen: HashMap<String, usize>,
    /// By number: the command has run.
    finished: Vec<bool>,
    /// A command was wanted in this pass (queued or not).
    any: bool,
    /// This pass has met a command built from a pending output.
    dependent: bool,
    /// The commands whose outputs such commands were built from.
    inputs: Vec<usize>,
    /// Such a command had a stand-in output cut or altered: it may have
    /// been built from any of them.
    inputs_unknown: bool,
    /// The phase goes on: serving threads wait for more.
    open: bool,
}
