//! Nesting: which block (`menu`, `choice`, `if`) a statement goes into, and
//! which entry a property belongs to.
//!
//! The grammar is flat, so this is where "`endif` without `if`" and
//! "missing `endmenu`" are found. A property belongs to the entry whose
//! header line it follows (with only properties in between), as in
//! parser.y's `config_option_list`, `menu_option_list`, ...

use super::ast::{Expr, Property, PropertyKind, RawText, Span, Statement};
use super::error::{SyntaxError, SyntaxErrorKind};
use super::parse::Rule;

/// The header line of a block.
pub(crate) enum Head {
    Menu(RawText),
    Choice(Option<RawText>),
    If(Expr),
}

impl Head {
    fn keyword(&self) -> &'static str {
        match self {
            Head::Menu(_) => "menu",
            Head::Choice(_) => "choice",
            Head::If(_) => "if",
        }
    }

    fn end_keyword(&self) -> &'static str {
        match self {
            Head::Menu(_) => "endmenu",
            Head::Choice(_) => "endchoice",
            Head::If(_) => "endif",
        }
    }
}

struct Block {
    head: Head,
    properties: Vec<Property>,
    body: Vec<Statement>,
    span: Span,
}

/// The entry that properties go to.
#[derive(Default)]
enum Entry {
    #[default]
    None,
    /// A `config`, `menuconfig` or `comment` not yet added to its body.
    Leaf(Statement),
    /// The innermost open `menu` or `choice`, before its first statement.
    Block,
}

#[derive(Default)]
pub(crate) struct Blocks {
    root: Vec<Statement>,
    open: Vec<Block>,
    entry: Entry,
}

impl Blocks {
    /// A statement that does not open or close a block.
    pub(crate) fn statement(&mut self, statement: Statement) {
        self.close_entry();
        match statement {
            Statement::Config { .. } | Statement::Comment { .. } => {
                self.entry = Entry::Leaf(statement)
            }
            _ => self.body().push(statement),
        }
    }

    pub(crate) fn open(&mut self, head: Head, span: Span) -> Result<(), SyntaxError> {
        if self.open.len() >= super::MAX_BLOCK_DEPTH {
            return Err(SyntaxError::new(
                SyntaxErrorKind::BlocksTooDeep(super::MAX_BLOCK_DEPTH),
                span,
            ));
        }
        self.close_entry();
        let takes_properties = !matches!(head, Head::If(_));
        self.open.push(Block {
            head,
            properties: Vec::new(),
            body: Vec::new(),
            span,
        });
        if takes_properties {
            self.entry = Entry::Block;
        }
        Ok(())
    }

    /// `endmenu`, `endchoice` or `endif` (given as its grammar rule).
    pub(crate) fn end(&mut self, rule: Rule, end: Span) -> Result<(), SyntaxError> {
        self.close_entry();
        let (keyword, block) = match rule {
            Rule::endmenu => ("endmenu", "menu"),
            Rule::endchoice => ("endchoice", "choice"),
            _ => ("endif", "if"),
        };
        let Some(top) = self.open.pop() else {
            let kind = SyntaxErrorKind::EndWithoutBlock {
                end: keyword,
                block,
            };
            return Err(SyntaxError::new(kind, end));
        };
        if top.head.keyword() != block {
            let kind = SyntaxErrorKind::MismatchedEnd {
                end: keyword,
                block: top.head.keyword(),
                line: top.span.line,
                expected: top.head.end_keyword(),
            };
            return Err(SyntaxError::new(kind, end));
        }
        let statement = top.into_statement(end);
        self.body().push(statement);
        Ok(())
    }

    pub(crate) fn property(&mut self, property: Property) -> Result<(), SyntaxError> {
        let (owner, properties) = match &mut self.entry {
            Entry::None => {
                return Err(misplaced(
                    &property,
                    "must follow a `config`, `menuconfig`, `choice`, `menu` or `comment` line",
                ))
            }
            Entry::Leaf(Statement::Config { properties, .. }) => (Owner::Config, properties),
            Entry::Leaf(Statement::Comment { properties, .. }) => (Owner::Comment, properties),
            Entry::Leaf(_) => unreachable!("only configs and comments are leaf entries"),
            Entry::Block => match self.open.last_mut() {
                Some(block) if matches!(block.head, Head::Menu(_)) => {
                    (Owner::Menu, &mut block.properties)
                }
                Some(block) => (Owner::Choice, &mut block.properties),
                None => unreachable!("a block entry is an open block"),
            },
        };
        if let Some(problem) = owner.rejects(&property.kind) {
            return Err(misplaced(&property, problem));
        }
        properties.push(property);
        Ok(())
    }

