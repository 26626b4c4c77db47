//! The algorithm of `scripts/kconfig/streamline_config.pl --localmodconfig`:
//! keep the configs that build a loaded module, then (to a fixed point)
//! every module config their dependency words name, and for a promptless
//! config only reachable by `select`, one module selector; write the base
//! config back with every other `=m` line turned into `# ... is not set`.
//!
//! The script walks Perl hashes, whose order changes from run to run; its
//! result does not depend on it in practice. We walk names in sorted order.

use super::kconfig::KconfigFacts;
use crate::kbuild::ModuleMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What streamline_config is given besides the tree.
pub struct StreamlineInput<'a> {
    /// The base config's lines, each with its `\n` (the last may lack it).
    pub config_lines: Vec<&'a str>,
    /// Module names as listed (first column of `lsmod`), in order.
    pub modules: Vec<String>,
    /// `LMC_KEEP`: Kconfig path prefixes whose configs are kept as they are.
    pub keep: Vec<String>,
    /// The directory relative key paths are checked against (make's `cwd`).
    pub objtree: &'a Path,
}

/// What it prints and reports.
#[derive(Debug, Default)]
pub struct Streamlined {
    /// The `.tmp.config` it writes.
    pub text: String,
    /// Modules no Makefile line builds (`X config not found!!`).
    pub unmapped: Vec<String>,
    /// Promptless configs that nothing enabled selects.
    pub unselected: Vec<String>,
    /// Modules whose configs are not `y` or `m` in the result, with them.
    pub unconfigured: Vec<(String, Vec<String>)>,
    /// Messages about key and certificate paths that were reset.
    pub notes: Vec<String>,
}

/// Run the algorithm.
pub fn streamline(input: &StreamlineInput, map: &ModuleMap, facts: &KconfigFacts) -> Streamlined {
    let mut out = Streamlined::default();
    let orig = original_values(&input.config_lines);
    let mut configs: BTreeSet<String> = BTreeSet::new();
    for module in &input.modules {
        let rules: Vec<_> = map.exact(module).collect();
        if rules.is_empty() {
            out.unmapped.push(module.clone());
        }
        configs.extend(rules.iter().map(|r| r.config.clone()));
    }
    let mut unselected = BTreeSet::new();
    close_over(&mut configs, &orig, facts, &mut unselected);
    out.unselected = unselected.into_iter().collect();
    let set = write_config(input, &configs, facts, &mut out);
    out.unconfigured = check_modules(input, map, &set);
    out
}

/// `CONFIG_X=m|y` anywhere in a line: the first `CONFIG_` word followed by
/// `=m` or `=y`.
fn original_values(lines: &[&str]) -> BTreeMap<String, char> {
    let mut orig = BTreeMap::new();
    for line in lines {
        if let Some((name, value)) = first_config_value(line) {
            orig.insert(name.to_owned(), value);
        }
    }
    orig
}

fn first_config_value(line: &str) -> Option<(&str, char)> {
    let mut from = 0;
    while let Some(pos) = line[from..].find("CONFIG_") {
        let start = from + pos;
        let len = line[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(line.len() - start);
        let rest = &line[start + len..];
        if let Some(v @ ('m' | 'y')) = rest.strip_prefix('=').and_then(|r| r.chars().next()) {
            return Some((&line[start..start + len], v));
        }
        from = start + "CONFIG_".len();
    }
    None
}

/// `loop_depend` and `loop_select`, repeated until nothing is added.
fn close_over(
    configs: &mut BTreeSet<String>,
    orig: &BTreeMap<String, char>,
    facts: &KconfigFacts,
    unselected: &mut BTreeSet<String>,
) {
    let is_module = |c: &str| orig.get(c) == Some(&'m');
    let mut process_selects: BTreeSet<String> = BTreeSet::new();
    loop {
        loop {
            let mut added = false;
            for config in configs.clone() {
                if orig.get(&config).is_some_and(|v| *v != 'm') {
                    continue;
                }
                let name = config.strip_prefix("CONFIG_").unwrap_or(&config);
                for word in facts.depends.get(name).into_iter().flat_map(|d| words(d)) {
                    let dep = format!("CONFIG_{word}");
                    if is_module(&dep) && configs.insert(dep) {
                        added = true;
                    }
                }
                if !facts.prompts.contains(name) && facts.selects.contains_key(name) {
                    process_selects.insert(name.to_owned());
                }
            }
            if !added {
                break;
            }
        }
        let mut added = false;
        for name in &process_selects {
            match selector_needed(name, &facts.selects[name], configs, orig) {
                Selector::Satisfied => {}
                Selector::Add(c) => added |= configs.insert(c),
                Selector::Nothing => {
                    unselected.insert(name.clone());
                }
            }
        }
        if !added {
            break;
        }
    }
}

enum Selector {
    Satisfied,
    Add(String),
    Nothing,
}

/// `parse_config_selects`: a built-in selector, or one already kept,
/// satisfies it; otherwise the first module selector is kept.
fn selector_needed(
    _name: &str,
    selectors: &str,
    configs: &BTreeSet<String>,
    orig: &BTreeMap<String, char>,
) -> Selector {
    let mut first = None;
    for word in words(selectors) {
        let conf = format!("CONFIG_{word}");
        match orig.get(&conf) {
            None => continue,
            Some(v) if *v != 'm' => return Selector::Satisfied,
            Some(_) if configs.contains(&conf) => return Selector::Satisfied,
            Some(_) => first = first.or(Some(conf)),
        }
    }
    first.map_or(Selector::Nothing, Selector::Add)
}

/// The `[A-Za-z0-9_]+` words of a dependency string.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// The final pass over the base config; returns the configs kept (`%setconfigs`).
fn write_config(
    input: &StreamlineInput,
    configs: &BTreeSet<String>,
    facts: &KconfigFacts,
    out: &mut Streamlined,
) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for line in &input.config_lines {
        if line.contains("CONFIG_IKCONFIG") {
            if line.contains("# CONFIG_IKCONFIG is not set") {
                out.text
                    .push_str("CONFIG_IKCONFIG=m\n# CONFIG_IKCONFIG_PROC is not set\n");
            } else {
                out.text.push_str(line);
            }
            continue;
        }
        if let Some(text) = key_paths(line, input.objtree, facts, &mut out.notes) {
            out.text.push_str(&text);
            continue;
        }
        if let Some((name, value)) = last_enabled(line) {
            if is_preserved(name, &input.keep, facts) {
                out.text.push_str(line);
                continue;
            }
            if configs.contains(name) {
                set.insert(name.to_owned());
            } else if value == 'm' {
                out.text.push_str(&format!("# {name} is not set\n"));
                continue;
            }
        }
        out.text.push_str(line);
    }
    set
}

