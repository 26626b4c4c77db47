#!/usr/bin/env bash
# Real-tree conformance: `ksolve olddefconfig` must reproduce the kernel's
# `make olddefconfig` byte for byte. The kernel's scripts/kconfig/conf is the
# oracle; this script runs both on a matrix of real trees, base configs and
# fragments, and keeps every input and output of a case so a failure can be
# replayed and debugged without rerunning the matrix.
#
# Matrix: trees {6.1, 6.12} x bases {debian-amd64, debian-cloud, cachyos,
# x86_64-defconfig, arm64-defconfig (ARCH=arm64), empty} x fragments {none,
# validator, rand1, rand2, rand3} = 60 cases, named TREE-BASE-FRAGMENT.
#
# Layout of the work, so later passes slot in beside `olddefconfig`:
#   setup_case       shared per-case inputs (base, fragment, kernel-merged input)
#   pass_<name>      one function per pass; writes into the case dir and calls
#                    `record STATUS DETAIL`. Issue 3 adds pass_check, issue 5
#                    pass_solve, issue 7 pass_localmodconfig; list them in PASSES.
#
# Environment: KSOLVE_BIN (default: cargo build --release, target/release/ksolve),
# KSOLVE_TREES, KSOLVE_SHARED, KSOLVE_CONF_CACHE, KSOLVE_CONFORMANCE_OUT,
# KSOLVE_CONFORMANCE_SEED, KSOLVE_CASE_TIMEOUT. See usage() for options.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: scripts/conformance.sh [options]
  --tree 6.1|6.12     only this tree (default: both)
  --filter SUBSTRING  only cases whose name contains SUBSTRING (repeatable: any)
  -j N                cases run in parallel (default: nproc)
  --no-cache          rerun the kernel's olddefconfig instead of using the cache
  --seed N            base seed for the random fragments (default 1)
  --list              print the selected case names and exit
  --install-only      install packages and unpack trees, then exit
  --self-test         check the harness with a stand-in ksolve made of the
                      kernel itself: all identical, then perturbed -> DIFF,
                      then failing -> ERROR
Exit status: 0 all identical, 1 some case differs or failed, 2 usage/setup error.
Per-case files: ${KSOLVE_CONFORMANCE_OUT:-target/conformance}/CASE/
EOF
}

die() { echo "conformance: $*" >&2; exit 2; }

# ---------------------------------------------------------------- settings
SELF=$(realpath -- "${BASH_SOURCE[0]}")
ROOT=$(git -C "$(dirname "$SELF")" rev-parse --show-toplevel 2>/dev/null) \
  || ROOT=$(dirname "$(dirname "$SELF")")
HELPERS=$ROOT/scripts/conformance
SHARED=$(realpath -m -- "${KSOLVE_SHARED:-$ROOT/../shared}")
TREES_DIR=${KSOLVE_TREES:-/var/tmp/ksolve-trees}
CACHE_DIR=${KSOLVE_CONF_CACHE:-/var/tmp/ksolve-conf-cache}
OUT=$(cd "$ROOT" && realpath -m -- "${KSOLVE_CONFORMANCE_OUT:-target/conformance}")
SEED=${KSOLVE_CONFORMANCE_SEED:-1}
CASE_TIMEOUT=${KSOLVE_CASE_TIMEOUT:-600}
# The only PATH either side sees: a developer's rustup rustc, clang or pahole
# in ~/bin would otherwise change the kernel's $(shell) probes.
CLEAN_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CLEAN_HOME=${HOME:-/nonexistent}
# Bump when the oracle recipe changes: it invalidates every cached result.
ORACLE_RECIPE=1

ALL_TREES=(6.1 6.12)
BASES=(debian-amd64 debian-cloud cachyos x86_64-defconfig arm64-defconfig empty)
FRAGMENTS=(none validator rand1 rand2 rand3)
PASSES=(olddefconfig check)
declare -A CACHYOS=([6.1]=6.1.10 [6.12]=6.12.7)

