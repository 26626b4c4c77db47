//! `CLANG_FLAGS`, as the kernel computes it when `CC_VERSION_TEXT` names
//! clang: from scripts/Makefile.clang (Linux 5.15+: its `--target=` table
//! or, on 6.1, the `CROSS_COMPILE` triple; `-fintegrated-as` unless
//! `LLVM_IAS=0`; its `-Werror=` lines), or on older trees from the block in
//! the top Makefile itself (5.10: `--target=`/`--prefix=`/`--gcc-toolchain=`
//! from `CROSS_COMPILE`, `-fno-integrated-as` unless `LLVM_IAS=1`,
//! `-Werror=unknown-warning-option`).

use std::collections::BTreeMap;
use std::path::Path;

/// What scripts/Makefile.clang reads.
pub struct ClangInput<'a> {
    pub srcarch: &'a str,
    pub subarch: &'a str,
    pub cross_compile: &'a str,
    pub llvm_ias: Option<&'a String>,
    /// `PATH`, to find `$(CROSS_COMPILE)elfedit` for `LLVM_IAS=0`.
    pub path_var: &'a str,
}

/// The `CLANG_FLAGS` scripts/Makefile.clang computes; `None` where make
/// stops with "add '--target=' option".
pub fn clang_flags(makefile_clang: &str, input: &ClangInput) -> Option<String> {
    let mut flags = vec![clang_target(makefile_clang, input)?];
    if input.llvm_ias.map(String::as_str) == Some("0") {
        flags.push("-fno-integrated-as".to_owned());
        let dir = which_dir(&format!("{}elfedit", input.cross_compile), input.path_var);
        flags.push(format!("--prefix={dir}{}", notdir(input.cross_compile)));
    } else {
        flags.push("-fintegrated-as".to_owned());
    }
    for line in makefile_clang.lines() {
        if let Some(rest) = line.strip_prefix("CLANG_FLAGS") {
            let value = rest.trim_start().strip_prefix("+=").map(str::trim);
            if let Some(flag) = value.filter(|v| v.starts_with("-Werror=")) {
                flags.push(flag.to_owned());
            }
        }
    }
    Some(flags.join(" "))
}

/// `--target=TRIPLE`: the per-SRCARCH table, or on 6.1 (which has the
/// `$(CROSS_COMPILE:%-=%)` branch) the cross-compiler's own triple.
fn clang_target(text: &str, input: &ClangInput) -> Option<String> {
    if text.contains("$(CROSS_COMPILE:%-=%)") && !input.cross_compile.is_empty() {
        let triple = input
            .cross_compile
            .strip_suffix('-')
            .unwrap_or(input.cross_compile);
        return Some(format!("--target={}", notdir(triple)));
    }
    let table = clang_target_table(text);
    let lookup = |arch: &str| table.get(arch).cloned();
    let triple = match lookup(input.srcarch)? {
        t if t == "$(CLANG_TARGET_FLAGS_$(SUBARCH))" => lookup(input.subarch)?,
        t => t,
    };
    (!triple.is_empty()).then(|| format!("--target={triple}"))
}

/// `CLANG_TARGET_FLAGS_arm64 := aarch64-linux-gnu` lines.
fn clang_target_table(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("CLANG_TARGET_FLAGS_")?;
            let (arch, value) = rest.split_once(":=")?;
            Some((arch.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

/// make's `$(notdir X)` for one word.
fn notdir(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}

/// `$(dir $(shell which NAME))`: the directory with its trailing slash, or
/// empty when not found (make's `$(dir )` of no word is empty).
fn which_dir(name: &str, path_var: &str) -> String {
    path_var
        .split(':')
        .filter(|d| !d.is_empty())
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
        .and_then(|p| p.parent().map(|d| format!("{}/", d.display())))
        .unwrap_or_default()
}

/// The clang block of the top Makefile before scripts/Makefile.clang
/// (Linux 5.10): with `CROSS_COMPILE`, `--target=` its triple, `--prefix=`
/// the directory of `$(CROSS_COMPILE)elfedit` and `--gcc-toolchain=` that
/// directory's parent (`$(realpath DIR/..)`, `/` when not found); or
/// `--gcc-toolchain=$(GCC_TOOLCHAIN)` from the environment. Then
/// `-fintegrated-as` only with `LLVM_IAS=1`, and `-Werror=unknown-warning-option`.
pub fn inline_clang_flags(input: &ClangInput, gcc_toolchain_env: Option<&str>) -> String {
    let mut flags = Vec::new();
    let mut gcc_toolchain = gcc_toolchain_env.unwrap_or("").to_owned();
    if !input.cross_compile.is_empty() {
        let triple = input
            .cross_compile
            .strip_suffix('-')
            .unwrap_or(input.cross_compile);
        flags.push(format!("--target={}", notdir(triple)));
        let dir = which_dir(&format!("{}elfedit", input.cross_compile), input.path_var);
        flags.push(format!("--prefix={dir}{}", notdir(input.cross_compile)));
        let parent = Path::new(&format!("{dir}/..")).canonicalize().ok();
        gcc_toolchain = parent.map_or(String::new(), |p| p.display().to_string());
    }
    if !gcc_toolchain.is_empty() {
        flags.push(format!("--gcc-toolchain={gcc_toolchain}"));
    }
    if input.llvm_ias.map(String::as_str) == Some("1") {
        flags.push("-fintegrated-as".to_owned());
    } else {
        flags.push("-fno-integrated-as".to_owned());
    }
    flags.push("-Werror=unknown-warning-option".to_owned());
    flags.join(" ")
}

/// The shell command of the top Makefile's own clang test (5.10:
/// `ifneq ($(shell $(CC) --version 2>&1 | head -n 1 | grep clang),)`),
/// unexpanded; `None` where the tree has scripts/Makefile.clang instead.
pub(super) fn inline_clang_test(makefile: &str) -> Option<&str> {
    makefile.lines().find_map(|line| {
        let cmd = line.strip_prefix("ifneq ($(shell ")?.strip_suffix("),)")?;
        cmd.contains("grep clang").then_some(cmd)
    })
}
