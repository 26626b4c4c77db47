//! Where a removed symbol's code went: the object files its Kbuild lines
//! built in the old tree, found again in the new tree's Makefiles under
//! other symbols. This is the evidence a kernel developer reads by hand
//! when an option disappears: `obj-$(CONFIG_MDIO_BUS) += mdio-bus.o` with
//! `mdio-bus-y += mdio_bus.o` in 6.12 became `obj-$(CONFIG_PHYLIB) +=
//! mdio_bus.o` in 7.3; `sha1-ssse3-$(CONFIG_AS_SHA1_NI) += sha1_ni_asm.o`
//! moved to lib/crypto under `CONFIG_CRYPTO_LIB_SHA1`.
//!
//! Read from every Makefile and Kbuild file (kbuild/scan.rs finds them):
//! `obj-$(CONFIG_X) += a.o`, composite objects (`a-y`, `a-objs`,
//! `a-$(CONFIG_Y) += p.o`, whose parts are built by whatever builds `a`),
//! and the `ifeq`/`ifneq`/`ifdef` blocks around them that name a config.
//! An object is known by its file name with `-` as `_` (sources move
//! between directories and change dashes); names built under many symbols
//! (`core`, `main`) say nothing and are left out.
//!
//! Each object also remembers the architectures it is built for: the
//! `arch/NAME/` its Makefile is in, an `NAME/` directory in its path
//! (lib/crypto's `x86/ghash-pclmul.o`) or an architecture symbol among its
//! conditions (`libgf128hash-$(CONFIG_ARM) += ...`). An x86 driver's code
//! is not found again in arm64's (CRYPTO_GHASH_CLMUL_NI_INTEL's objects
//! are like arm64's ghash-ce, but went to lib/crypto's x86/ghash-pclmul.o).

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;

/// Object names that more symbols than this build are not evidence.
const MAX_BUILDERS: usize = 4;

/// Architecture symbols, conditions of an arch's part, never a successor.
const ARCH_SYMBOLS: &[&str] = &[
    "X86",
    "X86_32",
    "X86_64",
    "ARM",
    "ARM64",
    "PPC",
    "PPC32",
    "PPC64",
    "RISCV",
    "S390",
    "MIPS",
    "SPARC",
    "SPARC32",
    "SPARC64",
    "UML",
    "LOONGARCH",
    "64BIT",
    "MMU",
    "CPU_LITTLE_ENDIAN",
    "CPU_BIG_ENDIAN",
    "KERNEL_MODE_NEON",
];

/// Prefixes of capability symbols (what the architecture, the compiler or
/// the assembler has): conditions of a part, never a successor
/// (ARCH_SUPPORTS_INT128 guards curve25519's fiat32/hacl64 parts).
const CAPABILITY_PREFIXES: &[&str] = &[
    "ARCH_HAS_",
    "ARCH_SUPPORTS_",
    "HAVE_",
    "CC_",
    "AS_",
    "TOOLCHAIN_",
];

/// A symbol that names a condition of the build rather than a feature.
fn is_condition(sym: &str) -> bool {
    ARCH_SYMBOLS.contains(&sym) || CAPABILITY_PREFIXES.iter().any(|p| sym.starts_with(p))
}

/// Architecture directories, and the symbols that mean one.
const ARCH_DIRS: &[(&str, &[&str])] = &[
    ("x86", &["X86", "X86_32", "X86_64"]),
    ("arm", &["ARM", "KERNEL_MODE_NEON"]),
    ("arm64", &["ARM64"]),
    ("powerpc", &["PPC", "PPC32", "PPC64"]),
    ("riscv", &["RISCV"]),
    ("s390", &["S390"]),
    ("mips", &["MIPS"]),
    ("sparc", &["SPARC", "SPARC32", "SPARC64"]),
    ("um", &["UML"]),
    ("loongarch", &["LOONGARCH"]),
];

