//! Fragments written as `scripts/config` invocations, as PKGBUILDs write
//! them in `prepare()`: `scripts/config -e X -d Y -m Z --set-val N V
//! --set-str S "T" --undefine U`, with line continuations, several
//! invocations per line (`;`, `&&`), `CONFIG_` optional, lower case made
//! upper case unless `--keep-case` (as the kernel's script does). Read in
//! order into [`Edit`]s; and applied to a `.config`'s text as the script
//! edits it (a line replaced in place, or appended).

use super::{Assignment, ReadWarning};
use crate::error::Error;
use std::sync::Arc;

/// One edit of a config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Set(Assignment),
    /// Remove any line for the symbol (`--undefine`).
    Undefine {
        name: String,
        file: Arc<str>,
        line: u32,
    },
}

/// The edits of a file of `scripts/config` invocations.
#[derive(Clone, Debug, Default)]
pub struct Script {
    pub edits: Vec<Edit>,
    pub warnings: Vec<ReadWarning>,
}

/// Whether a fragment is written as `scripts/config` invocations.
pub fn looks_like(text: &str) -> bool {
    text.lines()
        .any(|l| !l.trim_start().starts_with('#') && l.contains("scripts/config"))
}

/// A shell word and the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub line: u32,
    /// Had a `$`: a shell expansion ksolve cannot know.
    pub dynamic: bool,
}

/// Parse every `scripts/config` invocation of `text`.
pub fn parse(text: &str, name: &str) -> Result<Script, Error> {
    let file: Arc<str> = Arc::from(name);
    let mut script = Script::default();
    for cmd in commands(text) {
        let Some(at) = cmd.iter().position(|w| w.text.ends_with("scripts/config")) else {
            continue;
        };
        options(&cmd[at + 1..], &file, &mut script)?;
    }
    Ok(script)
}

/// Read the options of one invocation (also `ksolve config`'s arguments).
pub fn options(words: &[Word], file: &Arc<str>, script: &mut Script) -> Result<(), Error> {
    let mut keep_case = false;
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let (takes, op) = match w.text.as_str() {
            "-e" | "--enable" => (1, Op::Set("y")),
            "-d" | "--disable" => (1, Op::Set("n")),
            "-m" | "--module" => (1, Op::Set("m")),
            "-E" | "--enable-after" => (2, Op::Set("y")),
            "-D" | "--disable-after" => (2, Op::Set("n")),
            "-M" | "--module-after" => (2, Op::Set("m")),
            "--set-str" => (2, Op::Str),
            "--set-val" => (2, Op::Val),
            "-u" | "--undefine" => (1, Op::Undefine),
            "-s" | "--state" | "--file" => (1, Op::Skip),
            "-k" | "--keep-case" => (0, Op::KeepCase),
            "--refresh" => (0, Op::Skip),
            other => {
                return Err(usage(
                    file,
                    w.line,
                    format!("scripts/config: unknown option {other}"),
                ))
            }
        };
        let args = words.get(i + 1..i + 1 + takes).ok_or_else(|| {
            usage(
                file,
                w.line,
                format!("{} needs {takes} argument(s)", w.text),
            )
        })?;
        i += 1 + takes;
        if let Some(d) = args.iter().find(|a| a.dynamic) {
            let message = format!("{} {}: a shell expansion; skipped", w.text, d.text);
            script.warnings.push(ReadWarning {
                file: file.clone(),
                line: d.line,
                message,
                lost: false,
            });
            continue;
        }
        apply(op, args, w.line, file, &mut keep_case, script);
    }
    Ok(())
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Set(&'static str),
    Str,
    Val,
    Undefine,
    KeepCase,
    Skip,
}

fn apply(
    op: Op,
    args: &[Word],
    line: u32,
    file: &Arc<str>,
    keep_case: &mut bool,
    script: &mut Script,
) {
    // The `-after` forms name the option to place the line after first;
    // the option set is always the last argument (the first for values).
    let (target, value) = match op {
        Op::Set(v) => (args.last(), v.to_string()),
        Op::Str => (args.first(), quote(&args[1].text)),
        Op::Val => (args.first(), args[1].text.clone()),
        Op::Undefine => (args.first(), String::new()),
        Op::KeepCase => {
            *keep_case = true;
            return;
        }
        Op::Skip => return,
    };
    let name = symbol_name(&target.expect("an argument").text, *keep_case);
    let edit = match op {
        Op::Undefine => Edit::Undefine {
            name,
            file: file.clone(),
            line,
        },
        _ => {
            let not_set = value == "n";
            Edit::Set(Assignment {
                name,
                value,
                not_set,
                file: file.clone(),
                line,
            })
        }
    };
    script.edits.push(edit);
}

