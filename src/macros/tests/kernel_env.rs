//! The kernel environment: architecture names, toolchain names, version,
//! precedence, clang flags.

use std::collections::BTreeMap;
use std::path::Path;

use crate::macros::{
    clang_flags, parse_version, srcarch_from_arch, subarch_from_machine, toolchain, ClangInput,
    KernelEnv, KernelOptions, ProbeCache, ProbeOptions, Probes,
};

/// The top Makefile of 7.3, abridged to the lines the environment reads.
const FAKE_MAKEFILE: &str = "# SPDX-License-Identifier: GPL-2.0\nVERSION = 6\nPATCHLEVEL = 12\n\
    SUBLEVEL = 117\nEXTRAVERSION =\nNAME = Baby Opossum Posse\n\
    unexport LC_ALL\nLC_COLLATE=C\nexport LC_COLLATE\n\
    ifeq ($(srcroot),$(CURDIR))\nbuilding_out_of_srctree :=\nelse\nexport building_out_of_srctree := 1\nendif\n\
    ifneq ($(LLVM),)\nifneq ($(filter %/,$(LLVM)),)\nLLVM_PREFIX := $(LLVM)\n\
    else ifneq ($(filter -%,$(LLVM)),)\nLLVM_SUFFIX := $(LLVM)\nendif\nendif\n\
    ifneq ($(LLVM),)\nLLVM_LINK\t= $(LLVM_PREFIX)llvm-link$(LLVM_SUFFIX)\nendif\n\
    RUSTC\t\t= rustc\nPAHOLE\t\t= pahole\nTAR\t\t= tar\n\
    KERNELDOC       = $(srctree)/tools/docs/kernel-doc\n\
    export RUSTC_BOOTSTRAP := 1\n\
    export RUSTC PAHOLE TAR KERNELDOC LLVM_LINK\n\
    CC_VERSION_TEXT = $(subst $(pound),,$(shell LC_ALL=C $(CC) --version 2>/dev/null | head -n 1))\n\
    RUSTC_VERSION_TEXT = $(subst $(pound),,$(shell $(RUSTC) --version 2>/dev/null))\n\
    PAHOLE_VERSION = $(shell $(srctree)/scripts/pahole-version.sh $(PAHOLE))\n\
    ifdef config-build\nexport KBUILD_DEFCONFIG CC_VERSION_TEXT RUSTC_VERSION_TEXT PAHOLE_VERSION\nendif\n";

/// The lines of 5.10's top Makefile that differ for the environment: no
/// `LLVM=-N` form, its own clang block, no `#` removal.
const FAKE_MAKEFILE_5_10: &str = "VERSION = 5\nPATCHLEVEL = 10\nSUBLEVEL = 223\n\
    PYTHON\t\t= python\nexport PYTHON\n\
    ifneq ($(shell $(CC) --version 2>&1 | head -n 1 | grep clang),)\n\
    CLANG_FLAGS\t+= -fno-integrated-as\nexport CLANG_FLAGS\nendif\n\
    CC_VERSION_TEXT = $(shell $(CC) --version 2>/dev/null | head -n 1)\n\
    ifdef config-build\nexport KBUILD_DEFCONFIG KBUILD_KCONFIG CC_VERSION_TEXT\nendif\n";

/// scripts/Makefile.clang of 6.12, abridged to what we read.
const FAKE_MAKEFILE_CLANG: &str = "CLANG_TARGET_FLAGS_arm64\t:= aarch64-linux-gnu\n\
    CLANG_TARGET_FLAGS_x86\t\t:= x86_64-linux-gnu\n\
    CLANG_TARGET_FLAGS_um\t\t:= $(CLANG_TARGET_FLAGS_$(SUBARCH))\n\
    CLANG_TARGET_FLAGS\t\t:= $(CLANG_TARGET_FLAGS_$(SRCARCH))\n\
    ifeq ($(LLVM_IAS),0)\nCLANG_FLAGS\t+= -fno-integrated-as\nelse\nCLANG_FLAGS\t+= -fintegrated-as\nendif\n\
    CLANG_FLAGS\t+= -Werror=unknown-warning-option\n\
    CLANG_FLAGS\t+= -Werror=ignored-optimization-argument\n\
    KBUILD_CPPFLAGS\t+= $(CLANG_FLAGS)\nexport CLANG_FLAGS\n";

