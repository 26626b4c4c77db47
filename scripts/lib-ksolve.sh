# Sourced by the conformance, bench and kernel-test scripts: the one place
# that finds the ksolve binary they run. find_ksolve sets KSOLVE from
# $KSOLVE_BIN (a path, or a name on PATH), else builds the release binary of
# the checkout at $ROOT; it stops the script through its `die` when there is
# no executable.
find_ksolve() {
  if [[ -n ${KSOLVE_BIN:-} ]]; then
    KSOLVE=$(realpath -- "$(command -v "$KSOLVE_BIN" || echo "$KSOLVE_BIN")")
  else
    echo "${0##*/}: cargo build --release --locked" >&2
    (cd "$ROOT" && cargo build --release --locked --quiet) || die "cargo build failed"
    KSOLVE=$ROOT/target/release/ksolve
  fi
  [[ -x $KSOLVE ]] || die "no ksolve binary at $KSOLVE"
}
