#!/bin/sh
# Fuzz ksolve's four input readers for a bounded time each:
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Targets: parse, expand, evaluate, config_reader (bodies in fuzz/targets.rs).
#
# With a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz) this
# runs libFuzzer with AddressSanitizer; otherwise the stable driver
# scripts/tools/fuzz_smoke.rs mutates the fixtures for the same time. Crashes are
# saved under fuzz/artifacts/TARGET/; each one found becomes a regression
# test in tests/adversarial.rs. Exit status 1 if any target crashed.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-parse expand evaluate config_reader}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}

if cargo +nightly fuzz --version >/dev/null 2>&1; then
    status=0
    for t in $targets; do
        mkdir -p "fuzz/corpus/$t"
        # Seed each corpus with the fixtures' Kconfig and .config files.
        find kernel-fixtures -type f -exec cp -n {} "fuzz/corpus/$t/" \; 2>/dev/null || true
        cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- \
            -max_total_time="$secs" -max_len=65536 -rss_limit_mb=1024 -timeout=10 || status=1
    done
    exit $status
fi

echo "fuzz.sh: no nightly cargo-fuzz here; running the stable driver (scripts/tools/fuzz_smoke.rs)" >&2
cargo build --release --example fuzz_smoke
# A stack overflow aborts the driver; fuzz/artifacts/TARGET/last then holds
# the input that did it.
status=0
for t in $targets; do
    "$CARGO_TARGET_DIR/release/examples/fuzz_smoke" "$secs" "$t" || status=1
    if [ -f "fuzz/artifacts/$t/last" ]; then
        echo "fuzz.sh: $t aborted on fuzz/artifacts/$t/last" >&2
        status=1
    fi
done
exit $status
