//! Running `scripts/config` on a config file exactly as the tree's own
//! script does, so that `ksolve config` is a drop-in for it: the same file
//! afterwards, the same standard output (`--state`), the same exit status.
//!
//! The kernel's script (scripts/config) is a bash program around `grep` and
//! `sed`. What it does, and so what is modelled here:
//! * `--file F` (in 5.10 only as the first argument; from 6.1 on anywhere,
//!   the last one winning), default `.config`; the symbol prefix is the
//!   environment's `CONFIG_` (default `CONFIG_`).
//! * `checkarg`: an empty argument is a usage error (exit 1); a leading
//!   prefix is removed, then the name is upper-cased with `tr a-z A-Z` of an
//!   unquoted `echo` (so runs of blanks fold into one) unless `--keep-case`.
//! * `set_var NAME NEW [BEFORE]`: with BEFORE present in the file
//!   (`^BEFORE=` or `^# BEFORE is not set`), NEW is appended after each such
//!   line (sed `a\`), and the old NAME lines stay; else every line that
//!   starts `NAME=` or `# NAME is not set` has that part replaced (sed `s`,
//!   whose right-hand side gives `&` and backslashes their meaning); else
//!   NEW is appended with `echo >>` (onto a last line without a newline).
//! * `--undefine` deletes every such line; `--state` prints `n` when any
//!   line contains `# NAME is not set`, else the `NAME=` lines' values with
//!   one pair of quotes and `\"` escapes removed, else `undef`.
//! * `--set-str` writes `NAME="S"` with each `"` of S as `\\"`, which sed's
//!   replacement turns into `\"` and `echo` leaves as it is.
//! * A command that is not one: `bad command: X` (6.1 on) and the usage text
//!   on standard error, exit 1; the edits before it stay done.
//! * `--refresh`: `yes "" | make oldconfig` on the file (5.10: on `.config`,
//!   whatever `--file` says), which the caller supplies as a function.
//!
//! Not modelled: names with regular-expression or glob characters in them
//! (ksolve matches them literally), `%` and backslashes in the text of the
//! `-after` forms, and `make oldconfig`'s prompts on standard output.

use super::scripts_config::Edit;
use super::Assignment;
use std::sync::Arc;

/// Which generation of the kernel's script a tree carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// Up to 5.x: `--file` only as the first argument, no `bad command`.
    FileFirst,
    /// 6.x: `--file` anywhere; `sed` into a temporary file, then `mv`.
    FileAnywhere,
    /// 7.x: as 6.x with `sed -E -i`.
    InPlace,
}

impl Flavor {
    /// The flavor of a tree's scripts/config text.
    pub fn of_script(text: &str) -> Flavor {
        if text.contains("sed -E -i") {
            Flavor::InPlace
        } else if text.contains("CMDS+=") {
            Flavor::FileAnywhere
        } else {
            Flavor::FileFirst
        }
    }
}

/// What one run of the script did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The file that was edited.
    pub file: String,
    /// Its text before the run and afterwards; `None` where it does not
    /// exist.
    pub original: Option<String>,
    pub text: Option<String>,
    pub stdout: String,
    pub stderr: String,
    pub exit: i32,
    /// The edits made, in order, for the audit.
    pub edits: Vec<Edit>,
}

/// Runs `yes "" | make oldconfig` on a file's text, giving the new text.
pub type Refresh<'a> = dyn FnMut(&str, Option<&str>) -> Result<String, String> + 'a;

/// Run the script's arguments `args`; `read` gives a file's text (`None`
/// when it does not exist).
pub fn run(
    flavor: Flavor,
    prefix: &str,
    args: &[String],
    read: &mut dyn FnMut(&str) -> Option<String>,
    refresh: &mut Refresh<'_>,
) -> Outcome {
    let mut out = Outcome::default();
    let Some((file, cmds)) = split_file(flavor, args) else {
        out.usage(flavor);
        return out;
    };
    out.text = read(&file);
    out.original = out.text.clone();
    out.file = file;
    if cmds.first().map_or(true, String::is_empty) {
        out.usage(flavor);
        return out;
    }
    let mut state = Runner {
        flavor,
        prefix,
        munge: true,
        status: 0,
        out,
    };
    state.commands(&cmds, read, refresh);
    if state.out.exit == 0 {
        state.out.exit = state.status;
    }
    state.out
}

/// `--file` as the tree's script takes it; `None` is a usage error.
fn split_file(flavor: Flavor, args: &[String]) -> Option<(String, Vec<String>)> {
    let mut file = ".config".to_string();
    let mut cmds = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let takes_file = args[i] == "--file" && (flavor != Flavor::FileFirst || i == 0);
        if takes_file {
            let f = args.get(i + 1).filter(|f| !f.is_empty())?;
            file = f.clone();
            i += 2;
        } else {
            cmds.push(args[i].clone());
            i += 1;
        }
    }
    Some((file, cmds))
}

