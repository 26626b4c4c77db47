//! A cache directory someone else can write, or with planted links, FIFOs
//! and devices in it, is refused or ignored, and the run stays correct
//! (issue 14).

use crate::common::{finish, tree_of};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

const KCONFIG: &[u8] = b"config S\n\tstring\n\tdefault \"$(shell,echo safe)\"\n";
const EXPECTED: &str = "CONFIG_S=\"safe\"\n";

/// `olddefconfig` with `cache` as `KSOLVE_CACHE_DIR`, in at most 60 s.
fn run(tree: &Path, cache: &Path) -> (i32, String, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ksolve"))
        .arg("--tree")
        .arg(tree)
        .arg("olddefconfig")
        .env("KSOLVE_CACHE_DIR", cache)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed().as_secs() > 60 {
            child.kill().unwrap();
            panic!("ksolve hung on the cache");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

/// A tree and a cache filled by one run, every probe entry then rewritten
/// to answer `POISON; id`.
fn poisoned() -> (tempfile::TempDir, tempfile::TempDir) {
    let tree = tree_of(&[("Kconfig", KCONFIG), (".config", b"")]);
    let cache = tempfile::tempdir().unwrap();
    let (code, out, err) = run(tree.path(), cache.path());
    assert_eq!((code, out.ends_with(EXPECTED)), (0, true), "{err}");
    for e in std::fs::read_dir(cache.path().join("probes"))
        .unwrap()
        .flatten()
    {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let poisoned = text.replace("\"output\":\"safe\"", "\"output\":\"POISON; id\"");
        assert_ne!(text, poisoned, "the entry format changed: {text}");
        std::fs::write(e.path(), poisoned).unwrap();
    }
    for sub in ["model", "parse"] {
        let _ = std::fs::remove_dir_all(cache.path().join(sub));
    }
    (tree, cache)
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn cache_directory_writable_by_others_is_refused_and_the_run_stays_correct() {
    let (tree, cache) = poisoned();
    for dir in [cache.path().to_owned(), cache.path().join("probes")] {
        chmod(&dir, 0o777);
        let (code, out, err) = run(tree.path(), cache.path());
        assert_eq!(code, 0, "{err}");
        assert!(out.ends_with(EXPECTED), "a planted entry was used: {out}");
        assert!(err.contains("is writable by others (mode 0777;"), "{err}");
        assert!(err.contains(&dir.display().to_string()), "{err}");
        chmod(&dir, 0o700);
    }
    let (_, out, _) = run(tree.path(), cache.path());
    assert!(
        out.contains("POISON"),
        "the test did not plant anything: {out}"
    );
}

#[test]
fn cache_directory_owned_by_another_user_is_refused() {
    let (tree, cache) = poisoned();
    let probes = cache.path().join("probes");
    // As root, give the directory away; else use one that is not ours.
    let given = std::process::Command::new("chown")
        .args(["-R", "65534"])
        .arg(&probes)
        .status()
        .is_ok_and(|s| s.success());
    let cache_dir = if given { cache.path() } else { Path::new("/") };
    let (code, out, err) = run(tree.path(), cache_dir);
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with(EXPECTED), "{out}");
    assert!(err.contains("is owned by user"), "{err}");
}

#[test]
fn cache_directories_are_created_0700_whatever_the_umask() {
    let tree = tree_of(&[("Kconfig", KCONFIG), (".config", b"")]);
    let base = tempfile::tempdir().unwrap();
    let cache = base.path().join("new/ksolve");
    let (code, _, err) = finish(
        std::process::Command::new("sh")
            .args(["-c", "umask 0; exec \"$0\" --tree \"$1\" olddefconfig"])
            .arg(env!("CARGO_BIN_EXE_ksolve"))
            .arg(tree.path())
            .env("KSOLVE_CACHE_DIR", &cache),
    );
    assert_eq!(code, 0, "{err}");
    for dir in [
        "new",
        "new/ksolve",
        "new/ksolve/probes",
        "new/ksolve/model",
        "new/ksolve/parse",
    ] {
        let mode = std::fs::metadata(base.path().join(dir)).unwrap().mode() & 0o7777;
        assert_eq!(mode, 0o700, "{dir}");
    }
}

#[test]
fn symlink_planted_as_the_model_directory_is_refused_and_its_target_untouched() {
    let tree = tree_of(&[("Kconfig", KCONFIG), (".config", b"")]);
    let cache = tempfile::tempdir().unwrap();
    let victim = tempfile::tempdir().unwrap();
    let old = victim.path().join("old.bin");
    std::fs::write(&old, "precious").unwrap();
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(90 * 86400);
    std::fs::File::options()
        .append(true)
        .open(&old)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    for sub in ["model", "parse"] {
        let _ = std::fs::remove_dir_all(cache.path().join(sub));
        std::os::unix::fs::symlink(victim.path(), cache.path().join(sub)).unwrap();
        let (code, out, err) = run(tree.path(), cache.path());
        assert_eq!(code, 0, "{err}");
        assert!(out.ends_with(EXPECTED), "{out}");
        assert!(err.contains("is a symbolic link"), "{err}");
        std::fs::remove_file(cache.path().join(sub)).unwrap();
    }
    let left: Vec<_> = std::fs::read_dir(victim.path())
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(
        left.len(),
        1,
        "something was written into the link's target"
    );
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "precious");
}

#[test]
fn fifo_or_dev_zero_planted_as_cache_files_neither_hangs_nor_is_read() {
    let tree = tree_of(&[("Kconfig", KCONFIG), (".config", b"")]);
    let cache = tempfile::tempdir().unwrap();
    assert_eq!(run(tree.path(), cache.path()).0, 0);
    std::thread::sleep(std::time::Duration::from_millis(50));
    let mut planted = 0;
    for sub in ["probes", "model", "parse"] {
        for (i, e) in std::fs::read_dir(cache.path().join(sub))
            .unwrap()
            .flatten()
            .enumerate()
        {
            let path = e.path();
            std::fs::remove_file(&path).unwrap();
            if i % 2 == 0 {
                let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
                assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            } else {
                std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
            }
            planted += 1;
        }
    }
    assert!(planted >= 3, "{planted}");
    let (code, out, err) = run(tree.path(), cache.path());
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with(EXPECTED), "{out}");
}
