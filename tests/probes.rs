//! `$(shell,...)` as conf runs it, and the probe cache: never stale,
//! never another user's (issue 14).

use crate::common::{self, finish, tree_of};

#[test]
fn shell_yes_keeps_what_conf_s_buffer_holds_and_goes_on() {
    // conf (6.12) writes CONFIG_S as 4095 bytes of "y y y ... y" in 0.04 s.
    let dir = tree_of(&[
        (
            "Kconfig",
            b"config S\n\tstring\n\tdefault \"$(shell,yes)\"\n",
        ),
        (".config", b""),
    ]);
    let started = std::time::Instant::now();
    let (code, out, err) = finish(
        common::ksolve()
            .arg("--tree")
            .arg(dir.path())
            .arg("olddefconfig"),
    );
    assert_eq!(code, 0, "{err}");
    let want = format!("CONFIG_S=\"{}y\"\n", "y ".repeat(2047));
    assert!(out.ends_with(&want), "{}", &out[..out.len().min(200)]);
    assert!(started.elapsed().as_secs() < 20, "read far more than conf");
}

#[test]
fn shell_output_is_cut_at_a_nul_as_conf_s_c_string() {
    // conf (6.12): CONFIG_T="a" and CONFIG_U="a " for these two.
    let kconfig = "config T\n\tstring\n\tdefault \"$(shell,printf \"a\\0b\")\"\n\
                   config U\n\tstring\n\tdefault \"$(shell,printf \"a\\n\\0b\\n\")\"\n";
    let dir = tree_of(&[("Kconfig", kconfig.as_bytes()), (".config", b"")]);
    let (code, out, err) = finish(
        common::ksolve()
            .arg("--tree")
            .arg(dir.path())
            .arg("olddefconfig"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CONFIG_T=\"a\"\nCONFIG_U=\"a \"\n"), "{out}");
}
