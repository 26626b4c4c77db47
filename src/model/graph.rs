//! The dependency graph of a model (petgraph): one node per symbol, typed
//! edges for `depends on`, `select`, `imply`, `default`, prompt visibility
//! and `range`, each with the file and line it came from.
//!
//! Edges point from the symbol that is defined to the symbol it mentions:
//! `A depends on B` is `A -> B` (Depends), `A selects B` is `A -> B`
//! (Select). A symbol's value *needs* the targets of its outgoing edges,
//! except for `select`/`imply`, where the target needs the source (and the
//! symbols of the select's condition). [`DepGraph::eval_order`] sorts
//! symbols so that every symbol comes after what it needs, which is also
//! how dependency loops are found, as conf's "recursive dependency
//! detected" check finds them.

use super::{Expr, ExprId, Loc, Model, PropId, PropKind, SymbolId};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EdgeKind {
    Depends,
    Select,
    Imply,
    Default,
    Visibility,
    Range,
}

impl EdgeKind {
    pub fn name(self) -> &'static str {
        match self {
            EdgeKind::Depends => "depends",
            EdgeKind::Select => "select",
            EdgeKind::Imply => "imply",
            EdgeKind::Default => "default",
            EdgeKind::Visibility => "visibility",
            EdgeKind::Range => "range",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Edge {
    pub kind: EdgeKind,
    pub loc: Loc,
    /// The property the edge comes from (none for `depends on`).
    pub prop: Option<PropId>,
}

/// A dependency loop, as the chain of symbols and the edge kinds between
/// them (`symbols[i] --kinds[i]--> symbols[i+1]`, the last back to the first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    pub symbols: Vec<SymbolId>,
    pub edges: Vec<Edge>,
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct DepGraph {
    graph: DiGraph<SymbolId, Edge>,
}

fn node(s: SymbolId) -> NodeIndex {
    NodeIndex::new(s.index())
}

impl DepGraph {
    pub fn build(model: &Model) -> DepGraph {
        let mut graph = DiGraph::with_capacity(model.symbols.len(), model.symbols.len() * 4);
        for i in 0..model.symbols.len() {
            graph.add_node(SymbolId(i as u32));
        }
        let mut g = DepGraph { graph };
        for i in 3..model.symbols.len() {
            g.add_symbol_edges(model, SymbolId(i as u32));
        }
        g
    }

    fn add_symbol_edges(&mut self, model: &Model, s: SymbolId) {
        let mut syms = Vec::new();
        for &m in &model.sym(s).menus {
            let node = model.menu(m);
            self.add_expr_edges(
                model,
                s,
                node.dep,
                Edge {
                    kind: EdgeKind::Depends,
                    loc: node.loc,
                    prop: None,
                },
                &mut syms,
            );
        }
        for &p in &model.sym(s).props {
            let prop = model.prop(p);
            let edge = |kind| Edge {
                kind,
                loc: prop.loc,
                prop: Some(p),
            };
            match prop.kind {
                PropKind::Select | PropKind::Imply => {
                    let kind = if prop.kind == PropKind::Select {
                        EdgeKind::Select
                    } else {
                        EdgeKind::Imply
                    };
                    if let Some(Expr::Symbol(t)) = prop.expr.map(|e| model.exprs.get(e)) {
                        self.graph.add_edge(node(s), node(t), edge(kind));
                    }
                }
                PropKind::Default => {
                    self.add_expr_edges(model, s, prop.visible, edge(EdgeKind::Default), &mut syms);
                    self.add_expr_edges(model, s, prop.expr, edge(EdgeKind::Default), &mut syms);
                }
                PropKind::Range => {
                    self.add_expr_edges(model, s, prop.visible, edge(EdgeKind::Range), &mut syms);
                    if let Some((lo, hi)) = prop.range {
                        for b in [lo, hi] {
                            self.graph.add_edge(node(s), node(b), edge(EdgeKind::Range));
                        }
                    }
                }
                PropKind::Prompt | PropKind::Menu | PropKind::Comment => self.add_expr_edges(
                    model,
                    s,
                    prop.visible,
                    edge(EdgeKind::Visibility),
                    &mut syms,
                ),
            }
        }
    }

    fn add_expr_edges(
        &mut self,
        model: &Model,
        s: SymbolId,
        e: Option<ExprId>,
        edge: Edge,
        buf: &mut Vec<SymbolId>,
    ) {
        let Some(e) = e else { return };
        buf.clear();
        model.exprs.symbols(e, buf);
        for &t in buf.iter().filter(|t| t.0 > 2) {
            self.graph.add_edge(node(s), node(t), edge);
        }
    }

    /// Edges out of `s` (what `s` mentions), in insertion order.
    /// How many edges the graph has.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    pub fn outgoing(&self, s: SymbolId) -> Vec<(SymbolId, Edge)> {
        let mut v: Vec<_> = self
            .graph
            .edges_directed(node(s), Direction::Outgoing)
            .map(|e| (self.graph[e.target()], *e.weight()))
            .collect();
        v.reverse();
        v
    }

    /// Edges into `s` (who mentions `s`), in insertion order.
    pub fn incoming(&self, s: SymbolId) -> Vec<(SymbolId, Edge)> {
        let mut v: Vec<_> = self
            .graph
            .edges_directed(node(s), Direction::Incoming)
            .map(|e| (self.graph[e.source()], *e.weight()))
            .collect();
        v.reverse();
        v
    }

    /// What the value of `s` needs computed first.
    pub fn needs(&self, model: &Model, s: SymbolId) -> Vec<(SymbolId, Edge)> {
        let mut out = Vec::new();
        self.needs_into(model, s, &mut out, &mut Scratch::default());
        out
    }

    /// [`DepGraph::needs`] into `out` (cleared first), reusing `scratch`:
    /// `eval_order` asks this of every symbol, and allocating three vectors
    /// each time was a tenth of a warm run's instructions.
    fn needs_into(
        &self,
        model: &Model,
        s: SymbolId,
        out: &mut Vec<(SymbolId, Edge)>,
        scratch: &mut Scratch,
    ) {
        let select = |e: &Edge| matches!(e.kind, EdgeKind::Select | EdgeKind::Imply);
        out.clear();
        // petgraph lists the newest edge first: reversed, insertion order.
        let outgoing = self.graph.edges_directed(node(s), Direction::Outgoing);
        out.extend(
            outgoing
                .filter(|e| !select(e.weight()))
                .map(|e| (self.graph[e.target()], *e.weight())),
        );
        out.reverse();
        scratch.selectors.clear();
        let incoming = self.graph.edges_directed(node(s), Direction::Incoming);
        scratch.selectors.extend(
            incoming
                .filter(|e| select(e.weight()))
                .map(|e| (self.graph[e.source()], *e.weight())),
        );
        for &(selector, e) in scratch.selectors.iter().rev() {
            out.push((selector, e));
            scratch.symbols.clear();
            if let Some(v) = e.prop.and_then(|p| model.prop(p).visible) {
                model.exprs.symbols(v, &mut scratch.symbols);
            }
            out.extend(scratch.symbols.iter().filter(|c| c.0 > 2).map(|&c| (c, e)));
        }
    }

    /// Every symbol, each after all it needs; or a dependency loop. The
    /// members of a choice are one unit with their choice, as in conf.
    pub fn eval_order(&self, model: &Model) -> Result<Vec<SymbolId>, Cycle> {
        let unit = |s: SymbolId| -> SymbolId {
            match model.sym(s).choice_block.or(model.sym(s).choice_menu) {
                Some(m) => model.menu(m).sym.unwrap_or(s),
                None => s,
            }
        };
        let n = model.symbols.len();
        let mut needs: DiGraph<SymbolId, Edge> = DiGraph::with_capacity(n, n * 4);
        for i in 0..n {
            needs.add_node(SymbolId(i as u32));
        }
        // Units that stand for other symbols too (choices): their edges
        // come from several symbols, so pairs are remembered in a set. A
        // symbol that is only its own unit has all its edges found while
        // it is visited, and `last` (the symbol that last added an edge to
        // each target) is enough.
        let mut shared = vec![false; n];
        for i in 3..n {
            let u = unit(SymbolId(i as u32));
            if u.index() != i {
                shared[u.index()] = true;
            }
        }
        let mut last = vec![u32::MAX; n];
        // One edge per pair, the first found: `depends on` before the
        // conditions that repeat it, as conf names a loop.
        let mut seen = rustc_hash::FxHashSet::default();
        let (mut edges, mut scratch) = (Vec::new(), Scratch::default());
        for i in 3..n {
            let s = SymbolId(i as u32);
            self.needs_into(model, s, &mut edges, &mut scratch);
            for &(t, e) in &edges {
                let (us, ut) = (unit(s), unit(t));
                // A choice and its members are computed together: the
                // choice's default naming a member (or, legacy, a member
                // bounded by its choice) is no loop. Two members of one
                // choice depending on each other is, as in conf.
                if us == ut && (model.sym(s).is_choice || model.sym(t).is_choice) {
                    continue;
                }
                let first = if us == s && !shared[s.index()] {
                    std::mem::replace(&mut last[ut.index()], s.0) != s.0
                } else {
                    seen.insert((us, ut))
                };
                if first {
                    needs.add_edge(node(us), node(ut), e);
                }
            }
        }
        match petgraph::algo::toposort(&needs, None) {
            Ok(order) => Ok(order.into_iter().rev().map(|i| needs[i]).collect()),
            Err(cycle) => Err(find_cycle(&needs, cycle.node_id())),
        }
    }
}

/// Buffers [`DepGraph::needs_into`] reuses.
#[derive(Default)]
struct Scratch {
    selectors: Vec<(SymbolId, Edge)>,
    symbols: Vec<SymbolId>,
}

/// A shortest loop through `start` in the "needs" graph.
fn find_cycle(g: &DiGraph<SymbolId, Edge>, start: NodeIndex) -> Cycle {
    use std::collections::VecDeque;
    let mut prev: Vec<Option<(NodeIndex, Edge)>> = vec![None; g.node_count()];
    let mut queue = VecDeque::from([start]);
    let mut end = None;
    'search: while let Some(u) = queue.pop_front() {
        for e in g.edges_directed(u, Direction::Outgoing) {
            let v = e.target();
            if v == start {
                end = Some((u, *e.weight()));
                break 'search;
            }
            if prev[v.index()].is_none() {
                prev[v.index()] = Some((u, *e.weight()));
                queue.push_back(v);
            }
        }
    }
    let mut symbols = Vec::new();
    let mut edges = Vec::new();
    if let Some((mut u, e)) = end {
        symbols.push(g[u]);
        edges.push(e);
        while u != start {
            let (p, e) = prev[u.index()].expect("path back to start");
            symbols.push(g[p]);
            edges.push(e);
            u = p;
        }
    }
    symbols.reverse();
    edges.reverse();
    Cycle { symbols, edges }
}
