//! The pest parser and the builder that turns each recognised line into
//! statements and properties.
//!
//! The grammar stops after every `help` line (see `grammar/kconfig.pest`);
//! [`parse_file`] scans the help text by hand and resumes parsing where it
//! ends, so every byte goes through pest at most once.

use pest::iterators::Pair;
use pest::Parser;

use super::ast::{
    AssignOp, ConfigKind, DefaultKind, File, FileId, Prompt, Property, PropertyKind, RawText,
    SourceKind, Span, Statement, Type,
};
use super::blocks::Blocks;
use super::error::SyntaxError;
use super::help::scan_help;
use super::lines::LineCursor;
use super::{deep, diagnose};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/kconfig.pest"]
pub(crate) struct KconfigParser;

/// Tokens the kernel's lexer never returns as a word (scripts/kconfig/lexer.l),
/// so they cannot name a symbol or a variable.
const KEYWORDS: &[&str] = &[
    "bool",
    "choice",
    "comment",
    "config",
    "def_bool",
    "def_tristate",
    "default",
    "depends",
    "endchoice",
    "endif",
    "endmenu",
    "help",
    "hex",
    "if",
    "imply",
    "int",
    "mainmenu",
    "menu",
    "menuconfig",
    "modules",
    "on",
    "prompt",
    "range",
    "select",
    "source",
    "string",
    "tristate",
    "visible",
];

pub(crate) fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Words that start a statement or property in the grammar besides
/// [`KEYWORDS`] (which alone are refused as names). A new keyword goes in
/// one of the two lists.
const OTHER_LINE_KEYWORDS: &[&str] = &[
    "rsource",
    "osource",
    "orsource",
    "optional",
    "transitional",
    "option",
    "---help---",
];

/// Whether a line starting with `word` is a statement or property the
/// grammar knows (so that a failure in it is not an "unknown statement").
pub(crate) fn is_line_keyword(word: &str) -> bool {
    is_keyword(word) || OTHER_LINE_KEYWORDS.contains(&word)
}

/// Parse one file; see [`super::parse_file`].
pub(crate) fn parse_file(text: &str, file: FileId) -> Result<File, SyntaxError> {
    let deep_lines = deep::DeepLines::scan(text);
    let mut builder = Builder::new(text, file);
    let mut pos = 0;
    loop {
        let guard = deep_lines.next_from(pos);
        let end = guard.map_or(text.len(), |line| line.start.max(pos));
        let pairs = KconfigParser::parse(Rule::chunk, &text[pos..end])
            .map_err(|e| diagnose::pest_error(text, pos, &e, &mut builder.cursor))?;
        builder.base = pos;
        match builder.chunk(pairs)? {
            Some(body) => {
                let help = scan_help(text, body);
                builder.help(help.text)?;
                pos = help.end;
            }
            None if guard.is_some() => {
                let at = guard.map_or(end, |line| line.too_deep_at);
                return Err(builder.too_deep(at));
            }
            None => break,
        }
    }
    builder.finish()
}

/// Turns pairs into statements. Offsets in pairs are relative to the chunk
/// being parsed, which starts at `base`.
pub(crate) struct Builder<'a> {
    pub(crate) cursor: LineCursor<'a>,
    base: usize,
    blocks: Blocks,
    /// Span of the last `help` keyword, for the property made from the text
    /// scanned after it.
    help_span: Option<Span>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, file: FileId) -> Self {
        Builder {
            cursor: LineCursor::new(text, file),
            base: 0,
            blocks: Blocks::default(),
            help_span: None,
        }
    }

    pub(crate) fn span(&mut self, chunk_offset: usize) -> Span {
        self.cursor.span(self.base + chunk_offset)
    }

    fn pair_span(&mut self, pair: &Pair<'_, Rule>) -> Span {
        self.span(pair.as_span().start())
    }

    /// Process one chunk; return the absolute offset where help text starts
    /// if the chunk ended with a `help` line.
    fn chunk(
        &mut self,
        pairs: pest::iterators::Pairs<'_, Rule>,
    ) -> Result<Option<usize>, SyntaxError> {
        let mut help = None;
        let lines = pairs.into_iter().next().map(|chunk| chunk.into_inner());
        for pair in lines.into_iter().flatten() {
            if pair.as_rule() == Rule::comment {
                continue;
            }
            if pair.as_rule() == Rule::help_line {
                let keyword = pair
                    .clone()
                    .into_inner()
                    .next()
                    .unwrap_or_else(|| pair.clone());
                self.help_span = Some(self.pair_span(&keyword));
                help = Some(self.base + pair.as_span().end());
            } else {
                self.line(pair)?;
            }
        }
        Ok(help)
    }

    fn help(&mut self, text: String) -> Result<(), SyntaxError> {
        let span = self.help_span.take().unwrap_or_else(|| self.cursor.span(0));
        self.blocks.property(Property {
            kind: PropertyKind::Help(text),
            span,
        })
    }

    fn finish(self) -> Result<File, SyntaxError> {
        Ok(File {
            statements: self.blocks.finish()?,
        })
    }

    fn line(&mut self, pair: Pair<'_, Rule>) -> Result<(), SyntaxError> {
        let span = self.pair_span(&pair);
        let rule = pair.as_rule();
        if let Some(kind) = self.property(pair.clone())? {
            return self.blocks.property(Property { kind, span });
        }
        match rule {
            Rule::endmenu | Rule::endchoice | Rule::endif => self.blocks.end(rule, span),
            Rule::menu | Rule::choice | Rule::if_stmt => {
                let head = self.block_head(pair)?;
                self.blocks.open(head, span)?;
                Ok(())
            }
            _ => {
                let statement = self.statement(pair, span)?;
                self.blocks.statement(statement);
                Ok(())
            }
        }
    }
}