    /// All statements, once every block is closed.
    pub(crate) fn finish(mut self) -> Result<Vec<Statement>, SyntaxError> {
        self.close_entry();
        if let Some(block) = self.open.pop() {
            let kind = SyntaxErrorKind::Unclosed {
                block: match block.head {
                    Head::Menu(_) => "menu",
                    Head::Choice(_) => "choice",
                    Head::If(_) => "`if`",
                },
                end: block.head.end_keyword(),
                line: block.span.line,
            };
            return Err(SyntaxError::new(kind, block.span));
        }
        Ok(self.root)
    }

    fn close_entry(&mut self) {
        if let Entry::Leaf(statement) = std::mem::take(&mut self.entry) {
            self.body().push(statement);
        }
    }

    fn body(&mut self) -> &mut Vec<Statement> {
        match self.open.last_mut() {
            Some(block) => &mut block.body,
            None => &mut self.root,
        }
    }
}

impl Block {
    fn into_statement(self, end: Span) -> Statement {
        let Block {
            head,
            properties,
            body,
            span,
        } = self;
        match head {
            Head::Menu(prompt) => Statement::Menu {
                prompt,
                properties,
                body,
                span,
                end,
            },
            Head::Choice(name) => Statement::Choice {
                name,
                properties,
                body,
                span,
                end,
            },
            Head::If(cond) => Statement::If {
                cond,
                body,
                span,
                end,
            },
        }
    }
}

/// The kind of entry a property is attached to.
#[derive(Clone, Copy)]
enum Owner {
    Config,
    Choice,
    Menu,
    Comment,
}

impl Owner {
    /// Why `kind` is not accepted here, if it is not. Configs and choices
    /// take every config property (later passes check the finer rules that
    /// changed between kernel versions); menus take `depends on` and
    /// `visible`; comments take `depends on`.
    fn rejects(self, kind: &PropertyKind) -> Option<&'static str> {
        let depends = matches!(kind, PropertyKind::DependsOn { .. });
        let visible = matches!(kind, PropertyKind::Visible { .. });
        match self {
            Owner::Config | Owner::Choice if visible => Some("is only valid in a menu"),
            Owner::Menu if !(depends || visible) => {
                Some("is not valid in a menu (only `depends on` and `visible` are)")
            }
            Owner::Comment if !depends => Some("is not valid in a comment (only `depends on` is)"),
            _ => None,
        }
    }
}

fn misplaced(property: &Property, problem: &'static str) -> SyntaxError {
    let kind = SyntaxErrorKind::MisplacedProperty {
        property: property_keyword(&property.kind),
        problem,
    };
    SyntaxError::new(kind, property.span)
}

/// How the property is written, for messages.
fn property_keyword(kind: &PropertyKind) -> &'static str {
    use super::ast::{DefaultKind, Type};
    match kind {
        PropertyKind::Type { ty: Type::Bool, .. } => "bool",
        PropertyKind::Type {
            ty: Type::Tristate, ..
        } => "tristate",
        PropertyKind::Type { ty: Type::Int, .. } => "int",
        PropertyKind::Type { ty: Type::Hex, .. } => "hex",
        PropertyKind::Type {
            ty: Type::String, ..
        } => "string",
        PropertyKind::Prompt(_) => "prompt",
        PropertyKind::Default {
            kind: DefaultKind::Plain,
            ..
        } => "default",
        PropertyKind::Default {
            kind: DefaultKind::DefBool,
            ..
        } => "def_bool",
        PropertyKind::Default {
            kind: DefaultKind::DefTristate,
            ..
        } => "def_tristate",
        PropertyKind::Select { .. } => "select",
        PropertyKind::Imply { .. } => "imply",
        PropertyKind::Range { .. } => "range",
        PropertyKind::DependsOn { .. } => "depends on",
        PropertyKind::Visible { .. } => "visible",
        PropertyKind::Modules => "modules",
        PropertyKind::Optional => "optional",
        PropertyKind::Transitional => "transitional",
        PropertyKind::Option { .. } => "option",
        PropertyKind::Help(_) => "help",
    }
}
