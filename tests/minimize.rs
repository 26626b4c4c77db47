//! `minimize`: small trees written inline, and on generated trees the
//! answer against a brute-force minimum (as the solver's reference test).

use crate::generate::{base_text, gen_sym, kconfig_text, GenSym};
use crate::solve::tree;
use ksolve::minimize::{self, removable, MinimizeOptions, Minimized};
use ksolve::report::minimize::line_text;
use ksolve::{config, Assignment, ConfigFile, Semantics, Tree};
use proptest::prelude::*;

fn run<'m>(t: &'m Tree, base: &str, target: &str, keep: Option<&str>) -> Minimized<'m> {
    let keep = keep.map(|k| ConfigFile::parse(k, "keep"));
    let opts = MinimizeOptions {
        keep: keep.as_ref(),
    };
    minimize::minimize(
        &t.model,
        &ConfigFile::parse(base, "base"),
        &ConfigFile::parse(target, "target"),
        opts,
    )
}

fn lines(m: &Minimized<'_>) -> Vec<String> {
    m.lines.iter().map(|l| line_text(&l.assignment)).collect()
}

const DRIVER: &str = "config MODULES\n\tbool \"modules\"\n\tmodules\n\tdefault y\n\
    config PHYLIB\n\ttristate \"phy\"\n\
    config PTP\n\ttristate \"ptp\"\n\
    config IXGBE\n\ttristate \"ixgbe\"\n\tdepends on PTP\n\tselect PHYLIB\n";

#[test]
fn a_selected_symbol_needs_no_line_of_its_own() {
    let (_d, t) = tree(DRIVER, Semantics::Modern);
    let base = "CONFIG_MODULES=y\nCONFIG_PTP=m\nCONFIG_IXGBE=m\nCONFIG_PHYLIB=m\n";
    let target = "CONFIG_MODULES=y\nCONFIG_PTP=y\nCONFIG_IXGBE=y\nCONFIG_PHYLIB=y\n";
    let m = run(&t, base, target, None);
    assert!(m.verified);
    // PHYLIB=m in the base is a user value the select overrides.
    assert_eq!(lines(&m), ["CONFIG_PTP=y", "CONFIG_IXGBE=y"]);
}

#[test]
fn a_base_that_already_gives_the_target_needs_no_lines() {
    let (_d, t) = tree(DRIVER, Semantics::Modern);
    let base = "CONFIG_PTP=m\nCONFIG_IXGBE=m\n";
    let target = "CONFIG_PTP=m\nCONFIG_IXGBE=m\nCONFIG_PHYLIB=m\n";
    let m = run(&t, base, target, None);
    assert!(m.verified);
    assert!(m.lines.is_empty());
}

#[test]
fn a_kept_line_is_used_where_it_gives_the_same_result() {
    let (_d, t) = tree(DRIVER, Semantics::Modern);
    // IXGBE is capped at m by PTP=m: IXGBE=y and IXGBE=m both give m.
    let base = "CONFIG_PTP=m\n";
    let target = "CONFIG_PTP=m\nCONFIG_IXGBE=m\n";
    assert_eq!(lines(&run(&t, base, target, None)), ["CONFIG_IXGBE=m"]);
    let m = run(&t, base, target, Some("CONFIG_IXGBE=y\nCONFIG_PHYLIB=y\n"));
    assert_eq!(lines(&m), ["CONFIG_IXGBE=y"]);
    assert!(m.lines[0].kept);
    let dropped: Vec<String> = m.dropped.iter().map(line_text).collect();
    assert_eq!(dropped, ["CONFIG_PHYLIB=y"]);
}

#[test]
fn a_prompt_capping_the_base_value_below_a_default_is_unreachable() {
    let kconfig = "config MODULES\n\tbool \"modules\"\n\tmodules\n\tdefault y\n\
        config A\n\ttristate \"a\"\n\
        config S\n\ttristate \"s\" if A\n\tdefault y\n";
    let (_d, t) = tree(kconfig, Semantics::Modern);
    // With A=m the prompt caps a user value at m; only the default gives y,
    // and the base's line S=m keeps the default from applying.
    let m = run(&t, "CONFIG_A=m\nCONFIG_S=m\n", "CONFIG_A=m\n", None);
    assert!(!m.verified);
    let names: Vec<&str> = m.unreachable.iter().map(|u| t.model.name(u.sym)).collect();
    assert_eq!(names, ["S"]);
    assert_eq!(m.unreachable[0].wanted.value, "y");
}

#[test]
fn a_choice_takes_one_line_for_the_member_the_target_picks() {
    let kconfig = "config MODULES\n\tbool \"modules\"\n\tmodules\n\tdefault y\n\
        choice\n\tprompt \"pick\"\n\tdefault C1\n\
        config C0\n\tbool \"c0\"\nconfig C1\n\tbool \"c1\"\nconfig C2\n\tbool \"c2\"\nendchoice\n";
    let (_d, t) = tree(kconfig, Semantics::Modern);
    let m = run(&t, "CONFIG_C2=y\n", "CONFIG_C0=y\n", None);
    assert!(m.verified);
    assert_eq!(lines(&m), ["CONFIG_C0=y"]);
    let m = run(&t, "CONFIG_C2=y\n", "", None);
    assert!(m.verified);
    assert_eq!(lines(&m), ["CONFIG_C1=y"]);
}

