//! Every fixture under kernel-fixtures/ against the output of the kernel's
//! own conf, committed next to it.

use crate::common::{fixtures_dir, olddefconfig_fixture};
use ksolve::Semantics;
use std::path::Path;

fn semantics_of(dir: &Path) -> Semantics {
    match std::fs::read_to_string(dir.join("kernel"))
        .unwrap_or_default()
        .trim()
    {
        "5.10" | "6.1" => Semantics::Legacy,
        _ => Semantics::Modern,
    }
}

/// (fixture, rules, expected file) for every expected output there is.
fn cases() -> Vec<(String, Semantics, String)> {
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs.into_iter().filter(|d| d.join("Kconfig").is_file()) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        out.push((
            name.clone(),
            semantics_of(&dir),
            "expected.config".to_string(),
        ));
        if dir.join("expected-6.1.config").is_file() {
            out.push((name, Semantics::Legacy, "expected-6.1.config".to_string()));
        }
    }
    out
}

#[test]
fn every_fixture_matches_the_kernels_conf() {
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 20, "fixtures missing: {}", all.len());
    for (name, semantics, expected_file) in &all {
        let dir = fixtures_dir().join(name);
        let expected = std::fs::read_to_string(dir.join(expected_file)).unwrap();
        match olddefconfig_fixture(&dir, *semantics, true) {
            Ok(got) if got == expected => {}
            Ok(got) => failures.push(format!(
                "{name} ({expected_file}):\n{}",
                diff(&expected, &got)
            )),
            Err(e) => failures.push(format!("{name}: error: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn bundled_example_without_fragment_matches_conf() {
    let dir = fixtures_dir().join("example");
    let expected = std::fs::read_to_string(dir.join("base-only.expected.config")).unwrap();
    let got = olddefconfig_fixture(&dir, Semantics::Modern, false).unwrap();
    assert_eq!(got, expected);
}

/// Lines only in one side, marked - (expected) and + (ksolve).
fn diff(expected: &str, got: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    let mut out = String::new();
    for l in &e {
        if !g.contains(l) {
            out.push_str(&format!("  - {l}\n"));
        }
    }
    for l in &g {
        if !e.contains(l) {
            out.push_str(&format!("  + {l}\n"));
        }
    }
    if out.is_empty() {
        out.push_str("  (same lines, different order)\n");
    }
    out
}

/// Regression: a fragment that sets a bool to `y` and later to `m` keeps
/// `y` (conf rejects the `m` line), as `merge_config.sh` + conf do.
#[test]
fn merge_keeps_a_fragments_repeated_lines_in_order() {
    use ksolve::{config, ConfigFile};
    let base = ConfigFile::parse("CONFIG_A=n\n", "base");
    let frag = ConfigFile::parse("CONFIG_A=y\nCONFIG_B=y\nCONFIG_A=m\n", "frag");
    let merged = config::merge([&base, &frag]);
    let lines: Vec<_> = merged
        .iter()
        .map(|a| format!("{}={}", a.name, a.value))
        .collect();
    assert_eq!(lines, ["A=y", "B=y", "A=m"]);
}
