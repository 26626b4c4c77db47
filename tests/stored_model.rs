//! The stored model (`tree::snapshot`): a second run reads it, and any
//! change to what the model was computed from makes the run load the tree
//! again: an edited, created or globbed file, an environment variable a
//! macro read, a cleared probe cache, a damaged cache file; and caches
//! unused for a month are evicted.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Sandbox {
    dir: tempfile::TempDir,
}

struct Run {
    config: String,
    /// The stored model was used.
    stored: bool,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let s = Sandbox { dir };
        s.write(
            "Kconfig",
            "config A\n\tbool \"a\"\n\tdefault y\n\
             osource \"extra/Kconfig\"\n\
             source \"sub/*/Kconfig\"\n\
             config FOO_VAL\n\tstring \"foo\"\n\tdefault \"$(FOO)\"\n\
             config SH\n\tstring \"sh\"\n\tdefault \"$(shell,echo probed)\"\n",
        );
        s.write(
            "sub/one/Kconfig",
            "config ONE\n\tbool \"one\"\n\tdefault y\n",
        );
        s.write("base.config", "");
        s
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cache(&self) -> PathBuf {
        self.path("cache")
    }

    fn write(&self, name: &str, text: &str) {
        let p = self.path(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn run_with(&self, extra: &[&str], env: &[(&str, &str)]) -> Run {
        let out_file = self.path("out.config");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ksolve"));
        cmd.arg("--tree")
            .arg(self.dir.path())
            .arg("--config")
            .arg(self.path("base.config"))
            .args(extra)
            .arg("olddefconfig")
            .arg("-o")
            .arg(&out_file)
            .env("KSOLVE_CACHE_DIR", self.cache())
            .env("KSOLVE_PROFILE", "1")
            .env_remove("ARCH")
            .env_remove("FOO");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("ksolve runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        Run {
            config: std::fs::read_to_string(&out_file).unwrap(),
            stored: stderr.contains("stored model: decoded"),
        }
    }

    fn run(&self) -> Run {
        self.run_with(&[], &[])
    }

    /// Writes `name` and runs: the tree must be loaded again.
    fn after_writing(&self, name: &str, text: &str) -> Run {
        self.write(name, text);
        let r = self.run();
        assert!(!r.stored, "the stored model was used after {name} changed");
        r
    }

    fn stored_files(&self) -> Vec<PathBuf> {
        self.cache_files("model")
    }

    /// The files of `<cache>/<kind>`.
    fn cache_files(&self, kind: &str) -> Vec<PathBuf> {
        let dir = self.cache().join(kind);
        let entries = std::fs::read_dir(dir).map(|d| d.flatten().map(|e| e.path()).collect());
        entries.unwrap_or_default()
    }

    /// The one file of `<cache>/<kind>`.
    fn only_cache_file(&self, kind: &str) -> PathBuf {
        match &self.cache_files(kind)[..] {
            [file] => file.clone(),
            files => panic!("one file in {kind}: {files:?}"),
        }
    }
}

fn has(config: &str, line: &str) -> bool {
    config.lines().any(|l| l == line)
}

#[test]
fn second_run_reads_the_stored_model_and_writes_the_same() {
    let s = Sandbox::new();
    let first = s.run();
    assert!(!first.stored);
    assert!(
        has(&first.config, "CONFIG_SH=\"probed\""),
        "{}",
        first.config
    );
    let second = s.run();
    assert!(second.stored);
    assert_eq!(first.config, second.config);
}

#[test]
fn an_edited_file_is_seen() {
    let s = Sandbox::new();
    s.run();
    let r = s.after_writing(
        "sub/one/Kconfig",
        "config ONE\n\tbool \"one\"\n\tdefault n\n",
    );
    assert!(has(&r.config, "# CONFIG_ONE is not set"), "{}", r.config);
    assert!(s.run().stored);
}

#[test]
fn a_created_osource_file_and_a_new_glob_match_are_seen() {
    let s = Sandbox::new();
    s.run();
    let r = s.after_writing(
        "extra/Kconfig",
        "config EXTRA\n\tbool \"extra\"\n\tdefault y\n",
    );
    assert!(has(&r.config, "CONFIG_EXTRA=y"), "{}", r.config);
    s.run();
    let r = s.after_writing(
        "sub/two/Kconfig",
        "config TWO\n\tbool \"two\"\n\tdefault y\n",
    );
    assert!(has(&r.config, "CONFIG_TWO=y"), "{}", r.config);
}

#[test]
fn an_environment_variable_a_macro_read_is_seen_set_and_unset() {
    let s = Sandbox::new();
    let unset = s.run();
    assert!(
        has(&unset.config, "CONFIG_FOO_VAL=\"\""),
        "{}",
        unset.config
    );
    let set = s.run_with(&[], &[("FOO", "bar")]);
    assert!(!set.stored);
    assert!(has(&set.config, "CONFIG_FOO_VAL=\"bar\""), "{}", set.config);
    assert!(s.run_with(&[], &[("FOO", "bar")]).stored);
    let again = s.run();
    assert!(!again.stored);
    assert_eq!(again.config, unset.config);
}

#[test]
fn a_cleared_probe_cache_clears_the_stored_model() {
    let s = Sandbox::new();
    s.run();
    std::fs::remove_dir_all(s.cache().join("probes")).unwrap();
    let r = s.run();
    assert!(!r.stored);
    assert!(has(&r.config, "CONFIG_SH=\"probed\""), "{}", r.config);
}

#[test]
fn a_damaged_or_truncated_store_is_ignored_and_replaced() {
    let s = Sandbox::new();
    let first = s.run();
    let file = &s.only_cache_file("model");
    let bytes = std::fs::read(file).unwrap();
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    for damaged in [flipped, bytes[..bytes.len() - 5].to_vec(), Vec::new()] {
        std::fs::write(file, &damaged).unwrap();
        let r = s.run();
        assert!(!r.stored);
        assert_eq!(r.config, first.config);
        let now = std::fs::read(file).unwrap();
        let at = now.iter().zip(&bytes).position(|(a, b)| a != b);
        assert_eq!(
            now,
            bytes,
            "rewritten whole: {} vs {} bytes, first difference at {at:?}",
            now.len(),
            bytes.len()
        );
    }
}

#[test]
fn no_model_is_stored_without_caches_or_with_a_replay_file() {
    let s = Sandbox::new();
    s.run_with(&["--no-probe-cache"], &[]);
    assert!(s.stored_files().is_empty());
    let replay = s.path("probes.json");
    s.run_with(&["--probes", replay.to_str().unwrap()], &[]);
    assert!(s.stored_files().is_empty());
    assert!(Path::new(&replay).is_file());
}

#[test]
fn storing_a_model_removes_the_ones_of_other_builds_for_the_same_load() {
    let s = Sandbox::new();
    s.run();
    let file = s.only_cache_file("model");
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let (load, _) = name.split_once('-').unwrap();
    let older = file.with_file_name(format!("{load}-00000000000000000000000000000000.bin"));
    let other_load = file.with_file_name("0123456789abcdef0123456789abcdef-00.bin");
    std::fs::write(&older, "an older build's model").unwrap();
    std::fs::write(&other_load, "another tree's model").unwrap();
    s.after_writing("sub/one/Kconfig", "config ONE\n\tbool \"one\"\n");
    assert!(!older.exists());
    assert!(other_load.exists() && file.exists());
}

/// Sets the modification time of `path` `days` days back.
fn age(path: &Path, days: u64) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(days * 24 * 3600);
    let file = std::fs::File::options().append(true).open(path).unwrap();
    file.set_modified(then).unwrap();
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn parse_caches_and_models_unused_for_a_month_are_evicted_when_one_is_written() {
    let s = Sandbox::new();
    s.run();
    let parse_dir = s.cache().join("parse");
    let model_dir = s.cache().join("model");
    let old_parse = parse_dir.join("00000000000000aa.bin");
    let recent_parse = parse_dir.join("00000000000000bb.bin");
    let old_model = model_dir.join("aa-00.bin");
    let recent_model = model_dir.join("bb-00.bin");
    let not_a_cache = model_dir.join("notes.txt");
    for p in [
        &old_parse,
        &recent_parse,
        &old_model,
        &recent_model,
        &not_a_cache,
    ] {
        std::fs::write(p, "another tree's cache").unwrap();
    }
    for p in [&old_parse, &old_model, &not_a_cache] {
        age(p, 31);
    }
    age(&recent_parse, 29);
    age(&recent_model, 29);
    // The CLI waits for its background cache writes before it exits.
    s.after_writing("sub/one/Kconfig", "config ONE\n\tbool \"one\"\n");
    assert!(!old_parse.exists() && !old_model.exists());
    assert!(recent_parse.exists() && recent_model.exists() && not_a_cache.exists());
    assert_eq!(s.stored_files().len(), 3, "{:?}", s.stored_files());
}

#[test]
fn a_warm_run_marks_its_model_and_parse_cache_used() {
    let s = Sandbox::new();
    s.run();
    let (model, parse) = (s.only_cache_file("model"), s.only_cache_file("parse"));
    age(&model, 20);
    age(&parse, 20);
    let before = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    assert!(s.run().stored);
    assert!(modified(&model) > before && modified(&parse) > before);
}
