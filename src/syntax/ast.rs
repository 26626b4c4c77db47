//! The syntax tree of one Kconfig file, as written.
//!
//! This is the form that remembers where everything was written: every
//! statement and property carries its [`Span`], and text that may contain
//! macro references (`$(...)`) is kept *raw*. Macros are expanded later, in
//! document order, by the lowering pass (`model::lower`), because the kernel's
//! lexer expands them while it reads: a variable assigned in a sourced file is
//! visible to the lines that follow the `source` statement in the parent.
//!
//! Blocks (`menu`, `choice`, `if`) nest as written. The kernel requires a
//! block to end in the file that opened it, so a per-file tree loses nothing.
//!
//! The types derive serde's traits for the parse cache, whose encoding
//! (`syntax::binary`) follows from them: a new statement, property or field
//! is cached as soon as it is here. [`Span`]'s impls and the bounds on
//! nesting (`deserialize_with`) are in `binary.rs`.

use serde::{Deserialize, Serialize};

/// Index of a loaded file in the tree's file table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileId(pub(crate) u32);

impl FileId {
    /// The position of what it names in its table (an index into a `Vec`).
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The id of the file at `index` of the tree's file table (0 for a
    /// file parsed on its own).
    pub fn new(index: u32) -> FileId {
        FileId(index)
    }
}

/// Where something was written: file, 1-based line and 1-based column of its
/// first character. For statements and properties this is the line of their
/// first token, which is what the kernel's own messages report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
}

/// Text exactly as written, before macro expansion.
///
/// * For a bare word (`FOO`, `$(success,$(CC) -v)`, `y`) `raw` is the source
///   slice: characters `[A-Za-z0-9_-]` and `$(...)` references (balanced
///   parentheses, anything inside).
/// * For a quoted string, `raw` is the text between the quotes with escapes
///   *not* yet processed (`\"` stays two characters) and macro references
///   unexpanded; `quote` says which quote character opened it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawText {
    pub raw: String,
    pub quote: Option<char>,
    pub span: Span,
}

impl RawText {
    /// True when the text contains a `$` and so needs the macro expander.
    pub fn has_macro(&self) -> bool {
        self.raw.contains('$')
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CmpOp {
    Equal,
    Unequal,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
}

/// A dependency expression as written. Precedence, loosest first:
/// `||`, `&&`, `!`; comparisons bind two operands into one atom, so
/// `!A = B` is `!(A = B)`, as in the kernel's parser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expr {
    /// A bare word (symbol or constant like `y`) or a quoted constant.
    Atom(RawText),
    Cmp(CmpOp, RawText, RawText),
    Not(#[serde(deserialize_with = "super::binary::operand")] Box<Expr>),
    And(
        #[serde(deserialize_with = "super::binary::operand")] Box<Expr>,
        #[serde(deserialize_with = "super::binary::operand")] Box<Expr>,
    ),
    Or(
        #[serde(deserialize_with = "super::binary::operand")] Box<Expr>,
        #[serde(deserialize_with = "super::binary::operand")] Box<Expr>,
    ),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Type {
    Bool,
    Tristate,
    Int,
    Hex,
    String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DefaultKind {
    /// `default`
    Plain,
    /// `def_bool`
    DefBool,
    /// `def_tristate`
    DefTristate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignOp {
    /// `=`: recursively expanded variable
    Recursive,
    /// `:=`: simply expanded variable
    Simple,
    /// `+=`
    Append,
}

/// One property line inside a `config`, `menuconfig`, `choice`, `menu` or
/// `comment` entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Property {
    pub kind: PropertyKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PropertyKind {
    /// `bool`, `tristate`, ... with an optional inline prompt
    /// (`bool "Prompt" if COND`).
    Type { ty: Type, prompt: Option<Prompt> },
    /// `prompt "text" [if COND]`
    Prompt(Prompt),
    /// `default EXPR [if COND]`, `def_bool EXPR [if COND]`,
    /// `def_tristate EXPR [if COND]`
    Default {
        kind: DefaultKind,
        value: Expr,
        cond: Option<Expr>,
    },
    /// `select SYM [if COND]`
    Select { symbol: RawText, cond: Option<Expr> },
    /// `imply SYM [if COND]`
    Imply { symbol: RawText, cond: Option<Expr> },
    /// `range LO HI [if COND]` (each bound a symbol or constant)
    Range {
        low: RawText,
        high: RawText,
        cond: Option<Expr>,
    },
    /// `depends on EXPR`, or the newer `depends on EXPR if COND`
    DependsOn { expr: Expr, cond: Option<Expr> },
    /// `visible [if COND]` (menus only)
    Visible { cond: Option<Expr> },
    /// `modules` (marks the MODULES symbol)
    Modules,
    /// `optional` (choices, until Linux 6.11)
    Optional,
    /// `transitional` (Linux 6.18+: a symbol kept only to carry an old
    /// value over to its new name)
    Transitional,
    /// `option NAME[=VALUE]` (older kernels: `option modules`,
    /// `option env="X"`, `option defconfig_list`, `option allnoconfig_y`)
    Option {
        name: String,
        value: Option<RawText>,
    },
    /// `help` / `---help---` and its text, indentation already removed as
    /// the kernel's lexer removes it (text lines joined with `\n`, ending
    /// with `\n` when non-empty).
    Help(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    pub text: RawText,
    pub cond: Option<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfigKind {
    Config,
    MenuConfig,
}

/// Which `source` statement: `source` (relative to `$srctree`), `rsource`
/// (relative to the current file's directory), and the optional forms
/// `osource` / `orsource` that ignore a missing file. The path may be a
/// glob. Only `source` exists in the kernel's own grammar; the others are
/// Kconfiglib's, used by out-of-tree projects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceKind {
    pub relative: bool,
    pub optional: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Statement {
    Mainmenu {
        prompt: RawText,
        span: Span,
    },
    Config {
        kind: ConfigKind,
        name: RawText,
        properties: Vec<Property>,
        span: Span,
    },
    Choice {
        /// Named choices existed until Linux 6.11 (`choice NAME`).
        name: Option<RawText>,
        properties: Vec<Property>,
        #[serde(deserialize_with = "super::binary::body")]
        body: Vec<Statement>,
        span: Span,
        end: Span,
    },
    Menu {
        prompt: RawText,
        properties: Vec<Property>,
        #[serde(deserialize_with = "super::binary::body")]
        body: Vec<Statement>,
        span: Span,
        end: Span,
    },
    If {
        cond: Expr,
        #[serde(deserialize_with = "super::binary::body")]
        body: Vec<Statement>,
        span: Span,
        end: Span,
    },
    Comment {
        prompt: RawText,
        properties: Vec<Property>,
        span: Span,
    },
    Source {
        kind: SourceKind,
        path: RawText,
        span: Span,
    },
    /// `NAME = value`, `NAME := value`, `NAME += value`. The name may itself
    /// contain macro references. `value` is the raw rest of the line after
    /// the operator and any blanks, up to the newline: no comment stripping
    /// and no line continuation, as in the kernel's lexer.
    Assignment {
        name: RawText,
        op: AssignOp,
        value: String,
        span: Span,
    },
    /// A line made only of words containing macro references, such as
    /// `$(error-if,$(failure,...),message)` in scripts/Kconfig.include. The
    /// kernel expands it and drops the tokens that expand to nothing; a
    /// non-empty expansion is an "unknown statement".
    MacroLine {
        words: Vec<RawText>,
        span: Span,
    },
}

/// One parsed Kconfig file.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct File {
    pub statements: Vec<Statement>,
}
