//! The Kconfig facts streamline_config collects, read its way: line by
//! line, `source` only at the start of a line, the `depends on` and
//! `default ... if` words of each config (with the words of enclosing
//! `if` blocks), who `select`s it, and whether it has a `tristate` or
//! `prompt` line. Not the real Kconfig grammar, on purpose: the result of
//! `make localmodconfig` depends on exactly this reading.

use crate::error::{Error, KconfigErrorKind};
use crate::kbuild::makefile::{is_space, perl_lines};
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;

/// `source` nesting deeper than this is refused (the kernel's tree nests
/// fewer than 10 levels).
pub const MAX_SOURCE_DEPTH: usize = 64;

/// What streamline_config knows of the configs, by name without `CONFIG_`.
#[derive(Debug, Default)]
pub struct KconfigFacts {
    /// Dependency words (`depends on`, `default X if Y`, enclosing `if`s),
    /// space separated; only words matter.
    pub depends: FxHashMap<String, String>,
    /// The configs that `select` it, in reading order, space separated.
    pub selects: FxHashMap<String, String>,
    /// Configs with a `tristate "..."` or `prompt` line.
    pub prompts: FxHashSet<String>,
    /// `CONFIG_X` -> the `source` path (as written) of its last definition.
    pub config_file: FxHashMap<String, String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    None,
    New,
    Dep,
}

/// Reading state shared by all files (`if` nesting crosses `source`).
struct Reader<'a> {
    root: &'a Path,
    env: &'a dyn Fn(&str) -> Option<String>,
    facts: KconfigFacts,
    seen: FxHashSet<String>,
    ifdeps: Vec<String>,
}

/// Read `top` (relative to `root`) and everything it sources; `env` gives
/// the environment variables `source "arch/$(SRCARCH)/Kconfig"` uses.
pub fn read_facts(
    root: &Path,
    top: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<KconfigFacts, Error> {
    let mut reader = Reader {
        root,
        env,
        facts: KconfigFacts::default(),
        seen: FxHashSet::default(),
        ifdeps: Vec::new(),
    };
    reader.file(top, 0)?;
    Ok(reader.facts)
}

impl Reader<'_> {
    /// `$(VAR)` replaced from the environment, first occurrence first,
    /// until nothing changes.
    fn substitute(&self, path: &str) -> String {
        let mut source = path.to_owned();
        while let Some(start) = source.find("$(") {
            let tail = &source[start + 2..];
            let len = tail
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .map(char::len_utf8)
                .sum::<usize>();
            if len == 0 || !tail[len..].starts_with(')') {
                break;
            }
            let value = (self.env)(&tail[..len]).unwrap_or_default();
            let next = format!("{}{}{}", &source[..start], value, &tail[len + 1..]);
            if next == source {
                break;
            }
            source = next;
        }
        source
    }

    fn file(&mut self, name: &str, depth: usize) -> Result<(), Error> {
        if depth > MAX_SOURCE_DEPTH {
            let kind = KconfigErrorKind::SourceNestingTooDeep(MAX_SOURCE_DEPTH);
            return Err(Error::kconfig(name, 0, kind));
        }
        let path = self.root.join(self.substitute(name));
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let text = String::from_utf8_lossy(&bytes);
        let mut state = State::None;
        let mut config = String::new();
        let mut pending: Option<String> = None;
        for raw in perl_lines(&text) {
            let mut line = match pending.take() {
                Some(prev) => format!("{prev} {raw}"),
                None => raw.to_owned(),
            };
            if line.ends_with('\\') {
                line.pop();
                pending = Some(line);
                continue;
            }
            if let Some(src) = source_of(&line) {
                if self.seen.insert(src.to_owned()) {
                    self.file(src, depth + 1)?;
                }
                continue;
            }
            self.line(&line, name, &mut state, &mut config);
        }
        Ok(())
    }

    fn line(&mut self, line: &str, file: &str, state: &mut State, config: &mut String) {
        let f = &mut self.facts;
        if let Some(name) = config_of(line) {
            *state = State::New;
            *config = name.to_owned();
            f.config_file
                .insert(format!("CONFIG_{name}"), file.to_owned());
            for (i, dep) in self.ifdeps.iter().enumerate() {
                if i == 0 {
                    f.depends.insert(config.clone(), dep.clone());
                } else {
                    append(f.depends.entry(config.clone()).or_default(), dep);
                }
                *state = State::Dep;
            }
        } else if let Some(dep) = keyword_rest(line, &["depends"])
            .and_then(|r| keyword_rest(r, &["on"]))
            .filter(|_| *state != State::None)
        {
            if *state == State::New {
                f.depends.insert(config.clone(), dep.to_owned());
            } else {
                append(f.depends.entry(config.clone()).or_default(), dep);
            }
            *state = State::Dep;
        } else if let Some(dep) = default_of(line).filter(|_| *state == State::Dep) {
            if !is_constant(dep) {
                let dep = after_last_if(dep);
                append(f.depends.entry(config.clone()).or_default(), dep);
            }
        } else if let Some(target) = select_of(line).filter(|_| *state != State::None) {
            let entry = f.selects.entry(target.to_owned()).or_default();
            if entry.is_empty() {
                entry.push_str(config)
            } else {
                append(entry, config)
            }
        } else if *state != State::None && has_prompt(line) {
            f.prompts.insert(config.clone());
        } else if let Some(cond) = line.strip_prefix("if").filter(|r| r.starts_with(is_space)) {
            self.if_block(cond);
        } else if line.starts_with("endif") {
            self.ifdeps.pop();
        } else if is_help(line)
            || ["comment", "choice", "menu"]
                .iter()
                .any(|k| starts_word(line, k))
        {
            *state = State::None;
        }
    }

    /// `^if\s+(.*\S)\s*$`: the words of the condition, joined by `:`.
    fn if_block(&mut self, cond: &str) {
        let cond = cond.trim_matches(is_space);
        if cond.is_empty() {
            return;
        }
        let words: Vec<&str> = cond
            .split(|c: char| !is_word(c))
            .filter(|w| !w.is_empty())
            .collect();
        self.ifdeps.push(words.join(":"));
    }
}

