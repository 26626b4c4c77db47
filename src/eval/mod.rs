//! Evaluation: the value of every symbol given user values, exactly as the
//! kernel's `sym_calc_value` computes it.
//!
//! The kernel computes values lazily and caches them per symbol (the
//! `SYMBOL_VALID` flag); a few of its results depend on that (a legacy
//! `conf_read` resets an out-of-range user value after the symbols that
//! depend on it were computed). The evaluator keeps the same per-symbol
//! state and flags so that such results come out identical, and records,
//! for every symbol, what its value came from (user value, which default,
//! selects), which later passes turn into explanations.

mod calc;
mod choice;
mod expr;
mod hash_order;
pub mod modes;
pub mod user;
pub mod value;

pub(crate) use expr::compare_values;
pub use value::Tristate;

use crate::model::{Model, PropId, Semantics, SymbolId, SymbolType};

/// Where a user value came from: a line of a config file or fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: std::sync::Arc<str>,
    pub line: u32,
}

/// The kernel's `struct symbol_value` for the current value.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Current {
    pub tri: Tristate,
    pub val: String,
}

/// Per-symbol state of an evaluation.
#[derive(Clone, Debug, Default)]
pub struct SymState {
    pub valid: bool,
    /// Will be written to .config (`SYMBOL_WRITE`).
    pub write: bool,
    pub has_user: bool,
    pub user_tri: Tristate,
    pub user_val: Option<String>,
    pub user_origin: Option<Origin>,
    /// Legacy choice: the member the user set to `y` last.
    pub user_choice: Option<SymbolId>,
    pub curr: Current,
    /// Legacy choice: the selected member (`curr.val` of a choice).
    pub curr_choice: Option<SymbolId>,
    pub visible: Tristate,
    pub dir_dep: Tristate,
    pub rev_dep: Tristate,
    pub implied: Tristate,
    /// The `default` property that gave the value, if one did.
    pub default_used: Option<PropId>,
}

/// A warning the kernel prints while computing values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalWarning {
    /// `select` forces a symbol above what its `depends on` allows.
    UnmetDependency { sym: SymbolId, dep: Tristate },
}

/// The evaluation of a model under some user values.
#[derive(Clone, Debug)]
pub struct Evaluation<'m> {
    pub model: &'m Model,
    pub(crate) st: Vec<SymState>,
    /// `modules_val`: the value of the `modules` symbol once computed.
    modules_val: Tristate,
    /// Modern choices: member priority, highest first (`choice_members`,
    /// reordered as the .config names members).
    pub(crate) priority: rustc_hash::FxHashMap<crate::model::MenuId, Vec<SymbolId>>,
    pub warnings: Vec<EvalWarning>,
}

impl<'m> Evaluation<'m> {
    pub fn new(model: &'m Model) -> Evaluation<'m> {
        let mut st = vec![SymState::default(); model.symbols.len()];
        for (s, t) in [
            (SymbolId::NO, Tristate::No),
            (SymbolId::MOD, Tristate::Mod),
            (SymbolId::YES, Tristate::Yes),
        ] {
            let state = &mut st[s.index()];
            state.curr = Current {
                tri: t,
                val: t.as_str().to_string(),
            };
            state.valid = true;
        }
        let mut priority = rustc_hash::FxHashMap::default();
        if model.semantics == Semantics::Modern {
            for sym in &model.symbols {
                if sym.is_choice {
                    priority.insert(sym.menus[0], sym.members.clone());
                }
            }
        }
        Evaluation {
            model,
            st,
            modules_val: Tristate::No,
            priority,
            warnings: Vec::new(),
        }
    }

    pub fn state(&self, s: SymbolId) -> &SymState {
        &self.st[s.index()]
    }

    /// Forget every computed value (`sym_clear_all_valid`), keeping user
    /// values, then compute `MODULES` first as the kernel does.
    pub fn invalidate(&mut self) {
        for (i, s) in self.st.iter_mut().enumerate() {
            if i > 2 {
                s.valid = false;
            }
        }
        self.calc(self.model.modules);
    }

    /// Compute every symbol (the kernel's `conf_read` loop), in dependency
    /// order so that recursion stays shallow.
    pub fn calc_all(&mut self) {
        self.calc(self.model.modules);
        for &s in &self.model.order {
            self.calc(s);
        }
    }

    /// The type a symbol has now: a tristate is a bool while modules are
    /// off (`sym_get_type`).
    pub fn effective_type(&self, s: SymbolId) -> SymbolType {
        let ty = self.model.sym(s).ty;
        if ty == SymbolType::Tristate && self.modules_val == Tristate::No {
            SymbolType::Bool
        } else {
            ty
        }
    }

    /// The value of a symbol, computing it if needed.
    pub fn value(&mut self, s: SymbolId) -> &Current {
        self.calc(s);
        &self.st[s.index()].curr
    }

    /// The value as .config writes it (`n`, `m`, `y` or the string).
    pub fn string_value(&mut self, s: SymbolId) -> String {
        self.calc(s);
        let st = &self.st[s.index()];
        if self.model.sym(s).ty.is_logical() {
            st.curr.tri.as_str().to_string()
        } else {
            st.curr.val.clone()
        }
    }

    pub fn tristate(&mut self, s: SymbolId) -> Tristate {
        self.calc(s);
        self.st[s.index()].curr.tri
    }
}
