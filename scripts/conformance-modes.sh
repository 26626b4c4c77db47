#!/usr/bin/env bash
# Conformance of conf's batch modes: `ksolve MODE` must write what the
# kernel's `make MODE` writes, byte for byte.
#
# Matrix: trees {6.1, 6.12, 7.3} (5.10, 7.2 with --tree) x arches {x86, arm64,
# riscv, powerpc} x cases:
#   allnoconfig allyesconfig allmodconfig alldefconfig
#   allno-frag   allnoconfig, KCONFIG_ALLCONFIG=scripts/conformance/allno-fragment.config
#   allno-tiny   allnoconfig, KCONFIG_ALLCONFIG=kernel/configs/tiny-base.config (tinyconfig's first step)
#   defconfig    the arch's KBUILD_DEFCONFIG (powerpc: ppc64_defconfig; ppc64le_defconfig
#                is a make target that merges fragments, not a file)
#   savedefconfig  of the kernel's defconfig result
#   roundtrip    ksolve defconfig of ksolve's savedefconfig gives the kernel's defconfig .config
#   listnewconfig  the arch's defconfig file used as a .config (stdout compared)
#   helpnewconfig  the same, conf --helpnewconfig (help text and symbol info)
#   listnewconfig-carried, helpnewconfig-carried
#                x86 only: the previous Debian release's amd64 config carried
#                forward (5.10's on 6.1, 6.1's on 6.12, 6.12's on 7.3)
#   randconfig   x86 only: seeds 1..SEEDS x KCONFIG_PROBABILITY {unset, 10}
#
# The oracle is scripts/kconfig/conf run exactly as make runs it: the
# environment and argv make gives conf are captured once per tree and arch
# (strace of `make olddefconfig`, scripts/conformance/benchtool.py conf-env),
# then conf runs with them and the mode's option, in the tree, with
# KCONFIG_CONFIG in a temporary directory (`make MODE` runs the very same
# command; savedefconfig needs this to write its output outside the tree).
# Kernel outputs are cached under KSOLVE_CONF_CACHE/modes, keyed by the tree's
# Kconfig files, conf's sources, the toolchain, the arch, the mode, its
# environment and the contents of its input files.
#
# Cost: 234 cases, 258 comparisons. Uncached, the kernel side is ~10.5 min of
# CPU (user): ~9.5 min for the 216 cases before helpnewconfig and the
# -carried ones (measured 54 min wall on 2 cores at load ~18, shared with
# other jobs), and 46 s user + 11 s sys for those 18 (72 s wall on 2 cores
# at load ~2, ksolve's side replaced by /bin/false); cached, the whole run
# took 55 s before them, and their 18 cases take ~8 s with ksolve.
#
# Environment as scripts/conformance.sh: KSOLVE_BIN (default: cargo build
# --release), KSOLVE_TREES, KSOLVE_CONF_CACHE, KSOLVE_CONFORMANCE_OUT.
# Prints N/M identical per mode and tree; exit 0 only when all are.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/conformance-modes.sh [options]
  --tree V        only this tree (repeatable; default: 6.1 6.12 7.3)
  --arch A        only this arch (repeatable; default: x86 arm64 riscv powerpc)
  --filter S      only cases whose name contains S (repeatable: any)
  --seeds N       randconfig seeds per probability (default 20)
  -j N            cases in parallel (default: nproc)
  --no-cache      rerun the kernel instead of using cached outputs
  --list          print the case names and exit
Per-case files: ${KSOLVE_CONFORMANCE_OUT:-target/conformance-modes}/CASE/
USAGE
}

# shellcheck source=scripts/lib-ksolve.sh
source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
CACHE_DIR=$ORACLE_CACHE/modes
OUT=$(conformance_out target/conformance-modes)
# Bump when the oracle recipe changes: it invalidates every cached result.
ORACLE_RECIPE=1

TREES=() ARCHES=() FILTERS=() SEEDS=20 JOBS=$(nproc) USE_CACHE=1 MODE=run
PROBS=(default 10)

