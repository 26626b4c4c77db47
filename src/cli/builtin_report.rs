//! Rendering the outcome of `localmodconfig --builtin`: what was built in,
//! what had to come along, and what does not hold and why.

use ksolve::kbuild::ModuleMap;
use ksolve::localmod::BuiltinConfig;
use ksolve::report::reason::short;
use ksolve::Model;

/// Print the report to stderr; the exit status (1 when a request fails).
pub fn report(model: &Model, map: &ModuleMap, result: &BuiltinConfig) -> i32 {
    for name in &result.unknown {
        let close = map.closest(name, 3);
        eprintln!(
            "ksolve: --builtin {name}: neither a module of this tree nor a symbol; closest: {}",
            or_none(&close)
        );
    }
    for r in result.requests.iter().filter(|r| r.needed_by.is_some()) {
        let by = r.needed_by.map(|s| model.name(s)).unwrap_or_default();
        eprintln!("ksolve: {}=y as well, so that {by}=y holds without losing features (see `ksolve solve`)", r.shown);
    }
    for (r, blockers) in &result.failed {
        eprintln!("ksolve: {}=y does not hold:", r.shown);
        for b in blockers {
            eprintln!("  {}", short::builtin(model, r.sym, b));
        }
    }
    i32::from(!result.failed.is_empty() || !result.unknown.is_empty())
}

fn or_none(names: &[&str]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}