TREE_OPT=() FILTERS=() JOBS=$(nproc) USE_CACHE=1 MODE=run
KSOLVE_EXTRA_ENV=()

parse_args() {
  while (($#)); do
    case $1 in
      --tree) [[ $# -ge 2 ]] || die "--tree needs a value"; TREE_OPT+=("$2"); shift 2 ;;
      --filter) [[ $# -ge 2 ]] || die "--filter needs a value"; FILTERS+=("$2"); shift 2 ;;
      -j) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "-j needs a positive number"; JOBS=$2; shift 2 ;;
      -j[1-9]*) JOBS=${1#-j}; shift ;;
      --no-cache) USE_CACHE=0; shift ;;
      --seed) [[ ${2:-} =~ ^[0-9]+$ ]] || die "--seed needs a number"; SEED=$2; shift 2 ;;
      --list) MODE=list; shift ;;
      --install-only) MODE=install; shift ;;
      --self-test) MODE=self-test; shift ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; die "unknown argument: $1" ;;
    esac
  done
  for t in "${TREE_OPT[@]}"; do
    [[ " ${ALL_TREES[*]} " == *" $t "* ]] || die "unknown tree $t (have: ${ALL_TREES[*]})"
  done
  ((${#TREE_OPT[@]})) || TREE_OPT=("${ALL_TREES[@]}")
}

# ---------------------------------------------------------------- machine setup
as_root() {
  if ((EUID == 0)); then "$@"; else sudo "$@"; fi
}

pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

tree_dir() { echo "$TREES_DIR/linux-source-$1"; }
config_dir() { echo "/usr/src/linux-config-$1"; }

# apt-get update once, then install only what is missing; nothing if complete.
ensure_packages() {
  local need=() p v
  for p in flex bison bc xz-utils make gcc; do pkg_installed "$p" || need+=("$p"); done
  for v in "$@"; do
    [[ -f $(tree_dir "$v")/Makefile || -f /usr/src/linux-source-$v.tar.xz ]] \
      || need+=("linux-source-$v")
    [[ -f $(config_dir "$v")/config.amd64_none_amd64.xz \
      && -f $(config_dir "$v")/config.amd64_none_cloud-amd64.xz ]] || need+=("linux-config-$v")
  done
  ((${#need[@]})) || return 0
  echo "conformance: installing ${need[*]}" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${need[@]}" >/dev/null
}

# Unpack /usr/src/linux-source-V.tar.xz once; the rename makes a half-unpacked
# tree impossible to mistake for a complete one.
ensure_tree() {
  local v=$1 dir tmp
  dir=$(tree_dir "$v")
  [[ -f $dir/Makefile && -f $dir/Kconfig ]] && return 0
  mkdir -p "$TREES_DIR"
  (
    flock 9
    [[ -f $dir/Makefile && -f $dir/Kconfig ]] && exit 0
    echo "conformance: unpacking linux-source-$v into $TREES_DIR" >&2
    tmp=$(mktemp -d "$TREES_DIR/.unpack.XXXXXX")
    tar -xJf "/usr/src/linux-source-$v.tar.xz" -C "$tmp"
    rm -rf "$dir"
    mv "$tmp/linux-source-$v" "$dir"
    rmdir "$tmp"
  ) 9>"$TREES_DIR/.lock-$v"
}

# The first `make olddefconfig` in a tree builds fixdep and conf there. Do it
# once, serially, so parallel cases never build them concurrently.
warm_tree() {
  local v=$1 dir tmp
  dir=$(tree_dir "$v")
  [[ -x $dir/scripts/kconfig/conf && -x $dir/scripts/basic/fixdep ]] && return 0
  tmp=$(mktemp -d)
  : >"$tmp/.config"
  (
    flock 9
    clean_env make -s -C "$dir" KCONFIG_CONFIG="$tmp/.config" olddefconfig >"$tmp/log" 2>&1
  ) 9>"$TREES_DIR/.lock-$v" || { cat "$tmp/log" >&2; die "cannot build conf in $dir"; }
  rm -rf "$tmp"
}

clean_env() {
  env -i PATH="$CLEAN_PATH" HOME="$CLEAN_HOME" "$@"
}

# What the kernel's answer depends on besides the case inputs: the tree's
# Kconfig files, conf's sources and the scripts its probes call, and the tools
# those probes find on CLEAN_PATH.
tree_fingerprint() {
  local dir
  dir=$(tree_dir "$1")
  (
    cd "$dir"
    {
      find . -name 'Kconfig*' -type f
      echo ./Makefile
      find scripts -maxdepth 1 -type f \( -name '*.sh' -o -name 'Kconfig.include' \)
      find scripts/kconfig -maxdepth 1 -type f \( -name '*.[chyl]' -o -name '*.sh' \) \
        ! -name lexer.lex.c ! -name 'parser.tab.[ch]'
    } | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -c1-64
  )
}

toolchain_fingerprint() {
  # shellcheck disable=SC2016
  clean_env bash -c 'for t in gcc cc ld as pahole rustc bindgen clang ld.lld perl python3; do
      p=$(command -v "$t") || { echo "$t: none"; continue; }
      echo "$t: $p $("$p" --version 2>&1 | grep -m1 .)"
    done' | sha256sum | cut -c1-64
}

# ---------------------------------------------------------------- the matrix
# One line per case: NAME TREE BASE FRAGMENT.
matrix() {
  local v b f
  for v in "${TREE_OPT[@]}"; do
    for b in "${BASES[@]}"; do
      for f in "${FRAGMENTS[@]}"; do echo "$v-$b-$f $v $b $f"; done
    done
  done
}

selected_cases() {
  local name rest pat keep
  while read -r name rest; do
    keep=1
    if ((${#FILTERS[@]})); then
      keep=0
      for pat in "${FILTERS[@]}"; do [[ $name == *"$pat"* ]] && keep=1; done
    fi
    ((keep)) && echo "$name $rest"
  done < <(matrix)
  return 0
}

# Stable across machines and runs: depends only on the base seed and the name.
case_seed() {
  echo $((16#$(printf '%s:%s' "$SEED" "$1" | sha256sum | cut -c1-8)))
}

arch_of() { if [[ $1 == arm64-defconfig ]]; then echo arm64; fi; }
srcarch_of() { [[ $1 == arm64-defconfig ]] && echo arm64 || echo x86; }

write_base() { # BASE TREE_V OUTFILE
  local b=$1 v=$2 out=$3 dir
  dir=$(tree_dir "$v")
  case $b in
    debian-amd64) xz -dc "$(config_dir "$v")/config.amd64_none_amd64.xz" >"$out" ;;
    debian-cloud) xz -dc "$(config_dir "$v")/config.amd64_none_cloud-amd64.xz" >"$out" ;;
    cachyos) cp -- "$SHARED/configs/cachyos-server-${CACHYOS[$v]}.config" "$out" ;;
    x86_64-defconfig) cp -- "$dir/arch/x86/configs/x86_64_defconfig" "$out" ;;
    arm64-defconfig) cp -- "$dir/arch/arm64/configs/defconfig" "$out" ;;
    empty) : >"$out" ;;
    *) return 1 ;;
  esac
}

write_fragment() { # FRAGMENT TREE_V BASE SEED OUTFILE
  local f=$1 v=$2 b=$3 seed=$4 out=$5
  case $f in
    validator) cp -- "$SHARED/fragments/validator-builtins.config" "$out" ;;
    rand[0-9]) python3 "$HELPERS/random_fragment.py" --tree "$(tree_dir "$v")" \
                 --srcarch "$(srcarch_of "$b")" --seed "$seed" --lines 40 \
                 --symbols-from "$SYMBOLS_DIR/$v-$(srcarch_of "$b")" -o "$out" ;;
    *) return 1 ;;
  esac
}

