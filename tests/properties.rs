//! Invariants over generated Kconfig trees (proptest): olddefconfig is
//! idempotent, and its output reads back to the same values.

use crate::generate::{base_text, gen_tree, kconfig_text};
use ksolve::{config, ConfigFile, LoadOptions, Semantics, Tree};
use proptest::prelude::*;

fn olddefconfig(tree: &Tree, text: &str) -> (String, Vec<(String, String)>) {
    let file = ConfigFile::parse(text, "input");
    let result = config::olddefconfig(&tree.model, &config::merge([&file]));
    let mut ev = result.evaluation;
    let values = tree
        .model
        .defined_symbols()
        .map(|s| (tree.model.name(s).to_string(), ev.string_value(s)))
        .collect();
    (result.text, values)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn olddefconfig_is_idempotent_and_reads_back(
        syms in gen_tree(),
        with_choice in any::<bool>(),
        values in proptest::collection::vec(0u8..4, 9),
        legacy in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Kconfig"), kconfig_text(&syms, with_choice)).unwrap();
        let mut opts = LoadOptions::new(dir.path());
        opts.semantics = Some(if legacy { Semantics::Legacy } else { Semantics::Modern });
        opts.probe_cache = false;
        opts.env = Some(vec![]);
        let tree = Tree::load(&opts).unwrap();
        let (first, values1) = olddefconfig(&tree, &base_text(&values, syms.len()));
        let (second, values2) = olddefconfig(&tree, &first);
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(values1, values2);
    }
}