/// Which symbols build which objects, in one tree.
#[derive(Debug, Default)]
pub(super) struct ObjectIndex {
    by_object: FxHashMap<String, FxHashSet<String>>,
    by_symbol: FxHashMap<String, FxHashSet<String>>,
    /// The architectures an object is built for; absent or holding `None`:
    /// built for all of them.
    arches: FxHashMap<String, FxHashSet<Option<&'static str>>>,
}

impl ObjectIndex {
    /// Read every Makefile of the tree at `root`.
    pub(super) fn scan(root: &Path) -> ObjectIndex {
        let mut index = ObjectIndex::default();
        for path in crate::kbuild::makefiles(root) {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let arch = rel
                .strip_prefix("arch")
                .ok()
                .and_then(|r| r.iter().next())
                .and_then(|a| arch_named(&a.to_string_lossy()));
            index.add_makefile_of(&String::from_utf8_lossy(&bytes), arch);
        }
        index
    }

    /// One Makefile's objects and who builds them.
    #[cfg(test)]
    pub fn add_makefile(&mut self, text: &str) {
        self.add_makefile_of(text, None)
    }

    /// [`ObjectIndex::add_makefile`] for a Makefile under arch/`arch`/.
    fn add_makefile_of(&mut self, text: &str, arch: Option<&'static str>) {
        let mut conds: Vec<Option<String>> = Vec::new();
        let mut direct: Vec<(String, FxHashSet<String>)> = Vec::new();
        let mut parts: Vec<(String, String, FxHashSet<String>)> = Vec::new();
        for line in logical_lines(text) {
            let word = line.split_whitespace().next().unwrap_or("");
            match word {
                "ifeq" | "ifneq" | "ifdef" | "ifndef" => conds.push(config_in(&line)),
                "endif" => {
                    conds.pop();
                }
                _ => {}
            }
            let Some((lhs, rhs)) = assignment(&line) else {
                continue;
            };
            let mut builders: FxHashSet<String> = conds.iter().flatten().cloned().collect();
            let (target, cond) = match lhs.rsplit_once('-') {
                Some((t, c)) => (t, c),
                None => continue,
            };
            if let Some(c) = config_in(cond) {
                builders.insert(c);
            }
            for (object, dir) in objects(rhs) {
                let arch = arch
                    .or(dir)
                    .or_else(|| builders.iter().find_map(|b| arch_of_symbol(b)));
                self.arches.entry(object.clone()).or_default().insert(arch);
                if target == "obj" {
                    direct.push((object, builders.clone()));
                } else {
                    parts.push((normalize(target), object, builders.clone()));
                }
            }
        }
        // A composite's parts are built by what builds the composite.
        let of: FxHashMap<&str, &FxHashSet<String>> =
            direct.iter().map(|(o, b)| (o.as_str(), b)).collect();
        let mut resolved: Vec<(String, FxHashSet<String>)> = Vec::new();
        for (composite, part, mut b) in parts.iter().cloned() {
            if let Some(outer) = of.get(composite.as_str()) {
                b.extend(outer.iter().cloned());
            }
            resolved.push((part, b));
        }
        for (object, builders) in direct.into_iter().chain(resolved) {
            for b in builders {
                self.by_symbol
                    .entry(b.clone())
                    .or_default()
                    .insert(object.clone());
                self.by_object.entry(object.clone()).or_default().insert(b);
            }
        }
    }

    fn builders(&self, object: &str) -> Option<&FxHashSet<String>> {
        self.by_object
            .get(object)
            .filter(|b| b.len() <= MAX_BUILDERS)
    }

    /// Whether `sym` builds an object named `object` here: in the old tree,
    /// a symbol that already built it did not inherit it from the removed
    /// one (net/dccp/proto.o is no evidence for brcmfmac's own proto.o).
    fn builds(&self, sym: &str, object: &str) -> bool {
        self.by_object.get(object).is_some_and(|b| b.contains(sym))
    }

