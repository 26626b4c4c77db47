//! The parse cache's encoding: every syntax tree reads back as it was
//! written, and no corrupt input panics.

use super::super::ast::{Expr, File, FileId, RawText, Span, Statement};
use super::super::binary::{decode, encode};
use super::super::parse_file;

const EVERY_FORM: &str = r#"mainmenu "Main $(X)"
X := $(shell,echo hi)
Y += more
Z = raw $(1)
$(warning-if,y,careful)
source "a/Kconfig"
rsource 'b/*.kconfig'
osource "c"
config A
	bool "A prompt" if B && !C || D = "x"
	default y if E != F
	def_tristate m
	select G if H < 3
	imply I
	range 1 0x10 if J >= K
	depends on (L || M) && N <= 2
	depends on P if Q
	option env="HOME"
	modules
	transitional
	help
	  Help with	tab.

	  Second paragraph.
menuconfig B
	tristate
choice NAMED
	prompt "Pick"
	optional
config C1
	bool "c1"
endchoice
menu "Menu"
	visible if V > 1
	depends on W
comment "Note"
	depends on X
if Y
config D
	int
endif
endmenu
"#;

fn round_trip(text: &str) {
    let file = parse_file(text, FileId(3)).expect("parses");
    assert_eq!(decode(&encode(&file), FileId(3)), Some(file));
}

#[test]
fn every_statement_and_property_reads_back_as_parsed() {
    round_trip(EVERY_FORM);
    round_trip("");
    round_trip("config ETE\n\tstring \"\u{e9}t\u{e9} \u{1F600}\"\n");
}

#[test]
fn every_fixture_file_reads_back_as_parsed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kernel-fixtures");
    let mut seen = 0;
    for dir in std::fs::read_dir(root).unwrap().flatten() {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = file.file_name().to_string_lossy().into_owned();
            let Ok(text) = std::fs::read_to_string(file.path()) else {
                continue;
            };
            if name.starts_with("Kconfig") && parse_file(&text, FileId(0)).is_ok() {
                round_trip(&text);
                seen += 1;
            }
        }
    }
    assert!(seen > 40, "only {seen} fixture files");
}

#[test]
fn truncated_or_flipped_bytes_decode_to_none_or_a_tree_never_a_panic() {
    let bytes = encode(&parse_file(EVERY_FORM, FileId(0)).unwrap());
    for len in 0..bytes.len() {
        assert_eq!(
            decode(&bytes[..len], FileId(0)),
            None,
            "prefix of {len} bytes"
        );
    }
    for i in 0..bytes.len() {
        for flip in [0x01, 0x80, 0xff] {
            let mut bad = bytes.clone();
            bad[i] ^= flip;
            let _ = decode(&bad, FileId(0));
        }
    }
}

#[test]
fn spans_take_the_file_they_are_decoded_as() {
    let file = parse_file("config A\n\tbool\n", FileId(3)).unwrap();
    let Some(File { statements }) = decode(&encode(&file), FileId(7)) else {
        panic!("decodes");
    };
    let [Statement::Config { name, span, .. }] = &statements[..] else {
        panic!("one config: {statements:?}");
    };
    assert_eq!((span.file, name.span.file), (FileId(7), FileId(7)));
}

#[test]
fn trailing_bytes_or_an_unknown_variant_decode_to_none() {
    let mut bytes = encode(&parse_file(EVERY_FORM, FileId(0)).unwrap());
    bytes.push(0);
    assert_eq!(decode(&bytes, FileId(0)), None);
    // One statement whose variant index is past `Statement`'s last.
    assert_eq!(decode(&[1, 100], FileId(0)), None);
    // A count of statements far beyond the bytes there are.
    assert_eq!(decode(&[0xff, 0xff, 0xff, 0xff, 0x0f], FileId(0)), None);
}

fn at(line: u32) -> Span {
    Span {
        file: FileId(0),
        line,
        col: 1,
    }
}

/// `if !!..!A` (with `nots` negations), and `menu`s nested `menus` deep.
fn nested(nots: usize, menus: usize) -> File {
    let mut cond = Expr::Atom(RawText {
        raw: "A".into(),
        quote: None,
        span: at(1),
    });
    for _ in 0..nots {
        cond = Expr::Not(Box::new(cond));
    }
    let mut body = vec![Statement::If {
        cond,
        body: Vec::new(),
        span: at(1),
        end: at(2),
    }];
    for _ in 0..menus {
        let menu = Statement::Menu {
            prompt: RawText {
                raw: "M".into(),
                quote: Some('"'),
                span: at(1),
            },
            properties: Vec::new(),
            body,
            span: at(1),
            end: at(2),
        };
        body = vec![menu];
    }
    File { statements: body }
}

#[test]
fn nesting_deeper_than_the_parser_allows_is_refused() {
    let (exprs, blocks) = (super::super::MAX_EXPR_DEPTH, super::super::MAX_BLOCK_DEPTH);
    let decodes = |file: File| decode(&encode(&file), FileId(0)).is_some();
    assert!(decodes(nested(exprs, blocks - 1)));
    assert!(!decodes(nested(exprs + 1, 0)));
    assert!(!decodes(nested(0, blocks)));
}