const X86_CLANG_FLAGS: &str = "--target=x86_64-linux-gnu -fintegrated-as \
    -Werror=unknown-warning-option -Werror=ignored-optimization-argument";

/// A tree with the fake Makefiles and two fake compilers in `bin/`.
fn fake_tree() -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let path = tree.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("Makefile", FAKE_MAKEFILE);
    write("scripts/Makefile.clang", FAKE_MAKEFILE_CLANG);
    write(
        "bin/fakeclang",
        "#!/bin/sh\necho 'Fake clang version 18.1.8 (#1)'\necho second line\n",
    );
    write(
        "bin/fakegcc",
        "#!/bin/sh\necho \"fakegcc (GCC) 14.2.0 [$LC_ALL]\"\n",
    );
    write("bin/rustc", "#!/bin/sh\necho 'rustc 1.95.0 (#x)'\n");
    write(
        "scripts/pahole-version.sh",
        "#!/bin/sh\nif [ ! -x \"$(command -v \"$@\")\" ]; then\n\techo 0\n\texit 1\nfi\necho 130\n",
    );
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(tree.path().join("scripts/pahole-version.sh"))
        .status()
        .unwrap();
    for tool in ["fakeclang", "fakegcc", "rustc"] {
        let path = tree.path().join("bin").join(tool);
        std::process::Command::new("chmod")
            .arg("+x")
            .arg(path)
            .status()
            .unwrap();
    }
    tree
}

fn detect(tree: &Path, env: &[(&str, &str)], overrides: &[(&str, &str)]) -> KernelEnv {
    let strings = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let options = KernelOptions {
        process_env: strings(env),
        overrides: strings(overrides),
        machine: Some("x86_64".to_owned()),
    };
    let probes = Probes::new(ProbeOptions {
        dir: tree.to_owned(),
        cache: ProbeCache::Disabled,
        replay: None,
    })
    .unwrap();
    KernelEnv::detect(tree, &options, &probes).unwrap()
}

fn bin(tree: &Path, tool: &str) -> String {
    tree.join("bin").join(tool).display().to_string()
}

#[test]
fn subarch_follows_the_sed_chain() {
    let cases = [
        ("x86_64", "x86"),
        ("i686", "x86"),
        ("i386", "x86"),
        ("aarch64", "arm64"),
        ("aarch64_be", "arm64"),
        ("armv7l", "arm"),
        ("arm64", "arm64"),
        ("sa110", "arm"),
        ("s390x", "s390"),
        ("ppc64le", "powerpc"),
        ("mips64", "mips"),
        ("sh4a", "sh"),
        ("riscv64", "riscv"),
        ("loongarch64", "loongarch"),
        ("sun4u", "sparc64"),
        ("parisc64", "parisc64"),
        ("m68k", "m68k"),
    ];
    for (machine, subarch) in cases {
        assert_eq!(subarch_from_machine(machine), subarch, "{machine}");
    }
}

#[test]
fn srcarch_from_arch_names() {
    let cases = [
        ("x86_64", "x86"),
        ("i386", "x86"),
        ("x86", "x86"),
        ("sparc64", "sparc"),
        ("sparc32", "sparc"),
        ("parisc64", "parisc"),
        ("sh64", "sh"),
        ("arm64", "arm64"),
        ("um", "um"),
    ];
    for (arch, srcarch) in cases {
        assert_eq!(srcarch_from_arch(arch), srcarch, "{arch}");
    }
}

