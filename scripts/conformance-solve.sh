#!/usr/bin/env bash
# solve conformance: every answer `ksolve solve SYM=y` calls solved must
# hold when applied through the kernel's own `make olddefconfig`, and must
# turn on nothing outside the request's dependency cone (issue 19); every
# "unsatisfiable" is listed with the conflict ksolve names (kept in the case
# directory for review: checking it against the tree is not automated yet).
#
#   scripts/conformance-solve.sh [--tree 6.1|6.12|7.3]... [-n COUNT] [--seed N]
#
# For each tree, COUNT symbols (default 12) that are m or off in Debian's
# amd64 config are drawn with a fixed seed from the tree's visible
# bool/tristate symbols. Per symbol: solve -> fragment; base + SYM=y +
# fragment -> make olddefconfig -> SYM must be y, and every symbol that is
# n in the base (after make olddefconfig) and y/m now must be in SYM's cone
# (scripts/solve-cone.py says precisely what that is). The seed's fragment
# without its DCA line is solved too (all its lines the requests) and
# checked for its cone (not for holding: some of its options are gone on
# 7.x). Prints per tree
# held/solved/unsatisfiable and in-cone N/M (M answers solved). Exit 0 when
# every solved answer held and stayed in its cone, 1 otherwise, 2 setup
# error. Needs the trees scripts/conformance.sh installs.
set -euo pipefail
# shellcheck source=scripts/lib-ksolve.sh
source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
OUT=${KSOLVE_CONFORMANCE_OUT:-$ROOT/target/conformance-solve}
COUNT=12 SEED=1 TREES=()
while (($#)); do
  case $1 in
    --tree) TREES+=("$2"); shift 2 ;;
    -n) COUNT=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
