//! `verify`: fragment lines against a modules directory laid out as `make
//! modules_install` lays it out (kernel-fixtures/modules-install, on the
//! kbuild-basic tree), and the counts before a build.

use crate::common::{finish, fixtures_dir, ksolve};
use ksolve::verify::installed::{builtin_names, modinfo_names};

fn modules_dir() -> std::path::PathBuf {
    fixtures_dir().join("modules-install/lib/modules/6.12.0-fixture")
}

/// Run verify with `fragment` (text): (exit, per line "LINE STATUS HOLDS").
fn verify(fragment: &str) -> (i32, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let frag = dir.path().join("frag.config");
    std::fs::write(&frag, fragment).unwrap();
    let (code, out, err) = finish(
        ksolve()
            .arg("--tree")
            .arg(fixtures_dir().join("kbuild-basic"))
            .args(["--format", "json", "verify", "--modules-dir"])
            .arg(modules_dir())
            .arg(&frag),
    );
    assert!(code == 0 || code == 1, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["schema"], "ksolve.verify/1");
    let lines = r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{} {} {}",
                l["line"].as_str().unwrap(),
                l["status"].as_str().unwrap(),
                l["holds"]
            )
        })
        .collect();
    (code, lines)
}

#[test]
fn each_line_is_builtin_a_module_or_absent_as_installed() {
    let (code, lines) = verify(
        "CONFIG_BLK_DEV_NVME=y\nCONFIG_NVME_CORE=y\nCONFIG_NVME_KEYRING=y\n\
         CONFIG_CRYPTO_AES_NI_INTEL=m\nCONFIG_NVME_TCP=m\n# CONFIG_E1000E is not set\n\
         CONFIG_IKCONFIG=y\nCONFIG_PLDMFW=y\nCONFIG_IXGBE=m\n",
    );
    assert_eq!(
        lines,
        [
            "CONFIG_BLK_DEV_NVME=y builtin true",
            // Only modules.builtin.modinfo's `nvme_core.file=` says so.
            "CONFIG_NVME_CORE=y builtin true",
            "CONFIG_NVME_KEYRING=y builtin true",
            // aesni-intel.ko.xz: `-` and `_` alike.
            "CONFIG_CRYPTO_AES_NI_INTEL=m module true",
            "CONFIG_NVME_TCP=m module true",
            "# CONFIG_E1000E is not set absent true",
            // kernel/configs.ko in modules.builtin.
            "CONFIG_IKCONFIG=y builtin true",
            // A bool builds no module: build/.config decides.
            "CONFIG_PLDMFW=y no-module true",
            // Both modules of its obj- line are installed.
            "CONFIG_IXGBE=m module true",
        ]
    );
    assert_eq!(code, 0);
}

