//! Expressions (precedence, comparisons, spans) and the lexical rules of
//! words and strings.

use super::*;

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
