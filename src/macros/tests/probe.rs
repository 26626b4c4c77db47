//! Probes: output cooking, memory, on-disk cache, replay file, prefetch.

use std::collections::BTreeMap;
use std::path::Path;

use super::kernel_env;

use crate::macros::{
    cache_key, default_cache_dir, pending, shell_output, ProbeCache, ProbeOptions, ProbeStats,
    Probes, PENDING,
};

fn probes(dir: &Path, cache: ProbeCache, replay: Option<&Path>) -> Probes {
    Probes::new(ProbeOptions {
        dir: dir.to_owned(),
        cache,
        replay: replay.map(Path::to_owned),
    })
    .unwrap()
}

/// A command that leaves a mark each time it really runs.
fn counting_command(log: &Path) -> String {
    format!("echo ran >> '{}'; echo out", log.display())
}

fn runs(log: &Path) -> usize {
    std::fs::read_to_string(log).map_or(0, |s| s.lines().count())
}

fn no_env() -> crate::macros::KernelEnv {
    kernel_env(Path::new("/"), &[], &[])
}

#[test]
fn output_keeps_at_most_4095_bytes() {
    assert_eq!(shell_output(&[b'x'; 5000]).len(), 4095);
    assert_eq!(shell_output(&[b'x'; 4096]).len(), 4095);
    assert_eq!(shell_output(&[b'x'; 4095]).len(), 4095);
}

#[test]
fn output_loses_trailing_newlines_and_joins_lines() {
    assert_eq!(shell_output(b"a\nb\n\n"), "a b");
    assert_eq!(shell_output(b"\n\n"), "");
}

#[test]
fn probe_runs_in_the_tree_with_the_kernel_environment() {
    let tree = tempfile::tempdir().unwrap();
    let p = probes(tree.path(), ProbeCache::Disabled, None);
    let env = kernel_env(tree.path(), &[("CC", "mycc")], &[("LC_ALL", "C.UTF-8")]);
    let out = p
        .shell("echo $CC; pwd; echo ${LC_ALL-unset}", &env)
        .unwrap();
    let real = tree.path().canonicalize().unwrap();
    assert_eq!(out, format!("mycc {} unset", real.display()));
}

#[test]
fn same_command_runs_once_per_process() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("log");
    let p = probes(tmp.path(), ProbeCache::Disabled, None);
    let cmd = counting_command(&log);
    assert_eq!(p.shell(&cmd, &no_env()).unwrap(), "out");
    assert_eq!(p.shell(&cmd, &no_env()).unwrap(), "out");
    assert_eq!(runs(&log), 1);
    assert_eq!(
        p.stats(),
        ProbeStats {
            live: 1,
            memory_hits: 1,
            ..ProbeStats::default()
        }
    );
}

#[test]
fn disk_cache_is_shared_across_instances() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = ProbeCache::Dir(tmp.path().join("cache"));
    let log = tmp.path().join("log");
    let cmd = counting_command(&log);
    let first = probes(tmp.path(), cache.clone(), None);
    assert_eq!(first.shell(&cmd, &no_env()).unwrap(), "out");
    let second = probes(tmp.path(), cache, None);
    assert_eq!(second.shell(&cmd, &no_env()).unwrap(), "out");
    assert_eq!(runs(&log), 1);
    assert_eq!(second.stats().disk_hits, 1);
}

#[test]
fn disk_cache_key_includes_the_environment() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = ProbeCache::Dir(tmp.path().join("cache"));
    let p = probes(tmp.path(), cache.clone(), None);
    let gcc = kernel_env(tmp.path(), &[("CC", "gcc")], &[]);
    let clang = kernel_env(tmp.path(), &[("CC", "clang")], &[]);
    assert_eq!(p.shell("echo $CC", &gcc).unwrap(), "gcc");
    let q = probes(tmp.path(), cache, None);
    assert_eq!(q.shell("echo $CC", &clang).unwrap(), "clang");
    assert_ne!(
        cache_key("x", tmp.path(), &gcc),
        cache_key("x", tmp.path(), &clang)
    );
}

