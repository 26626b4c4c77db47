//! The expander: variables, user-function calls and the scanning of raw
//! text for `$(...)` references (scripts/kconfig/preprocess.c's
//! `eval_clause`, `expand_dollar_with_args`, `variable_add`, and lexer.l's
//! STRING state for quoted text).

use std::collections::HashMap;
use std::sync::Arc;

use crate::syntax::ast::AssignOp;

use super::error::{MacroError, MacroErrorKind};
use super::functions;
use super::kernel_env::KernelEnv;
use super::probe::Probes;
use super::{Diagnostic, Location};

/// How many references may be nested inside one another (through variables
/// and user functions, or written out). The kernel stops one variable at 1000
/// nested expansions of itself and does not bound the rest; we count all
/// nesting and stop earlier, because a level costs about 4 KiB of stack in a
/// debug build and the caller may be on a 2 MiB thread. Kconfig files in the
/// kernel nest about ten deep (`$(cc-option,..)` → `success` → `if-success`
/// → `shell`), so only runaway recursion meets this bound.
pub const MAX_EXPANSION_DEPTH: usize = 256;

/// A clause has at most this many comma-separated parts, the name included
/// (the kernel's `FUNCTION_MAX_ARGS`).
pub const MAX_FUNCTION_ARGS: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flavor {
    Recursive,
    Simple,
}

#[derive(Debug)]
struct Variable {
    value: String,
    flavor: Flavor,
    /// How many expansions of this variable are under way: a recursive
    /// variable referenced without arguments while it is being expanded
    /// references itself.
    expanding: usize,
}

/// The macro state of one Kconfig tree: variables, the kernel environment,
/// the probe runner, and what expansion recorded.
#[derive(Debug)]
pub struct Preprocessor {
    env: KernelEnv,
    probes: Arc<Probes>,
    variables: HashMap<String, Variable>,
    diagnostics: Vec<Diagnostic>,
    env_used: Vec<(String, String)>,
    /// Names looked up in the environment and not found.
    env_missing: Vec<String>,
    depth: usize,
}

impl Preprocessor {
    pub fn new(env: KernelEnv, probes: Arc<Probes>) -> Preprocessor {
        Preprocessor {
            env,
            probes,
            variables: HashMap::new(),
            diagnostics: Vec::new(),
            env_used: Vec::new(),
            env_missing: Vec::new(),
            depth: 0,
        }
    }

    /// `NAME op value` (the name already expanded by the caller, the value
    /// raw as written after the operator).
    pub fn assign(
        &mut self,
        name: &str,
        op: AssignOp,
        value: &str,
        at: Location,
    ) -> Result<(), MacroError> {
        let existing = self.variables.get(name).map(|v| v.flavor);
        let (flavor, append) = match (op, existing) {
            (AssignOp::Append, Some(flavor)) => (flavor, true),
            (AssignOp::Append, None) | (AssignOp::Recursive, _) => (Flavor::Recursive, false),
            (AssignOp::Simple, _) => (Flavor::Simple, false),
        };
        let new_value = match flavor {
            Flavor::Simple => self.expand(
                value,
                &[],
                Location {
                    line: at.line.saturating_add(1),
                    ..at
                },
            )?,
            Flavor::Recursive => value.to_owned(),
        };
        let var = self
            .variables
            .entry(name.to_owned())
            .or_insert_with(|| Variable {
                value: String::new(),
                flavor,
                expanding: 0,
            });
        var.flavor = flavor;
        if append {
            var.value.push(' ');
            var.value.push_str(&new_value);
        } else {
            var.value = new_value;
        }
        Ok(())
    }

    /// Expands every reference in a bare word.
    pub fn expand_word(&mut self, raw: &str, at: Location) -> Result<String, MacroError> {
        self.expand(raw, &[], at)
    }

