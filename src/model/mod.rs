//! Syntax tree -> model: symbols, properties and the menu tree, with the
//! dependencies inherited from `if`, `menu` and `depends on` folded into
//! every property (as the kernel's `menu_finalize` does), the originals kept
//! for display, and the reverse dependencies of `select` and `imply`.
//!
//! This is the form that is simple to compute on: symbols are addressed by
//! [`SymbolId`], expressions by [`ExprId`], menu nodes by [`MenuId`], all
//! `u32` indices into arenas owned by [`Model`].

mod checks;
pub mod expr;
mod finalize;
pub mod graph;
pub mod kernel_form;
pub(crate) mod lower;
mod symbol;

pub use expr::{Expr, ExprArena, ExprId};
pub use symbol::{PropKind, Property, Symbol, SymbolType};

use crate::syntax::ast::FileId;

/// Index of a symbol in [`Model::symbols`]. The first three are the constant
/// symbols `n`, `m` and `y`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct SymbolId(pub(crate) u32);

impl SymbolId {
    /// The position of what it names in its table (an index into a `Vec`).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl SymbolId {
    pub const NO: SymbolId = SymbolId(0);
    pub const MOD: SymbolId = SymbolId(1);
    pub const YES: SymbolId = SymbolId(2);
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct PropId(pub(crate) u32);

impl PropId {
    /// The position of what it names in its table (an index into a `Vec`).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct MenuId(pub(crate) u32);

impl MenuId {
    /// The position of what it names in its table (an index into a `Vec`).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl MenuId {
    pub const ROOT: MenuId = MenuId(0);
}

/// A place in the Kconfig tree: file and line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Loc {
    pub file: FileId,
    pub line: u32,
}

/// Which evaluation rules apply. The kernel reworked choices in 6.11 (no
/// more tristate or optional choices; a choice is no longer a symbol with a
/// value; the last member set to `y` in the .config wins), and that changes
/// results on the same input, so both rule sets are modelled.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Semantics {
    /// Linux up to 6.10: choices are symbols (bool or tristate, optional).
    Legacy,
    /// Linux 6.11 and later.
    Modern,
}

impl Semantics {
    /// The rules of the kernel `VERSION.PATCHLEVEL`.
    pub fn for_version(version: u32, patchlevel: u32) -> Semantics {
        if (version, patchlevel) >= (6, 11) {
            Semantics::Modern
        } else {
            Semantics::Legacy
        }
    }
}

/// When conf writes `# end of MENU` (`conf_write`): Linux up to 5.11 only
/// on leaving a menu's last entry, so an empty menu gets none; 5.12 added
/// `end_check`, which also closes a menu without entries.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum MenuEnds {
    /// Linux up to 5.11: after a visible menu that has entries.
    NonEmpty,
    /// Linux 5.12 and later: after every visible menu.
    Every,
}

impl MenuEnds {
    /// The rule of the kernel `VERSION.PATCHLEVEL`.
    pub fn for_version(version: u32, patchlevel: u32) -> MenuEnds {
        if (version, patchlevel) >= (5, 12) {
            MenuEnds::Every
        } else {
            MenuEnds::NonEmpty
        }
    }
}

/// What a menu node is: the statement that created it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MenuKind {
    Root,
    Config,
    MenuConfig,
    Choice,
    Menu,
    Comment,
    If,
}

/// One node of the menu tree, as the kernel's `struct menu`.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct MenuNode {
    pub kind: MenuKind,
    pub sym: Option<SymbolId>,
    /// The prompt property (for `menu` and `comment` nodes too).
    pub prompt: Option<PropId>,
    pub parent: Option<MenuId>,
    pub children: Vec<MenuId>,
    /// `depends on` of this node as written (`&&` of all of them).
    pub dep_written: Option<ExprId>,
    /// Dependencies with the parents' folded in.
    pub dep: Option<ExprId>,
    /// `visible if` of a `menu`.
    pub visibility: Option<ExprId>,
    /// The help text; `None` also when the tree was loaded without help
    /// texts ([`crate::LoadOptions::help`]).
    #[serde(skip)]
    pub help: Option<String>,
    pub loc: Loc,
}