#[test]
fn corrupt_cache_entry_is_ignored_and_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let cache_dir = tmp.path().join("cache");
    let log = tmp.path().join("log");
    let cmd = counting_command(&log);
    let p = probes(tmp.path(), ProbeCache::Dir(cache_dir.clone()), None);
    p.shell(&cmd, &no_env()).unwrap();
    let entry = cache_dir.join(format!("{}.json", cache_key(&cmd, tmp.path(), &no_env())));
    std::fs::write(&entry, "{not json").unwrap();
    let q = probes(tmp.path(), ProbeCache::Dir(cache_dir.clone()), None);
    assert_eq!(q.shell(&cmd, &no_env()).unwrap(), "out");
    assert_eq!(runs(&log), 2);
    let r = probes(tmp.path(), ProbeCache::Dir(cache_dir), None);
    r.shell(&cmd, &no_env()).unwrap();
    assert_eq!(runs(&log), 2, "the entry was rewritten");
}

#[test]
fn unusable_cache_dir_is_not_fatal() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let p = probes(tmp.path(), ProbeCache::Dir(file.join("sub")), None);
    assert_eq!(p.cache_dir(), None);
    assert_eq!(p.shell("echo ok", &no_env()).unwrap(), "ok");
}

#[test]
fn shell_uncached_does_not_touch_the_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let cache_dir = tmp.path().join("cache");
    let p = probes(tmp.path(), ProbeCache::Dir(cache_dir.clone()), None);
    p.shell_uncached("echo v", &no_env()).unwrap();
    assert_eq!(std::fs::read_dir(cache_dir).unwrap().count(), 0);
}

#[test]
fn replay_file_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let replay = tmp.path().join("probes.json");
    let log = tmp.path().join("log");
    let cmd = counting_command(&log);
    let recording = probes(tmp.path(), ProbeCache::Disabled, Some(&replay));
    assert_eq!(recording.shell(&cmd, &no_env()).unwrap(), "out");
    recording.save(&replay).unwrap();
    let text = std::fs::read_to_string(&replay).unwrap();
    let map: BTreeMap<String, String> = serde_json::from_str(&text).unwrap();
    assert_eq!(map, BTreeMap::from([(cmd.clone(), "out".to_owned())]));

    let replaying = probes(tmp.path(), ProbeCache::Disabled, Some(&replay));
    assert_eq!(replaying.shell(&cmd, &no_env()).unwrap(), "out");
    assert_eq!(runs(&log), 1);
    assert_eq!(replaying.stats().replay_hits, 1);
}

#[test]
fn replay_file_wins_over_the_real_command_and_grows() {
    let tmp = tempfile::tempdir().unwrap();
    let replay = tmp.path().join("probes.json");
    std::fs::write(&replay, r#"{"echo real": "pinned"}"#).unwrap();
    let p = probes(tmp.path(), ProbeCache::Disabled, Some(&replay));
    assert_eq!(p.shell("echo real", &no_env()).unwrap(), "pinned");
    assert_eq!(p.shell("echo new", &no_env()).unwrap(), "new");
    p.save(&replay).unwrap();
    let map: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(&replay).unwrap()).unwrap();
    assert_eq!(map.len(), 2);
    assert_eq!(map["echo new"], "new");
}

#[test]
fn save_without_replay_file_lists_this_runs_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let p = probes(tmp.path(), ProbeCache::Disabled, None);
    p.shell("echo a", &no_env()).unwrap();
    let out = tmp.path().join("out.json");
    p.save(&out).unwrap();
    assert!(std::fs::read_to_string(out)
        .unwrap()
        .contains(r#""echo a": "a""#));
}

#[test]
fn malformed_replay_file_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let replay = tmp.path().join("probes.json");
    std::fs::write(&replay, "[1, 2]").unwrap();
    let err = Probes::new(ProbeOptions {
        dir: tmp.path().to_owned(),
        cache: ProbeCache::Disabled,
        replay: Some(replay),
    })
    .unwrap_err();
    assert!(
        err.to_string().contains("malformed probe replay file"),
        "{err}"
    );
}

