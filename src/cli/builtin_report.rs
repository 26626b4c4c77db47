//! Rendering the outcome of `localmodconfig --builtin`: what was built in,
//! what had to come along, and what does not hold and why.

use ksolve::explain::Blocker;
use ksolve::kbuild::ModuleMap;
use ksolve::localmod::BuiltinConfig;
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
            eprintln!("  {}", render(model, b));
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

fn render(model: &Model, b: &Blocker) -> String {
    let sym_list = |ops: &[ksolve::explain::Operand]| {
        ops.iter()
            .map(|o| {
                format!(
                    "{}={}",
                    o.sym.map(|s| model.name(s)).unwrap_or("(expression)"),
                    o.value
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match b {
        Blocker::Capped { limit, operands } => {
            format!("capped at {limit} by {}", sym_list(operands))
        }
        Blocker::Invisible { prompts } => {
            let ops: Vec<_> = prompts
                .iter()
                .flat_map(|(_, o)| o.iter().cloned())
                .collect();
            format!("no visible prompt: {}", sym_list(&ops))
        }
        Blocker::Promptless { selectors, .. } => {
            let by: Vec<_> = selectors
                .iter()
                .map(|l| format!("{}={}", model.name(l.sym), l.sym_value))
                .collect();
            format!(
                "no prompt; selected by {}",
                or_none(&by.iter().map(String::as_str).collect::<Vec<_>>())
            )
        }
        other => format!("{other:?}"),
    }
}
