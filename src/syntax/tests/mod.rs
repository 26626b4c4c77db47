//! Unit tests of the parser: one per statement, property and lexical rule,
//! and the help-text rules of the kernel's lexer. Errors and limits are in
//! `errors.rs`.

mod binary;
mod errors;

use super::ast::*;
use super::parse_file;

fn parse(text: &str) -> Vec<Statement> {
    match parse_file(text, FileId(7)) {
        Ok(file) => file.statements,
        Err(err) => panic!("unexpected error:\n{}", err.render("Kconfig", text)),
    }
}

fn span(line: u32, col: u32) -> Span {
    Span {
        file: FileId(7),
        line,
        col,
    }
}

/// Properties of the only statement, which must be a config entry.
fn config_properties(text: &str) -> Vec<Property> {
    match parse(text).as_slice() {
        [Statement::Config { properties, .. }] => properties.clone(),
        other => panic!("expected one config entry, got {other:?}"),
    }
}

fn property_kinds(text: &str) -> Vec<PropertyKind> {
    config_properties(text)
        .into_iter()
        .map(|p| p.kind)
        .collect()
}

/// Compact form of an expression: `(A && !B)`, `(X = "y")`.
fn show(expr: &Expr) -> String {
    match expr {
        Expr::Atom(text) => show_raw(text),
        Expr::Cmp(op, left, right) => {
            let op = match op {
                CmpOp::Equal => "=",
                CmpOp::Unequal => "!=",
                CmpOp::Less => "<",
                CmpOp::LessEqual => "<=",
                CmpOp::Greater => ">",
                CmpOp::GreaterEqual => ">=",
            };
            format!("({} {op} {})", show_raw(left), show_raw(right))
        }
        Expr::Not(inner) => format!("!{}", show(inner)),
        Expr::And(a, b) => format!("({} && {})", show(a), show(b)),
        Expr::Or(a, b) => format!("({} || {})", show(a), show(b)),
    }
}

fn show_raw(text: &RawText) -> String {
    match text.quote {
        Some(q) => format!("{q}{}{q}", text.raw),
        None => text.raw.clone(),
    }
}

/// The `depends on` expression of `config X` written with `expr`.
pub(super) fn depends(expr: &str) -> String {
    match property_kinds(&format!("config X\n\tdepends on {expr}\n")).as_slice() {
        [PropertyKind::DependsOn { expr, cond: None }] => show(expr),
        other => panic!("{other:?}"),
    }
}

fn word(raw: &str, line: u32, col: u32) -> RawText {
    RawText {
        raw: raw.into(),
        quote: None,
        span: span(line, col),
    }
}

fn quoted(raw: &str, line: u32, col: u32) -> RawText {
    RawText {
        raw: raw.into(),
        quote: Some('"'),
        span: span(line, col),
    }
}

