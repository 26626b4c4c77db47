//! The expander: variables, functions, quoting, errors.

use super::{at, preprocessor};
use crate::macros::{DiagnosticKind, Location, Preprocessor, MAX_EXPANSION_DEPTH};
use crate::syntax::ast::AssignOp;

/// Feeds a script to the preprocessor, one line per Kconfig line:
/// `NAME op value` is an assignment, `"..."` a quoted string, anything else
/// a bare word. Returns the expansions of the strings and words, or the
/// rendered error.
fn run(pp: &mut Preprocessor, script: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for (i, line) in script.lines().enumerate() {
        let at = at(i as u32 + 1);
        if line.starts_with('#') {
            continue;
        } else if let Some((name, op, value)) = assignment(line) {
            pp.assign(name, op, value, at).map_err(|e| e.to_string())?;
        } else if let Some(inner) = line.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
            out.push(pp.expand_quoted(inner, at).map_err(|e| e.to_string())?);
        } else {
            out.push(pp.expand_word(line, at).map_err(|e| e.to_string())?);
        }
    }
    Ok(out)
}

fn assignment(line: &str) -> Option<(&str, AssignOp, &str)> {
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    let (name, rest) = line.split_at(end);
    let rest = rest.trim_start_matches([' ', '\t']);
    let (op, value) = if let Some(v) = rest.strip_prefix(":=") {
        (AssignOp::Simple, v)
    } else if let Some(v) = rest.strip_prefix("+=") {
        (AssignOp::Append, v)
    } else {
        (AssignOp::Recursive, rest.strip_prefix('=')?)
    };
    (!name.is_empty()).then_some((name, op, value.trim_start_matches([' ', '\t'])))
}

fn check(script: &str) -> Result<Vec<String>, String> {
    run(&mut preprocessor(&[]), script)
}

fn ok(script: &str) -> Vec<String> {
    check(script).unwrap_or_else(|e| panic!("unexpected error: {e}"))
}

#[test]
fn recursive_variable_is_expanded_at_each_use() {
    assert_eq!(ok("X = $(Y)\nY = a\n$(X)\nY = b\n$(X)"), ["a", "b"]);
}

#[test]
fn simple_variable_is_expanded_at_assignment() {
    assert_eq!(ok("Y = a\nX := $(Y)\nY = b\n$(X)"), ["a"]);
}

#[test]
fn append_to_simple_expands_now_and_to_recursive_later() {
    let script = "S := a\nY = 1\nS += $(Y)\nR = a\nR += $(Y)\nY = 2\n$(S)|$(R)";
    assert_eq!(ok(script), ["a 1|a 2"]);
}

#[test]
fn append_to_undefined_variable_makes_it_recursive() {
    assert_eq!(ok("N += $(Y)\nY = late\n$(N)"), ["late"]);
}

#[test]
fn append_adds_a_space_even_to_an_empty_value() {
    assert_eq!(ok("E :=\nE += x\n[$(E)]"), ["[ x]"]);
}

#[test]
fn reassignment_replaces_the_flavor() {
    assert_eq!(ok("X := a\nX = $(Y)\nY = b\n$(X)"), ["b"]);
}

#[test]
fn user_function_receives_arguments() {
    assert_eq!(
        ok("f = [$(1)|$(2)]\n$(f,a,b)\n$(f,a)\n$(f)"),
        ["[a|b]", "[a|]", "[|]"]
    );
}

#[test]
fn arguments_are_expanded_before_the_call() {
    assert_eq!(ok("X = x\nf = <$(1)>\n$(f,$(X)$(X))"), ["<xx>"]);
}

#[test]
fn nested_user_function_calls_see_their_own_arguments() {
    let script = "inner = ($(1))\nouter = $(inner,$(2))$(1)\n$(outer,a,b)";
    assert_eq!(ok(script), ["(b)a"]);
}

#[test]
fn positional_reference_out_of_range_is_an_empty_variable() {
    assert_eq!(ok("f = [$(3)]\n$(f,a)\n$(1)"), ["[]", ""]);
}

#[test]
fn commas_inside_parentheses_do_not_split_arguments() {
    assert_eq!(ok("f = <$(1)>\n$(f,(a,b),c)"), ["<(a,b)>"]);
}

#[test]
fn reference_name_may_itself_be_computed() {
    assert_eq!(ok("N = X\nX = found\n$($(N))"), ["found"]);
}