fn tool(tools: &[(&str, String)], name: &str) -> String {
    tools.iter().find(|(n, _)| *n == name).unwrap().1.clone()
}

#[test]
fn gnu_toolchain_takes_the_cross_prefix() {
    let tools = toolchain("aarch64-linux-gnu-", "");
    assert_eq!(tool(&tools, "CC"), "aarch64-linux-gnu-gcc");
    assert_eq!(tool(&tools, "LD"), "aarch64-linux-gnu-ld");
    assert_eq!(tool(&tools, "OBJCOPY"), "aarch64-linux-gnu-objcopy");
    assert_eq!(tool(&tools, "HOSTCC"), "gcc");
}

#[test]
fn llvm_toolchain_names() {
    let plain = toolchain("aarch64-linux-gnu-", "1");
    assert_eq!(tool(&plain, "CC"), "clang");
    assert_eq!(tool(&plain, "LD"), "ld.lld");
    assert_eq!(tool(&plain, "AR"), "llvm-ar");
    assert_eq!(tool(&plain, "HOSTCXX"), "clang++");
    let suffix = toolchain("", "-15");
    assert_eq!(tool(&suffix, "CC"), "clang-15");
    assert_eq!(tool(&suffix, "READELF"), "llvm-readelf-15");
    let prefix = toolchain("", "/opt/llvm/bin/");
    assert_eq!(tool(&prefix, "NM"), "/opt/llvm/bin/llvm-nm");
    assert_eq!(tool(&prefix, "HOSTCC"), "/opt/llvm/bin/clang");
}

#[test]
fn kernelversion_from_makefile_fields() {
    assert_eq!(parse_version(FAKE_MAKEFILE).kernelversion(), "6.12.117");
    let rc = "VERSION = 6\nPATCHLEVEL = 13\nSUBLEVEL = 0\nEXTRAVERSION = -rc1\n";
    assert_eq!(parse_version(rc).kernelversion(), "6.13.0-rc1");
    assert_eq!(
        parse_version("VERSION = 6\nPATCHLEVEL = 1\n").kernelversion(),
        "6.1"
    );
    assert_eq!(parse_version("").kernelversion(), "");
}

#[test]
fn detect_in_tree_defaults() {
    let tree = fake_tree();
    let path = format!("{}:/usr/bin:/bin", tree.path().join("bin").display());
    let env = detect(tree.path(), &[("PATH", &path), ("CC", "ignored-cc")], &[]);
    let v = env.vars();
    assert_eq!(v["ARCH"], "x86");
    assert_eq!(v["SRCARCH"], "x86");
    assert_eq!(v["srctree"], ".");
    assert_eq!(v["KERNELVERSION"], "6.12.117");
    assert_eq!(
        v["CC"], "gcc",
        "an environment CC does not beat `CC = ...gcc`"
    );
    assert_eq!(v["CROSS_COMPILE"], "");
    assert_eq!(v["RUSTC_VERSION_TEXT"], "rustc 1.95.0 (x)");
    assert_eq!(env.lookup("PATH"), Some(path.as_str()));
}

#[test]
fn command_line_compiler_sets_version_text_and_clang_flags() {
    let tree = fake_tree();
    let clang = bin(tree.path(), "fakeclang");
    let env = detect(tree.path(), &[], &[("CC", &clang)]);
    assert_eq!(env.vars()["CC"], clang);
    assert_eq!(
        env.vars()["CC_VERSION_TEXT"],
        "Fake clang version 18.1.8 (1)"
    );
    assert_eq!(env.vars()["CLANG_FLAGS"], X86_CLANG_FLAGS);
}

#[test]
fn version_text_probe_runs_with_lc_all_c_and_no_clang_flags_for_gcc() {
    let tree = fake_tree();
    let gcc = bin(tree.path(), "fakegcc");
    let env = detect(tree.path(), &[("CLANG_FLAGS", "stale")], &[("CC", &gcc)]);
    assert_eq!(env.vars()["CC_VERSION_TEXT"], "fakegcc (GCC) 14.2.0 [C]");
    assert_eq!(env.lookup("CLANG_FLAGS"), Some(""));
}

