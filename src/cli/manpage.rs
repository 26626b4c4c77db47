//! `ksolve manpage`: one self-contained ksolve(1) page. clap_mangen renders
//! the top command; each command gets a section of its own here (clap's
//! subcommand list would point at ksolve-check(1) pages nobody installs),
//! then ENVIRONMENT and EXIT STATUS, which clap knows nothing about.

use clap::CommandFactory;

/// The variables ksolve reads, as make and conf read them.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("ARCH", "The architecture, as make's ARCH= (also given as ARCH=... on the command line, or --arch). Default: the host's, from uname -m."),
    ("CROSS_COMPILE, LLVM, LLVM_IAS", "The toolchain, as the top Makefile reads them: LLVM=1 for clang and the LLVM binutils, LLVM=-19 for clang-19 and friends, LLVM=/path/ for a prefix. CC, LD, HOSTCC and the other tool variables are taken from the command line only (CC=clang-19), as make's plain assignments beat the environment."),
    ("O, KBUILD_OUTPUT", "The object tree of an out-of-tree build: the default config is O/.config (O relative to the tree, as with make -C)."),
    ("KCONFIG_CONFIG", "The config file's name in the object tree (default .config)."),
    ("KCONFIG_ALLCONFIG, KCONFIG_SEED, KCONFIG_PROBABILITY", "As conf reads them for allnoconfig, allyesconfig, allmodconfig, alldefconfig and randconfig."),
    ("CONFIG_", "The symbol prefix for ksolve config, as scripts/config reads it (default CONFIG_)."),
    ("KSOLVE_CACHE_DIR", "Where probe results, parse caches and stored models are kept (default $XDG_CACHE_HOME/ksolve, else ~/.cache/ksolve). It must be owned by the user and not writable by others."),
    ("XDG_CACHE_HOME, HOME", "Locate the default cache directory."),
    ("NO_COLOR", "When set and not empty, no colour even on a terminal."),
    ("KSOLVE_PROFILE", "When set, print the time and memory of each phase of a load on standard error."),
];

const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success: the output was written, every request holds (check, bump), a solution was found (solve)."),
    ("1", "Findings: a request is dropped, unknown or invalid and not waived (check), a request is lost across a bump (bump), the requests conflict (solve), an option set will not survive (config --strict); ksolve config without --strict exits as the kernel's scripts/config does."),
    ("2", "Usage or input error: a bad argument, a Kconfig syntax error (with file, line and column), an unreadable config, a dependency loop; nothing is written."),
];

pub(super) fn render() -> anyhow::Result<String> {
    let cmd = super::args::Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    let mut text = String::from_utf8(out)?;
    text.push_str(".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        text.push_str(&command_section(sub)?);
    }
    text.push_str(&table("ENVIRONMENT", ENVIRONMENT));
    text.push_str(&table("EXIT STATUS", EXIT_STATUS));
    let mut version = Vec::new();
    man.render_version_section(&mut version)?;
    text.push_str(&String::from_utf8(version)?);
    Ok(text)
}

/// `.SS ksolve NAME`, its description, synopsis, options and example.
fn command_section(sub: &clap::Command) -> anyhow::Result<String> {
    let name = format!("ksolve {}", sub.get_name());
    let sub = sub.clone().bin_name(name.clone());
    let man = clap_mangen::Man::new(sub.clone());
    let mut buf = Vec::new();
    man.render_synopsis_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    let body = String::from_utf8(buf)?
        .replace(".SH SYNOPSIS\n", "")
        .replace(".SH OPTIONS\n", ".TP\n\\fIOptions:\\fR\n.RS\n");
    let mut s = format!(".SS \"{}\"\n", roff_escape(&name));
    if let Some(about) = sub.get_long_about().or(sub.get_about()) {
        s.push_str(&format!("{}\n.PP\n", roff_escape(&about.to_string())));
    }
    s.push_str(&body);
    if body.contains(".RS\n") {
        s.push_str(".RE\n");
    }
    if let Some(after) = sub.get_after_help() {
        s.push_str(&format!(
            ".PP\n.nf\n{}\n.fi\n",
            roff_escape(&after.to_string())
        ));
    }
    Ok(s)
}

fn table(title: &str, rows: &[(&str, &str)]) -> String {
    let mut s = format!(".SH \"{title}\"\n");
    for (k, v) in rows {
        s.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            roff_escape(k),
            roff_escape(v)
        ));
    }
    s
}

/// Text safe in roff: backslashes doubled, a leading `.` or `'` guarded.
fn roff_escape(s: &str) -> String {
    s.replace('\\', "\\e")
        .lines()
        .map(|l| {
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
