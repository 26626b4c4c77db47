//! Reading `.config` files and fragments: `CONFIG_X=value` and
//! `# CONFIG_X is not set` lines, with conf's warnings for what it skips.

use crate::error::Error;
use std::path::Path;
use std::sync::Arc;

/// One assignment line of a config file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// The symbol name without `CONFIG_`.
    pub name: String,
    /// The raw value after `=` (`n` for `# CONFIG_X is not set`).
    pub value: String,
    pub not_set: bool,
    pub file: Arc<str>,
    pub line: u32,
}

/// A line conf skips with a warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadWarning {
    pub file: Arc<str>,
    pub line: u32,
    pub message: String,
    /// A request written on the line is lost (conf does not read it): a
    /// finding for `check`, not only a warning.
    pub lost: bool,
}

#[derive(Clone, Debug, Default)]
pub struct ConfigFile {
    pub assignments: Vec<Assignment>,
    pub warnings: Vec<ReadWarning>,
}

/// Warnings of one kind repeated for one symbol (or file) before they are
/// only counted.
pub const REPEATS_SHOWN: u32 = 20;

/// Longest line we accept; conf has no limit, but a line this long is not a
/// config line and holding it costs memory for nothing.
const MAX_LINE: usize = 1 << 20;

impl ConfigFile {
    pub fn read(path: &Path) -> Result<ConfigFile, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Ok(ConfigFile::parse(
            &decode(&bytes),
            &path.display().to_string(),
        ))
    }

    /// Parse config text as conf's `conf_read_simple` does. A line that
    /// repeats the assignment just before it is not kept twice. Warnings that
    /// repeat are not all kept (a million duplicate lines made a million
    /// warnings): [`REPEATS_SHOWN`] overrides per symbol and
    /// [`REPEATS_SHOWN`] lines of unexpected data per file, then one warning
    /// that counts the rest.
    pub fn parse(text: &str, name: &str) -> ConfigFile {
        let file: Arc<str> = Arc::from(name);
        let mut out = ConfigFile::default();
        // Per symbol: overrides seen, and the line of the last.
        let mut seen: rustc_hash::FxHashMap<&str, (u32, u32)> = Default::default();
        let mut unexpected = (0u32, 0u32);
        for (i, raw) in text.split_inclusive('\n').enumerate() {
            let line_no = i as u32 + 1;
            let line = raw.strip_suffix('\n').unwrap_or(raw);
            let line = line.strip_suffix('\r').unwrap_or(line);
            // conf reads each line as a C string: nothing after a NUL.
            let line = line.split('\0').next().unwrap_or(line);
            if line.len() > MAX_LINE {
                let message = format!("line of {} bytes ignored", line.len());
                out.warn(&file, line_no, message);
                continue;
            }
            match parse_line(line) {
                Line::Skip => {}
                Line::Unexpected => {
                    unexpected = (unexpected.0 + 1, line_no);
                    if unexpected.0 <= REPEATS_SHOWN {
                        let message = format!("unexpected data: {}", shorten(line));
                        out.warn(&file, line_no, message);
                    }
                }
                Line::Set {
                    name,
                    value,
                    not_set,
                } => {
                    let overrides = seen.entry(name).or_insert((0, 0));
                    if overrides.1 != 0 {
                        overrides.0 += 1;
                        if overrides.0 <= REPEATS_SHOWN {
                            let message = format!("override: reassigning to symbol {name}");
                            out.warn(&file, line_no, message);
                        }
                    }
                    overrides.1 = line_no;
                    // The same line again right after itself changes nothing
                    // conf computes; a million of them cost a million
                    // assignments in memory.
                    let repeat = out.assignments.last().is_some_and(|a| {
                        a.name == name && a.value == value && a.not_set == not_set
                    });
                    if repeat {
                        continue;
                    }
                    out.assignments.push(Assignment {
                        name: name.to_string(),
                        value: value.to_string(),
                        not_set,
                        file: file.clone(),
                        line: line_no,
                    })
                }
            }
        }
        out.count_repeats(&file, seen, unexpected);
        out
    }

    /// The warnings that say how many were not repeated.
    fn count_repeats(
        &mut self,
        file: &Arc<str>,
        seen: rustc_hash::FxHashMap<&str, (u32, u32)>,
        unexpected: (u32, u32),
    ) {
        let mut more: Vec<(u32, String)> = (seen.into_iter())
            .filter(|(_, (n, _))| *n > REPEATS_SHOWN)
            .map(|(name, (n, last))| {
                let message = format!(
                    "override: reassigning to symbol {name}: {} more times, the last here",
                    n - REPEATS_SHOWN
                );
                (last, message)
            })
            .collect();
        if unexpected.0 > REPEATS_SHOWN {
            let message = format!(
                "unexpected data: {} more lines, the last here",
                unexpected.0 - REPEATS_SHOWN
            );
            more.push((unexpected.1, message));
        }
        more.sort();
        for (line, message) in more {
            self.warn(file, line, message);
        }
    }

    fn warn(&mut self, file: &Arc<str>, line: u32, message: String) {
        self.warnings.push(ReadWarning {
            file: file.clone(),
            line,
            message,
            lost: false,
        });
    }
}

