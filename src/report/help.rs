//! conf's help text of an option, byte for byte: what `make helpnewconfig`
//! prints for each new option (scripts/kconfig/conf.c `print_help`), and
//! what menuconfig shows on `?` — menu.c `menu_get_ext_help` and
//! `get_symbol_str`, with expressions printed as expr.c's
//! `expr_gstr_print` prints them (every typed symbol followed by its value,
//! `[=y]`) and reverse dependencies split by `expr_gstr_print_revdep`.
//!
//! The expressions are the kernel's finalized forms
//! ([`crate::model::kernel_form`]), the values those of the evaluation.

use crate::config::modes::NewOption;
use crate::config::Assignment;
use crate::eval::{Evaluation, Tristate};
use crate::model::kernel_form::{KernelForms, Rules};
use crate::model::{Expr, ExprId, MenuId, Model, PropId, PropKind, SymbolId, SymbolType};

/// menu.c's `nohelp_text`.
const NO_HELP: &str = "There is no help available for this option.";

/// `conf --helpnewconfig` of a config on a tree whose kernel has `rules`.
pub fn helpnewconfig(model: &Model, rules: Rules, assignments: &[Assignment]) -> String {
    // Two independent computations on the same model: replaying
    // menu_finalize, and reading the config.
    let (mut forms, (mut ev, new)) = std::thread::scope(|scope| {
        let forms = scope.spawn(|| KernelForms::build(model, rules));
        let (mut ev, _) = crate::config::modes::read(model, assignments);
        let new = crate::config::modes::new_options(&mut ev);
        let forms = forms
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (forms, (ev, new))
    });
    render_new(&mut ev, &mut forms, &new)
}

/// Each new option's help between `-----` lines, after what finalizing
/// the tree printed.
pub fn render_new(ev: &mut Evaluation<'_>, forms: &mut KernelForms, new: &[NewOption]) -> String {
    let mut out: String = forms.notes.concat();
    for o in new {
        out.push_str("-----\n\n");
        ext_help(ev, forms, o.node, &mut out);
        out.push_str("\n-----\n");
    }
    out
}

/// `menu_get_ext_help`: the help text (or that there is none), then the
/// symbol's description.
pub fn ext_help(ev: &mut Evaluation<'_>, forms: &mut KernelForms, node: MenuId, out: &mut String) {
    let model = ev.model;
    let menu = model.menu(node);
    let text = match (&menu.help, menu.sym) {
        (Some(help), Some(s)) => {
            if let Some(name) = &model.sym(s).name {
                out.push_str(&format!("CONFIG_{name}:\n\n"));
            }
            help.as_str()
        }
        _ => NO_HELP,
    };
    out.push_str(text);
    out.push('\n');
    if let Some(s) = menu.sym {
        Printer { ev, forms, out }.symbol(s);
    }
}

/// Writes one symbol's description into `out`.
struct Printer<'a, 'm> {
    ev: &'a mut Evaluation<'m>,
    forms: &'a mut KernelForms,
    out: &'a mut String,
}

impl Printer<'_, '_> {
    /// `get_symbol_str`.
    fn symbol(&mut self, s: SymbolId) {
        let model = self.ev.model;
        let sym = model.sym(s);
        if let Some(name) = &sym.name {
            let value = self.value(s);
            self.out.push_str(&format!("Symbol: {name} [={value}]\n"));
            self.out
                .push_str(&format!("Type  : {}\n", type_name(sym.ty)));
            if matches!(sym.ty, SymbolType::Int | SymbolType::Hex) {
                self.range(s);
            }
        }
        for &m in &sym.menus {
            if let Some(p) = model.menu(m).prompt {
                self.defined_at(m);
                self.prompt(p);
            }
        }
        for &m in &sym.menus {
            if model.menu(m).prompt.is_none() {
                self.defined_at(m);
                let dep = self.forms.dep[m.index()];
                self.dep_line(dep, "  Depends on: ");
            }
        }
        self.targets(s, PropKind::Select, "Selects: ");
        if let Some(rev) = self.forms.rev_dep[s.index()] {
            self.reverse(rev, "Selected by");
        }
        self.targets(s, PropKind::Imply, "Implies: ");
        if let Some(imp) = self.forms.implied[s.index()] {
            self.reverse(imp, "Implied by");
        }
        self.out.push_str("\n\n");
    }

    /// `sym_get_string_value`.
    fn value(&mut self, s: SymbolId) -> String {
        match s {
            SymbolId::YES | SymbolId::MOD | SymbolId::NO => {
                self.ev.tristate(s).as_str().to_string()
            }
            _ => self.ev.string_value(s),
        }
    }

    /// The kernel's `sym->type`, for which symbols get a value printed.
    fn typed(&self, s: SymbolId) -> bool {
        s.index() < 3 || self.ev.model.sym(s).ty != SymbolType::Unknown
    }

    /// `sym_get_range_prop`: the first range whose condition holds.
    fn range(&mut self, s: SymbolId) {
        let model = self.ev.model;
        for p in model.props_of(s, PropKind::Range) {
            if self.ev.eval_opt(model.prop(p).visible) == Tristate::No {
                continue;
            }
            let Some((low, high)) = model.prop(p).range else {
                continue;
            };
            self.out.push_str("Range : [");
            self.operand(low);
            self.out.push(' ');
            self.operand(high);
            self.out.push_str("]\n");
            return;
        }
    }

    fn defined_at(&mut self, m: MenuId) {
        let model = self.ev.model;
        let loc = model.menu(m).loc;
        let file = model.file_name(loc.file);
        self.out
            .push_str(&format!("Defined at {file}:{}\n", loc.line));
    }

