//! The kernel's top Makefile read as text, for what it hands to conf: the
//! names on its `export` lines, the plain values it assigns them, and the
//! `$(shell ...)` behind variables such as `CC_VERSION_TEXT` and (Linux
//! 7.0+) `PAHOLE_VERSION`. Each tree says for itself what it exports, so a
//! new version's additions need no list here.
//!
//! # What is read
//! * Logical lines (a trailing `\` joins the next line), `#` comments
//!   dropped; recipe lines (starting with a tab) ignored.
//! * `ifdef`/`ifndef`/`ifeq`/`ifneq`/`else [if..]`/`endif`, evaluated for
//!   the final make invocation of an in-tree config target (`make
//!   olddefconfig` in the source tree): `config-build` is set,
//!   `need-sub-make`, `mixed-build`, `building_out_of_srctree` and
//!   `sub_make_done` are empty (the first pass's exports reach the final
//!   one through the environment), `CURDIR`, `abs_srctree` and `srcroot`
//!   are the tree, `MAKECMDGOALS` is `olddefconfig`, make's own `MAKEFLAGS`
//!   is unknown. A variable the Makefile never assigns is empty, as in
//!   make. A condition using a make function or a variable with a computed
//!   value is unknown: nothing under it (either branch) is taken.
//! * `export NAME...` and `export NAME := value` lines in the taken regions.
//! * `NAME = value`, `NAME := value`, `NAME ?= value` in the taken regions;
//!   the last one counts. A value is plain when its only references are to
//!   variables the caller knows (`$(srctree)`, `$(ARCH)`).
//!
//! # Not read
//! Target-specific variables, `define` blocks, `+=`, `override`, included
//! files (arch/$(SRCARCH)/Makefile: see [`TopMakefile::arch_assigns`]).

use std::collections::{BTreeMap, BTreeSet};

/// What the top Makefile assigns and exports in an in-tree config build.
#[derive(Clone, Debug, Default)]
pub struct TopMakefile {
    exports: BTreeSet<String>,
    /// Raw right-hand sides of the taken assignments (the last wins).
    assigned: BTreeMap<String, String>,
    /// Names assigned under a condition that is not known.
    maybe_assigned: BTreeSet<String>,
    unexports: BTreeSet<String>,
    /// Names extended with `+=` anywhere: their values are not modelled.
    appended: BTreeSet<String>,
    text: String,
}

/// The variables conditions are evaluated with, besides the Makefile's own.
pub struct Context<'a> {
    /// The tree's absolute path (`CURDIR`, `abs_srctree`, `srcroot` before
    /// it becomes `.`).
    pub abs_tree: &'a str,
    /// make's command-line variables (`LLVM=-19`).
    pub command_line: &'a BTreeMap<String, String>,
    /// The environment make was started with.
    pub environment: &'a BTreeMap<String, String>,
}

impl Context<'_> {
    fn lookup(&self, name: &str) -> Option<String> {
        (self.command_line.get(name))
            .or_else(|| self.environment.get(name))
            .cloned()
    }
}

/// How far an `if..else if..endif` chain is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Branch {
    /// This branch is taken.
    Taking,
    /// No branch taken yet; a later `else` may be.
    Waiting,
    /// A branch was taken, or an enclosing one is not: nothing more here is.
    Done,
    /// The condition is not known: nothing here is taken, and what is
    /// assigned here has no known value.
    Unknown,
}

impl TopMakefile {
    pub fn parse(text: &str, ctx: &Context) -> TopMakefile {
        let mut mk = TopMakefile {
            text: text.to_owned(),
            ..TopMakefile::default()
        };
        let mut stack: Vec<Branch> = Vec::new();
        for line in logical_lines(text) {
            if let Some(name) = appended_name(&line) {
                mk.appended.insert(name.to_owned());
            }
            let taking = stack.iter().all(|b| *b == Branch::Taking);
            let unknown = stack.contains(&Branch::Unknown);
            let (word, rest) = split_word(&line);
            match word {
                "ifdef" | "ifndef" | "ifeq" | "ifneq" => {
                    let state = if !taking {
                        Branch::Done
                    } else {
                        Self::branch(mk.condition(word, rest, ctx))
                    };
                    stack.push(state);
                }
                "else" => mk.else_branch(&mut stack, rest, ctx),
                "endif" => {
                    stack.pop();
                }
                _ if unknown => mk.note_unknown(&line),
                _ if taking => mk.statement(&line, ctx),
                _ => {}
            }
        }
        mk
    }

