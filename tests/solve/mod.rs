//! `solve`: the example tree's story (the seed's validator case), small
//! trees written inline, and a brute-force reference on generated trees.

mod reference;

use crate::common::{fixtures_dir, load_fixture};
use ksolve::solve::{self, command_line, Request, Solution, SolveError};
use ksolve::{config, ConfigFile, LoadOptions, Semantics, Tree};

/// Load a Kconfig tree written inline.
pub fn tree(kconfig: &str, semantics: Semantics) -> (tempfile::TempDir, Tree) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Kconfig"), kconfig).unwrap();
    let mut opts = LoadOptions::new(dir.path());
    opts.semantics = Some(semantics);
    opts.probe_cache = false;
    opts.env = Some(vec![]);
    let tree = Tree::load(&opts).unwrap();
    (dir, tree)
}

/// Solve `requests` on `base` (config text): the fragment lines, or the
/// conflicts as sorted request texts.
fn check(tree: &Tree, base: &str, requests: &[&str]) -> Result<Vec<String>, Vec<Vec<String>>> {
    let model = &tree.model;
    let base = config::merge([&ConfigFile::parse(base, "base")]);
    let reqs: Vec<Request> = requests
        .iter()
        .enumerate()
        .map(|(i, r)| Request::parse(model, r, command_line(i)).unwrap())
        .collect();
    match solve::solve(model, &base, reqs) {
        Ok(sol) => Ok(sol.fragment()),
        Err(SolveError::Conflicts { conflicts, .. }) => Err(conflicts
            .iter()
            .map(|c| {
                let mut v: Vec<String> = c
                    .requests
                    .iter()
                    .map(|&r| requests[r].to_string())
                    .collect();
                v.sort();
                v
            })
            .collect()),
        Err(e) => panic!("{e}"),
    }
}

fn example() -> Tree {
    load_fixture(&fixtures_dir().join("example"), Semantics::Modern).unwrap()
}

fn example_base() -> String {
    std::fs::read_to_string(fixtures_dir().join("example/base.config")).unwrap()
}

fn example_solution<'m>(tree: &'m Tree, requests: &[&str]) -> Solution<'m> {
    let base = config::merge([&ConfigFile::parse(&example_base(), "base")]);
    let reqs = requests
        .iter()
        .enumerate()
        .map(|(i, r)| Request::parse(&tree.model, r, command_line(i)).unwrap())
        .collect();
    solve::solve(&tree.model, &base, reqs).unwrap()
}

