//! Hostile input: every case ends in a clear error or warning naming the
//! file and line, in bounded time and memory, and never in a panic.
//!
//! The library cases run on the test harness's own threads (2 MiB stacks
//! by default), which is the "library user on a small stack" case: any
//! recursion that grows with the input would overflow here.

use crate::common::{ksolve, load_fixture, tree_of};
use ksolve::{config, ConfigFile, Semantics, Tree};
use std::path::Path;

/// A tree with the newest rules: the tree, or the error as the binary
/// would print it.
fn load(dir: &Path) -> Result<Tree, String> {
    load_fixture(dir, Semantics::Modern).map_err(|e| e.to_string())
}

/// Load a one-file tree and run olddefconfig on `config`: the .config text,
/// or the error as the binary would print it.
fn check(kconfig: &str, config: &str) -> Result<String, String> {
    check_files(&[("Kconfig", kconfig.as_bytes())], config)
}

fn check_files(files: &[(&str, &[u8])], config: &str) -> Result<String, String> {
    let dir = tree_of(files);
    check_files_in(dir.path(), config)
}

fn check_files_in(dir: &Path, config: &str) -> Result<String, String> {
    let tree = load(dir)?;
    let base = ConfigFile::parse(config, ".config");
    Ok(config::olddefconfig(&tree.model, &config::merge([&base])).text)
}

#[test]
fn source_loop_names_every_source_line() {
    let files: &[(&str, &[u8])] = &[
        ("Kconfig", b"config A\n\tbool\nsource \"a/Kconfig\"\n"),
        ("a/Kconfig", b"config B\n\tbool\nsource \"Kconfig\"\n"),
    ];
    assert_eq!(
        check_files(files, "").unwrap_err(),
        // 7.3's conf, word for word
        "Recursive inclusion detected.\nInclusion path:\n  current file : Kconfig\n  included from: a/Kconfig:3\n  included from: Kconfig:3"
    );
}

#[test]
fn macro_that_expands_itself_is_an_error_with_one_location() {
    let err = check("X = $(X)\nconfig A\n\tstring \"$(X)\"\n", "").unwrap_err();
    assert_eq!(
        err,
        "Kconfig:3: Recursive variable 'X' references itself (eventually)"
    );
}

#[test]
fn function_that_calls_itself_hits_the_expansion_bound() {
    let err = check("f = $(f,$(1))\nconfig A\n\tstring \"$(f,x)\"\n", "").unwrap_err();
    assert_eq!(
        err,
        "Kconfig:3: Too deep recursive expansion (bound: 256 nested references)"
    );
}

