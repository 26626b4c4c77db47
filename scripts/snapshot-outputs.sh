#!/usr/bin/env bash
# Every user-facing output of ksolve, written to one file per case, so a
# refactoring can show that nothing a user sees changed:
#
#   scripts/snapshot-outputs.sh OUTDIR            # with $KSOLVE_BIN (or the release build)
#   diff -r BEFORE AFTER                          # the comparison
#
# Cases: every command (check, why, solve, bump, graph, localmodconfig
# --builtin, minimize, module, listnewconfig, olddefconfig and the batch
# modes) in every format it takes (text, json, github, dot, fragment), on
# every fixture under kernel-fixtures/ and on the real trees of
# $KSOLVE_TREES (6.12 and 7.3 with Debian's base and the seed's fragment)
# when they are there (KSOLVE_SNAPSHOT_REAL=0 skips them). Each file holds the command, its stdout, its stderr
# and its exit status. Paths of the temporary directory are replaced by
# $TMP so two runs compare.
set -uo pipefail
# shellcheck source=scripts/lib-ksolve.sh
source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
cd "$ROOT" || exit 2

out=${1:?usage: snapshot-outputs.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
find_ksolve
ksolve=$KSOLVE
trees=$TREES_DIR
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 KSOLVE_CACHE_DIR="$work/cache"
unset ARCH LLVM CROSS_COMPILE KCONFIG_CONFIG KBUILD_OUTPUT

count=0
# snap NAME CMD...: run CMD from $work/cwd, record everything it printed.
snap() {
  local name=$1
  shift
  local file="$out/$name"
  mkdir -p "$(dirname "$file")"
  rm -rf "$work/cwd" && mkdir -p "$work/cwd"
  local rc
  (cd "$work/cwd" && "$@" >"$work/stdout" 2>"$work/stderr")
  rc=$?
  {
    printf '$'
    printf ' %q' "$@"
    printf '\n--- exit %d\n--- stdout\n' "$rc"
    cat "$work/stdout"
    printf -- '--- stderr\n'
    cat "$work/stderr"
    for f in "$work"/cwd/*; do
      [ -f "$f" ] || continue
      printf -- '--- file %s\n' "${f##*/}"
      cat "$f"
    done
  } | sed -e "s#$ksolve#ksolve#g" -e "s#$work#\$TMP#g" -e "s#$PWD#\$REPO#g" >"$file"
  count=$((count + 1))
}

formats=(text json github)