#[test]
fn ixgbe_builtin_raises_ptp_and_keeps_dca_with_ioatdma() {
    let tree = example();
    let got = check(&tree, &example_base(), &["IXGBE=y"]).unwrap();
    assert_eq!(
        got,
        vec!["CONFIG_PTP_1588_CLOCK=y", "CONFIG_INTEL_IOATDMA=y"]
    );
    let sol = example_solution(&tree, &["IXGBE=y"]);
    let names: Vec<&str> = sol
        .consequences
        .iter()
        .map(|c| tree.model.name(c.sym))
        .collect();
    for want in [
        "PPS",
        "MDIO",
        "MDIO_BUS",
        "PHYLIB",
        "DCA",
        "PTP_1588_CLOCK_OPTIONAL",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    assert!(sol.lost.is_empty());
}

#[test]
fn ixgbe_without_ioatdma_loses_ixgbe_dca_with_its_reason() {
    let tree = example();
    let sol = example_solution(&tree, &["IXGBE=y", "INTEL_IOATDMA=n"]);
    assert_eq!(sol.fragment(), vec!["CONFIG_PTP_1588_CLOCK=y"]);
    let lost: Vec<&str> = sol.lost.iter().map(|l| tree.model.name(l.sym)).collect();
    assert!(lost.contains(&"IXGBE_DCA"), "{lost:?}");
    let l = sol
        .lost
        .iter()
        .find(|l| tree.model.name(l.sym) == "IXGBE_DCA")
        .unwrap();
    assert!(!l.blockers.is_empty());
}

#[test]
fn dca_with_ioatdma_off_is_a_conflict_of_those_two() {
    let tree = example();
    let got = check(
        &tree,
        &example_base(),
        &["IXGBE=y", "DCA=y", "INTEL_IOATDMA=n"],
    );
    assert_eq!(
        got,
        Err(vec![vec![
            "DCA=y".to_string(),
            "INTEL_IOATDMA=n".to_string()
        ]])
    );
}

#[test]
fn the_validator_fragment_has_that_conflict_only() {
    let tree = example();
    let frag = ConfigFile::read(&fixtures_dir().join("example/fragment.config")).unwrap();
    let texts: Vec<String> = frag
        .assignments
        .iter()
        .map(|a| format!("{}={}", a.name, a.value))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let got = check(&tree, &example_base(), &refs);
    assert_eq!(
        got,
        Err(vec![vec![
            "DCA=y".to_string(),
            "INTEL_IOATDMA=n".to_string()
        ]])
    );
}

const SMALL: &str = "
config MODULES
\tbool \"modules\"
\tmodules
\tdefault y
config A
\ttristate \"a\"
config HELPER
\ttristate
config B
\ttristate \"b\"
\tdepends on A
\tselect HELPER
config C
\tbool \"c\"
\tdepends on !B
config D
\ttristate
\tdefault A
";

#[test]
fn a_dependency_is_raised_to_let_a_request_hold() {
    let (_d, t) = tree(SMALL, Semantics::Modern);
    assert_eq!(
        check(&t, "CONFIG_A=m\nCONFIG_B=m\n", &["B=y"]),
        Ok(vec!["CONFIG_A=y".to_string()])
    );
}

#[test]
fn promptless_symbol_is_reached_through_its_selector() {
    let (_d, t) = tree(SMALL, Semantics::Modern);
    assert_eq!(
        check(&t, "", &["HELPER=m"]),
        Ok(vec!["CONFIG_A=m".to_string(), "CONFIG_B=m".to_string()])
    );
}

#[test]
fn promptless_default_follows_its_expression() {
    let (_d, t) = tree(SMALL, Semantics::Modern);
    assert_eq!(
        check(&t, "CONFIG_A=m\n", &["D=y"]),
        Ok(vec!["CONFIG_A=y".to_string()])
    );
}

#[test]
fn a_negated_dependency_conflicts_with_its_target() {
    let (_d, t) = tree(SMALL, Semantics::Modern);
    // `!m` is `m`, which a bool rounds up: B=m still lets C be y.
    assert_eq!(
        check(&t, "", &["C=y", "B=m"]),
        Ok(vec!["CONFIG_A=m".to_string()])
    );
    let got = check(&t, "", &["C=y", "B=y"]);
    assert_eq!(got, Err(vec![vec!["B=y".to_string(), "C=y".to_string()]]));
}

#[test]
fn requests_that_already_hold_need_nothing() {
    let (_d, t) = tree(SMALL, Semantics::Modern);
    assert_eq!(check(&t, "CONFIG_A=y\n", &["A=y"]), Ok(vec![]));
}

#[test]
fn a_choice_member_is_chosen_with_one_line() {
    let k = "choice\n\tprompt \"pick\"\n\tdefault X\nconfig X\n\tbool \"x\"\nconfig Z\n\tbool \"z\"\nendchoice\nconfig NEEDS_Z\n\tbool \"nz\"\n\tdepends on Z\n";
    let (_d, t) = tree(k, Semantics::Modern);
    assert_eq!(
        check(&t, "", &["NEEDS_Z=y"]),
        Ok(vec!["CONFIG_Z=y".to_string()])
    );
    assert_eq!(
        check(&t, "", &["X=y", "Z=y"]),
        Err(vec![vec!["X=y".to_string(), "Z=y".to_string()]])
    );
}

#[test]
fn unknown_symbols_and_bad_values_are_input_errors() {
    let (_d, t) = tree(SMALL, Semantics::Modern);
    assert!(matches!(
        Request::parse(&t.model, "NOPE=y", command_line(0)),
        Err(SolveError::UnknownSymbol { .. })
    ));
    assert!(matches!(
        Request::parse(&t.model, "C=m", command_line(0)),
        Err(SolveError::InvalidValue { .. })
    ));
    assert!(matches!(
        Request::parse(&t.model, "C", command_line(0)),
        Err(SolveError::Syntax { .. })
    ));
}

#[test]
fn a_conflict_comes_with_the_largest_set_of_requests_that_holds_the_later_line_left_out() {
    let t = example();
    let model = &t.model;
    let base = config::merge([&ConfigFile::parse(&example_base(), "base")]);
    let asked = ["IXGBE=y", "INTEL_IOATDMA=n", "DCA=y"];
    let reqs: Vec<Request> = asked
        .iter()
        .enumerate()
        .map(|(i, r)| Request::parse(model, r, command_line(i)).unwrap())
        .collect();
    match solve::solve(model, &base, reqs.clone()) {
        Err(SolveError::Conflicts { holding, .. }) => {
            assert_eq!(holding, [0, 1], "DCA=y, the later of the two, is left out");
            let kept: Vec<Request> = holding.iter().map(|&i| reqs[i].clone()).collect();
            let sol = solve::solve(model, &base, kept).unwrap();
            assert_eq!(sol.fragment(), ["CONFIG_PTP_1588_CLOCK=y"]);
        }
        other => panic!("expected a conflict, got {:?}", other.map(|s| s.fragment())),
    }
}
