//! `ksolve check`: one test per status and per reason kind, through one
//! helper that loads a Kconfig text, a base and a fragment; the rendered
//! text is compared inline or with an insta snapshot.

use crate::common::{fixtures_dir, load_fixture};
use ksolve::check::{self, Fragment};
use ksolve::config::scripts_config;
use ksolve::report::check::{build, github, text, CheckOptions, CheckReport};
use ksolve::report::Style;
use ksolve::{ConfigFile, LoadOptions, Semantics, Tree};

/// A tree made of one Kconfig text (no probes, 6.11+ rules).
pub fn tree(kconfig: &str) -> Tree {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Kconfig"), kconfig).unwrap();
    let mut opts = LoadOptions::new(dir.path());
    opts.semantics = Some(Semantics::Modern);
    opts.probe_cache = false;
    opts.env = Some(vec![]);
    Tree::load(&opts).unwrap()
}

/// Check `fragment` over `base` on `kconfig`: the report and its text.
pub fn check(kconfig: &str, base: &str, fragment: &str) -> (CheckReport, String) {
    let t = tree(kconfig);
    run(&t, base, &[fragment])
}

fn run(t: &Tree, base: &str, fragments: &[&str]) -> (CheckReport, String) {
    let base = ConfigFile::parse(base, "base.config");
    let frags: Vec<Fragment> = fragments
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = if fragments.len() == 1 {
                "fragment.config".to_string()
            } else {
                format!("fragment{}.config", i + 1)
            };
            Fragment::from(&ConfigFile::parse(f, &name))
        })
        .collect();
    let mut c = check::check(&t.model, &base, &frags);
    let opts = CheckOptions {
        show_base: true,
        all: true,
    };
    let r = build(&mut c, opts);
    let s = text(&r, opts, &Style::default());
    (r, s)
}

fn status<'a>(r: &'a CheckReport, sym: &str) -> &'a str {
    r.requests
        .iter()
        .find(|q| q.symbol == sym)
        .map(|q| q.status.name())
        .unwrap_or("missing")
}

const DRIVERS: &str = r#"
config MODULES
	bool "modules"
	modules
config PTP
	tristate "ptp"
config PTP_OPTIONAL
	tristate
	default y if PTP=n
	default PTP
config NIC
	tristate "nic"
	depends on PTP_OPTIONAL
	select LIB
config LIB
	tristate
config DMA
	tristate "dma"
	select CACHE
config CACHE
	tristate
config NIC_CACHE
	bool "nic cache"
	default y
	depends on NIC && CACHE
config COUNT
	int "count"
	range 1 8
	default 4
config ADDR
	hex "addr"
	default 0x10
"#;

const BASE: &str =
    "CONFIG_MODULES=y\nCONFIG_PTP=m\nCONFIG_NIC=m\nCONFIG_DMA=y\nCONFIG_NIC_CACHE=y\n";

#[test]
fn a_request_that_holds_is_ok_and_one_the_base_had_is_redundant() {
    let (r, _) = check(DRIVERS, BASE, "CONFIG_PTP=y\nCONFIG_DMA=y\n");
    assert_eq!(status(&r, "PTP"), "ok");
    assert_eq!(status(&r, "DMA"), "redundant");
    assert_eq!(r.summary.exit, 0);
}

#[test]
fn a_promptless_symbol_without_selector_is_dropped_naming_the_selector_and_its_line() {
    let (r, s) = check(DRIVERS, BASE, "CONFIG_CACHE=y\nCONFIG_DMA=n\n");
    assert_eq!(status(&r, "CACHE"), "dropped");
    assert_eq!(r.summary.exit, 1);
    insta::assert_snapshot!(s);
}

#[test]
fn a_cap_is_followed_through_a_default_to_the_base_line() {
    let (r, s) = check(DRIVERS, BASE, "CONFIG_NIC=y\n");
    assert_eq!(status(&r, "NIC"), "dropped");
    insta::assert_snapshot!(s);
}

#[test]
fn a_select_forces_a_symbol_up() {
    let (r, s) = check(DRIVERS, BASE, "# CONFIG_LIB is not set\n");
    assert_eq!(status(&r, "LIB"), "dropped");
    assert!(s.contains("  LIB cannot go below m: selected to m by\n    NIC (=m)  [Kconfig:14]\n      set to m by base.config:3\n"), "{s}");
}

#[test]
fn n_is_not_set_and_absent_are_the_same_request() {
    let (r, _) = check(DRIVERS, BASE, "CONFIG_DMA=n\n# CONFIG_PTP is not set\n");
    assert_eq!(status(&r, "DMA"), "ok");
    assert_eq!(status(&r, "PTP"), "ok");
}