# ---------------------------------------------------------------- per-case setup
# Shared by every pass. Leaves in CASE_DIR: base.config, fragment.config (if
# any), case.env. Sets CASE_* variables for the passes. merged.config (the
# tree's merge_config.sh -m result: conf's input) comes from ensure_merged,
# called by whatever needs it: merge_config.sh takes ~1 s on a distribution
# config, more than a cached case costs otherwise.
setup_case() {
  CASE_NAME=$1 CASE_TREE_V=$2 CASE_BASE=$3 CASE_FRAG=$4
  CASE_DIR=$OUT/$CASE_NAME
  CASE_TREE=$(tree_dir "$CASE_TREE_V")
  CASE_ARCH=$(arch_of "$CASE_BASE")
  CASE_SEED=
  [[ $CASE_FRAG == rand* ]] && CASE_SEED=$(case_seed "$CASE_NAME")
  CASE_FRAG_FILE=
  [[ $CASE_FRAG != none ]] && CASE_FRAG_FILE=$CASE_DIR/fragment.config

  rm -rf "$CASE_DIR"
  mkdir -p "$CASE_DIR"
  write_base "$CASE_BASE" "$CASE_TREE_V" "$CASE_DIR/base.config" || return 1
  if [[ -n $CASE_FRAG_FILE ]]; then
    write_fragment "$CASE_FRAG" "$CASE_TREE_V" "$CASE_BASE" "$CASE_SEED" "$CASE_FRAG_FILE" || return 1
  fi
  cat >"$CASE_DIR/case.env" <<EOF
name=$CASE_NAME
tree=$CASE_TREE
arch=${CASE_ARCH:-default (x86_64 host)}
base=$CASE_BASE
fragment=$CASE_FRAG
seed=${CASE_SEED:-none} (base seed $SEED)
EOF
}

