#!/usr/bin/env bash
# scripts/config conformance: `ksolve config ARGS` must leave the file, print
# on standard output and exit as the tree's own `scripts/config ARGS` does.
#
#   scripts/conformance-scripts-config.sh [--tree V]... [-n CASES] [--seed N]
#
# Cases: random command sequences (scripts/conformance/scripts_config_cases.py:
# every command, mixed case, the CONFIG_ prefix, names present, unset and
# absent, values with blanks, quotes, `&` and backslashes, and one in ten
# with a bad or incomplete command) on two bases per tree (its
# x86_64_defconfig and a Debian amd64 config). Each runs in its own directory
# on a copy of the base; `--refresh` is left out (it runs make oldconfig).
# Trees: 5.10, 6.12 and 7.3 carry the script's three generations.
#
# Environment: KSOLVE_BIN (default: cargo build --release), KSOLVE_TREES
# (default /var/tmp/ksolve-trees), KSOLVE_CONFORMANCE_OUT (default
# target/conformance-scripts-config). Exit: 0 all identical, 1 a case
# differs, 2 setup error.
set -euo pipefail

# shellcheck source=scripts/lib-ksolve.sh
source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
OUT=$(conformance_out target/conformance-scripts-config)
# Both sides run with no home directory at all.
CLEAN_HOME=/nonexistent
TREES=() N=60 SEED=1
while (($#)); do
  case $1 in
    --tree) TREES+=("$2"); shift 2 ;;
    -n) N=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    -h|--help) usage_from_header; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
((${#TREES[@]})) || TREES=(5.10 6.12 7.3)

find_ksolve
mkdir -p "$OUT"
PROBE_CACHE=$OUT/probe-cache
mkdir -p -m 700 "$PROBE_CACHE"

# run_case DIR TREE BASE ARGS... : both sides, then compare.
run_case() {
  local dir=$1 tree=$2 base=$3 rc_k=0 rc_s=0
  shift 3
  mkdir -p "$dir/kernel" "$dir/ksolve"
  cp -- "$base" "$dir/kernel/cfg"
  cp -- "$base" "$dir/ksolve/cfg"
  printf '%q ' "$@" >"$dir/args"
  (cd "$dir/kernel" && clean_env bash "$tree/scripts/config" --file cfg "$@" >stdout 2>stderr) \
    || rc_k=$?
  (cd "$dir/ksolve" && clean_env KSOLVE_CACHE_DIR="$PROBE_CACHE" "$KSOLVE" --tree "$tree" \
    config --file cfg "$@" >stdout 2>stderr) || rc_s=$?
  echo "$rc_k" >"$dir/kernel/status"
  echo "$rc_s" >"$dir/ksolve/status"
  local f
  for f in cfg stdout status; do
    cmp -s "$dir/kernel/$f" "$dir/ksolve/$f" || { echo "$f"; return; }
  done
}

total=0 same=0
for v in "${TREES[@]}"; do
  tree=$(tree_dir "$v")
  [[ -f $tree/scripts/config ]] || die "no tree $tree (scripts/conformance.sh --install-only)"
  bases=("$tree/arch/x86/configs/x86_64_defconfig")
  deb=$(debian_config "$v" amd64)
  if [[ -f $deb ]]; then
    xz -dc "$deb" >"$OUT/debian-$v.config"
    bases+=("$OUT/debian-$v.config")
  fi
  n_tree=0 same_tree=0
  for base in "${bases[@]}"; do
    bname=$(basename "$base" .config)
    while IFS= read -r line; do
      eval "words=($line)"
      name=${words[0]}
      dir=$OUT/$v-$bname-$name
      rm -rf "$dir"
      differs=$(run_case "$dir" "$tree" "$base" "${words[@]:1}")
      n_tree=$((n_tree + 1))
      if [[ -z $differs ]]; then
        same_tree=$((same_tree + 1))
      else
        echo "DIFF $v $bname $name ($differs): $(cat "$dir/args")"
      fi
    done < <(python3 "$ROOT/scripts/conformance/scripts_config_cases.py" \
               --config "$base" --seed "$SEED" -n "$N")
  done
  echo "scripts/config $v: $same_tree/$n_tree identical"
  total=$((total + n_tree)) same=$((same + same_tree))
done
echo "scripts/config: $same/$total identical"
((same == total))
