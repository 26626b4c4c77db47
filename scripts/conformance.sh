#!/usr/bin/env bash
# Real-tree conformance: `ksolve olddefconfig` must reproduce the kernel's
# `make olddefconfig` byte for byte. The kernel's scripts/kconfig/conf is the
# oracle; this script runs both on a matrix of real trees, base configs and
# fragments, and keeps every input and output of a case so a failure can be
# replayed and debugged without rerunning the matrix.
#
# Matrix (see matrix()): trees {5.10, 6.1, 6.12, 7.2, 7.3} x bases {debian-amd64,
# debian-cloud, debian-rt, the CachyOS configs on their own tree and carried
# forward (cachyos-6.1 .. cachyos-6.18), debian-5.10 carried to 7.3,
# x86_64-defconfig, arm64/riscv/ppc64-defconfig (ARCH=arm64/riscv/powerpc),
# empty} x fragments {none, validator, rand1, rand2 (rand2 only on 6.12+),
# renamed (CFI_CLANG=y RANDOM_KMALLOC_CACHES=y)}, every x86 base also with
# clang (LLVM=-19; on 5.10, whose Makefile knows only LLVM=1, LLVM=1 with
# /usr/lib/llvm-19/bin first on PATH). Cases are named
# TREE-BASE-FRAGMENT[-clang]; gcc cases run before clang ones so that each
# tree rebuilds its conf for the other HOSTCC once.
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
  --tree V            only this tree (5.10 6.1 6.12 7.2 7.3; repeatable; default: all)
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

# ---------------------------------------------------------------- settings
# ROOT, HELPERS, SHARED, TREES_DIR, KAPT, CLEAN_PATH, die, clean_env, the
# tree and oracle helpers: scripts/lib-ksolve.sh.
# shellcheck source=scripts/lib-ksolve.sh
source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
CACHE_DIR=$ORACLE_CACHE
OUT=$(conformance_out target/conformance)
SEED=${KSOLVE_CONFORMANCE_SEED:-1}
CASE_TIMEOUT=${KSOLVE_CASE_TIMEOUT:-600}
# Bump when the oracle recipe changes: it invalidates every cached result.
ORACLE_RECIPE=2

ALL_TREES=(5.10 6.1 6.12 7.2 7.3)
PASSES=(olddefconfig check)
# CachyOS configs of shared/configs/ by short name.
declare -A CACHYOS=([6.1]=6.1.10 [6.12]=6.12.7 [6.17]=6.17.5 [6.18]=6.18.3)
# The CachyOS configs each tree gets: its own, and older ones carried forward.
declare -A CACHYOS_ON=([5.10]="" [6.1]="6.1" [6.12]="6.12 6.1" [7.2]="6.17 6.18" [7.3]="6.18 6.12")
# Debian configs of older trees carried forward to a tree.
declare -A CARRIED_ON=([7.3]="5.10")

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

