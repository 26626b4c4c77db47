//! A compact binary form of [`ast::File`], for the parse cache
//! (`source::cache`).
//!
//! Hand-written rather than derived: the syntax tree's types stay free of
//! serialization attributes (STYLE.md), and a format this small is read
//! faster than any self-describing one. Numbers are LEB128 varints, strings
//! a length and their UTF-8 bytes, enums a tag byte. Spans store line and
//! column only: every span of a file names that file, and the reader is
//! told which [`FileId`] the file has in this run.
//!
//! Decoding never trusts its input: every read is bounds-checked, strings
//! are UTF-8-checked, nesting is bounded as the parser bounds it, and any
//! inconsistency yields `None` (the caller then parses the file again).

use super::ast::{
    AssignOp, CmpOp, ConfigKind, DefaultKind, Expr, File, FileId, Prompt, Property, PropertyKind,
    RawText, SourceKind, Span, Statement, Type,
};
use super::{MAX_BLOCK_DEPTH, MAX_EXPR_DEPTH};

/// Appends the encoding of `file` to `out`.
pub fn encode(file: &File, out: &mut Vec<u8>) {
    let mut w = Writer { out };
    w.statements(&file.statements);
}

/// The file encoded in `bytes` (all of them), its spans in file `id`.
pub fn decode(bytes: &[u8], id: FileId) -> Option<File> {
    let mut r = Reader {
        bytes,
        pos: 0,
        file: id,
    };
    let statements = r.statements(0)?;
    (r.pos == bytes.len()).then_some(File { statements })
}

pub(crate) struct Writer<'a> {
    pub(crate) out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    pub(crate) fn uint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.out.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.out.push(v as u8);
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.out.extend_from_slice(s.as_bytes());
    }

    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }

    fn tag<T: Tag>(&mut self, t: T) {
        self.byte(t.byte());
    }

    /// `None` as 0; `Some(v)` as 1, then `v`.
    fn opt<T>(&mut self, v: Option<&T>, write: impl FnOnce(&mut Self, &T)) {
        match v {
            Some(v) => {
                self.byte(1);
                write(self, v)
            }
            None => self.byte(0),
        }
    }

    /// A count, then each item.
    fn seq<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Self, &T)) {
        self.uint(items.len() as u64);
        for item in items {
            write(self, item);
        }
    }

    fn span(&mut self, span: Span) {
        self.uint(span.line.into());
        self.uint(span.col.into());
    }

    fn raw(&mut self, t: &RawText) {
        self.str(&t.raw);
        self.uint(t.quote.map_or(0, |q| q as u64 + 1));
        self.span(t.span);
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Atom(t) => {
                self.byte(0);
                self.raw(t)
            }
            Expr::Cmp(op, a, b) => {
                self.byte(1);
                self.tag(*op);
                self.raw(a);
                self.raw(b)
            }
            Expr::Not(e) => {
                self.byte(2);
                self.expr(e)
            }
            Expr::And(a, b) | Expr::Or(a, b) => {
                self.byte(if matches!(e, Expr::And(..)) { 3 } else { 4 });
                self.expr(a);
                self.expr(b)
            }
        }
    }

    /// The `if` part of a property or prompt.
    fn cond(&mut self, cond: &Option<Expr>) {
        self.opt(cond.as_ref(), Self::expr);
    }

    fn prompt(&mut self, p: &Prompt) {
        self.raw(&p.text);
        self.cond(&p.cond);
    }

    fn properties(&mut self, props: &[Property]) {
        self.seq(props, |w, p| {
            w.property(&p.kind);
            w.span(p.span)
        });
    }

    fn property(&mut self, kind: &PropertyKind) {
        match kind {
            PropertyKind::Type { ty, prompt } => {
                self.byte(0);
                self.tag(*ty);
                self.opt(prompt.as_ref(), Self::prompt)
            }
            PropertyKind::Prompt(p) => {
                self.byte(1);
                self.prompt(p)
            }
            PropertyKind::Default { kind, value, cond } => {
                self.byte(2);
                self.tag(*kind);
                self.expr(value);
                self.cond(cond)
            }
            PropertyKind::Select { symbol, cond } | PropertyKind::Imply { symbol, cond } => {
                self.byte(if matches!(kind, PropertyKind::Select { .. }) {
                    3
                } else {
                    4
                });
                self.raw(symbol);
                self.cond(cond)
            }
            PropertyKind::Range { low, high, cond } => {
                self.byte(5);
                self.raw(low);
                self.raw(high);
                self.cond(cond)
            }
            PropertyKind::DependsOn { expr, cond } => {
                self.byte(6);
                self.expr(expr);
                self.cond(cond)
            }
            PropertyKind::Visible { cond } => {
                self.byte(7);
                self.cond(cond)
            }
            PropertyKind::Modules => self.byte(8),
            PropertyKind::Optional => self.byte(9),
            PropertyKind::Transitional => self.byte(10),
            PropertyKind::Option { name, value } => {
                self.byte(11);
                self.str(name);
                self.opt(value.as_ref(), Self::raw)
            }
            PropertyKind::Help(text) => {
                self.byte(12);
                self.str(text)
            }
        }
    }

    fn statements(&mut self, stmts: &[Statement]) {
        self.seq(stmts, Self::statement);
    }

    fn statement(&mut self, s: &Statement) {
        match s {
            Statement::Mainmenu { prompt, span } => {
                self.byte(0);
                self.raw(prompt);
                self.span(*span)
            }
            Statement::Config {
                kind,
                name,
                properties,
                span,
            } => {
                self.byte(1);
                self.tag(*kind);
                self.raw(name);
                self.properties(properties);
                self.span(*span)
            }
            Statement::Choice {
                name,
                properties,
                body,
                span,
                end,
            } => {
                self.byte(2);
                self.opt(name.as_ref(), Self::raw);
                self.block(properties, body, *span, *end)
            }
            Statement::Menu {
                prompt,
                properties,
                body,
                span,
                end,
            } => {
                self.byte(3);
                self.raw(prompt);
                self.block(properties, body, *span, *end)
            }
            Statement::If {
                cond,
                body,
                span,
                end,
            } => {
                self.byte(4);
                self.expr(cond);
                self.block(&[], body, *span, *end)
            }
            Statement::Comment {
                prompt,
                properties,
                span,
            } => {
                self.byte(5);
                self.raw(prompt);
                self.properties(properties);
                self.span(*span)
            }
            Statement::Source { kind, path, span } => {
                self.byte(6);
                self.byte(kind.relative as u8 | (kind.optional as u8) << 1);
                self.raw(path);
                self.span(*span)
            }
            Statement::Assignment {
                name,
                op,
                value,
                span,
            } => {
                self.byte(7);
                self.raw(name);
                self.tag(*op);
                self.str(value);
                self.span(*span)
            }
            Statement::MacroLine { words, span } => {
                self.byte(8);
                self.seq(words, Self::raw);
                self.span(*span)
            }
        }
    }

    fn block(&mut self, props: &[Property], body: &[Statement], span: Span, end: Span) {
        self.properties(props);
        self.statements(body);
        self.span(span);
        self.span(end);
    }
}

