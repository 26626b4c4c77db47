//! cargo-fuzz target `expand`; the body is shared with the stable driver.
#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::expand(data));
