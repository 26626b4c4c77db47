//! `ksolve minimize` output: the fragment in `.config` order with each
//! line's menu as a comment, what each line brings with it (`--explain`),
//! the target values no line can produce with their blockers, and the same
//! as JSON (`ksolve.minimize/1`, docs/schemas/minimize.md).

use super::text::{Paint, Style};
use super::why::{why_not, WhyReport};
use crate::config::{Assignment, ConfigFile};
use crate::explain::Limits;
use crate::minimize::{brings_along, Change, Minimized, Outcome, Via};
use crate::model::{MenuId, MenuKind, Model, SymbolId};
use serde::{Serialize, Serializer};

/// Name and version of the JSON document; the version is bumped on
/// incompatible changes.
pub const SCHEMA: &str = "ksolve.minimize/1";

#[derive(Clone, Debug, Serialize)]
pub struct MinimizeReport {
    pub schema: &'static str,
    /// olddefconfig of BASE plus the fragment equals TARGET's, apart from
    /// the header.
    pub verified: bool,
    pub summary: Summary,
    pub lines: Vec<FragmentLine>,
    pub unreachable: Vec<UnreachableLine>,
    /// Lines of the `--keep` fragment the answer does without.
    pub dropped: Vec<String>,
    /// Symbols whose line still differs from the target's (empty when
    /// verified).
    pub differing: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub lines: usize,
    pub kept: usize,
    pub unreachable: usize,
    pub dropped: usize,
    /// 0 verified, 1 the target cannot be reached.
    pub exit: i32,
}

#[derive(Clone, Debug, Serialize)]
pub struct FragmentLine {
    pub symbol: String,
    /// The line as written to the fragment.
    pub line: String,
    /// The menus the symbol sits in, outermost first.
    pub menu: Vec<String>,
    pub kept: bool,
    /// With `--explain`: the symbols this line changes besides its own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub brings: Vec<Brought>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Brought {
    pub symbol: String,
    /// The value without the line (`null`: not written).
    pub without: Option<String>,
    pub with: Option<String>,
    /// `select`, `imply`, `default` or `depends`.
    #[serde(serialize_with = "via_name")]
    pub via: Via,
}

fn via_name<S: Serializer>(v: &Via, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.name())
}

