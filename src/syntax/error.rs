//! Syntax errors: what went wrong, where, and how to show it with the
//! offending source line and a caret under the column.

use super::ast::Span;

/// What is wrong with the text. The messages are meant for someone who
/// writes Kconfig files, not for someone who knows the grammar.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxErrorKind {
    /// A line that starts with a word that is neither a keyword nor the
    /// name of an assignment.
    #[error("unknown statement \"{0}\"")]
    UnknownStatement(String),
    /// Something required is missing, e.g. an expression after `depends on`.
    #[error("expected {expected} after `{after}`")]
    Expected {
        expected: &'static str,
        after: String,
    },
    /// A token that does not fit where it was found.
    #[error("unexpected {found}{context}")]
    Unexpected { found: String, context: String },
    /// `(` without its `)`.
    #[error("missing `)` for the `(` here")]
    UnclosedParen,
    /// `$(` without its `)` on the same line.
    #[error("unterminated macro reference: missing `)`")]
    UnterminatedMacro,
    /// Parentheses, `!` or `&&`/`||` chains nested beyond the limit.
    #[error("expression nested too deeply (limit {0})")]
    TooDeep(usize),
    /// `menu`, `choice` and `if` blocks nested beyond the limit.
    #[error("blocks nested too deeply (limit {0} open `menu`/`choice`/`if` blocks)")]
    BlocksTooDeep(usize),
    /// A block reached the end of the file without its end keyword.
    #[error("missing `{end}` for the {block} opened at line {line}")]
    Unclosed {
        block: &'static str,
        end: &'static str,
        line: u32,
    },
    /// `endif`, `endmenu` or `endchoice` with no block open.
    #[error("`{end}` without `{block}`")]
    EndWithoutBlock {
        end: &'static str,
        block: &'static str,
    },
    /// An end keyword that does not match the innermost open block.
    #[error("`{end}` does not match the `{block}` opened at line {line} (expected `{expected}`)")]
    MismatchedEnd {
        end: &'static str,
        block: &'static str,
        line: u32,
        expected: &'static str,
    },
    /// A property that belongs to no entry, or to another kind of entry.
    #[error("`{property}` {problem}")]
    MisplacedProperty {
        property: &'static str,
        problem: &'static str,
    },
    /// A keyword where a symbol or variable name is needed.
    #[error("`{0}` is a keyword and cannot be used as a name")]
    KeywordAsName(String),
}

/// A syntax error in one file, at a line and column.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}:{}: {kind}", span.line, span.col)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub span: Span,
}

impl SyntaxError {
    pub(crate) fn new(kind: SyntaxErrorKind, span: Span) -> Self {
        SyntaxError { kind, span }
    }

    /// The message alone, without position.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// Render as `path:LINE:COL: error: MESSAGE`, then the source line and a
    /// caret under the column. `source` is the text that was parsed.
    pub fn render(&self, path: &str, source: &str) -> String {
        self.render_excerpt(path, &self.excerpt(source))
    }

    /// What an error keeps of the text it was found in: its line, cut
    /// around the column.
    pub fn excerpt(&self, source: &str) -> Excerpt {
        let (text, col) = excerpt(source_line(source, self.span.line), self.span.col);
        Excerpt { text, col }
    }

    /// [`SyntaxError::render`], from the [`SyntaxError::excerpt`] of the text.
    pub fn render_excerpt(&self, path: &str, excerpt: &Excerpt) -> String {
        let line_no = self.span.line.to_string();
        let gutter = " ".repeat(line_no.len() + 2);
        format!(
            "{path}:{}:{}: error: {}\n {line_no} | {}\n{gutter}| {}^\n",
            self.span.line,
            self.span.col,
            self.kind,
            excerpt.text,
            caret_padding(&excerpt.text, excerpt.col),
        )
    }
}

/// The line of a [`SyntaxError`], cut around its column (a 100 MB line must
/// not end up in an error message), and the column in that cut.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    pub text: String,
    pub col: u32,
}

/// Line `line` (1-based) of `source`, without its line terminator.
fn source_line(source: &str, line: u32) -> &str {
    let index = (line as usize).saturating_sub(1);
    let text = source.split('\n').nth(index).unwrap_or("");
    text.strip_suffix('\r').unwrap_or(text)
}

/// Characters of context shown before and after the caret on a long line.
const CONTEXT_BEFORE: usize = 60;
const CONTEXT_AFTER: usize = 40;

/// The part of a long line around column `col` (a 100 MB line must not end
/// up in an error message), with `...` where it was cut, and the caret's
/// column in that part.
fn excerpt(text: &str, col: u32) -> (String, u32) {
    let col = col.max(1) as usize;
    if text.chars().count() <= CONTEXT_BEFORE + CONTEXT_AFTER + 8 {
        return (text.to_string(), col as u32);
    }
    let skip = col.saturating_sub(1 + CONTEXT_BEFORE);
    let mut out = String::new();
    let mut new_col = col;
    if skip > 0 {
        out.push_str("...");
        new_col = col - skip + 3;
    }
    let mut rest = text.chars().skip(skip);
    out.extend(rest.by_ref().take(col - skip - 1 + CONTEXT_AFTER));
    if rest.next().is_some() {
        out.push_str("...");
    }
    (out, new_col as u32)
}

/// Blanks that put a caret under column `col` (1-based, in characters):
/// tabs are copied so the caret lines up however the terminal sets tabs.
fn caret_padding(text: &str, col: u32) -> String {
    let mut pad: String = text
        .chars()
        .take((col as usize).saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let have = text.chars().count();
    let want = (col as usize).saturating_sub(1);
    if want > have {
        pad.extend(std::iter::repeat(' ').take(want - have));
    }
    pad
}