    fn branch(cond: Option<bool>) -> Branch {
        match cond {
            Some(true) => Branch::Taking,
            Some(false) => Branch::Waiting,
            None => Branch::Unknown,
        }
    }

    fn else_branch(&self, stack: &mut [Branch], rest: &str, ctx: &Context) {
        let outer = stack.len().saturating_sub(1);
        let outer_taking = stack[..outer].iter().all(|b| *b == Branch::Taking);
        let Some(top) = stack.last_mut() else { return };
        *top = match *top {
            Branch::Waiting if outer_taking => {
                let (word, cond) = split_word(rest);
                if word.is_empty() {
                    Branch::Taking
                } else {
                    Self::branch(self.condition(word, cond, ctx))
                }
            }
            Branch::Unknown => Branch::Unknown,
            _ => Branch::Done,
        };
    }

    /// An assignment, `export` or `unexport` line in a taken region.
    fn statement(&mut self, line: &str, ctx: &Context) {
        let (export, body) = match split_word(line) {
            ("export", rest) => (true, rest),
            ("unexport", rest) => {
                self.unexports
                    .extend(rest.split_whitespace().map(str::to_owned));
                return;
            }
            _ => (false, line),
        };
        match parse_assignment(body) {
            Some((name, op, value)) if !name.contains('$') => {
                if export {
                    self.exports.insert(name.to_owned());
                }
                if op == "?=" && (self.assigned.contains_key(name) || ctx.lookup(name).is_some()) {
                    return;
                }
                self.assigned.insert(name.to_owned(), value.to_owned());
            }
            Some(_) => {}
            None if export => {
                let names = body.split_whitespace().filter(|n| !n.contains('$'));
                self.exports.extend(names.map(str::to_owned));
            }
            None => {}
        }
    }

    /// A line under an unknown condition: what it assigns has no known value.
    fn note_unknown(&mut self, line: &str) {
        let body = match split_word(line) {
            ("export" | "override", rest) => rest,
            _ => line,
        };
        let name = match parse_assignment(body) {
            Some((name, _, _)) => name,
            None => match body.find("+=") {
                Some(at) => body[..at].trim(),
                None => return,
            },
        };
        self.maybe_assigned.insert(name.to_owned());
    }

    /// `ifdef NAME`, `ifeq (A,B)`.. for an in-tree config build; `None`
    /// when it depends on what is not modelled.
    fn condition(&self, word: &str, arg: &str, ctx: &Context) -> Option<bool> {
        let (negate, value) = match word {
            "ifdef" | "ifndef" => {
                let v = self.value_of(arg.trim(), ctx)?;
                (word == "ifndef", !v.is_empty())
            }
            "ifeq" | "ifneq" => {
                let (a, b) = split_comparison(arg)?;
                let a = self.expand(&a, ctx)?;
                let b = self.expand(&b, ctx)?;
                (word == "ifneq", a.trim() == b.trim())
            }
            _ => return None,
        };
        Some(value != negate)
    }

    /// The value of a variable in a condition, `None` if not known.
    fn value_of(&self, name: &str, ctx: &Context) -> Option<String> {
        match name {
            "config-build" => return Some("1".to_owned()),
            "need-sub-make" | "mixed-build" | "building_out_of_srctree" | "sub_make_done" => {
                return Some(String::new())
            }
            "CURDIR" | "abs_srctree" | "srcroot" => return Some(ctx.abs_tree.to_owned()),
            "MAKECMDGOALS" => return Some("olddefconfig".to_owned()),
            // make's own: `-s`, `-j`.. are not known here.
            "MAKEFLAGS" | "MFLAGS" | "MAKE" | "MAKEFILE_LIST" | ".FEATURES" => return None,
            _ => {}
        }
        if let Some(var) = name.strip_prefix("origin ") {
            return Some(self.origin(var.trim(), ctx).to_owned());
        }
        if let Some(v) = ctx.command_line.get(name) {
            return Some(v.clone());
        }
        if let Some(raw) = self.assigned.get(name) {
            return expand_refs(raw, &|n| {
                (n != name).then(|| self.value_of(n, ctx)).flatten()
            });
        }
        if self.maybe_assigned.contains(name) {
            return None;
        }
        Some(ctx.environment.get(name).cloned().unwrap_or_default())
    }

