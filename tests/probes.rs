//! `$(shell,...)` as conf runs it, and the probe cache: never stale,
//! never another user's (issue 14).

use crate::common::{self, finish, tree_of};

/// `olddefconfig` of a tree with this Kconfig and an empty .config.
fn olddefconfig_of(kconfig: &[u8]) -> (i32, String, String) {
    let dir = tree_of(&[("Kconfig", kconfig), (".config", b"")]);
    finish(
        common::ksolve()
            .arg("--tree")
            .arg(dir.path())
            .arg("olddefconfig"),
    )
}

#[test]
fn shell_yes_keeps_what_conf_s_buffer_holds_and_goes_on() {
    // conf (6.12) writes CONFIG_S as 4095 bytes of "y y y ... y" in 0.04 s;
    // ksolve read 2 GB and failed ("out of memory").
    let (code, out, err) = olddefconfig_of(b"config S\n\tstring\n\tdefault \"$(shell,yes)\"\n");
    assert_eq!(code, 0, "{err}");
    let want = format!("CONFIG_S=\"{}y\"\n", "y ".repeat(2047));
    assert!(out.ends_with(&want), "{}", &out[..out.len().min(200)]);
}

#[test]
fn shell_output_is_cut_at_a_nul_as_conf_s_c_string() {
    // conf (6.12): CONFIG_T="a" and CONFIG_U="a " for these two.
    let kconfig = "config T\n\tstring\n\tdefault \"$(shell,printf \"a\\0b\")\"\n\
                   config U\n\tstring\n\tdefault \"$(shell,printf \"a\\n\\0b\\n\")\"\n";
    let (code, out, err) = olddefconfig_of(kconfig.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CONFIG_T=\"a\"\nCONFIG_U=\"a \"\n"), "{out}");
}

/// A kernel-like tree whose probes run tools from `bin/` (first on `PATH`),
/// with its own cache directory.
struct Setup {
    root: tempfile::TempDir,
}

const TOOL_KCONFIG: &str = "\
config CC_TEXT
\tstring
\tdefault \"$(CC_VERSION_TEXT)\"
config CC_KIND
\tstring
\tdefault \"$(shell,$(CC) --kind)\"
config PAHOLE_VERSION
\tint
\tdefault $(shell,$(srctree)/scripts/pahole-version.sh $(PAHOLE))
config SEEN
\tstring
\tdefault \"$(shell,echo ${KSOLVE_TEST_SEEN:-unset})\"
";

const PAHOLE_SCRIPT: &str = "#!/bin/sh\n\
    if ! command -v \"$1\" >/dev/null 2>&1; then echo 0; exit 0; fi\n\
    \"$1\" --version\n";

/// A masquerade directory as ccache sets one up: its `k-gcc` runs the
/// next `k-gcc` on `PATH`.
const MASQUERADE: &str = "#!/bin/sh\n\
    self=$(cd \"$(dirname \"$0\")\" && pwd)\n\
    IFS=:\n\
    for d in $PATH; do\n\
    [ \"$d\" = \"$self\" ] && continue\n\
    [ -x \"$d/k-gcc\" ] && exec \"$d/k-gcc\" \"$@\"\n\
    done\n\
    exit 127\n";

