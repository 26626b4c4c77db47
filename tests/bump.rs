//! `ksolve bump` on two small trees (kernel-fixtures/bump-old and
//! bump-new) that differ in every way bump reports, and on inline trees
//! for what conf 6.12 cannot parse (`transitional`).

use crate::common::{finish, fixtures_dir, ksolve, load_fixture, tree_of};
use ksolve::bump::{self, Change, Evidence, Verdict};
use ksolve::check::Fragment;
use ksolve::report::bump as report;
use ksolve::{ConfigFile, Semantics, Tree};
use std::path::Path;

/// A config file of a fixture, named as the tests show it.
fn read(dir: &Path, file: &str) -> ConfigFile {
    ConfigFile::parse(&std::fs::read_to_string(dir.join(file)).unwrap(), file)
}

struct Pair {
    old: Tree,
    new: Tree,
    base: ConfigFile,
    fragments: Vec<Fragment>,
}

fn fixture_pair() -> Pair {
    let (o, n) = (
        fixtures_dir().join("bump-old"),
        fixtures_dir().join("bump-new"),
    );
    Pair {
        old: load_fixture(&o, Semantics::Modern).unwrap(),
        new: load_fixture(&n, Semantics::Modern).unwrap(),
        base: read(&o, "base.config"),
        fragments: vec![Fragment::from(&read(&o, "fragment.config"))],
    }
}

impl Pair {
    /// Two trees, an empty base config and one fragment (`f.config`).
    fn requesting(old: Tree, new: Tree, fragment: &str) -> Pair {
        Pair {
            old,
            new,
            base: ConfigFile::default(),
            fragments: vec![Fragment::from(&ConfigFile::parse(fragment, "f.config"))],
        }
    }

    fn inputs(&self) -> bump::Inputs<'_> {
        bump::Inputs {
            base: &self.base,
            new_base: None,
            fragments: &self.fragments,
            trees: Some((&self.old.root, &self.new.root)),
        }
    }

    fn bump(&self) -> bump::Bump<'_, '_> {
        bump::bump(&self.old.model, &self.new.model, self.inputs())
    }
}

/// Run a bump and build its report.
fn run(p: &Pair) -> report::BumpReport {
    report::build(
        &mut p.bump(),
        report::Labels {
            from: "bump-old",
            to: "bump-new",
        },
    )
}

fn verdict(r: &report::BumpReport, name: &str) -> &'static str {
    r.requests
        .iter()
        .find(|q| q.symbol == name)
        .unwrap_or_else(|| panic!("no request {name}"))
        .verdict
        .name()
}

#[test]
fn fixture_text_report() {
    insta::assert_snapshot!(report::text(&run(&fixture_pair())));
}

#[test]
fn fixture_json_report() {
    insta::assert_snapshot!(serde_json::to_string_pretty(&run(&fixture_pair())).unwrap());
}

#[test]
fn fixture_github_annotations() {
    insta::assert_snapshot!(report::github(&run(&fixture_pair())));
}

#[test]
fn verdicts_of_every_kind() {
    let r = run(&fixture_pair());
    assert_eq!(verdict(&r, "CPU_IBPB_ENTRY"), "removed");
    assert_eq!(verdict(&r, "OLD_FEATURE"), "removed");
    assert_eq!(verdict(&r, "NVME_AUTH"), "lost");
    assert_eq!(verdict(&r, "IXGBE"), "held");
    assert_eq!(verdict(&r, "VECTOR_MEMCPY"), "gained");
    assert!(!r.ok);
}