/// The first of the 256 private-use characters that stand for bytes that
/// are not UTF-8 (see [`decode`]).
const RAW_BYTE_BASE: u32 = 0x10_FF00;

/// A file's bytes as text without losing any (conf keeps a string value's
/// bytes as they are): valid UTF-8 as it is, every other byte as the
/// private-use character U+10FF00 + byte, which [`encode`] writes back as
/// that byte. (A file that really holds U+10FF00..U+10FFFF, the end of the
/// last private-use plane, gets those bytes instead.)
pub fn decode(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(bytes.len() + 16);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for &b in chunk.invalid() {
            out.push(char::from_u32(RAW_BYTE_BASE + u32::from(b)).expect("a valid char"));
        }
    }
    out
}

/// The bytes `text` stands for: [`decode`] undone.
pub fn encode(text: &str) -> std::borrow::Cow<'_, [u8]> {
    // U+10FF00..U+10FFFF are F4 8F BC..BF xx in UTF-8.
    if !text.as_bytes().contains(&0xF4) {
        return std::borrow::Cow::Borrowed(text.as_bytes());
    }
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match u32::from(c).checked_sub(RAW_BYTE_BASE) {
            Some(b) if b <= 0xFF => out.push(b as u8),
            _ => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A line as quoted in a warning: long ones are cut (conf prints them
/// whole, which for a megabyte of junk helps nobody).
fn shorten(line: &str) -> String {
    const SHOWN: usize = 100;
    match line.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}... ({} bytes)", &line[..cut], line.len()),
        None => line.to_string(),
    }
}

/// A string value without its quotes and escapes, as conf reads it (what
/// follows the closing quote is ignored), and whether the closing quote was
/// there. A value that does not start with a quote is returned as is.
pub fn unquote(value: &str) -> (String, bool) {
    let Some(rest) = value.strip_prefix('"') else {
        return (value.to_string(), true);
    };
    let mut out = String::with_capacity(rest.len());
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return (out, true),
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    (out, false)
}

enum Line<'a> {
    Skip,
    Unexpected,
    Set {
        name: &'a str,
        value: &'a str,
        not_set: bool,
    },
}

fn parse_line(line: &str) -> Line<'_> {
    if line.is_empty() {
        return Line::Skip;
    }
    if let Some(rest) = line.strip_prefix('#') {
        let Some(rest) = rest.strip_prefix(" CONFIG_") else {
            return Line::Skip;
        };
        let Some((name, tail)) = rest.split_once(' ') else {
            return Line::Skip;
        };
        return if tail == "is not set" {
            Line::Set {
                name,
                value: "n",
                not_set: true,
            }
        } else {
            Line::Skip
        };
    }
    let Some(rest) = line.strip_prefix("CONFIG_") else {
        return Line::Unexpected;
    };
    match rest.split_once('=') {
        Some((name, value)) => Line::Set {
            name,
            value,
            not_set: false,
        },
        None => Line::Unexpected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_forms_and_warns_like_conf() {
        let c = ConfigFile::parse(
            "CONFIG_A=y\n# CONFIG_B is not set\n#CONFIG_C=y\nFOO\nCONFIG_D\r\n\n",
            "x",
        );
        let names: Vec<_> = c
            .assignments
            .iter()
            .map(|a| (a.name.as_str(), a.value.as_str(), a.line))
            .collect();
        assert_eq!(names, vec![("A", "y", 1), ("B", "n", 2)]);
        let w: Vec<_> = c
            .warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert_eq!(
            w,
            vec![
                (4, "unexpected data: FOO"),
                (5, "unexpected data: CONFIG_D")
            ]
        );
    }
}