ensure_merged() {
  local tmp
  [[ -f $CASE_DIR/merged.config ]] && return 0
  if [[ -z $CASE_FRAG_FILE ]]; then
    cp -- "$CASE_DIR/base.config" "$CASE_DIR/merged.config"
    return
  fi
  tmp=$(mktemp -d "$CASE_DIR/.merge.XXXXXX")
  # merge_config.sh makes its temp files in the current directory.
  (cd "$tmp" && clean_env bash "$CASE_TREE/scripts/kconfig/merge_config.sh" -m -O "$tmp" \
    "$CASE_DIR/base.config" "$CASE_FRAG_FILE") >"$CASE_DIR/merge.log" 2>&1 || return 1
  mv -- "$tmp/.config" "$CASE_DIR/merged.config"
  rm -rf "$tmp"
}

# `record STATUS DETAIL` from a pass: one line in CASE_DIR/results.
record() {
  printf '%s\t%s\t%s\n' "$1" "$CURRENT_PASS" "$2" >>"$CASE_DIR/results"
}

# ---------------------------------------------------------------- the kernel side
oracle_key() {
  {
    echo "oracle-recipe $ORACLE_RECIPE"
    echo "tree $CASE_TREE_V ${TREE_FP[$CASE_TREE_V]}"
    echo "toolchain $TOOLCHAIN_FP"
    echo "base $(sha256sum <"$CASE_DIR/base.config" | cut -c1-64)"
    if [[ -n $CASE_FRAG_FILE ]]; then
      echo "fragment $(sha256sum <"$CASE_FRAG_FILE" | cut -c1-64)"
    else
      echo "fragment none"
    fi
    echo "arch ${CASE_ARCH:-default}"
  } | sha256sum | cut -c1-64
}

