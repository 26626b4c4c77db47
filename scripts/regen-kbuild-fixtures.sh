#!/usr/bin/env bash
# Regenerate the localmodconfig expectations of kernel-fixtures/kbuild-*
# with the kernel's own scripts (the oracle), or check them (--check).
#
#   scripts/regen-kbuild-fixtures.sh [--check] [FIXTURE...]
#
# Each fixture has a Kconfig tree with Makefiles/Kbuild files, base.config
# and `modules` (an lsmod listing or a list of names). This runs the recipe
# of `make localmodconfig` (scripts/kconfig/Makefile, 6.12) in a scratch
# copy: streamline_config.pl --localmodconfig . Kconfig > .tmp.config with
# LSMOD=modules and SRCARCH=x86; unless .tmp.config equals .config, it
# becomes .config and `conf -s --oldconfig Kconfig` runs with stdin at end
# of file. The result is stored as expected-localmod.config and the
# script's stderr as expected-localmod.stderr. (expected.config, the plain
# olddefconfig of base.config, comes from scripts/regen-fixtures.sh.)
#
# conf is the one scripts/regen-fixtures.sh builds (run it once first).
set -euo pipefail

# shellcheck source=scripts/lib-ksolve.sh
source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
TREE=$(tree_dir 6.12)
CONF=$(conf_of 6.12)
[[ -x $CONF ]] || die "$CONF: missing; run scripts/regen-fixtures.sh first"
[[ -f $TREE/scripts/kconfig/streamline_config.pl ]] || die "$TREE: no kernel tree"

generate() { # FIXTURE_DIR OUT_DIR
  local dir=$1 out=$2 work
  work=$(mktemp -d)
  (cd "$dir" && tar cf - --exclude='expected*' --exclude=NOTES .) | (mkdir -p "$work/src" && cd "$work/src" && tar xf -)
  (
    cd "$work/src"
    cp base.config .config
    env -i PATH="$SAFE_PATH" SRCARCH=x86 LSMOD="$work/src/modules" srctree=. \
      perl "$TREE/scripts/kconfig/streamline_config.pl" --localmodconfig . Kconfig \
      >.tmp.config 2>"$work/stderr"
    if ! cmp -s .tmp.config .config; then
      mv -f .tmp.config .config
      env -i PATH="$SAFE_PATH" srctree=. KCONFIG_CONFIG=.config "$CONF" -s --oldconfig Kconfig \
        </dev/null >/dev/null 2>>"$work/stderr"
    fi
  ) || die "$(basename "$dir"): the kernel's scripts failed: $(cat "$work/stderr")"
  mkdir -p "$out"
  cp "$work/src/.config" "$out/expected-localmod.config"
  # Perl's hash order makes the script's messages come in any order.
  LC_ALL=C sort "$work/stderr" | uniq >"$out/expected-localmod.stderr"
  rm -rf "$work"
}

check=false names=()
for a in "$@"; do
  case $a in --check) check=true ;; *) names+=("$(basename "$a")") ;; esac
done
if ((${#names[@]} == 0)); then
  for d in "$ROOT"/kernel-fixtures/kbuild-*/; do names+=("$(basename "$d")"); done
fi
status=0
for n in "${names[@]}"; do
  if $check; then
    tmp=$(mktemp -d)
    generate "$ROOT/kernel-fixtures/$n" "$tmp"
    for f in expected-localmod.config expected-localmod.stderr; do
      diff -u "$ROOT/kernel-fixtures/$n/$f" "$tmp/$f" || status=1
    done
    rm -rf "$tmp"
  else
    generate "$ROOT/kernel-fixtures/$n" "$ROOT/kernel-fixtures/$n"
  fi
done
exit $status
