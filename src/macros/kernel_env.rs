//! The environment the kernel's top-level Makefile hands to conf when a user
//! runs `make [ARCH=..] [LLVM=..] [CROSS_COMPILE=..] olddefconfig` in the
//! source tree (an in-tree build).
//!
//! # What is modelled (Makefiles of Linux 5.10 to 7.3)
//! Computed here, for every tree:
//! * `ARCH ?= $(SUBARCH)`, `SUBARCH` from `uname -m` through the sed chain of
//!   scripts/subarch.include; `SRCARCH` from `ARCH` (`i386`/`x86_64` → `x86`,
//!   `sparc64` → `sparc`, `parisc64` → `parisc`, `sh64` → `sh`).
//! * `srctree := .` and `objtree := .` (in-tree builds), `KCONFIG_CONFIG ?=
//!   .config`, `LC_COLLATE=C`, `LC_NUMERIC=C`.
//! * `VERSION`, `PATCHLEVEL`, `SUBLEVEL`, `EXTRAVERSION` read from the tree's
//!   Makefile, and `KERNELVERSION` built from them as the Makefile does;
//!   `KERNELRELEASE` is empty (no include/config/kernel.release yet).
//! * The toolchain: `CC LD AR NM OBJCOPY OBJDUMP READELF STRIP HOSTCC
//!   HOSTCXX CPP` as `$(CROSS_COMPILE)gcc`.. or, with `LLVM` set, `clang
//!   ld.lld llvm-ar`.., with the `LLVM=/path/` prefix and `LLVM=-19` suffix
//!   forms where the tree's Makefile has them (5.18+; 5.10 knows only the
//!   plain names), and `LLVM_LINK` where the Makefile exports it (7.x).
//!
//! Read from the tree's own top Makefile (makefile_env.rs, top_makefile.rs):
//! which other names it exports and their plain values (`RUSTC`, `PAHOLE`,
//! `PYTHON` on 5.10, `TAR` and `srcroot` on 7.x, `RUSTC_BOOTSTRAP`..), the
//! names it `unexport`s (`LC_ALL`), the `NAME = $(shell ...)` variables it
//! exports (`CC_VERSION_TEXT`, `RUSTC_VERSION_TEXT`, 7.x's
//! `PAHOLE_VERSION`), and `CLANG_FLAGS`: from scripts/Makefile.clang, or on
//! 5.10 from the Makefile's own clang block (clang_flags.rs).
//!
//! # Precedence
//! Make lets the environment set variables the Makefile assigns with `?=` or
//! not at all (`ARCH`, `CROSS_COMPILE`, `LLVM`, `LLVM_IAS`, `KCONFIG_CONFIG`),
//! but plain `CC = $(CROSS_COMPILE)gcc` assignments beat the environment
//! (unless `make -e`). A make command line (`make CC=clang`) beats both. So
//! [`KernelOptions`] has the process environment, read only for those names
//! and passed through to conf otherwise, and `overrides`: the make
//! command-line variables, which win everywhere and are exported.
//!
//! # Not modelled
//! Out-of-tree builds (`O=`), `make -e`, variables the arch Makefiles assign
//! for config targets (x86: `UTS_MACHINE`, `BITS`, `RETPOLINE_CFLAGS`..;
//! elsewhere a `CROSS_COMPILE` guessed with `cc-cross-prefix`), the
//! `KBUILD_*FLAGS` families (no Kconfig file reads them), `MAKE`,
//! `MAKEFLAGS`, and arch/um's `HEADER_ARCH`/`SUBARCH` exports.
//!
//! Checked against 5.10, 6.12 and 7.3 on x86_64, with gcc and `LLVM=-19`,
//! by running `env` from a recipe of the tree's own Makefile (`make
//! --no-print-directory -f wrap.mk envconfig`, wrap.mk = `include Makefile`
//! plus that rule): every variable we export has make's value; make exports
//! in addition only the families listed above and the values that depend
//! on `make -s` or `V=` (`quiet`, `Q`, `KBUILD_VERBOSE`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::error::KernelEnvError;
use super::probe::Probes;
use super::top_makefile::{Context, TopMakefile};