struct Runner<'p> {
    flavor: Flavor,
    prefix: &'p str,
    munge: bool,
    /// The status of the last command the script ran: its exit status
    /// when the loop ends (a `shift` past the end for a missing value is 1).
    status: i32,
    out: Outcome,
}

impl Runner<'_> {
    fn commands(
        &mut self,
        cmds: &[String],
        read: &mut dyn FnMut(&str) -> Option<String>,
        refresh: &mut Refresh<'_>,
    ) {
        let mut i = 0;
        while i < cmds.len() {
            let cmd = cmds[i].as_str();
            i += 1;
            // `while [ "$1" != "" ]`: an empty command ends the run.
            if cmd.is_empty() {
                return;
            }
            if matches!(cmd, "--keep-case" | "-k") {
                self.munge = false;
                self.status = 0;
                continue;
            }
            self.status = 0;
            let arity = match cmd {
                "--refresh" => 0,
                c if c.ends_with("-after") && c.starts_with("--") => 2,
                "-E" | "-D" | "-M" => 2,
                c if c.starts_with('-') => 1,
                _ => 0,
            };
            let mut names = Vec::new();
            for k in 0..arity {
                match self.checkarg(cmds.get(i + k).map(String::as_str)) {
                    Some(n) => names.push(n),
                    None => return self.out.usage(self.flavor),
                }
            }
            i += arity;
            match self.command(cmd, &names, cmds.get(i).map(String::as_str)) {
                Step::Next => {}
                Step::TookValue => i += 1,
                Step::Refresh => self.refresh(read, refresh),
                Step::Bad => {
                    if self.flavor != Flavor::FileFirst {
                        self.out.stderr.push_str(&format!("bad command: {cmd}\n"));
                    }
                    return self.out.usage(self.flavor);
                }
            }
        }
    }

    fn command(&mut self, cmd: &str, names: &[String], value: Option<&str>) -> Step {
        let p = self.prefix.to_string();
        let set = |v: &str, n: &str| format!("{p}{n}={v}");
        let unset = |n: &str| format!("# {p}{n} is not set");
        match cmd {
            "--enable" | "-e" => self.set_var(&names[0], &set("y", &names[0]), None, "y"),
            "--disable" | "-d" => self.set_var(&names[0], &unset(&names[0]), None, "n"),
            "--module" | "-m" => self.set_var(&names[0], &set("m", &names[0]), None, "m"),
            "--set-str" => {
                let v = value.unwrap_or("");
                let raw = format!("\"{}\"", v.replace('"', "\\\\\""));
                let quoted = format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""));
                self.set_var(&names[0], &set(&raw, &names[0]), None, &quoted);
                return self.took(value);
            }
            "--set-val" => {
                let v = value.unwrap_or("");
                self.set_var(&names[0], &set(v, &names[0]), None, v);
                return self.took(value);
            }
            "--undefine" | "-u" => self.undef_var(&names[0]),
            "--state" | "-s" => self.state(&names[0]),
            "--enable-after" | "-E" => {
                self.set_var(&names[1], &set("y", &names[1]), Some(&names[0]), "y")
            }
            "--disable-after" | "-D" => {
                self.set_var(&names[1], &unset(&names[1]), Some(&names[0]), "n")
            }
            "--module-after" | "-M" => {
                self.set_var(&names[1], &set("m", &names[1]), Some(&names[0]), "m")
            }
            "--refresh" => return Step::Refresh,
            _ => return Step::Bad,
        }
        Step::Next
    }

    /// After a value argument: the script's `shift` fails without one.
    fn took(&mut self, value: Option<&str>) -> Step {
        if value.is_some() {
            Step::TookValue
        } else {
            self.status = 1;
            Step::Next
        }
    }

    /// The script's `checkarg`: `None` for an empty or missing argument.
    fn checkarg(&self, arg: Option<&str>) -> Option<String> {
        let arg = arg.filter(|a| !a.is_empty())?;
        let arg = arg.strip_prefix(self.prefix).unwrap_or(arg);
        if !self.munge {
            return Some(arg.to_string());
        }
        // `echo $ARG | tr a-z A-Z`: unquoted, so the words are joined by one
        // space; an argument of blanks only becomes empty (and stays so).
        // bash's echo also takes leading words of -n, -e and -E as its own
        // options (`-m -E` sets `CONFIG_=m`).
        let words: Vec<&str> = arg
            .split([' ', '\t', '\n'])
            .filter(|w| !w.is_empty())
            .skip_while(|w| {
                w.len() > 1 && w.starts_with('-') && w[1..].bytes().all(|b| b"neE".contains(&b))
            })
            .collect();
        Some(words.join(" ").to_ascii_uppercase())
    }

    fn set_var(&mut self, name: &str, new: &str, before: Option<&str>, value: &str) {
        let full = format!("{}{name}", self.prefix);
        self.record(name, value);
        let text = self.out.text.clone().unwrap_or_default();
        let lines = Lines::of(&text);
        if let Some(b) = before.map(|b| format!("{}{b}", self.prefix)) {
            if lines.any(|l| starts_set_or_unset(l, &b)) {
                let appended = lines.append_after(|l| starts_set_or_unset(l, &b), new);
                self.out.text = Some(appended);
                return;
            }
        }
        if self.out.text.is_some() && lines.any(|l| starts_set_or_unset(l, &full)) {
            self.out.text = Some(lines.substitute(&full, new));
        } else {
            let mut t = text;
            t.push_str(new);
            t.push('\n');
            self.out.text = Some(t);
        }
    }

    fn undef_var(&mut self, name: &str) {
        let full = format!("{}{name}", self.prefix);
        self.out.edits.push(Edit::Undefine {
            name: name.to_string(),
            file: Arc::from("command line"),
            line: self.out.edits.len() as u32 + 1,
        });
        match &self.out.text {
            Some(t) => self.out.text = Some(Lines::of(t).delete(|l| starts_set_or_unset(l, &full))),
            // 5.10 and 6.x run `sed F > F.swp; mv F.swp F`: sed fails, and the
            // move leaves an empty file. 7.x's `sed -i` creates none.
            None => {
                self.out.stderr.push_str(&format!(
                    "sed: can't read {}: No such file or directory\n",
                    self.out.file
                ));
                if self.flavor == Flavor::InPlace {
                    self.status = 2;
                } else {
                    self.out.text = Some(String::new());
                }
            }
        }
    }

    fn state(&mut self, name: &str) {
        let full = format!("{}{name}", self.prefix);
        let Some(text) = &self.out.text else {
            self.out.stdout.push_str("undef\n");
            return;
        };
        let lines = Lines::of(text);
        let unset = format!("# {full} is not set");
        if lines.any(|l| l.contains(&unset)) {
            self.out.stdout.push_str("n\n");
            return;
        }
        let set = format!("{full}=");
        let found: Vec<&str> = lines
            .0
            .iter()
            .map(|l| l.0)
            .filter(|l| l.starts_with(&set))
            .collect();
        if found.is_empty() {
            self.out.stdout.push_str("undef\n");
            return;
        }
        let v = found.join("\n");
        let v = v.strip_prefix(&set).unwrap_or(&v);
        let v = v.strip_prefix('"').unwrap_or(v);
        let v = v.strip_suffix('"').unwrap_or(v);
        self.out.stdout.push_str(&v.replace("\\\"", "\""));
        self.out.stdout.push('\n');
    }

    fn refresh(&mut self, read: &mut dyn FnMut(&str) -> Option<String>, refresh: &mut Refresh<'_>) {
        // 5.10's `make oldconfig` ignores --file: it refreshes ./.config.
        let (target, text) = if self.flavor == Flavor::FileFirst && self.out.file != ".config" {
            (".config".to_string(), read(".config"))
        } else {
            (self.out.file.clone(), self.out.text.clone())
        };
        match refresh(&target, text.as_deref()) {
            Ok(new) if target == self.out.file => self.out.text = Some(new),
            Ok(_) => {}
            Err(e) => self.out.stderr.push_str(&format!("{e}\n")),
        }
    }

    fn record(&mut self, name: &str, value: &str) {
        let line = self.out.edits.len() as u32 + 1;
        self.out.edits.push(Edit::Set(Assignment {
            name: name.to_string(),
            value: value.to_string(),
            not_set: value == "n",
            file: Arc::from("command line"),
            line,
        }));
    }
}

