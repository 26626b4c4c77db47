//! Writing a `.config` exactly as conf's `conf_write` does: the header, a
//! comment block for every visible `menu` and `comment`, `# end of` after
//! every visible menu (before 5.12 only one with entries: [`MenuEnds`]),
//! and each symbol marked for writing at its first definition, in menu
//! order.

use crate::eval::{Evaluation, Tristate};
use crate::model::{MenuEnds, MenuId, MenuKind, PropKind, SymbolType};
use std::fmt::Write;

/// Render the configuration. Computes any value not yet computed.
pub fn render(ev: &mut Evaluation<'_>) -> String {
    let model = ev.model;
    let mut out = String::with_capacity(256 * 1024);
    let title = model
        .menu(MenuId::ROOT)
        .prompt
        .and_then(|p| model.prop(p).text.as_deref())
        .unwrap_or("Main menu");
    let _ = write!(
        out,
        "#\n# Automatically generated file; DO NOT EDIT.\n# {title}\n#\n"
    );
    let mut written = vec![false; model.symbols.len()];
    let mut need_newline = false;
    // Depth-first, with an exit marker to emit `# end of`.
    let mut stack: Vec<(MenuId, bool)> = model
        .menu(MenuId::ROOT)
        .children
        .iter()
        .rev()
        .map(|&m| (m, false))
        .collect();
    while let Some((m, exiting)) = stack.pop() {
        let node = model.menu(m);
        if exiting {
            let closes = model.menu_ends == MenuEnds::Every || !node.children.is_empty();
            if node.sym.is_none() && node.kind == MenuKind::Menu && closes && menu_is_visible(ev, m)
            {
                let _ = writeln!(out, "# end of {}", prompt_text(ev, m));
                need_newline = true;
            }
            continue;
        }
        match node.sym {
            None => {
                if menu_is_visible(ev, m) {
                    let _ = write!(out, "\n#\n# {}\n#\n", prompt_text(ev, m));
                    need_newline = false;
                }
            }
            // `transitional` symbols (Linux 6.18) carry an old name's value
            // into a new one and are never written back.
            Some(s)
                if !model.sym(s).is_choice && !model.sym(s).transitional && !written[s.index()] =>
            {
                ev.calc(s);
                if ev.state(s).write {
                    if need_newline {
                        out.push('\n');
                        need_newline = false;
                    }
                    written[s.index()] = true;
                    print_symbol(ev, s, &mut out);
                }
            }
            Some(_) => {}
        }
        stack.push((m, true));
        stack.extend(node.children.iter().rev().map(|&c| (c, false)));
    }
    out
}

fn prompt_text<'a>(ev: &Evaluation<'a>, m: MenuId) -> &'a str {
    let model = ev.model;
    model
        .menu(m)
        .prompt
        .and_then(|p| model.prop(p).text.as_deref())
        .unwrap_or("")
}

/// `menu_is_visible` for a node without a symbol (menu, comment, if).
fn menu_is_visible(ev: &mut Evaluation<'_>, m: MenuId) -> bool {
    let model = ev.model;
    let node = model.menu(m);
    let Some(p) = node.prompt else { return false };
    if let Some(v) = node.visibility {
        if ev.eval(v) == Tristate::No {
            return false;
        }
    }
    debug_assert!(matches!(
        model.prop(p).kind,
        PropKind::Menu | PropKind::Comment
    ));
    ev.eval_opt(model.prop(p).visible) != Tristate::No
}

pub(crate) fn print_symbol(ev: &mut Evaluation<'_>, s: crate::model::SymbolId, out: &mut String) {
    let sym = ev.model.sym(s);
    let name = sym.name.as_deref().unwrap_or("");
    let value = ev.string_value(s);
    match sym.ty {
        SymbolType::Unknown => {}
        SymbolType::Bool | SymbolType::Tristate if value == "n" => {
            let _ = writeln!(out, "# CONFIG_{name} is not set");
        }
        SymbolType::String => {
            let _ = writeln!(out, "CONFIG_{name}={}", escape(&value));
        }
        _ => {
            let _ = writeln!(out, "CONFIG_{name}={value}");
        }
    }
}

/// Quote a string value, escaping `"` and `\`.
pub fn escape(v: &str) -> String {
    let mut s = String::with_capacity(v.len() + 2);
    s.push('"');
    for c in v.chars() {
        if c == '"' || c == '\\' {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
    s
}
