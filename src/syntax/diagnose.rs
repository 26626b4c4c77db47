//! Turning a pest failure into a message a kernel engineer understands.
//!
//! pest tells where the furthest attempt failed and which rules it tried
//! there. The logical line around that point is re-read with a tiny lexer
//! to say what the statement was, what came before the failure and what
//! was found instead.

use pest::error::{Error, ErrorVariant, InputLocation};
use pest::Parser;

use super::error::{SyntaxError, SyntaxErrorKind};
use super::lines::LineCursor;
use super::parse::{is_line_keyword, KconfigParser, Rule};

pub(crate) fn pest_error(
    text: &str,
    base: usize,
    err: &Error<Rule>,
    cursor: &mut LineCursor<'_>,
) -> SyntaxError {
    let at = base
        + match err.location {
            InputLocation::Pos(pos) => pos,
            InputLocation::Span((start, _)) => start,
        };
    let (kind, pos) = match &err.variant {
        // pest's own guard ran out of native stack: only deep nesting does that.
        ErrorVariant::CustomError { .. } => (SyntaxErrorKind::TooDeep(super::MAX_EXPR_DEPTH), at),
        ErrorVariant::ParsingError { positives, .. } => explain(text, at, positives),
    };
    SyntaxError::new(kind, cursor.span(pos))
}

fn explain(text: &str, at: usize, positives: &[Rule]) -> (SyntaxErrorKind, usize) {
    let (start, end) = logical_line(text, at);
    let tokens = match lex(text, start, end) {
        Ok(tokens) => tokens,
        Err(dollar) => return (SyntaxErrorKind::UnterminatedMacro, dollar),
    };
    let Some(first) = tokens.first() else {
        return (unexpected(text, at, None), at);
    };
    if first.kind != Kind::Word {
        return (
            unexpected(text, first.start, Some(" at the start of a statement")),
            first.start,
        );
    }
    let word = first.text(text);
    if !is_line_keyword(word) {
        return (
            SyntaxErrorKind::UnknownStatement(word.to_owned()),
            first.start,
        );
    }
    if word == "help" || word == "---help---" {
        let at = tokens.get(1).map_or(at, |t| t.start);
        return (unexpected(text, at, Some(" after `help`")), at);
    }
    if let Some(explained) = paren_mismatch(text, &tokens) {
        return explained;
    }
    match probe(text, start, end) {
        Some((at, positives)) => in_statement(text, at, &positives, &tokens),
        None => in_statement(text, at, positives, &tokens),
    }
}

/// Parse the logical line `text[start..end]` alone: where its furthest
/// attempt failed and what was tried there. pest reports a failing rule at
/// the position where that rule *started*, so on the whole chunk the
/// position can be far from the real problem; on one line it is not.
fn probe(text: &str, start: usize, end: usize) -> Option<(usize, Vec<Rule>)> {
    let err = KconfigParser::parse(Rule::line_probe, &text[start..end]).err()?;
    let at = match err.location {
        InputLocation::Pos(pos) => pos,
        InputLocation::Span((pos, _)) => pos,
    };
    match err.variant {
        ErrorVariant::ParsingError { positives, .. } => Some((start + at, positives)),
        ErrorVariant::CustomError { .. } => None,
    }
}

/// An unmatched `(` or `)` on the line.
fn paren_mismatch(text: &str, tokens: &[Token]) -> Option<(SyntaxErrorKind, usize)> {
    let mut open = Vec::new();
    for token in tokens {
        match token.kind {
            Kind::Open => open.push(token.start),
            Kind::Close if open.pop().is_none() => {
                return Some((unexpected(text, token.start, None), token.start))
            }
            _ => {}
        }
    }
    open.pop().map(|at| (SyntaxErrorKind::UnclosedParen, at))
}

/// A failure inside a statement that starts with a keyword.
fn in_statement(
    text: &str,
    at: usize,
    positives: &[Rule],
    tokens: &[Token],
) -> (SyntaxErrorKind, usize) {
    let before: Vec<&Token> = tokens.iter().filter(|t| t.end <= at).collect();
    let found = tokens.iter().find(|t| t.end > at);
    let Some(prev) = before.last() else {
        return (unexpected(text, at, None), at);
    };
    let expected = expectation_after(prev.text(text)).or_else(|| expectation(positives));
    match expected {
        Some(expected) => {
            let after = after_text(text, &before, prev);
            (SyntaxErrorKind::Expected { expected, after }, at)
        }
        None => {
            let at = found.map_or(at, |t| t.start);
            (unexpected(text, at, None), at)
        }
    }
}

/// What must follow the token `prev`, when that token alone says it.
fn expectation_after(prev: &str) -> Option<&'static str> {
    Some(match prev {
        "on" | "if" | "default" | "def_bool" | "def_tristate" | "&&" | "||" | "!" | "(" => {
            "an expression"
        }
        "config" | "menuconfig" | "select" | "imply" | "option" => "a symbol name",
        "=" | "!=" | "<" | "<=" | ">" | ">=" | "range" => "a symbol or a quoted string",
        "menu" | "comment" | "mainmenu" | "prompt" | "source" | "rsource" | "osource"
        | "orsource" => "a quoted string",
        _ => return None,
    })
}