    /// The value of a quoted string from the raw text between its quotes:
    /// outside references `\x` stands for `x`; a reference is read as
    /// written (no escapes) and its expansion is inserted as is (lexer.l's
    /// STRING state). One difference: the kernel looks for the `)` of a
    /// reference up to the end of the line, past the closing quote, while
    /// we only see `raw`; the parser must therefore skip over `$(...)` when
    /// it looks for the closing quote, and an unterminated reference is
    /// reported with the text up to the quote.
    pub fn expand_quoted(&mut self, raw: &str, at: Location) -> Result<String, MacroError> {
        let mut out = String::new();
        let mut rest = raw;
        while let Some(i) = rest.find(['$', '\\']) {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            if rest.as_bytes()[i] == b'$' {
                let (value, next) = self.expand_dollar(after, &[], at)?;
                out.push_str(&value);
                rest = next;
            } else {
                let mut chars = after.chars();
                out.extend(chars.next());
                rest = chars.as_str();
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    /// What `info` and `warning-if` asked to print, in order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Environment variables that references found (name, value), in the
    /// order first referenced; the kernel writes these to
    /// include/config/auto.conf.cmd so that a change re-runs conf.
    pub fn env_used(&self) -> &[(String, String)] {
        &self.env_used
    }

    /// Every environment lookup with what it found, in order (found ones
    /// first): what a stored model depends on besides files and probes.
    pub fn env_lookups(&self) -> Vec<(String, Option<String>)> {
        let found = self
            .env_used
            .iter()
            .map(|(n, v)| (n.clone(), Some(v.clone())));
        let missing = self.env_missing.iter().map(|n| (n.clone(), None));
        found.chain(missing).collect()
    }

    /// The raw (recursive) or expanded (simple) value of a variable.
    pub fn variable(&self, name: &str) -> Option<&str> {
        self.variables.get(name).map(|v| v.value.as_str())
    }

    pub fn env(&self) -> &KernelEnv {
        &self.env
    }

    pub fn probes(&self) -> &Arc<Probes> {
        &self.probes
    }

    pub(super) fn record(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// A message of conf's own while parsing, after the macros' so far.
    pub(crate) fn note(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Expands all references in `text`; `args` are the `$(1)`.. of the user
    /// function being expanded.
    fn expand(&mut self, text: &str, args: &[String], at: Location) -> Result<String, MacroError> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find('$') {
            out.push_str(&rest[..i]);
            let (value, next) = self.expand_dollar(&rest[i + 1..], args, at)?;
            out.push_str(&value);
            rest = next;
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Expands the reference after a `$`; returns its value and the text
    /// after it. A `$` not followed by `(` stands for itself.
    fn expand_dollar<'t>(
        &mut self,
        after_dollar: &'t str,
        args: &[String],
        at: Location,
    ) -> Result<(String, &'t str), MacroError> {
        let Some(body) = after_dollar.strip_prefix('(') else {
            return Ok(("$".to_owned(), after_dollar));
        };
        let end = matching_paren(body)
            .ok_or_else(|| error(at, MacroErrorKind::Unterminated(body.to_owned())))?;
        self.depth += 1;
        let value = if self.depth > MAX_EXPANSION_DEPTH {
            Err(error(
                at,
                MacroErrorKind::TooDeep {
                    bound: MAX_EXPANSION_DEPTH,
                },
            ))
        } else {
            self.eval_clause(&body[..end], args, at)
        };
        self.depth -= 1;
        Ok((value?, &body[end + 1..]))
    }

    /// `NAME` or `NAME,ARG,...` between `$(` and `)`.
    fn eval_clause(
        &mut self,
        clause: &str,
        args: &[String],
        at: Location,
    ) -> Result<String, MacroError> {
        if let Some(n) = positional(clause).filter(|&n| n >= 1 && n <= args.len()) {
            return Ok(args[n - 1].clone());
        }
        let parts = split_arguments(clause);
        if parts.len() > MAX_FUNCTION_ARGS {
            return Err(error(
                at,
                MacroErrorKind::TooManyArguments {
                    bound: MAX_FUNCTION_ARGS,
                },
            ));
        }
        let name = self.expand(parts[0], args, at)?;
        let call_args = parts[1..]
            .iter()
            .map(|part| self.expand(part, args, at))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(value) = self.expand_variable(&name, &call_args, at)? {
            return Ok(value);
        }
        if let Some(value) = functions::call(self, &name, &call_args, at)? {
            return Ok(value);
        }
        if call_args.is_empty() {
            if let Some(value) = self.env_lookup(&name) {
                return Ok(value);
            }
        }
        Ok(String::new())
    }

    fn expand_variable(
        &mut self,
        name: &str,
        args: &[String],
        at: Location,
    ) -> Result<Option<String>, MacroError> {
        let Some(var) = self.variables.get_mut(name) else {
            return Ok(None);
        };
        if args.is_empty() && var.expanding > 0 {
            return Err(error(at, MacroErrorKind::SelfReference(name.to_owned())));
        }
        if var.flavor == Flavor::Simple {
            return Ok(Some(var.value.clone()));
        }
        var.expanding += 1;
        let value = var.value.clone();
        let result = self.expand(&value, args, at);
        if let Some(var) = self.variables.get_mut(name) {
            var.expanding -= 1;
        }
        result.map(Some)
    }

    /// conf's `getenv`, remembering what was found.
    fn env_lookup(&mut self, name: &str) -> Option<String> {
        if name.is_empty() {
            return None;
        }
        let Some(value) = self.env.lookup(name).map(str::to_owned) else {
            if !self.env_missing.iter().any(|n| n == name) {
                self.env_missing.push(name.to_owned());
            }
            return None;
        };
        if !self.env_used.iter().any(|(n, _)| n == name) {
            self.env_used.push((name.to_owned(), value.clone()));
        }
        Some(value)
    }
}

pub(super) fn error(at: Location, kind: MacroErrorKind) -> MacroError {
    MacroError {
        file: at.file.to_owned(),
        line: at.line,
        kind,
    }
}

/// Index of the `)` that closes a reference whose body starts at `body`.
fn matching_paren(body: &str) -> Option<usize> {
    let mut nest = 0usize;
    for (i, b) in body.bytes().enumerate() {
        match b {
            b'(' => nest += 1,
            b')' if nest == 0 => return Some(i),
            b')' => nest -= 1,
            _ => {}
        }
    }
    None
}

/// Splits a clause on commas outside parentheses.
fn split_arguments(clause: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut nest = 0i64;
    let mut start = 0;
    for (i, b) in clause.bytes().enumerate() {
        match b {
            b',' if nest == 0 => {
                parts.push(&clause[start..i]);
                start = i + 1;
            }
            b'(' => nest += 1,
            b')' => nest -= 1,
            _ => {}
        }
    }
    parts.push(&clause[start..]);
    parts
}

/// The clause read as `strtoul` reads it, when it is all number: leading
/// blanks, an optional `+`, digits. (`-N` wraps to a huge number in C, so it
/// is never a valid argument index either.)
fn positional(clause: &str) -> Option<usize> {
    let s = clause.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse::<usize>().unwrap_or(usize::MAX))
}
