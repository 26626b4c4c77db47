//! `KCONFIG_WARN_CHANGED_INPUT` (Linux 7.2+, confdata.c `conf_write` and
//! `conf_write_defconfig`): the user values Kconfig did not keep, in the
//! order the writer meets their symbols, each symbol once.

use crate::eval::Evaluation;
use crate::model::SymbolType;

/// conf's warning, each line ending in a newline, or `None` when every
/// user value was kept.
pub fn changed_input(ev: &mut Evaluation) -> Option<String> {
    let model = ev.model;
    let mut seen = vec![false; model.symbols.len()];
    let mut out = String::new();
    for m in model.menu_preorder() {
        let Some(s) = model.menu(m).sym else { continue };
        if model.sym(s).is_choice || std::mem::replace(&mut seen[s.index()], true) {
            continue;
        }
        let now = ev.string_value(s);
        let st = ev.state(s);
        let ty = model.sym(s).ty;
        if !st.has_user || ty == SymbolType::Unknown {
            continue;
        }
        // `sym_get_user_value_string`
        let user = if ty.is_logical() {
            st.user_tri.as_str().to_string()
        } else {
            st.user_val.clone().unwrap_or_default()
        };
        if user == now {
            continue;
        }
        if out.is_empty() {
            out.push_str("warning: user-provided values changed by Kconfig:\n");
        }
        out.push_str(&format!("  CONFIG_{}: {user} -> {now}\n", model.name(s)));
    }
    (!out.is_empty()).then_some(out)
}