# The kernel's `make olddefconfig` on merged.config -> CASE_DIR/kernel.config.
oracle_olddefconfig() {
  local key entry work
  key=$(oracle_key) entry=$CACHE_DIR/olddefconfig/$key
  echo "$key" >"$CASE_DIR/kernel.cache-key"
  write_replay "$CASE_DIR/replay-kernel.sh" \
    "cp -- $(printf %q "$CASE_DIR/merged.config") $(printf %q "$CASE_DIR/replay-kernel.config")" -- \
    make -s -C "$CASE_TREE" KCONFIG_CONFIG="$CASE_DIR/replay-kernel.config" \
    ${CASE_ARCH:+ARCH="$CASE_ARCH"} olddefconfig
  if ((USE_CACHE)) && [[ -f $entry/kernel.config ]]; then
    cp -- "$entry/kernel.config" "$CASE_DIR/kernel.config"
    cp -- "$entry/kernel.log" "$CASE_DIR/kernel.log"
    return 0
  fi
  ensure_merged || return 1
  work=$(mktemp -d "$CASE_DIR/.kernel.XXXXXX")
  cp -- "$CASE_DIR/merged.config" "$work/.config"
  clean_env make -s -C "$CASE_TREE" KCONFIG_CONFIG="$work/.config" \
    ${CASE_ARCH:+ARCH="$CASE_ARCH"} olddefconfig >"$CASE_DIR/kernel.log" 2>&1 || return 1
  mv -- "$work/.config" "$CASE_DIR/kernel.config"
  rm -rf "$work"
  cache_store "$entry"
}

cache_store() {
  local entry=$1 tmp
  mkdir -p "$CACHE_DIR/olddefconfig"
  tmp=$(mktemp -d "$CACHE_DIR/olddefconfig/.new.XXXXXX")
  cp -- "$CASE_DIR/kernel.config" "$CASE_DIR/kernel.log" "$CASE_DIR/case.env" "$tmp/"
  rm -rf "$entry"
  mv -T -- "$tmp" "$entry" 2>/dev/null || rm -rf "$tmp"
}