    /// `get_prompt_str` without menuconfig's jump keys.
    fn prompt(&mut self, p: PropId) {
        let model = self.ev.model;
        let prop = model.prop(p);
        let text = prop.text.as_deref().unwrap_or_default();
        self.out.push_str(&format!("  Prompt: {text}\n"));
        let dep = self.forms.dep[prop.menu.index()];
        let visible = self.forms.visible[p.index()];
        self.dep_line(dep, "  Depends on: ");
        if !self.forms.same(model, dep, visible) {
            self.dep_line(visible, "  Visible if: ");
        }
        self.location(prop.menu);
    }

    /// The path from the main menu to the entry (until 6.0: to its
    /// parent), at most its last eight steps.
    fn location(&mut self, entry: MenuId) {
        let model = self.ev.model;
        let up = |m: MenuId| self.forms.parent[m.index()].unwrap_or(MenuId::ROOT);
        let from_parent = self.forms.rules.location_from_parent;
        let mut m = if from_parent { up(entry) } else { entry };
        let mut path = Vec::new();
        while m != MenuId::ROOT && path.len() < 8 {
            path.push(m);
            m = up(m);
        }
        if from_parent && path.is_empty() {
            return;
        }
        self.out.push_str("  Location:\n");
        for (depth, &m) in path.iter().rev().enumerate() {
            let node = model.menu(m);
            let title = match (node.prompt, node.sym) {
                (Some(p), _) => model.prop(p).text.clone().unwrap_or_default(),
                (None, Some(s)) => model.name(s).to_string(),
                (None, None) => "(null)".to_string(),
            };
            let indent = 2 * depth + 4;
            self.out.push_str(&format!("{:indent$}-> {title}", ""));
            if let Some(s) = node.sym {
                let value = self.value(s);
                self.out
                    .push_str(&format!(" ({} [={value}])", model.name(s)));
            }
            self.out.push('\n');
        }
    }

    /// `get_dep_str`: nothing for a condition that is always true.
    fn dep_line(&mut self, e: Option<ExprId>, prefix: &str) {
        let Some(e) = e.filter(|&e| self.forms.exprs.get(e) != Expr::Symbol(SymbolId::YES)) else {
            return;
        };
        self.out.push_str(prefix);
        self.expr(e, Context::None);
        self.out.push('\n');
    }

    /// `get_symbol_props_str`: the symbols a `select` (or `imply`) names,
    /// joined by ` && `.
    fn targets(&mut self, s: SymbolId, kind: PropKind, prefix: &str) {
        let model = self.ev.model;
        let mut hit = false;
        for p in model.props_of(s, kind) {
            self.out.push_str(if hit { " && " } else { prefix });
            hit = true;
            if let Some(e) = model.prop(p).expr {
                self.model_expr(e);
            }
        }
        if hit {
            self.out.push('\n');
        }
    }

    /// `expr_gstr_print_revdep` for `y`, `m` and `n`: each `||` operand of
    /// that value on its own line.
    fn reverse(&mut self, e: ExprId, title: &str) {
        for (v, name) in [
            (Tristate::Yes, "y"),
            (Tristate::Mod, "m"),
            (Tristate::No, "n"),
        ] {
            let mut terms = Vec::new();
            self.forms.exprs.operands(e, false, &mut terms);
            let mut titled = false;
            for t in terms {
                if self.ev.eval_in(&self.forms.exprs, t) != v {
                    continue;
                }
                if !titled {
                    self.out.push_str(&format!("{title} [{name}]:\n"));
                    titled = true;
                }
                self.out.push_str("  - ");
                self.expr(t, Context::None);
                self.out.push('\n');
            }
        }
    }

    /// A symbol as `expr_print_gstr_helper` prints it.
    fn operand(&mut self, s: SymbolId) {
        let Some(name) = &self.ev.model.sym(s).name else {
            self.out.push_str("<choice>");
            return;
        };
        self.out.push_str(name);
        if self.typed(s) {
            let value = self.value(s);
            self.out.push_str(&format!(" [={value}]"));
        }
    }

    /// A select's target, an expression of the model's arena.
    fn model_expr(&mut self, e: ExprId) {
        if let Expr::Symbol(s) = self.ev.model.exprs.get(e) {
            self.operand(s);
        }
    }

    /// `expr_print`: parentheses only where `&&` holds `||` or `!` holds
    /// either.
    fn expr(&mut self, e: ExprId, ctx: Context) {
        let node = self.forms.exprs.get(e);
        let paren = match node {
            Expr::And(..) => ctx == Context::Not,
            Expr::Or(..) => matches!(ctx, Context::Not | Context::And),
            _ => false,
        };
        if paren {
            self.out.push('(');
        }
        match node {
            Expr::Symbol(s) => self.operand(s),
            Expr::Not(x) => {
                self.out.push('!');
                self.expr(x, Context::Not);
            }
            Expr::Cmp(op, a, b) => {
                self.operand(a);
                self.out.push_str(crate::model::expr::cmp_op_text(op));
                self.operand(b);
            }
            Expr::Or(a, b) => {
                self.expr(a, Context::Or);
                self.out.push_str(" || ");
                self.expr(b, Context::Or);
            }
            Expr::And(a, b) => {
                self.expr(a, Context::And);
                self.out.push_str(" && ");
                self.expr(b, Context::And);
            }
        }
        if paren {
            self.out.push(')');
        }
    }
}

/// The operator an expression is printed under (`prevtoken`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    None,
    Or,
    And,
    Not,
}

/// `sym_type_name`: as `name()` but `integer` for int.
fn type_name(ty: SymbolType) -> &'static str {
    match ty {
        SymbolType::Int => "integer",
        other => other.name(),
    }
}