/// `^(CONFIG.*)=(m|y)`: greedy, so the last `=m`/`=y` of the line.
fn last_enabled(line: &str) -> Option<(&str, char)> {
    let body = line.strip_suffix('\n').unwrap_or(line);
    if !body.starts_with("CONFIG") {
        return None;
    }
    let (at, value) = ["=m", "=y"]
        .iter()
        .filter_map(|p| body.rfind(p).map(|i| (i, &p[1..])))
        .max()?;
    Some((&body[..at], value.chars().next()?))
}

/// `LMC_KEEP`: configs defined in a Kconfig file under one of the prefixes.
fn is_preserved(config: &str, keep: &[String], facts: &KconfigFacts) -> bool {
    let Some(file) = facts.config_file.get(config) else {
        return false;
    };
    keep.iter().any(|prefix| file.starts_with(prefix.as_str()))
}

/// `CONFIG_MODULE_SIG_KEY` and `CONFIG_SYSTEM_TRUSTED_KEYS` naming files
/// that do not exist are reset, as the script does; `None` for other lines.
fn key_paths(
    line: &str,
    objtree: &Path,
    facts: &KconfigFacts,
    notes: &mut Vec<String>,
) -> Option<String> {
    if let Some(cert) = quoted_value(line, "CONFIG_MODULE_SIG_KEY=\"") {
        const DEFAULT: &str = "certs/signing_key.pem";
        let asserted = facts
            .depends
            .get("MODULE_SIG_KEY")
            .is_some_and(|d| d.contains(&format!("\"{DEFAULT}\"")));
        if !asserted {
            notes.push(
                "MODULE_SIG_KEY assertion failure (streamline_config.pl needs an update)".into(),
            );
            return Some(line.to_string());
        }
        if cert != DEFAULT && !objtree.join(cert).is_file() {
            notes.push(format!(
                "module signing key \"{cert}\" not found: reset to the default"
            ));
            return Some(format!("CONFIG_MODULE_SIG_KEY=\"{DEFAULT}\"\n"));
        }
        return Some(line.to_string());
    }
    let keys = quoted_value(line, "CONFIG_SYSTEM_TRUSTED_KEYS=\"")?;
    if objtree.join(keys).is_file() {
        return Some(line.to_string());
    }
    notes.push(format!(
        "system trusted keys \"{keys}\" not found: reset to \"\""
    ));
    Some("CONFIG_SYSTEM_TRUSTED_KEYS=\"\"\n".to_string())
}

/// `PREFIX(.+)"` anywhere in the line, greedy: up to the last `"`.
fn quoted_value<'l>(line: &'l str, prefix: &str) -> Option<&'l str> {
    let start = line.find(prefix)? + prefix.len();
    let body = line[start..].strip_suffix('\n').unwrap_or(&line[start..]);
    let end = body.rfind('"')?;
    (end > 0).then(|| &body[..end])
}

/// The integrity check: every mapped module has one of its configs kept.
fn check_modules(
    input: &StreamlineInput,
    map: &ModuleMap,
    set: &BTreeSet<String>,
) -> Vec<(String, Vec<String>)> {
    let mut missing = Vec::new();
    let unique: BTreeSet<&String> = input.modules.iter().collect();
    for module in unique {
        let configs: Vec<String> = map.exact(module).map(|r| r.config.clone()).collect();
        if !configs.is_empty() && !configs.iter().any(|c| set.contains(c)) {
            missing.push((module.clone(), configs));
        }
    }
    missing
}
