//! `localmodconfig --builtin`: the seed's recommended configuration in one
//! step. The named modules (and the modules they need) are built in,
//! every other unused module is off.
//!
//! The solver (`crate::solve`) finds the extra lines that make every named
//! module `y` on top of localmodconfig's output (ixgbe needs
//! `PTP_1588_CLOCK=y`, ...). When the requests conflict, a fixed-point loop
//! on the evaluator raises what it can (a request capped at `m` by
//! dependencies that are `m` gets those requested too) and what still does
//! not hold is reported with its blockers.

use super::{streamline, LocalModOptions, StreamlineInput};
use crate::config::{self, Assignment, ConfigFile};
use crate::explain::{blockers, Reason};
use crate::kbuild::{normalize_module_name, resolve_request_name, ModuleMap};
use crate::localmod::KconfigFacts;
use crate::model::{Model, SymbolId};
use crate::Tristate;
use std::sync::Arc;

/// Raising dependencies stops after this many rounds (each round raises at
/// least one symbol; real chains are a handful long).
pub const MAX_ROUNDS: usize = 64;

/// A symbol requested `y`: by name (`ixgbe (IXGBE)`), or raised because
/// another request needed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub sym: SymbolId,
    pub shown: String,
    /// The request that needed it, for raised dependencies.
    pub needed_by: Option<SymbolId>,
}

#[derive(Debug)]
pub struct BuiltinConfig {
    pub text: String,
    pub streamlined: super::Streamlined,
    pub requests: Vec<Request>,
    /// Names that are neither a module of this tree nor a symbol.
    pub unknown: Vec<String>,
    /// Requests that do not hold, with what blocks them.
    pub failed: Vec<(Request, Vec<Reason>)>,
    /// The input of the last `olddefconfig` (the streamlined config and
    /// the requests): evaluated again, it explains `failed`.
    pub merged: Vec<Assignment>,
}

/// localmodconfig with `builtin` (module names or symbols) built in.
pub fn localmodconfig_builtin(
    model: &Model,
    map: &ModuleMap,
    facts: &KconfigFacts,
    opts: &LocalModOptions,
    builtin: &[String],
) -> BuiltinConfig {
    let mut modules = opts.modules.clone();
    modules.extend(builtin.iter().map(|b| normalize_module_name(b)));
    let input = StreamlineInput {
        config_lines: opts.base.split_inclusive('\n').collect(),
        modules,
        keep: opts.keep.clone(),
        objtree: opts.objtree,
    };
    let streamlined = streamline(&input, map, facts);
    let (mut requests, unknown) = resolve_all(map, model, builtin);
    let base = ConfigFile::parse(&streamlined.text, ".config");
    if let Some(added) = solver_lines(model, &base, &requests) {
        requests.extend(added);
        let merged = config::merge([&base, &fragment(model, &requests)]);
        let text = config::olddefconfig(model, &merged).text;
        return BuiltinConfig {
            text,
            streamlined,
            requests,
            unknown,
            failed: Vec::new(),
            merged,
        };
    }
    for _ in 0..MAX_ROUNDS {
        let merged = config::merge([&base, &fragment(model, &requests)]);
        let mut result = config::olddefconfig(model, &merged);
        let raised = raise_capping_modules(&mut result.evaluation, &requests);
        if raised.is_empty() {
            let ev = &mut result.evaluation;
            let mut failed = Vec::new();
            for r in &requests {
                if ev.tristate(r.sym) != Tristate::Yes {
                    failed.push((r.clone(), blockers(ev, r.sym, "y")));
                }
            }
            return BuiltinConfig {
                text: result.text,
                streamlined,
                requests,
                unknown,
                failed,
                merged,
            };
        }
        requests.extend(raised);
    }
    let merged = config::merge([&base, &fragment(model, &requests)]);
    let text = config::olddefconfig(model, &merged).text;
    BuiltinConfig {
        text,
        streamlined,
        requests,
        unknown,
        failed: Vec::new(),
        merged,
    }
}

/// The solver's extra lines for `requests` (all `y`) on `base`, as further
/// requests; `None` when the requests conflict.
fn solver_lines(model: &Model, base: &ConfigFile, requests: &[Request]) -> Option<Vec<Request>> {
    let origin = crate::eval::Origin {
        file: Arc::from("--builtin"),
        line: 0,
    };
    let wanted = requests
        .iter()
        .map(|r| crate::solve::Request {
            sym: r.sym,
            value: "y".into(),
            origin: origin.clone(),
        })
        .collect();
    let sol = crate::solve::solve(model, &base.assignments, wanted).ok()?;
    let first = requests.first().map(|r| r.sym);
    let added = sol
        .lines
        .iter()
        .filter(|l| l.value == Tristate::Yes)
        .map(|l| Request {
            sym: l.sym,
            shown: model.name(l.sym).to_owned(),
            needed_by: first,
        })
        .collect::<Vec<_>>();
    // The fragment below writes every request as `y`; an answer line to
    // lower something (n or m) cannot be expressed there: use the loop.
    (added.len() == sol.lines.len()).then_some(added)
}

/// Module names through the map, else symbol names.
fn resolve_all(map: &ModuleMap, model: &Model, names: &[String]) -> (Vec<Request>, Vec<String>) {
    let mut requests: Vec<Request> = Vec::new();
    let mut unknown = Vec::new();
    for name in names {
        let bare = name.strip_prefix("CONFIG_").unwrap_or(name);
        let found = model
            .lookup(bare)
            .map(|s| (s, bare.to_owned()))
            .or_else(|| resolve_request_name(map, model, name));
        match found {
            Some((sym, shown)) if !requests.iter().any(|r| r.sym == sym) => {
                requests.push(Request {
                    sym,
                    shown,
                    needed_by: None,
                })
            }
            Some(_) => {}
            None => unknown.push(name.clone()),
        }
    }
    (requests, unknown)
}

fn fragment(model: &Model, requests: &[Request]) -> ConfigFile {
    let file: Arc<str> = Arc::from("--builtin");
    let assignments = requests
        .iter()
        .map(|r| Assignment {
            name: model.name(r.sym).to_owned(),
            value: "y".into(),
            not_set: false,
            file: file.clone(),
            line: 0,
        })
        .collect();
    ConfigFile {
        assignments,
        warnings: Vec::new(),
    }
}

/// For each request capped at `m`, the symbols among its capping operands
/// that are `m` and not yet requested.
fn raise_capping_modules(ev: &mut crate::Evaluation<'_>, requests: &[Request]) -> Vec<Request> {
    let mut raised: Vec<Request> = Vec::new();
    for r in requests {
        if ev.tristate(r.sym) == Tristate::Yes {
            continue;
        }
        for b in blockers(ev, r.sym, "y") {
            let Reason::Capped { operands, .. } = b else {
                continue;
            };
            for sym in operands
                .iter()
                .filter(|o| o.value == Tristate::Mod)
                .filter_map(|o| o.sym)
            {
                if !requests.iter().chain(&raised).any(|q| q.sym == sym) {
                    let shown = ev.model.name(sym).to_owned();
                    raised.push(Request {
                        sym,
                        shown,
                        needed_by: Some(r.sym),
                    });
                }
            }
        }
    }
    raised
}
