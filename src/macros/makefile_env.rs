//! The part of the kernel environment each tree's top Makefile decides for
//! itself (read through [`TopMakefile`]): the names it exports beyond the
//! toolchain, their plain values, the `$(shell ...)` variables
//! (`CC_VERSION_TEXT`, `RUSTC_VERSION_TEXT` since 6.x, `PAHOLE_VERSION`
//! since 7.0, 5.10's `PAHOLE_FLAGS`), and whether and how `CLANG_FLAGS` is
//! computed.
//!
//! Checked against 5.10, 6.12 and 7.3 on x86_64, gcc and `LLVM=-19`, by
//! running `env` from a recipe of the tree's own Makefile (see
//! kernel_env.rs): every variable exported here has make's value.

use sha2::{Digest, Sha256};

use super::clang_flags::{clang_flags, inline_clang_flags, inline_clang_test, ClangInput};
use super::error::KernelEnvError;
use super::kernel_env::{subarch_from_machine, KernelEnv};
use super::probe::Probes;
use super::top_makefile::{arch_assigns, expand_refs, TopMakefile};

/// `CC_VERSION_TEXT` of a Makefile that does not define it (a Kconfig tree
/// with a minimal Makefile): the 6.x definition.
const DEFAULT_CC_VERSION: &str = "LC_ALL=C $(CC) --version 2>/dev/null | head -n 1";

impl KernelEnv {
    /// Every name the Makefile exports that is not computed elsewhere:
    /// its plain value, or empty (the environment's value) when the
    /// Makefile never assigns it. Names with a computed value, or that
    /// arch/$(SRCARCH)/Makefile assigns, are not modelled and left out.
    pub(super) fn set_makefile_exports(&mut self, makefile: &TopMakefile) {
        for name in makefile.unexported() {
            self.inherited.remove(name);
        }
        let arch = std::fs::read_to_string(
            (self.tree())
                .join("arch")
                .join(self.get("SRCARCH"))
                .join("Makefile"),
        )
        .unwrap_or_default();
        let abs = std::fs::canonicalize(self.tree()).ok();
        for name in makefile.exported() {
            let make_own = matches!(name, "MAKE" | "MAKEFLAGS" | "MFLAGS" | "MAKELEVEL");
            if make_own || self.exported.contains_key(name) || makefile.shell_value(name).is_some()
            {
                continue;
            }
            let value = match makefile.assigned(name) {
                _ if matches!(name, "abs_srctree" | "abs_objtree") => {
                    let Some(abs) = &abs else { continue };
                    abs.display().to_string()
                }
                _ if arch_assigns(&arch, name) => continue,
                _ if makefile.maybe_assigned(name) => continue,
                Some(raw) => match expand_refs(raw, &|n| self.makefile_value(makefile, n)) {
                    Some(v) => v,
                    None => continue,
                },
                None if makefile.maybe_assigned(name) => continue,
                None => self.inherited.get(name).cloned().unwrap_or_default(),
            };
            self.set(name, value);
        }
    }

    /// A variable's value for expanding another's: exported, else the
    /// Makefile's own plain value.
    fn makefile_value(&self, makefile: &TopMakefile, name: &str) -> Option<String> {
        if let Some(v) = self.exported.get(name) {
            return Some(v.clone());
        }
        let raw = makefile.assigned(name)?;
        expand_refs(raw, &|n| {
            (n != name).then(|| self.exported.get(n).cloned()).flatten()
        })
    }

    /// The exported `NAME = $(shell CMD)` variables, run through the probe
    /// cache under the identity of the tool they run (see `toolchain_id`)
    /// and of the tree's scripts they name; live when the tool is unknown.
    pub(super) fn set_version_texts(
        &mut self,
        probes: &Probes,
        makefile: &TopMakefile,
    ) -> Result<(), KernelEnvError> {
        let mut vars: Vec<(String, String, bool)> = makefile
            .exported()
            .filter_map(|name| {
                let (cmd, strip) = makefile.shell_value(name)?;
                Some((name.to_owned(), cmd, strip))
            })
            .collect();
        if !vars.iter().any(|(name, _, _)| name == "CC_VERSION_TEXT") {
            let default = (
                "CC_VERSION_TEXT".to_owned(),
                DEFAULT_CC_VERSION.to_owned(),
                true,
            );
            vars.insert(0, default);
        }
        for (name, cmd, strip) in vars {
            let mut text = self.run_makefile_shell(probes, &cmd)?;
            if strip {
                text = text.replace('#', "");
            }
            self.set(&name, text);
        }
        Ok(())
    }

