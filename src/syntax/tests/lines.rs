//! Logical lines: continuations, comments, blank lines, CRLF and line
//! numbers.

use super::*;

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
