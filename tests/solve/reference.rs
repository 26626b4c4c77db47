//! The solver against a brute-force reference on small generated trees:
//! it finds an answer exactly when one exists, and its answer costs what
//! the cheapest one costs under the policy (lines turning on a feature,
//! then features lost, then lines, then symbols changed, against what the
//! base and the requests give through olddefconfig).

use super::tree;
use crate::generate::{base_text, gen_sym, kconfig_text, GenSym};
use ksolve::solve::{self, command_line, Request};
use ksolve::{config, Assignment, ConfigFile, Evaluation, Semantics, SymbolId, Tree, Tristate};
use proptest::prelude::*;

fn values(model: &ksolve::Model) -> Vec<SymbolId> {
    model
        .defined_symbols()
        .filter(|&s| model.sym(s).ty.is_logical() && s != model.modules)
        .collect()
}

fn evaluate<'m>(tree: &'m Tree, lines: &[Assignment]) -> Evaluation<'m> {
    config::olddefconfig(
        &tree.model,
        &config::merge([&ConfigFile {
            assignments: lines.to_vec(),
            warnings: vec![],
        }]),
    )
    .evaluation
}

fn line(name: &str, v: Tristate) -> Assignment {
    Assignment {
        name: name.to_string(),
        value: v.as_str().to_string(),
        not_set: false,
        file: "t".into(),
        line: 1,
    }
}

type Cost = (usize, usize, usize, usize);

/// (turned on, lost, lines, changed) of an answer, or `None` when a request
/// fails.
fn cost(
    tree: &Tree,
    base: &[Assignment],
    requests: &[Request],
    answer: &[Assignment],
) -> Option<Cost> {
    let model = &tree.model;
    let mut asked = base.to_vec();
    asked.extend(requests.iter().map(|r| r.assignment(model)));
    let mut base_ev = evaluate(tree, &asked);
    let mut all = asked.clone();
    all.extend(answer.iter().cloned());
    let mut ev = evaluate(tree, &all);
    if requests.iter().any(|r| ev.string_value(r.sym) != r.value) {
        return None;
    }
    let (mut lost, mut changed) = (0, 0);
    for s in values(model)
        .into_iter()
        .filter(|s| !requests.iter().any(|r| r.sym == *s))
    {
        let (was, now) = (base_ev.tristate(s), ev.tristate(s));
        changed += usize::from(was != now);
        let prompt = model
            .props_of(s, ksolve::model::PropKind::Prompt)
            .next()
            .is_some();
        lost += usize::from(prompt && now < was);
    }
    let turned_on = answer
        .iter()
        .filter(|a| a.value != "n")
        .map(|a| model.lookup(&a.name).expect("a candidate"))
        .filter(|&s| model.sym(s).choice_block.is_none() && model.sym(s).choice_menu.is_none())
        .filter(|&s| base_ev.tristate(s) == Tristate::No)
        .count();
    Some((turned_on, lost, answer.len(), changed))
}

/// The cheapest answer by trying every set of lines.
fn reference(tree: &Tree, base: &[Assignment], requests: &[Request]) -> Option<Cost> {
    let model = &tree.model;
    let cands: Vec<SymbolId> = values(model)
        .into_iter()
        .filter(|&s| {
            model
                .props_of(s, ksolve::model::PropKind::Prompt)
                .next()
                .is_some()
        })
        .filter(|s| !requests.iter().any(|r| r.sym == *s))
        .collect();
    let options = |s: SymbolId| -> Vec<Option<Tristate>> {
        let mut o = vec![None, Some(Tristate::No), Some(Tristate::Yes)];
        if model.sym(s).ty == ksolve::model::SymbolType::Tristate {
            o.push(Some(Tristate::Mod));
        }
        o
    };
    let mut best = None;
    let mut pick = vec![0usize; cands.len()];
    loop {
        let answer: Vec<Assignment> = cands
            .iter()
            .zip(&pick)
            .filter_map(|(&s, &i)| options(s)[i].map(|v| line(model.name(s), v)))
            .collect();
        if let Some(c) = cost(tree, base, requests, &answer) {
            best = Some(best.map_or(c, |b: Cost| b.min(c)));
        }
        let mut k = 0;
        loop {
            if k == cands.len() {
                return best;
            }
            pick[k] += 1;
            if pick[k] < options(cands[k]).len() {
                break;
            }
            pick[k] = 0;
            k += 1;
        }
    }
}

/// Symbols, whether there is a choice, base values, requests (symbol, value).
type Case = (Vec<GenSym>, bool, Vec<u8>, Vec<(usize, u8)>);

fn gen_case() -> impl Strategy<Value = Case> {
    (2usize..6).prop_flat_map(|n| {
        let syms = (0..n).map(|i| gen_sym(i, n)).collect::<Vec<_>>();
        (
            syms,
            any::<bool>(),
            proptest::collection::vec(0u8..4, n),
            proptest::collection::vec((0..n + 2, 0u8..3), 1..3),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn solver_agrees_with_brute_force((syms, with_choice, base_values, reqs) in gen_case()) {
        agree(syms, with_choice, base_values, reqs, Semantics::Modern)?;
    }

    /// Legacy rules (Linux < 6.11), without choices: the solver keeps
    /// legacy choices at their values.
    #[test]
    fn solver_agrees_with_brute_force_legacy((syms, _c, base_values, reqs) in gen_case()) {
        agree(syms, false, base_values, reqs, Semantics::Legacy)?;
    }
}

fn agree(
    syms: Vec<GenSym>,
    with_choice: bool,
    base_values: Vec<u8>,
    reqs: Vec<(usize, u8)>,
    semantics: Semantics,
) -> Result<(), TestCaseError> {
    {
        let (_dir, t) = tree(&kconfig_text(&syms, with_choice), semantics);
        let model = &t.model;
        let base = config::merge([&ConfigFile::parse(
            &base_text(&base_values, syms.len()),
            "base",
        )]);
        let mut requests = Vec::new();
        for (i, &(s, v)) in reqs.iter().enumerate() {
            let name = if s < syms.len() {
                format!("S{s}")
            } else if with_choice {
                format!("C{}", s - syms.len())
            } else {
                continue;
            };
            let sym = model.lookup(&name).unwrap();
            let v = match (v, model.sym(sym).ty) {
                (1, ksolve::model::SymbolType::Bool) => "y",
                (v, _) => ["n", "m", "y"][v as usize],
            };
            if requests.iter().any(|r: &Request| r.sym == sym) {
                continue;
            }
            requests.push(Request::parse(model, &format!("{name}={v}"), command_line(i)).unwrap());
        }
        let expected = reference(&t, &base, &requests);
        match solve::solve(model, &base, requests.clone()) {
            Ok(sol) => {
                let answer: Vec<Assignment> = sol
                    .lines
                    .iter()
                    .map(|l| line(model.name(l.sym), l.value))
                    .collect();
                let got = cost(&t, &base, &requests, &answer);
                prop_assert!(got.is_some(), "solved but a request fails");
                prop_assert_eq!(got, expected);
            }
            Err(solve::SolveError::Conflicts { .. }) => prop_assert_eq!(expected, None),
            Err(e) => prop_assert!(false, "{}", e),
        }
    }
    Ok(())
}