    /// Whether `object` is built for `home` (every object is, without one).
    fn built_for(&self, object: &str, home: Option<&str>) -> bool {
        let (Some(home), Some(arches)) = (home, self.arches.get(object)) else {
            return true;
        };
        arches.iter().any(|a| a.map_or(true, |a| a == home))
    }
}

/// The architecture directory named `dir`, if it is one.
fn arch_named(dir: &str) -> Option<&'static str> {
    ARCH_DIRS.iter().map(|&(d, _)| d).find(|&d| d == dir)
}

/// The architecture an architecture symbol (`X86_64`, `ARM64`) stands for.
fn arch_of_symbol(sym: &str) -> Option<&'static str> {
    ARCH_DIRS
        .iter()
        .find(|(_, syms)| syms.contains(&sym))
        .map(|&(d, _)| d)
}

/// The symbols of `new` that build objects `name` built in `old` (and did
/// not build them in `old` already), each with those objects (sorted),
/// most objects first. With `home`, the architecture the old symbol
/// belongs to, only objects built for it.
pub(super) fn successors(
    old: &ObjectIndex,
    new: &ObjectIndex,
    name: &str,
    home: Option<&str>,
) -> Vec<(String, Vec<String>)> {
    let Some(objects) = old.by_symbol.get(name) else {
        return Vec::new();
    };
    let mut found: FxHashMap<&str, Vec<String>> = FxHashMap::default();
    for object in objects {
        if old.builders(object).is_none() || !new.built_for(object, home) {
            continue;
        }
        for b in new.builders(object).into_iter().flatten() {
            if b != name && !is_condition(b) && !old.builds(b, object) {
                found.entry(b).or_default().push(object.clone());
            }
        }
    }
    ranked(found)
}

/// The largest family of objects (names starting with one word) whose
/// members count as evidence for each other.
const MAX_FAMILY: usize = 4;

/// When no object kept its name: the symbols of `new` building an object
/// whose name starts with the same word (at least four letters: `ghash`
/// of ghash-clmulni-intel_asm.o and ghash-pclmul.o), as (symbol, the new
/// objects' names). Tests (`*_KUNIT_TEST`, `*_TEST`) are left out, and
/// with `home`, objects built only for other architectures; so is a word
/// that more than [`MAX_FAMILY`] objects built for `home` start with
/// (`input`, `timer` of drivers/clocksource: no family).
pub(super) fn similar_successors(
    old: &ObjectIndex,
    new: &ObjectIndex,
    name: &str,
    home: Option<&str>,
) -> Vec<(String, Vec<String>)> {
    let Some(objects) = old.by_symbol.get(name) else {
        return Vec::new();
    };
    let mut found: FxHashMap<&str, Vec<String>> = FxHashMap::default();
    for object in objects {
        let Some(word) = object.split('_').next().filter(|w| w.len() >= 4) else {
            continue;
        };
        let family: Vec<(&String, &FxHashSet<String>)> = new
            .by_object
            .iter()
            .filter(|(o, _)| o.split('_').next() == Some(word) && new.built_for(o, home))
            .collect();
        if family.len() > MAX_FAMILY {
            continue;
        }
        for (theirs, builders) in family {
            if theirs == object || builders.len() > MAX_BUILDERS {
                continue;
            }
            let real =
                |b: &&String| !is_condition(b) && !b.contains("KUNIT") && !b.ends_with("_TEST");
            for b in builders
                .iter()
                .filter(real)
                .filter(|b| !old.builds(b, theirs))
            {
                let v = found.entry(b).or_default();
                if !v.contains(theirs) {
                    v.push(theirs.clone());
                }
            }
        }
    }
    let mut out = ranked(found);
    out.truncate(3);
    out
}

