//! `-o` onto what is not a regular file, and what an interrupted run
//! leaves behind (issue 14).

use crate::common::{self, finish, tree_of};
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;

const KCONFIG: &[u8] = b"config A\n\tbool \"a\"\n\tdefault y\n";
const EXPECTED: &str = "CONFIG_A=y\n";

fn tree() -> tempfile::TempDir {
    tree_of(&[("Kconfig", KCONFIG), (".config", b"")])
}

fn olddefconfig_to(dir: &Path, out: &Path) -> std::process::Command {
    let mut cmd = common::ksolve();
    cmd.arg("--tree")
        .arg(dir)
        .args(["-q", "olddefconfig", "-o"])
        .arg(out)
        .env_remove("KCONFIG_OVERWRITECONFIG");
    cmd
}

fn c_path(p: &Path) -> CString {
    CString::new(p.as_os_str().as_bytes()).unwrap()
}

fn temporaries(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

#[test]
fn output_onto_a_fifo_is_written_into_the_fifo_which_stays_a_fifo() {
    let dir = tree();
    let fifo = dir.path().join("pipe");
    assert_eq!(unsafe { libc::mkfifo(c_path(&fifo).as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let (code, _, err) = finish(&mut olddefconfig_to(dir.path(), &fifo));
    assert_eq!(code, 0, "{err}");
    assert!(reader.join().unwrap().ends_with(EXPECTED));
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(meta.file_type().is_fifo(), "the FIFO was replaced");
    assert!(temporaries(dir.path(), ".ksolve-").is_empty());
}

#[test]
fn output_onto_a_device_node_is_written_into_the_device_which_stays() {
    let dir = tree();
    let node = dir.path().join("null");
    // A /dev/null of our own where we may make one (root), else /dev/null.
    let made = unsafe {
        libc::mknod(
            c_path(&node).as_ptr(),
            libc::S_IFCHR | 0o666,
            libc::makedev(1, 3),
        )
    } == 0;
    let node = if made { node } else { "/dev/null".into() };
    let before = std::fs::symlink_metadata(&node).unwrap();
    let (code, _, err) = finish(&mut olddefconfig_to(dir.path(), &node));
    assert_eq!(code, 0, "{err}");
    let after = std::fs::symlink_metadata(&node).unwrap();
    assert!(
        after.file_type().is_char_device(),
        "the device was replaced"
    );
    assert_eq!((before.ino(), before.rdev()), (after.ino(), after.rdev()));
    assert!(!node.with_file_name("null.old").exists());
}

#[test]
fn output_onto_a_symlink_writes_its_target_and_the_link_stays_a_link() {
    let dir = tree();
    std::fs::create_dir(dir.path().join("configs")).unwrap();
    let target = dir.path().join("configs/kept.config");
    std::fs::write(&target, "previous\n").unwrap();
    let link = dir.path().join("out.config");
    std::os::unix::fs::symlink("configs/kept.config", &link).unwrap();
    let (code, _, err) = finish(&mut olddefconfig_to(dir.path(), &link));
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .ends_with(EXPECTED));
    assert!(temporaries(&dir.path().join("configs"), ".ksolve-").is_empty());
}

#[test]
fn kconfig_overwriteconfig_writes_in_place_keeping_the_inode() {
    let dir = tree();
    let out = dir.path().join("out.config");
    std::fs::write(&out, "previous\n").unwrap();
    let inode = std::fs::metadata(&out).unwrap().ino();
    let (code, _, err) =
        finish(olddefconfig_to(dir.path(), &out).env("KCONFIG_OVERWRITECONFIG", "1"));
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::metadata(&out).unwrap().ino(), inode);
    assert!(std::fs::read_to_string(&out).unwrap().ends_with(EXPECTED));
}

#[test]
fn output_onto_a_directory_is_an_error_and_the_directory_stays() {
    let dir = tree();
    let out = dir.path().join("out.d");
    std::fs::create_dir(&out).unwrap();
    let (code, _, err) = finish(&mut olddefconfig_to(dir.path(), &out));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("Is a directory"), "{err}");
    assert!(out.is_dir());
}

#[test]
fn sigterm_mid_write_removes_the_temporary_file_and_keeps_the_output() {
    for signal in [libc::SIGTERM, libc::SIGINT] {
        let dir = tree();
        let out = dir.path().join("out.config");
        std::fs::write(&out, "previous\n").unwrap();
        let mut child = olddefconfig_to(dir.path(), &out)
            .env("KSOLVE_TEST_SLOW_WRITE", "1")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while temporaries(dir.path(), ".ksolve-").is_empty() {
            assert!(
                started.elapsed().as_secs() < 30,
                "no temporary file appeared"
            );
            assert!(child.try_wait().unwrap().is_none(), "ended before writing");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
        let status = child.wait().unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(signal), "dies of the signal");
        assert_eq!(temporaries(dir.path(), ".ksolve-"), Vec::<String>::new());
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous\n");
    }
}

#[test]
fn temporary_files_left_by_killed_runs_are_swept_once_an_hour_old() {
    let dir = tree();
    let out = dir.path().join("out.config");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for name in [".ksolve-Ab3xYz", ".ksolve-fresh1", ".ksolve-notours-really"] {
        let f = std::fs::File::create(dir.path().join(name)).unwrap();
        if name != ".ksolve-fresh1" {
            f.set_modified(hour_ago).unwrap();
        }
    }
    let (code, _, err) = finish(&mut olddefconfig_to(dir.path(), &out));
    assert_eq!(code, 0, "{err}");
    let mut left = temporaries(dir.path(), ".ksolve-");
    left.sort();
    assert_eq!(left, [".ksolve-fresh1", ".ksolve-notours-really"]);
}

#[test]
fn temporary_cache_files_left_by_killed_runs_are_swept() {
    let dir = tree();
    let cache = tempfile::tempdir().unwrap();
    let probes = cache.path().join("probes");
    std::fs::create_dir_all(&probes).unwrap();
    let stale = probes.join(".tmpQw9Er2");
    std::fs::File::create(&stale)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
        .unwrap();
    let kconfig = "config S\n\tstring\n\tdefault \"$(shell,echo hi)\"\n";
    std::fs::write(dir.path().join("Kconfig"), kconfig).unwrap();
    let (code, out, err) = finish(
        std::process::Command::new(env!("CARGO_BIN_EXE_ksolve"))
            .arg("--tree")
            .arg(dir.path())
            .arg("olddefconfig")
            .env("KSOLVE_CACHE_DIR", cache.path()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CONFIG_S=\"hi\""), "{out}");
    assert!(!stale.exists(), "the abandoned .tmp file is still there");
}