# apt-get update once, then install only what is missing; nothing if complete.
# The trees of other Debian releases come through fetch_private.
ensure_packages() {
  local need=() p v private=()
  for p in flex bison bc xz-utils make gcc "clang-$LLVM_VERSION" "lld-$LLVM_VERSION" "llvm-$LLVM_VERSION"; do
    pkg_installed "$p" || need+=("$p")
  done
  for v in "$@"; do
    if is_private "$v"; then private+=("$v"); continue; fi
    [[ -f $(tree_dir "$v")/Makefile || -f $(tarball_of "$v") ]] || need+=("linux-source-$v")
    [[ -f $(config_dir "$v")/config.amd64_none_amd64.xz \
      && -f $(config_dir "$v")/config.amd64_none_cloud-amd64.xz ]] || need+=("linux-config-$v")
  done
  if ((${#need[@]})); then
    log "installing ${need[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${need[@]}" >/dev/null
  fi
  for v in "${private[@]}"; do fetch_private "$v"; done
}

# linux-source-V and linux-config-V of another release (5.10: bullseye, 7.2:
# sid, 7.3: trixie-backports), through a private apt list in $KAPT: its own
# deb822 .sources, lists and downloads, never the machine's apt sources. The
# candidate version is taken (sid moves on); the version fetched is recorded
# in $KAPT/versions/PKG. Unpacked with dpkg -x into $KAPT/x.
fetch_private() {
  local v=$1 p need=()
  [[ -f $(tree_dir "$v")/Makefile || -f $(tarball_of "$v") ]] || need+=("linux-source-$v")
  [[ -f $(config_dir "$v")/config.amd64_none_amd64.xz ]] || need+=("linux-config-$v")
  ((${#need[@]})) || return 0
  mkdir -p "$KAPT/etc" "$KAPT/lists/partial" "$KAPT/cache" "$KAPT/debs/partial" "$KAPT/x" \
    "$KAPT/versions"
  cat >"$KAPT/etc/extra.sources" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bullseye sid trixie-backports trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  if [[ ! -f $KAPT/lists/.updated ]] || [[ -n $(find "$KAPT/lists/.updated" -mmin +1440) ]]; then
    log "apt-get update (private list in $KAPT)"
    apt_private apt-get update -qq && touch "$KAPT/lists/.updated"
  fi
  for p in "${need[@]}"; do
    local ver
    ver=$(apt_private apt-get -qq --print-uris download "$p" 2>/dev/null | awk '{print $2}' | head -n1)
    [[ -n $ver ]] || die "no package $p in the private list"
    log "downloading $p ($ver)"
    (cd "$KAPT/debs" && apt_private apt-get -qq download "$p") || die "cannot download $p"
    dpkg -x "$KAPT/debs/$ver" "$KAPT/x" || die "cannot unpack $ver"
    echo "$ver" >"$KAPT/versions/$p"
  done
}

# The first `make olddefconfig` in a tree builds fixdep and conf there. Do it
# once, serially, so parallel cases never build them concurrently.
warm_tree() {
  local v=$1 dir tmp
  dir=$(tree_dir "$v")
  [[ -x $dir/scripts/kconfig/conf && -x $dir/scripts/basic/fixdep ]] && return 0
  tmp=$(mktemp -d)
  : >"$tmp/.config"
  with_tree_lock "$v" clean_env make -s -C "$dir" KCONFIG_CONFIG="$tmp/.config" olddefconfig \
    >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; die "cannot build conf in $dir"; }
  rm -rf "$tmp"
}

# The tools the kernel's probes may find on CLEAN_PATH (toolchain_fingerprint).
PROBED_TOOLS=(gcc cc ld as pahole rustc bindgen clang ld.lld perl python3 "clang-$LLVM_VERSION"
  "ld.lld-$LLVM_VERSION" "/usr/lib/llvm-$LLVM_VERSION/bin/clang")

# ---------------------------------------------------------------- the matrix
# The bases of a tree: Debian's three, the CachyOS and older Debian configs
# carried to it, the defconfigs of four architectures, an empty file.
bases_of() {
  local v=$1 c
  echo debian-amd64 debian-cloud debian-rt
  for c in ${CACHYOS_ON[$v]}; do echo "cachyos-$c"; done
  for c in ${CARRIED_ON[$v]:-}; do echo "debian-$c"; done
  echo x86_64-defconfig arm64-defconfig riscv-defconfig ppc64-defconfig empty
}

# The fragments a base gets: fewer random ones on the older trees, none on
# the other architectures' defconfigs beyond one.
fragments_of() { # TREE BASE
  case $2 in
    arm64-*|riscv-*|ppc64-*) echo none validator rand1 ;;
    empty) echo none validator renamed ;;
    *) case $1 in
         5.10|6.1) echo none validator rand1 renamed ;;
         *) echo none validator rand1 rand2 renamed ;;
       esac ;;
  esac
}

# One line per case: NAME TREE BASE FRAGMENT COMPILER. Every x86 base also
# with clang; all gcc cases first (see the header).
matrix() {
  local v b f cc name
  for cc in gcc clang; do
    for v in "${TREE_OPT[@]}"; do
      for b in $(bases_of "$v"); do
        [[ $cc == clang && $(srcarch_of "$b") != x86 ]] && continue
        for f in $(fragments_of "$v" "$b"); do
          name=$v-$b-$f
          [[ $cc == clang ]] && name+=-clang
          echo "$name $v $b $f $cc"
        done
      done
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

arch_of() {
  case $1 in
    arm64-defconfig) echo arm64 ;;
    riscv-defconfig) echo riscv ;;
    ppc64-defconfig) echo powerpc ;;
  esac
}
srcarch_of() { local a; a=$(arch_of "$1"); echo "${a:-x86}"; }

write_base() { # BASE TREE_V OUTFILE
  local b=$1 v=$2 out=$3 dir
  dir=$(tree_dir "$v")
  case $b in
    debian-amd64) xz -dc "$(debian_config "$v" amd64)" >"$out" ;;
    debian-cloud) xz -dc "$(debian_config "$v" cloud-amd64)" >"$out" ;;
    debian-rt) xz -dc "$(debian_config "$v" rt)" >"$out" ;;
    debian-[0-9]*) xz -dc "$(debian_config "${b#debian-}" amd64)" >"$out" ;;
    cachyos-*) cp -- "$SHARED/configs/cachyos-server-${CACHYOS[${b#cachyos-}]}.config" "$out" ;;
    x86_64-defconfig) cp -- "$dir/arch/x86/configs/x86_64_defconfig" "$out" ;;
    arm64-defconfig) cp -- "$dir/arch/arm64/configs/defconfig" "$out" ;;
    riscv-defconfig) cp -- "$dir/arch/riscv/configs/defconfig" "$out" ;;
    ppc64-defconfig) cp -- "$dir/arch/powerpc/configs/ppc64_defconfig" "$out" ;;
    empty) : >"$out" ;;
    *) return 1 ;;
  esac
}

