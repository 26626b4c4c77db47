//! `ksolve bump`: what moving a configuration from one kernel tree to
//! another does to the requests of its fragments.
//!
//! Three results, all data (the report layer renders them afterwards):
//!
//! * [`RequestDiff`]: every request evaluated on both trees, with the same
//!   base carried forward as `make olddefconfig` does on an update (or the
//!   new tree's own base), and a [`Verdict`]: held, lost, removed, gained,
//!   held on neither, unknown to both;
//! * [`SymbolDiff`]: for every symbol a fragment names and every symbol in
//!   their dependency cones, how its definition differs (removed with
//!   rename candidates, type, prompt, `depends on`/`select`/`imply`/
//!   `default`/`range` lines, files);
//! * [`Consequence`]: what a named symbol newly selects, implies or depends
//!   on (later kernels made IXGBE select NET_DEVLINK and PLDMFW).
//!
//! Two trees cost two loads; everything here works on the loaded models.

mod diff;
mod lines;
mod objects;
mod rename;
mod requests;

pub use diff::{Change, SymbolDiff};
pub use lines::{Line, LineKind};
pub use rename::{Candidate, Evidence};
pub use requests::{Outcome, Verdict};

use crate::check::Fragment;
use crate::config::{Assignment, ConfigFile};
use crate::eval::Evaluation;
use crate::model::{graph::EdgeKind, Loc, Model, SymbolId, SymbolType};

/// What a bump starts from.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The base config of the old tree, carried forward.
    pub base: &'a ConfigFile,
    /// The new tree's own base config, when it has one (`--to-config`).
    pub new_base: Option<&'a ConfigFile>,
    /// `.config` lines or `scripts/config` invocations, as `check` reads them.
    pub fragments: &'a [Fragment],
    /// The two trees' roots, whose Makefiles tell where a removed
    /// symbol's objects went (`None`: models alone).
    pub trees: Option<(&'a std::path::Path, &'a std::path::Path)>,
}

/// One request on both trees.
#[derive(Clone, Debug)]
pub struct RequestDiff {
    pub request: Assignment,
    pub verdict: Verdict,
    pub old: Outcome,
    pub new: Outcome,
}

/// Something a named symbol newly pulls in on the new tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consequence {
    /// The symbol a fragment names (in the new tree).
    pub sym: SymbolId,
    /// `Select`, `Imply` or `Depends`.
    pub kind: EdgeKind,
    /// The symbol it now selects, implies or depends on (new tree).
    pub target: SymbolId,
    /// Where the new tree says so.
    pub loc: Loc,
    /// The old tree does not define the target at all.
    pub target_is_new: bool,
}

/// The outcome of a bump.
pub struct Bump<'o, 'n> {
    pub requests: Vec<RequestDiff>,
    /// Named symbols first (fragment order), then the cones' (by name);
    /// only symbols that differ.
    pub symbols: Vec<SymbolDiff>,
    /// How many names the comparison covered (named and cones).
    pub compared: usize,
    pub consequences: Vec<Consequence>,
    /// The options the new tree offers that the carried-forward config says
    /// nothing about (`make listnewconfig`'s list), in menu order.
    pub new_options: Vec<crate::config::modes::NewOption>,
    /// The fragments on the old and on the new tree, evaluated.
    pub old: Evaluation<'o>,
    pub new: Evaluation<'n>,
}

impl Bump<'_, '_> {
    /// Whether the bump fails: a request that held is lost, or a request
    /// names a removed symbol.
    pub fn failed(&self) -> bool {
        self.requests.iter().any(|r| r.verdict.is_failure())
    }

    /// Whether a fragment sets `name`.
    pub fn is_named(&self, name: &str) -> bool {
        self.requests.iter().any(|r| r.request.name == name)
    }
}

