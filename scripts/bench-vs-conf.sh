#!/usr/bin/env bash
# Times the kernel's olddefconfig and ksolve's on the same inputs, in one run:
# Debian's amd64 config on the 6.12 and 6.1 trees (or any tree conformance.sh
# knows: --tree 7.3 takes 7.3's config from the private apt list's unpack).
#
#   (a) make olddefconfig        what a user runs: make + conf + ~107 $(shell)
#                                probes (conf already built)
#   (b) conf --olddefconfig      conf run directly with exactly the environment
#                                make gives it (captured with strace), probes included
#   (c) conf own CPU             conf's own CPU time, children excluded
#                                (perf stat --no-inherit -e task-clock): lexing,
#                                parsing, macro expansion, evaluation, writing,
#                                and forking the probes, but not the probes' work
#   (d) ksolve cold              KSOLVE_CACHE_DIR empty: ksolve runs its probes
#   (e) ksolve warm              second run, probe cache filled
#
# Why (c) is fair: conf spends most of its wall time waiting for gcc/ld
# probes, which a warm ksolve replays from its cache. Subtracting children
# with a CPU counter measures what conf itself costs without changing its
# input or output; a stub compiler would change the probe answers (and so the
# configuration evaluated) and still pay a fork+exec per probe. It is CPU time
# rather than wall time; conf is single-threaded, so the two agree when conf
# is not waiting. Compare (e) with (c).
#
# Peak RSS is VmHWM of the process itself (benchtool.py peak-rss), so conf's
# figure is not cc1's; ksolve's is given warm and cold. Timing uses
# hyperfine (installed if missing) with a warmup run, else a date +%s%N loop.
#
# usage: scripts/bench-vs-conf.sh [--tree 5.10|6.1|6.12|7.2|7.3]... [--runs N] [--config FILE] [--mode MODE]
# --mode times another of conf's modes the same way (default olddefconfig):
# allnoconfig allyesconfig allmodconfig alldefconfig randconfig (KCONFIG_SEED=1)
# defconfig (x86_64_defconfig) savedefconfig listnewconfig helpnewconfig (of
# the base; stdout compared).
# For savedefconfig, (a) is not run: make would write defconfig into the tree.
# KSOLVE_BIN as in conformance.sh (default: cargo build --release).
set -euo pipefail

# shellcheck source=scripts/lib-ksolve.sh
source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
TREES=() RUNS=10 BASE_OVERRIDE='' MODE=olddefconfig

while (($#)); do
  case $1 in
    --tree) TREES+=("${2:?}"); shift 2 ;;
    --runs) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--runs needs a number"; RUNS=$2; shift 2 ;;
    --config) BASE_OVERRIDE=$(realpath -- "${2:?}"); shift 2 ;;
    --mode) MODE=${2:?}; shift 2 ;;
    -h|--help) usage_from_header; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
((${#TREES[@]})) || TREES=(6.12 6.1)
case $MODE in
  olddefconfig|allnoconfig|allyesconfig|allmodconfig|alldefconfig|randconfig) ;;
  listnewconfig|helpnewconfig) ;;
  defconfig|savedefconfig) ;;
  *) die "unknown --mode $MODE" ;;
esac
# The variables conf and ksolve both see for the mode.
MODE_ENV=()
[[ $MODE == randconfig ]] && MODE_ENV=(KCONFIG_SEED=1)

# conf's option for the mode (make's argv has --olddefconfig in its place).
conf_option() {
  case $MODE in
    defconfig) echo "--defconfig=arch/x86/configs/x86_64_defconfig" ;;
    savedefconfig) echo "--savedefconfig=$WORK/conf.defconfig" ;;
    *) echo "--$MODE" ;;
  esac
}

# ksolve's arguments for the mode.
ksolve_args() {
  case $MODE in
    olddefconfig|savedefconfig) echo "--config $(q "$WORK/base.config") $MODE -o $(q "$WORK/ksolve.config")" ;;
    listnewconfig|helpnewconfig) echo "--config $(q "$WORK/base.config") $MODE" ;;
    *) echo "$MODE -o $(q "$WORK/ksolve.config")" ;;
  esac
}

