//! The checks conf makes once a tree is parsed (Linux 6.11+ wording; the
//! 7.3 tree's `scripts/kconfig/parser.y` `conf_parse`, `menu.c`
//! `_menu_finalize` and `symbol.c` `sym_check_deps`), with conf's messages:
//!
//! * `menu_finalize` warns, once per symbol, of a `config` without a type;
//! * then, for every menu node in order: its symbol's dependencies are
//!   walked for loops (`sym_check_deps`: every loop is reported, each
//!   symbol walked once), a `transitional` symbol may have nothing but a
//!   help text (6.18+), a choice member may have no `default`.
//!
//! Any error makes the tree unusable: conf prints them all, then exits 1.
//! The walk is conf's own, so the loops found and the way each is told are
//! conf's: the stack of symbols being walked, with for each the
//! dependency it was walking (`dir_dep`, `rev_dep`, `implied`, or a
//! property's condition or default value).

use super::{Expr, ExprId, MenuId, Model, PropId, PropKind, SymbolId, SymbolType};

/// What conf prints after parsing: warnings, then errors (each complete
/// lines, without the last newline).
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub warnings: Vec<String>,
    pub errors: Vec<String>,
}

/// Which rules apply: conf's version.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rules {
    /// 6.11+: the dependency walk and choice checks of this file (older
    /// conf words its loops otherwise; those trees keep
    /// [`super::graph::DepGraph::eval_order`]'s report of the first loop).
    pub modern: bool,
    /// 6.18+: `transitional` symbols may have only a help text.
    pub transitional: bool,
}

/// How many symbols deep the loop walk may go (conf's has no bound). A
/// chain of symbols each depending on the next is walked whole; a level
/// takes a few hundred bytes of the walk's own stack, [`WALK_STACK`].
pub(crate) const MAX_WALK_DEPTH: usize = 200_000;
const WALK_STACK: usize = 512 << 20;

/// conf's checks, on a thread of their own with room for the walk (only the
/// pages used are ever touched), or on this one if none can be had.
pub(crate) fn run(model: &Model, rules: Rules) -> Findings {
    std::thread::scope(|scope| {
        let walk = std::thread::Builder::new()
            .stack_size(WALK_STACK)
            .spawn_scoped(scope, || run_here(model, rules));
        match walk {
            Ok(handle) => handle.join().expect("the checks do not panic"),
            Err(_) => run_here(model, rules),
        }
    })
}

fn run_here(model: &Model, rules: Rules) -> Findings {
    let mut out = Findings::default();
    untyped_warnings(
        model,
        MenuId::ROOT,
        &mut vec![false; model.symbols.len()],
        &mut out,
    );
    let mut walk = DepWalk::new(model);
    for m in model.menu_preorder().into_iter().skip(1) {
        let node = model.menu(m);
        if let Some(s) = node.sym.filter(|_| rules.modern) {
            if walk.check(s).is_some() {
                out.errors.push(std::mem::take(&mut walk.report));
            }
            walk.report.clear();
        }
        if rules.transitional {
            out.errors.extend(transitional_sanity(model, m));
        }
        if rules.modern && node.sym.is_some_and(|s| model.sym(s).is_choice) {
            for member in model.subtree_symbols(m) {
                out.errors.extend(choice_member_sanity(model, member));
            }
        }
    }
    out
}

/// `_menu_finalize`: children first, then the node itself.
fn untyped_warnings(model: &Model, m: MenuId, warned: &mut [bool], out: &mut Findings) {
    let node = model.menu(m);
    for &c in &node.children {
        untyped_warnings(model, c, warned, out);
    }
    let Some(s) = node.sym else { return };
    if std::mem::replace(&mut warned[s.index()], true) {
        return;
    }
    if model.sym(s).ty == SymbolType::Unknown && !model.sym(s).is_choice {
        out.warnings.push(format!(
            "{}:{}:warning: config symbol defined without type",
            model.file_name(node.loc.file),
            node.loc.line
        ));
    }
}

fn error_at(model: &Model, loc: super::Loc, message: &str) -> String {
    format!(
        "{}:{}: error: {message}",
        model.file_name(loc.file),
        loc.line
    )
}

