//! `ksolve why` and `ksolve graph` on the bundled example (the seed's
//! IXGBE/DCA story) and on small trees: rendered text as snapshots.

use crate::check::tree;
use crate::common::{fixtures_dir, load_fixture};
use ksolve::check::{input_merge, Fragment};
use ksolve::explain::Limits;
use ksolve::report::graph::{cone, dot, ConeOptions};
use ksolve::report::{why, Style};
use ksolve::{config, ConfigFile, Semantics, Tree};

fn example() -> Tree {
    load_fixture(&fixtures_dir().join("example"), Semantics::Modern).unwrap()
}

/// `why ARG` on `t` over `base` (+ `fragment`), rendered as text.
fn why_text(t: &Tree, base: &str, fragment: Option<&str>, arg: &str) -> String {
    let base = ConfigFile::parse(base, "base.config");
    let frags: Vec<Fragment> = fragment
        .map(|f| Fragment::from(&ConfigFile::parse(f, "fragment.config")))
        .into_iter()
        .collect();
    let mut run = config::olddefconfig(&t.model, &input_merge(&base, &frags));
    let rep = match arg.split_once('=') {
        Some((n, v)) => why::why_not(
            &mut run.evaluation,
            t.model.lookup(n).unwrap(),
            v,
            Limits::default(),
        ),
        None => why::why(
            &mut run.evaluation,
            t.model.lookup(arg).unwrap(),
            Limits::default(),
        ),
    };
    why::text(&rep, &Style::default())
}

fn example_files() -> (String, String) {
    let dir = fixtures_dir().join("example");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    (read("base.config"), read("fragment.config"))
}