# A script that reruns one side of a case by hand, in the same clean
# environment: write_replay FILE FIRST_LINE ENV_ASSIGNMENTS -- COMMAND...
# (FIRST_LINE is a shell line run before the command; may be empty).
write_replay() {
  local file=$1 first=$2 line word
  shift 2
  line="env -i PATH=$CLEAN_PATH HOME=$(printf %q "$CLEAN_HOME")"
  while (($#)) && [[ $1 != -- ]]; do line+=" $(printf %q "$1")"; shift; done
  shift
  for word in "$@"; do line+=" $(printf %q "$word")"; done
  {
    echo '#!/usr/bin/env bash'
    echo "# Replays one side of conformance case $CASE_NAME (see case.env)."
    echo 'set -euo pipefail'
    [[ -z $first ]] || echo "$first"
    echo "$line"
  } >"$file"
  chmod +x "$file"
}

# ---------------------------------------------------------------- the ksolve side
ksolve_env() {
  echo "KSOLVE_CACHE_DIR=$PROBE_CACHE"
  echo "RUST_BACKTRACE=1"
  local e
  for e in "${KSOLVE_EXTRA_ENV[@]}"; do echo "$e"; done
}

run_ksolve_olddefconfig() {
  local -a cmd env_words
  mapfile -t env_words < <(ksolve_env)
  cmd=("$KSOLVE" --tree "$CASE_TREE" ${CASE_ARCH:+--arch "$CASE_ARCH"}
       --config "$CASE_DIR/base.config" olddefconfig ${CASE_FRAG_FILE:+"$CASE_FRAG_FILE"}
       -o "$CASE_DIR/ksolve.config")
  write_replay "$CASE_DIR/replay-ksolve.sh" "" "${env_words[@]}" -- "${cmd[@]}"
  local rc=0
  timeout "$CASE_TIMEOUT" env -i PATH="$CLEAN_PATH" HOME="$CLEAN_HOME" "${env_words[@]}" \
    "${cmd[@]}" >"$CASE_DIR/ksolve.stdout" 2>"$CASE_DIR/ksolve.stderr" || rc=$?
  return "$rc"
}

# ---------------------------------------------------------------- passes
pass_olddefconfig() {
  local rc=0
  if ! oracle_olddefconfig; then
    record ERROR "kernel olddefconfig failed: $(tail -n1 "$CASE_DIR/kernel.log" 2>/dev/null)"
    return
  fi
  run_ksolve_olddefconfig || rc=$?
  if ((rc == 124)); then
    record ERROR "ksolve timed out after ${CASE_TIMEOUT}s"; return
  elif ((rc == 0)) && [[ ! -f $CASE_DIR/ksolve.config ]]; then
    record ERROR "ksolve exit 0 but wrote no ksolve.config"
    ensure_merged || true
    return
  elif ((rc != 0)); then
    record ERROR "ksolve exit $rc: $(grep -m1 . "$CASE_DIR/ksolve.stderr" | cut -c1-120)"
    ensure_merged || true
    [[ -f $CASE_DIR/ksolve.config ]] && compare_configs >/dev/null
    return
  fi
  if cmp -s "$CASE_DIR/kernel.config" "$CASE_DIR/ksolve.config"; then
    record ok ""
    return
  fi
  ensure_merged || true
  record DIFF "$(compare_configs)"
}

# `ksolve check` on cases with a fragment: the requests it reports as lost
# (not ok/redundant) must be the ones whose value in kernel.config differs
# from the request, and its exit status must say so (scripts/conformance/
# checkcmp.py; unknown symbols are compared with the tree's symbol list).
# Writes check.json, check.exit, check.stderr, check.result.
pass_check() {
  [[ -n $CASE_FRAG_FILE ]] || return 0
  if [[ ! -f $CASE_DIR/kernel.config ]]; then
    record ERROR "no kernel.config (olddefconfig pass failed)"; return
  fi
  local -a cmd env_words
  local rc=0 symbols
  mapfile -t env_words < <(ksolve_env)
  cmd=("$KSOLVE" --tree "$CASE_TREE" ${CASE_ARCH:+--arch "$CASE_ARCH"} --format json
       --config "$CASE_DIR/base.config" check "$CASE_FRAG_FILE")
  write_replay "$CASE_DIR/replay-check.sh" "" "${env_words[@]}" -- "${cmd[@]}"
  timeout "$CASE_TIMEOUT" env -i PATH="$CLEAN_PATH" HOME="$CLEAN_HOME" "${env_words[@]}" \
    "${cmd[@]}" >"$CASE_DIR/check.json" 2>"$CASE_DIR/check.stderr" || rc=$?
  echo "$rc" >"$CASE_DIR/check.exit"
  if ((rc != 0 && rc != 1)); then
    record ERROR "ksolve check exit $rc: $(grep -m1 . "$CASE_DIR/check.stderr" | cut -c1-120)"; return
  fi
  symbols=$SYMBOLS_DIR/$CASE_TREE_V-$(srcarch_of "$CASE_BASE")
  if python3 "$HELPERS/checkcmp.py" "$CASE_FRAG_FILE" "$CASE_DIR/kernel.config" "$CASE_DIR/check.json" \
      "$rc" "$symbols" >"$CASE_DIR/check.result" 2>&1; then
    record ok "$(cat "$CASE_DIR/check.result")"
  else
    record DIFF "$(head -c 300 "$CASE_DIR/check.result")"
  fi
}

# Writes olddefconfig.diff (text) and olddefconfig.symdiff (per symbol);
# prints a one-line summary.
compare_configs() {
  local lines summary
  (cd "$CASE_DIR" && diff -u kernel.config ksolve.config >olddefconfig.diff) || true
  lines=$(tail -n +3 "$CASE_DIR/olddefconfig.diff" | grep -c '^[-+]' || true)
  python3 "$HELPERS/cfgdiff.py" "$CASE_DIR/kernel.config" "$CASE_DIR/ksolve.config" \
    >"$CASE_DIR/olddefconfig.symdiff" || true
  summary=$(tail -n1 "$CASE_DIR/olddefconfig.symdiff" | sed 's/^# //; s/left/kernel/; s/right/ksolve/')
  echo "$lines lines differ; symbols: $summary"
}

# ---------------------------------------------------------------- driver
run_case() { # NAME TREE_V BASE FRAGMENT
  local status pass detail
  if setup_case "$@"; then
    for pass in "${PASSES[@]}"; do
      CURRENT_PASS=$pass
      "pass_$pass"
    done
  else
    mkdir -p "$CASE_DIR"
    CURRENT_PASS=setup
    record ERROR "case setup failed (see $OUT/.harness/$1.log)"
  fi
  while IFS=$'\t' read -r status pass detail; do
    printf '%-5s %-36s %-12s %s%s\n' "$status" "$1" "$pass" \
      "${CASE_SEED:+seed=$CASE_SEED }" "$detail"
  done <"$CASE_DIR/results"
}

# Runs the selected cases, JOBS at a time; prints the summary; returns 0 iff
# every pass of every case is ok.
run_matrix() {
  local -a cases=("$@")
  local running=0 line name
  mkdir -p "$OUT/.harness"
  PROBE_CACHE=$OUT/.ksolve-probe-cache
  rm -rf "$PROBE_CACHE"
  mkdir -p "$PROBE_CACHE"
  for line in "${cases[@]}"; do
    read -r -a words <<<"$line"
    run_case "${words[@]}" 2>"$OUT/.harness/${words[0]}.log" &
    running=$((running + 1))
    if ((running >= JOBS)); then wait -n || true; running=$((running - 1)); fi
  done
  wait
  summarize "${cases[@]}"
}

summarize() {
  local line name pass total=0 same=0 status rest
  local -a bad=()
  for line in "$@"; do
    name=${line%% *}
    if [[ ! -s $OUT/$name/results ]]; then
      printf 'ERROR %-36s harness failed: %s\n' "$name" "$(tail -n1 "$OUT/.harness/$name.log" 2>/dev/null)"
      total=$((total + 1)); bad+=("$name"); continue
    fi
    while IFS=$'\t' read -r status pass rest; do
      total=$((total + 1))
      if [[ $status == ok ]]; then same=$((same + 1)); else bad+=("$name ($pass: $status)"); fi
    done <"$OUT/$name/results"
  done
  echo
  if ((${#bad[@]})); then
    echo "not identical (inputs, outputs, diffs and replay-*.sh in $OUT/CASE/):"
    printf '  %s\n' "${bad[@]}"
  fi
  echo "$same/$total identical"
  local p n m
  for p in "${PASSES[@]}"; do
    [[ $p == olddefconfig ]] && continue
    n=0 m=0
    for line in "$@"; do
      name=${line%% *}
      [[ -s $OUT/$name/results ]] || continue
      m=$((m + $(grep -c -P "^[^\t]+\t$p\t" "$OUT/$name/results" || true)))
      n=$((n + $(grep -c -P "^ok\t$p\t" "$OUT/$name/results" || true)))
    done
    ((m)) && echo "$p: $n/$m agree"
  done
  ((same == total))
}

prepare() {
  ensure_packages "${TREE_OPT[@]}"
  local v
  for v in "${TREE_OPT[@]}"; do ensure_tree "$v"; done
  [[ -d $SHARED/configs && -d $SHARED/fragments ]] || die "shared/ not found at $SHARED (set KSOLVE_SHARED)"
  declare -gA TREE_FP=()
  for v in "${TREE_OPT[@]}"; do
    warm_tree "$v"
    TREE_FP[$v]=$(tree_fingerprint "$v")
  done
  TOOLCHAIN_FP=$(toolchain_fingerprint)
  SYMBOLS_DIR=$OUT/.symbols
  mkdir -p "$SYMBOLS_DIR"
  local srcarch
  for v in "${TREE_OPT[@]}"; do
    for srcarch in x86 arm64; do
      python3 "$HELPERS/random_fragment.py" --tree "$(tree_dir "$v")" --srcarch "$srcarch" \
        --list-symbols -o "$SYMBOLS_DIR/$v-$srcarch"
    done
  done
}

find_ksolve() {
  if [[ -n ${KSOLVE_BIN:-} ]]; then
    KSOLVE=$(realpath -- "$(command -v "$KSOLVE_BIN" || echo "$KSOLVE_BIN")")
  else
    echo "conformance: cargo build --release --locked" >&2
    (cd "$ROOT" && cargo build --release --locked --quiet) || die "cargo build failed"
    KSOLVE=$ROOT/target/release/ksolve
  fi
  [[ -x $KSOLVE ]] || die "no ksolve binary at $KSOLVE"
}

# ---------------------------------------------------------------- self-test
# The harness checked against itself: a stand-in ksolve that is the kernel
# (all identical), the same stand-in perturbing one line (all DIFF, 2 lines),
# and one failing outright (ERROR).
self_test() {
  local -a cases=("$@")
  local base_out=$OUT ok=1
  KSOLVE=$HELPERS/fake-ksolve.sh
  echo "== self-test 1/3: stand-in = kernel's own olddefconfig; expect ${#cases[@]}/${#cases[@]}"
  OUT=$base_out/self-test/faithful
  run_matrix "${cases[@]}" || ok=0
  local -a sample=() i
  for i in 0 1 2 3; do sample+=("${cases[i * ${#cases[@]} / 4]}"); done
  mapfile -t sample < <(printf '%s\n' "${sample[@]}" | awk '!seen[$0]++')
  echo "== self-test 2/3: stand-in flips one =y line; expect DIFF on ${#sample[@]} cases"
  OUT=$base_out/self-test/perturbed
  KSOLVE_EXTRA_ENV=(KSOLVE_FAKE_PERTURB=1)
  run_matrix "${sample[@]}" && ok=0
  expect_all DIFF "2 lines differ" "${sample[@]}" || ok=0
  echo "== self-test 3/3: stand-in that fails; expect ERROR"
  OUT=$base_out/self-test/failing
  KSOLVE_EXTRA_ENV=()
  KSOLVE=/bin/false
  run_matrix "${cases[@]:0:1}" && ok=0
  expect_all ERROR "ksolve exit 1" "${cases[@]:0:1}" || ok=0
  OUT=$base_out
  if ((ok)); then echo "self-test passed"; else echo "self-test FAILED"; return 1; fi
}

expect_all() { # STATUS DETAIL-PREFIX CASE...
  local want=$1 detail=$2 line status pass rest
  shift 2
  for line in "$@"; do
    IFS=$'\t' read -r status pass rest <"$OUT/${line%% *}/results" || return 1
    [[ $status == "$want" && $rest == "$detail"* ]] || {
      echo "self-test: ${line%% *}: got '$status $rest', want '$want $detail...'"; return 1; }
  done
}

main() {
  parse_args "$@"
  local -a cases
  mapfile -t cases < <(selected_cases)
  if [[ $MODE == list ]]; then printf '%s\n' "${cases[@]%% *}"; return 0; fi
  ((${#cases[@]})) || die "no case matches the filters"
  prepare
  [[ $MODE == install ]] && return 0
  local start=$SECONDS rc=0
  echo "conformance: ${#cases[@]} cases, -j $JOBS, seed $SEED, cache $([[ $USE_CACHE == 1 ]] && echo "$CACHE_DIR" || echo off), out $OUT"
  if [[ $MODE == self-test ]]; then
    self_test "${cases[@]}" || rc=1
  else
    find_ksolve
    echo "conformance: ksolve = $KSOLVE"
    run_matrix "${cases[@]}" || rc=1
  fi
  echo "conformance: $((SECONDS - start))s"
  return "$rc"
}

main "$@"