/// What a user's `make` invocation says about the environment.
#[derive(Clone, Debug, Default)]
pub struct KernelOptions {
    /// The environment make was started with.
    pub process_env: BTreeMap<String, String>,
    /// Variables given on make's command line (`ARCH=arm64`, `CC=clang`).
    pub overrides: BTreeMap<String, String>,
    /// The machine name `uname -m` prints; `None` asks `uname`.
    pub machine: Option<String>,
}

impl KernelOptions {
    /// Our process environment, with `arch` as a command-line `ARCH=`.
    pub fn from_process(arch: Option<&str>) -> KernelOptions {
        let mut overrides = BTreeMap::new();
        if let Some(arch) = arch {
            overrides.insert("ARCH".to_owned(), arch.to_owned());
        }
        KernelOptions {
            process_env: std::env::vars().collect(),
            overrides,
            machine: None,
        }
    }
}

/// The variables conf sees: those the Makefile exports, and the rest of the
/// environment make was started with.
#[derive(Clone, Debug)]
pub struct KernelEnv {
    tree: PathBuf,
    pub(super) exported: BTreeMap<String, String>,
    pub(super) inherited: BTreeMap<String, String>,
    /// SHA-256 of what keys the probe cache (exported variables and
    /// `PATH`), computed once: 100 probes share it.
    digest: std::sync::OnceLock<[u8; 32]>,
}

/// Names make reads from the environment: assigned with `?=` or not at all.
const FROM_ENVIRONMENT: &[&str] = &[
    "ARCH",
    "CROSS_COMPILE",
    "LLVM",
    "LLVM_IAS",
    "KCONFIG_CONFIG",
];

impl KernelEnv {
    /// Computes what the top Makefile of `tree` exports to conf.
    pub fn detect(
        tree: &Path,
        options: &KernelOptions,
        probes: &Probes,
    ) -> Result<KernelEnv, KernelEnvError> {
        let mut env = KernelEnv {
            tree: tree.to_owned(),
            exported: BTreeMap::new(),
            inherited: options.process_env.clone(),
            digest: Default::default(),
        };
        let machine = match &options.machine {
            Some(m) => m.clone(),
            None => uname_machine(),
        };
        let text = std::fs::read_to_string(tree.join("Makefile")).unwrap_or_default();
        let abs_tree = std::fs::canonicalize(tree).unwrap_or_else(|_| tree.to_owned());
        let makefile = TopMakefile::parse(
            &text,
            &Context {
                abs_tree: &abs_tree.to_string_lossy(),
                command_line: &options.overrides,
                environment: &options.process_env,
            },
        );
        env.set_basics(options, &machine);
        env.set_toolchain(&makefile);
        env.set_makefile_exports(&makefile);
        env.set_kbuild_defconfig(&makefile, &machine);
        env.apply_overrides(options);
        env.set_version_texts(probes, &makefile)?;
        env.set_clang_flags(&machine, &text, probes)?;
        env.apply_overrides(options);
        Ok(env)
    }

    /// An environment given outright: `exported` as the Makefile's exports,
    /// `inherited` as the rest of make's environment. For Kconfig trees that
    /// are not the kernel's, and for tests.
    pub fn from_vars(
        tree: &Path,
        exported: BTreeMap<String, String>,
        inherited: BTreeMap<String, String>,
    ) -> KernelEnv {
        KernelEnv {
            tree: tree.to_owned(),
            exported,
            inherited,
            digest: Default::default(),
        }
    }

    /// The exported variables (name → value): what `$(NAME)` finds first and
    /// what probes get in their environment.
    pub fn vars(&self) -> &BTreeMap<String, String> {
        &self.exported
    }

    /// What conf's `getenv(name)` returns: an exported variable, else the
    /// environment make was started with.
    pub fn lookup(&self, name: &str) -> Option<&str> {
        self.exported
            .get(name)
            .or_else(|| self.inherited.get(name))
            .map(String::as_str)
    }

    /// The environment make was started with.
    pub fn inherited(&self) -> &BTreeMap<String, String> {
        &self.inherited
    }

    /// The kernel tree (conf's working directory).
    pub fn tree(&self) -> &Path {
        &self.tree
    }