#[test]
fn dollar_without_parenthesis_is_literal() {
    assert_eq!(ok("a$b\n$$\nx$\n.tmp_$$"), ["a$b", "$$", "x$", ".tmp_$$"]);
}

#[test]
fn kconfig_include_convenience_variables() {
    let script = "comma := ,\nempty :=\nspace := $(empty) $(empty)\ndollar := $\n\
                  right_paren := )\n[$(comma)][$(space)][$(dollar)][$(right_paren)]";
    assert_eq!(ok(script), ["[,][ ][$][)]"]);
}

#[test]
fn undefined_reference_is_empty() {
    assert_eq!(ok("a$(UNDEFINED_VARIABLE)b"), ["ab"]);
}

#[test]
fn quoted_escapes_are_processed_outside_references() {
    assert_eq!(ok(r#""a\"b\\c\qd""#), [r#"a"b\cqd"#]);
}

#[test]
fn quoted_trailing_backslash_disappears() {
    assert_eq!(ok("\"ab\\\""), ["ab"]);
}

#[test]
fn quoted_escaped_dollar_is_not_a_reference() {
    assert_eq!(ok("X = x\n\"\\$(X)\""), ["$(X)"]);
}

#[test]
fn quoted_reference_keeps_its_escapes_and_result_is_not_unescaped() {
    let mut pp = preprocessor(&[]);
    let out = run(&mut pp, "V := a\\b\n\"<$(V)>$(info,in\\\"str)\"").unwrap();
    assert_eq!(out, ["<a\\b>"]);
    // kernel: `$(info,in\"str)` inside a string prints `in\"str`
    assert_eq!(pp.diagnostics()[0].message, "in\\\"str");
}

#[test]
fn kernel_oracle_mixed_string() {
    // kernel: default "$(srctree)|$(KCONFIG_TEST_ENV)|$ x|\$(X)|a\\b|$(FOO,$(X))"
    // with KCONFIG_TEST_ENV=ev, srctree unset, FOO defined later.
    let mut pp = preprocessor(&[("KCONFIG_TEST_ENV", "ev")]);
    let raw = r#""$(srctree)|$(KCONFIG_TEST_ENV)|$ x|\$(X)|a\\b|$(FOO,$(X))""#;
    let out = run(&mut pp, &format!("X := 3\n{raw}")).unwrap();
    assert_eq!(out, ["|ev|$ x|$(X)|a\\b|"]);
}

#[test]
fn environment_is_the_last_resort_and_is_recorded() {
    let mut pp = preprocessor(&[("FOO", "env"), ("BAR", "env")]);
    let out = run(&mut pp, "BAR = var\n$(FOO)|$(BAR)|$(FOO,x)|$(NOPE)|$(FOO)").unwrap();
    assert_eq!(out, ["env|var|||env"]);
    let used: Vec<_> = pp
        .env_used()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(used, ["FOO=env"]);
}

#[test]
fn builtin_beats_environment() {
    let mut pp = preprocessor(&[("lineno", "env")]);
    assert_eq!(run(&mut pp, "$(lineno)").unwrap(), ["1"]);
}

#[test]
fn filename_and_lineno() {
    let mut pp = preprocessor(&[]);
    let at = Location {
        file: "arch/x86/Kconfig",
        line: 42,
    };
    assert_eq!(
        pp.expand_word("$(filename):$(lineno)", at).unwrap(),
        "arch/x86/Kconfig:42"
    );
}

#[test]
fn lineno_in_simple_assignment_is_the_next_line() {
    // kernel: the value of `:=` is expanded after the lexer read the newline;
    // `X := $(lineno)` on line 2 gives 3, `Y = $(lineno)` expands at use.
    let script = "# line1\nX := $(lineno)\nY = $(lineno)\n$(X) $(Y)";
    assert_eq!(ok(script), ["3 4"]);
}

#[test]
fn info_is_recorded_not_printed() {
    let mut pp = preprocessor(&[]);
    assert_eq!(run(&mut pp, "a$(info,hello)b").unwrap(), ["ab"]);
    let d = &pp.diagnostics()[0];
    assert_eq!(
        (d.kind, d.line, d.to_string()),
        (DiagnosticKind::Info, 1, "hello".into())
    );
}

#[test]
fn warning_if_only_on_exactly_y() {
    let mut pp = preprocessor(&[]);
    run(
        &mut pp,
        "$(warning-if,n,no)\n$(warning-if,yes,no)\n$(warning-if,y,warn msg)",
    )
    .unwrap();
    let shown: Vec<_> = pp.diagnostics().iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["Kconfig:3: warn msg"]);
}

#[test]
fn error_if_y_is_fatal_with_location() {
    assert_eq!(
        check("$(error-if,n,fine)\n$(error-if,y,broken)"),
        Err("Kconfig:2: broken".into())
    );
}

#[test]
fn error_if_message_may_use_comma_variable() {
    let script = "comma := ,\n$(error-if,y,Sorry$(comma) not supported.)";
    assert_eq!(
        check(script),
        Err("Kconfig:2: Sorry, not supported.".into())
    );
}

#[test]
fn recursive_self_reference_is_an_error() {
    let expected = "Kconfig:3: Recursive variable 'X' references itself (eventually)";
    assert_eq!(check("X = $(Y)\nY = $(X)\n$(X)"), Err(expected.into()));
}

#[test]
fn simple_self_append_is_fine() {
    assert_eq!(ok("X := a\nX := $(X) b\n$(X)"), ["a b"]);
}

#[test]
fn unbounded_function_recursion_hits_the_depth_bound() {
    let expected = format!(
        "Kconfig:2: Too deep recursive expansion (bound: {MAX_EXPANSION_DEPTH} nested references)"
    );
    assert_eq!(check("f = $(f,$(1)x)\n$(f,a)"), Err(expected));
}

#[test]
fn deeply_nested_text_hits_the_depth_bound_without_overflowing() {
    let n = MAX_EXPANSION_DEPTH + 100;
    let text = format!("{}{}", "$(".repeat(n), ")".repeat(n));
    let err = check(&text).unwrap_err();
    assert!(err.contains("Too deep recursive expansion"), "{err}");
}

#[test]
fn unterminated_reference() {
    let expected = "Kconfig:1: unterminated reference to 'info,multi': missing ')'";
    assert_eq!(check("x$(info,multi"), Err(expected.into()));
}

#[test]
fn unterminated_reference_in_string() {
    assert!(check("\"a$(b\"")
        .unwrap_err()
        .contains("unterminated reference to 'b'"));
}

#[test]
fn builtin_arity_is_checked() {
    let cases = [
        ("$(info)", "too few function arguments passed to 'info'"),
        (
            "$(info,a,b)",
            "too many function arguments passed to 'info'",
        ),
        ("$(shell)", "too few function arguments passed to 'shell'"),
        (
            "$(lineno,x)",
            "too many function arguments passed to 'lineno'",
        ),
        (
            "$(error-if,y)",
            "too few function arguments passed to 'error-if'",
        ),
        (
            "$(warning-if,y,a,b)",
            "too many function arguments passed to 'warning-if'",
        ),
    ];
    for (text, message) in cases {
        assert_eq!(check(text), Err(format!("Kconfig:1: {message}")), "{text}");
    }
}

#[test]
fn variable_shadows_builtin_of_the_same_name() {
    assert_eq!(ok("info = mine $(1)\n$(info,x)"), ["mine x"]);
}

#[test]
fn more_than_sixteen_clause_parts_is_an_error() {
    let text = format!("$(f{})", ",a".repeat(16));
    assert!(check(&text)
        .unwrap_err()
        .contains("too many function arguments (bound: 16)"));
    assert_eq!(
        check(&format!("$(f{})", ",a".repeat(15))),
        Ok(vec![String::new()])
    );
}

#[test]
fn shell_output_is_cooked_like_the_kernel() {
    // kernel: "$(shell,printf 'a\n\nb\n\n\n')" gives "a  b"
    assert_eq!(ok(r"$(shell,printf 'a\n\nb\n\n\n')"), ["a  b"]);
}

#[test]
fn kconfig_include_success_and_failure() {
    let script =
        "if-success = $(shell,{ $(1); } >/dev/null 2>&1 && echo \"$(2)\" || echo \"$(3)\")\n\
                  success = $(if-success,$(1),y,n)\n\
                  failure = $(if-success,$(1),n,y)\n\
                  $(success,true)$(success,false)$(failure,true)$(failure,test -n \"\")";
    assert_eq!(ok(script), ["ynny"]);
}