/// What [`Writer::block`] writes for a `choice`, `menu` or `if`: its
/// properties, its body, and the spans of its first and last line.
type Block = (Vec<Property>, Vec<Statement>, Span, Span);

pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) pos: usize,
    file: FileId,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader {
            bytes,
            pos: 0,
            file: FileId(0),
        }
    }

    pub(crate) fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    pub(crate) fn uint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }

    fn u32(&mut self) -> Option<u32> {
        self.uint()?.try_into().ok()
    }

    /// A count of items each at least one byte long: never more than the
    /// bytes left, so a corrupt count cannot reserve a huge vector.
    fn count(&mut self) -> Option<usize> {
        let n = usize::try_from(self.uint()?).ok()?;
        (n <= self.bytes.len() - self.pos).then_some(n)
    }

    pub(crate) fn slice(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(len)?;
        let s = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }

    pub(crate) fn str(&mut self) -> Option<&'a str> {
        let len = usize::try_from(self.uint()?).ok()?;
        std::str::from_utf8(self.slice(len)?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_owned)
    }

    fn tag<T: Tag>(&mut self) -> Option<T> {
        let b = self.byte()?;
        T::ALL.iter().copied().find(|t| t.byte() == b)
    }

    fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.byte()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }

    fn seq<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.count()?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(read(self)?);
        }
        Some(items)
    }

    fn span(&mut self) -> Option<Span> {
        Some(Span {
            file: self.file,
            line: self.u32()?,
            col: self.u32()?,
        })
    }

    fn raw(&mut self) -> Option<RawText> {
        let raw = self.string()?;
        let quote = match self.u32()? {
            0 => None,
            q => Some(char::from_u32(q - 1)?),
        };
        Some(RawText {
            raw,
            quote,
            span: self.span()?,
        })
    }

    fn expr(&mut self, depth: usize) -> Option<Expr> {
        if depth > MAX_EXPR_DEPTH {
            return None;
        }
        let boxed = |r: &mut Self| r.expr(depth + 1).map(Box::new);
        Some(match self.byte()? {
            0 => Expr::Atom(self.raw()?),
            1 => Expr::Cmp(self.tag()?, self.raw()?, self.raw()?),
            2 => Expr::Not(boxed(self)?),
            3 => Expr::And(boxed(self)?, boxed(self)?),
            4 => Expr::Or(boxed(self)?, boxed(self)?),
            _ => return None,
        })
    }

    fn cond(&mut self) -> Option<Option<Expr>> {
        self.opt(|r| r.expr(0))
    }

    fn prompt(&mut self) -> Option<Prompt> {
        Some(Prompt {
            text: self.raw()?,
            cond: self.cond()?,
        })
    }

    fn properties(&mut self) -> Option<Vec<Property>> {
        self.seq(|r| {
            Some(Property {
                kind: r.property()?,
                span: r.span()?,
            })
        })
    }

    fn property(&mut self) -> Option<PropertyKind> {
        Some(match self.byte()? {
            0 => PropertyKind::Type {
                ty: self.tag()?,
                prompt: self.opt(Self::prompt)?,
            },
            1 => PropertyKind::Prompt(self.prompt()?),
            2 => PropertyKind::Default {
                kind: self.tag()?,
                value: self.expr(0)?,
                cond: self.cond()?,
            },
            3 => PropertyKind::Select {
                symbol: self.raw()?,
                cond: self.cond()?,
            },
            4 => PropertyKind::Imply {
                symbol: self.raw()?,
                cond: self.cond()?,
            },
            5 => PropertyKind::Range {
                low: self.raw()?,
                high: self.raw()?,
                cond: self.cond()?,
            },
            6 => PropertyKind::DependsOn {
                expr: self.expr(0)?,
                cond: self.cond()?,
            },
            7 => PropertyKind::Visible { cond: self.cond()? },
            8 => PropertyKind::Modules,
            9 => PropertyKind::Optional,
            10 => PropertyKind::Transitional,
            11 => PropertyKind::Option {
                name: self.string()?,
                value: self.opt(Self::raw)?,
            },
            12 => PropertyKind::Help(self.string()?),
            _ => return None,
        })
    }

    fn statements(&mut self, depth: usize) -> Option<Vec<Statement>> {
        if depth > MAX_BLOCK_DEPTH {
            return None;
        }
        self.seq(|r| r.statement(depth))
    }

    fn statement(&mut self, depth: usize) -> Option<Statement> {
        Some(match self.byte()? {
            0 => Statement::Mainmenu {
                prompt: self.raw()?,
                span: self.span()?,
            },
            1 => Statement::Config {
                kind: self.tag()?,
                name: self.raw()?,
                properties: self.properties()?,
                span: self.span()?,
            },
            2 => {
                let name = self.opt(Self::raw)?;
                let (properties, body, span, end) = self.block(depth)?;
                Statement::Choice {
                    name,
                    properties,
                    body,
                    span,
                    end,
                }
            }
            3 => {
                let prompt = self.raw()?;
                let (properties, body, span, end) = self.block(depth)?;
                Statement::Menu {
                    prompt,
                    properties,
                    body,
                    span,
                    end,
                }
            }
            4 => {
                let cond = self.expr(0)?;
                let (properties, body, span, end) = self.block(depth)?;
                if !properties.is_empty() {
                    return None;
                }
                Statement::If {
                    cond,
                    body,
                    span,
                    end,
                }
            }
            5 => Statement::Comment {
                prompt: self.raw()?,
                properties: self.properties()?,
                span: self.span()?,
            },
            6 => {
                let bits = self.byte()?;
                let kind = SourceKind {
                    relative: bits & 1 != 0,
                    optional: bits & 2 != 0,
                };
                Statement::Source {
                    kind,
                    path: self.raw()?,
                    span: self.span()?,
                }
            }
            7 => Statement::Assignment {
                name: self.raw()?,
                op: self.tag()?,
                value: self.string()?,
                span: self.span()?,
            },
            8 => Statement::MacroLine {
                words: self.seq(Self::raw)?,
                span: self.span()?,
            },
            _ => return None,
        })
    }

    fn block(&mut self, depth: usize) -> Option<Block> {
        let properties = self.properties()?;
        let body = self.statements(depth + 1)?;
        Some((properties, body, self.span()?, self.span()?))
    }
}

/// A fieldless enum of the syntax tree, written as its discriminant byte.
trait Tag: Copy + 'static {
    /// Every variant: a byte reads as the one it is the discriminant of.
    const ALL: &'static [Self];
    fn byte(self) -> u8;
}

/// Implements [`Tag`] for each enum with the variants listed. `byte`
/// matches on them all, so a variant added to the enum but not here is a
/// compile error rather than a cache entry that never decodes.
macro_rules! tags {
    ($($ty:ident: $($variant:ident)|+;)+) => {$(
        impl Tag for $ty {
            const ALL: &'static [$ty] = &[$($ty::$variant),+];

            fn byte(self) -> u8 {
                match self {
                    $($ty::$variant)|+ => self as u8,
                }
            }
        }
    )+};
}

tags! {
    CmpOp: Equal | Unequal | Less | LessEqual | Greater | GreaterEqual;
    Type: Bool | Tristate | Int | Hex | String;
    DefaultKind: Plain | DefBool | DefTristate;
    ConfigKind: Config | MenuConfig;
    AssignOp: Recursive | Simple | Append;
}