impl Via {
    /// As the JSON and the `--explain` comments spell it.
    pub fn name(self) -> &'static str {
        match self {
            Via::Select => "select",
            Via::Imply => "imply",
            Via::Default => "default",
            Via::Dependency => "depends",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct UnreachableLine {
    pub symbol: String,
    pub wanted: Option<String>,
    /// Why no line gives it, as `ksolve why SYMBOL=VALUE` says.
    pub why: WhyReport,
}

/// Build the report; with `explain`, evaluate once per line to find what
/// it brings with it.
pub fn build(
    model: &Model,
    base: &ConfigFile,
    m: &mut Minimized<'_>,
    explain: bool,
) -> MinimizeReport {
    let mut lines: Vec<FragmentLine> = m
        .lines
        .iter()
        .map(|l| FragmentLine {
            symbol: model.name(l.sym).to_string(),
            line: line_text(&l.assignment),
            menu: menu_path(model, l.sym),
            kept: l.kept,
            brings: Vec::new(),
        })
        .collect();
    if explain {
        for (i, line) in lines.iter_mut().enumerate() {
            line.brings = brings_along(model, base, m, i)
                .iter()
                .map(|c| brought(model, c))
                .collect();
        }
    }
    let unreachable = unreachable(model, m);
    let summary = Summary {
        lines: lines.len(),
        kept: m.lines.iter().filter(|l| l.kept).count(),
        unreachable: unreachable.len(),
        dropped: m.dropped.len(),
        exit: if m.verified { 0 } else { 1 },
    };
    MinimizeReport {
        schema: SCHEMA,
        verified: m.verified,
        summary,
        lines,
        unreachable,
        dropped: m.dropped.iter().map(line_text).collect(),
        differing: m
            .differing
            .iter()
            .map(|&s| model.name(s).to_string())
            .collect(),
    }
}

fn unreachable(model: &Model, m: &mut Minimized<'_>) -> Vec<UnreachableLine> {
    let ev = &mut m.result.evaluation;
    m.unreachable
        .iter()
        .map(|u| {
            let wanted = shown(&u.wanted);
            let requested = u.wanted.value.clone();
            UnreachableLine {
                symbol: model.name(u.sym).to_string(),
                wanted,
                why: why_not(ev, u.sym, &requested, Limits::default()),
            }
        })
        .collect()
}

fn brought(model: &Model, c: &Change) -> Brought {
    Brought {
        symbol: model.name(c.sym).to_string(),
        without: shown(&c.without),
        with: shown(&c.with),
        via: c.via,
    }
}

fn shown(o: &Outcome) -> Option<String> {
    o.written.then(|| o.value.clone())
}

/// A fragment line as `.config` spells it.
pub fn line_text(a: &Assignment) -> String {
    if a.not_set {
        format!("# CONFIG_{} is not set", a.name)
    } else {
        format!("CONFIG_{}={}", a.name, a.value)
    }
}

/// The prompts of the menus and choices above the symbol's first entry,
/// outermost first (menuconfig's "Location:"). An `if SYMBOL` block shows
/// as SYMBOL's prompt: menuconfig nests it under that entry
/// (`menu_finalize`), as `if NETDEVICES` under "Network device support".
fn menu_path(model: &Model, s: SymbolId) -> Vec<String> {
    let mut out = Vec::new();
    let Some(&first) = model.sym(s).menus.first() else {
        return out;
    };
    let mut at: Option<MenuId> = model.menu(first).parent;
    while let Some(m) = at {
        let node = model.menu(m);
        let prompt = match node.kind {
            MenuKind::Root => None,
            MenuKind::If => if_symbol_prompt(model, node.dep_written),
            _ => node.prompt.and_then(|p| model.prop(p).text.as_deref()),
        };
        out.extend(prompt.map(str::to_string));
        at = node.parent;
    }
    out.reverse();
    out
}

/// The prompt of SYMBOL in `if SYMBOL`, when SYMBOL has one (`menuconfig
/// NETDEVICES`, `config NET_VENDOR_INTEL`).
fn if_symbol_prompt(model: &Model, dep: Option<crate::model::ExprId>) -> Option<&str> {
    let crate::model::Expr::Symbol(s) = model.exprs.get(dep?) else {
        return None;
    };
    model.sym(s).menus.iter().find_map(|&m| {
        let node = model.menu(m);
        let entry = matches!(node.kind, MenuKind::Config | MenuKind::MenuConfig);
        entry
            .then_some(node.prompt)
            .flatten()
            .and_then(|p| model.prop(p).text.as_deref())
    })
}

/// The fragment, with a `# MENU > SUBMENU` comment wherever the menu
/// changes, and with `--explain` what each line brings (comment lines conf
/// ignores, so the text is a fragment as it stands).
pub fn fragment(r: &MinimizeReport) -> String {
    let mut out = String::new();
    let mut menu: Option<&[String]> = None;
    for l in &r.lines {
        if menu != Some(&l.menu[..]) {
            if !out.is_empty() {
                out.push('\n');
            }
            let path = if l.menu.is_empty() {
                "(top level)".to_string()
            } else {
                l.menu.join(" > ")
            };
            out.push_str(&format!("# {path}\n"));
            menu = Some(&l.menu);
        }
        out.push_str(&l.line);
        out.push('\n');
        for b in &l.brings {
            out.push_str(&format!(
                "#   brings {}: {} -> {} ({})\n",
                b.symbol,
                b.without.as_deref().unwrap_or("unset"),
                b.with.as_deref().unwrap_or("unset"),
                b.via.name()
            ));
        }
    }
    out
}

/// The fragment's lines alone, without comments (`--format fragment`).
pub fn lines(r: &MinimizeReport) -> String {
    r.lines.iter().map(|l| format!("{}\n", l.line)).collect()
}

/// What goes to standard error beside the fragment: the summary, the
/// unreachable values with their reasons, the dropped `--keep` lines.
pub fn notes(r: &MinimizeReport, style: &Style) -> String {
    let mut out = String::new();
    for u in &r.unreachable {
        out.push_str(&format!(
            "{}: no fragment line gives {}={}\n",
            style.paint(Paint::Red, "unreachable"),
            u.symbol,
            u.wanted.as_deref().unwrap_or("(unset)")
        ));
        out.push_str(&super::why::text(&u.why, style));
    }
    for d in &r.dropped {
        out.push_str(&format!("dropped (the target does not need it): {d}\n"));
    }
    if !r.verified && !r.differing.is_empty() {
        out.push_str(&format!(
            "{}: the result still differs from the target in {}\n",
            style.paint(Paint::Yellow, "not verified"),
            r.differing.join(", ")
        ));
    }
    let verdict = if r.verified {
        "olddefconfig of the base plus this fragment gives the target"
    } else {
        "the target cannot be reached"
    };
    out.push_str(&format!(
        "{} lines ({} kept, {} dropped, {} unreachable): {verdict}\n",
        r.summary.lines, r.summary.kept, r.summary.dropped, r.summary.unreachable
    ));
    out
}