/// The help text of the first statement, which must be a config entry.
pub(super) fn help_of(text: &str) -> String {
    let properties = match parse(text).into_iter().next() {
        Some(Statement::Config { properties, .. }) => properties,
        other => panic!("expected a config entry, got {other:?}"),
    };
    let helps: Vec<String> = properties
        .into_iter()
        .filter_map(|p| match p.kind {
            PropertyKind::Help(text) => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(helps.len(), 1, "{helps:?}");
    helps[0].clone()
}

// ------------------------------------------------------------ statements

#[test]
fn mainmenu_and_config() {
    let statements = parse("mainmenu \"Linux/$(ARCH) Kernel\"\n\nconfig FOO\n\tbool\n");
    assert_eq!(
        statements,
        vec![
            Statement::Mainmenu {
                prompt: quoted("Linux/$(ARCH) Kernel", 1, 10),
                span: span(1, 1)
            },
            Statement::Config {
                kind: ConfigKind::Config,
                name: word("FOO", 3, 8),
                properties: vec![Property {
                    kind: PropertyKind::Type {
                        ty: Type::Bool,
                        prompt: None
                    },
                    span: span(4, 2)
                }],
                span: span(3, 1),
            },
        ]
    );
}

#[test]
fn menuconfig_entry() {
    match parse("menuconfig NET\n  tristate \"Networking\"\n").as_slice() {
        [Statement::Config {
            kind: ConfigKind::MenuConfig,
            name,
            properties,
            ..
        }] => {
            assert_eq!(name.raw, "NET");
            assert_eq!(properties.len(), 1);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn choice_with_name_properties_and_body() {
    let text = "choice CHOICE_X\n\tprompt \"Pick\"\n\tdefault A\nconfig A\n\tbool \"a\"\nconfig B\n\tbool \"b\"\nendchoice\n";
    match parse(text).as_slice() {
        [Statement::Choice {
            name,
            properties,
            body,
            span: s,
            end,
        }] => {
            assert_eq!(name.as_ref().map(|n| n.raw.as_str()), Some("CHOICE_X"));
            assert_eq!(properties.len(), 2);
            assert_eq!(body.len(), 2);
            assert_eq!((*s, *end), (span(1, 1), span(8, 1)));
        }
        other => panic!("{other:?}"),
    }
    match parse("choice\n\tprompt \"p\"\nendchoice\n").as_slice() {
        [Statement::Choice { name: None, .. }] => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn menu_with_depends_and_visible() {
    let text =
        "menu \"Drivers\"\n\tdepends on PCI\n\tvisible if EXPERT\n\nconfig A\n\tbool\nendmenu\n";
    match parse(text).as_slice() {
        [Statement::Menu {
            prompt,
            properties,
            body,
            end,
            ..
        }] => {
            assert_eq!(prompt.raw, "Drivers");
            let kinds: Vec<_> = properties.iter().map(|p| &p.kind).collect();
            assert!(matches!(kinds[0], PropertyKind::DependsOn { .. }));
            assert!(matches!(kinds[1], PropertyKind::Visible { cond: Some(_) }));
            assert_eq!(body.len(), 1);
            assert_eq!(*end, span(7, 1));
        }
        other => panic!("{other:?}"),
    }
    match parse("menu \"M\"\n\tvisible\nendmenu\n").as_slice() {
        [Statement::Menu { properties, .. }] => {
            assert_eq!(properties[0].kind, PropertyKind::Visible { cond: None })
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn if_block_nests() {
    let text = "if A && B\nmenu \"m\"\nif C\nconfig X\n\tbool\nendif\nendmenu\nendif # A\n";
    match parse(text).as_slice() {
        [Statement::If {
            cond, body, end, ..
        }] => {
            assert_eq!(show(cond), "(A && B)");
            assert_eq!(*end, span(8, 1));
            match body.as_slice() {
                [Statement::Menu { body, .. }] => assert!(matches!(body[0], Statement::If { .. })),
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn comment_with_depends() {
    match parse("comment \"Needs PCI\"\n\tdepends on !PCI\n").as_slice() {
        [Statement::Comment {
            prompt,
            properties,
            span: s,
        }] => {
            assert_eq!(prompt.raw, "Needs PCI");
            assert_eq!(properties.len(), 1);
            assert_eq!(*s, span(1, 1));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn source_forms() {
    let text = "source \"arch/$(SRCARCH)/Kconfig\"\nrsource \"sub/Kconfig\"\nosource 'opt/Kconfig*'\norsource \"x\"\n";
    let kinds: Vec<(SourceKind, String)> = parse(text)
        .into_iter()
        .map(|s| match s {
            Statement::Source { kind, path, .. } => (kind, path.raw),
            other => panic!("{other:?}"),
        })
        .collect();
    let kind = |relative, optional| SourceKind { relative, optional };
    assert_eq!(
        kinds,
        vec![
            (kind(false, false), "arch/$(SRCARCH)/Kconfig".into()),
            (kind(true, false), "sub/Kconfig".into()),
            (kind(false, true), "opt/Kconfig*".into()),
            (kind(true, true), "x".into()),
        ]
    );
}

#[test]
fn assignments() {
    let text =
        "CC := gcc\nFLAGS += -O2 # not a comment  \nEMPTY =\nname$(X) = $(1),$(2)\nY=\t  value\n";
    let got: Vec<(String, AssignOp, String, Span)> = parse(text)
        .into_iter()
        .map(|s| match s {
            Statement::Assignment {
                name,
                op,
                value,
                span,
            } => (name.raw, op, value, span),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("CC".into(), AssignOp::Simple, "gcc".into(), span(1, 1)),
            (
                "FLAGS".into(),
                AssignOp::Append,
                "-O2 # not a comment  ".into(),
                span(2, 1)
            ),
            ("EMPTY".into(), AssignOp::Recursive, "".into(), span(3, 1)),
            (
                "name$(X)".into(),
                AssignOp::Recursive,
                "$(1),$(2)".into(),
                span(4, 1)
            ),
            ("Y".into(), AssignOp::Recursive, "value".into(), span(5, 1)),
        ]
    );
}

#[test]
fn assignment_value_has_no_continuation() {
    let statements = parse("X = a \\\nconfig Y\n");
    assert!(matches!(&statements[0], Statement::Assignment { value, .. } if value == "a \\"));
    assert!(matches!(&statements[1], Statement::Config { span: s, .. } if *s == span(2, 1)));
}

#[test]
fn macro_line() {
    let text = "$(error-if,$(failure,command -v $(CC)),C compiler '$(CC)' not found)\n$(warning,a) $(info,b)\n";
    let lines: Vec<Vec<String>> = parse(text)
        .into_iter()
        .map(|s| match s {
            Statement::MacroLine { words, .. } => words.into_iter().map(|w| w.raw).collect(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            vec![
                "$(error-if,$(failure,command -v $(CC)),C compiler '$(CC)' not found)".to_string()
            ],
            vec!["$(warning,a)".to_string(), "$(info,b)".to_string()],
        ]
    );
}

// ------------------------------------------------------------ properties

#[test]
fn type_with_prompt_and_condition() {
    let kinds = property_kinds(
        "config X\n\ttristate \"Support X\" if EXPERT\n\tstring\n\tint \"n\"\n\thex\n",
    );
    match &kinds[0] {
        PropertyKind::Type {
            ty: Type::Tristate,
            prompt:
                Some(Prompt {
                    text,
                    cond: Some(cond),
                }),
        } => {
            assert_eq!(text.raw, "Support X");
            assert_eq!(show(cond), "EXPERT");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        kinds[1],
        PropertyKind::Type {
            ty: Type::String,
            prompt: None
        }
    ));
    assert!(
        matches!(&kinds[2], PropertyKind::Type { ty: Type::Int, prompt: Some(p) } if p.cond.is_none())
    );
    assert!(matches!(
        kinds[3],
        PropertyKind::Type {
            ty: Type::Hex,
            prompt: None
        }
    ));
}

#[test]
fn prompt_default_and_defs() {
    let kinds = property_kinds(
        "config X\n\tprompt \"P\" if A\n\tdefault y if B || C\n\tdef_bool n\n\tdef_tristate m if D\n\tdefault \"str\"\n",
    );
    assert!(
        matches!(&kinds[0], PropertyKind::Prompt(Prompt { text, cond: Some(_) }) if text.raw == "P")
    );
    let defaults: Vec<(DefaultKind, String, Option<String>)> = kinds[1..]
        .iter()
        .map(|k| match k {
            PropertyKind::Default { kind, value, cond } => {
                (*kind, show(value), cond.as_ref().map(show))
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        defaults,
        vec![
            (DefaultKind::Plain, "y".into(), Some("(B || C)".into())),
            (DefaultKind::DefBool, "n".into(), None),
            (DefaultKind::DefTristate, "m".into(), Some("D".into())),
            (DefaultKind::Plain, "\"str\"".into(), None),
        ]
    );
}

#[test]
fn select_imply_range() {
    let kinds = property_kinds(
        "config X\n\tselect A if B\n\timply C\n\trange 0x10 0xff if D\n\trange -1 \"5\"\n",
    );
    assert!(
        matches!(&kinds[0], PropertyKind::Select { symbol, cond: Some(_) } if symbol.raw == "A")
    );
    assert!(matches!(&kinds[1], PropertyKind::Imply { symbol, cond: None } if symbol.raw == "C"));
    assert!(
        matches!(&kinds[2], PropertyKind::Range { low, high, cond: Some(_) } if low.raw == "0x10" && high.raw == "0xff")
    );
    assert!(
        matches!(&kinds[3], PropertyKind::Range { low, high, .. } if low.raw == "-1" && high.quote == Some('"'))
    );
}

#[test]
fn depends_on_with_condition() {
    match property_kinds("config X\n\tdepends on A if B\n").as_slice() {
        [PropertyKind::DependsOn {
            expr,
            cond: Some(cond),
        }] => assert_eq!((show(expr), show(cond)), ("A".into(), "B".into())),
        other => panic!("{other:?}"),
    }
}

#[test]
fn flags_and_option() {
    let kinds = property_kinds(
        "config X\n\tmodules\n\toptional\n\ttransitional\n\toption defconfig_list\n\toption env=\"ARCH\"\n",
    );
    assert_eq!(
        kinds[0..3],
        [
            PropertyKind::Modules,
            PropertyKind::Optional,
            PropertyKind::Transitional
        ]
    );
    assert_eq!(
        kinds[3],
        PropertyKind::Option {
            name: "defconfig_list".into(),
            value: None
        }
    );
    assert!(
        matches!(&kinds[4], PropertyKind::Option { name, value: Some(v) } if name == "env" && v.raw == "ARCH")
    );
}

#[test]
fn property_spans() {
    let spans: Vec<Span> = config_properties("config X\n\tbool\n  # c\n    default y\n")
        .iter()
        .map(|p| p.span)
        .collect();
    assert_eq!(spans, vec![span(2, 2), span(4, 5)]);
}

// ------------------------------------------------------------ expressions

#[test]
fn precedence_or_and_not() {
    assert_eq!(depends("A || B && C"), "(A || (B && C))");
    assert_eq!(depends("A && B || C && D"), "((A && B) || (C && D))");
    assert_eq!(depends("!A && B"), "(!A && B)");
    assert_eq!(depends("!(A || B)"), "!(A || B)");
    assert_eq!(depends("!A = B"), "!(A = B)");
    assert_eq!(depends("!!A"), "!!A");
}

#[test]
fn left_associative() {
    assert_eq!(depends("A && B && C"), "((A && B) && C)");
    assert_eq!(depends("A || B || C"), "((A || B) || C)");
}

#[test]
fn comparisons() {
    assert_eq!(depends("A = y"), "(A = y)");
    assert_eq!(depends("A != \"x\""), "(A != \"x\")");
    assert_eq!(
        depends("A < 1 && B <= 2 || C > 3 || D >= 4"),
        "((((A < 1) && (B <= 2)) || (C > 3)) || (D >= 4))"
    );
}

#[test]
fn whitespace_is_optional_between_tokens() {
    assert_eq!(depends("!A&&(B||C=m)"), "(!A && (B || (C = m)))");
    match property_kinds("config X\n\tdefault y if(A)\n").as_slice() {
        [PropertyKind::Default {
            cond: Some(cond), ..
        }] => assert_eq!(show(cond), "A"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn operand_spans() {
    match property_kinds("config X\n\tdepends on A && \"b\"\n").as_slice() {
        [PropertyKind::DependsOn {
            expr: Expr::And(a, b),
            ..
        }] => {
            assert_eq!(**a, Expr::Atom(word("A", 2, 13)));
            assert_eq!(**b, Expr::Atom(quoted("b", 2, 18)));
        }
        other => panic!("{other:?}"),
    }
}

// ------------------------------------------------------------ words and strings

#[test]
fn macro_words_are_one_token() {
    assert_eq!(
        depends("$(success,$(CC) -Werror -x c /dev/null)"),
        "$(success,$(CC) -Werror -x c /dev/null)"
    );
    assert_eq!(depends("FOO$(BAR)_X && A$B"), "(FOO$(BAR)_X && A$B)");
    assert_eq!(
        depends("$(cc-option,-fno-stack-protector # x)"),
        "$(cc-option,-fno-stack-protector # x)"
    );
}

#[test]
fn keywords_are_whole_words() {
    assert_eq!(
        depends("configX || ifdef || on_off"),
        "((configX || ifdef) || on_off)"
    );
    match parse("config menuconfigs\n").as_slice() {
        [Statement::Config { name, .. }] => assert_eq!(name.raw, "menuconfigs"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn strings_keep_escapes_and_macros_raw() {
    let kinds = property_kinds(concat!(
        "config X\n",
        "\tprompt \"say \\\"hi\\\" it's\"\n",
        "\tdefault \"$(shell,echo \"(a)b\")\"\n",
        "\tdefault 'dq \" inside'\n",
        "\tdefault \"unterminated\n",
    ));
    let texts: Vec<(String, Option<char>)> = kinds
        .iter()
        .map(|k| match k {
            PropertyKind::Prompt(p) => (p.text.raw.clone(), p.text.quote),
            PropertyKind::Default {
                value: Expr::Atom(t),
                ..
            } => (t.raw.clone(), t.quote),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        texts,
        vec![
            (r#"say \"hi\" it's"#.to_string(), Some('"')),
            (r#"$(shell,echo "(a)b")"#.to_string(), Some('"')),
            ("dq \" inside".to_string(), Some('\'')),
            ("unterminated".to_string(), Some('"')),
        ]
    );
}

// ------------------------------------------------------------ help text

#[test]
fn help_with_spaces() {
    assert_eq!(
        help_of("config X\n\tbool\n\thelp\n\t  First line.\n\t  Second.\n\nconfig Y\n"),
        "First line.\nSecond.\n"
    );
}

#[test]
fn help_keeps_extra_indentation_as_spaces() {
    // first_ts is 10 (tab + 2); a tab + 4 line is 12 wide: 2 spaces kept;
    // two tabs are 16 wide: 6 spaces kept.
    let text = "config X\n\thelp\n\t  Intro:\n\t    item\n\t\tdeep\n";
    assert_eq!(help_of(text), "Intro:\n  item\n      deep\n");
}

#[test]
fn help_tabs_and_spaces_are_equal_widths() {
    let text = "config X\n\thelp\n          ten\n\t  also ten\n";
    assert_eq!(help_of(text), "ten\nalso ten\n");
}

#[test]
fn help_blank_lines_and_trailing_blanks() {
    let text = "config X\n\thelp\n\n\t  a   \n\n  \n\t  b\n\n\nconfig Y\n";
    assert_eq!(help_of(text), "\na\n\n\nb\n\n");
}

#[test]
fn help_ends_at_unindented_line_without_newline() {
    assert_eq!(
        help_of("config X\n\thelp\n\t  text\nconfig Y\n\tbool\n").as_str(),
        "text"
    );
    assert_eq!(
        parse("config X\n\thelp\n\t  text\nconfig Y\n\tbool\n").len(),
        2
    );
}

#[test]
fn help_at_end_of_file() {
    assert_eq!(help_of("config X\n\thelp\n\t  last"), "last");
    assert_eq!(help_of("config X\n\thelp\n\t  last\n"), "last\n");
    assert_eq!(help_of("config X\n\thelp"), "");
}

#[test]
fn help_ended_by_dedent_is_followed_by_a_property() {
    let text = "config X\n\tbool\n\thelp\n\t  Text.\n\n\t  More.\n\tdepends on A\n\nconfig Y\n";
    let props = config_properties(&text[..text.find("\nconfig Y").unwrap() + 1]);
    assert_eq!(props[1].kind, PropertyKind::Help("Text.\n\nMore.\n".into()));
    assert_eq!(props[2].span, span(7, 2));
    assert!(matches!(&props[2].kind, PropertyKind::DependsOn { expr, .. } if show(expr) == "A"));
    assert_eq!(parse(text).len(), 2);
}

#[test]
fn help_with_old_spelling() {
    let props = config_properties("config X\n\t---help---\n\t  Old style.\n");
    assert_eq!(props[0].kind, PropertyKind::Help("Old style.\n".into()));
    assert_eq!(props[0].span, span(2, 2));
}

#[test]
fn help_lines_that_look_like_statements_are_text() {
    let text = "config X\n\thelp\n\t  config Y\n\t  endmenu\n\t  $(\n";
    assert_eq!(help_of(text), "config Y\nendmenu\n$(\n");
}

#[test]
fn unindented_line_right_after_help_is_help_text() {
    // lexer.l: the first line after `help` matches `[^ \t\n].*` whatever its
    // indentation, so the kernel swallows it.
    assert_eq!(help_of("config X\n\thelp\nconfig Y\n"), "config Y\n");
    assert_eq!(
        help_of("config X\n\thelp\nconfig Y\n\nconfig Z\n"),
        "config Y\n"
    );
}

// ------------------------------------------------------------ lines

#[test]
fn continuation_lines_keep_line_numbers() {
    let text = "config X\n\tdepends on A && \\\n\t\t   B || \\\n\t\t   C\n\tselect D\nconfig E\n";
    let statements = parse(text);
    match &statements[0] {
        Statement::Config { properties, .. } => {
            assert_eq!(properties[0].span, span(2, 2));
            match &properties[0].kind {
                PropertyKind::DependsOn {
                    expr: Expr::Or(ab, c),
                    ..
                } => {
                    assert_eq!(show(ab), "(A && B)");
                    assert_eq!(**c, Expr::Atom(word("C", 4, 6)));
                }
                other => panic!("{other:?}"),
            }
            assert_eq!(properties[1].span, span(5, 2));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&statements[1], Statement::Config { span: s, .. } if *s == span(6, 1)));
}

#[test]
fn line_numbers_after_help() {
    let statements = parse("config A\n\thelp\n\t  x\n\n\t  y\n\nconfig B\n");
    assert!(matches!(&statements[1], Statement::Config { span: s, .. } if *s == span(7, 1)));
}

#[test]
fn comments_blank_lines_and_crlf() {
    let statements =
        parse("# header\n\n   \t\nconfig A # trailing\r\n\tbool \"x\" # c\r\n\r\nconfig B\n\tbool");
    assert_eq!(statements.len(), 2);
}

#[test]
fn empty_file() {
    assert_eq!(parse(""), vec![]);
    assert_eq!(parse("\n\n# only a comment"), vec![]);
}