parse_args() {
  while (($#)); do
    case $1 in
      --tree) TREES+=("${2:?}"); shift 2 ;;
      --arch) ARCHES+=("${2:?}"); shift 2 ;;
      --filter) FILTERS+=("${2:?}"); shift 2 ;;
      --seeds) [[ ${2:-} =~ ^[0-9]+$ ]] || die "--seeds needs a number"; SEEDS=$2; shift 2 ;;
      -j) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "-j needs a positive number"; JOBS=$2; shift 2 ;;
      --no-cache) USE_CACHE=0; PASS_ARGS+=(--no-cache); shift ;;
      --list) MODE=list; shift ;;
      --run-case) MODE=case; CASE_LINE=${2:?}; shift 2 ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; die "unknown argument: $1" ;;
    esac
  done
  ((${#TREES[@]})) || TREES=(6.1 6.12 7.3)
  ((${#ARCHES[@]})) || ARCHES=(x86 arm64 riscv powerpc)
  for t in "${TREES[@]}"; do
    [[ -f $TREES_DIR/linux-source-$t/Kconfig ]] || die "no tree $TREES_DIR/linux-source-$t"
  done
}

# What conf's answer depends on besides the case: the tree's Kconfig files,
# its Makefiles' variables, conf's sources, and the toolchain its probes find.
tree_fingerprint() {
  kconfig_fingerprint "$1" --arch-makefiles
  toolchain_fingerprint gcc cc ld as pahole rustc bindgen clang perl python3
}

# ---------------------------------------------------------------- the matrix
# One line per case: NAME TREE ARCH KIND [ARG].
matrix() {
  local v a k s p from
  for v in "${TREES[@]}"; do
    for a in "${ARCHES[@]}"; do
      for k in allnoconfig allyesconfig allmodconfig alldefconfig allno-frag allno-tiny \
               defconfig listnewconfig helpnewconfig; do
        echo "$v-$a-$k $v $a $k"
      done
      [[ $a == x86 ]] || continue
      from=$(carried_from "$v")
      if [[ -n $from ]]; then
        for k in listnewconfig helpnewconfig; do echo "$v-$a-$k-carried $v $a $k-carried $from"; done
      fi
      for p in "${PROBS[@]}"; do
        for ((s = 1; s <= SEEDS; s++)); do echo "$v-$a-rand-p$p-s$s $v $a randconfig $p:$s"; done
      done
    done
  done
}

selected() {
  local name rest f
  while read -r name rest; do
    if ((${#FILTERS[@]})); then
      for f in "${FILTERS[@]}"; do if [[ $name == *"$f"* ]]; then echo "$name $rest"; break; fi; done
    else
      echo "$name $rest"
    fi
  done
}

# ---------------------------------------------------------------- the oracle
# The environment and argv make gives conf for TREE and ARCH, captured once.
conf_env() {
  local v=$1 a=$2 key dir tmp
  key=$(printf '%s\n' "$ORACLE_RECIPE" env "$(cat "$OUT/.fp-$v")" "$a" | sha)
  dir=$CACHE_DIR/env-$key
  if [[ ! -f $dir/argv ]]; then
    tmp=$(mktemp -d)
    with_tree_lock "$v" trace_conf "$tmp" "$tmp/.config" -C "$(tree_dir "$v")" ARCH="$a" \
      || { cat "$tmp/make.log" >&2; die "make olddefconfig failed ($v $a)"; }
    cache_put "$dir" "$tmp/env" "$tmp/argv"
    rm -rf "$tmp"
  fi
  echo "$dir"
}

# run_conf DEST TREE ARCH OPTION CONFIG_IN [NAME=VALUE...]: conf OPTION with
# make's environment, KCONFIG_CONFIG a copy of CONFIG_IN (or none), the extra
# variables; DEST gets config, stdout, out (a savedefconfig) and rc. Cached.
run_conf() {
  local dest=$1 v=$2 a=$3 opt=$4 cin=$5; shift 5
  local envdir key cached tmp w words=() argv=()
  envdir=$(conf_env "$v" "$a")
  key=$( { printf '%s\n' "$ORACLE_RECIPE" conf "$(cat "$OUT/.fp-$v")" "$a" "$opt" "$@"
          if [[ -n $cin ]]; then cat "$cin"; fi
          for w in "$@"; do if [[ -f ${w#*=} ]]; then cat "${w#*=}"; fi; done
          if [[ $opt == --defconfig=* ]]; then cat "$(tree_dir "$v")/${opt#--defconfig=}"; fi
        } | sha)
  cached=$CACHE_DIR/$key
  if ((USE_CACHE)) && [[ -f $cached/rc ]]; then
    mkdir -p "$dest"; cp "$cached"/* "$dest"/; return 0
  fi
  tmp=$(mktemp -d)
  if [[ -n $cin ]]; then cp "$cin" "$tmp/.config"; fi
  mapfile -d '' words <"$envdir/env"
  words=("${words[@]/#KCONFIG_CONFIG=*/KCONFIG_CONFIG=$tmp/.config}")
  mapfile -t argv <"$envdir/argv"
  argv=("${argv[@]/#--olddefconfig/$opt}")
  argv=("${argv[@]/#--savedefconfig=defconfig/--savedefconfig=$tmp/out}")
  local rc=0
  (cd "$(tree_dir "$v")" && env -i "${words[@]}" "$@" "${argv[@]}") >"$tmp/stdout" 2>"$tmp/stderr" || rc=$?
  echo "$rc" >"$tmp/rc"
  if [[ -f $tmp/.config ]]; then mv "$tmp/.config" "$tmp/config"; fi
  local files=("$tmp"/rc "$tmp"/stdout "$tmp"/stderr)
  for w in config out; do if [[ -f $tmp/$w ]]; then files+=("$tmp/$w"); fi; done
  cache_put "$cached" "${files[@]}"
  mkdir -p "$dest"
  cp "${files[@]}" "$dest"/
  rm -rf "$tmp"
}

# ksolve_run TREE ARCH [NAME=VALUE...] -- ARGS...: ksolve in the clean environment.
ksolve_run() {
  local v=$1 a=$2; shift 2
  local vars=()
  while [[ $1 != -- ]]; do vars+=("$1"); shift; done
  shift
  clean_env "${vars[@]}" "$KSOLVE" -q --tree "$(tree_dir "$v")" --arch "$a" "$@"
}

# ---------------------------------------------------------------- one case
record() { echo "$1 $2 $3" >>"$CASE_DIR/result"; }

# compare MODE TREE EXPECTED GOT
compare() {
  if [[ -f $3 && -f $4 ]] && cmp -s "$3" "$4"; then
    record "$1" "$2" SAME
  else
    record "$1" "$2" DIFF
  fi
}

run_case() {
  local name v a kind arg
  read -r name v a kind arg <<<"$CASE_LINE"
  CASE_DIR=$OUT/$name
  rm -rf "$CASE_DIR"; mkdir -p "$CASE_DIR"
  local T k=$CASE_DIR/kernel
  T=$(tree_dir "$v")
  case $kind in
    all*config)
      run_conf "$k" "$v" "$a" "--$kind" ""
      ksolve_run "$v" "$a" -- "$kind" -o "$CASE_DIR/ksolve" 2>"$CASE_DIR/ksolve.err" || true
      compare "$kind" "$v" "$k/config" "$CASE_DIR/ksolve" ;;
    allno-frag|allno-tiny)
      local frag=$HELPERS/allno-fragment.config
      if [[ $kind == allno-tiny ]]; then frag=$T/kernel/configs/tiny-base.config; fi
      run_conf "$k" "$v" "$a" --allnoconfig "" KCONFIG_ALLCONFIG="$frag"
      ksolve_run "$v" "$a" KCONFIG_ALLCONFIG="$frag" -- allnoconfig -o "$CASE_DIR/ksolve" \
        2>"$CASE_DIR/ksolve.err" || true
      compare "$kind" "$v" "$k/config" "$CASE_DIR/ksolve" ;;
    defconfig) defconfig_family "$v" "$a" ;;
    listnewconfig|helpnewconfig)
      newconfig "$kind" "$kind" "$v" "$a" "$T/arch/$(srcarch "$a")/configs/$(arch_defconfig "$a")" ;;
    listnewconfig-carried|helpnewconfig-carried)
      xz -dc "$(debian_config "$arg" amd64)" >"$CASE_DIR/base.config"
      newconfig "${kind%-carried}" "$kind" "$v" "$a" "$CASE_DIR/base.config" ;;
    randconfig)
      local p=${arg%%:*} s=${arg#*:} vars=()
      vars=(KCONFIG_SEED="$s")
      if [[ $p != default ]]; then vars+=(KCONFIG_PROBABILITY="$p"); fi
      run_conf "$k" "$v" "$a" --randconfig "" "${vars[@]}"
      ksolve_run "$v" "$a" "${vars[@]}" -- randconfig -o "$CASE_DIR/ksolve" \
        >/dev/null 2>"$CASE_DIR/ksolve.err" || true
      compare "randconfig-p$p" "$v" "$k/config" "$CASE_DIR/ksolve" ;;
    *) die "unknown case kind $kind" ;;
  esac
}

# newconfig MODE LABEL TREE ARCH BASE: conf --MODE and ksolve MODE of the
# .config BASE (listnewconfig or helpnewconfig), stdout compared as LABEL.
newconfig() {
  local mode=$1 label=$2 v=$3 a=$4 base=$5 k=$CASE_DIR/kernel
  run_conf "$k" "$v" "$a" "--$mode" "$base"
  ksolve_run "$v" "$a" -- --config "$base" "$mode" >"$CASE_DIR/ksolve" \
    2>"$CASE_DIR/ksolve.err" || true
  compare "$label" "$v" "$k/stdout" "$CASE_DIR/ksolve"
}

# carried_from V: the tree whose Debian amd64 config the -carried cases
# give tree V (the Debian release before V's), or nothing.
carried_from() {
  case $1 in
    6.1) echo 5.10 ;;
    6.12) echo 6.1 ;;
    7.3) echo 6.12 ;;
  esac
}

srcarch() { case $1 in i386|x86_64) echo x86 ;; *) echo "$1" ;; esac; }

