//! Help text, as the kernel's lexer ends and unindents it.

use super::*;

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