#[test]
fn ten_thousand_nested_parentheses_are_refused_with_a_short_excerpt() {
    let deep = format!(
        "config A\n\tbool \"a\"\n\tdepends on {}B{}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let err = check(&deep, "").unwrap_err();
    let shown = format!("...{}...", "(".repeat(100));
    let caret = format!("{}^", " ".repeat(63));
    assert_eq!(err, format!("Kconfig:3:1013: error: expression nested too deeply (limit 1000)\n 3 | {shown}\n   | {caret}\n"));
}

#[test]
fn a_hundred_thousand_operand_chain_is_refused() {
    let long = format!(
        "config A\n\tbool \"a\"\n\tdepends on B{}\n",
        " && B".repeat(100_000)
    );
    let err = check(&long, "").unwrap_err();
    assert!(
        err.starts_with("Kconfig:3:13: error: expression nested too deeply (limit 1000)\n"),
        "{err}"
    );
}

#[test]
fn a_100_mb_kconfig_file_is_refused_by_size_before_reading() {
    let dir = tree_of(&[("Kconfig", b"source \"big/Kconfig\"\n")]);
    std::fs::create_dir(dir.path().join("big")).unwrap();
    let big = std::fs::File::create(dir.path().join("big/Kconfig")).unwrap();
    big.set_len(100 << 20).unwrap();
    let started = std::time::Instant::now();
    let err = load(dir.path()).unwrap_err();
    assert_eq!(err, "big/Kconfig:1: error: file of 104857600 bytes is larger than the limit for one Kconfig file (16 MiB)");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn latin1_bytes_keep_columns_in_characters() {
    let files: &[(&str, &[u8])] = &[("Kconfig", b"config A\n\tbool \"caf\xe9\" if (B\n")];
    let err = check_files(files, "").unwrap_err();
    assert_eq!(err, "Kconfig:2:17: error: missing `)` for the `(` here\n 2 | \tbool \"caf\u{e9}\" if (B\n   | \t               ^\n");
}

#[test]
fn latin1_help_text_loads() {
    let files: &[(&str, &[u8])] = &[(
        "Kconfig",
        b"config A\n\tbool \"a\"\n\thelp\n\t  Fran\xe7ois\n\nconfig B\n\tbool \"b\"\n",
    )];
    let out = check_files(files, "CONFIG_B=y\n").unwrap();
    assert!(
        out.ends_with("# CONFIG_A is not set\nCONFIG_B=y\n"),
        "{out}"
    );
}

#[test]
fn dependency_loop_is_reported_with_the_chain() {
    let err = check(
        "config A\n\tbool \"a\"\n\tdepends on B\nconfig B\n\tbool \"b\"\n\tdepends on A\n",
        "",
    )
    .unwrap_err();
    // 7.3's conf, word for word
    assert_eq!(
        err,
        "error: recursive dependency detected!\n\tsymbol A depends on B\n\tsymbol B depends on A\n\
         For a resolution refer to Documentation/kbuild/kconfig-language.rst\n\
         subsection \"Kconfig recursive dependency limitations\"\n"
    );
}

#[test]
fn select_loop_is_reported_with_the_chain() {
    let err = check(
        "config A\n\tbool \"a\"\n\tselect B\nconfig B\n\tbool \"b\"\n\tselect A\n",
        "",
    )
    .unwrap_err();
    // 7.3's conf, word for word
    assert_eq!(
        err,
        "error: recursive dependency detected!\n\tsymbol A is selected by B\n\tsymbol B is selected by A\n\
         For a resolution refer to Documentation/kbuild/kconfig-language.rst\n\
         subsection \"Kconfig recursive dependency limitations\"\n"
    );
}

#[cfg(unix)]
#[test]
fn symlink_cycle_in_a_source_path_cannot_be_opened() {
    let dir = tree_of(&[("Kconfig", b"source \"x/Kconfig\"\n")]);
    std::os::unix::fs::symlink("y", dir.path().join("x")).unwrap();
    std::os::unix::fs::symlink("x", dir.path().join("y")).unwrap();
    assert_eq!(
        load(dir.path()).unwrap_err(),
        "Kconfig:1: can't open file \"x/Kconfig\""
    );
}

#[cfg(unix)]
#[test]
fn rsource_through_a_directory_symlink_loop_hits_the_source_depth_bound() {
    // d/loop -> . : d/Kconfig, d/loop/Kconfig, d/loop/loop/Kconfig... are
    // all the same file under ever new names.
    let dir = tree_of(&[
        ("Kconfig", b"source \"d/Kconfig\"\n"),
        ("d/Kconfig", b"rsource \"loop/Kconfig\"\n"),
    ]);
    std::os::unix::fs::symlink(".", dir.path().join("d/loop")).unwrap();
    let err = load(dir.path()).unwrap_err();
    // The kernel's open() gives up after 40 symbolic links in one path
    // (ELOOP), before the 64-deep `source` bound.
    let at = format!("d/{}Kconfig", "loop/".repeat(40));
    let name = format!("d/{}Kconfig", "loop/".repeat(41));
    assert_eq!(err, format!("{at}:1: can't open file \"{name}\""));
}

#[cfg(unix)]
#[test]
fn glob_source_over_a_directory_symlink_loop_terminates() {
    let dir = tree_of(&[
        (
            "Kconfig",
            b"source \"d/*/Kconfig\"\nsource \"d/**/Kconfig\"\n",
        ),
        ("d/a/Kconfig", b"config A\n\tbool \"a\"\n"),
    ]);
    std::os::unix::fs::symlink("..", dir.path().join("d/a/up")).unwrap();
    let started = std::time::Instant::now();
    let r = check_files_in(dir.path(), "CONFIG_A=y\n");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    // `d/**/Kconfig` reaches d/a/Kconfig again under other names (d/a/up/a/Kconfig ...)
    // which redefines A: either way no hang and no panic.
    match r {
        Ok(out) => assert!(out.contains("CONFIG_A=y\n"), "{out}"),
        Err(e) => assert!(e.contains("Kconfig"), "{e}"),
    }
}

#[test]
fn config_with_duplicate_malformed_and_enormous_lines_warns_by_line() {
    let huge = format!("CONFIG_B=\"{}\"", "x".repeat(2 << 20));
    let junk = format!("junk{}", "j".repeat(500));
    let text = format!(
        "CONFIG_A=y\n# CONFIG_A is not set\nCONFIG_A=y\n{huge}\n{junk}\nCONFIG_\nCONFIG_C\n=y\n"
    );
    let cfg = ConfigFile::parse(&text, ".config");
    let warnings: Vec<String> = cfg
        .warnings
        .iter()
        .map(|w| format!("{}:{}: {}", w.file, w.line, w.message))
        .collect();
    assert_eq!(
        warnings,
        vec![
            ".config:2: override: reassigning to symbol A".to_string(),
            ".config:3: override: reassigning to symbol A".to_string(),
            format!(".config:4: line of {} bytes ignored", huge.len()),
            format!(
                ".config:5: unexpected data: {}... (504 bytes)",
                &junk[..100]
            ),
            ".config:6: unexpected data: CONFIG_".to_string(),
            ".config:7: unexpected data: CONFIG_C".to_string(),
            ".config:8: unexpected data: =y".to_string(),
        ]
    );
    let out = check("config A\n\tbool \"a\"\nconfig B\n\tstring \"b\"\n", &text).unwrap();
    assert!(out.ends_with("CONFIG_A=y\nCONFIG_B=\"\"\n"), "{out}");
}

#[test]
fn blocks_nested_past_the_bound_are_refused() {
    let deep = format!(
        "{}config A\n\tbool \"a\"\n{}",
        "if B\n".repeat(100_000),
        "endif\n".repeat(100_000)
    );
    let err = check(&deep, "").unwrap_err();
    assert_eq!(err, "Kconfig:65:1: error: blocks nested too deeply (limit 64 open `menu`/`choice`/`if` blocks)\n 65 | if B\n    | ^\n");
}

#[test]
fn menus_nested_across_sourced_files_are_bounded() {
    // Each file nests 60 menus and sources the next inside them.
    let dir = nested_tree(
        8,
        &"menu \"m\"\n".repeat(60),
        &"endmenu\n".repeat(60),
        "config A\n\tbool \"a\"\n",
    );
    let err = check_files_in(dir.path(), "").unwrap_err();
    assert_eq!(
        err,
        "k4:17: error: menus nested more than 256 deep (counting blocks in sourced files)"
    );
}

#[test]
fn menus_nested_just_under_the_bound_evaluate_on_a_small_stack() {
    let dir = nested_tree(
        4,
        &"if Y\n".repeat(63),
        &"endif\n".repeat(63),
        "config A\n\tbool \"a\"\n\tdefault y\n",
    );
    std::fs::write(dir.path().join("y"), "config Y\n\tdef_bool y\n").unwrap();
    let top = dir.path().join("Kconfig");
    let text = std::fs::read_to_string(&top).unwrap();
    std::fs::write(&top, format!("source \"y\"\n{text}")).unwrap();
    let out = check_files_in(dir.path(), "").unwrap();
    assert!(out.ends_with("CONFIG_Y=y\nCONFIG_A=y\n"), "{out}");
}

/// A tree of `files` files, `Kconfig` then `k1`, `k2`...: each puts `open`
/// and `close` around a `source` of the next, the last around `innermost`.
fn nested_tree(files: usize, open: &str, close: &str, innermost: &str) -> tempfile::TempDir {
    let dir = tree_of(&[]);
    for i in 0..files {
        let name = match i {
            0 => "Kconfig".to_string(),
            i => format!("k{i}"),
        };
        let inside = match i + 1 {
            next if next < files => format!("source \"k{next}\"\n"),
            _ => innermost.to_string(),
        };
        std::fs::write(dir.path().join(name), format!("{open}{inside}{close}")).unwrap();
    }
    dir
}

#[test]
fn hundred_thousand_symbol_depends_chain_evaluates_on_a_small_stack() {
    let out = check(&chain(100_000, "depends on"), "CONFIG_S0=y\nCONFIG_S1=y\n").unwrap();
    assert!(
        out.contains("CONFIG_S1=y\n# CONFIG_S2 is not set\n"),
        "{}",
        &out[..300]
    );
}

#[test]
fn hundred_thousand_symbol_select_chain_evaluates_on_a_small_stack() {
    let out = check(&chain(100_000, "select"), "CONFIG_S0=y\n").unwrap();
    assert!(
        out.ends_with("CONFIG_S99998=y\nCONFIG_S99999=y\n"),
        "{}",
        &out[out.len() - 200..]
    );
}

#[test]
fn hundred_thousand_symbol_chain_walked_deepest_first_is_checked_on_a_small_stack() {
    // Each symbol depends on the next one: conf's loop check walks the
    // whole chain from the first.
    let mut k = String::new();
    for i in 0..100_000 {
        k.push_str(&format!(
            "config S{i}\n\tbool \"s\"\n\tdepends on S{}\n",
            i + 1
        ));
    }
    // S100000 is undefined (n): none is visible, none written.
    let out = check(&k, "CONFIG_S0=y\n").unwrap();
    assert!(!out.contains("CONFIG_S"), "{out}");
}

#[test]
fn killed_mid_write_leaves_the_previous_output_intact() {
    let dir = tree_of(&[
        ("Kconfig", b"config A\n\tbool \"a\"\n\tdefault y\n"),
        (".config", b""),
    ]);
    let out = dir.path().join("out.config");
    std::fs::write(&out, "previous\n").unwrap();
    let mut child = ksolve()
        .arg("--tree")
        .arg(dir.path())
        .args(["olddefconfig", "-o", out.to_str().unwrap()])
        .env("KSOLVE_TEST_SLOW_WRITE", "1")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let temp_exists = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".ksolve-"))
    };
    let started = std::time::Instant::now();
    while !temp_exists() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "no temporary file appeared"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "ksolve ended before writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous\n");
}

/// `n` symbols, each tied to the next by `how` (`depends on` or `select`).
fn chain(n: usize, how: &str) -> String {
    let mut k = String::new();
    for i in 0..n {
        k.push_str(&format!("config S{i}\n\tbool \"s\"\n"));
        if i + 1 < n {
            if how == "select" {
                k.push_str(&format!("\tselect S{}\n", i + 1));
            } else if i > 0 {
                k.push_str(&format!("\tdepends on S{}\n", i - 1));
            }
        }
    }
    k
}

#[path = "../fuzz/targets.rs"]
mod fuzz_targets;

/// The fuzz targets (fuzz/targets.rs) on every fixture file, so that they
/// keep building on stable and a regression in one shows up in `cargo test`.
#[test]
fn fuzz_targets_accept_every_fixture_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("kernel-fixtures");
    let mut inputs = vec![Vec::new(), b"\xff\xfe(((".to_vec()];
    for dir in std::fs::read_dir(root).unwrap().flatten() {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            inputs.push(std::fs::read(file.path()).unwrap_or_default());
        }
    }
    for (_, target) in fuzz_targets::TARGETS {
        for input in &inputs {
            target(input);
        }
    }
}