enum Step {
    Next,
    TookValue,
    Refresh,
    Bad,
}

impl Outcome {
    fn usage(&mut self, flavor: Flavor) {
        self.stderr.push_str(&usage_text(flavor));
        self.exit = 1;
    }
}

/// `^NAME=` or `^# NAME is not set`.
fn starts_set_or_unset(line: &str, full: &str) -> bool {
    line.strip_prefix(full).is_some_and(|r| r.starts_with('='))
        || line
            .strip_prefix("# ")
            .and_then(|r| r.strip_prefix(full))
            .is_some_and(|r| r.starts_with(" is not set"))
}

/// A text as sed sees it: lines, each with whether a newline ended it.
struct Lines<'t>(Vec<(&'t str, bool)>);

impl<'t> Lines<'t> {
    fn of(text: &'t str) -> Lines<'t> {
        let mut v = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            match rest.find('\n') {
                Some(i) => {
                    v.push((&rest[..i], true));
                    rest = &rest[i + 1..];
                }
                None => {
                    v.push((rest, false));
                    rest = "";
                }
            }
        }
        Lines(v)
    }

    fn any(&self, f: impl Fn(&str) -> bool) -> bool {
        self.0.iter().any(|(l, _)| f(l))
    }

    fn join(parts: impl IntoIterator<Item = (String, bool)>) -> String {
        let mut s = String::new();
        for (l, nl) in parts {
            s.push_str(&l);
            if nl {
                s.push('\n');
            }
        }
        s
    }