    /// make's `$(shell CMD)` with `CMD`'s `$(NAME)` references expanded
    /// (an undefined name is empty).
    fn run_makefile_shell(&self, probes: &Probes, cmd: &str) -> Result<String, KernelEnvError> {
        let lookup = |n: &str| Some(self.lookup(n).unwrap_or("").to_owned());
        let expanded = expand_refs(cmd, &lookup).unwrap_or_else(|| cmd.to_owned());
        let tool = referenced_tool(cmd).map(|t| self.get(t)).unwrap_or("");
        let text = match super::toolchain_id::identity(tool, self) {
            Some(id) => {
                let id = format!("{id}{}", self.scripts_identity(&expanded));
                probes.shell_identified(&expanded, self, &id)?
            }
            None => probes.shell_uncached(&expanded, self)?,
        };
        Ok(text)
    }

    /// SHA-256 of each word of `cmd` that names a file of the tree
    /// (`./scripts/pahole-version.sh`): a changed script changes the key.
    fn scripts_identity(&self, cmd: &str) -> String {
        let mut out = String::new();
        for word in cmd.split_whitespace() {
            if let Ok(bytes) = std::fs::read(self.tree().join(word)) {
                out.push_str(&format!("\n{word} {:x}", Sha256::digest(&bytes)));
            }
        }
        out
    }

    /// `CLANG_FLAGS` when the compiler is clang: scripts/Makefile.clang,
    /// included when `CC_VERSION_TEXT` contains "clang" (5.15+), or the
    /// top Makefile's own block behind its `$(CC) --version | grep clang`
    /// test (5.10).
    pub(super) fn set_clang_flags(
        &mut self,
        machine: &str,
        makefile: &str,
        probes: &Probes,
    ) -> Result<(), KernelEnvError> {
        let inline = inline_clang_test(makefile);
        let is_clang = match inline {
            Some(cmd) => !self.run_makefile_shell(probes, cmd)?.is_empty(),
            None => self.get("CC_VERSION_TEXT").contains("clang"),
        };
        if !is_clang {
            // `CLANG_FLAGS :=` in the top Makefile: a value inherited from the
            // environment is replaced (and, coming from there, exported).
            if self.inherited.contains_key("CLANG_FLAGS") {
                self.set("CLANG_FLAGS", "");
            }
            return Ok(());
        }
        let path = self.tree().join("scripts/Makefile.clang");
        let text = std::fs::read_to_string(&path);
        let subarch = subarch_from_machine(machine);
        let input = ClangInput {
            srcarch: self.get("SRCARCH"),
            subarch: &subarch,
            cross_compile: self.get("CROSS_COMPILE"),
            llvm_ias: self.exported.get("LLVM_IAS"),
            path_var: self.inherited.get("PATH").map_or("", |v| v),
        };
        let flags = match (inline, text) {
            (Some(_), _) => {
                let gcc_toolchain = self.inherited.get("GCC_TOOLCHAIN").map(String::as_str);
                inline_clang_flags(&input, gcc_toolchain)
            }
            (None, Ok(text)) => {
                clang_flags(&text, &input).ok_or_else(|| KernelEnvError::NoClangTarget {
                    path: path.clone(),
                    srcarch: input.srcarch.to_owned(),
                })?
            }
            (None, Err(_)) => return Ok(()),
        };
        self.set("CLANG_FLAGS", flags);
        Ok(())
    }
}

/// The first `$(NAME)` in a Makefile command that is not a directory
/// (`srctree`, `objtree`): the tool whose identity keys its result.
fn referenced_tool(cmd: &str) -> Option<&str> {
    cmd.split("$(")
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(name, _)| name))
        .find(|name| !matches!(*name, "srctree" | "objtree" | "srcroot"))
}