#[test]
fn why_not_ixgbe_y_follows_the_cap_to_the_base_line() {
    let (base, _) = example_files();
    let s = why_text(&example(), &base, None, "IXGBE=y");
    assert!(s.contains("PTP_1588_CLOCK_OPTIONAL (=m)"), "{s}");
    assert!(s.contains("set to m by base.config:60"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn why_phylib_names_the_select_by_ixgbe() {
    let (base, frag) = example_files();
    let s = why_text(&example(), &base, Some(&frag), "PHYLIB");
    assert!(
        s.contains("IXGBE (=y)  [drivers/net/ethernet/intel/Kconfig:"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn why_ptp_optional_names_its_default_and_the_fragment_line() {
    let (base, frag) = example_files();
    let s = why_text(&example(), &base, Some(&frag), "PTP_1588_CLOCK_OPTIONAL");
    insta::assert_snapshot!(s);
}

#[test]
fn why_dca_says_no_prompt_and_its_only_selector_is_off_by_the_fragment() {
    let (base, frag) = example_files();
    let s = why_text(&example(), &base, Some(&frag), "DCA");
    assert!(s.contains("its only selector is inactive"), "{s}");
    assert!(s.contains("set to n by fragment.config:28"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn a_shared_cause_is_printed_once_and_numbered() {
    let t = tree(
        r#"
config A
	bool "a"
config B
	bool
	default A
config C
	bool
	default A
config D
	bool "d"
	depends on B && C
"#,
    );
    let s = why_text(&t, "CONFIG_D=y\n", None, "D=y");
    assert_eq!(
        s,
        "D=n (bool): cannot be y
  D is not visible: its prompt is hidden by  [Kconfig:11]
    B (=n)
      no prompt: only `default` and `select` set it
      default A (=n)  [Kconfig:6]
        (1) A (=n)
          no default applies
    C (=n)
      no prompt: only `default` and `select` set it
      default A (=n)  [Kconfig:9]
        A (=n), see (1)
blocked by the values of:
  B, C
"
    );
}

#[test]
fn graph_of_ixgbe_is_coloured_by_value_and_styled_by_edge_kind() {
    let (base, frag) = example_files();
    let t = example();
    let frags = vec![Fragment::from(&ConfigFile::parse(&frag, "fragment.config"))];
    let mut run = config::olddefconfig(
        &t.model,
        &input_merge(&ConfigFile::parse(&base, "base.config"), &frags),
    );
    let g = cone(
        &mut run.evaluation,
        t.model.lookup("IXGBE").unwrap(),
        ConeOptions {
            depth: 1,
            up: true,
            down: true,
        },
    );
    let d = dot(&g);
    assert!(
        d.contains("\"IXGBE\" -> \"PHYLIB\" [label=\"select\""),
        "{d}"
    );
    assert!(
        d.contains("\"IXGBE_DCA\" -> \"IXGBE\" [label=\"depends\""),
        "{d}"
    );
    insta::assert_snapshot!(d);
}

#[test]
fn a_default_limited_by_its_dependencies_says_so_and_follows_them() {
    let t = tree(
        r#"
config MODULES
	bool "modules"
	modules
config X
	tristate "x"
config Y
	tristate
	default y
	depends on X
"#,
    );
    let s = why_text(&t, "CONFIG_MODULES=y\nCONFIG_X=m\n", None, "Y");
    assert_eq!(
        s,
        "Y=m (tristate)
  no prompt: only `default` and `select` set it
  default y (=y), limited to m by its condition  [Kconfig:9]
    X (=m)
      set to m by base.config:2
"
    );
}

/// `why SYMBOL=VALUE` ends with the solver's exact smallest change, as
/// fragment lines to paste, one per line, the request's own first.
#[test]
fn why_not_names_the_smallest_change_as_lines_to_paste() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kernel-fixtures/example");
    let why = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ksolve"))
            .args([
                "--no-probe-cache",
                "--arch",
                "x86",
                "--format",
                format,
                "--tree",
            ])
            .arg(&dir)
            .arg("--config")
            .arg(dir.join("base.config"))
            .args(["why", "IXGBE=y"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = why("text");
    assert!(
        text.ends_with(
            "smallest change (2 more line(s) with the request; to paste):\n\
             CONFIG_IXGBE=y\nCONFIG_PTP_1588_CLOCK=y\nCONFIG_INTEL_IOATDMA=y\n"
        ),
        "{text}"
    );
    assert_eq!(
        why("fragment"),
        "CONFIG_IXGBE=y\nCONFIG_PTP_1588_CLOCK=y\nCONFIG_INTEL_IOATDMA=y\n"
    );
}

/// A hidden prompt names what hides it, also for a number: NR_CPUS's
/// `if SMP && !MAXSMP` names MAXSMP, and the smallest change turns it off
/// instead of switching on an unrelated feature.
#[test]
fn a_hidden_number_names_the_condition_that_hides_its_prompt() {
    let k = "config SMP\n\tbool \"smp\"\n\tdefault y\nconfig MAXSMP\n\tbool \"max\"\n\tdepends on SMP\nconfig DEBUG_MAPS\n\tbool \"debug maps\"\nconfig NR_DEFAULT\n\tint\n\tdefault 8192 if MAXSMP\n\tdefault 64\nconfig NR\n\tint \"cpus\" if SMP && !MAXSMP\n\trange 2 512 if !DEBUG_MAPS\n\trange 2 8192\n\tdefault NR_DEFAULT\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Kconfig"), k).unwrap();
    std::fs::write(dir.path().join(".config"), "CONFIG_MAXSMP=y\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ksolve"))
        .args(["--no-probe-cache", "--tree"])
        .arg(dir.path())
        .args(["why", "NR=64"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("NR is not visible: its prompt is hidden by"),
        "{text}"
    );
    assert!(text.contains("MAXSMP (=y)"), "{text}");
    assert!(
        text.ends_with("CONFIG_NR=64\n# CONFIG_MAXSMP is not set\n"),
        "{text}"
    );
}

/// Explanations read who selects a symbol from `Model::selectors`, not the
/// graph: both must list the same selects and implies, in the same order,
/// for every symbol of every fixture.
#[test]
fn selectors_are_the_graphs_incoming_selects_and_implies() {
    use ksolve::model::graph::EdgeKind;
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(t) = load_fixture(&dir, Semantics::Modern) else {
            continue;
        };
        let m = &t.model;
        for s in m.symbol_ids() {
            let from_graph: Vec<_> = m
                .graph()
                .incoming(s)
                .into_iter()
                .filter(|(_, e)| matches!(e.kind, EdgeKind::Select | EdgeKind::Imply))
                .map(|(selector, e)| (selector, e.prop.unwrap()))
                .collect();
            assert_eq!(
                m.selectors(s),
                from_graph,
                "{}: {:?}",
                dir.display(),
                m.sym(s).name
            );
            checked += from_graph.len();
        }
    }
    assert!(checked > 100, "only {checked} selects in the fixtures");
}