/// A loaded Kconfig tree.
#[derive(Debug)]
pub struct Model {
    pub semantics: Semantics,
    /// The writer's `# end of` rule (set by the loader; `Every` by default).
    pub menu_ends: MenuEnds,
    pub symbols: Vec<Symbol>,
    pub props: Vec<Property>,
    pub menus: Vec<MenuNode>,
    pub exprs: ExprArena,
    /// Named, non-constant symbols, sorted by name (see [`Model::lookup`]):
    /// a twentieth of the memory of a hash map of names.
    by_name: Vec<SymbolId>,
    /// The symbol marked `modules` (`n` when none is, as in the kernel).
    pub modules: SymbolId,
    /// Files in load order; `FileId` indexes this.
    pub files: Vec<String>,
    /// Built when first asked for ([`Model::graph`]): a stored model does
    /// not keep it, and olddefconfig never needs it.
    graph: std::sync::OnceLock<graph::DepGraph>,
    /// Who selects or implies each symbol (built on first use, see
    /// [`Model::selectors`]): explaining a value needs only this of the
    /// graph.
    selectors: std::sync::OnceLock<Selectors>,
    /// Every symbol after all it needs (see [`graph::DepGraph::eval_order`]).
    pub order: Vec<SymbolId>,
}

/// What [`Model::assemble`] makes a model of: the fields of a [`Model`] that
/// are not built on demand.
pub struct Parts {
    pub semantics: Semantics,
    pub symbols: Vec<Symbol>,
    pub props: Vec<Property>,
    pub menus: Vec<MenuNode>,
    pub exprs: ExprArena,
    /// The symbol marked `modules` (`n` when none is).
    pub modules: SymbolId,
    pub files: Vec<String>,
    /// The evaluation order; empty until finalized.
    pub order: Vec<SymbolId>,
    /// The name index of a stored model; `None` builds it.
    pub by_name: Option<Vec<SymbolId>>,
}

impl Model {
    /// A model from its parts: the name index is built here unless given
    /// (a stored model's, see [`Model::name_index`]), the graph when first
    /// asked for.
    pub fn assemble(parts: Parts) -> Model {
        let Parts {
            semantics,
            symbols,
            props,
            menus,
            exprs,
            modules,
            files,
            order,
            by_name,
        } = parts;
        let by_name = by_name.unwrap_or_else(|| name_index(&symbols));
        Model {
            semantics,
            menu_ends: MenuEnds::Every,
            symbols,
            props,
            menus,
            exprs,
            by_name,
            modules,
            files,
            graph: Default::default(),
            selectors: Default::default(),
            order,
        }
    }

    /// Named, non-constant symbols, sorted by name (what
    /// [`Model::lookup`] searches).
    pub fn name_index(&self) -> &[SymbolId] {
        &self.by_name
    }

    /// Every help text, by menu node (what [`Model::strip_help`] takes).
    pub fn help_texts(&self) -> Vec<(MenuId, &str)> {
        let menus = self.menus.iter().enumerate();
        menus
            .filter_map(|(i, m)| Some((MenuId(i as u32), m.help.as_deref()?)))
            .collect()
    }

    /// Frees the help texts (a sixth of a model's memory); only `bump`'s
    /// rename detection reads them.
    pub fn strip_help(&mut self) {
        for m in &mut self.menus {
            m.help = None;
        }
    }

    /// The dependency graph (built on first use).
    pub fn graph(&self) -> &graph::DepGraph {
        self.graph.get_or_init(|| graph::DepGraph::build(self))
    }

    /// The `select` and `imply` properties that name `target`, with the
    /// symbol each belongs to, in the order of the symbols and then of
    /// their properties (the graph's incoming select and imply edges,
    /// without building the graph).
    pub fn selectors(&self, target: SymbolId) -> &[(SymbolId, PropId)] {
        let index = self.selectors.get_or_init(|| Selectors::build(self));
        let i = target.index();
        &index.links[index.start[i] as usize..index.start[i + 1] as usize]
    }

    pub fn sym(&self, id: SymbolId) -> &Symbol {
        &self.symbols[id.index()]
    }

    pub fn prop(&self, id: PropId) -> &Property {
        &self.props[id.index()]
    }

    pub fn menu(&self, id: MenuId) -> &MenuNode {
        &self.menus[id.index()]
    }

    pub fn lookup(&self, name: &str) -> Option<SymbolId> {
        let found = self
            .by_name
            .binary_search_by(|&s| self.sym(s).name.as_deref().cmp(&Some(name)));
        found.ok().map(|i| self.by_name[i])
    }

    /// The name of a symbol, or `<choice>` for a choice.
    pub fn name(&self, id: SymbolId) -> &str {
        self.sym(id).name.as_deref().unwrap_or("<choice>")
    }

    pub fn file_name(&self, file: FileId) -> &str {
        &self.files[file.index()]
    }

    /// Every symbol of the table, constants and choices included.
    pub fn symbol_ids(&self) -> impl Iterator<Item = SymbolId> {
        (0..self.symbols.len() as u32).map(SymbolId)
    }

