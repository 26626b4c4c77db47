//! A cheap pre-scan for lines whose parentheses nest deeper than
//! [`MAX_EXPR_DEPTH`], so they are refused with a clear message before the
//! recursive-descent parser spends its stack on them.
//!
//! Every `(` counts, also inside strings, macro references and help text:
//! the scan runs before help text is known, and a real Kconfig line never
//! comes near the limit. A deep line inside help text is harmless because
//! the parser only stops at a deep line it actually reaches.

use super::MAX_EXPR_DEPTH;

/// A logical line (continuations joined) that nests too deeply.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DeepLine {
    pub start: usize,
    pub end: usize,
    /// Offset of the `(` that exceeds the limit.
    pub too_deep_at: usize,
}

#[derive(Default)]
pub(crate) struct DeepLines(Vec<DeepLine>);

impl DeepLines {
    pub(crate) fn scan(text: &str) -> Self {
        let bytes = text.as_bytes();
        // Fast path: most files do not have that many parentheses at all.
        if bytes.iter().filter(|&&b| b == b'(').count() <= MAX_EXPR_DEPTH {
            return DeepLines::default();
        }
        let mut lines = Vec::new();
        let (mut start, mut depth, mut deep_at) = (0, 0usize, None);
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'(' => {
                    depth += 1;
                    if depth > MAX_EXPR_DEPTH && deep_at.is_none() {
                        deep_at = Some(i);
                    }
                }
                b')' => depth = depth.saturating_sub(1),
                b'\n' if !continued(bytes, i) => {
                    if let Some(too_deep_at) = deep_at.take() {
                        lines.push(DeepLine {
                            start,
                            end: i,
                            too_deep_at,
                        });
                    }
                    start = i + 1;
                    depth = 0;
                }
                _ => {}
            }
        }
        if let Some(too_deep_at) = deep_at {
            lines.push(DeepLine {
                start,
                end: bytes.len(),
                too_deep_at,
            });
        }
        DeepLines(lines)
    }

    /// The first deep line that ends after `pos`.
    pub(crate) fn next_from(&self, pos: usize) -> Option<DeepLine> {
        self.0.iter().find(|line| line.end > pos).copied()
    }
}

/// Whether the newline at `i` is escaped by `\` (or `\` CR).
fn continued(bytes: &[u8], i: usize) -> bool {
    match i.checked_sub(1).map(|j| bytes[j]) {
        Some(b'\\') => true,
        Some(b'\r') => i >= 2 && bytes[i - 2] == b'\\',
        _ => false,
    }
}
