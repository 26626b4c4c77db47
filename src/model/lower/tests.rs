//! Speculative lowering passes: what a pass gives when it meets a probe
//! whose output is not known yet, and what its scan still finds.

use super::{Lowered, Lowerer, ProbesPending};
use crate::macros::{KernelEnv, Preprocessor, ProbeCache, ProbeOptions, Probes};
use crate::model::Semantics;
use crate::source::Sources;
use std::sync::Arc;

#[test]
fn a_pass_that_meets_an_unknown_probe_is_pending_and_its_scan_queues_the_later_probes() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("log");
    let probe = |what: &str| format!("$(shell,echo {what} >> '{}'; echo {what})", log.display());
    let kconfig = format!(
        "config A\n\tbool \"a\"\n\tdefault {}\n\nmenu \"{}\"\nendmenu\n\nconfig B\n\tstring\n\tdefault \"plain\"\n",
        probe("y"),
        probe("second"),
    );
    std::fs::write(tmp.path().join("Kconfig"), kconfig).unwrap();
    let env = KernelEnv::from_vars(tmp.path(), Default::default(), Default::default());
    let options = ProbeOptions {
        dir: tmp.path().to_owned(),
        cache: ProbeCache::Disabled,
        replay: None,
    };
    let probes = Arc::new(Probes::new(options).unwrap());
    let mut sources = Sources::new(tmp.path());
    std::thread::scope(|scope| {
        probes.open();
        scope.spawn(|| probes.serve(&env));
        probes.speculate(true);
        let mut pp = Preprocessor::new(env.clone(), probes.clone());
        let lowered = Lowerer::new(&mut sources, &mut pp, Semantics::Modern).speculate("Kconfig");
        assert!(matches!(lowered, Ok(Lowered::Pending(ProbesPending))));
        assert!(probes.speculate(false), "the pass wanted its probes");
        probes.close();
    });
    let ran = std::fs::read_to_string(&log).unwrap();
    let mut ran: Vec<&str> = ran.lines().collect();
    ran.sort();
    assert_eq!(
        ran,
        ["second", "y"],
        "the scan after the first probe found the second"
    );
    sources.rewind();
    let mut pp = Preprocessor::new(env.clone(), probes.clone());
    let model = Lowerer::new(&mut sources, &mut pp, Semantics::Modern)
        .run("Kconfig")
        .unwrap();
    let prompts: Vec<&str> = (model.props.iter())
        .filter_map(|p| p.text.as_deref())
        .collect();
    assert!(prompts.contains(&"second"), "{prompts:?}");
    assert!(
        model.lookup("B").is_some(),
        "the real pass builds what the scan skipped"
    );
}
