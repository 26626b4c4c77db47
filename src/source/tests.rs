//! The parse cache seen from [`Sources`]: a warm load gives the same trees,
//! an edited file is parsed again, a corrupt cache is ignored.

use super::Sources;
use crate::syntax::ast::Statement;

fn config_names(sources: &mut Sources, top: &str) -> Vec<String> {
    sources.prefetch(top);
    let id = sources.load(top).expect("loads");
    let mut names = Vec::new();
    for s in &sources.take_statements(id).expect("decodes") {
        if let Statement::Config { name, .. } = s {
            names.push(name.raw.clone());
        }
    }
    names
}

/// Whether every file `sources` read was found in the parse cache's index
/// (`false`: at least one was parsed and encoded anew).
fn all_indexed(sources: &Sources) -> bool {
    sources
        .records
        .iter()
        .all(|r| r.as_ref().is_some_and(|r| r.encoded.is_none()))
}

#[test]
fn parse_cache_is_used_when_unchanged_and_ignored_when_edited_or_corrupt() {
    let tree = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let kconfig = tree.path().join("Kconfig");
    std::fs::write(&kconfig, "config A\n\tbool\nsource \"sub/Kconfig\"\n").unwrap();
    std::fs::create_dir(tree.path().join("sub")).unwrap();
    std::fs::write(tree.path().join("sub/Kconfig"), "config S\n\tbool\n").unwrap();

    let mut cold = Sources::with_parse_cache(tree.path(), cache.path());
    assert_eq!(config_names(&mut cold, "Kconfig"), ["A"]);
    cold.save_parse_cache();
    let written: Vec<_> = std::fs::read_dir(cache.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(written.len(), 1);

    let mut warm = Sources::with_parse_cache(tree.path(), cache.path());
    assert_eq!(config_names(&mut warm, "Kconfig"), ["A"]);
    assert!(all_indexed(&warm), "all from the cache");

    // Same size, new contents: the change time moves even if mtime were kept.
    std::fs::write(&kconfig, "config B\n\tbool\nsource \"sub/Kconfig\"\n").unwrap();
    let mut edited = Sources::with_parse_cache(tree.path(), cache.path());
    assert_eq!(config_names(&mut edited, "Kconfig"), ["B"]);
    edited.save_parse_cache();

    let mut bytes = std::fs::read(&written[0]).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&written[0], &bytes).unwrap();
    let mut corrupt = Sources::with_parse_cache(tree.path(), cache.path());
    assert_eq!(config_names(&mut corrupt, "Kconfig"), ["B"]);
    assert!(
        corrupt
            .records
            .iter()
            .all(|r| r.as_ref().is_some_and(|r| r.encoded.is_some())),
        "all parsed again"
    );
}

/// Overwrites, in the one cache file in `cache`, the bytes of the encoded
/// tree `tree` with `0xff`, and makes the checksum match again: an entry
/// that passes every check of the file but does not decode.
fn damage_entry(cache: &std::path::Path, tree: &[u8]) {
    let file = std::fs::read_dir(cache).unwrap().flatten().next().unwrap();
    let mut bytes = std::fs::read(file.path()).unwrap();
    let body = bytes.len() - 8;
    let at = bytes[..body]
        .windows(tree.len())
        .position(|w| w == tree)
        .expect("the cache holds the encoded tree");
    bytes[at..at + tree.len()].fill(0xff);
    let sum = crate::store::checksum(&bytes[..body]);
    bytes[body..].copy_from_slice(&sum.to_le_bytes());
    std::fs::write(file.path(), &bytes).unwrap();
}

#[test]
fn an_entry_that_does_not_decode_is_parsed_again() {
    let tree = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let text = "config A\n\tbool \"a\"\n\tdepends on !B && (C || D)\n";
    std::fs::write(tree.path().join("Kconfig"), text).unwrap();
    let mut cold = Sources::with_parse_cache(tree.path(), cache.path());
    assert_eq!(config_names(&mut cold, "Kconfig"), ["A"]);
    cold.save_parse_cache();

    let parsed = crate::syntax::parse_file(text, crate::syntax::ast::FileId(0)).unwrap();
    damage_entry(cache.path(), &crate::syntax::binary::encode(&parsed));
    let mut warm = Sources::with_parse_cache(tree.path(), cache.path());
    assert_eq!(config_names(&mut warm, "Kconfig"), ["A"]);
    assert!(
        all_indexed(&warm),
        "the index was read: the tree came from parsing after the entry failed"
    );
}
