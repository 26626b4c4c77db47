//! The properties of an entry: types and prompts, defaults, `select`,
//! `imply`, `range`, `depends on`, the flags and `option`, and their spans.

use super::*;

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
