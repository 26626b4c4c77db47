//! The statements: `mainmenu`, `config`, `menuconfig`, `choice`, `menu`,
//! `if`, `comment`, the `source` forms, assignments and macro lines.

use super::*;

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