    pub(super) fn set(&mut self, name: &str, value: impl Into<String>) {
        self.exported.insert(name.to_owned(), value.into());
        self.digest = Default::default();
    }

    /// SHA-256 over every exported variable and `PATH` (from the exports
    /// or else the inherited environment), each field NUL-terminated so
    /// that no two environments collide by concatenation.
    pub(crate) fn digest(&self) -> &[u8; 32] {
        self.digest.get_or_init(|| {
            use sha2::{Digest, Sha256};
            let mut h = Sha256::new();
            let mut field = |bytes: &[u8]| {
                h.update(bytes);
                h.update([0u8]);
            };
            for (k, v) in &self.exported {
                field(k.as_bytes());
                field(v.as_bytes());
            }
            if !self.exported.contains_key("PATH") {
                field(b"PATH");
                field(self.lookup("PATH").unwrap_or("").as_bytes());
            }
            h.finalize().into()
        })
    }

    pub(super) fn get(&self, name: &str) -> &str {
        self.exported.get(name).map(String::as_str).unwrap_or("")
    }

    /// `KBUILD_DEFCONFIG`, which the top Makefile exports after reading
    /// arch/$(SRCARCH)/Makefile: 5.10's DEFCONFIG_LIST names it
    /// (init/Kconfig), so conf starts from arch/x86/configs/x86_64_defconfig.
    fn set_kbuild_defconfig(&mut self, makefile: &TopMakefile, machine: &str) {
        if makefile.exported().any(|n| n == "KBUILD_DEFCONFIG") {
            let name = crate::kbuild::defconfig::kbuild_defconfig(
                &self.tree,
                self.get("ARCH"),
                self.get("SRCARCH"),
                machine,
            );
            self.set("KBUILD_DEFCONFIG", name);
        }
    }

    fn set_basics(&mut self, options: &KernelOptions, machine: &str) {
        for name in FROM_ENVIRONMENT {
            let value = options
                .overrides
                .get(*name)
                .or(options.process_env.get(*name));
            if let Some(value) = value {
                self.set(name, value.clone());
            }
        }
        if !self.exported.contains_key("ARCH") {
            self.set("ARCH", subarch_from_machine(machine));
        }
        self.set("SRCARCH", srcarch_from_arch(self.get("ARCH")));
        for (name, default) in [("CROSS_COMPILE", ""), ("KCONFIG_CONFIG", ".config")] {
            if !self.exported.contains_key(name) {
                self.set(name, default);
            }
        }
        for (name, value) in [
            ("srctree", "."),
            ("objtree", "."),
            ("LC_COLLATE", "C"),
            ("LC_NUMERIC", "C"),
        ] {
            self.set(name, value);
        }
        let version = read_version(&self.tree.join("Makefile"));
        self.set("KERNELVERSION", version.kernelversion());
        for (name, value) in version.exported_fields() {
            self.set(name, value);
        }
        self.set("KERNELRELEASE", "");
    }

    /// `CC`.. from `CROSS_COMPILE` and `LLVM`, in the `LLVM=` forms this
    /// tree's Makefile understands (5.10 has neither `LLVM=DIR/` nor
    /// `LLVM=-N`: any non-empty value means the plain names).
    fn set_toolchain(&mut self, makefile: &TopMakefile) {
        let forms = LlvmForms {
            prefix: makefile.mentions("LLVM_PREFIX"),
            suffix: makefile.mentions("LLVM_SUFFIX"),
        };
        let llvm = self.get("LLVM").to_owned();
        for (name, value) in toolchain_in(self.get("CROSS_COMPILE"), &llvm, forms) {
            self.set(name, value);
        }
        if !llvm.is_empty() && makefile.exports("LLVM_LINK") {
            let clang = self.get("CC").to_owned();
            self.set("LLVM_LINK", clang.replacen("clang", "llvm-link", 1));
        }
        let cpp = format!("{} -E", self.get("CC"));
        self.set("CPP", cpp);
    }

    /// Command-line variables beat every Makefile assignment and are exported.
    fn apply_overrides(&mut self, options: &KernelOptions) {
        for (name, value) in &options.overrides {
            self.set(name, value.clone());
        }
    }
}