#[test]
fn lines_come_in_config_order_whatever_the_target_order() {
    let (_d, t) = tree(DRIVER, Semantics::Modern);
    let target = "CONFIG_IXGBE=y\nCONFIG_PTP=y\n# CONFIG_MODULES is not set\n";
    let m = run(&t, "", target, None);
    assert!(m.verified);
    assert_eq!(
        lines(&m),
        [
            "# CONFIG_MODULES is not set",
            "CONFIG_PTP=y",
            "CONFIG_IXGBE=y"
        ]
    );
}

fn line(name: &str, v: &str) -> Assignment {
    Assignment {
        name: name.to_string(),
        value: v.to_string(),
        not_set: v == "n",
        file: "brute".into(),
        line: 1,
    }
}

/// The text olddefconfig writes for base plus `lines`, without the header.
fn result_body(t: &Tree, base: &ConfigFile, lines: &[Assignment]) -> String {
    let frag = ConfigFile {
        assignments: lines.to_vec(),
        warnings: vec![],
    };
    let r = config::olddefconfig(&t.model, &config::merge([base, &frag]));
    minimize::body(&r.text).to_string()
}

/// Does some fragment of at most `k` lines (each a symbol of `names` with
/// one of its values) turn base into the target?
fn some_fragment_works(
    t: &Tree,
    base: &ConfigFile,
    names: &[(String, Vec<&'static str>)],
    want: &str,
    k: usize,
    from: usize,
    chosen: &mut Vec<Assignment>,
) -> bool {
    if result_body(t, base, chosen) == want {
        return true;
    }
    if chosen.len() == k {
        return false;
    }
    for i in from..names.len() {
        for v in &names[i].1 {
            chosen.push(line(&names[i].0, v));
            let found = some_fragment_works(t, base, names, want, k, i + 1, chosen);
            chosen.pop();
            if found {
                return true;
            }
        }
    }
    false
}

type Case = (Vec<GenSym>, bool, Vec<u8>, Vec<u8>);

fn gen_case() -> impl Strategy<Value = Case> {
    (2usize..6).prop_flat_map(|n| {
        (
            (0..n).map(|i| gen_sym(i, n)).collect::<Vec<_>>(),
            any::<bool>(),
            proptest::collection::vec(0u8..4, n),
            proptest::collection::vec(0u8..4, n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn minimize_finds_the_brute_force_minimum((syms, with_choice, b, tv) in gen_case()) {
        agree(&syms, with_choice, &b, &tv, Semantics::Modern)?;
    }

    #[test]
    fn minimize_finds_the_brute_force_minimum_legacy((syms, _c, b, tv) in gen_case()) {
        agree(&syms, false, &b, &tv, Semantics::Legacy)?;
    }
}

fn agree(
    syms: &[GenSym],
    with_choice: bool,
    base_values: &[u8],
    target_values: &[u8],
    semantics: Semantics,
) -> Result<(), TestCaseError> {
    let (_d, t) = tree(&kconfig_text(syms, with_choice), semantics);
    let base_text = base_text(base_values, syms.len());
    let mut target_text = base_text_with_choice(target_values, syms.len(), with_choice);
    target_text.push_str("CONFIG_MODULES=y\n");
    let base = ConfigFile::parse(&base_text, "base");
    let m = run(&t, &base_text, &target_text, None);
    let want = minimize::body(&m.target.text).to_string();
    let mut names: Vec<(String, Vec<&'static str>)> = (0..syms.len())
        .map(|i| {
            (
                format!("S{i}"),
                if syms[i].tristate {
                    vec!["n", "m", "y"]
                } else {
                    vec!["n", "y"]
                },
            )
        })
        .collect();
    names.push(("MODULES".into(), vec!["n", "y"]));
    if with_choice {
        names.push(("C0".into(), vec!["n", "y"]));
        names.push(("C1".into(), vec!["n", "y"]));
    }
    if m.verified {
        prop_assert_eq!(
            result_body(
                &t,
                &base,
                &m.lines
                    .iter()
                    .map(|l| l.assignment.clone())
                    .collect::<Vec<_>>()
            ),
            want.clone()
        );
        prop_assert!(
            removable(&t.model, &base, &m).is_empty(),
            "a line can be removed"
        );
        if !m.lines.is_empty() {
            let smaller =
                some_fragment_works(&t, &base, &names, &want, m.lines.len() - 1, 0, &mut vec![]);
            prop_assert!(!smaller, "a smaller fragment works: {:?}", lines(&m));
        }
    } else {
        prop_assert!(
            !m.unreachable.is_empty(),
            "not verified, yet nothing unreachable"
        );
        let any = some_fragment_works(&t, &base, &names, &want, names.len(), 0, &mut vec![]);
        prop_assert!(
            !any,
            "a fragment reaches the target, minimize said unreachable"
        );
    }
    Ok(())
}

/// A target config: the symbols' values, and with a choice, C0 picked when
/// the first value is odd.
fn base_text_with_choice(values: &[u8], n: usize, with_choice: bool) -> String {
    let mut t = base_text(values, n);
    if with_choice && values.first().is_some_and(|v| v % 2 == 1) {
        t.push_str("CONFIG_C0=y\n");
    }
    t
}