#[test]
fn an_unknown_symbol_gets_the_closest_names() {
    let (r, s) = check(DRIVERS, BASE, "CONFIG_NIC_CACH=y\n");
    assert_eq!(status(&r, "NIC_CACH"), "unknown");
    assert_eq!(r.requests[0].suggestions, vec!["NIC_CACHE", "NIC"]);
    assert_eq!(r.summary.exit, 1);
    assert!(s.contains("did you mean NIC_CACHE, NIC?"), "{s}");
}

#[test]
fn did_you_mean_names_no_symbol_of_another_architecture() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("Kconfig", "source \"arch/x86/Kconfig\"\nsource \"crypto/Kconfig\"\n"),
        ("arch/x86/Kconfig", "config X86\n\tdef_bool y\n"),
        ("crypto/Kconfig", "config CRYPTO_GHASH\n\ttristate \"ghash\"\nif ARM\nsource \"arch/arm/crypto/Kconfig\"\nendif\nsource \"arch/x86/crypto/Kconfig\"\n"),
        ("arch/arm/crypto/Kconfig", "config CRYPTO_GHASH_ARM_CE\n\ttristate \"arm ce\"\n"),
        ("arch/x86/crypto/Kconfig", "config CRYPTO_GHASH_X86_CE\n\ttristate \"x86 ce\"\n"),
    ];
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut opts = LoadOptions::new(dir.path());
    opts.semantics = Some(Semantics::Modern);
    opts.probe_cache = false;
    opts.env = Some(vec![]);
    let t = Tree::load(&opts).unwrap();
    let (r, _) = run(&t, "", &["CONFIG_CRYPTO_GHASH_ARM_C=y\n"]);
    assert_eq!(
        r.requests[0].suggestions,
        vec!["CRYPTO_GHASH", "CRYPTO_GHASH_X86_CE"]
    );
}

#[test]
fn values_the_type_or_range_does_not_allow_are_invalid() {
    let (r, s) = check(
        DRIVERS,
        BASE,
        "CONFIG_NIC_CACHE=m\nCONFIG_ADDR=0xZZ\nCONFIG_COUNT=9\n",
    );
    assert_eq!(status(&r, "NIC_CACHE"), "invalid");
    assert_eq!(status(&r, "ADDR"), "invalid");
    assert_eq!(status(&r, "COUNT"), "invalid");
    assert_eq!(r.summary.exit, 1);
    insta::assert_snapshot!(s);
}

#[test]
fn a_later_line_for_the_same_symbol_overrides_and_both_places_are_named() {
    let t = tree(DRIVERS);
    let (r, s) = run(&t, BASE, &["CONFIG_PTP=y\n", "CONFIG_PTP=m\n"]);
    assert_eq!(r.requests[0].status.name(), "overridden");
    assert_eq!(r.requests[1].status.name(), "redundant");
    assert!(
        s.contains("fragment1.config:1: CONFIG_PTP=y  overridden by fragment2.config:1"),
        "{s}"
    );
    assert_eq!(r.summary.exit, 0);
}