fn symbol_name(arg: &str, keep_case: bool) -> String {
    let up = if keep_case {
        arg.to_string()
    } else {
        arg.to_ascii_uppercase()
    };
    up.strip_prefix("CONFIG_").map(str::to_string).unwrap_or(up)
}

/// `--set-str` writes the string in double quotes, escaping `"` and `\`.
fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn usage(file: &Arc<str>, line: u32, message: String) -> Error {
    Error::Usage(format!("{file}:{line}: {message}"))
}

/// Shell commands as lists of words: continuations joined, comments
/// dropped, split at newlines, `;`, `&&`, `||` and `|`.
pub fn commands(text: &str) -> Vec<Vec<Word>> {
    let mut lexer = Lexer {
        chars: text.chars().peekable(),
        line: 1,
        out: Vec::new(),
        cmd: Vec::new(),
        word: None,
    };
    lexer.run();
    lexer.out
}

struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: u32,
    out: Vec<Vec<Word>>,
    cmd: Vec<Word>,
    word: Option<Word>,
}

impl Lexer<'_> {
    fn run(&mut self) {
        while let Some(c) = self.chars.next() {
            match c {
                '\\' if self.chars.peek() == Some(&'\n') => {
                    self.chars.next();
                    self.line += 1;
                }
                '\\' => {
                    let n = self.chars.next().unwrap_or('\\');
                    self.push(n);
                }
                '\'' => self.quoted('\''),
                '"' => self.quoted('"'),
                '#' if self.word.is_none() => {
                    while self.chars.peek().is_some_and(|&c| c != '\n') {
                        self.chars.next();
                    }
                }
                '\n' | ';' | '&' | '|' => self.end_command(c == '\n'),
                c if c.is_whitespace() => self.end_word(),
                '$' => {
                    self.push('$');
                    self.word.as_mut().expect("word started").dynamic = true;
                }
                c => self.push(c),
            }
        }
        self.end_command(false);
    }

    fn quoted(&mut self, q: char) {
        self.start();
        while let Some(c) = self.chars.next() {
            match c {
                c if c == q => return,
                '\n' => {
                    self.line += 1;
                    self.push('\n');
                }
                '\\' if q == '"' && matches!(self.chars.peek(), Some('"' | '\\' | '$' | '`')) => {
                    let n = self.chars.next().expect("peeked");
                    self.push(n);
                }
                '$' if q == '"' => {
                    self.push('$');
                    self.word.as_mut().expect("word started").dynamic = true;
                }
                c => self.push(c),
            }
        }
    }

    fn start(&mut self) {
        if self.word.is_none() {
            self.word = Some(Word {
                text: String::new(),
                line: self.line,
                dynamic: false,
            });
        }
    }

    fn push(&mut self, c: char) {
        self.start();
        self.word.as_mut().expect("word started").text.push(c);
    }

    fn end_word(&mut self) {
        if let Some(w) = self.word.take() {
            self.cmd.push(w);
        }
    }

    fn end_command(&mut self, newline: bool) {
        self.end_word();
        if !self.cmd.is_empty() {
            self.out.push(std::mem::take(&mut self.cmd));
        }
        if newline {
            self.line += 1;
        }
    }
}

/// Apply edits to a `.config`'s text as scripts/config does: an existing
/// line for the symbol (`CONFIG_X=...` or `# CONFIG_X is not set`) is
/// replaced where it is, otherwise the line is appended; `--undefine`
/// deletes it.
pub fn edit_text(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for e in edits {
        let (name, new) = match e {
            Edit::Set(a) if a.not_set => (&a.name, Some(format!("# CONFIG_{} is not set", a.name))),
            Edit::Set(a) => (&a.name, Some(format!("CONFIG_{}={}", a.name, a.value))),
            Edit::Undefine { name, .. } => (name, None),
        };
        let set = format!("CONFIG_{name}=");
        let unset = format!("# CONFIG_{name} is not set");
        let at = lines
            .iter()
            .position(|l| l.starts_with(&set) || *l == unset);
        match (at, new) {
            (Some(i), Some(n)) => lines[i] = n,
            (None, Some(n)) => lines.push(n),
            (Some(i), None) => {
                lines.remove(i);
            }
            (None, None) => {}
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}
