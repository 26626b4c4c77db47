//! Help text, read exactly as the HELP start condition of the kernel's
//! scripts/kconfig/lexer.l reads it.
//!
//! A PEG cannot do this part: where help text ends depends on indentation
//! measured with tabs expanded to the next multiple of 8. The rules, one
//! flex rule each in the kernel:
//!
//! * leading blanks of a line: their width is `ts`. Once the first text line
//!   has fixed `first_ts`, a line with `ts < first_ts` ends the help (the
//!   rest of that line is a statement), otherwise `ts - first_ts` spaces are
//!   kept;
//! * a line break (after optional blanks) that is followed by a character
//!   other than blank or newline ends the help: an unindented line is a
//!   statement again;
//! * any other line break appends `"\n"`;
//! * text (from the first non-blank character to the end of the line) is
//!   appended with trailing blanks removed; the first one fixes `first_ts`.
//!
//! Consequences worth knowing, all reproduced: leading blank lines give
//! leading `"\n"`s; the text ends without `"\n"` when an unindented line or
//! the end of the file follows its last line directly; an unindented line
//! right after `help` is taken as help text.

/// The help text and the byte offset where normal lexing resumes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct HelpText {
    pub text: String,
    pub end: usize,
}

/// Scan help text starting at byte `start` (just after the `help` line).
pub(crate) fn scan_help(src: &str, start: usize) -> HelpText {
    let mut scan = Scan {
        src: src.as_bytes(),
        text: String::new(),
        first_ts: 0,
        last_ts: 0,
    };
    let end = scan.run(src, start);
    HelpText {
        text: scan.text,
        end,
    }
}

struct Scan<'a> {
    src: &'a [u8],
    text: String,
    first_ts: usize,
    last_ts: usize,
}

impl Scan<'_> {
    /// Apply the lexer rules from `pos` until one of them ends the help;
    /// return where the help ended.
    fn run(&mut self, src: &str, mut pos: usize) -> usize {
        loop {
            let Some(&c) = self.src.get(pos) else {
                return pos;
            };
            let blanks = self.blank_run(pos);
            match self.src.get(pos + blanks) {
                // `[ \t]*\n`, possibly with trailing context `/[^ \t\n]`
                Some(b'\n') => {
                    let next = pos + blanks + 1;
                    if self.src.get(next).is_some_and(|&n| !is_blank_or_nl(n)) {
                        return next;
                    }
                    self.text.push('\n');
                    pos = next;
                }
                // `[ \t]+`
                _ if blanks > 0 => {
                    if !self.indentation(pos, blanks) {
                        return pos + blanks;
                    }
                    pos += blanks;
                }
                // `[^ \t\n].*`
                _ => {
                    debug_assert!(!is_blank_or_nl(c));
                    pos = self.text_line(src, pos);
                }
            }
        }
    }

    fn blank_run(&self, pos: usize) -> usize {
        self.src[pos..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count()
    }

    /// Leading blanks of a line; false when they end the help text.
    fn indentation(&mut self, pos: usize, len: usize) -> bool {
        let ts = self.src[pos..pos + len].iter().fold(0, |ts, &b| {
            if b == b'\t' {
                (ts & !7) + 8
            } else {
                ts + 1
            }
        });
        self.last_ts = ts;
        if self.first_ts > 0 {
            if ts < self.first_ts {
                return false;
            }
            self.text
                .extend(std::iter::repeat(' ').take(ts - self.first_ts));
        }
        true
    }

    /// A text line from `pos` to the end of the line; returns the offset of
    /// the line break (or the end of input).
    fn text_line(&mut self, src: &str, pos: usize) -> usize {
        let end = self.src[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.src.len(), |n| pos + n);
        self.text
            .push_str(src[pos..end].trim_end_matches([' ', '\t']));
        if self.first_ts == 0 {
            self.first_ts = self.last_ts;
        }
        end
    }
}

fn is_blank_or_nl(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n')
}