write_fragment() { # FRAGMENT TREE_V BASE SEED OUTFILE
  local f=$1 v=$2 b=$3 seed=$4 out=$5
  case $f in
    validator) cp -- "$SHARED/fragments/validator-builtins.config" "$out" ;;
    renamed) printf '%s\n' CONFIG_CFI_CLANG=y CONFIG_RANDOM_KMALLOC_CACHES=y >"$out" ;;
    rand[0-9]) python3 "$HELPERS/random_fragment.py" --tree "$(tree_dir "$v")" \
                 --srcarch "$(srcarch_of "$b")" --seed "$seed" --lines 40 \
                 --symbols-from "$SYMBOLS_DIR/$v-$(srcarch_of "$b")" -o "$out" ;;
    *) return 1 ;;
  esac
}

# What a compiler variant sets for both sides: LLVM= (as make's command
# line), and on 5.10 (no LLVM=-N form) LLVM=1 with clang's directory first
# on PATH, as a 5.10 user with Debian's clang-N would do.
compiler_env() { # TREE_V COMPILER -> sets CASE_LLVM CASE_PATH
  CASE_LLVM= CASE_PATH=$CLEAN_PATH
  [[ $2 == clang ]] || return 0
  if grep -q LLVM_SUFFIX "$(tree_dir "$1")/Makefile"; then
    CASE_LLVM=-$LLVM_VERSION
  else
    CASE_LLVM=1 CASE_PATH=/usr/lib/llvm-$LLVM_VERSION/bin:$CLEAN_PATH
  fi
}

# ---------------------------------------------------------------- per-case setup
# Shared by every pass. Leaves in CASE_DIR: base.config, fragment.config (if
# any), case.env. Sets CASE_* variables for the passes. merged.config (the
# tree's merge_config.sh -m result: conf's input) comes from ensure_merged,
# called by whatever needs it: merge_config.sh takes ~1 s on a distribution
# config, more than a cached case costs otherwise.
setup_case() {
  CASE_NAME=$1 CASE_TREE_V=$2 CASE_BASE=$3 CASE_FRAG=$4 CASE_CC=$5
  CASE_DIR=$OUT/$CASE_NAME
  compiler_env "$CASE_TREE_V" "$CASE_CC"
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
compiler=$CASE_CC${CASE_LLVM:+ (LLVM=$CASE_LLVM, PATH=$CASE_PATH)}
tree_packages=$(tree_packages "$CASE_TREE_V")
seed=${CASE_SEED:-none} (base seed $SEED)
EOF
}

# The Debian packages a tree came from: the private list's downloads, else
# the installed package's version.
tree_packages() {
  local p deb out=
  for p in "linux-source-$1" "linux-config-$1"; do
    if [[ -f $KAPT/versions/$p ]]; then out+="$(cat "$KAPT/versions/$p") "; continue; fi
    deb=$(compgen -G "$KAPT/debs/${p}_*.deb" | head -n1 || true)
    if [[ -n $deb ]]; then out+="$(basename "$deb") "
    else out+="$p=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo unknown) "; fi
  done
  echo "$out"
}

ensure_merged() {
  [[ -f $CASE_DIR/merged.config ]] && return 0
  if [[ -z $CASE_FRAG_FILE ]]; then
    cp -- "$CASE_DIR/base.config" "$CASE_DIR/merged.config"
    return
  fi
  merge_config "$CASE_TREE" "$CASE_DIR/merged.config" "$CASE_DIR/merge.log" \
    "$CASE_DIR/base.config" "$CASE_FRAG_FILE"
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
    echo "base $(sha <"$CASE_DIR/base.config")"
    if [[ -n $CASE_FRAG_FILE ]]; then
      echo "fragment $(sha <"$CASE_FRAG_FILE")"
    else
      echo "fragment none"
    fi
    echo "arch ${CASE_ARCH:-default}"
    echo "compiler $CASE_CC llvm=$CASE_LLVM path=$CASE_PATH"
  } | sha
}

