//! Where conf starts when there is no `.config`: the first readable file
//! of the defconfig list (confdata.c `conf_read_simple(NULL, ...)`, which
//! olddefconfig, oldconfig, savedefconfig, listnewconfig and helpnewconfig
//! reach through `conf_read(NULL)`), announced as
//! `# using defaults found in FILE`.
//!
//! The list is the tree's own:
//! - 6.1 and later: `KCONFIG_DEFCONFIG_LIST`, which scripts/kconfig/Makefile
//!   sets (overriding the environment; a make command-line value wins) to
//!   `/lib/modules/$(uname -r)/.config /etc/kernel-config
//!   /boot/config-$(uname -r)` unless `cross_compiling` is defined, then
//!   `arch/$(SRCARCH)/configs/$(KBUILD_DEFCONFIG)`.
//! - up to 5.17: the `default`s of the symbol marked `option
//!   defconfig_list` (init/Kconfig's DEFCONFIG_LIST), those whose condition
//!   is not `n`, in order; their `$(shell,uname -r)` is expanded with the
//!   tree's other macros.
//!
//! A name is opened as given (relative to the object tree, where conf
//! runs), then, when relative, under `$srctree` (lexer.l `zconf_fopen`);
//! the message names it as written in the list.

use crate::eval::{Evaluation, Tristate};
use crate::model::{Expr, Model, PropKind};
use std::path::{Path, PathBuf};

/// What the Makefile's list is made of, from make's variables.
#[derive(Clone, Debug, Default)]
pub struct MakeList {
    /// `KCONFIG_DEFCONFIG_LIST` given on make's command line.
    pub override_list: Option<String>,
    /// `cross_compiling` defined (make's command line or the environment).
    pub cross_compiling: bool,
    /// `$(shell uname -r)`.
    pub kernel_release: String,
    /// `$(SRCARCH)` and `$(KBUILD_DEFCONFIG)`.
    pub srcarch: String,
    pub kbuild_defconfig: String,
}

/// The names conf tries, in order, for a tree whose Kconfig is `model`
/// at `srctree`.
pub fn candidates(model: &Model, srctree: &Path, make: &MakeList) -> Vec<String> {
    match model.defined_symbols().find(|&s| model.sym(s).no_write) {
        Some(sym) => symbol_defaults(model, sym),
        None => makefile_list(srctree, make),
    }
}

/// 6.1+: the Makefile's `KCONFIG_DEFCONFIG_LIST` (none for a tree whose
/// Makefile does not set it, as scripts/kconfig/tests' trees).
fn makefile_list(srctree: &Path, make: &MakeList) -> Vec<String> {
    if !makefile_sets_list(srctree) {
        return Vec::new();
    }
    if let Some(list) = &make.override_list {
        return list.split_whitespace().map(str::to_string).collect();
    }
    let mut out = Vec::new();
    if !make.cross_compiling {
        let r = &make.kernel_release;
        out.push(format!("/lib/modules/{r}/.config"));
        out.push("/etc/kernel-config".to_string());
        out.push(format!("/boot/config-{r}"));
    }
    out.push(format!(
        "arch/{}/configs/{}",
        make.srcarch, make.kbuild_defconfig
    ));
    out
}

/// Whether the tree's scripts/kconfig/Makefile exports the list (6.1+).
fn makefile_sets_list(srctree: &Path) -> bool {
    std::fs::read(srctree.join("scripts/kconfig/Makefile")).is_ok_and(|b| {
        String::from_utf8_lossy(&b)
            .lines()
            .any(|l| l.trim_start().starts_with("export KCONFIG_DEFCONFIG_LIST"))
    })
}

/// 5.10 `for_all_defaults(sym_defconfig_list, prop)`: the constant of each
/// default whose condition is not `n`.
fn symbol_defaults(model: &Model, sym: crate::model::SymbolId) -> Vec<String> {
    let mut ev = Evaluation::new(model);
    let mut out = Vec::new();
    for p in model.props_of(sym, PropKind::Default) {
        let prop = model.prop(p);
        if ev.eval_opt(prop.visible) == Tristate::No {
            continue;
        }
        if let Some(Expr::Symbol(c)) = prop.expr.map(|e| model.exprs.get(e)) {
            // A quoted default is a constant symbol: its value is its name.
            out.push(match model.sym(c).is_const {
                true => model.name(c).to_string(),
                false => ev.string_value(c),
            });
        }
    }
    out
}

/// The first candidate that can be read: (the name as listed, its path).
pub fn find(candidates: &[String], objtree: &Path, srctree: &Path) -> Option<(String, PathBuf)> {
    candidates.iter().find_map(|name| {
        let given = objtree.join(name);
        if given.is_file() {
            return Some((name.clone(), given));
        }
        let under = srctree.join(name);
        (Path::new(name).is_relative() && under.is_file()).then(|| (name.clone(), under))
    })
}

/// conf's message for the file it read.
pub fn message(name: &str) -> String {
    format!("#\n# using defaults found in {name}\n#\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_name_is_read_from_the_object_tree_then_the_source_tree() {
        let dir = tempfile::tempdir().unwrap();
        let (obj, src) = (dir.path().join("obj"), dir.path().join("src"));
        std::fs::create_dir_all(src.join("arch/x86/configs")).unwrap();
        std::fs::create_dir_all(&obj).unwrap();
        std::fs::write(src.join("arch/x86/configs/x86_64_defconfig"), "").unwrap();
        let list = vec![
            "/nonexistent/.config".to_string(),
            "arch/x86/configs/x86_64_defconfig".to_string(),
        ];
        let (name, path) = find(&list, &obj, &src).unwrap();
        assert_eq!(name, "arch/x86/configs/x86_64_defconfig");
        assert_eq!(path, src.join("arch/x86/configs/x86_64_defconfig"));
    }

    #[test]
    fn cross_compiling_skips_the_host_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("scripts/kconfig")).unwrap();
        std::fs::write(
            dir.path().join("scripts/kconfig/Makefile"),
            "export KCONFIG_DEFCONFIG_LIST :=\n",
        )
        .unwrap();
        let make = MakeList {
            cross_compiling: true,
            srcarch: "arm64".into(),
            kbuild_defconfig: "defconfig".into(),
            ..MakeList::default()
        };
        assert_eq!(
            makefile_list(dir.path(), &make),
            ["arch/arm64/configs/defconfig"]
        );
        let host = MakeList {
            cross_compiling: false,
            kernel_release: "6.12.0-1-amd64".into(),
            ..make
        };
        assert_eq!(
            makefile_list(dir.path(), &host),
            [
                "/lib/modules/6.12.0-1-amd64/.config",
                "/etc/kernel-config",
                "/boot/config-6.12.0-1-amd64",
                "arch/arm64/configs/defconfig"
            ]
        );
    }
}
