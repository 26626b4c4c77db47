//! `localmodconfig --modules LIST FRAGMENT...`: the seed's `_localmodcfg`
//! followed by its builtin fragment in one step. The kernel's way is
//! `make LSMOD=LIST localmodconfig`, then `scripts/kconfig/merge_config.sh
//! -m .config FRAGMENT...`, then `make olddefconfig`: the localmodconfig
//! result is the base, the fragments are merged onto it as merge_config
//! does ([`config::merge`]), and the merge is evaluated again. `check` of
//! the fragments against that base says which requests survive.

use crate::check::{self, Check, Fragment};
use crate::config::{self, ConfigFile, Olddefconfig};
use crate::model::Model;

/// The localmodconfig result with the fragments applied, and the audit of
/// the fragments' requests against it.
pub struct WithFragments<'m> {
    pub result: Olddefconfig<'m>,
    pub check: Check<'m>,
}

/// Merge `fragments` onto `streamlined` (the text localmodconfig wrote)
/// and run olddefconfig, as merge_config.sh -m and make olddefconfig do.
pub fn apply_fragments<'m>(
    model: &'m Model,
    streamlined: &str,
    fragments: &[ConfigFile],
) -> WithFragments<'m> {
    let base = ConfigFile::parse(streamlined, ".config (localmodconfig)");
    let merged = config::merge(std::iter::once(&base).chain(fragments));
    let result = config::olddefconfig(model, &merged);
    let requests: Vec<Fragment> = fragments.iter().map(Fragment::from).collect();
    let check = check::check(model, &base, &requests);
    WithFragments { result, check }
}