impl Setup {
    fn new() -> Setup {
        let root = tempfile::tempdir().unwrap();
        let s = Setup { root };
        s.write("tree/Kconfig", TOOL_KCONFIG, false);
        s.write(
            "tree/Makefile",
            // The tree's own Makefile decides what conf sees (as since
            // kernel_env reads its export lines): PAHOLE as the kernel's.
            "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nPAHOLE\t\t= pahole\nexport PAHOLE\n",
            false,
        );
        s.write("tree/.config", "", false);
        s.write("tree/scripts/pahole-version.sh", PAHOLE_SCRIPT, true);
        s.write("mask/k-gcc", MASQUERADE, true);
        s.write("real/gcc-like", &compiler("gcc (Fake) 14.2.0", "gcc"), true);
        s.write(
            "real/clang-like",
            &compiler("Fake LLVM 19.1.0", "llvm"),
            true,
        );
        std::fs::create_dir_all(s.path("bin")).unwrap();
        s.point("real/k-gcc", "gcc-like");
        s
    }

    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.root.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str, executable: bool) {
        use std::os::unix::fs::PermissionsExt;
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&p);
        std::fs::write(&p, text).unwrap();
        let mode = if executable { 0o755 } else { 0o644 };
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    /// Re-point the link `rel` at `to`, as `update-alternatives` does.
    fn point(&self, rel: &str, to: &str) {
        let p = self.path(rel);
        let _ = std::fs::remove_file(&p);
        std::os::unix::fs::symlink(to, p).unwrap();
    }

    /// `olddefconfig` of `tree` with the probe cache or without it.
    fn run(&self, tree: &str, cached: bool, vars: &[(&str, &str)]) -> String {
        let path = format!(
            "{}:{}:{}:/usr/bin:/bin",
            self.path("mask").display(),
            self.path("bin").display(),
            self.path("real").display()
        );
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ksolve"));
        cmd.env_clear()
            .env("PATH", path)
            .env("CROSS_COMPILE", "k-")
            .env("KSOLVE_CACHE_DIR", self.path("cache"))
            .envs(vars.iter().copied())
            .arg("--tree")
            .arg(self.path(tree))
            .args(["-q", "olddefconfig"]);
        if !cached {
            cmd.arg("--no-probe-cache");
        }
        let (code, out, err) = finish(&mut cmd);
        assert_eq!(code, 0, "{err}");
        out
    }

    /// `PAHOLE_VERSION` of `tree` (cached, checked against uncached).
    fn pahole(&self, tree: &str) -> String {
        value(&self.same_as_uncached(tree, &[]), "PAHOLE_VERSION").to_owned()
    }

    /// The cached run's output, after checking it is the uncached one's.
    fn same_as_uncached(&self, tree: &str, vars: &[(&str, &str)]) -> String {
        let cached = self.run(tree, true, vars);
        assert_eq!(
            cached,
            self.run(tree, false, vars),
            "the cache answered differently"
        );
        cached
    }
}

/// A script that prints `n`.
fn echo(n: u32) -> String {
    format!("#!/bin/sh\necho {n}\n")
}

/// A fake compiler: `--version` prints `version`, `--kind` prints `kind`.
fn compiler(version: &str, kind: &str) -> String {
    format!(
        "#!/bin/sh\ncase \"$1\" in --version) echo \"{version}\";; --kind) echo {kind};; esac\n"
    )
}

fn value<'a>(config: &'a str, name: &str) -> &'a str {
    let prefix = format!("CONFIG_{name}=");
    config
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {name} in {config}"))
}

#[test]
fn stale_probe_cache_pahole_installed_into_a_directory_already_on_path() {
    let s = Setup::new();
    let before = s.same_as_uncached("tree", &[]);
    assert_eq!(value(&before, "PAHOLE_VERSION"), "0");
    s.write("bin/pahole", "#!/bin/sh\necho 127\n", true);
    let after = s.same_as_uncached("tree", &[]);
    assert_eq!(value(&after, "PAHOLE_VERSION"), "127");
}

#[test]
fn stale_probe_cache_compiler_behind_a_masquerade_wrapper_switched_to_clang() {
    let s = Setup::new();
    let before = s.same_as_uncached("tree", &[]);
    assert_eq!(value(&before, "CC_KIND"), "\"gcc\"");
    assert_eq!(value(&before, "CC_TEXT"), "\"gcc (Fake) 14.2.0\"");
    s.point("real/k-gcc", "clang-like");
    let after = s.same_as_uncached("tree", &[]);
    assert_eq!(value(&after, "CC_KIND"), "\"llvm\"");
    assert_eq!(value(&after, "CC_TEXT"), "\"Fake LLVM 19.1.0\"");
}

#[test]
fn stale_probe_cache_script_of_the_tree_edited() {
    let s = Setup::new();
    s.write("bin/pahole", "#!/bin/sh\necho 125\n", true);
    assert_eq!(s.pahole("tree"), "125");
    s.write("tree/scripts/pahole-version.sh", &echo(126), true);
    assert_eq!(s.pahole("tree"), "126");
}