/// `transitional_check_sanity`: the first property other than a help text.
fn transitional_sanity(model: &Model, m: MenuId) -> Option<String> {
    let node = model.menu(m);
    let s = node.sym.filter(|&s| model.sym(s).transitional)?;
    const MESSAGE: &str = "transitional symbols can only have help sections";
    // `expr_is_yes`: no condition, or the symbol `y`.
    let is_yes =
        |e: Option<ExprId>| e.map_or(true, |e| model.exprs.get(e) == Expr::Symbol(SymbolId::YES));
    if !is_yes(node.dep) || !is_yes(node.visibility) {
        return Some(error_at(model, node.loc, MESSAGE));
    }
    let p = *model.sym(s).props.first()?;
    Some(error_at(model, model.prop(p).loc, MESSAGE))
}

/// `choice_check_sanity` (a member's prompt in another entry cannot be
/// written in ksolve's model, which keeps each prompt on its own node).
fn choice_member_sanity(model: &Model, member: SymbolId) -> Vec<String> {
    model
        .props_of(member, PropKind::Default)
        .map(|p| {
            error_at(
                model,
                model.prop(p).loc,
                "defaults for choice values not supported",
            )
        })
        .collect()
}

/// Which dependency of a stacked symbol was being walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Walking {
    Visibility,
    DirDep,
    RevDep,
    Implied,
    Default,
}

#[derive(Clone, Copy, Debug)]
struct Frame {
    sym: SymbolId,
    prop: Option<PropId>,
    walking: Walking,
}

/// `sym_check_deps` and its stack (`dep_stack`); `check` and `checked` are
/// conf's `SYMBOL_CHECK` and `SYMBOL_CHECKED`.
struct DepWalk<'a> {
    model: &'a Model,
    stack: Vec<Frame>,
    check: Vec<bool>,
    checked: Vec<bool>,
    report: String,
}

impl<'a> DepWalk<'a> {
    fn new(model: &'a Model) -> Self {
        let n = model.symbols.len();
        DepWalk {
            model,
            stack: Vec::new(),
            check: vec![false; n],
            checked: vec![false; n],
            report: String::new(),
        }
    }

    fn push(&mut self, sym: SymbolId) {
        self.stack.push(Frame {
            sym,
            prop: None,
            walking: Walking::Visibility,
        });
    }

    fn top(&mut self) -> &mut Frame {
        self.stack.last_mut().expect("a symbol being walked")
    }

    /// The symbol a loop was found at, or `None`.
    fn check(&mut self, s: SymbolId) -> Option<SymbolId> {
        let i = s.index();
        if self.stack.len() >= MAX_WALK_DEPTH {
            if self.report.is_empty() {
                let at = self.model.name(s);
                self.report = format!(
                    "error: dependencies nested more than {MAX_WALK_DEPTH} symbols deep (at {at})\n"
                );
            }
            return Some(s);
        }
        if self.check[i] {
            self.print_loop(s);
            return Some(s);
        }
        if self.checked[i] {
            return None;
        }
        let model = self.model;
        if let Some(choice) = model.sym(s).choice_menu.and_then(|c| model.menu(c).sym) {
            // A choice member: the walk starts at its choice.
            self.push(s);
            let found = self.check(choice);
            self.stack.pop();
            found
        } else if model.sym(s).is_choice {
            self.check_choice(s)
        } else {
            (self.check[i], self.checked[i]) = (true, true);
            let found = self.check_sym(s);
            self.check[i] = false;
            found
        }
    }

    /// `sym_check_sym_deps`
    fn check_sym(&mut self, s: SymbolId) -> Option<SymbolId> {
        let model = self.model;
        let sym = model.sym(s);
        self.push(s);
        let mut found = None;
        for (walking, e) in [
            (Walking::DirDep, sym.dir_dep),
            (Walking::RevDep, sym.rev_dep),
            (Walking::Implied, sym.implied),
        ] {
            self.top().walking = walking;
            found = self.check_expr(e);
            if found.is_some() {
                self.stack.pop();
                return found;
            }
        }
        self.top().walking = Walking::Visibility;
        for &p in &sym.props {
            let prop = model.prop(p);
            if matches!(prop.kind, PropKind::Select | PropKind::Imply) {
                continue;
            }
            self.top().prop = Some(p);
            found = self.check_expr(prop.visible);
            if found.is_some() {
                break;
            }
            if prop.kind != PropKind::Default || sym.is_choice {
                continue;
            }
            self.top().walking = Walking::Default;
            found = self.check_expr(prop.expr);
            if found.is_some() {
                break;
            }
            self.top().walking = Walking::Visibility;
        }
        self.stack.pop();
        found
    }