/// A symbol a config line can set: defined, with a type, and not merely
/// `transitional`.
pub fn known(model: &Model, name: &str) -> Option<SymbolId> {
    model.lookup(name).filter(|&s| {
        let sym = model.sym(s);
        sym.ty != SymbolType::Unknown && !sym.transitional && !sym.is_choice
    })
}

/// Compare `inputs` on `old` and on `new`.
pub fn bump<'o, 'n>(old: &'o Model, new: &'n Model, inputs: Inputs<'_>) -> Bump<'o, 'n> {
    let (old_ev, old_out) = requests::evaluate(old, inputs.base, inputs.fragments);
    let new_base = inputs.new_base.unwrap_or(inputs.base);
    let (mut new_ev, new_out) = requests::evaluate(new, new_base, inputs.fragments);
    let mut new_options = crate::config::modes::new_options(&mut new_ev);
    new_options.retain(|o| new_ev.model.sym(o.sym).name.is_some());
    // Both runs check the same edits, in the same order.
    let requests: Vec<RequestDiff> = old_out
        .into_iter()
        .zip(new_out)
        .map(|((request, old), (_, new))| RequestDiff {
            verdict: Verdict::of(&old, &new),
            request,
            old,
            new,
        })
        .collect();
    let names = compared_names(old, new, &requests);
    let mut renames = rename::NewNames::new(old, new);
    if let Some((o, n)) = inputs.trees {
        renames = renames.with_trees(o, n);
    }
    let symbols = names
        .iter()
        .map(|n| diff::diff_symbol(old, new, n, &renames))
        .filter(|d| !d.changes.is_empty())
        .collect();
    // A symbol that stays off pulls nothing in.
    let on = |r: &&RequestDiff| r.new.value.as_deref().is_some_and(|v| v != "n");
    let consequences = requests
        .iter()
        .filter(on)
        .filter_map(|r| Some((r.old.sym?, r.new.sym?)))
        .flat_map(|(o, n)| consequences(old, o, new, n))
        .collect();
    Bump {
        requests,
        symbols,
        compared: names.len(),
        consequences,
        new_options,
        old: old_ev,
        new: new_ev,
    }
}

/// The named symbols in fragment order, then the names in either tree's
/// dependency cone of them, sorted.
fn compared_names(old: &Model, new: &Model, requests: &[RequestDiff]) -> Vec<String> {
    let mut names: Vec<String> = requests.iter().map(|r| r.request.name.clone()).collect();
    let roots = |m: &Model| -> Vec<SymbolId> { names.iter().filter_map(|n| known(m, n)).collect() };
    let mut cones = diff::cone(old, &roots(old));
    cones.extend(diff::cone(new, &roots(new)));
    cones.sort();
    cones.dedup();
    cones.retain(|c| !names.contains(c));
    names.extend(cones);
    names
}

/// The select, imply and depends edges of `n` whose target the old
/// definition `o` did not have (by name).
fn consequences(old: &Model, o: SymbolId, new: &Model, n: SymbolId) -> Vec<Consequence> {
    let wanted = |k: EdgeKind| matches!(k, EdgeKind::Select | EdgeKind::Imply | EdgeKind::Depends);
    let before: Vec<(EdgeKind, &str)> = old
        .graph()
        .outgoing(o)
        .into_iter()
        .filter(|(_, e)| wanted(e.kind))
        .map(|(t, e)| (e.kind, old.name(t)))
        .collect();
    let mut out: Vec<Consequence> = Vec::new();
    for (t, e) in new.graph().outgoing(n) {
        let defined = !new.sym(t).is_const && new.sym(t).ty != SymbolType::Unknown;
        if !wanted(e.kind) || !defined || before.contains(&(e.kind, new.name(t))) {
            continue;
        }
        if out.iter().any(|c| c.kind == e.kind && c.target == t) {
            continue;
        }
        let target_is_new = known(old, new.name(t)).is_none();
        out.push(Consequence {
            sym: n,
            kind: e.kind,
            target: t,
            loc: e.loc,
            target_is_new,
        });
    }
    out
}