# --- fixtures -------------------------------------------------------------
for dir in kernel-fixtures/*/; do
  fx=$(basename "$dir")
  t=$PWD/kernel-fixtures/$fx
  [ -f "$t/Kconfig" ] || continue
  base=$t/base.config
  frag=()
  [ -f "$t/fragment.config" ] && frag=("$t/fragment.config")
  env_args=()
  if [ -f "$t/env" ]; then
    while IFS= read -r line; do
      [ -n "$line" ] && env_args+=("$line")
    done <"$t/env"
  fi
  run=(env "${env_args[@]}" "$ksolve" --tree "$t")
  snap "fixtures/$fx/olddefconfig" "${run[@]}" olddefconfig --config "$base" "${frag[@]}" -o out.config
  if [ ${#frag[@]} -gt 0 ]; then
    for f in "${formats[@]}"; do
      snap "fixtures/$fx/check.$f" "${run[@]}" check --config "$base" "${frag[@]}" --format "$f"
    done
    snap "fixtures/$fx/check-all.text" "${run[@]}" check --config "$base" "${frag[@]}" --all
    for f in "${formats[@]}" fragment; do
      snap "fixtures/$fx/solve.$f" "${run[@]}" solve --config "$base" -f "${frag[@]}" --format "$f"
    done
  fi
  if [ -f "$t/expected.config" ]; then
    snap "fixtures/$fx/minimize.text" "${run[@]}" minimize --config "$base" "$t/expected.config" -o min.config
    snap "fixtures/$fx/minimize-explain.text" "${run[@]}" minimize --config "$base" "$t/expected.config" --explain
    snap "fixtures/$fx/minimize.json" "${run[@]}" minimize --config "$base" "$t/expected.config" --format json
  fi
  # why and graph on the first few symbols the fixture defines.
  syms=$(grep -rhoE '^\s*(menu)?config\s+[A-Z0-9_]+' "$t" --include='Kconfig*' | awk '{print $2}' | sort -u | head -4)
  for s in $syms; do
    for f in "${formats[@]}"; do
      snap "fixtures/$fx/why-$s.$f" "${run[@]}" why --config "$base" "$s" --format "$f"
      snap "fixtures/$fx/why-$s=y.$f" "${run[@]}" why --config "$base" "$s=y" --format "$f"
    done
    snap "fixtures/$fx/why-$s=y.fragment" "${run[@]}" why --config "$base" "$s=y" --format fragment
    snap "fixtures/$fx/graph-$s.dot" "${run[@]}" graph --config "$base" "$s" --format dot
    snap "fixtures/$fx/graph-$s.json" "${run[@]}" graph --config "$base" "$s" --format json
  done
  for mode in listnewconfig savedefconfig allnoconfig allmodconfig; do
    snap "fixtures/$fx/$mode" "${run[@]}" "$mode" --config "$base"
  done
done

# bump between the two bump fixtures
for f in "${formats[@]}"; do
  snap "fixtures/bump.$f" "$ksolve" bump --from "$PWD/kernel-fixtures/bump-old" --to "$PWD/kernel-fixtures/bump-new" \
    --config "$PWD/kernel-fixtures/bump-old/base.config" "$PWD/kernel-fixtures/bump-old/fragment.config" --format "$f"
  snap "fixtures/bump-all-diffs.$f" "$ksolve" bump --from "$PWD/kernel-fixtures/bump-old" --to "$PWD/kernel-fixtures/bump-new" \
    --config "$PWD/kernel-fixtures/bump-old/base.config" "$PWD/kernel-fixtures/bump-old/fragment.config" --format "$f" --all-diffs
done
# solve conflicts on the example tree
ex=$PWD/kernel-fixtures/example
printf 'Module                  Size  Used by\nixgbe 1 0\nnvme 1 0\ne1000e 1 0\n' >"$work/lsmod"
for f in "${formats[@]}" fragment; do
  snap "fixtures/example/solve-conflict.$f" "$ksolve" --tree "$ex" solve --config "$ex/base.config" IXGBE=y INTEL_IOATDMA=n DCA=y --format "$f"
done
snap "fixtures/example/module-ixgbe" "$ksolve" --tree "$ex" module ixgbe
snap "fixtures/example/module-symbol" "$ksolve" --tree "$ex" module --symbol IXGBE
for f in "${formats[@]}"; do
  snap "fixtures/example/localmod-builtin.$f" "$ksolve" --tree "$ex" localmodconfig --config "$ex/base.config" --modules "$work/lsmod" --builtin ixgbe --format "$f"
done

# --- real trees -----------------------------------------------------------
seed=/work/shared/fragments/validator-builtins.config
[ -f "$seed" ] || seed=../shared/fragments/validator-builtins.config
real_base() { # VERSION -> path of Debian's amd64 config, uncompressed into $work
  local v=$1 xz
  for xz in /usr/src/linux-config-$v/config.amd64_none_amd64.xz /var/tmp/kapt/x/usr/src/linux-config-$v/config.amd64_none_amd64.xz; do
    if [ -f "$xz" ]; then
      xz -dc "$xz" >"$work/debian-$v.config"
      echo "$work/debian-$v.config"
      return 0
    fi
  done
  return 1
}
if [ -f "$seed" ] && [ "${KSOLVE_SNAPSHOT_REAL:-1}" != 0 ]; then
  grep -v DCA "$seed" >"$work/seed-no-dca.config"
  for v in 6.12 7.3; do
    t=$trees/linux-source-$v
    [ -f "$t/Kconfig" ] || continue
    base=$(real_base "$v") || continue
    run=("$ksolve" --tree "$t")
    "${run[@]}" -q olddefconfig --config "$base" "$seed" -o "$work/target-$v.config"
    for f in "${formats[@]}"; do
      snap "real/$v/check.$f" "${run[@]}" check --config "$base" "$seed" --format "$f"
      for q in IXGBE DCA=y NR_CPUS=64 IXGBE=y CRYPTO_SHA1_SSSE3 OF=y; do
        snap "real/$v/why-$q.$f" "${run[@]}" why --config "$base" "$q" --format "$f"
      done
      snap "real/$v/solve-seed.$f" "${run[@]}" solve --config "$base" -f "$work/seed-no-dca.config" --format "$f"
      snap "real/$v/solve-conflict.$f" "${run[@]}" solve --config "$base" IXGBE=y INTEL_IOATDMA=n DCA=y --format "$f"
      snap "real/$v/localmod-builtin.$f" "${run[@]}" localmodconfig --config "$base" --modules "$work/lsmod" --builtin ixgbe nvme --format "$f"
      snap "real/$v/minimize.$f" "${run[@]}" minimize --config "$base" "$work/target-$v.config" --format "$f"
    done
    snap "real/$v/why-DCA=y.fragment" "${run[@]}" why --config "$base" DCA=y --format fragment
    snap "real/$v/solve-seed.fragment" "${run[@]}" solve --config "$base" -f "$work/seed-no-dca.config" --format fragment
    snap "real/$v/graph-IXGBE.dot" "${run[@]}" graph --config "$base" IXGBE --format dot
    snap "real/$v/graph-IXGBE.json" "${run[@]}" graph --config "$base" IXGBE --format json
    snap "real/$v/check-mode-allmod.text" "${run[@]}" check --config "$base" "$seed" --mode allmodconfig
    snap "real/$v/listnewconfig" "${run[@]}" listnewconfig --config "$base"
    snap "real/$v/module-ixgbe" "${run[@]}" module ixgbe nvme
  done
  if [ -f "$trees/linux-source-6.12/Kconfig" ] && [ -f "$trees/linux-source-7.3/Kconfig" ]; then
    base=$(real_base 6.12)
    for f in "${formats[@]}"; do
      snap "real/bump-6.12-7.3.$f" "$ksolve" bump --from "$trees/linux-source-6.12" --to "$trees/linux-source-7.3" \
        --config "$base" "$seed" --format "$f"
    done
    snap "real/bump-6.12-7.3-all-diffs.text" "$ksolve" bump --from "$trees/linux-source-6.12" --to "$trees/linux-source-7.3" \
      --config "$base" "$seed" --all-diffs
  fi
fi
echo "snapshot-outputs: $count cases written to $out"