    /// make's `$(origin NAME)`.
    fn origin(&self, name: &str, ctx: &Context) -> &'static str {
        if ctx.command_line.contains_key(name) {
            "command line"
        } else if self.assigned.contains_key(name) {
            "file"
        } else if ctx.environment.contains_key(name) {
            "environment"
        } else {
            "undefined"
        }
    }

    /// `$(NAME)` references replaced by known values; `None` at a function
    /// call or an unknown variable.
    fn expand(&self, text: &str, ctx: &Context) -> Option<String> {
        expand_refs(text.trim().trim_matches('"'), &|name| {
            self.value_of(name, ctx)
        })
    }

    /// Does the Makefile export `name` (in the regions taken)?
    pub fn exports(&self, name: &str) -> bool {
        self.exports.contains(name)
    }

    /// Every exported name.
    pub fn exported(&self) -> impl Iterator<Item = &str> {
        self.exports.iter().map(String::as_str)
    }

    /// The raw value last assigned to `name` in the regions taken.
    pub fn assigned(&self, name: &str) -> Option<&str> {
        self.assigned.get(name).map(String::as_str)
    }

    /// Is `name` assigned under a condition that is not known, or
    /// extended with `+=`?
    pub fn maybe_assigned(&self, name: &str) -> bool {
        self.maybe_assigned.contains(name) || self.appended.contains(name)
    }

    /// Names on `unexport` lines: make removes them from conf's environment.
    pub fn unexported(&self) -> impl Iterator<Item = &str> {
        self.unexports.iter().map(String::as_str)
    }

    /// Does the text mention `word` at all (`LLVM_SUFFIX`: the `LLVM=-N`
    /// form is understood)?
    pub fn mentions(&self, word: &str) -> bool {
        self.text.contains(word)
    }

    /// `NAME = [$(subst $(pound),,]$(shell CMD)[)]`: the command, and
    /// whether `#` is removed from its output.
    pub fn shell_value(&self, name: &str) -> Option<(String, bool)> {
        let value = self.assigned(name)?.trim();
        let (inner, strip) = match value.strip_prefix("$(subst $(pound),,") {
            Some(rest) => (rest.strip_suffix(')')?, true),
            None => (value, false),
        };
        let cmd = inner.strip_prefix("$(shell ")?.strip_suffix(')')?;
        Some((cmd.trim().to_owned(), strip))
    }
}

/// Does arch/$(SRCARCH)/Makefile (included for config targets) assign or
/// extend `name`? Such a value is not modelled.
pub(crate) fn arch_assigns(arch_makefile: &str, name: &str) -> bool {
    logical_lines(arch_makefile).any(|line| {
        let body = line.strip_prefix("export ").unwrap_or(&line);
        parse_assignment(body).is_some_and(|(n, _, _)| n == name)
            || appended_name(body) == Some(name)
    })
}

/// `NAME += value` (also after `export` or `override`): `NAME`.
fn appended_name(line: &str) -> Option<&str> {
    let body = match split_word(line) {
        ("export" | "override", rest) => rest,
        _ => line,
    };
    let (name, _) = body.split_once("+=")?;
    let name = name.trim();
    (!name.is_empty() && !name.contains(char::is_whitespace)).then_some(name)
}

