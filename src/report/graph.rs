//! `ksolve graph`: a symbol's dependency cone from the model's graph, as
//! Graphviz dot or JSON. Nodes carry their value (coloured y/m/n in dot),
//! edges their kind (depends, select, imply, default, ...) and place.
//! The JSON document is `ksolve.graph/1` (docs/schemas/graph.md).

use crate::model::graph::{Edge, EdgeKind};
use crate::model::{Model, SymbolId, SymbolType};
use crate::Evaluation;
use rustc_hash::FxHashSet;
use serde::{Serialize, Serializer};

/// Name and version of the JSON document; the version is bumped on
/// incompatible changes.
pub const SCHEMA: &str = "ksolve.graph/1";

/// Which way to walk from the symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConeOptions {
    pub depth: usize,
    /// Follow edges into the symbol: what depends on it, selects it.
    pub up: bool,
    /// Follow edges out of it: what it depends on, selects, defaults to.
    pub down: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct GraphReport {
    pub schema: &'static str,
    pub root: String,
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GraphNode {
    pub symbol: String,
    #[serde(rename = "type", serialize_with = "type_name")]
    pub ty: SymbolType,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct GraphEdge {
    /// The symbol whose definition has the edge.
    pub from: String,
    /// The symbol it mentions (depends on, selects, ...).
    pub to: String,
    #[serde(serialize_with = "edge_kind_name")]
    pub kind: EdgeKind,
    pub file: String,
    pub line: u32,
}

/// The cone of `s`, breadth first up to `depth` edges away.
pub fn cone(ev: &mut Evaluation<'_>, s: SymbolId, opts: ConeOptions) -> GraphReport {
    let model = ev.model;
    let mut seen: Vec<SymbolId> = vec![s];
    let mut seen_set: FxHashSet<SymbolId> = seen.iter().copied().collect();
    let mut edges: Vec<GraphEdge> = Vec::new();
    let mut edge_set = FxHashSet::default();
    // Each symbol is walked on in the direction it was reached from, so the
    // cone holds what the symbol needs and what needs it, not its siblings.
    let mut level = vec![(s, opts.down, opts.up)];
    for _ in 0..opts.depth {
        let mut next = Vec::new();
        for &(x, down, up) in &level {
            for (from, to, e) in neighbours(model, x, down, up) {
                if !edge_set.insert((from, to, e.kind)) {
                    continue;
                }
                edges.push(graph_edge(model, from, to, &e));
                let (other, went_down) = if from == x { (to, true) } else { (from, false) };
                if seen_set.insert(other) {
                    seen.push(other);
                    next.push((other, went_down, !went_down));
                }
            }
        }
        level = next;
    }
    drop_repeated_conditions(&mut edges);
    let nodes = seen.into_iter().map(|n| graph_node(ev, n)).collect();
    GraphReport {
        schema: SCHEMA,
        root: model.name(s).to_string(),
        nodes,
        edges,
    }
}

/// Edges out of `x` (`down`) and into it (`up`), as (from, to, edge).
fn neighbours(model: &Model, x: SymbolId, down: bool, up: bool) -> Vec<(SymbolId, SymbolId, Edge)> {
    let mut out = Vec::new();
    if down {
        out.extend(
            model
                .graph()
                .outgoing(x)
                .into_iter()
                .map(|(t, e)| (x, t, e)),
        );
    }
    if up {
        out.extend(
            model
                .graph()
                .incoming(x)
                .into_iter()
                .map(|(f, e)| (f, x, e)),
        );
    }
    out
}

fn graph_edge(model: &Model, from: SymbolId, to: SymbolId, e: &Edge) -> GraphEdge {
    GraphEdge {
        from: model.name(from).to_string(),
        to: model.name(to).to_string(),
        kind: e.kind,
        file: model.file_name(e.loc.file).to_string(),
        line: e.loc.line,
    }
}

fn graph_node(ev: &mut Evaluation<'_>, n: SymbolId) -> GraphNode {
    let sym = ev.model.sym(n);
    let value = match sym.ty {
        SymbolType::Unknown => "(undefined)".to_string(),
        _ => ev.string_value(n),
    };
    GraphNode {
        symbol: ev.model.name(n).to_string(),
        ty: sym.ty,
        value,
    }
}

/// A prompt's condition and a default's condition have the symbol's
/// `depends on` folded in: draw those once, as `depends`.
fn drop_repeated_conditions(edges: &mut Vec<GraphEdge>) {
    let depends = EdgeKind::Depends;
    let pairs: FxHashSet<(String, String)> = edges
        .iter()
        .filter(|e| e.kind == depends)
        .map(|e| (e.from.clone(), e.to.clone()))
        .collect();
    edges.retain(|e| e.kind == depends || !pairs.contains(&(e.from.clone(), e.to.clone())));
}

fn fill(n: &GraphNode) -> &'static str {
    match (n.ty.is_logical(), n.value.as_str()) {
        (true, "y") => "#a6e3a1",
        (true, "m") => "#f9e2af",
        (true, _) => "#f2cdcd",
        (false, _) => "#e6e6e6",
    }
}

fn edge_style(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Select => "color=\"#1e66f5\", penwidth=2",
        EdgeKind::Imply => "color=\"#1e66f5\", style=dashed",
        EdgeKind::Default => "color=\"#7c7f93\", style=dotted",
        EdgeKind::Depends => "color=\"#000000\"",
        EdgeKind::Visibility | EdgeKind::Range => "color=\"#9ca0b0\", style=dashed",
    }
}

fn type_name<S: Serializer>(t: &SymbolType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t.name())
}

fn edge_kind_name<S: Serializer>(k: &EdgeKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.name())
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Graphviz dot: nodes coloured by value (y green, m yellow, n red),
/// edges styled by kind and labelled with it.
pub fn dot(g: &GraphReport) -> String {
    let mut out = format!("digraph {} {{\n", quote(&g.root));
    out.push_str(
        "  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"monospace\"];\n",
    );
    out.push_str("  edge [fontname=\"monospace\", fontsize=10];\n");
    for n in &g.nodes {
        let label = format!(
            "{}\\n={}",
            n.symbol,
            if n.value.is_empty() { "\"\"" } else { &n.value }
        );
        let bold = if n.symbol == g.root {
            ", penwidth=3"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {} [label=\"{}\", fillcolor=\"{}\"{bold}];\n",
            quote(&n.symbol),
            label,
            fill(n)
        ));
    }
    for e in &g.edges {
        out.push_str(&format!(
            "  {} -> {} [label=\"{}\", tooltip=\"{}:{}\", {}];\n",
            quote(&e.from),
            quote(&e.to),
            e.kind.name(),
            e.file,
            e.line,
            edge_style(e.kind)
        ));
    }
    out.push_str("}\n");
    out
}