    /// `sym_check_choice_deps`: the choice, then each member, all marked
    /// as being walked.
    fn check_choice(&mut self, choice: SymbolId) -> Option<SymbolId> {
        let model = self.model;
        let menu = model.sym(choice).menus[0];
        let members = model.subtree_symbols(menu);
        self.push(choice);
        for &m in &members {
            (self.check[m.index()], self.checked[m.index()]) = (true, true);
        }
        let c = choice.index();
        (self.check[c], self.checked[c]) = (true, true);
        let mut found = self.check_sym(choice);
        self.check[c] = false;
        if found.is_none() {
            for &m in &members {
                found = self.check_sym(m);
                if found.is_some() {
                    break;
                }
            }
        }
        for &m in &members {
            self.check[m.index()] = false;
        }
        if found.is_some_and(|f| model.sym(f).choice_menu == Some(menu)) {
            found = Some(choice);
        }
        self.stack.pop();
        found
    }

    /// `sym_check_expr_deps`: operands left to right.
    fn check_expr(&mut self, e: Option<ExprId>) -> Option<SymbolId> {
        match self.model.exprs.get(e?) {
            Expr::Symbol(s) => self.check(s),
            Expr::Cmp(_, a, b) => self.check(a).or_else(|| self.check(b)),
            Expr::Not(a) => self.check_expr(Some(a)),
            Expr::And(a, b) | Expr::Or(a, b) => self
                .check_expr(Some(a))
                .or_else(|| self.check_expr(Some(b))),
        }
    }

    /// `sym_check_print_recursive`: the loop from where `last` is on the
    /// stack to the top, one line per symbol.
    fn print_loop(&mut self, last: SymbolId) {
        let model = self.model;
        let mut last = last;
        let member_frame = match model.sym(last).choice_menu.and_then(|c| model.menu(c).sym) {
            Some(choice) => {
                self.push(last);
                last = choice;
                true
            }
            None => false,
        };
        let Some(start) = self.stack.iter().rposition(|f| f.sym == last) else {
            self.report
                .push_str("unexpected recursive dependency error\n");
            return;
        };
        let mut out = String::new();
        for (i, f) in self.stack.iter().enumerate().skip(start) {
            let next = self.stack.get(i + 1).map_or(last, |n| n.sym);
            if f.sym == last {
                out.push_str("error: recursive dependency detected!\n");
            }
            out.push_str(&self.loop_line(f, next));
        }
        out.push_str(
            "For a resolution refer to Documentation/kbuild/kconfig-language.rst\n\
             subsection \"Kconfig recursive dependency limitations\"\n",
        );
        self.report.push_str(&out);
        if member_frame {
            self.stack.pop();
        }
    }

    fn loop_line(&self, f: &Frame, next: SymbolId) -> String {
        let model = self.model;
        let (a, b) = (model.name(f.sym), name_or_null(model, next));
        if model.sym(next).is_choice {
            let at = model.menu(model.sym(next).menus[0]).loc;
            let file = model.file_name(at.file);
            return format!(
                "\tsymbol {a} is part of choice block at {file}:{}\n",
                at.line
            );
        }
        let kind = f
            .prop
            .map_or("unknown", |p| prop_type_name(model.prop(p).kind));
        match f.walking {
            Walking::DirDep => format!("\tsymbol {a} depends on {b}\n"),
            Walking::RevDep => format!("\tsymbol {a} is selected by {b}\n"),
            Walking::Implied => format!("\tsymbol {a} is implied by {b}\n"),
            Walking::Default => format!("\tsymbol {a} {kind} value contains {b}\n"),
            Walking::Visibility => format!("\tsymbol {a} {kind} is visible depending on {b}\n"),
        }
    }
}

/// conf prints a missing name with `%s`: glibc's `(null)`.
fn name_or_null(model: &Model, s: SymbolId) -> &str {
    model.sym(s).name.as_deref().unwrap_or("(null)")
}

/// `prop_get_type_name`
fn prop_type_name(kind: PropKind) -> &'static str {
    match kind {
        PropKind::Prompt => "prompt",
        PropKind::Menu => "menu",
        PropKind::Comment => "comment",
        PropKind::Default => "default",
        PropKind::Select => "select",
        PropKind::Imply => "imply",
        PropKind::Range => "range",
    }
}
