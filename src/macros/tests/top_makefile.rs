//! Reading the kernel's top Makefile: conditions for an in-tree config
//! build, exports, plain values, `$(shell)` variables. Expected values were
//! checked against `env` run from a recipe of the 5.10, 6.12 and 7.3
//! Makefiles (see kernel_env.rs).

use std::collections::BTreeMap;

use crate::macros::top_makefile::{expand_refs, Context, TopMakefile};

fn parse(text: &str, command_line: &[(&str, &str)]) -> TopMakefile {
    let command_line: BTreeMap<String, String> = command_line
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let environment = BTreeMap::new();
    let ctx = Context {
        abs_tree: "/src/linux",
        command_line: &command_line,
        environment: &environment,
    };
    TopMakefile::parse(text, &ctx)
}

#[test]
fn in_tree_config_build_takes_the_final_invocations_branches() {
    let mk = parse(
        "ifneq ($(sub_make_done),1)\nexport objtree srcroot\nendif\n\
         ifeq ($(need-sub-make),1)\nexport WRONG := 1\nelse # need-sub-make\n\
         srcroot := $(abs_srctree)\n\
         ifdef KBUILD_ABS_SRCTREE\nelse ifeq ($(srcroot),$(CURDIR))\n    srcroot := .\nendif\n\
         ifdef building_out_of_srctree\nexport VPATH := $(srcroot)\nendif\n\
         ifdef config-build\nexport KBUILD_DEFCONFIG\nelse\nexport INSTALL_PATH ?= /boot\nendif\n\
         endif # need-sub-make\n",
        &[],
    );
    assert!(mk.exports("srcroot") && mk.exports("objtree") && mk.exports("KBUILD_DEFCONFIG"));
    assert_eq!(mk.assigned("srcroot"), Some("."));
    for name in ["WRONG", "VPATH", "INSTALL_PATH"] {
        assert!(!mk.exports(name), "{name} is not exported in-tree");
    }
}

#[test]
fn unknown_conditions_take_neither_branch_and_mark_what_they_assign() {
    let mk = parse(
        "quiet = quiet_\nifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)\nquiet=silent_\nendif\n\
         ifeq ($(shell uname),Linux)\nexport A := 1\nelse\nexport B := 1\nendif\nexport quiet\n",
        &[],
    );
    assert!(!mk.exports("A") && !mk.exports("B"));
    assert!(mk.maybe_assigned("quiet"), "depends on make -s");
}

#[test]
fn llvm_branches_follow_the_command_line() {
    let text = "ifneq ($(LLVM),)\nifneq ($(filter %/,$(LLVM)),)\nLLVM_PREFIX := $(LLVM)\n\
        else ifneq ($(filter -%,$(LLVM)),)\nLLVM_SUFFIX := $(LLVM)\nendif\n\
        \tLLVM_LINK = $(LLVM_PREFIX)llvm-link$(LLVM_SUFFIX)\nendif\nexport LLVM_LINK\n";
    let gnu = parse(text, &[]);
    assert_eq!(gnu.assigned("LLVM_LINK"), None);
    assert!(!gnu.maybe_assigned("LLVM_LINK"));
    let clang = parse(text, &[("LLVM", "-19")]);
    assert_eq!(clang.assigned("LLVM_SUFFIX"), Some("$(LLVM)"));
    assert_eq!(clang.assigned("LLVM_PREFIX"), None);
    assert_eq!(
        clang.assigned("LLVM_LINK"),
        Some("$(LLVM_PREFIX)llvm-link$(LLVM_SUFFIX)"),
        "a tab-indented assignment outside a rule is not a recipe"
    );
}

#[test]
fn origin_and_recipes() {
    let text = "ifeq (\"$(origin V)\", \"command line\")\n  KBUILD_VERBOSE = $(V)\nendif\n\
        all: foo\n\tX = recipe\nexport KBUILD_VERBOSE X\n";
    assert_eq!(parse(text, &[]).assigned("KBUILD_VERBOSE"), None);
    let verbose = parse(text, &[("V", "1")]);
    assert_eq!(verbose.assigned("KBUILD_VERBOSE"), Some("$(V)"));
    assert_eq!(verbose.assigned("X"), None, "a recipe line assigns nothing");
}

#[test]
fn continuations_condense_whitespace_and_comments_end_lines() {
    let mk = parse(
        "export RCS_TAR_IGNORE := --exclude SCCS --exclude BitKeeper --exclude .svn \\\n\
         \t\t\t --exclude CVS # a comment\n",
        &[],
    );
    assert_eq!(
        mk.assigned("RCS_TAR_IGNORE"),
        Some("--exclude SCCS --exclude BitKeeper --exclude .svn --exclude CVS")
    );
}

#[test]
fn shell_values_with_and_without_pound_removal() {
    let mk = parse(
        "CC_VERSION_TEXT = $(subst $(pound),,$(shell LC_ALL=C $(CC) --version 2>/dev/null | head -n 1))\n\
         PAHOLE_VERSION = $(shell $(srctree)/scripts/pahole-version.sh $(PAHOLE))\n\
         OLD_TEXT = $(shell $(CC) --version 2>/dev/null | head -n 1)\n",
        &[],
    );
    assert_eq!(
        mk.shell_value("CC_VERSION_TEXT"),
        Some((
            "LC_ALL=C $(CC) --version 2>/dev/null | head -n 1".to_owned(),
            true
        ))
    );
    assert_eq!(
        mk.shell_value("PAHOLE_VERSION"),
        Some((
            "$(srctree)/scripts/pahole-version.sh $(PAHOLE)".to_owned(),
            false
        ))
    );
    assert_eq!(
        mk.shell_value("OLD_TEXT").map(|(_, strip)| strip),
        Some(false)
    );
}

#[test]
fn expansion_evaluates_the_simple_functions_only() {
    let vars = |n: &str| match n {
        "LLVM" => Some("-19".to_owned()),
        "GOALS" => Some("olddefconfig all".to_owned()),
        _ => None,
    };
    assert_eq!(
        expand_refs("$(filter -%,$(LLVM))", &vars),
        Some("-19".into())
    );
    assert_eq!(expand_refs("$(filter %/,$(LLVM))", &vars), Some("".into()));
    assert_eq!(
        expand_refs("$(filter-out all,$(GOALS))", &vars),
        Some("olddefconfig".into())
    );
    assert_eq!(expand_refs("$(words $(GOALS))", &vars), Some("2".into()));
    assert_eq!(
        expand_refs("$(firstword $(GOALS))", &vars),
        Some("olddefconfig".into())
    );
    assert_eq!(expand_refs("$(shell uname)", &vars), None);
    assert_eq!(expand_refs("$(UNKNOWN)", &vars), None);
}
