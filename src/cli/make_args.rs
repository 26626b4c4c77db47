//! make's command-line variables among ksolve's arguments, so that
//! `ksolve LLVM=1 CC=clang-19 O=build olddefconfig` means what
//! `make LLVM=1 CC=clang-19 O=build olddefconfig` means.
//!
//! make takes `NAME=VALUE` anywhere on its command line; ksolve takes any
//! such word before the command, and after it the names make's config
//! targets and the Makefiles they read know (below), except after the
//! commands whose own arguments are `SYMBOL=VALUE` requests or
//! `scripts/config` options (`solve`, `why`, `config`).

use std::ffi::OsString;

/// Variables of the top Makefile, scripts/Makefile.clang and
/// scripts/kconfig/Makefile that a config target reads.
const KNOWN: &[&str] = &[
    "ARCH",
    "SUBARCH",
    "CROSS_COMPILE",
    "LLVM",
    "LLVM_IAS",
    "CC",
    "LD",
    "AR",
    "NM",
    "OBJCOPY",
    "OBJDUMP",
    "READELF",
    "STRIP",
    "HOSTCC",
    "HOSTCXX",
    "HOSTLD",
    "HOSTAR",
    "RUSTC",
    "BINDGEN",
    "PAHOLE",
    "PERL",
    "PYTHON3",
    "O",
    "KBUILD_OUTPUT",
    "KCONFIG_CONFIG",
    "KCONFIG_ALLCONFIG",
    "KCONFIG_SEED",
    "KCONFIG_PROBABILITY",
    "KBUILD_DEFCONFIG",
    "KBUILD_KCONFIG",
    "KBUILD_EXTRA_WARN",
    "LSMOD",
    "W",
];

/// Global options that take a value as the next word.
const VALUED: &[&str] = &["--tree", "--arch", "--config", "--probes", "--format"];

/// Commands whose own arguments may look like `NAME=VALUE`.
const OWN_ASSIGNMENTS: &[&str] = &["solve", "why", "config"];

/// `NAME=VALUE` with NAME a make variable name.
fn assignment(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once('=')?;
    let mut bytes = name.bytes();
    let first = bytes.next()?;
    let ok = (first.is_ascii_alphabetic() || first == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_');
    ok.then_some((name, value))
}

/// Split `args` (without the program name) into ksolve's own arguments and
/// make's variables, in the order given (a later one wins).
pub(super) fn split(args: Vec<OsString>) -> (Vec<OsString>, Vec<(String, String)>) {
    let mut own = Vec::new();
    let mut vars = Vec::new();
    let mut command: Option<String> = None;
    let mut iter = args.into_iter();
    while let Some(os) = iter.next() {
        // A word that is not UTF-8 (a file name) is ksolve's own.
        let Some(word) = os.to_str().map(str::to_string) else {
            own.push(os);
            continue;
        };
        if word == "--" {
            own.push(os);
            own.extend(iter.by_ref());
            break;
        }
        let take = match (&command, assignment(&word)) {
            (None, Some(_)) => true,
            (Some(c), Some((name, _))) => {
                !OWN_ASSIGNMENTS.contains(&c.as_str()) && KNOWN.contains(&name)
            }
            _ => false,
        };
        if take {
            let (n, v) = assignment(&word).expect("checked");
            vars.push((n.to_string(), v.to_string()));
            continue;
        }
        if command.is_none() {
            if VALUED.contains(&word.as_str()) {
                own.push(os);
                own.extend(iter.next());
                continue;
            }
            if !word.starts_with('-') {
                command = Some(word);
            }
        }
        own.push(os);
    }
    (own, vars)
}

#[cfg(test)]
mod tests {
    use super::split;

    fn words(s: &str) -> Vec<std::ffi::OsString> {
        s.split_whitespace().map(Into::into).collect()
    }

    #[test]
    fn variables_before_the_command_are_makes_and_known_ones_after_it_too() {
        let (own, vars) = split(words(
            "LLVM=1 --tree /src CC=clang-19 olddefconfig O=build frag.config",
        ));
        assert_eq!(own, words("--tree /src olddefconfig frag.config"));
        let names: Vec<&str> = vars.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["LLVM", "CC", "O"]);
    }

    #[test]
    fn requests_of_solve_and_why_stay_theirs() {
        let (own, vars) = split(words("ARCH=arm64 solve IXGBE=y CC=x"));
        assert_eq!(own, words("solve IXGBE=y CC=x"));
        assert_eq!(vars, [("ARCH".to_string(), "arm64".to_string())]);
    }

    #[test]
    fn a_value_of_a_global_option_is_not_the_command() {
        let (own, vars) = split(words("--config a=b.config check LLVM=1 f"));
        assert_eq!(own, words("--config a=b.config check f"));
        assert_eq!(vars.len(), 1);
    }
}
