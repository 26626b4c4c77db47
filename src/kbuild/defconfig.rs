//! Which file `make defconfig` and `make NAME_defconfig` read: the arch's
//! `KBUILD_DEFCONFIG` (scripts/kconfig/Makefile's default `defconfig`,
//! overridden in arch/$SRCARCH/Makefile) under arch/$SRCARCH/configs/.
//!
//! Two arch Makefiles choose by the host: x86 with `ARCH=x86` takes
//! i386_defconfig on an i?86 host and x86_64_defconfig elsewhere, otherwise
//! `$(ARCH)_defconfig`; powerpc takes `$(uname -m)_defconfig` on a ppc host
//! and ppc64le_defconfig elsewhere. Other arches set it with a plain
//! assignment; the last one in the file wins, as make reads it.

use std::path::{Path, PathBuf};

/// The `KBUILD_DEFCONFIG` name for `arch` (make's `ARCH`), `srcarch` and
/// the host's `uname -m`.
pub fn kbuild_defconfig(tree: &Path, arch: &str, srcarch: &str, machine: &str) -> String {
    match srcarch {
        "x86" if arch == "x86" => {
            let i386 = machine.len() == 4 && machine.starts_with('i') && machine.ends_with("86");
            if i386 {
                "i386_defconfig"
            } else {
                "x86_64_defconfig"
            }
            .to_string()
        }
        "x86" => format!("{arch}_defconfig"),
        "powerpc" if machine.starts_with("ppc") => format!("{machine}_defconfig"),
        "powerpc" => "ppc64le_defconfig".to_string(),
        _ => plain_assignment(&tree.join("arch").join(srcarch).join("Makefile"))
            .unwrap_or_else(|| "defconfig".to_string()),
    }
}

/// The value of the last `KBUILD_DEFCONFIG := NAME` (or `=`) line naming a
/// file, not a make expression.
fn plain_assignment(makefile: &Path) -> Option<String> {
    let text = std::fs::read_to_string(makefile).ok()?;
    text.lines().rev().find_map(|l| {
        let rest = l.trim_start().strip_prefix("KBUILD_DEFCONFIG")?;
        let rest = rest.trim_start();
        let value = rest.strip_prefix(":=").or_else(|| rest.strip_prefix('='))?;
        let value = value.split('#').next()?.trim();
        (!value.is_empty() && !value.contains('$')).then(|| value.to_string())
    })
}

/// Where make looks for `NAME` (`make NAME` with NAME ending in
/// `_defconfig`, or the arch default): arch/$SRCARCH/configs/NAME.
pub fn defconfig_path(tree: &Path, srcarch: &str, name: &str) -> PathBuf {
    tree.join("arch").join(srcarch).join("configs").join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x86_picks_by_arch_and_host() {
        let t = Path::new("/nonexistent");
        assert_eq!(
            kbuild_defconfig(t, "x86", "x86", "x86_64"),
            "x86_64_defconfig"
        );
        assert_eq!(kbuild_defconfig(t, "x86", "x86", "i686"), "i386_defconfig");
        assert_eq!(
            kbuild_defconfig(t, "i386", "x86", "x86_64"),
            "i386_defconfig"
        );
        assert_eq!(
            kbuild_defconfig(t, "powerpc", "powerpc", "x86_64"),
            "ppc64le_defconfig"
        );
        assert_eq!(kbuild_defconfig(t, "arm64", "arm64", "x86_64"), "defconfig");
    }

    #[test]
    fn last_plain_assignment_wins() {
        let dir = tempfile::tempdir().unwrap();
        let mk = dir.path().join("arch/foo/Makefile");
        std::fs::create_dir_all(mk.parent().unwrap()).unwrap();
        std::fs::write(
            &mk,
            "KBUILD_DEFCONFIG := a_defconfig\nKBUILD_DEFCONFIG = $(x)_defconfig\nKBUILD_DEFCONFIG := b_defconfig # why\n",
        )
        .unwrap();
        assert_eq!(
            kbuild_defconfig(dir.path(), "foo", "foo", "x86_64"),
            "b_defconfig"
        );
    }
}