# The kernel's `make olddefconfig` on merged.config -> CASE_DIR/kernel.config.
oracle_olddefconfig() {
  local key entry work
  key=$(oracle_key) entry=$CACHE_DIR/olddefconfig/$key
  echo "$key" >"$CASE_DIR/kernel.cache-key"
  write_replay "$CASE_DIR/replay-kernel.sh" \
    "cp -- $(printf %q "$CASE_DIR/merged.config") $(printf %q "$CASE_DIR/replay-kernel.config")" -- \
    make -s -C "$CASE_TREE" KCONFIG_CONFIG="$CASE_DIR/replay-kernel.config" \
    ${CASE_ARCH:+ARCH="$CASE_ARCH"} ${CASE_LLVM:+LLVM="$CASE_LLVM"} olddefconfig
  if ((USE_CACHE)) && [[ -f $entry/kernel.config ]]; then
    cp -- "$entry/kernel.config" "$CASE_DIR/kernel.config"
    cp -- "$entry/kernel.log" "$CASE_DIR/kernel.log"
    return 0
  fi
  ensure_merged || return 1
  work=$(mktemp -d "$CASE_DIR/.kernel.XXXXXX")
  cp -- "$CASE_DIR/merged.config" "$work/.config"
  (
    # make rebuilds conf when HOSTCC changes (a clang case after gcc ones, or
    # back): that make runs alone in the tree, the others share the lock.
    flock -s 9
    if ! conf_built_with "$CASE_TREE" "$(hostcc_of)"; then flock -u 9; flock 9; fi
    env -i PATH="$CASE_PATH" HOME="$CLEAN_HOME" make -s -C "$CASE_TREE" KCONFIG_CONFIG="$work/.config" \
      ${CASE_ARCH:+ARCH="$CASE_ARCH"} ${CASE_LLVM:+LLVM="$CASE_LLVM"} olddefconfig
  ) 9>"$TREES_DIR/.lock-$CASE_TREE_V" >"$CASE_DIR/kernel.log" 2>&1 || return 1
  mv -- "$work/.config" "$CASE_DIR/kernel.config"
  rm -rf "$work"
  cache_put "$entry" "$CASE_DIR/kernel.config" "$CASE_DIR/kernel.log" "$CASE_DIR/case.env"
}

# The HOSTCC the tree's Makefile picks for this case.
hostcc_of() {
  case $CASE_LLVM in
    '') echo gcc ;;
    -*) echo "clang$CASE_LLVM" ;;
    *) echo clang ;;
  esac
}

# Was the tree's conf last linked by HOSTCC (kbuild's .conf.cmd)?
conf_built_with() { # TREE HOSTCC
  local cmd
  cmd=$(grep -m1 -E '^(saved)?cmd_scripts/kconfig/conf :=' "$1/scripts/kconfig/.conf.cmd" 2>/dev/null) || return 1
  [[ $(awk '{print $3}' <<<"$cmd") == "$2" ]]
}

# A script that reruns one side of a case by hand, in the same clean
# environment: write_replay FILE FIRST_LINE ENV_ASSIGNMENTS -- COMMAND...
# (FIRST_LINE is a shell line run before the command; may be empty).
write_replay() {
  local file=$1 first=$2 line word
  shift 2
  line="env -i PATH=${CASE_PATH:-$CLEAN_PATH} HOME=$(printf %q "$CLEAN_HOME")"
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
  [[ -z $CASE_LLVM ]] || echo "LLVM=$CASE_LLVM"
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
  timeout "$CASE_TIMEOUT" env -i PATH="$CASE_PATH" HOME="$CLEAN_HOME" "${env_words[@]}" \
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
  timeout "$CASE_TIMEOUT" env -i PATH="$CASE_PATH" HOME="$CLEAN_HOME" "${env_words[@]}" \
    "${cmd[@]}" >"$CASE_DIR/check.json" 2>"$CASE_DIR/check.stderr" || rc=$?
  echo "$rc" >"$CASE_DIR/check.exit"
  if ((rc != 0 && rc != 1)); then
    record ERROR "ksolve check exit $rc: $(grep -m1 . "$CASE_DIR/check.stderr" | cut -c1-120)"; return
  fi
  symbols=$SYMBOLS_DIR/$CASE_TREE_V-$(srcarch_of "$CASE_BASE").known
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
    TREE_FP[$v]=$(kconfig_fingerprint "$v")
  done
  TOOLCHAIN_FP=$(toolchain_fingerprint "${PROBED_TOOLS[@]}")
  SYMBOLS_DIR=$OUT/.symbols
  mkdir -p "$SYMBOLS_DIR"
  local srcarch
  for v in "${TREE_OPT[@]}"; do
    for srcarch in x86 arm64 riscv powerpc; do
      python3 "$HELPERS/random_fragment.py" --tree "$(tree_dir "$v")" --srcarch "$srcarch" \
        --list-symbols -o "$SYMBOLS_DIR/$v-$srcarch"
      python3 "$HELPERS/random_fragment.py" --tree "$(tree_dir "$v")" --srcarch "$srcarch" \
        --list-symbols --sourced -o "$SYMBOLS_DIR/$v-$srcarch.known"
    done
  done
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
