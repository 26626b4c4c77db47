//! conf's batch modes against mode-fixtures/, whose expected outputs the
//! kernel's own conf wrote (scripts/regen-mode-fixtures.sh), for 6.1's
//! rules and the 6.11+ ones (6.12, 7.3).

use crate::common::load_fixture;
use ksolve::config::modes::{self, parse_probability};
use ksolve::config::{self, ConfigFile};
use ksolve::eval::modes::Fill;
use ksolve::model::kernel_form::Rules;
use ksolve::report::help;
use ksolve::Semantics;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    mode_fixture("basic")
}

fn mode_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("mode-fixtures")
        .join(name)
}

/// The mode fixtures: `basic`, and `help` for the shapes of helpnewconfig.
const FIXTURES: [&str; 2] = ["basic", "help"];

const VERSIONS: [(&str, Semantics); 3] = [
    ("6.1", Semantics::Legacy),
    ("6.12", Semantics::Modern),
    ("7.3", Semantics::Modern),
];

/// Every (version, expected file, what ksolve wrote) of a fixture.
fn outputs(dir: &Path) -> Vec<(String, String, String)> {
    let base = ConfigFile::read(&dir.join("base.config")).unwrap();
    let base = config::merge([&base]);
    let allconfig = ConfigFile::read(&dir.join("allconfig.config")).unwrap();
    let allconfig = config::merge([&allconfig]);
    let mut out = Vec::new();
    for (v, semantics) in VERSIONS {
        let tree = load_fixture(&dir, semantics).unwrap();
        let model = &tree.model;
        let mut add = |file: &str, text: String| out.push((v.to_string(), file.to_string(), text));
        for (name, fill) in [
            ("allno", Fill::No),
            ("allyes", Fill::Yes),
            ("allmod", Fill::Mod),
            ("alldef", Fill::Default),
        ] {
            add(
                &format!("{name}config.config"),
                modes::all_config(model, fill, None, 1).text,
            );
        }
        let allno = modes::all_config(model, Fill::No, Some(&allconfig), 1).text;
        add("allno-allconfig.config", allno);
        let sparse = Fill::Random(parse_probability("80:10").unwrap());
        for seed in 1..=3 {
            let dense = Fill::Random(Default::default());
            add(
                &format!("rand-{seed}.config"),
                modes::all_config(model, dense, None, seed).text,
            );
            let text = modes::all_config(model, sparse, None, seed).text;
            add(&format!("rand-{seed}-p80.config"), text);
        }
        add("savedefconfig", modes::savedefconfig(model, &base));
        add("listnewconfig", modes::listnewconfig(model, &base));
        let (major, minor) = v.split_once('.').unwrap();
        let rules = Rules::for_version(major.parse().unwrap(), minor.parse().unwrap());
        add("helpnewconfig", help::helpnewconfig(model, rules, &base));
        add("defconfig.config", modes::defconfig(model, &base).text);
    }
    out
}

#[test]
fn every_mode_writes_what_the_kernels_conf_writes() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for name in FIXTURES {
        let dir = mode_fixture(name);
        for (v, file, got) in outputs(&dir) {
            let path = dir.join("expected").join(&v).join(&file);
            let expected = std::fs::read_to_string(&path).unwrap();
            if expected != got {
                failures.push(format!(
                    "{name}/{v}/{file}:\n--- conf\n{expected}--- ksolve\n{got}"
                ));
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 2 * 3 * 15);
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn savedefconfig_round_trips_through_defconfig() {
    let dir = fixture();
    let base = config::merge([&ConfigFile::read(&dir.join("base.config")).unwrap()]);
    for (_, semantics) in VERSIONS {
        let tree = load_fixture(&dir, semantics).unwrap();
        let full = config::olddefconfig(&tree.model, &base).text;
        let saved = ConfigFile::parse(&modes::savedefconfig(&tree.model, &base), "defconfig");
        let again = modes::defconfig(&tree.model, &config::merge([&saved])).text;
        assert_eq!(full, again, "{semantics:?}");
    }
}

#[test]
fn different_seeds_give_different_configs() {
    let tree = load_fixture(&fixture(), Semantics::Modern).unwrap();
    let rand =
        |seed| modes::all_config(&tree.model, Fill::Random(Default::default()), None, seed).text;
    let texts: std::collections::BTreeSet<String> = (1..=8).map(rand).collect();
    assert!(texts.len() > 1);
}

/// As the kernel's scripts/kconfig/tests run conf: in a fresh directory,
/// the result lands in ./.config and the seed is printed on stdout.
#[test]
fn randconfig_writes_dot_config_in_the_current_directory() {
    let cwd = tempfile::tempdir().unwrap();
    let out = crate::common::ksolve()
        .current_dir(cwd.path())
        .arg("--tree")
        .arg(fixture())
        .arg("randconfig")
        .env("KCONFIG_SEED", "0x2")
        .env_remove("KCONFIG_CONFIG")
        .env_remove("KCONFIG_PROBABILITY")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("KCONFIG_SEED=0x2\n"), "{stdout}");
    let written = std::fs::read_to_string(cwd.path().join(".config")).unwrap();
    let expected = fixture().join("expected/7.3/rand-2.config");
    assert_eq!(written, std::fs::read_to_string(expected).unwrap());
}

#[test]
fn defconfig_of_a_missing_file_is_a_usage_error() {
    let out = crate::common::ksolve()
        .arg("--tree")
        .arg(fixture())
        .args(["defconfig", "nosuch_defconfig", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Can't find default configuration"), "{err}");
}