impl Builder<'_> {
    /// Text of a `word` or `string` pair.
    pub(crate) fn raw(&mut self, pair: Pair<'_, Rule>) -> RawText {
        let span = self.pair_span(&pair);
        let text = pair.as_str();
        if pair.as_rule() == Rule::string {
            let quote = text.chars().next();
            let raw = pair.into_inner().next().map_or("", |p| p.as_str());
            return RawText {
                raw: raw.to_owned(),
                quote,
                span,
            };
        }
        RawText {
            raw: text.to_owned(),
            quote: None,
            span,
        }
    }

    /// A symbol or variable name: a word that is not a keyword.
    fn name(&mut self, pair: Pair<'_, Rule>) -> Result<RawText, SyntaxError> {
        self.symbol(pair)
    }

    fn if_cond(
        &mut self,
        pair: Option<Pair<'_, Rule>>,
    ) -> Result<Option<super::ast::Expr>, SyntaxError> {
        match pair.and_then(|p| p.into_inner().next()) {
            Some(expr) => Ok(Some(self.expr(expr)?)),
            None => Ok(None),
        }
    }

    fn statement(&mut self, pair: Pair<'_, Rule>, span: Span) -> Result<Statement, SyntaxError> {
        let rule = pair.as_rule();
        let text = pair.as_str();
        let mut inner = pair.into_inner();
        let statement = match rule {
            Rule::config | Rule::menuconfig => {
                let kind = if rule == Rule::config {
                    ConfigKind::Config
                } else {
                    ConfigKind::MenuConfig
                };
                let name = self.name(child(&mut inner))?;
                Statement::Config {
                    kind,
                    name,
                    properties: Vec::new(),
                    span,
                }
            }
            Rule::comment_stmt => {
                let prompt = self.raw(child(&mut inner));
                Statement::Comment {
                    prompt,
                    properties: Vec::new(),
                    span,
                }
            }
            Rule::mainmenu => Statement::Mainmenu {
                prompt: self.raw(child(&mut inner)),
                span,
            },
            Rule::source => {
                let kind = source_kind(child(&mut inner).as_str());
                Statement::Source {
                    kind,
                    path: self.raw(child(&mut inner)),
                    span,
                }
            }
            Rule::assignment => self.assignment(inner, span)?,
            Rule::macro_line => {
                let words = inner.map(|w| self.raw(w)).collect();
                Statement::MacroLine { words, span }
            }
            _ => unreachable!("grammar: unexpected line rule {rule:?} for {text:?}"),
        };
        Ok(statement)
    }

    fn assignment(
        &mut self,
        mut inner: pest::iterators::Pairs<'_, Rule>,
        span: Span,
    ) -> Result<Statement, SyntaxError> {
        let name = self.name(child(&mut inner))?;
        let op = match child(&mut inner).as_str() {
            ":=" => AssignOp::Simple,
            "+=" => AssignOp::Append,
            _ => AssignOp::Recursive,
        };
        let value = inner.next().map_or("", |p| p.as_str()).to_owned();
        Ok(Statement::Assignment {
            name,
            op,
            value,
            span,
        })
    }

    fn block_head(&mut self, pair: Pair<'_, Rule>) -> Result<super::blocks::Head, SyntaxError> {
        use super::blocks::Head;
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        Ok(match rule {
            Rule::menu => Head::Menu(self.raw(child(&mut inner))),
            Rule::choice => Head::Choice(match inner.next() {
                Some(word) => Some(self.name(word)?),
                None => None,
            }),
            _ => Head::If(self.expr(child(&mut inner))?),
        })
    }

    /// The property on this line, or `None` if the line is a statement.
    fn property(&mut self, pair: Pair<'_, Rule>) -> Result<Option<PropertyKind>, SyntaxError> {
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        let kind = match rule {
            Rule::depends | Rule::select | Rule::imply | Rule::default | Rule::range => {
                self.conditional(rule, inner)?
            }
            Rule::type_prop => {
                let ty = type_of(child(&mut inner).as_str());
                PropertyKind::Type {
                    ty,
                    prompt: self.prompt(inner)?,
                }
            }
            Rule::prompt => match self.prompt(inner)? {
                Some(prompt) => PropertyKind::Prompt(prompt),
                None => unreachable!("grammar: prompt has a string"),
            },
            Rule::visible => PropertyKind::Visible {
                cond: self.if_cond(inner.next())?,
            },
            Rule::modules => PropertyKind::Modules,
            Rule::optional => PropertyKind::Optional,
            Rule::transitional => PropertyKind::Transitional,
            Rule::option => {
                let name = child(&mut inner).as_str().to_owned();
                let value = inner.next().map(|v| self.raw(v));
                PropertyKind::Option { name, value }
            }
            _ => return Ok(None),
        };
        Ok(Some(kind))
    }

    /// A property with operands and an optional `if COND` after them:
    /// `depends on`, `select`, `imply`, `default` (all three spellings) or
    /// `range`.
    fn conditional(
        &mut self,
        rule: Rule,
        mut inner: pest::iterators::Pairs<'_, Rule>,
    ) -> Result<PropertyKind, SyntaxError> {
        Ok(match rule {
            Rule::depends => {
                let expr = self.expr(child(&mut inner))?;
                PropertyKind::DependsOn {
                    expr,
                    cond: self.if_cond(inner.next())?,
                }
            }
            Rule::select | Rule::imply => {
                let symbol = self.name(child(&mut inner))?;
                let cond = self.if_cond(inner.next())?;
                match rule {
                    Rule::select => PropertyKind::Select { symbol, cond },
                    _ => PropertyKind::Imply { symbol, cond },
                }
            }
            Rule::default => {
                let kind = default_kind(child(&mut inner).as_str());
                let value = self.expr(child(&mut inner))?;
                PropertyKind::Default {
                    kind,
                    value,
                    cond: self.if_cond(inner.next())?,
                }
            }
            Rule::range => {
                let low = self.symbol(child(&mut inner))?;
                let high = self.symbol(child(&mut inner))?;
                PropertyKind::Range {
                    low,
                    high,
                    cond: self.if_cond(inner.next())?,
                }
            }
            _ => unreachable!("grammar: {rule:?} is not a conditional property"),
        })
    }

    /// `"text" [if COND]` from the remaining children of a line.
    fn prompt(
        &mut self,
        mut inner: pest::iterators::Pairs<'_, Rule>,
    ) -> Result<Option<Prompt>, SyntaxError> {
        let Some(text) = inner.next() else {
            return Ok(None);
        };
        let text = self.raw(text);
        let cond = self.if_cond(inner.next())?;
        Ok(Some(Prompt { text, cond }))
    }
}

/// The next child that the grammar guarantees.
fn child<'i>(pairs: &mut pest::iterators::Pairs<'i, Rule>) -> Pair<'i, Rule> {
    pairs.next().expect("grammar: missing child")
}

fn source_kind(keyword: &str) -> SourceKind {
    SourceKind {
        relative: keyword.starts_with("r") || keyword.starts_with("or"),
        optional: keyword.starts_with('o'),
    }
}

fn default_kind(keyword: &str) -> DefaultKind {
    match keyword {
        "def_bool" => DefaultKind::DefBool,
        "def_tristate" => DefaultKind::DefTristate,
        _ => DefaultKind::Plain,
    }
}

fn type_of(keyword: &str) -> Type {
    match keyword {
        "bool" => Type::Bool,
        "tristate" => Type::Tristate,
        "int" => Type::Int,
        "hex" => Type::Hex,
        _ => Type::String,
    }
}