install_tools() {
  local need=()
  command -v hyperfine >/dev/null || need+=(hyperfine)
  [[ -x /usr/bin/time ]] || need+=(time)
  command -v strace >/dev/null || need+=(strace)
  command -v perf >/dev/null || need+=(linux-perf)
  ((${#need[@]})) || return 0
  log "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || log "could not install all of ${need[*]}; falling back where possible"
}

# measure LABEL PREPARE_SCRIPT COMMAND_SCRIPT -> sets MEAN SD (ms)
measure() {
  local label=$1 prepare=$2 cmd=$3 json=$WORK/$1.json i t0 t1
  if command -v hyperfine >/dev/null; then
    hyperfine -N --style none --warmup 1 --runs "$RUNS" --prepare "$prepare" \
      --export-json "$json" "$cmd" >/dev/null
    read -r MEAN SD _ _ < <(python3 "$HELPERS/benchtool.py" stats "$json")
  else
    "$prepare"; "$cmd" # warmup
    local -a times=()
    for ((i = 0; i < RUNS; i++)); do
      "$prepare"
      t0=$(date +%s%N); "$cmd"; t1=$(date +%s%N)
      times+=($(((t1 - t0) / 1000)))
    done
    read -r MEAN SD < <(printf '%s\n' "${times[@]}" | awk '{s+=$1; q+=$1*$1; n++}
      END {m=s/n; v=q/n-m*m; printf "%.1f %.1f\n", m/1000, (v>0?sqrt(v):0)/1000}')
  fi
  echo "  $label: ${MEAN} ms ± ${SD}" >&2
}

# script NAME LINE... -> WORK/NAME, executable
script() {
  local f=$WORK/$1; shift
  { echo '#!/bin/bash'; printf '%s\n' "$@"; } >"$f"
  chmod +x "$f"
  echo "$f"
}

q() { printf '%q' "$1"; }

# Captures conf's argv and environment from a traced `make olddefconfig`.
capture_conf() {
  cp "$WORK/base.config" "$WORK/make.config"
  trace_conf "$WORK" "$WORK/make.config" -C "$TREE"
  mapfile -t CONF_ARGV <"$WORK/argv"
  local -a env_words
  mapfile -d '' env_words <"$WORK/env"
  env_words=("${env_words[@]/#KCONFIG_CONFIG=*/KCONFIG_CONFIG=$WORK/conf.config}")
  env_words+=("${MODE_ENV[@]}")
  CONF_ARGV=("${CONF_ARGV[@]/#--olddefconfig/$(conf_option)}")
  CONF_CMD="cd $(q "$TREE") && exec env -i"
  local w
  for w in "${env_words[@]}"; do CONF_CMD+=" $(q "$w")"; done
  CONF_CMD+=" ${CONF_ARGV[*]}"
  echo "  conf is run by make as: (cd $TREE && ${CONF_ARGV[*]}) with ${#env_words[@]} variables" >&2
}

# conf's own CPU time (children excluded), mean over RUNS, in ms.
conf_own_cpu() {
  local i total=0 all=0 v
  for ((i = 0; i < RUNS; i++)); do
    cp "$WORK/base.config" "$WORK/conf.config"
    v=$(bash -c "cd $(q "$TREE") && perf stat --no-inherit -x, -e task-clock -- ${CONF_CMD#*&& exec }" 2>&1 >/dev/null \
      | awk -F, '/task-clock/ {print $1}')
    total=$(awk -v a="$total" -v b="$v" 'BEGIN {print a + b}')
    cp "$WORK/base.config" "$WORK/conf.config"
    v=$(bash -c "cd $(q "$TREE") && perf stat -x, -e task-clock -- ${CONF_CMD#*&& exec }" 2>&1 >/dev/null \
      | awk -F, '/task-clock/ {print $1}')
    all=$(awk -v a="$all" -v b="$v" 'BEGIN {print a + b}')
  done
  OWN_CPU=$(awk -v t="$total" -v n="$RUNS" 'BEGIN {printf "%.1f", t / n}')
  ALL_CPU=$(awk -v t="$all" -v n="$RUNS" 'BEGIN {printf "%.1f", t / n}')
}

bench_tree() {
  local v=$1
  TREE=$(tree_dir "$v")
  WORK=$(mktemp -d)
  echo "== $v: $TREE" >&2
  if [[ -n $BASE_OVERRIDE ]]; then cp "$BASE_OVERRIDE" "$WORK/base.config"
  else xz -dc "$(debian_config "$v" amd64)" >"$WORK/base.config"
  fi
  capture_conf

  local clean
  clean="env -i PATH=$CLEAN_PATH HOME=$(q "$CLEAN_HOME")"
  local prep_make prep_conf run_make run_conf
  prep_make=$(script prep-make "cp $(q "$WORK/base.config") $(q "$WORK/make.config")")
  run_make=$(script run-make "exec $clean ${MODE_ENV[*]} make -s -C $(q "$TREE") KCONFIG_CONFIG=$(q "$WORK/make.config") $MODE >/dev/null")
  prep_conf=$(script prep-conf "cp $(q "$WORK/base.config") $(q "$WORK/conf.config")")
  run_conf=$(script run-conf "$CONF_CMD >$(q "$WORK/conf.stdout")")

  if [[ $MODE == savedefconfig ]]; then R[$v,a]="n/a -"
  else measure "(a) make $MODE" "$prep_make" "$run_make"; R[$v,a]="$MEAN $SD"; fi
  measure "(b) conf --$MODE" "$prep_conf" "$run_conf"; R[$v,b]="$MEAN $SD"
  cmp -s "$WORK/make.config" "$WORK/conf.config" \
    && echo "  conf run directly writes the same .config as make: yes" >&2 \
    || echo "  WARNING: conf run directly differs from make's result" >&2
  if command -v perf >/dev/null && conf_own_cpu; then
    R[$v,c]="$OWN_CPU -"
    echo "  (c) conf own CPU: $OWN_CPU ms; with its probes: $ALL_CPU ms CPU" >&2
  else
    R[$v,c]="n/a -"
  fi
  # `bash -c "cd ... && exec env -i ... conf"`: the polled pid ends up being conf's.
  cp "$WORK/base.config" "$WORK/conf.config"
  RSS[$v,conf]=$(python3 "$HELPERS/benchtool.py" peak-rss bash -c "$CONF_CMD >/dev/null 2>&1" || echo n/a)
  bench_ksolve "$v"
  rm -rf "$WORK"
}

bench_ksolve() {
  local v=$1 cache=$WORK/ksolve-cache prep_cold prep_warm run_ks
  local ks
  ks="env -i PATH=$CLEAN_PATH HOME=$(q "$CLEAN_HOME") KSOLVE_CACHE_DIR=$(q "$cache") ${MODE_ENV[*]} $(q "$KSOLVE") -q --tree $(q "$TREE") $(ksolve_args)"
  rm -rf "$cache"; mkdir -p "$cache"
  if ! bash -c "$ks" >"$WORK/ksolve.stdout" 2>"$WORK/ksolve.stderr"; then
    echo "  ksolve $MODE not usable ($KSOLVE): $(head -n1 "$WORK/ksolve.stderr")" >&2
    R[$v,d]="n/a -" R[$v,e]="n/a -" RSS[$v,ksolve]=n/a RSS[$v,cold]=n/a
    return
  fi
  local theirs=$WORK/make.config ours=$WORK/ksolve.config
  [[ $MODE == savedefconfig ]] && theirs=$WORK/conf.defconfig
  [[ $MODE == *newconfig ]] && { theirs=$WORK/conf.stdout; ours=$WORK/ksolve.stdout; }
  cmp -s "$ours" "$theirs" \
    && echo "  ksolve's output is identical to the kernel's" >&2 \
    || echo "  WARNING: ksolve's output differs from the kernel's (see scripts/conformance.sh)" >&2
  prep_cold=$(script prep-cold "rm -rf $(q "$cache") && mkdir -p $(q "$cache")")
  prep_warm=$(script prep-warm "true")
  run_ks=$(script run-ksolve "exec $ks >/dev/null 2>&1")
  measure "(d) ksolve cold" "$prep_cold" "$run_ks"; R[$v,d]="$MEAN $SD"
  measure "(e) ksolve warm" "$prep_warm" "$run_ks"; R[$v,e]="$MEAN $SD"
  RSS[$v,ksolve]=$(python3 "$HELPERS/benchtool.py" peak-rss bash -c "exec $ks >/dev/null 2>&1" || echo n/a)
  rm -rf "$cache"; mkdir -p "$cache"
  RSS[$v,cold]=$(python3 "$HELPERS/benchtool.py" peak-rss bash -c "exec $ks >/dev/null 2>&1" || echo n/a)
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a+0 > 0 && b+0 > 0) printf "%.3f", a / b; else print "n/a" }'; }

print_table() {
  local v k label mean sd
  printf '\n%-5s %-28s %10s %8s\n' tree measure "mean ms" "± ms"
  for v in "${TREES[@]}"; do
    for k in a b c d e; do
      case $k in
        a) label="(a) make $MODE" ;; b) label="(b) conf --$MODE" ;;
        c) label="(c) conf own CPU, no probes" ;; d) label="(d) ksolve cold" ;;
        e) label="(e) ksolve warm" ;;
      esac
      read -r mean sd <<<"${R[$v,$k]}"
      printf '%-5s %-28s %10s %8s\n' "$v" "$label" "$mean" "$sd"
    done
    printf '%-5s %-28s %10s KiB (conf)  %s KiB (ksolve warm)  %s KiB (ksolve cold)\n' "$v" \
      "peak RSS (own process)" "${RSS[$v,conf]}" "${RSS[$v,ksolve]}" "${RSS[$v,cold]}"
    printf '%-5s ratios ksolve/conf: cold/(a) %s  cold/(b) %s  warm/(b) %s  warm/(c) %s  RSS warm %s cold %s\n' "$v" \
      "$(ratio "${R[$v,d]% *}" "${R[$v,a]% *}")" "$(ratio "${R[$v,d]% *}" "${R[$v,b]% *}")" \
      "$(ratio "${R[$v,e]% *}" "${R[$v,b]% *}")" "$(ratio "${R[$v,e]% *}" "${R[$v,c]% *}")" \
      "$(ratio "${RSS[$v,ksolve]}" "${RSS[$v,conf]}")" "$(ratio "${RSS[$v,cold]}" "${RSS[$v,conf]}")"
  done
}

main() {
  local -a tree_args=() v
  for v in "${TREES[@]}"; do tree_args+=(--tree "$v"); done
  "$ROOT/scripts/conformance.sh" --install-only "${tree_args[@]}"
  install_tools
  find_ksolve
  declare -gA R=() RSS=()
  echo "bench-vs-conf: $RUNS runs each, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  for v in "${TREES[@]}"; do bench_tree "$v"; done
  print_table
}

main
