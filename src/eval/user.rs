//! User values: applying the assignments of a .config to an evaluation, as
//! conf's `conf_read_simple` / `conf_set_sym_val` do, including their
//! choice bookkeeping, and the legacy `conf_read` range reset.

use super::value::{strtoll, Tristate};
use super::{Evaluation, Origin};
use crate::config::Assignment;
use crate::model::{PropKind, Semantics, SymbolId, SymbolType};

/// Something conf says about an assignment it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserWarning {
    /// No such symbol in this tree.
    Unknown {
        name: String,
        file: std::sync::Arc<str>,
        line: u32,
    },
    /// The value is not valid for the symbol's type.
    Invalid {
        sym: SymbolId,
        value: String,
        file: std::sync::Arc<str>,
        line: u32,
    },
    /// A second assignment to the same symbol.
    Override {
        sym: SymbolId,
        file: std::sync::Arc<str>,
        line: u32,
    },
}

impl Evaluation<'_> {
    /// Apply assignments in order; later ones win. Returns conf's warnings.
    pub fn apply_user(&mut self, assignments: &[Assignment]) -> Vec<UserWarning> {
        let mut warnings = Vec::new();
        if self.model.semantics == Semantics::Legacy {
            // Legacy conf marks every choice as having a user value, then
            // ORs its members' values into it.
            for i in 0..self.model.symbols.len() {
                if self.model.symbols[i].is_choice {
                    let st = &mut self.st[i];
                    (st.has_user, st.user_tri, st.user_choice) = (true, Tristate::No, None);
                }
            }
        }
        for a in assignments {
            let Some(s) = self.model.lookup(&a.name) else {
                warnings.push(UserWarning::Unknown {
                    name: a.name.clone(),
                    file: a.file.clone(),
                    line: a.line,
                });
                continue;
            };
            if self.st[s.index()].has_user {
                warnings.push(UserWarning::Override {
                    sym: s,
                    file: a.file.clone(),
                    line: a.line,
                });
            }
            if !self.set_user_value(s, a) {
                warnings.push(UserWarning::Invalid {
                    sym: s,
                    value: a.value.clone(),
                    file: a.file.clone(),
                    line: a.line,
                });
                continue;
            }
            self.choice_bookkeeping(s);
        }
        for s in &mut self.st[3..] {
            s.valid = false;
        }
        warnings
    }

    /// `conf_set_sym_val`; false when conf rejects the value.
    pub(crate) fn set_user_value(&mut self, s: SymbolId, a: &Assignment) -> bool {
        let ty = self.model.sym(s).ty;
        let origin = Some(Origin {
            file: a.file.clone(),
            line: a.line,
        });
        let st = &mut self.st[s.index()];
        match ty {
            SymbolType::Bool | SymbolType::Tristate => {
                let Some(tri) = read_tristate(ty, &a.value) else {
                    return false;
                };
                (st.user_tri, st.has_user, st.user_origin) = (tri, true, origin);
                true
            }
            SymbolType::String => {
                // conf ignores a value without an opening quote, and rejects
                // one without a closing quote.
                if !a.value.starts_with('"') {
                    return true;
                }
                let (text, closed) = crate::config::unquote(&a.value);
                if !closed {
                    return false;
                }
                (st.user_val, st.has_user, st.user_origin) = (Some(text), true, origin);
                true
            }
            SymbolType::Int | SymbolType::Hex => {
                if !string_valid(ty, &a.value) {
                    return false;
                }
                (st.user_val, st.has_user, st.user_origin) = (Some(a.value.clone()), true, origin);
                true
            }
            SymbolType::Unknown => true,
        }
    }

    pub(crate) fn choice_bookkeeping(&mut self, s: SymbolId) {
        match self.model.semantics {
            // The member named last gets the highest priority.
            Semantics::Modern => {
                let Some(choice) = self.model.sym(s).choice_menu else {
                    return;
                };
                for list in self.priority.values_mut() {
                    list.retain(|&m| m != s);
                }
                self.priority.entry(choice).or_default().insert(0, s);
            }
            Semantics::Legacy => {
                let Some(block) = self.model.sym(s).choice_block else {
                    return;
                };
                let Some(cs) = self.model.menu(block).sym else {
                    return;
                };
                let tri = self.st[s.index()].user_tri;
                let cst = &mut self.st[cs.index()];
                match tri {
                    Tristate::Mod if cst.user_tri == Tristate::Yes => cst.has_user = false,
                    Tristate::Yes => cst.user_choice = Some(s),
                    _ => {}
                }
                cst.user_tri = cst.user_tri.or(tri);
            }
        }
    }

    /// Legacy `conf_read`, second pass: a user value of an int or hex symbol
    /// outside its range is dropped, and only that symbol is recomputed —
    /// the symbols computed from it keep what they saw.
    pub fn legacy_reset_out_of_range(&mut self) {
        if self.model.semantics != Semantics::Legacy {
            return;
        }
        for i in 3..self.model.symbols.len() {
            let s = SymbolId(i as u32);
            let st = &self.st[i];
            let sym = self.model.sym(s);
            if !st.has_user
                || sym.choice_block.is_some()
                || !matches!(sym.ty, SymbolType::Int | SymbolType::Hex)
            {
                continue;
            }
            let val = st.user_val.clone().unwrap_or_default();
            if !self.within_range(s, &val) {
                let st = &mut self.st[i];
                (st.valid, st.has_user) = (false, false);
            }
        }
    }

    /// `sym_string_within_range` for int and hex.
    fn within_range(&mut self, s: SymbolId, val: &str) -> bool {
        let ty = self.model.sym(s).ty;
        if !string_valid(ty, val) {
            return false;
        }
        let Some((p, _)) = self.first_active(s, PropKind::Range) else {
            return true;
        };
        let base = if ty == SymbolType::Hex { 16 } else { 10 };
        let v = strtoll(val, base);
        let (lo, hi) = self.model.prop(p).range.expect("range has bounds");
        v >= self.range_bound(lo, base) && v <= self.range_bound(hi, base)
    }
}

/// `sym_string_valid` for int and hex values.
/// A bool or tristate value as conf reads it (`conf_set_sym_val`): by its
/// first character, so `yes` is `y` and `mod` is `m`; `m` only for a
/// tristate. Every reader of a requested value uses this one rule.
pub fn read_tristate(ty: SymbolType, value: &str) -> Option<Tristate> {
    match value.as_bytes().first() {
        Some(b'm') if ty == SymbolType::Tristate => Some(Tristate::Mod),
        Some(b'y') => Some(Tristate::Yes),
        Some(b'n') => Some(Tristate::No),
        _ => None,
    }
}

pub fn string_valid(ty: SymbolType, s: &str) -> bool {
    let b = s.as_bytes();
    match ty {
        SymbolType::Int => {
            let digits = b.strip_prefix(b"-").unwrap_or(b);
            match digits.split_first() {
                Some((b'0', rest)) => rest.is_empty(),
                Some((first, rest)) => {
                    first.is_ascii_digit() && rest.iter().all(u8::is_ascii_digit)
                }
                None => false,
            }
        }
        SymbolType::Hex => {
            let digits = b
                .strip_prefix(b"0x")
                .or_else(|| b.strip_prefix(b"0X"))
                .unwrap_or(b);
            !digits.is_empty() && digits.iter().all(u8::is_ascii_hexdigit)
        }
        _ => true,
    }
}
