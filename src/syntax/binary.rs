//! The binary form of [`ast::File`] kept by the parse cache
//! (`source::cache`): postcard over the syntax tree's serde derives, so that
//! the encoding follows from the types and a new statement, property or
//! field needs no code here.
//!
//! postcard writes numbers as LEB128 varints, strings as a length and their
//! UTF-8 bytes, enums as a varint variant index, `Option` as a 0/1 byte:
//! the layout the hand-written encoder this replaces had, within a byte
//! here and there. Spans store line and column only (see the `Serialize`
//! impl below): every span of a file names that file, and the decoder is
//! told which [`FileId`] the file has in this run.
//!
//! Decoding never trusts its input: postcard bounds-checks every read,
//! checks UTF-8, booleans, option tags and variant indices, and sizes no
//! vector from a count it has not seen the bytes for; nesting is bounded
//! here as the parser bounds it (`Box<Expr>` and block bodies carry
//! `deserialize_with` attributes that count levels); trailing bytes are
//! refused. Any inconsistency yields `None` (the caller then parses the
//! file again).

use std::cell::Cell;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ast::{Expr, File, FileId, Span, Statement};
use super::{MAX_BLOCK_DEPTH, MAX_EXPR_DEPTH};

/// The encoding of `file`.
pub(crate) fn encode(file: &File) -> Vec<u8> {
    // Writing to a vector fails only for types postcard cannot express
    // (maps or sequences of unknown length), and the syntax tree has none;
    // were it to fail, the empty entry would not decode: a parse next time.
    postcard::to_allocvec(file).unwrap_or_default()
}

/// The file encoded in `bytes` (all of them), its spans in file `id`.
pub(crate) fn decode(bytes: &[u8], id: FileId) -> Option<File> {
    let _decoding = Decoding::enter(id);
    let (file, rest) = postcard::take_from_bytes::<File>(bytes).ok()?;
    rest.is_empty().then_some(file)
}

/// What the decoder of the current thread is reading: the file its spans
/// are in and how deep it is in expressions and blocks. The derived
/// `Deserialize` impls cannot be handed this (serde has no seed for them),
/// so it lives beside them; [`decode`] sets it and restores the previous
/// one when done, so a decoding cut short leaves nothing behind.
#[derive(Clone, Copy)]
struct State {
    file: FileId,
    exprs: usize,
    blocks: usize,
}

thread_local! {
    static STATE: Cell<Option<State>> = const { Cell::new(None) };
}

struct Decoding(Option<State>);

impl Decoding {
    fn enter(file: FileId) -> Decoding {
        let fresh = State {
            file,
            exprs: 0,
            blocks: 0,
        };
        Decoding(STATE.with(|s| s.replace(Some(fresh))))
    }
}

impl Drop for Decoding {
    fn drop(&mut self) {
        STATE.with(|s| s.set(self.0));
    }
}

/// Spans are written as `(line, col)`; the file is the one being decoded.
impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.line, self.col).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let (line, col) = <(u32, u32)>::deserialize(d)?;
        let state = STATE.with(Cell::get);
        let file = state.ok_or_else(|| D::Error::custom("a span read outside binary::decode"))?;
        Ok(Span {
            file: file.file,
            line,
            col,
        })
    }
}

/// What [`nested`] counts the levels of.
#[derive(Clone, Copy)]
enum Nesting {
    /// Operands of `!`, `&&` and `||`.
    Expr,
    /// Bodies of `menu`, `choice` and `if`.
    Block,
}

/// Runs `read` one level deeper in `nesting`, refusing to go past the
/// parser's bound (an input nested deeper was not written by the encoder,
/// and would only exhaust the stack).
fn nested<'de, D: Deserializer<'de>, T>(
    d: D,
    nesting: Nesting,
    read: impl FnOnce(D) -> Result<T, D::Error>,
) -> Result<T, D::Error> {
    let step = |by: isize| {
        STATE.with(|s| {
            let mut state = s.get()?;
            let (at, max) = match nesting {
                Nesting::Expr => (&mut state.exprs, MAX_EXPR_DEPTH),
                Nesting::Block => (&mut state.blocks, MAX_BLOCK_DEPTH),
            };
            *at = at.checked_add_signed(by)?;
            let within = *at <= max;
            s.set(Some(state));
            within.then_some(())
        })
    };
    step(1).ok_or_else(|| D::Error::custom("nested deeper than the parser allows"))?;
    let value = read(d);
    step(-1);
    value
}

/// `deserialize_with` of the operands of `!`, `&&` and `||`: at most
/// [`MAX_EXPR_DEPTH`] levels.
pub(crate) fn operand<'de, D: Deserializer<'de>>(d: D) -> Result<Box<Expr>, D::Error> {
    nested(d, Nesting::Expr, Box::<Expr>::deserialize)
}

/// `deserialize_with` of the body of a `menu`, `choice` or `if`: at most
/// [`MAX_BLOCK_DEPTH`] levels.
pub(crate) fn body<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Statement>, D::Error> {
    nested(d, Nesting::Block, Vec::<Statement>::deserialize)
}