/// What `uname -m` prints: the `machine` field of the uname(2) system
/// call, which is where the command gets it (no process started), or the
/// architecture we were compiled for if the call fails.
fn uname_machine() -> String {
    #[cfg(unix)]
    {
        // SAFETY: `utsname` is plain data that uname(2) fills; its fields
        // are NUL-terminated on success.
        let mut uts: libc::utsname = unsafe { std::mem::zeroed() };
        if unsafe { libc::uname(&mut uts) } == 0 {
            let field = unsafe { std::ffi::CStr::from_ptr(uts.machine.as_ptr()) };
            let machine = field.to_string_lossy().trim().to_owned();
            if !machine.is_empty() {
                return machine;
            }
        }
    }
    std::env::consts::ARCH.to_owned()
}

/// scripts/subarch.include (6.12): `uname -m | sed -e s/i.86/x86/ ...`. Each
/// sed command replaces the first match, unanchored.
pub fn subarch_from_machine(machine: &str) -> String {
    let mut s = machine.to_owned();
    s = sed_first(&s, "i.86", false, "x86");
    s = sed_first(&s, "x86_64", false, "x86");
    s = sed_first(&s, "sun4u", false, "sparc64");
    if s != "arm64" {
        s = sed_first(&s, "arm", true, "arm");
    }
    s = sed_first(&s, "sa110", false, "arm");
    s = sed_first(&s, "s390x", false, "s390");
    s = sed_first(&s, "ppc", true, "powerpc");
    s = sed_first(&s, "mips", true, "mips");
    s = sed_first(&s, "sh[234]", true, "sh");
    s = sed_first(&s, "aarch64", true, "arm64");
    s = sed_first(&s, "riscv", true, "riscv");
    sed_first(&s, "loongarch", true, "loongarch")
}

/// `s/PATTERN/REPL/` where PATTERN is literal characters, `.` and `[..]`
/// classes, optionally followed by `.*` (`to_end`).
fn sed_first(s: &str, pattern: &str, to_end: bool, repl: &str) -> String {
    let atoms = sed_atoms(pattern);
    let chars: Vec<char> = s.chars().collect();
    for start in 0..chars.len() {
        let rest = &chars[start..];
        if rest.len() >= atoms.len() && atoms.iter().zip(rest).all(|(a, c)| a.matches(*c)) {
            let end = if to_end {
                chars.len()
            } else {
                start + atoms.len()
            };
            let before: String = chars[..start].iter().collect();
            let after: String = chars[end..].iter().collect();
            return format!("{before}{repl}{after}");
        }
    }
    s.to_owned()
}

enum SedAtom {
    Char(char),
    Any,
    Class(Vec<char>),
}

impl SedAtom {
    fn matches(&self, c: char) -> bool {
        match self {
            SedAtom::Char(x) => *x == c,
            SedAtom::Any => true,
            SedAtom::Class(set) => set.contains(&c),
        }
    }
}

fn sed_atoms(pattern: &str) -> Vec<SedAtom> {
    let mut atoms = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        atoms.push(match c {
            '.' => SedAtom::Any,
            '[' => SedAtom::Class(chars.by_ref().take_while(|&c| c != ']').collect()),
            c => SedAtom::Char(c),
        });
    }
    atoms
}

/// The top Makefile's `SRCARCH := $(ARCH)` and its exceptions.
pub fn srcarch_from_arch(arch: &str) -> String {
    match arch {
        "i386" | "x86_64" => "x86",
        "sparc32" | "sparc64" => "sparc",
        "parisc64" => "parisc",
        "sh64" => "sh",
        other => other,
    }
    .to_owned()
}

/// Which `LLVM=` forms a tree's Makefile understands besides `LLVM=1`.
#[derive(Clone, Copy, Debug)]
pub struct LlvmForms {
    /// `LLVM=/usr/lib/llvm-19/bin/` (5.18+)
    pub prefix: bool,
    /// `LLVM=-19` (5.18+)
    pub suffix: bool,
}

