//! The binary on bad input: clear messages with file and line, exit 2 (1,
//! as conf, for an error in the Kconfig tree met by `olddefconfig`), and no
//! output file half-written.

use crate::common::{self, finish, tree_of};
use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stderr: String,
}

fn ksolve(dir: &Path, args: &[&str]) -> Run {
    let (code, _, stderr) = finish(common::ksolve().arg("--tree").arg(dir).args(args));
    Run { code, stderr }
}

/// A tree with the given top Kconfig and an empty .config.
fn tree(kconfig: &str) -> tempfile::TempDir {
    tree_of(&[("Kconfig", kconfig.as_bytes()), (".config", b"")])
}

#[test]
fn syntax_error_shows_file_line_caret_and_exits_1_as_conf() {
    let dir = tree("config A\n\tbool \"a\"\n\tdepends on (B\n");
    let r = ksolve(dir.path(), &["olddefconfig"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("Kconfig:3:"), "{}", r.stderr);
    assert!(r.stderr.contains("error:"), "{}", r.stderr);
    assert!(r.stderr.contains('^'), "{}", r.stderr);
}

#[test]
fn failed_run_leaves_the_previous_output_intact() {
    let dir = tree("config A\n\tbool \"a\"\n\tdepends on (B\n");
    let out = dir.path().join("out.config");
    std::fs::write(&out, "previous\n").unwrap();
    let r = ksolve(dir.path(), &["olddefconfig", "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous\n");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".ksolve-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn missing_tree_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = ksolve(&dir.path().join("nope"), &["olddefconfig"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no Kconfig here"), "{}", r.stderr);
}

#[test]
fn missing_config_is_named() {
    let dir = tree("config A\n\tbool \"a\"\n");
    let r = ksolve(
        dir.path(),
        &["--config", "/nonexistent/x.config", "olddefconfig"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("/nonexistent/x.config"), "{}", r.stderr);
}

#[test]
fn error_if_stops_with_its_message_and_line() {
    let dir = tree("$(error-if,y,compiler too old)\nconfig A\n\tbool \"a\"\n");
    let r = ksolve(dir.path(), &["olddefconfig"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "Kconfig:1: compiler too old\n")
    );
}

// Expected outputs below: 7.3's conf on the same tree.
#[test]
fn dependency_loop_is_reported_as_conf_reports_it() {
    let dir =
        tree("config A\n\tbool \"a\"\n\tdepends on B\nconfig B\n\tbool \"b\"\n\tdepends on A\n");
    let r = ksolve(dir.path(), &["olddefconfig"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "error: recursive dependency detected!\n\tsymbol A depends on B\n\tsymbol B depends on A\n\
             For a resolution refer to Documentation/kbuild/kconfig-language.rst\n\
             subsection \"Kconfig recursive dependency limitations\"\n\n"
        )
    );
}

#[test]
fn source_loop_is_reported_as_conf_reports_it() {
    let dir = tree("source \"Kconfig\"\n");
    let r = ksolve(dir.path(), &["olddefconfig"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "Recursive inclusion detected.\nInclusion path:\n  current file : Kconfig\n  included from: Kconfig:1\n"
        )
    );
}

#[test]
fn info_goes_to_stdout_when_the_config_goes_to_a_file() {
    let dir = tree("$(info,hello)\n$(warning-if,y,careful)\nconfig A\n\tbool \"a\"\n");
    let out = dir.path().join("out.config");
    let (code, stdout, stderr) = finish(common::ksolve().arg("--tree").arg(dir.path()).args([
        "olddefconfig",
        "-o",
        out.to_str().unwrap(),
    ]));
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "hello\n", "Kconfig:2: careful\n")
    );
}

#[test]
fn messages_before_an_error_are_printed_first_as_conf_prints_them() {
    // 7.3's conf: stdout "before\n"; stderr the warning, then the loop
    let dir =
        tree("$(info,before)\n$(warning-if,y,careful)\nconfig A\n\tbool \"a\"\n\tdepends on A\n");
    let out = dir.path().join("out.config");
    let (code, stdout, stderr) = finish(common::ksolve().arg("--tree").arg(dir.path()).args([
        "olddefconfig",
        "-o",
        out.to_str().unwrap(),
    ]));
    assert_eq!((code, stdout.as_str()), (1, "before\n"));
    assert!(
        stderr.starts_with(
            "Kconfig:2: careful\nerror: recursive dependency detected!\n\tsymbol A depends on A\n"
        ),
        "{stderr}"
    );
}

#[test]
fn closed_pipe_exits_quietly() {
    let dir = tree("config A\n\tbool \"a\"\n\tdefault y\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ksolve"))
        .args(["--no-probe-cache", "--tree"])
        .arg(dir.path())
        .arg("olddefconfig")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.code() == Some(0), "{:?}", out);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn completions_manpage_and_examples_in_every_help() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_ksolve"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run(&["completions", "bash"]).contains("_ksolve()"));
    assert!(run(&["completions", "zsh"]).contains("#compdef ksolve"));
    let man = run(&["manpage"]);
    assert!(man.contains(".TH ksolve 1"));
    assert!(
        !man.contains("ksolve-check(1)"),
        "no pages that do not exist"
    );
    for section in [
        ".SS \"ksolve check\"",
        ".SH \"ENVIRONMENT\"",
        ".SH \"EXIT STATUS\"",
        "KSOLVE_CACHE_DIR",
        "NO_COLOR",
    ] {
        assert!(man.contains(section), "the manual has {section}");
    }
    for cmd in [
        "olddefconfig",
        "check",
        "why",
        "graph",
        "solve",
        "bump",
        "module",
        "localmodconfig",
        "config",
    ] {
        assert!(
            run(&[cmd, "--help"]).contains("Example"),
            "{cmd} --help has no example"
        );
    }
}

