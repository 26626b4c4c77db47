//! One Kbuild Makefile, read the way the kernel's
//! `scripts/kconfig/streamline_config.pl` reads it: logical lines (a
//! trailing `\` joins the next line, with no space), `$(VAR)` replaced by
//! the value of an earlier `VAR = ...`/`VAR := ...` of the same file, and
//! every `obj-$(CONFIG_X) += a.o b.o` mapping objects to a config.
//!
//! This is deliberately not make: streamline_config's answer is what
//! `make localmodconfig` does, and reproducing it byte for byte means
//! reproducing its reading, quirks included (a value is substituted only
//! once, the key of `a:=b` without spaces is `a:`, `${CONFIG_X}` is
//! understood from Linux 6.3 on).

use rustc_hash::FxHashMap;

/// How `obj-` lines name their config, by kernel version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MakefileSyntax {
    /// `obj-${CONFIG_X}` as well as `obj-$(CONFIG_X)` (streamline_config
    /// in Linux 6.3 and later).
    pub braces: bool,
}

impl MakefileSyntax {
    /// The syntax understood by the streamline_config of a kernel version.
    pub fn for_version(version: u32, patchlevel: u32) -> MakefileSyntax {
        MakefileSyntax {
            braces: (version, patchlevel) >= (6, 3),
        }
    }
}

/// `obj-$(CONFIG_X) += a.o b.o` on `line`: the config as written
/// (`CONFIG_X`) and the objects, `-` turned into `_`, `.o` removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjLine {
    pub config: String,
    pub objects: Vec<String>,
    pub line: u32,
}

/// Every `obj-$(CONFIG_...)` line of a Makefile, in order.
pub fn obj_lines(text: &str, syntax: MakefileSyntax) -> Vec<ObjLine> {
    let mut out = Vec::new();
    let mut vars: FxHashMap<String, String> = FxHashMap::default();
    let mut pending = String::new();
    let mut start_line = 0u32;
    for (i, raw) in perl_lines(text).enumerate() {
        if pending.is_empty() {
            start_line = i as u32 + 1;
        }
        if let Some(body) = raw.strip_suffix('\\') {
            pending.push_str(body);
            continue;
        }
        pending.push_str(raw);
        let line = convert_vars(&std::mem::take(&mut pending), &vars);
        if let Some((config, objs)) = match_obj(&line, syntax) {
            let objects = objs.split(is_space).filter_map(object_name).collect();
            out.push(ObjLine {
                config,
                objects,
                line: start_line,
            });
        } else if let Some((name, value)) = match_assignment(&line) {
            vars.insert(name, value);
        }
    }
    out
}

/// The lines of `text` as Perl's `while (<F>) { chomp; ... }` sees them:
/// no empty line after a final newline.
pub(crate) fn perl_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive('\n')
        .map(|l| l.strip_suffix('\n').unwrap_or(l))
}

/// Perl's `\s`.
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// `foo-bar.o` -> `foo_bar`; tokens not ending in `.o` are not objects.
fn object_name(token: &str) -> Option<String> {
    let token = token.replace('-', "_");
    token.strip_suffix(".o").map(str::to_owned)
}

/// streamline_config's `convert_vars`: each `$(NAME)` (up to the first `)`)
/// becomes the value of NAME when the file assigned it; the result is not
/// scanned again.
fn convert_vars(line: &str, vars: &FxHashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find("$(") {
        let Some(close) = rest[open + 2..].find(')') else {
            break;
        };
        let name = &rest[open + 2..open + 2 + close];
        out.push_str(&rest[..open]);
        match vars.get(name) {
            Some(value) => out.push_str(value),
            None => out.push_str(&rest[open..open + 3 + close]),
        }
        rest = &rest[open + 3 + close..];
    }
    out.push_str(rest);
    out
}