#[test]
fn collateral_changes_are_listed_and_the_base_drift_counted() {
    let base = format!("{BASE}CONFIG_GONE=y\nCONFIG_CACHE=m\n");
    let (r, s) = check(DRIVERS, &base, "CONFIG_DMA=n\n");
    let changed: Vec<(&str, &str, &str)> = r
        .collateral
        .iter()
        .map(|c| (c.symbol.as_str(), c.before.as_str(), c.after.as_str()))
        .collect();
    assert_eq!(changed, vec![("CACHE", "y", "n"), ("NIC_CACHE", "y", "n")]);
    assert_eq!(
        r.summary.base_drift, 2,
        "GONE is unknown and CACHE=m evaluates to y"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn github_format_annotates_each_failing_request() {
    let (r, _) = check(
        DRIVERS,
        BASE,
        "CONFIG_PTP=y\nCONFIG_CACHE=y\nCONFIG_DMA=n\nCONFIG_NOPE=y\n",
    );
    let g = github(&r);
    let errors: Vec<&str> = g
        .lines()
        .filter(|l| l.starts_with("::error"))
        .map(|l| l.split("::").nth(1).unwrap())
        .collect();
    assert_eq!(
        errors,
        vec![
            "error file=fragment.config,line=2",
            "error file=fragment.config,line=4"
        ]
    );
    assert!(g.contains("%0A"), "the reason tree is in the message: {g}");
}

const CHOICE: &str = r#"
choice
	prompt "scheduler"
	default FAIR
config FAIR
	bool "fair"
config RT
	bool "rt"
endchoice
menu "hidden"
	visible if FAIR
config KNOB
	bool "knob"
endmenu
"#;

#[test]
fn another_choice_member_and_an_invisible_menu_are_reasons() {
    let (r, s) = check(CHOICE, "CONFIG_RT=y\n", "CONFIG_FAIR=n\nCONFIG_KNOB=y\n");
    assert_eq!(status(&r, "KNOB"), "dropped");
    insta::assert_snapshot!(s);
}

#[test]
fn the_bundled_example_loses_only_dca() {
    let dir = fixtures_dir().join("example");
    let t = load_fixture(&dir, Semantics::Modern).unwrap();
    let base = std::fs::read_to_string(dir.join("base.config")).unwrap();
    let frag = std::fs::read_to_string(dir.join("fragment.config")).unwrap();
    let (r, s) = run(&t, &base, &[&frag]);
    let failing: Vec<&str> = r
        .requests
        .iter()
        .filter(|q| q.status.name() == "dropped")
        .map(|q| q.symbol.as_str())
        .collect();
    assert_eq!(failing, vec!["DCA"]);
    let coll: Vec<&str> = r.collateral.iter().map(|c| c.symbol.as_str()).collect();
    assert!(
        coll.contains(&"IXGBE_DCA") && coll.contains(&"IGB_DCA"),
        "{coll:?}"
    );
    insta::assert_snapshot!(s);
    insta::assert_json_snapshot!(r.requests.iter().find(|q| q.symbol == "DCA").unwrap());
}

#[test]
fn scripts_config_lines_read_as_a_fragment() {
    let text = "prepare() {\n  cd linux\n  scripts/config -e nic \\\n    -d CONFIG_DMA --set-val COUNT 3; ./scripts/config --set-str NAME \"a b\" -u PTP\n  scripts/config -m $X\n}\n";
    let s = scripts_config::parse(text, "PKGBUILD").unwrap();
    let got: Vec<String> = s
        .edits
        .iter()
        .map(|e| match e {
            scripts_config::Edit::Set(a) => format!("{}={}@{}", a.name, a.value, a.line),
            scripts_config::Edit::Undefine { name, line, .. } => format!("-{name}@{line}"),
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "NIC=y@3",
            "DMA=n@4",
            "COUNT=3@4",
            "NAME=\"a b\"@4",
            "-PTP@4"
        ]
    );
    assert_eq!(s.warnings.len(), 1, "the shell variable is reported");
}

#[test]
fn scripts_config_edits_lines_in_place_or_appends() {
    let edits = scripts_config::parse("scripts/config -e A -d B -u C --set-val D 2", "x")
        .unwrap()
        .edits;
    let out = scripts_config::edit_text("# CONFIG_A is not set\nCONFIG_B=y\nCONFIG_C=m\n", &edits);
    assert_eq!(out, "CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_D=2\n");
}

#[test]
fn an_undefine_in_a_fragment_asks_for_n() {
    let t = tree(DRIVERS);
    let base = ConfigFile::parse(BASE, "base.config");
    let script = scripts_config::parse("scripts/config --undefine DMA", "PKGBUILD").unwrap();
    let mut c = check::check(
        &t.model,
        &base,
        &[Fragment {
            edits: script.edits,
        }],
    );
    assert_eq!(
        c.findings[0].status,
        check::Status::Ok,
        "DMA has no default: absent means n"
    );
    assert_eq!(
        c.evaluation.string_value(t.model.lookup("DMA").unwrap()),
        "n"
    );
}

/// The binary on the bundled example: (exit status, stdout, stderr).
fn cli(args: &[&str]) -> (i32, String, String) {
    let dir = fixtures_dir().join("example");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ksolve"))
        .arg("--tree")
        .arg(&dir)
        .args(["--arch", "x86", "--no-probe-cache", "--config"])
        .arg(dir.join("base.config"))
        .args(args)
        .current_dir(&dir)
        .output()
        .expect("ksolve runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

#[test]
fn exit_status_is_1_for_a_lost_request_0_when_all_hold_2_for_bad_usage() {
    let (code, out, _) = cli(&["check", "fragment.config"]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains('\x1b'), "no colour when piped");
    let dir = tempfile::tempdir().unwrap();
    let ok = dir.path().join("ok.config");
    std::fs::write(&ok, "CONFIG_IXGBE=m\n").unwrap();
    assert_eq!(cli(&["check", ok.to_str().unwrap()]).0, 0);
    assert_eq!(cli(&["check", "no-such.config"]).0, 2);
    assert_eq!(cli(&["--format", "dot", "check", "fragment.config"]).0, 2);
}

#[test]
fn json_output_has_requests_collateral_and_summary() {
    let (code, out, _) = cli(&["--format", "json", "check", "fragment.config"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let dca = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["symbol"] == "DCA")
        .unwrap();
    assert_eq!(
        (
            dca["status"].as_str(),
            dca["result"].as_str(),
            dca["line"].as_u64()
        ),
        (Some("dropped"), Some("n"), Some(23))
    );
    assert_eq!(v["summary"]["dropped"], 1);
    assert_eq!(v["summary"]["exit"], 1);
    assert_eq!(
        v["collateral"].as_array().unwrap().len(),
        v["summary"]["collateral"].as_u64().unwrap() as usize
    );
}

#[test]
fn a_pkgbuild_prepare_is_read_as_a_fragment() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("PKGBUILD");
    std::fs::write(&p, "prepare() {\n  scripts/config -e ptp_1588_clock \\\n    -e CONFIG_IXGBE -d INTEL_IOATDMA\n  scripts/config --enable DCA\n}\n").unwrap();
    let (code, out, _) = cli(&["check", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("PKGBUILD:4: CONFIG_DCA=y  dropped"), "{out}");
    assert!(
        out.contains(&format!("set to n by {}:3", p.display())),
        "{out}"
    );
}

#[test]
fn config_edits_like_scripts_config_and_reports_what_will_not_survive() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join(".config");
    std::fs::copy(fixtures_dir().join("example/base.config"), &cfg).unwrap();
    let args = [
        "config",
        "--file",
        cfg.to_str().unwrap(),
        "-e",
        "IXGBE",
        "-d",
        "intel_ioatdma",
        "--enable",
        "DCA",
        "-e",
        "NEW_ONE",
    ];
    let (code, out, err) = cli(&args);
    assert_eq!(code, 0, "the script's status: {out}{err}");
    assert_eq!(out, "", "the report goes to standard error");
    assert!(err.contains("CONFIG_DCA=y  dropped"), "{err}");
    assert!(err.contains("CONFIG_NEW_ONE=y  unknown"), "{err}");
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(
        text.contains("CONFIG_IXGBE=y\n") && text.contains("# CONFIG_INTEL_IOATDMA is not set\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "# CONFIG_INTEL_IOATDMA is not set\nCONFIG_DMA_ENGINE_RAID=y\nCONFIG_DCA=y\n"
        ),
        "in place: {text}"
    );
    assert!(
        text.ends_with("CONFIG_NEW_ONE=y\n"),
        "a new line is appended: {text}"
    );
    let strict: Vec<&str> = ["config", "--strict"]
        .into_iter()
        .chain(args[1..].iter().copied())
        .collect();
    assert_eq!(cli(&strict).0, 1, "--strict fails on a dropped request");
}

#[test]
fn config_state_prints_only_the_state_as_the_script_does() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join(".config");
    std::fs::write(
        &cfg,
        "CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_S=\"say \\\"hi\\\"\"\n",
    )
    .unwrap();
    let f = cfg.to_str().unwrap();
    let (code, out, _) = cli(&[
        "config", "--file", f, "-s", "A", "-s", "b", "-s", "S", "-s", "C",
    ]);
    assert_eq!((code, out.as_str()), (0, "y\nn\nsay \"hi\"\nundef\n"));
}

#[test]
fn config_enable_after_places_the_line_after_the_anchor_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join(".config");
    std::fs::write(&cfg, "CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\n").unwrap();
    let f = cfg.to_str().unwrap();
    let (code, _, err) = cli(&["config", "--file", f, "-E", "A", "C", "-M", "c", "b"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&cfg).unwrap(),
        "CONFIG_A=y\nCONFIG_C=y\nCONFIG_B=m\nCONFIG_B=m\n# CONFIG_C is not set\nCONFIG_B=m\n",
        "as the kernel's scripts/config leaves it"
    );
}

#[test]
fn config_bad_command_keeps_earlier_edits_and_exits_1_with_the_usage() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join(".config");
    std::fs::write(&cfg, "CONFIG_A=y\n").unwrap();
    let f = cfg.to_str().unwrap();
    let (code, _, err) = cli(&["config", "--file", f, "-d", "A", "bogus", "-e", "B"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Manipulate options in a .config file"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&cfg).unwrap(),
        "# CONFIG_A is not set\n"
    );
}

#[test]
fn why_and_graph_from_the_command_line() {
    let (code, out, _) = cli(&["why", "CONFIG_DCA", "fragment.config"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("DCA=n (tristate)\n"), "{out}");
    let (code, out, _) = cli(&["--format", "json", "why", "IXGBE=y"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["holds"].as_bool(), v["lift"][0][0].as_str()),
        (Some(false), Some("PTP_1588_CLOCK_OPTIONAL"))
    );
    let (code, out, _) = cli(&[
        "--format", "json", "graph", "IXGBE", "--down", "--depth", "1",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["from"] == "IXGBE"),
        "{out}"
    );
    assert_eq!(cli(&["why", "NO_SUCH_SYMBOL"]).0, 2);
}

/// The bundled example's fragment with `extra` written above its DCA line.
fn waived_fragment(dir: &std::path::Path, extra: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(fixtures_dir().join("example/fragment.config")).unwrap();
    let text = text.replace("CONFIG_DCA=y", &format!("{extra}CONFIG_DCA=y"));
    let path = dir.join("fragment.config");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_waiver_comment_above_a_fragment_line_accepts_its_finding_and_still_counts_it() {
    let dir = tempfile::tempdir().unwrap();
    let frag = waived_fragment(
        dir.path(),
        "# ksolve-waive(dropped): no IOAT engine on these boards\n",
    );
    let (code, out, err) = cli(&["check", frag.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(
            "CONFIG_DCA=y  dropped: the result is n (waived: no IOAT engine on these boards)"
        ),
        "{out}"
    );
    assert!(
        out.contains("1 dropped, 0 unknown, 0 invalid (1 of them waived)"),
        "{out}"
    );
    let (_, json, _) = cli(&["--format", "json", "check", frag.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["summary"]["waived"], 1);
    assert_eq!(v["summary"]["exit"], 0);
    let (_, gh, _) = cli(&["--format", "github", "check", frag.to_str().unwrap()]);
    assert!(gh.starts_with("::notice file="), "{gh}");
}

#[test]
fn a_waiver_for_another_status_does_not_accept_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let frag = waived_fragment(dir.path(), "# ksolve-waive(unknown): renamed later\n");
    let (code, _, err) = cli(&["check", frag.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("fragment.config:23: warning: waiver matches no failing request"),
        "{err}"
    );
}

#[test]
fn a_waiver_file_names_symbols_and_a_bad_one_is_a_usage_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let frag = fixtures_dir().join("example/fragment.config");
    let waivers = dir.path().join("accepted");
    std::fs::write(
        &waivers,
        "# accepted findings\nCONFIG_DCA dropped  # IOAT off on purpose\n",
    )
    .unwrap();
    let (code, out, _) = cli(&[
        "check",
        "--waivers",
        waivers.to_str().unwrap(),
        frag.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("(waived: IOAT off on purpose)"), "{out}");
    std::fs::write(&waivers, "DCA gone\n").unwrap();
    let (code, _, err) = cli(&[
        "check",
        "--waivers",
        waivers.to_str().unwrap(),
        frag.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("accepted:1: `gone` is not a failing status"),
        "{err}"
    );
}

/// A `transitional` name (6.18+) in a fragment: conf carries its value to
/// the new name and never writes the line, so the request is lost from
/// the .config and the finding names the new name to use.
#[test]
fn a_transitional_name_in_a_fragment_is_dropped_naming_the_new_name() {
    let dir = fixtures_dir().join("transitional-rename");
    let t = load_fixture(&dir, Semantics::Modern).unwrap();
    let base = ConfigFile::parse("", "base");
    let frag = ConfigFile::parse(
        "CONFIG_CFI_CLANG=y\nCONFIG_RANDOM_KMALLOC_CACHES=y\n",
        "f.config",
    );
    let mut c = check::check(&t.model, &base, &[Fragment::from(&frag)]);
    assert!(c
        .findings
        .iter()
        .all(|f| f.status == check::Status::Dropped && f.result.is_none()));
    let rep = build(&mut c, CheckOptions::default());
    let out = text(&rep, CheckOptions::default(), &Style::default());
    assert!(
        out.contains("CFI_CLANG is transitional, the old name of CONFIG_CFI"),
        "{out}"
    );
    assert!(
        out.contains("the old name of CONFIG_KMALLOC_PARTITION_CACHES"),
        "{out}"
    );
}

#[test]
fn config_edits_keep_the_bytes_of_lines_that_are_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join(".config");
    std::fs::write(&cfg, b"CONFIG_LOCALVERSION=\"-caf\xe9\"\nCONFIG_A=y\n").unwrap();
    let f = cfg.to_str().unwrap();
    let (code, _, err) = cli(&["config", "--file", f, "-d", "A"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read(&cfg).unwrap(),
        b"CONFIG_LOCALVERSION=\"-caf\xe9\"\n# CONFIG_A is not set\n"
    );
}
