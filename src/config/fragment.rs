//! One reader for fragments, used by every command: each line is read in
//! the form it is written in, a `.config` line (`CONFIG_X=...`, `# CONFIG_X
//! is not set`, a comment) or a shell line (`scripts/config -e X ...`, with
//! its continuation lines and quotes), so a file that mixes both gets the
//! same requests from `check` as from `olddefconfig`. A file without any
//! `scripts/config` invocation is read exactly as conf reads a `.config`
//! (other lines: "unexpected data").
//!
//! A UTF-8 byte order mark before the first line hides that line from conf
//! (and from `sh`): when it is a request, the request is lost, and the
//! warning says so as a loss ([`ReadWarning::lost`], a finding for
//! `check`); before a comment or nothing, it is skipped with a note.

use super::read::{decode, ConfigFile, ReadWarning};
use super::scripts_config::{self, Edit, Script};
use crate::error::Error;
use std::path::Path;
use std::sync::Arc;

const BOM: char = '\u{feff}';

/// Reads the fragment at `path`.
pub fn read(path: &Path) -> Result<Script, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse(&bytes, &path.display().to_string())
}

/// Reads a fragment's bytes; `name` is the file as messages name it.
pub fn parse(bytes: &[u8], name: &str) -> Result<Script, Error> {
    let text = decode(bytes);
    let (text, bom) = match text.strip_prefix(BOM) {
        Some(rest) => (rest, true),
        None => (text.as_str(), false),
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut shell = shell_lines(&lines);
    let any_script = (lines.iter().zip(&shell)).any(|(l, &s)| s && l.contains("scripts/config"));
    if !any_script {
        shell.iter_mut().for_each(|s| *s = false);
    }
    let file: Arc<str> = Arc::from(name);
    let mut warnings = Vec::new();
    let mut hidden = None;
    if bom {
        let lost = first_line_is_a_request(lines.first().copied(), shell.first() == Some(&true));
        warnings.push(bom_warning(&file, lost));
        hidden = lost.then_some(0);
    }
    let keep = |want_shell: bool| -> String {
        let kept = lines.iter().zip(&shell).enumerate().map(|(i, (l, &s))| {
            if s == want_shell && hidden != Some(i) {
                *l
            } else if l.ends_with('\n') {
                "\n"
            } else {
                ""
            }
        });
        kept.collect()
    };
    let config = ConfigFile::parse(&keep(false), name);
    let script = if any_script {
        scripts_config::parse(&keep(true), name)?
    } else {
        Script::default()
    };
    let mut edits: Vec<Edit> = config.assignments.into_iter().map(Edit::Set).collect();
    edits.extend(script.edits);
    edits.sort_by_key(line_of);
    warnings.extend(config.warnings);
    warnings.extend(script.warnings);
    warnings.sort_by_key(|w| w.line);
    Ok(Script { edits, warnings })
}

fn line_of(e: &Edit) -> u32 {
    match e {
        Edit::Set(a) => a.line,
        Edit::Undefine { line, .. } => *line,
    }
}

/// Which lines are shell lines: those that are not `.config` lines, and
/// the lines a shell line continues onto (a trailing `\`, an open quote).
fn shell_lines(lines: &[&str]) -> Vec<bool> {
    let mut out = Vec::with_capacity(lines.len());
    let mut continued = false;
    for line in lines {
        let shell = continued || !is_config_line(line);
        continued = shell && continues(line);
        out.push(shell);
    }
    out
}

/// A line conf reads as a `.config` line: a request, a comment or nothing.
fn is_config_line(line: &str) -> bool {
    let line = line.trim_end_matches(['\n', '\r']);
    line.is_empty() || line.starts_with("CONFIG_") || line.starts_with('#')
}

/// Whether the shell goes on reading the command on the next line.
fn continues(line: &str) -> bool {
    let (mut single, mut double, mut escaped) = (false, false, false);
    let body = line.strip_suffix('\n').unwrap_or(line);
    let mut at_word_start = true;
    for c in body.chars() {
        if escaped {
            escaped = false;
        } else if single {
            single = c != '\'';
        } else if c == '\\' {
            escaped = true;
        } else if double {
            double = c != '"';
        } else if c == '#' && at_word_start {
            return false;
        } else {
            single = c == '\'';
            double = c == '"';
        }
        at_word_start = c.is_whitespace();
    }
    single || double || escaped
}

fn first_line_is_a_request(line: Option<&str>, shell: bool) -> bool {
    let Some(line) = line else { return false };
    if shell {
        return line.contains("scripts/config");
    }
    let c = ConfigFile::parse(line, "");
    !c.assignments.is_empty()
}

fn bom_warning(file: &Arc<str>, lost: bool) -> ReadWarning {
    let message = if lost {
        "a UTF-8 byte order mark starts this line, so conf does not read it \
         (\"unexpected data\"): the request on it is lost; save the file without the mark"
    } else {
        "a UTF-8 byte order mark before the first line was skipped"
    };
    ReadWarning {
        file: file.clone(),
        line: 1,
        message: message.to_owned(),
        lost,
    }
}