#[test]
fn prefetch_seeds_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let p = probes(tmp.path(), ProbeCache::Disabled, None);
    let cmds: Vec<String> = (0..8).map(|i| format!("echo {i}")).collect();
    p.prefetch(&cmds, &no_env()).unwrap();
    assert_eq!(p.stats().live, 8);
    assert_eq!(p.shell("echo 3", &no_env()).unwrap(), "3");
    assert_eq!(p.stats().live, 8);
    assert_eq!(p.stats().memory_hits, 1);
}

#[test]
fn default_cache_dir_order() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    let all = env(&[
        ("KSOLVE_CACHE_DIR", "/k"),
        ("XDG_CACHE_HOME", "/x"),
        ("HOME", "/h"),
    ]);
    assert_eq!(default_cache_dir(all), Some("/k/probes".into()));
    let xdg = env(&[
        ("KSOLVE_CACHE_DIR", ""),
        ("XDG_CACHE_HOME", "/x"),
        ("HOME", "/h"),
    ]);
    assert_eq!(default_cache_dir(xdg), Some("/x/ksolve/probes".into()));
    assert_eq!(
        default_cache_dir(env(&[("HOME", "/h")])),
        Some("/h/.cache/ksolve/probes".into())
    );
    assert_eq!(default_cache_dir(env(&[])), None);
}

#[test]
fn probes_and_preprocessor_cross_threads() {
    fn shareable<T: Send + Sync>() {}
    fn sendable<T: Send>() {}
    shareable::<Probes>();
    sendable::<crate::macros::Preprocessor>();
}

#[test]
fn a_speculative_pass_queues_unknown_commands_for_the_serving_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("log");
    let p = probes(tmp.path(), ProbeCache::Disabled, None);
    let cmd = counting_command(&log);
    std::thread::scope(|scope| {
        p.speculate(true);
        scope.spawn(|| p.serve(&no_env()));
        assert_eq!(p.shell(&cmd, &no_env()).unwrap(), pending(0));
        // Built from an output not known yet: never run; its own output
        // stands for the outputs it was built from.
        let dependent = format!("echo '{}' >> '{}'", pending(0), log.display());
        assert_eq!(p.shell(&dependent, &no_env()).unwrap(), pending(0));
        assert!(p.speculate(false), "the pass wanted commands");
        assert!(p.dependent());
        p.close();
    });
    assert_eq!(runs(&log), 1);
    assert_eq!(p.shell(&cmd, &no_env()).unwrap(), "out");
    assert_eq!(runs(&log), 1, "the real pass finds the result in memory");
    p.speculate(true);
    assert_eq!(p.shell(&cmd, &no_env()).unwrap(), "out");
    assert!(
        !p.speculate(false),
        "a pass that knew every result wanted nothing"
    );
}

/// A command that waits for the file `go`, leaving a mark when it starts.
fn slow_command(log: &Path, go: &Path) -> String {
    format!(
        "echo ran >> '{}'; while [ ! -e '{}' ]; do sleep 0.01; done; echo slow",
        log.display(),
        go.display()
    )
}