# The defconfig `make defconfig` reads on an x86_64 host (powerpc's default,
# ppc64le_defconfig, is a make target merging fragments: ppc64_defconfig instead).
arch_defconfig() {
  case $1 in
    x86) echo x86_64_defconfig ;;
    powerpc) echo ppc64_defconfig ;;
    *) echo defconfig ;;
  esac
}

# defconfig, then savedefconfig of the kernel's result, then the round trip.
defconfig_family() {
  local v=$1 a=$2 name rel k=$CASE_DIR/kernel s=$CASE_DIR/kernel-save
  name=$(arch_defconfig "$a")
  rel=arch/$(srcarch "$a")/configs/$name
  run_conf "$k" "$v" "$a" "--defconfig=$rel" ""
  local args=(defconfig)
  if [[ $a == powerpc ]]; then args+=("$name"); fi
  ksolve_run "$v" "$a" -- "${args[@]}" -o "$CASE_DIR/ksolve" 2>"$CASE_DIR/ksolve.err" || true
  compare defconfig "$v" "$k/config" "$CASE_DIR/ksolve"
  [[ -f $k/config ]] || { record savedefconfig "$v" DIFF; record roundtrip "$v" DIFF; return; }
  run_conf "$s" "$v" "$a" --savedefconfig=defconfig "$k/config"
  ksolve_run "$v" "$a" -- --config "$k/config" savedefconfig -o "$CASE_DIR/ksolve-save" \
    2>>"$CASE_DIR/ksolve.err" || true
  compare savedefconfig "$v" "$s/out" "$CASE_DIR/ksolve-save"
  ksolve_run "$v" "$a" -- defconfig "$CASE_DIR/ksolve-save" -o "$CASE_DIR/ksolve-roundtrip" \
    2>>"$CASE_DIR/ksolve.err" || true
  compare roundtrip "$v" "$k/config" "$CASE_DIR/ksolve-roundtrip"
}