#[test]
fn environment_arch_and_cross_compile_are_read_but_command_line_wins() {
    let tree = fake_tree();
    let env = detect(
        tree.path(),
        &[("ARCH", "i386"), ("CROSS_COMPILE", "x-")],
        &[],
    );
    assert_eq!(
        (env.vars()["ARCH"].as_str(), env.vars()["SRCARCH"].as_str()),
        ("i386", "x86")
    );
    assert_eq!(env.vars()["LD"], "x-ld");
    let env = detect(tree.path(), &[("ARCH", "i386")], &[("ARCH", "arm64")]);
    assert_eq!(env.vars()["SRCARCH"], "arm64");
}

#[test]
fn llvm_from_the_environment() {
    let tree = fake_tree();
    let env = detect(tree.path(), &[("LLVM", "-18")], &[]);
    assert_eq!(env.vars()["CC"], "clang-18");
    assert_eq!(env.vars()["LLVM"], "-18");
}

fn clang_input<'a>(srcarch: &'a str, cross: &'a str, ias: Option<&'a String>) -> ClangInput<'a> {
    ClangInput {
        srcarch,
        subarch: "x86",
        cross_compile: cross,
        llvm_ias: ias,
        path_var: "",
    }
}

#[test]
fn clang_flags_table_um_and_missing_target() {
    let text = FAKE_MAKEFILE_CLANG;
    let arm = clang_flags(text, &clang_input("arm64", "", None)).unwrap();
    assert!(
        arm.starts_with("--target=aarch64-linux-gnu -fintegrated-as"),
        "{arm}"
    );
    let um = clang_flags(text, &clang_input("um", "", None)).unwrap();
    assert!(um.starts_with("--target=x86_64-linux-gnu "), "{um}");
    assert_eq!(clang_flags(text, &clang_input("alpha", "", None)), None);
}

#[test]
fn clang_flags_6_1_use_the_cross_compile_triple_and_llvm_ias_0() {
    let text =
        format!("{FAKE_MAKEFILE_CLANG}\nCLANG_FLAGS += --target=$(notdir $(CROSS_COMPILE:%-=%))\n");
    let zero = "0".to_owned();
    let flags = clang_flags(
        &text,
        &clang_input("arm64", "/opt/x/aarch64-none-elf-", Some(&zero)),
    );
    let flags = flags.unwrap();
    assert!(
        flags
            .starts_with("--target=aarch64-none-elf -fno-integrated-as --prefix=aarch64-none-elf-"),
        "{flags}"
    );
}

/// `KernelEnv::detect` with the probe cache in `cache`.
fn detect_cached(tree: &Path, env: &[(&str, &str)], cache: &Path) -> KernelEnv {
    let options = KernelOptions {
        process_env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        overrides: BTreeMap::new(),
        machine: Some("x86_64".to_owned()),
    };
    let probes = Probes::new(ProbeOptions {
        dir: tree.to_owned(),
        cache: ProbeCache::Dir(cache.to_owned()),
        replay: None,
    })
    .unwrap();
    KernelEnv::detect(tree, &options, &probes).unwrap()
}