    /// sed `/re/a\ TEXT`: the text, newline-ended, after each matching line
    /// (which gets its newline if it had none).
    fn append_after(&self, f: impl Fn(&str) -> bool, text: &str) -> String {
        let mut parts = Vec::new();
        for &(l, nl) in &self.0 {
            if f(l) {
                parts.push((l.to_string(), true));
                parts.push((text.to_string(), true));
            } else {
                parts.push((l.to_string(), nl));
            }
        }
        Lines::join(parts)
    }

    /// sed `s/^(NAME=.*|# NAME is not set)/NEW/` on every line.
    fn substitute(&self, full: &str, new: &str) -> String {
        let unset = format!("# {full} is not set");
        let parts = self.0.iter().map(|&(l, nl)| {
            let matched = if l.strip_prefix(full).is_some_and(|r| r.starts_with('=')) {
                Some(l)
            } else if l.starts_with(&unset) {
                Some(&l[..unset.len()])
            } else {
                None
            };
            match matched {
                Some(m) => (format!("{}{}", sed_replacement(new, m), &l[m.len()..]), nl),
                None => (l.to_string(), nl),
            }
        });
        Lines::join(parts.collect::<Vec<_>>())
    }

    fn delete(&self, f: impl Fn(&str) -> bool) -> String {
        Lines::join(
            self.0
                .iter()
                .filter(|(l, _)| !f(l))
                .map(|&(l, nl)| (l.to_string(), nl)),
        )
    }
}

/// The right-hand side of sed's `s`: `&` is the match, `\n` a newline,
/// `\1` the pattern's one group (the whole match here), `\c` is `c`.
fn sed_replacement(rhs: &str, matched: &str) -> String {
    let mut out = String::new();
    let mut chars = rhs.chars();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str(matched),
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('1') => out.push_str(matched),
                Some(c) => out.push(c),
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

/// The usage text the tree's script prints on standard error.
pub fn usage_text(flavor: Flavor) -> String {
    let refresh = if flavor == Flavor::FileFirst {
        ""
    } else {
        "\t--refresh            Refresh the config using old settings\n"
    };
    let dont = if flavor == Flavor::InPlace {
        "don't"
    } else {
        "dont'"
    };
    format!(
        "Manipulate options in a .config file from the command line.\n\
Usage:\n\
config options command ...\n\
commands:\n\
\t--enable|-e option   Enable option\n\
\t--disable|-d option  Disable option\n\
\t--module|-m option   Turn option into a module\n\
\t--set-str option string\n\
\t                     Set option to \"string\"\n\
\t--set-val option value\n\
\t                     Set option to value\n\
\t--undefine|-u option Undefine option\n\
\t--state|-s option    Print state of option (n,y,m,undef)\n\
\n\
\t--enable-after|-E beforeopt option\n\
                             Enable option directly after other option\n\
\t--disable-after|-D beforeopt option\n\
                             Disable option directly after other option\n\
\t--module-after|-M beforeopt option\n\
                             Turn option into module directly after other option\n\
{refresh}\
\n\
\tcommands can be repeated multiple times\n\
\n\
options:\n\
\t--file config-file   .config file to change (default .config)\n\
\t--keep-case|-k       Keep next symbols' case ({dont} upper-case it)\n\
\n\
config doesn't check the validity of the .config file. This is done at next\n\
make time.\n\
\n\
By default, config will upper-case the given symbol. Use --keep-case to keep\n\
the case of all following symbols unchanged.\n\
\n\
config uses 'CONFIG_' as the default symbol prefix. Set the environment\n\
variable CONFIG_ to the prefix to use. Eg.: CONFIG_=\"FOO_\" config ...\n"
    )
}