#[test]
fn renames_are_found_by_prompt_help_and_name() {
    let p = fixture_pair();
    let b = p.bump();
    let candidates = |name: &str| -> Vec<(String, Vec<Evidence>)> {
        let d = b.symbols.iter().find(|d| d.name == name).unwrap();
        match &d.changes[0] {
            Change::Removed { candidates, .. } | Change::PromptRemoved { candidates, .. } => {
                candidates
                    .iter()
                    .map(|c| (p.new.model.name(c.sym).to_string(), c.evidence.clone()))
                    .collect()
            }
            other => panic!("{name}: {other:?}"),
        }
    };
    let ibpb = candidates("CPU_IBPB_ENTRY");
    assert_eq!(ibpb[0].0, "MITIGATION_IBPB_ENTRY");
    assert!(ibpb[0].1.contains(&Evidence::SamePrompt));
    assert_eq!(candidates("CRYPTO_GF128MUL")[0].0, "CRYPTO_LIB_GF128MUL");
    let fast = candidates("FAST_COPY");
    assert_eq!(fast[0].0, "VECTOR_MEMCPY");
    assert!(matches!(fast[0].1[0], Evidence::SimilarHelp(_)));
    assert!(candidates("OLD_FEATURE").is_empty());
}

#[test]
fn ixgbe_newly_selects_devlink_and_pldmfw() {
    let r = run(&fixture_pair());
    let got: Vec<(&str, &str, &str)> = r
        .consequences
        .iter()
        .filter(|c| c.symbol == "IXGBE")
        .map(|c| (c.kind.name(), c.target.as_str(), c.target_value.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![("select", "NET_DEVLINK", "y"), ("select", "PLDMFW", "y")]
    );
}

#[test]
fn same_tree_is_a_clean_bump() {
    let p = fixture_pair();
    let mut b = bump::bump(&p.old.model, &p.old.model, p.inputs());
    assert!(b.symbols.is_empty() && b.consequences.is_empty());
    assert!(b.requests.iter().all(|r| matches!(
        r.verdict,
        Verdict::Held | Verdict::NotHeld | Verdict::Unknown
    )));
    assert!(report::build(&mut b, report::Labels { from: "a", to: "a" }).ok);
}

/// A tree from its top Kconfig, loaded with the newest rules.
fn inline_tree(kconfig: &str) -> (tempfile::TempDir, Tree) {
    let dir = tree_of(&[("Kconfig", kconfig.as_bytes())]);
    let tree = load_fixture(dir.path(), Semantics::Modern).unwrap();
    (dir, tree)
}

/// A tree of files (Kconfig and Makefiles), loaded with the newest rules.
fn files_tree(files: &[(&str, &str)]) -> (tempfile::TempDir, Tree) {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let dir = tree_of(&bytes);
    let tree = load_fixture(dir.path(), Semantics::Modern).unwrap();
    (dir, tree)
}

fn removed_candidates(p: &Pair) -> Vec<(String, Vec<Evidence>, bool)> {
    let b = p.bump();
    let Some(Change::Removed { candidates, .. }) = b.symbols.iter().find_map(|s| {
        s.changes
            .iter()
            .find(|c| matches!(c, Change::Removed { .. }))
    }) else {
        panic!("no removed symbol");
    };
    candidates
        .iter()
        .map(|c| {
            (
                p.new.model.name(c.sym).to_string(),
                c.evidence.clone(),
                c.automatic.is_some(),
            )
        })
        .collect()
}

#[test]
fn a_removed_option_whose_objects_moved_names_the_symbol_that_builds_them_and_that_it_is_automatic()
{
    let (_o, old) = files_tree(&[
        ("Kconfig", "config CRYPTO_SHA1_SSSE3\n\ttristate \"SHA1 SSSE3\"\n"),
        ("arch/x86/crypto/Makefile", "obj-$(CONFIG_CRYPTO_SHA1_SSSE3) += sha1-ssse3.o\nsha1-ssse3-y := sha1_ssse3_asm.o sha1_ni_asm.o\n"),
    ]);
    let (_n, new) = files_tree(&[
        ("Kconfig", "config CRYPTO_LIB_SHA1\n\ttristate\nconfig CRYPTO_SHA1\n\ttristate \"SHA1\"\n\tselect CRYPTO_LIB_SHA1\n"),
        ("lib/crypto/Makefile", "obj-$(CONFIG_CRYPTO_LIB_SHA1) += libsha1.o\nlibsha1-$(CONFIG_X86) += x86/sha1-ni-asm.o\n"),
    ]);
    let p = Pair::requesting(old, new, "CONFIG_CRYPTO_SHA1_SSSE3=y\n");
    let found = removed_candidates(&p);
    assert_eq!(
        found[0],
        (
            "CRYPTO_LIB_SHA1".to_string(),
            vec![Evidence::SameObjects(vec!["sha1_ni_asm".to_string()])],
            true
        ),
        "the objects outrank a similar name: {found:?}"
    );
}

#[test]
fn a_removed_option_whose_users_now_name_another_names_that_one() {
    let users = |dep: &str| {
        format!("config PHYLIB\n\ttristate \"phylib\"\n{}config A\n\ttristate \"a\"\n\tdepends on {dep}\nconfig B\n\ttristate \"b\"\n\tdepends on {dep}\n",
            if dep == "MDIO_BUS" { "config MDIO_BUS\n\ttristate \"mdio\"\n" } else { "" })
    };
    let (_o, old) = inline_tree(&users("MDIO_BUS"));
    let (_n, new) = inline_tree(&users("PHYLIB"));
    let p = Pair::requesting(old, new, "CONFIG_MDIO_BUS=y\n");
    assert_eq!(
        removed_candidates(&p),
        [(
            "PHYLIB".to_string(),
            vec![Evidence::UsersMoved { users: 2, of: 2 }],
            false
        )]
    );
}

#[test]
fn transitional_old_name_points_to_its_successor() {
    let (_o, old) = inline_tree("config OLD_NAME\n\tbool \"Old\"\n");
    let (_n, new) = inline_tree(
        "config OLD_NAME\n\tbool\n\ttransitional\n\nconfig UNRELATED\n\tbool \"Other\"\n\tdefault OLD_NAME\n",
    );
    let p = Pair::requesting(old, new, "CONFIG_OLD_NAME=y\n");
    let b = p.bump();
    assert_eq!(b.requests[0].verdict, Verdict::Removed);
    match &b.symbols[0].changes[0] {
        Change::Removed {
            transitional,
            candidates,
        } => {
            assert!(*transitional);
            assert_eq!(p.new.model.name(candidates[0].sym), "UNRELATED");
            assert_eq!(candidates[0].evidence, vec![Evidence::Transitional]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn choice_dependencies_compare_across_the_611_rework() {
    // A legacy choice is a symbol its members depend on; that is no
    // difference in itself.
    let text = "choice\n\tprompt \"pick\"\n\tdepends on A\nconfig X\n\tbool \"x\"\nconfig Y\n\tbool \"y\"\nendchoice\nconfig A\n\tbool \"a\"\n";
    let dir = tree_of(&[("Kconfig", text.as_bytes())]);
    let old = load_fixture(dir.path(), Semantics::Legacy).unwrap();
    let new = load_fixture(dir.path(), Semantics::Modern).unwrap();
    let p = Pair::requesting(old, new, "CONFIG_X=y\n");
    let b = p.bump();
    assert!(b.symbols.is_empty(), "{:?}", b.symbols);
}

#[test]
fn exit_status_is_1_on_a_lost_or_removed_request_0_otherwise_2_on_bad_input() {
    let s = |name: &str| fixtures_dir().join(name).to_str().unwrap().to_string();
    let (old, new) = (s("bump-old"), s("bump-new"));
    let (base, frag) = (s("bump-old/base.config"), s("bump-old/fragment.config"));
    // `ksolve [global options] bump` from bump-old to `to`, with its configs.
    let bump = |global: &[&str], to: &str| {
        let args = ["bump", "--from", &old, "--to", to, "--config", &base, &frag];
        finish(ksolve().args(global).args(args))
    };
    let (code, out, err) = bump(&[], &new);
    assert_eq!(code, 1, "{out}{err}");
    let (code, out, err) = bump(&[], &old);
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = bump(&[], "/nonexistent");
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent"), "{err}");
    let (code, out, _) = bump(&["--format", "json"], &new);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
}
