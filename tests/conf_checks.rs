//! conf's checks once a tree is parsed, in conf's words: every dependency
//! loop, inclusion errors, `transitional` sanity, untyped configs, and the
//! warning of `KCONFIG_WARN_CHANGED_INPUT`. Every expected text below is
//! what 7.3's conf printed for the same tree.

use crate::common::{load_fixture, tree_of};
use ksolve::{config, ConfigFile, Semantics};

/// The tree's error as the binary prints it (the trees have no Makefile:
/// the newest rules apply).
fn error_of(files: &[(&str, &[u8])]) -> String {
    let dir = tree_of(files);
    match load_fixture(dir.path(), Semantics::Modern) {
        Ok(_) => panic!("the tree loaded"),
        Err(e) => e.to_string(),
    }
}

const RESOLUTION: &str = "For a resolution refer to Documentation/kbuild/kconfig-language.rst\n\
                          subsection \"Kconfig recursive dependency limitations\"\n";

#[test]
fn every_dependency_loop_is_reported_not_just_the_first() {
    let err = error_of(&[(
        "Kconfig",
        b"config A\n\tbool \"a\"\n\tdefault B\nconfig B\n\tbool \"b\"\n\tdepends on A\n\
          config E\n\tbool \"e\" if E\n",
    )]);
    assert_eq!(
        err,
        format!(
            "error: recursive dependency detected!\n\tsymbol A default value contains B\n\
             \tsymbol B depends on A\n{RESOLUTION}\n\
             error: recursive dependency detected!\n\tsymbol E prompt is visible depending on E\n{RESOLUTION}"
        )
    );
}

#[test]
fn a_select_loop_names_the_selector_and_the_selected() {
    let err = error_of(&[(
        "Kconfig",
        b"config D1\n\tbool \"D1\"\n\tdepends on D2\n\tselect D2\nconfig D2\n\tbool\n",
    )]);
    assert_eq!(
        err,
        format!(
            "error: recursive dependency detected!\n\tsymbol D1 depends on D2\n\
             \tsymbol D2 is selected by D1\n{RESOLUTION}"
        )
    );
}

#[test]
fn a_loop_through_a_choice_names_the_choice_block() {
    let err = error_of(&[(
        "Kconfig",
        b"choice\n\tprompt \"c\"\nconfig X\n\tbool \"x\"\nconfig Y\n\tbool \"y\"\n\tdepends on Z\n\
          endchoice\nconfig Z\n\tbool \"z\"\n\tdepends on X\n",
    )]);
    assert_eq!(
        err,
        format!(
            "error: recursive dependency detected!\n\tsymbol <choice> unknown is visible depending on Y\n\
             \tsymbol Y prompt is visible depending on Z\n\tsymbol Z depends on X\n\
             \tsymbol X is part of choice block at Kconfig:1\n{RESOLUTION}"
        )
    );
}

#[test]
fn a_range_bound_that_depends_back_is_no_loop_for_conf() {
    let dir = tree_of(&[(
        "Kconfig",
        b"config C\n\tint \"c\"\n\trange 1 D\nconfig D\n\tint \"d\"\n\tdefault 3\n\tdepends on C > 1\n",
    )]);
    let tree = load_fixture(dir.path(), Semantics::Modern).unwrap();
    let out = config::olddefconfig(&tree.model, &[]).text;
    assert!(out.ends_with("#\nCONFIG_C=1\n"), "{out}");
}

#[test]
fn a_file_sourced_twice_is_an_error_naming_the_first_inclusion() {
    let err = error_of(&[
        ("Kconfig", b"source \"a/Kconfig\"\nsource \"b/Kconfig\"\n"),
        ("a/Kconfig", b"source \"c/Kconfig\"\n"),
        ("b/Kconfig", b"\n\nsource \"c/Kconfig\"\n"),
        ("c/Kconfig", b"config X\n\tbool \"x\"\n"),
    ]);
    assert_eq!(
        err,
        "b/Kconfig:3: error: repeated inclusion of c/Kconfig\n\
         a/Kconfig:1: note: location of first inclusion of c/Kconfig"
    );
}

#[test]
fn a_transitional_symbol_may_only_have_a_help_text() {
    let err = error_of(&[(
        "Kconfig",
        b"config OLD\n\tbool\n\ttransitional\n\tdefault y\nconfig DEP\n\tbool\n\ttransitional\n\
          \tdepends on OLD\nconfig UNTYPED\n\ttransitional\n\thelp\n\t  fine\n",
    )]);
    assert_eq!(
        err,
        "Kconfig:9:warning: config symbol defined without type\n\
         Kconfig:4: error: transitional symbols can only have help sections\n\
         Kconfig:5: error: transitional symbols can only have help sections"
    );
}

#[test]
fn a_transitional_symbol_inside_if_y_carries_its_value() {
    let dir = tree_of(&[(
        "Kconfig",
        b"if y\nconfig OLD\n\tbool\n\ttransitional\nendif\nconfig NEW\n\tbool \"new\"\n\tdefault OLD\n",
    )]);
    let tree = load_fixture(dir.path(), Semantics::Modern).unwrap();
    let base = ConfigFile::parse("CONFIG_OLD=y\n", ".config");
    let out = config::olddefconfig(&tree.model, &config::merge([&base])).text;
    assert!(out.ends_with("# Main menu\n#\nCONFIG_NEW=y\n"), "{out}");
}

#[test]
fn an_untyped_config_is_warned_about_once() {
    let dir = tree_of(&[(
        "Kconfig",
        b"config A\n\tdepends on B\nconfig A\nconfig B\n\tbool\n",
    )]);
    let tree = load_fixture(dir.path(), Semantics::Modern).unwrap();
    let shown: Vec<String> = tree.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        shown,
        ["Kconfig:1:warning: config symbol defined without type"]
    );
}

#[test]
fn changed_input_lists_each_user_value_kconfig_did_not_keep() {
    // 7.3's scripts/kconfig/tests/warn_changed_input
    let dir = tree_of(&[(
        "Kconfig",
        b"config DEP\n\tbool \"DEP\"\nconfig A\n\tbool \"A\"\n\tdepends on DEP\nconfig NUM\n\
          \tint \"NUM\"\n\trange 10 20\nconfig DUP\n\tbool \"DUP\"\n\tdepends on DEP\n\
          config DUP\n\tbool\n\tdepends on DEP\n",
    )]);
    let tree = load_fixture(dir.path(), Semantics::Modern).unwrap();
    let base = ConfigFile::parse("CONFIG_A=y\nCONFIG_NUM=30\nCONFIG_DUP=y\n", ".config");
    let mut result = config::olddefconfig(&tree.model, &config::merge([&base]));
    assert_eq!(
        config::changed_input(&mut result.evaluation).as_deref(),
        Some(
            "warning: user-provided values changed by Kconfig:\n  CONFIG_A: y -> n\n\
             \x20 CONFIG_NUM: 30 -> 20\n  CONFIG_DUP: y -> n\n"
        )
    );
}