done
((${#TREES[@]})) || TREES=(6.12 7.3)
find_ksolve

# Symbols that are m or unset in the base and have a prompt somewhere.
candidates() {
  local tree=$1 base=$2
  grep -rhoE '^(menu)?config [A-Z0-9_]+' --include='Kconfig*' "$tree/drivers" "$tree/net" "$tree/fs" "$tree/crypto" \
    | awk '{print $2}' | sort -u >"$OUT/defined"
  { grep -oE '^CONFIG_[A-Z0-9_]+=m' "$base" | sed 's/^CONFIG_//; s/=m$//'
    grep -oE '^# CONFIG_[A-Z0-9_]+ is not set' "$base" | sed 's/^# CONFIG_//; s/ is not set$//'; } \
    | sort -u | comm -12 - "$OUT/defined"
}

pick() { python3 -c 'import random,sys; r=random.Random(int(sys.argv[1])); l=sys.stdin.read().split(); r.shuffle(l); print("\n".join(sorted(l[:int(sys.argv[2])])))' "$1" "$2"; }

# make olddefconfig on CONFIG in tree V, serialized as scripts/conformance.sh does.
kernel_olddefconfig() {
  local v=$1 config=$2
  (
    flock 9
    clean_env make -s -C "$TREES_DIR/linux-source-$v" KCONFIG_CONFIG="$config" olddefconfig
  ) 9>"$TREES_DIR/.lock-$v"
}

run_tree() {
  local v=$1 tree=$TREES_DIR/linux-source-$1 held=0 solved=0 unsat=0 failed=0 in_cone=0
  [[ -d $tree ]] || die "missing $tree (run scripts/conformance.sh --install-only)"
  local dir=$OUT/$v; mkdir -p "$dir"
  xz -dc "$(debian_config "$v" amd64)" >"$dir/base.config"
  cp "$dir/base.config" "$dir/base.olddef.config"
  kernel_olddefconfig "$v" "$dir/base.olddef.config" >"$dir/base.kernel.log" 2>&1 || die "make olddefconfig failed on the base of $v"
  local argv
  argv=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$KSOLVE" --tree "$tree" --config "$dir/base.config")
  for sym in $(candidates "$tree" "$dir/base.config" | pick "$SEED" "$COUNT"); do
    local c=$dir/$sym; mkdir -p "$c"
    set +e
    clean_env KSOLVE_CACHE_DIR="$OUT/cache" \
      "$KSOLVE" --tree "$tree" --config "$dir/base.config" --format fragment solve "$sym=y" >"$c/answer" 2>"$c/stderr"
    local rc=$?
    set -e
    case $rc in
      0) solved=$((solved + 1))
         { cat "$dir/base.config"; echo "CONFIG_$sym=y"; cat "$c/answer"; } >"$c/applied.config"
         kernel_olddefconfig "$v" "$c/applied.config" >"$c/kernel.log" 2>&1
         if grep -qx "CONFIG_$sym=y" "$c/applied.config"; then held=$((held + 1)); echo "held   $v $sym ($(wc -l <"$c/answer") lines)"
         else failed=$((failed + 1)); echo "FAILED $v $sym: solved, but the kernel gives $(grep -E "^(# )?CONFIG_$sym[= ]" "$c/applied.config" || echo nothing)"; fi
         if env KSOLVE_CACHE_DIR="$OUT/cache" python3 "$ROOT/scripts/solve-cone.py" "$argv" "$dir/base.olddef.config" \
              "$c/applied.config" "$c/answer" "$sym" >"$c/cone" 2>"$c/cone.log"; then in_cone=$((in_cone + 1))
         else failed=$((failed + 1)); echo "OUTSIDE $v $sym: $(paste -sd' ' "$c/cone") $(tail -1 "$c/cone.log")"; fi ;;
      1) unsat=$((unsat + 1)); echo "unsat  $v $sym: $(head -1 "$c/stderr" "$c/answer" 2>/dev/null | grep -v '^==>' | head -1)" ;;
      *) failed=$((failed + 1)); echo "ERROR  $v $sym (exit $rc): $(head -1 "$c/stderr")" ;;
    esac
  done
  # The seed's fragment without its DCA line (issue 19: its answer on 6.12
  # began with CONFIG_OF=y): all its lines are the requests.
  local c=$dir/seed-fragment answers=$solved frag=${KSOLVE_SEED_FRAGMENT:-/work/shared/fragments/validator-builtins.config}
  if [[ -f $frag ]]; then
    mkdir -p "$c"
    grep -v '^CONFIG_DCA=' "$frag" >"$c/requests.config"
    local rc=0
    clean_env KSOLVE_CACHE_DIR="$OUT/cache" "$KSOLVE" --tree "$tree" --config "$dir/base.config" \
      --format fragment solve -f "$c/requests.config" >"$c/answer" 2>"$c/stderr" || rc=$?
    if ((rc <= 1)); then
      answers=$((answers + 1))
      cat "$dir/base.config" "$c/requests.config" "$c/answer" >"$c/applied.config"
      kernel_olddefconfig "$v" "$c/applied.config" >"$c/kernel.log" 2>&1
      local reqs
      reqs=$(grep -oE '^CONFIG_[A-Za-z0-9_]+=[ym]' "$c/requests.config" | sed 's/^CONFIG_//; s/=.*//' | sort -u)
      # shellcheck disable=SC2086
      if env KSOLVE_CACHE_DIR="$OUT/cache" python3 "$ROOT/scripts/solve-cone.py" "$argv" "$dir/base.olddef.config" \
           "$c/applied.config" "$c/answer" $reqs >"$c/cone" 2>"$c/cone.log"; then
        in_cone=$((in_cone + 1)); echo "cone   $v seed fragment minus DCA ($(wc -l <"$c/answer") lines; $(tail -1 "$c/cone.log"))"
      else failed=$((failed + 1)); echo "OUTSIDE $v seed fragment: $(paste -sd' ' "$c/cone") $(tail -1 "$c/cone.log")"; fi
    else failed=$((failed + 1)); echo "ERROR  $v seed fragment (exit $rc): $(head -1 "$c/stderr")"; fi
  fi
  echo "$v: $held/$solved/$unsat held/solved/unsatisfiable; $in_cone/$answers answers turn on only their cone"
  ((failed == 0))
}

mkdir -p "$OUT"
status=0
for v in "${TREES[@]}"; do run_tree "$v" || status=1; done
exit $status