/// What pest was looking for, in words.
fn expectation(positives: &[Rule]) -> Option<&'static str> {
    let has = |rule| positives.contains(&rule);
    if [Rule::expr, Rule::paren, Rule::operand, Rule::not_op]
        .into_iter()
        .any(has)
    {
        Some("an expression")
    } else if has(Rule::word) && has(Rule::string) {
        Some("a symbol or a quoted string")
    } else if has(Rule::word) {
        Some("a symbol name")
    } else if has(Rule::string) {
        Some("a quoted string")
    } else if has(Rule::assign_op) {
        Some("`=`, `:=` or `+=`")
    } else {
        None
    }
}

/// The token(s) to name in "expected ... after `X`".
fn after_text(text: &str, before: &[&Token], prev: &Token) -> String {
    let prev_text = prev.text(text);
    if prev_text == "on" && before.len() == 2 && before[0].text(text) == "depends" {
        return "depends on".to_owned();
    }
    prev_text.to_owned()
}

fn unexpected(text: &str, at: usize, context: Option<&str>) -> SyntaxErrorKind {
    let found = match text[at..].chars().next() {
        None => "end of file".to_owned(),
        Some('\n') | Some('\r') => "end of line".to_owned(),
        Some(_) => match lex(text, at, logical_line(text, at).1)
            .ok()
            .and_then(|t| t.into_iter().next())
        {
            Some(token) if token.start == at => format!("`{}`", shorten(token.text(text))),
            _ => "end of line".to_owned(),
        },
    };
    SyntaxErrorKind::Unexpected {
        found,
        context: context.unwrap_or("").to_owned(),
    }
}

fn shorten(token: &str) -> String {
    match token.char_indices().nth(40) {
        Some((cut, _)) => format!("{}...", &token[..cut]),
        None => token.to_owned(),
    }
}

/// The logical line (continuations joined) around `at`: start and end offsets.
fn logical_line(text: &str, at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    let mut start = at;
    while start > 0 && !is_line_end(bytes, start - 1) {
        start -= 1;
    }
    let mut end = at;
    while end < bytes.len() && !is_line_end(bytes, end) {
        end += 1;
    }
    (start, end)
}

/// A newline that is not escaped by `\`.
fn is_line_end(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'\n' && !escaped_newline(bytes, i)
}

fn escaped_newline(bytes: &[u8], newline: usize) -> bool {
    newline > 0 && bytes[newline - 1] == b'\\'
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Word,
    Str,
    Open,
    Close,
    Op,
}

#[derive(Debug)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

impl Token {
    fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Tokens of `text[start..end]`, stopping at a comment. `Err` holds the
/// offset of a `$(` that is not closed on its line.
fn lex(text: &str, start: usize, end: usize) -> Result<Vec<Token>, usize> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = start;
    while i < end {
        let b = bytes[i];
        let (kind, len) = match b {
            b' ' | b'\t' | b'\r' | b'\n' | b'\\' => {
                i += 1;
                continue;
            }
            b'#' => break,
            b'"' | b'\'' => (Kind::Str, string_len(bytes, i, end)?),
            b'(' => (Kind::Open, 1),
            b')' => (Kind::Close, 1),
            _ if is_word_byte(b) => (Kind::Word, word_len(bytes, i, end)?),
            _ => (Kind::Op, op_len(bytes, i, end, text)),
        };
        tokens.push(Token {
            kind,
            start: i,
            end: i + len,
        });
        i += len;
    }
    Ok(tokens)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'$'
}

fn word_len(bytes: &[u8], start: usize, end: usize) -> Result<usize, usize> {
    let mut i = start;
    while i < end && is_word_byte(bytes[i]) {
        i = if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'(') {
            macro_end(bytes, i, end)?
        } else {
            i + 1
        };
    }
    Ok(i - start)
}

fn string_len(bytes: &[u8], start: usize, end: usize) -> Result<usize, usize> {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < end && bytes[i] != b'\n' {
        match bytes[i] {
            b'\\' => i += 2,
            b'$' if bytes.get(i + 1) == Some(&b'(') => i = macro_end(bytes, i, end)?,
            b if b == quote => return Ok(i + 1 - start),
            _ => i += 1,
        }
    }
    Ok(i.min(end) - start)
}

/// Offset just past the `)` closing the `$(` at `dollar`, on the same line.
fn macro_end(bytes: &[u8], dollar: usize, end: usize) -> Result<usize, usize> {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().take(end).skip(dollar + 1) {
        match b {
            b'(' => depth += 1,
            b')' if depth == 1 => return Ok(i + 1),
            b')' => depth -= 1,
            b'\n' => break,
            _ => {}
        }
    }
    Err(dollar)
}

fn op_len(bytes: &[u8], i: usize, end: usize, text: &str) -> usize {
    let two = &bytes[i..(i + 2).min(end)];
    if matches!(two, b"||" | b"&&" | b"!=" | b"<=" | b">=" | b":=" | b"+=") {
        return 2;
    }
    // One character, which may be more than one byte.
    text[i..].chars().next().map_or(1, char::len_utf8)
}