# ---------------------------------------------------------------- main

summary() {
  local total=0 same=0 key
  declare -A n s
  while read -r mode v status; do
    key="$mode $v"
    n[$key]=$((${n[$key]:-0} + 1))
    total=$((total + 1))
    if [[ $status == SAME ]]; then
      s[$key]=$((${s[$key]:-0} + 1)); same=$((same + 1))
    fi
  done < <(cat "$OUT"/*/result 2>/dev/null)
  for key in $(printf '%s\n' "${!n[@]}" | tr ' ' '@' | LC_ALL=C sort); do
    key=${key/@/ }
    # shellcheck disable=SC2086 # KEY is two words: MODE TREE
    printf '%-22s %-5s %3d/%-3d identical\n' ${key} "${s[$key]:-0}" "${n[$key]}"
  done
  echo "total: $same/$total identical"
  ((same == total && total > 0))
}

main() {
  parse_args "$@"
  if [[ $MODE == case ]]; then run_case; exit 0; fi
  if [[ $MODE == list ]]; then matrix | selected | cut -d' ' -f1; exit 0; fi
  find_ksolve
  export KSOLVE OUT CACHE_DIR USE_CACHE
  mkdir -p "$OUT"
  local v
  for v in "${TREES[@]}"; do tree_fingerprint "$v" | sha >"$OUT/.fp-$v"; done
  local cases
  cases=$(matrix | selected)
  # Capture conf's environment serially first: it takes the tree's lock.
  local a
  for v in "${TREES[@]}"; do for a in "${ARCHES[@]}"; do conf_env "$v" "$a" >/dev/null; done; done
  rm -f "$OUT"/*/result
  echo "conformance-modes: $(wc -l <<<"$cases") cases, -j $JOBS" >&2
  printf '%s\n' "$cases" | xargs -d '\n' -P "$JOBS" -I{} "$SELF" --run-case "{}" "${PASS_ARGS[@]}" \
    || echo "conformance-modes: some case failed to run" >&2
  summary
}

PASS_ARGS=()
main "$@"