/// `--builtin` names what keeps each request from `y` in words, as `ksolve
/// why` does (it printed Rust `Debug` output, `Type { ty: Int }`, for most
/// kinds of blocker).
#[test]
fn localmodconfig_builtin_says_in_words_why_a_request_cannot_be_y() {
    let kconfig = "config MODULES\n\tbool \"modules\"\n\tmodules\n\tdefault y\n\n\
                   config NUM\n\tint \"num\"\n\tdefault 2\n\n\
                   config HIDDEN\n\ttristate \"hidden\"\n\tdepends on BROKEN\n\n\
                   config BROKEN\n\tbool\n";
    let dir = tree_of(&[
        ("Kconfig", kconfig.as_bytes()),
        (".config", b"CONFIG_MODULES=y\n"),
        ("lsmod", b"Module Size Used by\n"),
    ]);
    let lsmod = dir.path().join("lsmod");
    let r = ksolve(
        dir.path(),
        &[
            "localmodconfig",
            "--modules",
            lsmod.to_str().unwrap(),
            "--builtin",
            "NUM",
            "HIDDEN",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let wanted = [
        "ksolve: NUM=y does not hold:\n  y is not a valid int value\n",
        "ksolve: HIDDEN=y does not hold:\n  HIDDEN is not visible: its prompt is hidden by  [Kconfig:11]\n    BROKEN (=n)\n",
    ];
    for w in wanted {
        assert!(r.stderr.contains(w), "{w:?} not in:\n{}", r.stderr);
    }
    assert!(!r.stderr.contains('{'), "{}", r.stderr);
}

/// `olddefconfig` in an empty object tree of `files`, with make's `vars`:
/// (status, stdout, the config written).
fn olddefconfig_without_config(files: &[(&str, &[u8])], vars: &[&str]) -> (i32, String, String) {
    let tree = tree_of(files);
    let obj = tempfile::tempdir().unwrap();
    let out = obj.path().join("out.config");
    let o = format!("O={}", obj.path().display());
    let (code, stdout, stderr) = finish(
        common::ksolve()
            .arg("--tree")
            .arg(tree.path())
            .arg(&o)
            .args(vars)
            .args(["olddefconfig", "-o"])
            .arg(&out),
    );
    assert_eq!(code, 0, "{stderr}");
    (code, stdout, std::fs::read_to_string(&out).unwrap())
}

const DEFCONFIG: &[u8] = b"CONFIG_A=y\n# CONFIG_B is not set\n";

/// What conf writes for both trees below (5.10's and 6.12's conf, run as
/// `srctree=TREE conf --olddefconfig Kconfig` in an empty directory).
const CONF_CONFIG: &str =
    "#\n# Automatically generated file; DO NOT EDIT.\n# Main menu\n#\nCONFIG_A=y\n# CONFIG_B is not set\n";
const CONF_MESSAGE: &str = "#\n# using defaults found in configs/test_defconfig\n#\n";

#[test]
fn without_a_config_5_10_starts_from_the_first_readable_default_of_option_defconfig_list() {
    let kconfig = "config DEFCONFIG_LIST\n\tstring\n\toption defconfig_list\n\tdefault \"/nonexistent/.config\"\n\tdefault \"configs/test_defconfig\"\n\nconfig A\n\tbool \"a\"\n\nconfig B\n\tbool \"b\"\n\tdefault y\n";
    let (_, stdout, config) = olddefconfig_without_config(
        &[
            ("Kconfig", kconfig.as_bytes()),
            ("configs/test_defconfig", DEFCONFIG),
        ],
        &[],
    );
    assert_eq!(stdout, CONF_MESSAGE);
    assert_eq!(config, CONF_CONFIG);
}

#[test]
fn without_a_config_6_x_starts_from_the_first_readable_file_of_kconfig_defconfig_list() {
    let kconfig = "config A\n\tbool \"a\"\n\nconfig B\n\tbool \"b\"\n\tdefault y\n";
    let (_, stdout, config) = olddefconfig_without_config(
        &[
            ("Kconfig", kconfig.as_bytes()),
            ("configs/test_defconfig", DEFCONFIG),
            (
                "scripts/kconfig/Makefile",
                b"export KCONFIG_DEFCONFIG_LIST :=\n",
            ),
        ],
        &["KCONFIG_DEFCONFIG_LIST=/nonexistent/.config configs/test_defconfig"],
    );
    assert_eq!(stdout, CONF_MESSAGE);
    assert_eq!(config, CONF_CONFIG);
}
