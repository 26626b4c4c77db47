//! Byte offsets -> 1-based line and column, for spans.
//!
//! The builder asks for positions in increasing order almost always, so a
//! cursor that only counts the newlines between the previous position and
//! the next one makes the whole file cost one pass. (pest's own `line_col`
//! rescans from the start of the input on each call.)

use super::ast::{FileId, Span};

pub(crate) struct LineCursor<'a> {
    text: &'a str,
    file: FileId,
    /// Offset up to which newlines have been counted.
    offset: usize,
    /// Line number (1-based) at `offset`.
    line: u32,
    /// Offset of the first byte of that line.
    line_start: usize,
}

impl<'a> LineCursor<'a> {
    pub(crate) fn new(text: &'a str, file: FileId) -> Self {
        LineCursor {
            text,
            file,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The span of byte `offset` (clamped to the text, and to a character
    /// boundary).
    pub(crate) fn span(&mut self, offset: usize) -> Span {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            // Going backwards is rare (error paths): start over.
            *self = LineCursor::new(self.text, self.file);
        }
        let bytes = &self.text.as_bytes()[self.offset..offset];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.offset + i + 1;
            }
        }
        self.offset = offset;
        let prefix = self.text.get(self.line_start..offset);
        let col = prefix.map_or(offset - self.line_start, |p| p.chars().count()) + 1;
        Span {
            file: self.file,
            line: self.line,
            col: col as u32,
        }
    }
}
