//! The parse cache's encoding: every syntax tree reads back as it was
//! written, and no corrupt input panics.

use super::super::ast::FileId;
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
    let mut bytes = Vec::new();
    encode(&file, &mut bytes);
    assert_eq!(decode(&bytes, FileId(3)), Some(file));
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
    let file = parse_file(EVERY_FORM, FileId(0)).unwrap();
    let mut bytes = Vec::new();
    encode(&file, &mut bytes);
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

/// `if !!..!A` (with `nots` negations) as the encoder writes it.
fn negated_if(nots: usize) -> Vec<u8> {
    let mut bytes = vec![1, 4]; // one statement: `if`
    bytes.extend(std::iter::repeat(2).take(nots)); // `!` ...
    bytes.extend([0, 1, b'A', 0, 1, 1]); // atom "A" at 1:1
    bytes.extend([0, 0, 1, 1, 2, 1]); // no properties, empty body, spans
    bytes
}

#[test]
fn nesting_deeper_than_the_parser_allows_is_refused() {
    let limit = super::super::MAX_EXPR_DEPTH;
    assert!(decode(&negated_if(limit), FileId(0)).is_some());
    assert_eq!(decode(&negated_if(limit + 1), FileId(0)), None);
}
