//! Small generated Kconfig trees for property tests: every "needs" edge
//! points to a lower index (depends, defaults) or comes from one (select),
//! so the trees have no loops.

use proptest::prelude::*;

/// A generated symbol. Every "needs" edge points to a lower index (depends,
/// defaults) or comes from one (select), so trees have no loops.
#[derive(Clone, Debug)]
pub struct GenSym {
    pub tristate: bool,
    pub prompt: bool,
    pub depends: Option<(usize, bool)>,
    pub default: Option<(u8, Option<usize>)>,
    pub selects: Vec<usize>,
}

pub fn gen_sym(i: usize, n: usize) -> impl Strategy<Value = GenSym> {
    let lower = if i == 0 {
        Just(None).boxed()
    } else {
        proptest::option::of((0..i, any::<bool>())).boxed()
    };
    let cond = if i == 0 {
        Just(None).boxed()
    } else {
        proptest::option::of(0..i).boxed()
    };
    let higher = if i + 1 >= n {
        Just(vec![]).boxed()
    } else {
        proptest::collection::vec(i + 1..n, 0..2).boxed()
    };
    (
        any::<bool>(),
        prop::bool::weighted(0.7),
        lower,
        proptest::option::of((0u8..3, cond)),
        higher,
    )
        .prop_map(|(tristate, prompt, depends, default, selects)| GenSym {
            tristate,
            prompt,
            depends,
            default,
            selects,
        })
}

pub fn gen_tree() -> impl Strategy<Value = Vec<GenSym>> {
    (2usize..9).prop_flat_map(|n| (0..n).map(|i| gen_sym(i, n)).collect::<Vec<_>>())
}

/// The Kconfig text of a generated tree (MODULES first, an optional choice).
pub fn kconfig_text(syms: &[GenSym], with_choice: bool) -> String {
    let mut t = String::from("config MODULES\n\tbool \"modules\"\n\tmodules\n\tdefault y\n\n");
    for (i, s) in syms.iter().enumerate() {
        t.push_str(&format!(
            "config S{i}\n\t{}",
            if s.tristate { "tristate" } else { "bool" }
        ));
        if s.prompt {
            t.push_str(&format!(" \"S{i}\""));
        }
        t.push('\n');
        if let Some((d, neg)) = s.depends {
            t.push_str(&format!(
                "\tdepends on {}S{d}\n",
                if neg { "!" } else { "" }
            ));
        }
        if let Some((v, c)) = s.default {
            t.push_str(&format!("\tdefault {}", ["n", "m", "y"][v as usize]));
            if let Some(c) = c {
                t.push_str(&format!(" if S{c}"));
            }
            t.push('\n');
        }
        for j in &s.selects {
            t.push_str(&format!("\tselect S{j}\n"));
        }
        t.push('\n');
    }
    if with_choice {
        t.push_str("choice\n\tprompt \"pick\"\n\tdefault C1\nconfig C0\n\tbool \"c0\"\nconfig C1\n\tbool \"c1\"\n\tdepends on S0\nendchoice\n");
    }
    t
}

/// A base config giving symbol i the value values[i] (0 n, 1 m, 2 y, 3 absent).
pub fn base_text(values: &[u8], n: usize) -> String {
    let mut t = String::new();
    for (i, v) in values.iter().take(n).enumerate() {
        match v {
            0 => t.push_str(&format!("# CONFIG_S{i} is not set\n")),
            1 => t.push_str(&format!("CONFIG_S{i}=m\n")),
            2 => t.push_str(&format!("CONFIG_S{i}=y\n")),
            _ => {}
        }
    }
    t
}
