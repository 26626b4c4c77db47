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

    fn span(&mut self, span: Span) {
        self.uint(span.line.into());
        self.uint(span.col.into());
    }

    fn raw(&mut self, t: &RawText) {
        self.str(&t.raw);
        self.uint(t.quote.map_or(0, |q| q as u64 + 1));
        self.span(t.span);
    }

    fn opt_raw(&mut self, t: &Option<RawText>) {
        match t {
            Some(t) => {
                self.byte(1);
                self.raw(t)
            }
            None => self.byte(0),
        }
    }

    fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Atom(t) => {
                self.byte(0);
                self.raw(t)
            }
            Expr::Cmp(op, a, b) => {
                self.byte(1);
                self.byte(*op as u8);
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

    fn opt_expr(&mut self, e: &Option<Expr>) {
        match e {
            Some(e) => {
                self.byte(1);
                self.expr(e)
            }
            None => self.byte(0),
        }
    }

    fn prompt(&mut self, p: &Prompt) {
        self.raw(&p.text);
        self.opt_expr(&p.cond);
    }

    fn properties(&mut self, props: &[Property]) {
        self.uint(props.len() as u64);
        for p in props {
            self.property(&p.kind);
            self.span(p.span);
        }
    }

    fn property(&mut self, kind: &PropertyKind) {
        match kind {
            PropertyKind::Type { ty, prompt } => {
                self.byte(0);
                self.byte(*ty as u8);
                match prompt {
                    Some(p) => {
                        self.byte(1);
                        self.prompt(p)
                    }
                    None => self.byte(0),
                }
            }
            PropertyKind::Prompt(p) => {
                self.byte(1);
                self.prompt(p)
            }
            PropertyKind::Default { kind, value, cond } => {
                self.byte(2);
                self.byte(*kind as u8);
                self.expr(value);
                self.opt_expr(cond)
            }
            PropertyKind::Select { symbol, cond } | PropertyKind::Imply { symbol, cond } => {
                self.byte(if matches!(kind, PropertyKind::Select { .. }) {
                    3
                } else {
                    4
                });
                self.raw(symbol);
                self.opt_expr(cond)
            }
            PropertyKind::Range { low, high, cond } => {
                self.byte(5);
                self.raw(low);
                self.raw(high);
                self.opt_expr(cond)
            }
            PropertyKind::DependsOn { expr, cond } => {
                self.byte(6);
                self.expr(expr);
                self.opt_expr(cond)
            }
            PropertyKind::Visible { cond } => {
                self.byte(7);
                self.opt_expr(cond)
            }
            PropertyKind::Modules => self.byte(8),
            PropertyKind::Optional => self.byte(9),
            PropertyKind::Transitional => self.byte(10),
            PropertyKind::Option { name, value } => {
                self.byte(11);
                self.str(name);
                self.opt_raw(value)
            }
            PropertyKind::Help(text) => {
                self.byte(12);
                self.str(text)
            }
        }
    }

    fn statements(&mut self, stmts: &[Statement]) {
        self.uint(stmts.len() as u64);
        for s in stmts {
            self.statement(s);
        }
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
                self.byte(*kind as u8);
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
                self.opt_raw(name);
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
                self.byte(*op as u8);
                self.str(value);
                self.span(*span)
            }
            Statement::MacroLine { words, span } => {
                self.byte(8);
                self.uint(words.len() as u64);
                for w in words {
                    self.raw(w);
                }
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

    fn opt_raw(&mut self) -> Option<Option<RawText>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(self.raw()?)),
            _ => None,
        }
    }

    fn expr(&mut self, depth: usize) -> Option<Expr> {
        if depth > MAX_EXPR_DEPTH {
            return None;
        }
        let boxed = |r: &mut Self| r.expr(depth + 1).map(Box::new);
        Some(match self.byte()? {
            0 => Expr::Atom(self.raw()?),
            1 => Expr::Cmp(cmp_op(self.byte()?)?, self.raw()?, self.raw()?),
            2 => Expr::Not(boxed(self)?),
            3 => Expr::And(boxed(self)?, boxed(self)?),
            4 => Expr::Or(boxed(self)?, boxed(self)?),
            _ => return None,
        })
    }

    fn opt_expr(&mut self) -> Option<Option<Expr>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(self.expr(0)?)),
            _ => None,
        }
    }

    fn prompt(&mut self) -> Option<Prompt> {
        Some(Prompt {
            text: self.raw()?,
            cond: self.opt_expr()?,
        })
    }

    fn properties(&mut self) -> Option<Vec<Property>> {
        let n = self.count()?;
        let mut props = Vec::with_capacity(n);
        for _ in 0..n {
            let kind = self.property()?;
            props.push(Property {
                kind,
                span: self.span()?,
            });
        }
        Some(props)
    }

    fn property(&mut self) -> Option<PropertyKind> {
        Some(match self.byte()? {
            0 => {
                let ty = type_of(self.byte()?)?;
                let prompt = match self.byte()? {
                    0 => None,
                    1 => Some(self.prompt()?),
                    _ => return None,
                };
                PropertyKind::Type { ty, prompt }
            }
            1 => PropertyKind::Prompt(self.prompt()?),
            2 => {
                let kind = default_kind(self.byte()?)?;
                PropertyKind::Default {
                    kind,
                    value: self.expr(0)?,
                    cond: self.opt_expr()?,
                }
            }
            3 => PropertyKind::Select {
                symbol: self.raw()?,
                cond: self.opt_expr()?,
            },
            4 => PropertyKind::Imply {
                symbol: self.raw()?,
                cond: self.opt_expr()?,
            },
            5 => PropertyKind::Range {
                low: self.raw()?,
                high: self.raw()?,
                cond: self.opt_expr()?,
            },
            6 => PropertyKind::DependsOn {
                expr: self.expr(0)?,
                cond: self.opt_expr()?,
            },
            7 => PropertyKind::Visible {
                cond: self.opt_expr()?,
            },
            8 => PropertyKind::Modules,
            9 => PropertyKind::Optional,
            10 => PropertyKind::Transitional,
            11 => PropertyKind::Option {
                name: self.string()?,
                value: self.opt_raw()?,
            },
            12 => PropertyKind::Help(self.string()?),
            _ => return None,
        })
    }

    fn statements(&mut self, depth: usize) -> Option<Vec<Statement>> {
        if depth > MAX_BLOCK_DEPTH {
            return None;
        }
        let n = self.count()?;
        let mut stmts = Vec::with_capacity(n);
        for _ in 0..n {
            stmts.push(self.statement(depth)?);
        }
        Some(stmts)
    }

    fn statement(&mut self, depth: usize) -> Option<Statement> {
        Some(match self.byte()? {
            0 => Statement::Mainmenu {
                prompt: self.raw()?,
                span: self.span()?,
            },
            1 => {
                let kind = match self.byte()? {
                    0 => ConfigKind::Config,
                    1 => ConfigKind::MenuConfig,
                    _ => return None,
                };
                let name = self.raw()?;
                Statement::Config {
                    kind,
                    name,
                    properties: self.properties()?,
                    span: self.span()?,
                }
            }
            2 => {
                let name = self.opt_raw()?;
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
            5 => {
                let prompt = self.raw()?;
                Statement::Comment {
                    prompt,
                    properties: self.properties()?,
                    span: self.span()?,
                }
            }
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
            7 => {
                let name = self.raw()?;
                let op = match self.byte()? {
                    0 => AssignOp::Recursive,
                    1 => AssignOp::Simple,
                    2 => AssignOp::Append,
                    _ => return None,
                };
                Statement::Assignment {
                    name,
                    op,
                    value: self.string()?,
                    span: self.span()?,
                }
            }
            8 => {
                let n = self.count()?;
                let words = (0..n).map(|_| self.raw()).collect::<Option<Vec<_>>>()?;
                Statement::MacroLine {
                    words,
                    span: self.span()?,
                }
            }
            _ => return None,
        })
    }

    #[allow(clippy::type_complexity)]
    fn block(&mut self, depth: usize) -> Option<(Vec<Property>, Vec<Statement>, Span, Span)> {
        let properties = self.properties()?;
        let body = self.statements(depth + 1)?;
        Some((properties, body, self.span()?, self.span()?))
    }
}

fn cmp_op(b: u8) -> Option<CmpOp> {
    Some(match b {
        0 => CmpOp::Equal,
        1 => CmpOp::Unequal,
        2 => CmpOp::Less,
        3 => CmpOp::LessEqual,
        4 => CmpOp::Greater,
        5 => CmpOp::GreaterEqual,
        _ => return None,
    })
}

fn type_of(b: u8) -> Option<Type> {
    Some(match b {
        0 => Type::Bool,
        1 => Type::Tristate,
        2 => Type::Int,
        3 => Type::Hex,
        4 => Type::String,
        _ => return None,
    })
}

fn default_kind(b: u8) -> Option<DefaultKind> {
    Some(match b {
        0 => DefaultKind::Plain,
        1 => DefaultKind::DefBool,
        2 => DefaultKind::DefTristate,
        _ => return None,
    })
}