#[test]
fn stale_probe_cache_tree_symlink_re_pointed_to_another_tree() {
    let s = Setup::new();
    let other = s.path("other");
    std::process::Command::new("cp")
        .arg("-a")
        .arg(s.path("tree"))
        .arg(&other)
        .status()
        .unwrap();
    s.write("other/scripts/pahole-version.sh", &echo(99), true);
    s.point("link", "tree");
    assert_eq!(s.pahole("link"), "0");
    s.point("link", "other");
    assert_eq!(s.pahole("link"), "99");
}

#[test]
fn stale_probe_cache_inherited_variable_read_by_a_probe_changed() {
    let s = Setup::new();
    let one = s.same_as_uncached("tree", &[("KSOLVE_TEST_SEEN", "one")]);
    assert_eq!(value(&one, "SEEN"), "\"one\"");
    let two = s.same_as_uncached("tree", &[("KSOLVE_TEST_SEEN", "two")]);
    assert_eq!(value(&two, "SEEN"), "\"two\"");
    let unset = s.same_as_uncached("tree", &[]);
    assert_eq!(value(&unset, "SEEN"), "\"unset\"");
}

/// What can happen to a probe cache between two runs.
#[derive(Clone, Debug)]
enum Change {
    Nothing,
    /// Cut, overwrite, flip a byte of, or remove the `n`th cache file.
    Damage {
        n: usize,
        how: u8,
    },
    /// Re-point the compiler behind the masquerade wrapper.
    SwitchCompiler,
    /// Install or remove `pahole`.
    TogglePahole,
    /// Change the variable a probe reads.
    SetSeen(u8),
}

fn change() -> impl proptest::strategy::Strategy<Value = Change> {
    use proptest::prelude::*;
    prop_oneof![
        Just(Change::Nothing),
        (0usize..64, 0u8..4).prop_map(|(n, how)| Change::Damage { n, how }),
        Just(Change::SwitchCompiler),
        Just(Change::TogglePahole),
        (0u8..3).prop_map(Change::SetSeen),
    ]
}

impl Setup {
    fn cache_files(&self) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for sub in ["probes", "parse", "model"] {
            if let Ok(dir) = std::fs::read_dir(self.path("cache").join(sub)) {
                files.extend(dir.flatten().map(|e| e.path()));
            }
        }
        files.sort();
        files
    }

    fn apply(&self, change: &Change, seen: &mut String) {
        match change {
            Change::Nothing => {}
            Change::Damage { n, how } => {
                let files = self.cache_files();
                let Some(file) = files.get(n % files.len().max(1)) else {
                    return;
                };
                let mut bytes = std::fs::read(file).unwrap();
                match how {
                    0 => bytes.truncate(bytes.len() / 2),
                    1 => bytes = b"{\"version\":3,\"cmd\":\"x\",\"output\":\"damaged\"}".to_vec(),
                    2 if !bytes.is_empty() => {
                        let at = bytes.len() / 3;
                        bytes[at] ^= 0x5a;
                    }
                    _ => return std::fs::remove_file(file).unwrap(),
                }
                std::fs::write(file, bytes).unwrap();
            }
            Change::SwitchCompiler => {
                let now = std::fs::read_link(self.path("real/k-gcc")).unwrap();
                let to = if now.ends_with("gcc-like") {
                    "clang-like"
                } else {
                    "gcc-like"
                };
                self.point("real/k-gcc", to);
            }
            Change::TogglePahole => {
                if std::fs::remove_file(self.path("bin/pahole")).is_err() {
                    self.write("bin/pahole", "#!/bin/sh\necho 124\n", true);
                }
            }
            Change::SetSeen(v) => *seen = format!("value-{v}"),
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 8, ..Default::default() })]
    #[test]
    fn any_probe_cache_state_gives_the_output_of_no_probe_cache(
        changes in proptest::collection::vec(change(), 1..6)
    ) {
        let s = Setup::new();
        let mut seen = "start".to_owned();
        s.same_as_uncached("tree", &[("KSOLVE_TEST_SEEN", &seen)]);
        for c in &changes {
            s.apply(c, &mut seen);
            s.same_as_uncached("tree", &[("KSOLVE_TEST_SEEN", &seen)]);
        }
    }
}
