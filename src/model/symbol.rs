//! Symbols and their properties, as the kernel's `struct symbol` and
//! `struct property` hold them after `menu_finalize`.

use super::{ExprId, Loc, MenuId, PropId, SymbolId};

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum SymbolType {
    /// Referenced but never given a type (or a constant).
    Unknown,
    Bool,
    Tristate,
    Int,
    Hex,
    String,
}

impl SymbolType {
    pub fn is_logical(self) -> bool {
        matches!(self, SymbolType::Bool | SymbolType::Tristate)
    }

    pub fn name(self) -> &'static str {
        match self {
            SymbolType::Unknown => "unknown",
            SymbolType::Bool => "bool",
            SymbolType::Tristate => "tristate",
            SymbolType::Int => "int",
            SymbolType::Hex => "hex",
            SymbolType::String => "string",
        }
    }
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Symbol {
    /// `None` for a choice (a named legacy choice keeps its name).
    pub name: Option<String>,
    pub ty: SymbolType,
    /// `y`, `m`, `n` and quoted constants.
    pub is_const: bool,
    pub is_choice: bool,
    /// Legacy `optional` choice.
    pub optional: bool,
    /// Linux 6.18 `transitional`: read from old configs, never written.
    pub transitional: bool,
    /// Never written (`SYMBOL_NO_WRITE`): until 5.17 the symbol marked
    /// `option defconfig_list`.
    pub no_write: bool,
    pub props: Vec<PropId>,
    /// The menu nodes that define this symbol, in definition order.
    pub menus: Vec<MenuId>,
    /// `||` of the dependencies of every definition (kernel `dir_dep`).
    pub dir_dep: Option<ExprId>,
    /// `||` of `SELECTOR && cond` over every `select` of this symbol.
    pub rev_dep: Option<ExprId>,
    /// `||` of `IMPLIER && cond` over every `imply` of this symbol.
    pub implied: Option<ExprId>,
    /// For a choice member: the choice menu whose block defines it.
    pub choice_block: Option<MenuId>,
    /// Modern: the choice this symbol belongs to by the kernel's
    /// `sym_get_choice_menu` rule (first prompt, then up the menu tree).
    pub choice_menu: Option<MenuId>,
    /// For a choice: its members, in definition order.
    pub members: Vec<SymbolId>,
}

impl Symbol {
    pub fn new(name: Option<String>, is_const: bool) -> Symbol {
        Symbol {
            name,
            ty: SymbolType::Unknown,
            is_const,
            is_choice: false,
            optional: false,
            transitional: false,
            no_write: false,
            props: Vec::new(),
            menus: Vec::new(),
            dir_dep: None,
            rev_dep: None,
            implied: None,
            choice_block: None,
            choice_menu: None,
            members: Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PropKind {
    /// A symbol's or choice's prompt.
    Prompt,
    /// The title of a `menu` (and of the root: `mainmenu`).
    Menu,
    /// The text of a `comment`.
    Comment,
    Default,
    Select,
    Imply,
    Range,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Property {
    pub kind: PropKind,
    /// The symbol it belongs to (`None` for menu and comment prompts).
    pub sym: Option<SymbolId>,
    pub menu: MenuId,
    /// Default value, or the selected / implied symbol.
    pub expr: Option<ExprId>,
    /// Bounds of a `range`.
    pub range: Option<(SymbolId, SymbolId)>,
    pub text: Option<String>,
    /// The `if` condition as written.
    pub cond_written: Option<ExprId>,
    /// The condition with the menu's inherited dependencies folded in
    /// (kernel `prop->visible.expr`).
    pub visible: Option<ExprId>,
    pub loc: Loc,
}