/// Symbols with their objects sorted, most objects first, then by name.
fn ranked(found: FxHashMap<&str, Vec<String>>) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = found
        .into_iter()
        .map(|(s, mut o)| {
            o.sort();
            (s.to_string(), o)
        })
        .collect();
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Lines with continuations joined and comments removed.
fn logical_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("");
        match line.strip_suffix('\\') {
            Some(head) => {
                cur.push_str(head);
                cur.push(' ');
            }
            None => {
                cur.push_str(line);
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `LHS += RHS` (also `:=`, `=`, `?=`) with a Kbuild-looking left side.
fn assignment(line: &str) -> Option<(&str, &str)> {
    let at = line.find('=')?;
    let (lhs, rhs) = (line[..at].trim_end(), &line[at + 1..]);
    let lhs = lhs.strip_suffix(['+', ':', '?']).unwrap_or(lhs).trim();
    let simple = !lhs.is_empty()
        && !lhs.contains(char::is_whitespace)
        && lhs.contains('-')
        && !lhs.starts_with("ccflags")
        && !lhs.starts_with("CFLAGS");
    simple.then_some((lhs, rhs))
}

/// The first `CONFIG_X` named in `text`, as `X`.
fn config_in(text: &str) -> Option<String> {
    let at = text.find("CONFIG_")?;
    let name: String = text[at + 7..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The `.o` files of a right-hand side, by normalized file name, each
/// with the architecture directory its path starts with (`x86/a.o`).
fn objects(rhs: &str) -> Vec<(String, Option<&'static str>)> {
    rhs.split_whitespace()
        .filter_map(|t| t.strip_suffix(".o"))
        .filter(|t| !t.contains('$'))
        .map(|t| {
            let dir = t.split_once('/').and_then(|(d, _)| arch_named(d));
            (normalize(t.rsplit('/').next().unwrap_or(t)), dir)
        })
        .collect()
}

fn normalize(name: &str) -> String {
    name.replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> ObjectIndex {
        let mut i = ObjectIndex::default();
        i.add_makefile(text);
        i
    }

    #[test]
    fn a_composite_part_that_moved_under_another_symbol_names_it() {
        let old = index(
            "obj-$(CONFIG_MDIO_BUS) += mdio-bus.o\nmdio-bus-y += mdio_bus.o \\\n\tmdio_device.o\n",
        );
        let new = index("obj-$(CONFIG_PHYLIB) += mdio_bus.o mdio_device.o\n");
        assert_eq!(
            successors(&old, &new, "MDIO_BUS", None),
            [(
                "PHYLIB".to_string(),
                vec!["mdio_bus".to_string(), "mdio_device".to_string()]
            )]
        );
    }

    #[test]
    fn a_word_that_many_objects_start_with_is_no_family() {
        let old = index("obj-$(CONFIG_IP_DCCP) += dccp.o\ndccp-y := timer.o\n");
        let new = index(concat!(
            "obj-$(CONFIG_A) += timer-a.o\nobj-$(CONFIG_B) += timer-b.o\n",
            "obj-$(CONFIG_C) += timer-c.o\nobj-$(CONFIG_D) += timer-d.o\nobj-$(CONFIG_E) += timer-e.o\n",
        ));
        assert!(similar_successors(&old, &new, "IP_DCCP", None).is_empty());
    }

    #[test]
    fn a_symbol_that_built_an_object_of_the_same_name_before_did_not_inherit_it() {
        let old = index(concat!(
            "obj-$(CONFIG_IP_DCCP) += dccp.o\ndccp-y := proto.o options.o\n",
            "obj-$(CONFIG_BRCMFMAC) += brcmfmac.o\nbrcmfmac-y := proto.o\n",
        ));
        let new = index("obj-$(CONFIG_BRCMFMAC) += brcmfmac.o\nbrcmfmac-y := proto.o\n");
        assert!(successors(&old, &new, "IP_DCCP", None).is_empty());
        assert!(similar_successors(&old, &new, "IP_DCCP", None).is_empty());
    }

    #[test]
    fn an_object_renamed_within_its_family_is_weaker_evidence_found_by_its_first_word() {
        let old = index("obj-$(CONFIG_CRYPTO_GHASH_CLMUL_NI_INTEL) += ghash-clmulni-intel.o\n");
        let new = index("obj-$(CONFIG_CRYPTO_LIB_GF128HASH) += libgf128hash.o\nlibgf128hash-$(CONFIG_X86) += x86/ghash-pclmul.o\n");
        assert!(successors(&old, &new, "CRYPTO_GHASH_CLMUL_NI_INTEL", None).is_empty());
        assert_eq!(
            similar_successors(&old, &new, "CRYPTO_GHASH_CLMUL_NI_INTEL", None),
            [(
                "CRYPTO_LIB_GF128HASH".to_string(),
                vec!["ghash_pclmul".to_string()]
            )]
        );
    }

    #[test]
    fn an_ifeq_block_builds_its_parts_and_arch_conditions_are_not_successors() {
        let old = index("obj-$(CONFIG_CRYPTO_SHA1_SSSE3) += sha1-ssse3.o\nsha1-ssse3-$(CONFIG_AS_SHA1_NI) += sha1_ni_asm.o\n");
        let new = index("obj-$(CONFIG_CRYPTO_LIB_SHA1) += libsha1.o\nifeq ($(CONFIG_CRYPTO_LIB_SHA1_ARCH),y)\nlibsha1-$(CONFIG_X86) += x86/sha1-ni-asm.o\nendif\n");
        let names: Vec<String> = successors(&old, &new, "CRYPTO_SHA1_SSSE3", Some("x86"))
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(names, ["CRYPTO_LIB_SHA1", "CRYPTO_LIB_SHA1_ARCH"]);
    }

    #[test]
    fn objects_of_another_architecture_are_no_successor_of_an_x86_driver() {
        let old = index("obj-$(CONFIG_CRYPTO_GHASH_CLMUL_NI_INTEL) += ghash-clmulni-intel.o\n");
        let mut new = ObjectIndex::default();
        new.add_makefile_of(
            "obj-$(CONFIG_CRYPTO_GHASH_ARM64_CE) += ghash-ce.o\nghash-ce-y := ghash-ce-glue.o\n",
            Some("arm64"),
        );
        new.add_makefile(concat!(
            "obj-$(CONFIG_CRYPTO_LIB_GF128HASH) += libgf128hash.o\n",
            "ifeq ($(CONFIG_CRYPTO_LIB_GF128HASH_ARCH),y)\n",
            "libgf128hash-$(CONFIG_ARM) += arm/ghash-neon-core.o\n",
            "libgf128hash-$(CONFIG_X86) += x86/ghash-pclmul.o\n",
            "endif\n",
        ));
        let found = similar_successors(&old, &new, "CRYPTO_GHASH_CLMUL_NI_INTEL", Some("x86"));
        let pclmul = vec!["ghash_pclmul".to_string()];
        assert_eq!(
            found,
            [
                ("CRYPTO_LIB_GF128HASH".to_string(), pclmul.clone()),
                ("CRYPTO_LIB_GF128HASH_ARCH".to_string(), pclmul)
            ]
        );
    }

    #[test]
    fn a_capability_that_guards_a_part_is_no_successor() {
        let old = index("obj-$(CONFIG_CRYPTO_CURVE25519_X86) += curve25519-x86_64.o\n");
        let new = index(concat!(
            "obj-$(CONFIG_CRYPTO_LIB_CURVE25519) += libcurve25519.o\n",
            "ifeq ($(CONFIG_ARCH_SUPPORTS_INT128),y)\n",
            "libcurve25519-y += curve25519-x86_64.o\n",
            "endif\n",
        ));
        let names: Vec<String> = successors(&old, &new, "CRYPTO_CURVE25519_X86", Some("x86"))
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(names, ["CRYPTO_LIB_CURVE25519"]);
    }
}