/// Creates `go` after `ms` milliseconds, unless it exists by then.
fn go_after(go: &Path, ms: u64) {
    for _ in 0..ms / 10 {
        if go.exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let _ = std::fs::write(go, "");
}

#[test]
fn between_passes_only_the_outputs_a_command_was_built_from_are_waited_for() {
    let tmp = tempfile::tempdir().unwrap();
    let (log, go) = (tmp.path().join("log"), tmp.path().join("go"));
    let p = probes(tmp.path(), ProbeCache::Disabled, None);
    let slow = slow_command(&log, &go);
    let first = "echo first".to_string();
    std::thread::scope(|scope| {
        p.speculate(true);
        scope.spawn(|| p.serve(&no_env()));
        scope.spawn(|| p.serve(&no_env()));
        assert_eq!(p.shell(&slow, &no_env()).unwrap(), pending(0));
        assert_eq!(p.shell(&first, &no_env()).unwrap(), pending(1));
        let dependent = format!("echo dep {}", pending(1));
        assert_eq!(p.shell(&dependent, &no_env()).unwrap(), pending(1));
        assert!(p.speculate(false));
        assert!(p.dependent());
        // Lets the slow command finish after a while if the wait hangs.
        scope.spawn(|| go_after(&go, 10_000));
        p.wait_for_inputs();
        assert!(!go.exists(), "waited for a command it was not built from");
        // The next pass builds it; it depends on nothing pending, so the
        // real pass follows at once and waits for the slow command there.
        p.speculate(true);
        assert_eq!(p.shell(&first, &no_env()).unwrap(), "first");
        assert_eq!(p.shell("echo dep first", &no_env()).unwrap(), pending(2));
        assert_eq!(p.shell(&slow, &no_env()).unwrap(), pending(0));
        assert!(p.speculate(false));
        assert!(!p.dependent());
        assert_eq!(p.shell("echo dep first", &no_env()).unwrap(), "dep first");
        scope.spawn(|| go_after(&go, 50));
        assert_eq!(p.shell(&slow, &no_env()).unwrap(), "slow");
        p.close();
    });
    assert_eq!(runs(&log), 1, "the slow command ran once");
}

#[test]
fn the_real_pass_runs_a_command_still_queued_itself_and_only_once() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("log");
    let p = probes(tmp.path(), ProbeCache::Disabled, None);
    let cmd = counting_command(&log);
    p.speculate(true);
    assert_eq!(p.shell(&cmd, &no_env()).unwrap(), pending(0));
    assert!(p.speculate(false));
    // No thread serves the queue yet: the real pass takes the command.
    assert_eq!(p.shell(&cmd, &no_env()).unwrap(), "out");
    std::thread::scope(|scope| {
        scope.spawn(|| p.serve(&no_env()));
        p.close();
    });
    assert_eq!(runs(&log), 1);
}

#[test]
fn a_command_only_a_wrong_guess_wanted_is_not_run_after_the_real_pass() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("log");
    let p = probes(tmp.path(), ProbeCache::Disabled, None);
    p.speculate(true);
    assert_eq!(
        p.shell(&counting_command(&log), &no_env()).unwrap(),
        pending(0)
    );
    assert!(p.speculate(false));
    // The real pass needs nothing; then the queue is abandoned.
    std::thread::scope(|scope| {
        p.abandon();
        scope.spawn(|| p.serve(&no_env()));
    });
    assert_eq!(runs(&log), 0);
}

#[test]
fn an_altered_stand_in_waits_for_every_queued_command() {
    let tmp = tempfile::tempdir().unwrap();
    let (log, go) = (tmp.path().join("log"), tmp.path().join("go"));
    let p = probes(tmp.path(), ProbeCache::Disabled, None);
    let slow = slow_command(&log, &go);
    std::thread::scope(|scope| {
        p.speculate(true);
        scope.spawn(|| p.serve(&no_env()));
        assert_eq!(p.shell(&slow, &no_env()).unwrap(), pending(0));
        // The number cut off: built from any pending output.
        let cut = format!("echo {}", &pending(0)[..PENDING.len()]);
        p.shell(&cut, &no_env()).unwrap();
        // Out of range: as unknown.
        p.shell(&format!("echo {}", pending(7)), &no_env()).unwrap();
        assert!(p.speculate(false) && p.dependent());
        scope.spawn(|| go_after(&go, 50));
        p.wait_for_inputs();
        assert!(go.exists(), "returned before the slow command ran");
        p.close();
    });
}
