//! Module names: the map read from Kbuild Makefiles, module names in
//! requests, and localmodconfig against the kernel's own scripts
//! (kernel-fixtures/kbuild-*, expectations from
//! scripts/regen-kbuild-fixtures.sh).

use crate::common::{fixtures_dir, load_fixture};
use ksolve::kbuild::{normalize_module_name, resolve_request_name, ModuleMap};
use ksolve::localmod::{self, LocalModConfig, LocalModOptions};
use ksolve::Semantics;
use std::path::Path;

fn map_of(fixture: &str) -> ModuleMap {
    ModuleMap::load(&fixtures_dir().join(fixture)).unwrap()
}

/// `module -> SYMBOL file:line` for every rule naming `module`.
fn lookup(map: &ModuleMap, module: &str) -> Vec<String> {
    map.module(module)
        .map(|r| format!("{} {}:{}", r.symbol(), r.file, r.line))
        .collect()
}

/// localmodconfig on a fixture tree with a base config text and a module
/// list text.
fn localmodconfig(fixture: &str, base: &str, modules: &str) -> LocalModConfig {
    let dir = fixtures_dir().join(fixture);
    let tree = load_fixture(&dir, Semantics::Modern).unwrap();
    let map = ModuleMap::load(&dir).unwrap();
    let env = |v: &str| (v == "SRCARCH").then(|| "x86".to_string());
    let facts = localmod::read_facts(&dir, "Kconfig", &env).unwrap();
    let opts = LocalModOptions {
        base,
        modules: localmod::parse_module_list(modules),
        keep: Vec::new(),
        objtree: &dir,
    };
    localmod::localmodconfig(&tree.model, &map, &facts, &opts)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn modules_map_to_the_symbols_of_their_obj_lines() {
    let map = map_of("kbuild-basic");
    assert_eq!(lookup(&map, "ixgbe"), ["IXGBE drivers/net/Makefile:4"]);
    assert_eq!(
        lookup(&map, "ixgbe_extra"),
        ["IXGBE drivers/net/Makefile:4"],
        "continuation line"
    );
    assert_eq!(
        lookup(&map, "libphy"),
        ["PHYLIB drivers/net/phy/Makefile:3"]
    );
    assert_eq!(
        lookup(&map, "mdio_bus"),
        ["MDIO_BUS drivers/net/phy/Makefile:4"],
        "$(MDIO_OBJS)"
    );
    assert_eq!(lookup(&map, "nvme"), ["BLK_DEV_NVME drivers/nvme/Kbuild:3"]);
    assert_eq!(
        lookup(&map, "e1000e"),
        ["E1000E drivers/net/Makefile:6"],
        "brace form"
    );
    assert_eq!(
        lookup(&map, "dca"),
        ["DCA drivers/Makefile:4", "DCA_LIB drivers/Makefile:5"]
    );
    assert!(
        lookup(&map, "ixgbe_main").is_empty(),
        "a part of a composite module is not a module"
    );
}

#[test]
fn dashes_and_underscores_are_the_same_in_module_names() {
    let map = map_of("kbuild-basic");
    assert_eq!(lookup(&map, "aesni-intel"), lookup(&map, "aesni_intel"));
    assert_eq!(
        lookup(&map, "aesni_intel"),
        ["CRYPTO_AES_NI_INTEL crypto/Makefile:1"]
    );
    assert_eq!(normalize_module_name("nvme-core"), "nvme_core");
    assert_eq!(
        map.exact("aesni-intel").count(),
        0,
        "streamline_config's own lookup is exact"
    );
}

#[test]
fn symbols_map_back_to_their_modules() {
    let map = map_of("kbuild-basic");
    let mods: Vec<_> = map
        .symbol("CONFIG_NVME_CORE")
        .map(|r| r.module.as_str())
        .collect();
    assert_eq!(mods, ["nvme_core"]);
    assert_eq!(map.symbol("IXGBE").count(), 2);
    assert_eq!(map.symbol("NO_SUCH").count(), 0);
}

#[test]
fn unknown_modules_get_the_closest_names() {
    let map = map_of("kbuild-basic");
    assert_eq!(map.closest("ixgb", 3)[0], "ixgbe");
    assert_eq!(map.closest("nvme-keyrng", 1), ["nvme_keyring"]);
    assert!(map.closest("zzzzzz", 3).is_empty());
}

#[test]
fn request_names_resolve_to_symbols_with_their_display() {
    let dir = fixtures_dir().join("kbuild-basic");
    let tree = load_fixture(&dir, Semantics::Modern).unwrap();
    let map = ModuleMap::load(&dir).unwrap();
    let (id, shown) = resolve_request_name(&map, &tree.model, "ixgbe").unwrap();
    assert_eq!(
        (tree.model.name(id), shown.as_str()),
        ("IXGBE", "ixgbe (IXGBE)")
    );
    let (id, shown) = resolve_request_name(&map, &tree.model, "aesni-intel").unwrap();
    assert_eq!(
        (tree.model.name(id), shown.as_str()),
        ("CRYPTO_AES_NI_INTEL", "aesni-intel (CRYPTO_AES_NI_INTEL)")
    );
    assert!(resolve_request_name(&map, &tree.model, "configs").is_some());
    assert!(resolve_request_name(&map, &tree.model, "zfs").is_none());
}

#[test]
fn module_lists_are_lsmod_output_or_one_name_a_line() {
    let lsmod = "Module                  Size  Used by\nixgbe  380928  0\nmdio 16384 1 ixgbe\n  indented\n\nixgbe 1 0\n";
    assert_eq!(localmod::parse_module_list(lsmod), ["ixgbe", "mdio"]);
    assert_eq!(
        localmod::parse_module_list("nvme\r\naesni_intel"),
        ["nvme", "aesni_intel"],
        "CR is blank to Perl"
    );
}

#[test]
fn localmodconfig_matches_the_kernels_scripts_on_every_kbuild_fixture() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("kbuild-"))
        .collect();
    names.sort();
    assert!(names.len() >= 2, "kbuild fixtures missing");
    for name in names {
        let dir = fixtures_dir().join(&name);
        let got = localmodconfig(&name, &read(&dir, "base.config"), &read(&dir, "modules"));
        assert_eq!(got.text, read(&dir, "expected-localmod.config"), "{name}");
        let not_found: Vec<String> = read(&dir, "expected-localmod.stderr")
            .lines()
            .filter_map(|l| l.strip_suffix(" config not found!!").map(str::to_owned))
            .collect();
        assert_eq!(got.streamlined.unmapped, not_found, "{name}");
    }
}