#[test]
fn version_texts_are_cached_until_the_compiler_binary_changes() {
    let tree = fake_tree();
    let cache = tempfile::tempdir().unwrap();
    let path = format!("{}:/usr/bin:/bin", tree.path().join("bin").display());
    let env = [("PATH", path.as_str()), ("CROSS_COMPILE", "fake")];
    let first = detect_cached(tree.path(), &env, cache.path());
    assert_eq!(first.vars()["CC_VERSION_TEXT"], "fakegcc (GCC) 14.2.0 [C]");
    let rustc = tree.path().join("bin/rustc");
    let entries = std::fs::read_dir(cache.path()).unwrap().count();
    assert_eq!(entries, 2, "CC and RUSTC version texts cached");
    let again = detect_cached(tree.path(), &env, cache.path());
    assert_eq!(again.vars()["RUSTC_VERSION_TEXT"], "rustc 1.95.0 (x)");
    // A new binary (as a package upgrade installs): run again.
    std::fs::remove_file(&rustc).unwrap();
    std::fs::write(&rustc, "#!/bin/sh\necho 'rustc 1.96.0 (#y)'\n").unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&rustc)
        .status()
        .unwrap();
    let upgraded = detect_cached(tree.path(), &env, cache.path());
    assert_eq!(upgraded.vars()["RUSTC_VERSION_TEXT"], "rustc 1.96.0 (y)");
}

#[test]
fn exports_follow_the_trees_makefile() {
    let tree = fake_tree();
    let env = detect(tree.path(), &[("LC_ALL", "de_DE.UTF-8")], &[]);
    let v = env.vars();
    assert_eq!(v["TAR"], "tar");
    assert_eq!(v["KERNELDOC"], "./tools/docs/kernel-doc");
    assert_eq!(v["RUSTC_BOOTSTRAP"], "1");
    assert_eq!(v["LLVM_LINK"], "", "exported, never assigned without LLVM");
    assert_eq!(v["LC_COLLATE"], "C");
    assert!(
        !v.contains_key("building_out_of_srctree"),
        "only out of tree"
    );
    assert!(!v.contains_key("PYTHON"), "6.x does not export PYTHON");
    assert_eq!(env.lookup("LC_ALL"), None, "unexport LC_ALL");
    let env = detect(tree.path(), &[], &[("LLVM", "-19")]);
    assert_eq!(env.vars()["LLVM_LINK"], "llvm-link-19");
}

#[test]
fn pahole_version_runs_the_trees_script_and_is_0_without_pahole() {
    let tree = fake_tree();
    let env = detect(tree.path(), &[("PATH", "/nonexistent")], &[]);
    assert_eq!(env.vars()["PAHOLE_VERSION"], "0");
    let fake = bin(tree.path(), "fakegcc");
    let env = detect(tree.path(), &[], &[("PAHOLE", &fake)]);
    assert_eq!(env.vars()["PAHOLE_VERSION"], "130");
}

#[test]
fn linux_5_10_makefile_llvm_names_and_its_own_clang_block() {
    let tree = fake_tree();
    std::fs::write(tree.path().join("Makefile"), FAKE_MAKEFILE_5_10).unwrap();
    std::fs::remove_file(tree.path().join("scripts/Makefile.clang")).unwrap();
    let path = format!("{}:/usr/bin:/bin", tree.path().join("bin").display());
    let env = detect(tree.path(), &[("PATH", &path)], &[("LLVM", "-19")]);
    let v = env.vars();
    assert_eq!((v["CC"].as_str(), v["HOSTCC"].as_str()), ("clang", "clang"));
    assert_eq!(v["PYTHON"], "python");
    assert!(!v.contains_key("PAHOLE_VERSION") && !v.contains_key("RUSTC_VERSION_TEXT"));
    let clang = bin(tree.path(), "fakeclang");
    let env = detect(tree.path(), &[("PATH", &path)], &[("CC", &clang)]);
    assert_eq!(
        env.vars()["CC_VERSION_TEXT"],
        "Fake clang version 18.1.8 (#1)"
    );
    assert_eq!(
        env.vars()["CLANG_FLAGS"],
        "-fno-integrated-as -Werror=unknown-warning-option"
    );
    let gcc = bin(tree.path(), "fakegcc");
    let env = detect(tree.path(), &[("PATH", &path)], &[("CC", &gcc)]);
    assert_eq!(env.lookup("CLANG_FLAGS"), None);
}