fn append(to: &mut String, words: &str) {
    to.push(' ');
    to.push_str(words);
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `line` starts with `word` followed by a non-word character or the end.
fn starts_word(line: &str, word: &str) -> bool {
    line.strip_prefix(word)
        .is_some_and(|r| !r.starts_with(is_word))
}

/// `^\s*KEYWORD\s+(.*)$` for one of `keywords`: the rest, leading blanks
/// removed.
fn keyword_rest<'l>(line: &'l str, keywords: &[&str]) -> Option<&'l str> {
    let s = line.trim_start_matches(is_space);
    let rest = keywords.iter().find_map(|k| s.strip_prefix(k))?;
    rest.starts_with(is_space)
        .then(|| rest.trim_start_matches(is_space))
}

/// `^\s*(menu)?config\s+(\S+)\s*$`
fn config_of(line: &str) -> Option<&str> {
    let s = line.trim_start_matches(is_space);
    let s = s.strip_prefix("menu").unwrap_or(s);
    let name = s.strip_prefix("config")?;
    if !name.starts_with(is_space) {
        return None;
    }
    let name = name.trim_matches(is_space);
    (!name.is_empty() && !name.contains(is_space)).then_some(name)
}

/// `^source\s+"?([^"]+)`
fn source_of(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("source")?;
    if !rest.starts_with(is_space) {
        return None;
    }
    let rest = rest.trim_start_matches(is_space);
    let rest = rest.strip_prefix('"').unwrap_or(rest);
    let path = &rest[..rest.find('"').unwrap_or(rest.len())];
    (!path.is_empty()).then_some(path)
}

/// `^\s*def(_(bool|tristate)|ault)\s+(\S.*)$`
fn default_of(line: &str) -> Option<&str> {
    keyword_rest(line, &["def_bool", "def_tristate", "default"]).filter(|r| !r.is_empty())
}

/// `^\s*(y|m|n)\s*$`
fn is_constant(value: &str) -> bool {
    matches!(value.trim_matches(is_space), "y" | "m" | "n")
}

/// `s/.*\sif\s+//`: what follows the last ` if `.
fn after_last_if(dep: &str) -> &str {
    let bytes = dep.as_bytes();
    let mut i = bytes.len();
    while i > 0 {
        i -= 1;
        let c = bytes[i] as char;
        if is_space(c) && dep[i + 1..].starts_with("if") && dep[i + 3..].starts_with(is_space) {
            return dep[i + 3..].trim_start_matches(is_space);
        }
    }
    dep
}

/// `^\s*select\s+(\S+)`
fn select_of(line: &str) -> Option<&str> {
    let rest = keyword_rest(line, &["select"])?;
    let end = rest.find(is_space).unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// `^\s*(tristate\s+\S|prompt\b)`
fn has_prompt(line: &str) -> bool {
    let s = line.trim_start_matches(is_space);
    starts_word(s, "prompt") || keyword_rest(s, &["tristate"]).is_some_and(|r| !r.is_empty())
}

/// `^\s*(---)?help(---)?\s*$`
fn is_help(line: &str) -> bool {
    let s = line.trim_matches(is_space);
    let s = s.strip_prefix("---").unwrap_or(s);
    let s = s.strip_suffix("---").unwrap_or(s);
    s == "help"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(files: &[(&str, &str)]) -> KconfigFacts {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let env = |v: &str| (v == "SRCARCH").then(|| "x86".to_string());
        read_facts(dir.path(), "Kconfig", &env).unwrap()
    }

    #[test]
    fn depends_defaults_ifs_and_selects() {
        let f = facts(&[
            ("Kconfig", "if A && !B\nconfig C\n\ttristate \"c\"\n\tdepends on D\n\tdefault E if F || G\n\tselect H if I\nendif\nsource \"arch/$(SRCARCH)/Kconfig\"\n"),
            ("arch/x86/Kconfig", "config H\n\tbool\n\tdepends on J\n\tdefault y\nconfig K\n\tbool \"k\"\n\tselect H\n"),
        ]);
        assert_eq!(f.depends["C"], "A:B D F || G");
        assert_eq!(f.depends["H"], "J");
        assert_eq!(f.selects["H"], "C K");
        assert!(f.prompts.contains("C") && !f.prompts.contains("K"));
        assert_eq!(f.config_file["CONFIG_H"], "arch/$(SRCARCH)/Kconfig");
    }

    #[test]
    fn default_before_depends_is_not_a_dependency() {
        let f = facts(&[(
            "Kconfig",
            "config S\n\tstring \"s\"\n\tdefault \"x\"\n\tdepends on M\n",
        )]);
        assert_eq!(f.depends["S"], "M");
    }

    #[test]
    fn help_ends_the_entry_and_indented_source_is_ignored() {
        let f = facts(&[(
            "Kconfig",
            "config A\n\tbool\n\thelp\n\t  select B\n\tsource \"missing\"\n",
        )]);
        assert!(f.selects.is_empty());
    }

    #[test]
    fn last_if_wins() {
        assert_eq!(after_last_if("X if Y if  Z"), "Z");
        assert_eq!(after_last_if("X"), "X");
    }
}
