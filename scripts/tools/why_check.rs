//! Checks `ksolve why` against the Kconfig source of a real tree: picks
//! symbols at random, explains each (why SYMBOL, and why SYMBOL=y / =n),
//! and verifies every `select` and `imply` the explanation names (the line
//! really is `select SYMBOL` inside the selector's definition, and an
//! active selector's value is at least what it forces) and every
//! `depends on` operand (the symbol appears in the definition's block or in
//! an enclosing `if`/`menu` condition of that file).
//!
//! `cargo run --release --example why_check -- TREE CONFIG [COUNT] [SEED] [ARCH]`
//! Exit status 1 when any named place is wrong. The conformance trees are
//! not available to `cargo test`; scripts/conformance.sh can run this.

use ksolve::explain::Limits;
use ksolve::report::{why, Kind, ReasonNode};
use ksolve::{config, ConfigFile, LoadOptions, SymbolId, Tree};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

struct Checker<'t> {
    root: PathBuf,
    tree: &'t Tree,
    files: HashMap<String, Vec<String>>,
    checked: usize,
    unchecked: usize,
    errors: Vec<String>,
}

impl Checker<'_> {
    fn lines(&mut self, file: &str) -> &[String] {
        let root = self.root.clone();
        self.files.entry(file.to_string()).or_insert_with(|| {
            std::fs::read_to_string(root.join(file))
                .unwrap_or_default()
                .lines()
                .map(str::to_string)
                .collect()
        })
    }

    /// The `config NAME` line a line number belongs to (nearest above).
    fn owner(&mut self, file: &str, line: u32) -> Option<String> {
        let lines = self.lines(file);
        let upto = (line as usize).min(lines.len());
        lines[..upto].iter().rev().find_map(|l| {
            let mut words = l.split_whitespace();
            match (words.next(), words.next()) {
                (Some("config" | "menuconfig"), Some(name)) => Some(name.to_string()),
                _ => None,
            }
        })
    }

    /// `forced`: the value the enclosing "selected to y by" group forces.
    fn walk(
        &mut self,
        context: &str,
        forced: Option<&str>,
        parent_kind: Option<Kind>,
        n: &ReasonNode,
    ) {
        match (n.kind, &n.symbol, &n.file, n.line) {
            (Kind::Select | Kind::Imply, Some(x), Some(f), Some(l)) => {
                self.check_link(context, x, n, (f, l), forced)
            }
            (Kind::Operand, Some(x), _, _)
                if matches!(
                    parent_kind,
                    Some(Kind::Capped | Kind::Invisible | Kind::Prompt)
                ) =>
            {
                self.check_operand(context, x)
            }
            _ => {}
        }
        let ctx = match (&n.symbol, n.kind) {
            (Some(s), Kind::Select | Kind::Imply | Kind::Operand | Kind::Symbol) => s.clone(),
            _ => context.to_string(),
        };
        let group = ["y", "m"]
            .into_iter()
            .find(|v| n.text.ends_with(&format!("to {v} by")));
        let forced = if n.symbol.is_some() {
            None
        } else {
            group.or(forced)
        };
        for c in &n.children {
            self.walk(&ctx, forced, Some(n.kind), c);
        }
    }

    fn check_link(
        &mut self,
        target: &str,
        x: &str,
        n: &ReasonNode,
        (f, l): (&str, u32),
        forced: Option<&str>,
    ) {
        self.checked += 1;
        let kw = if n.kind == Kind::Imply {
            "imply"
        } else {
            "select"
        };
        let text = self
            .lines(f)
            .get(l as usize - 1)
            .cloned()
            .unwrap_or_default();
        let word = text
            .trim_start()
            .strip_prefix(kw)
            .and_then(|r| r.split_whitespace().next())
            .map(str::to_string);
        if word.as_deref() != Some(target) {
            self.errors.push(format!(
                "{f}:{l}: expected `{kw} {target}` (named for {x}), found `{}`",
                text.trim()
            ));
        }
        if self.owner(f, l).as_deref() != Some(x) {
            self.errors.push(format!(
                "{f}:{l}: `{kw} {target}` is not in the definition of {x}"
            ));
        }
        let rank = |s: &str| ["n", "m", "y"].iter().position(|v| *v == s).unwrap_or(0);
        if let (Some(floor), Some(v)) = (forced, &n.value) {
            if rank(v) < rank(floor) {
                self.errors
                    .push(format!("{f}:{l}: {x}={v} cannot force {target} to {floor}"));
            }
        }
    }

    fn check_operand(&mut self, s: &str, x: &str) {
        let model = &self.tree.model;
        let Some(sym) = model.lookup(s) else { return };
        let mut found = false;
        let mut places = Vec::new();
        for &m in &model.sym(sym).menus {
            let loc = model.menu(m).loc;
            places.push((model.file_name(loc.file).to_string(), loc.line));
        }
        for (f, l) in places {
            let lines = self.lines(&f).to_vec();
            let start = l as usize - 1;
            let end = (start + 1..lines.len())
                .find(|&i| is_entry(&lines[i]))
                .unwrap_or(lines.len());
            if lines[start..end].iter().any(|t| mentions(t, x)) {
                found = true;
            }
            let cond = lines[..start].iter().any(|t| {
                let first = t.split_whitespace().next().unwrap_or("");
                matches!(first, "if" | "depends" | "visible") && mentions(t, x)
            });
            found |= cond;
        }
        if found {
            self.checked += 1;
        } else {
            // Inherited from an `if`/`menu` of a file that sources this one.
            self.unchecked += 1;
        }
    }
}

fn is_entry(l: &str) -> bool {
    let first = l.split_whitespace().next().unwrap_or("");
    [
        "config",
        "menuconfig",
        "choice",
        "endchoice",
        "menu",
        "endmenu",
        "if",
        "endif",
        "source",
        "comment",
    ]
    .contains(&first)
}

fn mentions(line: &str, sym: &str) -> bool {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|w| w == sym)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: why_check TREE CONFIG [COUNT] [SEED] [ARCH]");
        std::process::exit(2);
    }
    let count: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(200);
    let mut seed: u64 = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(1);
    let mut opts = LoadOptions::new(&args[1]);
    opts.arch = args.get(5).cloned();
    let tree = Tree::load(&opts).expect("tree loads");
    let base = ConfigFile::read(Path::new(&args[2])).expect("config reads");
    let mut run = config::olddefconfig(&tree.model, &config::merge([&base]));
    let syms: Vec<SymbolId> = tree.model.defined_symbols().collect();
    let mut ck = Checker {
        root: PathBuf::from(&args[1]),
        tree: &tree,
        files: HashMap::new(),
        checked: 0,
        unchecked: 0,
        errors: Vec::new(),
    };
    for _ in 0..count {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let s = syms[(seed >> 33) as usize % syms.len()];
        let name = tree.model.name(s).to_string();
        let mut reports = vec![why::why(&mut run.evaluation, s, Limits::default())];
        if tree.model.sym(s).ty.is_logical() {
            for v in ["y", "n"] {
                reports.push(why::why_not(&mut run.evaluation, s, v, Limits::default()));
            }
        }
        for r in &reports {
            for n in &r.reasons {
                ck.walk(&name, None, None, n);
            }
        }
    }
    println!(
        "{} symbols: {} places checked, {} inherited from another file (not checked), {} wrong",
        count,
        ck.checked,
        ck.unchecked,
        ck.errors.len()
    );
    for e in ck.errors.iter().take(20) {
        println!("  {e}");
    }
    ksolve::wait_for_writes();
    std::process::exit(i32::from(!ck.errors.is_empty()));
}
