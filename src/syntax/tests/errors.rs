//! Rendered syntax errors (the exact text a user sees) and the bounds that
//! keep hostile input from exhausting the stack.

use super::super::ast::*;
use super::super::parse_file;
use super::{depends, help_of};

/// The rendered error for `text`, which must not parse.
fn error(text: &str) -> String {
    match parse_file(text, FileId(7)) {
        Ok(file) => panic!("parsed, but an error was expected: {file:?}"),
        Err(err) => err.render("Kconfig", text),
    }
}

// ------------------------------------------------------------ errors

#[test]
fn error_unknown_statement() {
    assert_eq!(
        error("config A\n\tbool\nfoo bar\n"),
        "Kconfig:3:1: error: unknown statement \"foo\"\n 3 | foo bar\n   | ^\n"
    );
    assert_eq!(
        error("configX\n"),
        "Kconfig:1:1: error: unknown statement \"configX\"\n 1 | configX\n   | ^\n"
    );
}

#[test]
fn error_missing_expression() {
    assert_eq!(
        error("config A\n\tdepends on\n"),
        "Kconfig:2:12: error: expected an expression after `depends on`\n 2 | \tdepends on\n   | \t          ^\n"
    );
    assert_eq!(
        error("config A\n\tdefault y if A &&\n"),
        "Kconfig:2:19: error: expected an expression after `&&`\n 2 | \tdefault y if A &&\n   | \t                 ^\n"
    );
}

#[test]
fn error_missing_name_and_string() {
    assert_eq!(
        error("config\n"),
        "Kconfig:1:7: error: expected a symbol name after `config`\n 1 | config\n   |       ^\n"
    );
    assert_eq!(
        error("menu Drivers\n"),
        "Kconfig:1:6: error: expected a quoted string after `menu`\n 1 | menu Drivers\n   |      ^\n"
    );
}

#[test]
fn error_unexpected_token() {
    assert_eq!(
        error("config A\n\tbool \"x\" y\n"),
        "Kconfig:2:11: error: unexpected `y`\n 2 | \tbool \"x\" y\n   | \t         ^\n"
    );
}

#[test]
fn error_unclosed_paren() {
    assert_eq!(
        error("if (A && (B)\nendif\n"),
        "Kconfig:1:4: error: missing `)` for the `(` here\n 1 | if (A && (B)\n   |    ^\n"
    );
}

#[test]
fn error_unterminated_macro() {
    assert_eq!(
        error("config A\n\tdepends on $(success,true\n"),
        "Kconfig:2:13: error: unterminated macro reference: missing `)`\n 2 | \tdepends on $(success,true\n   | \t           ^\n"
    );
    assert_eq!(
        error("config A\n\tprompt \"a $(b\"\n"),
        "Kconfig:2:12: error: unterminated macro reference: missing `)`\n 2 | \tprompt \"a $(b\"\n   | \t          ^\n"
    );
}

#[test]
fn error_missing_end() {
    let text = "config A\n\tbool\n\nmenu \"M\"\nif B\nendif\nconfig C\n\tbool\n";
    assert_eq!(
        error(text),
        "Kconfig:4:1: error: missing `endmenu` for the menu opened at line 4\n 4 | menu \"M\"\n   | ^\n"
    );
    assert_eq!(
        error("if A\n"),
        "Kconfig:1:1: error: missing `endif` for the `if` opened at line 1\n 1 | if A\n   | ^\n"
    );
}

#[test]
fn error_end_without_block() {
    assert_eq!(
        error("config A\n\tbool\nendif\n"),
        "Kconfig:3:1: error: `endif` without `if`\n 3 | endif\n   | ^\n"
    );
}

#[test]
fn error_end_closes_wrong_block() {
    assert_eq!(
        error("menu \"M\"\nif A\nendmenu\n"),
        "Kconfig:3:1: error: `endmenu` does not match the `if` opened at line 2 (expected `endif`)\n 3 | endmenu\n   | ^\n"
    );
}