/// `obj-\$[({](CONFIG_[^})]*)[)}]\s*[+:]?=\s*(.*)` (6.3+), or with `(`/`)`
/// only, at the leftmost position where it matches.
fn match_obj(line: &str, syntax: MakefileSyntax) -> Option<(String, String)> {
    let (opens, closes): (&[char], &[char]) = if syntax.braces {
        (&['(', '{'], &[')', '}'])
    } else {
        (&['('], &[')'])
    };
    let mut from = 0;
    while let Some(pos) = line[from..].find("obj-$") {
        let at = from + pos + "obj-$".len();
        from = at;
        let rest = &line[at..];
        let Some(rest) = rest.strip_prefix(opens) else {
            continue;
        };
        if !rest.starts_with("CONFIG_") {
            continue;
        }
        let Some(end) = rest.find(closes) else {
            continue;
        };
        let config = &rest[..end];
        let after = rest[end + 1..].trim_start_matches(is_space);
        let after = after.strip_prefix(['+', ':']).unwrap_or(after);
        if let Some(value) = after.strip_prefix('=') {
            return Some((
                config.to_owned(),
                value.trim_start_matches(is_space).to_owned(),
            ));
        }
    }
    None
}

/// `^\s*(\S+)\s*[:]?=\s*(.*\S)`: Perl's greedy `\S+` takes the longest
/// prefix of the first word after which the rest still matches.
fn match_assignment(line: &str) -> Option<(String, String)> {
    let s = line.trim_start_matches(is_space);
    let word_len = s.find(is_space).unwrap_or(s.len());
    let mut cut = word_len;
    while cut > 0 {
        if s.is_char_boundary(cut) {
            if let Some(value) = assignment_value(&s[cut..]) {
                return Some((s[..cut].to_owned(), value));
            }
        }
        cut -= 1;
    }
    None
}

/// `\s*[:]?=\s*(.*\S)` at the start of `rest`.
fn assignment_value(rest: &str) -> Option<String> {
    let rest = rest.trim_start_matches(is_space);
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let value = rest.strip_prefix('=')?.trim_matches(is_space);
    (!value.is_empty()).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW: MakefileSyntax = MakefileSyntax { braces: true };
    const OLD: MakefileSyntax = MakefileSyntax { braces: false };

    fn one(text: &str, syntax: MakefileSyntax) -> Vec<(String, Vec<String>, u32)> {
        obj_lines(text, syntax)
            .into_iter()
            .map(|o| (o.config, o.objects, o.line))
            .collect()
    }

    #[test]
    fn obj_line_with_dashes_and_continuation() {
        let got = one("# c\nobj-$(CONFIG_A) += a-b.o \\\n\tc.o dir/\n", NEW);
        assert_eq!(
            got,
            vec![("CONFIG_A".into(), vec!["a_b".into(), "c".into()], 2)]
        );
    }

    #[test]
    fn braces_only_from_6_3() {
        assert_eq!(one("obj-${CONFIG_A} += a.o\n", NEW).len(), 1);
        assert!(one("obj-${CONFIG_A} += a.o\n", OLD).is_empty());
        assert!(
            MakefileSyntax::for_version(6, 12).braces && !MakefileSyntax::for_version(6, 1).braces
        );
    }

    #[test]
    fn variables_of_the_same_file_are_substituted_once() {
        let text = "X := x.o\nY=$(X)\nC := $(CONFIG_B)\nobj-$(C) += $(X) $(Y) $(Z)\n";
        assert_eq!(
            one(text, NEW),
            vec![("CONFIG_B".into(), vec!["x".into(), "x".into()], 4)]
        );
    }

    #[test]
    fn assignment_key_is_perls_greedy_word() {
        assert_eq!(match_assignment("a:=b"), Some(("a:".into(), "b".into())));
        assert_eq!(
            match_assignment("  a := b c  "),
            Some(("a".into(), "b c".into()))
        );
        assert_eq!(match_assignment("x=y=z"), Some(("x=y".into(), "z".into())));
        assert_eq!(match_assignment("obj-y += a.o"), None);
        assert_eq!(match_assignment("a ="), None);
    }

    #[test]
    fn obj_anywhere_in_the_line_and_assignment_forms() {
        assert_eq!(
            one("foo obj-$(CONFIG_A):=a.o\n", NEW)[0].1,
            vec!["a".to_string()]
        );
        assert!(one("obj-$(CONFIG_A) ?= a.o\n", NEW).is_empty());
        assert!(one("obj-$(FOO) += a.o\n", NEW).is_empty());
    }
}