#[test]
fn unchanged_config_is_kept_byte_for_byte_without_conf() {
    // make's recipe runs conf only when streamline_config changed something
    let base = "CONFIG_MODULES=y\nCONFIG_PLDMFW=y\n";
    let got = localmodconfig("kbuild-basic", base, "ixgbe\n");
    assert_eq!(got.text, base);
    assert!(!got.conf_ran);
}

#[test]
fn promptless_select_target_keeps_the_first_module_selector() {
    let dir = fixtures_dir().join("kbuild-select");
    let got = localmodconfig(
        "kbuild-select",
        &read(&dir, "base.config"),
        &read(&dir, "modules"),
    );
    assert!(
        got.text.contains("CONFIG_BLK_DEV_NVME=m\n"),
        "NVME_CORE needs a selector: the first is kept"
    );
    assert!(got.text.contains("# CONFIG_NVME_TCP is not set\n"));
    assert!(got.streamlined.unselected.is_empty());
}

#[test]
fn builtin_modules_become_y_with_the_modules_they_depend_on() {
    let dir = fixtures_dir().join("kbuild-basic");
    let tree = load_fixture(&dir, Semantics::Modern).unwrap();
    let map = ModuleMap::load(&dir).unwrap();
    let env = |_: &str| None;
    let facts = localmod::read_facts(&dir, "Kconfig", &env).unwrap();
    let base = read(&dir, "base.config");
    let opts = LocalModOptions {
        base: &base,
        modules: vec!["nvme".into()],
        keep: Vec::new(),
        objtree: &dir,
    };
    let names = ["ixgbe".to_string(), "zfs".to_string()];
    let got = localmod::localmodconfig_builtin(&tree.model, &map, &facts, &opts, &names);
    for line in [
        "CONFIG_IXGBE=y",
        "CONFIG_PCI_HELPER=y",
        "CONFIG_NET_CORE=y",
        "CONFIG_PHYLIB=y",
        "CONFIG_BLK_DEV_NVME=m",
    ] {
        assert!(
            got.text.lines().any(|l| l == line),
            "{line} missing:\n{}",
            got.text
        );
    }
    let raised: Vec<_> = got
        .requests
        .iter()
        .filter(|r| r.needed_by.is_some())
        .map(|r| r.shown.as_str())
        .collect();
    assert_eq!(raised, ["NET_CORE", "PCI_HELPER"]);
    assert_eq!(got.unknown, ["zfs"]);
    assert!(got.failed.is_empty());
    // what we write is what olddefconfig keeps
    let again = ksolve::config::olddefconfig(
        &tree.model,
        &ksolve::config::merge([&ksolve::ConfigFile::parse(&got.text, "out")]),
    )
    .text;
    assert_eq!(again, got.text);
}

/// Module names stand for their symbols in `solve` and `why` requests.
#[test]
fn module_names_are_accepted_in_solve_and_why_requests() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kernel-fixtures/kbuild-basic");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ksolve"))
            .args(["--no-probe-cache", "--tree"])
            .arg(&dir)
            .arg("--config")
            .arg(dir.join("base.config"))
            .args(args)
            .output()
            .unwrap()
    };
    let solve = run(&["--format", "fragment", "solve", "ixgbe=y"]);
    let stderr = String::from_utf8_lossy(&solve.stderr);
    assert_eq!(solve.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("module ixgbe (IXGBE)"), "{stderr}");
    let why = run(&["why", "libphy"]);
    assert_eq!(why.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&why.stdout).starts_with("PHYLIB="),
        "{}",
        String::from_utf8_lossy(&why.stdout)
    );
}