    /// Symbols that a user can name: defined (with a type), not constant,
    /// not choices.
    pub fn defined_symbols(&self) -> impl Iterator<Item = SymbolId> + '_ {
        (0..self.symbols.len() as u32).map(SymbolId).filter(|&s| {
            let sym = self.sym(s);
            !sym.is_const && sym.name.is_some() && sym.ty != SymbolType::Unknown
        })
    }

    /// The properties of a symbol of one kind, in definition order.
    pub fn props_of(&self, s: SymbolId, kind: PropKind) -> impl Iterator<Item = PropId> + '_ {
        self.sym(s)
            .props
            .iter()
            .copied()
            .filter(move |&p| self.prop(p).kind == kind)
    }

    /// conf's message for a dependency loop.
    pub fn describe_cycle(&self, c: &graph::Cycle) -> String {
        let mut out = String::from("recursive dependency detected!");
        for (i, (s, e)) in c.symbols.iter().zip(&c.edges).enumerate() {
            let next = c.symbols[(i + 1) % c.symbols.len()];
            let (a, b) = (self.name(*s), self.name(next));
            let what = match e.kind {
                graph::EdgeKind::Depends => format!("symbol {a} depends on {b}"),
                graph::EdgeKind::Select => format!("symbol {a} is selected by {b}"),
                graph::EdgeKind::Imply => format!("symbol {a} is implied by {b}"),
                graph::EdgeKind::Default => format!("symbol {a} default value contains {b}"),
                graph::EdgeKind::Range => format!("symbol {a} range contains {b}"),
                graph::EdgeKind::Visibility => {
                    format!("symbol {a} prompt is visible depending on {b}")
                }
            };
            out.push_str(&format!(
                "\n\t{what} ({}:{})",
                self.file_name(e.loc.file),
                e.loc.line
            ));
        }
        out
    }

    /// The symbols of the menu nodes below `menu`, depth first, in file
    /// order (the kernel's `menu_for_each_sub_entry`).
    pub fn subtree_symbols(&self, menu: MenuId) -> Vec<SymbolId> {
        let mut out = Vec::new();
        let mut stack: Vec<MenuId> = self.menu(menu).children.iter().rev().copied().collect();
        while let Some(m) = stack.pop() {
            let node = self.menu(m);
            out.extend(node.sym);
            stack.extend(node.children.iter().rev().copied());
        }
        out
    }

    /// Depth-first walk of the menu tree from the root, in file order.
    pub fn menu_preorder(&self) -> Vec<MenuId> {
        let mut out = Vec::with_capacity(self.menus.len());
        let mut stack = vec![MenuId::ROOT];
        while let Some(m) = stack.pop() {
            out.push(m);
            stack.extend(self.menu(m).children.iter().rev().copied());
        }
        out
    }
}

/// The named, non-constant symbols sorted by name; of two symbols with one
/// name the later wins, as when lowering (a named legacy choice after a
/// config of the same name).
fn name_index(symbols: &[Symbol]) -> Vec<SymbolId> {
    let name = |s: &SymbolId| symbols[s.index()].name.as_deref();
    let mut by_name: Vec<SymbolId> = (0..symbols.len() as u32)
        .map(SymbolId)
        .filter(|&s| !symbols[s.index()].is_const && name(&s).is_some())
        .collect();
    by_name.sort_by(|a, b| name(a).cmp(&name(b)).then(b.cmp(a)));
    by_name.dedup_by(|b, a| name(a) == name(b));
    by_name
}

/// [`Model::selectors`] for every symbol: `links[start[t]..start[t + 1]]`.
#[derive(Debug)]
struct Selectors {
    start: Vec<u32>,
    links: Vec<(SymbolId, PropId)>,
}

impl Selectors {
    fn build(model: &Model) -> Selectors {
        let target = |p: PropId| {
            let prop = model.prop(p);
            if !matches!(prop.kind, PropKind::Select | PropKind::Imply) {
                return None;
            }
            match model.exprs.get(prop.expr?) {
                Expr::Symbol(t) => Some(t),
                _ => None,
            }
        };
        let mut links = Vec::new();
        for (i, sym) in model.symbols.iter().enumerate() {
            let s = SymbolId(i as u32);
            links.extend(sym.props.iter().filter_map(|&p| Some((target(p)?, s, p))));
        }
        // Stable: each target keeps the symbol and property order.
        links.sort_by_key(|&(t, _, _)| t.0);
        let mut start = vec![0u32; model.symbols.len() + 1];
        for &(t, _, _) in &links {
            start[t.index() + 1] += 1;
        }
        for i in 0..model.symbols.len() {
            start[i + 1] += start[i];
        }
        Selectors {
            start,
            links: links.into_iter().map(|(_, s, p)| (s, p)).collect(),
        }
    }
}