/// `$(NAME)` references replaced through `lookup`, and the make functions
/// `filter`, `filter-out`, `findstring`, `firstword`, `words` and `strip`
/// evaluated; `None` at any other function (`$(shell ..`, `$(if ..`) or a
/// name `lookup` does not know.
pub(crate) fn expand_refs(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = rest[at + 1..].strip_prefix('(')?;
        let end = closing_paren(after)?;
        out.push_str(&expand_one(&after[..end], lookup)?);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The byte index of the `)` that closes an opened `(`.
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The inside of one `$(...)`: a variable, `origin NAME`, or a function.
fn expand_one(inner: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let Some((func, args)) = inner.split_once(' ') else {
        let name = expand_refs(inner, lookup)?;
        return lookup(&name);
    };
    if func == "origin" {
        return lookup(inner);
    }
    let args: Vec<String> = split_args(args)
        .into_iter()
        .map(|a| expand_refs(a, lookup))
        .collect::<Option<_>>()?;
    let words = |i: usize| -> Vec<&str> {
        args.get(i)
            .map_or(vec![], |a| a.split_whitespace().collect())
    };
    let matches = |pattern: &str, word: &str| match pattern.split_once('%') {
        Some((pre, suf)) => {
            word.len() >= pre.len() + suf.len() && word.starts_with(pre) && word.ends_with(suf)
        }
        None => pattern == word,
    };
    let value = match func {
        "filter" | "filter-out" => {
            let keep = func == "filter";
            let patterns = words(0);
            let kept: Vec<&str> = (words(1).into_iter())
                .filter(|w| patterns.iter().any(|p| matches(p, w)) == keep)
                .collect();
            kept.join(" ")
        }
        "findstring" => {
            let (find, within) = (args.first()?, args.get(1)?);
            if within.contains(find.as_str()) {
                find.clone()
            } else {
                String::new()
            }
        }
        "firstword" => words(0).first().map_or(String::new(), |w| w.to_string()),
        "words" => words(0).len().to_string(),
        "strip" => words(0).join(" "),
        _ => return None,
    };
    Some(value)
}

/// A function's arguments, split at top-level commas.
fn split_args(args: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in args.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&args[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&args[start..]);
    out
}

/// Make's logical lines: continuations joined with one space (the
/// whitespace around them condensed), comments removed, the recipe lines
/// of rules (tab-indented after a `target:` line) dropped.
fn logical_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut lines = text.lines();
    let mut in_rule = false;
    std::iter::from_fn(move || loop {
        let first = lines.next()?;
        let recipe = first.starts_with('\t') && in_rule;
        let mut line = first.to_owned();
        while line.ends_with('\\') {
            line.pop();
            line.truncate(line.trim_end().len());
            match lines.next() {
                Some(next) => {
                    line.push(' ');
                    line.push_str(next.trim_start());
                }
                None => break,
            }
        }
        if recipe {
            continue;
        }
        if let Some(hash) = line.find('#') {
            line.truncate(hash);
        }
        let line = line.trim().to_owned();
        if line.is_empty() {
            continue;
        }
        in_rule = starts_rule(&line);
        return Some(line);
    })
}

/// `target: prerequisites` (not an assignment, directive or export).
fn starts_rule(line: &str) -> bool {
    let (word, _) = split_word(line);
    let directive = matches!(
        word,
        "ifdef"
            | "ifndef"
            | "ifeq"
            | "ifneq"
            | "else"
            | "endif"
            | "export"
            | "unexport"
            | "include"
            | "-include"
            | "sinclude"
            | "override"
            | "define"
            | "endef"
            | "undefine"
    );
    !directive && line.contains(':') && parse_assignment(line).is_none() && !line.contains("+=")
}

fn split_word(line: &str) -> (&str, &str) {
    let line = line.trim_start();
    match line.find(char::is_whitespace) {
        Some(at) => (&line[..at], line[at..].trim()),
        None => (line, ""),
    }
}

/// `NAME op value` with op one of `=`, `:=`, `::=`, `?=`; `+=` and
/// anything else is not an assignment we take.
fn parse_assignment(line: &str) -> Option<(&str, &str, &str)> {
    let eq = line.find('=')?;
    let lhs = &line[..eq];
    let (name, op) = if let Some(n) = lhs.strip_suffix("::") {
        (n, "::=")
    } else if let Some(n) = lhs.strip_suffix(':') {
        (n, ":=")
    } else if let Some(n) = lhs.strip_suffix('?') {
        (n, "?=")
    } else if lhs.ends_with(['+', '!']) {
        return None;
    } else {
        (lhs, "=")
    };
    let name = name.trim();
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-.$()".contains(c);
    if name.is_empty() || !name.chars().all(plain) {
        return None;
    }
    Some((name, op, line[eq + 1..].trim()))
}

/// `(A,B)` or `"A" "B"`, split at the top-level comma.
fn split_comparison(arg: &str) -> Option<(String, String)> {
    let arg = arg.trim();
    if let Some(inner) = arg.strip_prefix('(').and_then(|a| a.strip_suffix(')')) {
        let mut depth = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    return Some((inner[..i].to_owned(), inner[i + 1..].to_owned()))
                }
                _ => {}
            }
        }
        return None;
    }
    let mut parts = arg.split_whitespace();
    let a = parts.next()?.trim_matches(['"', '\'']).to_owned();
    let b = parts.next()?.trim_matches(['"', '\'']).to_owned();
    Some((a, b))
}