/// `CC`, `LD`, ... as the top Makefile (5.18+) names them from
/// `CROSS_COMPILE` and `LLVM`.
pub fn toolchain(cross_compile: &str, llvm: &str) -> Vec<(&'static str, String)> {
    let all = LlvmForms {
        prefix: true,
        suffix: true,
    };
    toolchain_in(cross_compile, llvm, all)
}

/// [`toolchain`] for a Makefile that understands only `forms`.
pub fn toolchain_in(
    cross_compile: &str,
    llvm: &str,
    forms: LlvmForms,
) -> Vec<(&'static str, String)> {
    const NAMES: [(&str, &str, &str); 8] = [
        ("CC", "gcc", "clang"),
        ("LD", "ld", "ld.lld"),
        ("AR", "ar", "llvm-ar"),
        ("NM", "nm", "llvm-nm"),
        ("OBJCOPY", "objcopy", "llvm-objcopy"),
        ("OBJDUMP", "objdump", "llvm-objdump"),
        ("READELF", "readelf", "llvm-readelf"),
        ("STRIP", "strip", "llvm-strip"),
    ];
    if llvm.is_empty() {
        let mut tools: Vec<_> = NAMES
            .iter()
            .map(|(var, gnu, _)| (*var, format!("{cross_compile}{gnu}")))
            .collect();
        tools.push(("HOSTCC", "gcc".to_owned()));
        tools.push(("HOSTCXX", "g++".to_owned()));
        return tools;
    }
    // `ifneq ($(filter %/,$(LLVM)),)` then `else ifneq ($(filter -%,$(LLVM)),)`
    let (prefix, suffix) = if forms.prefix && llvm.ends_with('/') {
        (llvm, "")
    } else if forms.suffix && llvm.starts_with('-') {
        ("", llvm)
    } else {
        ("", "")
    };
    let mut tools: Vec<_> = NAMES
        .iter()
        .map(|(var, _, name)| (*var, format!("{prefix}{name}{suffix}")))
        .collect();
    tools.push(("HOSTCC", format!("{prefix}clang{suffix}")));
    tools.push(("HOSTCXX", format!("{prefix}clang++{suffix}")));
    tools
}

/// `VERSION = 6` ... lines at the top of the kernel's Makefile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KernelVersion {
    pub version: String,
    pub patchlevel: String,
    pub sublevel: String,
    pub extraversion: String,
}

impl KernelVersion {
    /// `$(VERSION)$(if $(PATCHLEVEL),.$(PATCHLEVEL)$(if $(SUBLEVEL),.$(SUBLEVEL)))$(EXTRAVERSION)`
    pub fn kernelversion(&self) -> String {
        let mut s = self.version.clone();
        if !self.patchlevel.is_empty() {
            s.push('.');
            s.push_str(&self.patchlevel);
            if !self.sublevel.is_empty() {
                s.push('.');
                s.push_str(&self.sublevel);
            }
        }
        s.push_str(&self.extraversion);
        s
    }

    /// The fields the Makefile exports (`EXTRAVERSION` is not).
    fn exported_fields(&self) -> [(&'static str, String); 3] {
        [
            ("VERSION", self.version.clone()),
            ("PATCHLEVEL", self.patchlevel.clone()),
            ("SUBLEVEL", self.sublevel.clone()),
        ]
    }
}

/// Reads the version fields; a missing Makefile or field reads as empty (a
/// Kconfig tree that is not a kernel has no version).
pub fn read_version(makefile: &Path) -> KernelVersion {
    let text = std::fs::read_to_string(makefile).unwrap_or_default();
    parse_version(&text)
}

/// The first `NAME = value` line for each field (make's last assignment
/// wins, but the kernel assigns each once, at the top).
pub fn parse_version(makefile: &str) -> KernelVersion {
    let field = |name: &str| {
        makefile
            .lines()
            .find_map(|line| {
                let (lhs, rhs) = line.split_once('=')?;
                (lhs.trim() == name).then(|| rhs.trim().to_owned())
            })
            .unwrap_or_default()
    };
    KernelVersion {
        version: field("VERSION"),
        patchlevel: field("PATCHLEVEL"),
        sublevel: field("SUBLEVEL"),
        extraversion: field("EXTRAVERSION"),
    }
}