#[test]
fn a_request_that_did_not_make_it_into_the_kernel_exits_1() {
    let (code, lines) = verify(
        "CONFIG_IXGBE=y\nCONFIG_PHYLIB=y\nCONFIG_BLK_DEV_NVME=m\n# CONFIG_PLDMFW is not set\n",
    );
    assert_eq!(
        lines,
        [
            "CONFIG_IXGBE=y module false",
            "CONFIG_PHYLIB=y absent false",
            "CONFIG_BLK_DEV_NVME=m builtin false",
            "# CONFIG_PLDMFW is not set no-module false",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_missing_modules_directory_is_a_usage_error() {
    let (code, _out, err) = finish(
        ksolve()
            .arg("--tree")
            .arg(fixtures_dir().join("kbuild-basic"))
            .args([
                "verify",
                "--modules-dir",
                "/nonexistent/modules",
                "/dev/null",
            ]),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("/nonexistent/modules: not a directory"),
        "{err}"
    );
}

#[test]
fn damaged_index_lines_are_skipped() {
    let names = builtin_names("kernel/a/b.ko\n\nnonsense\nkernel/x/y-z.ko\nkernel/q/.ko\n");
    let mut names: Vec<_> = names.into_iter().collect();
    names.sort();
    assert_eq!(names, ["b", "y_z"]);
    let info = modinfo_names("a.file=x/a\0b.parm=p:q\0\0.file=z\0c\0bad name.file=q\0");
    assert_eq!(info.into_iter().collect::<Vec<_>>(), ["a"]);
}

#[test]
fn before_a_build_the_makefile_map_counts_modules_and_builtin_drivers() {
    let tree = fixtures_dir().join("kbuild-basic");
    let (code, out, err) = finish(
        ksolve()
            .arg("--tree")
            .arg(&tree)
            .arg("--config")
            .arg(tree.join("base.config"))
            .args(["--format", "json", "verify"])
            .arg("/dev/null"),
    );
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names = |k: &str| -> Vec<String> {
        r[k].as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("builtin_names"), SUMMARY_BUILTIN);
    assert_eq!(names("module_names"), SUMMARY_MODULES);
    assert_eq!(r["modules"], SUMMARY_MODULES.len());
}

/// From kernel-fixtures/kbuild-basic/base.config: the tristate symbols of
/// obj- lines at y, and at m (mdio_bus through `$(MDIO_OBJS)`, ixgbe_extra
/// on IXGBE's continued line).
const SUMMARY_BUILTIN: [&str; 2] = ["aesni_intel", "crypto_simd"];
const SUMMARY_MODULES: [&str; 14] = [
    "dca",
    "e1000e",
    "ghash_generic",
    "ixgbe",
    "ixgbe_extra",
    "libphy",
    "mdio_bus",
    "nvme",
    "nvme_auth",
    "nvme_core",
    "nvme_keyring",
    "nvme_tcp",
    "pci_helper",
    "zlib_helper",
];

/// `localmodconfig --modules LIST FRAGMENT` is the two steps the seed runs:
/// localmodconfig, then the fragment merged on its result through
/// olddefconfig; requests the result loses make it exit 1.
#[test]
fn localmodconfig_with_a_fragment_is_localmodconfig_then_the_fragment() {
    let tree = fixtures_dir().join("kbuild-basic");
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    std::fs::write(p("mods"), "ixgbe\nlibphy\n").unwrap();
    std::fs::write(
        p("frag"),
        "CONFIG_NET_CORE=y\nCONFIG_PCI_HELPER=y\nCONFIG_IXGBE=y\nCONFIG_E1000E=m\n",
    )
    .unwrap();
    let base = tree.join("base.config");
    let run = |args: &[&std::ffi::OsStr]| {
        finish(ksolve().arg("--tree").arg(&tree).arg("--config").args(args))
    };
    let (code, _, err) = run(&[
        base.as_os_str(),
        "localmodconfig".as_ref(),
        "--modules".as_ref(),
        p("mods").as_os_str(),
        "-o".as_ref(),
        p("step1").as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, two_steps, err) = run(&[
        p("step1").as_os_str(),
        "olddefconfig".as_ref(),
        p("frag").as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, one_step, err) = run(&[
        base.as_os_str(),
        "localmodconfig".as_ref(),
        "--modules".as_ref(),
        p("mods").as_os_str(),
        p("frag").as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(one_step, two_steps);
    assert!(
        one_step.lines().any(|l| l == "CONFIG_IXGBE=y"),
        "{one_step}"
    );
    assert!(
        one_step.lines().any(|l| l == "CONFIG_E1000E=m"),
        "{one_step}"
    );
    // MDIO_BUS has no prompt: only PHYLIB's select sets it.
    std::fs::write(p("lost"), "# CONFIG_MDIO_BUS is not set\n").unwrap();
    let (code, _, err) = run(&[
        base.as_os_str(),
        "localmodconfig".as_ref(),
        "--modules".as_ref(),
        p("mods").as_os_str(),
        p("lost").as_os_str(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("MDIO_BUS"), "{err}");
}