#[test]
fn error_property_outside_entry() {
    assert_eq!(
        error("source \"x\"\n\tdepends on A\n"),
        "Kconfig:2:2: error: `depends on` must follow a `config`, `menuconfig`, `choice`, `menu` or `comment` line\n 2 | \tdepends on A\n   | \t^\n"
    );
    assert_eq!(
        error("menu \"m\"\n\tselect A\nendmenu\n"),
        "Kconfig:2:2: error: `select` is not valid in a menu (only `depends on` and `visible` are)\n 2 | \tselect A\n   | \t^\n"
    );
    assert_eq!(
        error("config A\n\tbool\nif B\n\thelp\n\t  x\nendif\n"),
        "Kconfig:4:2: error: `help` must follow a `config`, `menuconfig`, `choice`, `menu` or `comment` line\n 4 | \thelp\n   | \t^\n"
    );
}

#[test]
fn error_keyword_as_symbol() {
    assert_eq!(
        error("config A\n\tselect menu\n"),
        "Kconfig:2:9: error: `menu` is a keyword and cannot be used as a name\n 2 | \tselect menu\n   | \t       ^\n"
    );
}

#[test]
fn error_line_number_after_continuation() {
    assert_eq!(
        error("config A\n\tdepends on B && \\\n\t\tC &&\n"),
        "Kconfig:3:7: error: expected an expression after `&&`\n 3 | \t\tC &&\n   | \t\t    ^\n"
    );
}

#[test]
fn error_display_without_path() {
    let err = parse_file("endmenu\n", FileId(0)).unwrap_err();
    assert_eq!(err.to_string(), "1:1: `endmenu` without `menu`");
    assert_eq!(
        err.span,
        Span {
            file: FileId(0),
            line: 1,
            col: 1
        }
    );
}

// ------------------------------------------------------------ limits

#[test]
fn deep_parentheses_are_an_error_not_a_crash() {
    let text = format!(
        "config A\n\tdepends on {}B{}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let err = parse_file(&text, FileId(0)).unwrap_err();
    assert_eq!(err.message(), "expression nested too deeply (limit 1000)");
    assert_eq!(err.span.line, 2);
}

#[test]
fn deep_parentheses_without_closing_are_an_error() {
    let text = format!("if {}\n", "(".repeat(10_000));
    let err = parse_file(&text, FileId(0)).unwrap_err();
    assert_eq!(err.message(), "expression nested too deeply (limit 1000)");
}

#[test]
fn long_not_and_and_chains_are_bounded() {
    let nots = format!("config A\n\tdepends on {}B\n", "!".repeat(100_000));
    assert_eq!(
        parse_file(&nots, FileId(0)).unwrap_err().message(),
        "expression nested too deeply (limit 1000)"
    );
    let ands = format!("config A\n\tdepends on B{}\n", " && B".repeat(100_000));
    assert_eq!(
        parse_file(&ands, FileId(0)).unwrap_err().message(),
        "expression nested too deeply (limit 1000)"
    );
}

#[test]
fn moderate_nesting_parses() {
    let text = format!(
        "config A\n\tdepends on {}B{}\n",
        "(".repeat(100),
        ")".repeat(100)
    );
    assert_eq!(
        depends(&text["config A\n\tdepends on ".len()..text.len() - 1]),
        "B"
    );
}

#[test]
fn deep_parentheses_inside_help_text_are_fine() {
    let text = format!("config A\n\thelp\n\t  {}\n", "(".repeat(2000));
    assert_eq!(help_of(&text).len(), 2001);
}

#[test]
fn odd_input_does_not_panic() {
    for text in [
        "\\",
        "\"",
        "'",
        "$(",
        "config \"",
        "if (",
        "\u{0}\u{7f}é",
        "help\n",
        "choice\n\thelp\n",
        "menu \"\n",
        "X :",
        "\r\r\n",
    ] {
        let _ = parse_file(text, FileId(0));
    }
}

#[test]
fn nesting_at_the_limit_does_not_crash() {
    // 1000 levels fit the limit; in an unoptimised build on a 2 MB test
    // thread pest's own stack guard stops earlier, which must still be a
    // clean error rather than a crash.
    let text = format!(
        "config A\n\tdepends on {}B{}\n",
        "(".repeat(1000),
        ")".repeat(1000)
    );
    if let Err(err) = parse_file(&text, FileId(0)) {
        assert_eq!(err.message(), "expression nested too deeply (limit 1000)");
    }
}
