//! One fragment reader for every command: mixed forms, a byte order mark,
//! an open quote, bytes that are not UTF-8 (issue 14).

use crate::common::{self, finish, tree_of};
use std::path::Path;

const KCONFIG: &[u8] = b"\
config A\n\tbool \"a\"\n\
config B\n\tbool \"b\"\n\
config S\n\tstring \"s\"\n\tdefault \"dflt\"\n\
config T\n\tstring \"t\"\n\tdefault \"dflt\"\n";

fn tree(fragment: &[u8]) -> tempfile::TempDir {
    tree_of(&[
        ("Kconfig", KCONFIG),
        (".config", b""),
        ("fragment.config", fragment),
    ])
}

fn ksolve(dir: &Path, args: &[&str]) -> (i32, String, String) {
    finish(
        common::ksolve()
            .current_dir(dir)
            .arg("--tree")
            .arg(dir)
            .args(args),
    )
}

fn check_json(dir: &Path) -> (i32, serde_json::Value, String) {
    let (code, out, err) = ksolve(dir, &["--format", "json", "check", "fragment.config"]);
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, json, err)
}

fn statuses(json: &serde_json::Value) -> Vec<(String, String)> {
    json["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_owned();
            (s("symbol"), s("status"))
        })
        .collect()
}

#[test]
fn check_reads_the_config_lines_of_a_fragment_that_also_calls_scripts_config() {
    let dir = tree(
        b"CONFIG_A=y\n\
          scripts/config -e B \\\n  --set-str T \"from scripts/config\"\n\
          CONFIG_S=\"mentions scripts/config\"\n",
    );
    let (code, json, err) = check_json(dir.path());
    assert_eq!(code, 0, "{json} {err}");
    let want = ["A", "B", "T", "S"].map(|s| (s.to_owned(), "ok".to_owned()));
    assert_eq!(statuses(&json), want);
    let (code, out, err) = ksolve(dir.path(), &["olddefconfig", "fragment.config"]);
    assert_eq!(code, 0, "{err}");
    for line in [
        "CONFIG_A=y",
        "CONFIG_B=y",
        "CONFIG_S=\"mentions scripts/config\"",
        "CONFIG_T=\"from scripts/config\"",
    ] {
        assert!(out.lines().any(|l| l == line), "{line} missing: {out}");
    }
}

#[test]
fn byte_order_mark_before_a_request_is_a_finding_as_conf_loses_the_line() {
    let dir = tree(b"\xef\xbb\xbfCONFIG_A=y\nCONFIG_B=y\n");
    let (code, json, err) = check_json(dir.path());
    assert_eq!(code, 1, "{json} {err}");
    assert!(
        err.contains("fragment.config:1: error: a UTF-8 byte order mark"),
        "{err}"
    );
    // conf (6.12) does not read the line: A stays unset.
    let (_, out, _) = ksolve(dir.path(), &["olddefconfig", "fragment.config"]);
    assert!(out.contains("# CONFIG_A is not set\nCONFIG_B=y\n"), "{out}");
}

#[test]
fn byte_order_mark_before_a_comment_is_skipped_with_a_note() {
    let dir = tree(b"\xef\xbb\xbf# validator\nCONFIG_A=y\n");
    let (code, json, err) = check_json(dir.path());
    assert_eq!(code, 0, "{json} {err}");
    assert!(
        err.contains("byte order mark before the first line was skipped"),
        "{err}"
    );
    assert_eq!(statuses(&json), [("A".to_owned(), "ok".to_owned())]);
}

#[test]
fn open_quote_is_reported_as_a_malformed_line_not_as_dropped() {
    let dir = tree(b"CONFIG_S=\"-validator\n");
    let (code, json, err) = check_json(dir.path());
    assert_eq!(code, 1, "{json} {err}");
    let request = &json["requests"][0];
    assert_eq!(request["status"], "invalid", "{json}");
    assert_eq!(
        (request["file"].as_str(), request["line"].as_u64()),
        (Some("fragment.config"), Some(1))
    );
    assert!(json.to_string().contains("no closing quote"), "{json}");
    let (_, text, _) = ksolve(dir.path(), &["check", "fragment.config"]);
    assert!(text.contains("malformed line"), "{text}");
}

#[test]
fn bytes_that_are_not_utf8_in_a_string_value_are_written_byte_for_byte() {
    // conf (6.12) writes CONFIG_S="caf\xe9 \xff\xfe" back as read, and for
    // the NUL warns "invalid string found" and keeps the default.
    let base = b"CONFIG_S=\"caf\xe9 \xff\xfe\"\nCONFIG_T=\"a\x00b\"\n";
    let dir = tree_of(&[("Kconfig", KCONFIG), (".config", base)]);
    let out = dir.path().join("out.config");
    let (code, _, err) = ksolve(dir.path(), &["olddefconfig", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&out).unwrap();
    let want: &[u8] = b"CONFIG_S=\"caf\xe9 \xff\xfe\"\nCONFIG_T=\"dflt\"\n";
    assert!(bytes.ends_with(want), "{}", String::from_utf8_lossy(&bytes));
    let (_, stdout, _) = finish(
        common::ksolve()
            .arg("--tree")
            .arg(dir.path())
            .arg("olddefconfig")
            .stdout(std::process::Stdio::piped()),
    );
    assert!(stdout.contains("dflt"));
}

#[test]
fn a_hundred_thousand_duplicate_lines_keep_one_assignment_and_a_bounded_number_of_warnings() {
    let mut text = "CONFIG_A=y\n".repeat(100_000);
    text.push_str(&"junk\n".repeat(50_000));
    let file = ksolve::ConfigFile::parse(&text, "dup.config");
    assert_eq!(file.assignments.len(), 1);
    let alternating = ksolve::ConfigFile::parse(&"CONFIG_A=y\nCONFIG_A=n\n".repeat(3), "x");
    assert_eq!(
        alternating.assignments.len(),
        6,
        "only a repeat of the line before is dropped"
    );
    let shown = ksolve::config::REPEATS_SHOWN as usize;
    assert_eq!(
        file.warnings.len(),
        2 * shown + 2,
        "{:?}",
        &file.warnings[..3]
    );
    let last = &file.warnings[file.warnings.len() - 2..];
    assert_eq!(last[0].line, 100_000);
    assert!(
        last[0]
            .message
            .contains(&format!("{} more times", 99_999 - shown)),
        "{:?}",
        last[0]
    );
    assert_eq!(last[1].line, 150_000);
    assert!(
        last[1]
            .message
            .contains(&format!("{} more lines", 50_000 - shown)),
        "{:?}",
        last[1]
    );
}
