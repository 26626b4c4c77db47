# scripts/lib-ksolve.sh: the settings and helpers every script under
# scripts/ (and .ci/run) shares, sourced once at the top of each as
#
#   source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
#
# It defines functions and the settings below and runs nothing else; a
# script sets its own options (and OUT) after sourcing it. bash only.
#
# Settings (environment variable in brackets, default after it):
#   SELF          the sourcing script, resolved
#   SCRIPT_NAME   its name without .sh: the prefix of die and log messages
#   ROOT          the checkout (the parent of scripts/)
#   HELPERS       scripts/conformance (the python helpers of the harnesses)
#   SHARED        [KSOLVE_SHARED] ROOT/../shared: configs/ and fragments/
#   TREES_DIR     [KSOLVE_TREES] /var/tmp/ksolve-trees: linux-source-V trees
#   KAPT          [KSOLVE_KAPT] /var/tmp/kapt: the private apt list and its unpack
#   CONF_BUILD    [KSOLVE_CONF_CACHE] /var/tmp/ksolve-conf: where build_conf
#                 puts the kernel's conf of each tree (the fixture oracle)
#   ORACLE_CACHE  [KSOLVE_CONF_CACHE] /var/tmp/ksolve-conf-cache: the kernel's
#                 answers, cached by their inputs (conformance.sh, -modes.sh).
#                 One variable, two defaults: kept as the scripts had them.
#   CLEAN_PATH    the only PATH either side sees: a developer's rustup rustc,
#                 clang or pahole in ~/bin would otherwise change the
#                 kernel's $(shell) probes
#   CLEAN_HOME    $HOME, or /nonexistent
#   SAFE_PATH     the PATH of conf on the fixtures, which probe nothing
#   LLVM_VERSION  the clang the LLVM= cases and the toolchain fingerprint use
#   PRIVATE_TREES trees whose packages come through the private apt list
#   KSOLVE        set by find_ksolve
# shellcheck shell=bash disable=SC2034

SELF=$(realpath -- "${BASH_SOURCE[${#BASH_SOURCE[@]} - 1]}")
SCRIPT_NAME=${SELF##*/}
SCRIPT_NAME=${SCRIPT_NAME%.sh}
ROOT=$(dirname "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")")
HELPERS=$ROOT/scripts/conformance
SHARED=$(realpath -m -- "${KSOLVE_SHARED:-$ROOT/../shared}")
TREES_DIR=${KSOLVE_TREES:-/var/tmp/ksolve-trees}
KAPT=${KSOLVE_KAPT:-/var/tmp/kapt}
CONF_BUILD=${KSOLVE_CONF_CACHE:-/var/tmp/ksolve-conf}
ORACLE_CACHE=${KSOLVE_CONF_CACHE:-/var/tmp/ksolve-conf-cache}
CLEAN_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CLEAN_HOME=${HOME:-/nonexistent}
SAFE_PATH=/usr/local/bin:/usr/bin:/bin
LLVM_VERSION=19
PRIVATE_TREES=(5.10 7.2 7.3)

# ---------------------------------------------------------------- messages
# die MESSAGE: "SCRIPT_NAME: MESSAGE" on stderr, exit 2 (usage or setup error).
die() {
  echo "$SCRIPT_NAME: $*" >&2
  exit 2
}

# log MESSAGE: "SCRIPT_NAME: MESSAGE" on stderr.
log() { echo "$SCRIPT_NAME: $*" >&2; }

# usage_from_header: the script's header comment (line 2 up to `set -e`),
# without its "# ", for --help.
usage_from_header() {
  sed -n '2,/^set -e/p' "$SELF" | sed '$d; s/^# \{0,1\}//'
}

# ---------------------------------------------------------------- environment
# clean_env COMMAND...: COMMAND with PATH=CLEAN_PATH and HOME=CLEAN_HOME only.
clean_env() { env -i PATH="$CLEAN_PATH" HOME="$CLEAN_HOME" "$@"; }

# sha: the sha256 of stdin, 64 hex digits.
sha() { sha256sum | cut -c1-64; }

# conformance_out DEFAULT: where a harness keeps its cases,
# $KSOLVE_CONFORMANCE_OUT or DEFAULT, relative paths from ROOT.
conformance_out() {
  (cd "$ROOT" && realpath -m -- "${KSOLVE_CONFORMANCE_OUT:-$1}")
}

# find_ksolve: sets KSOLVE from $KSOLVE_BIN (a path, or a name on PATH),
# else builds the release binary of the checkout at ROOT; dies when there is
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

# ---------------------------------------------------------------- trees and configs
# tree_dir V: the unpacked linux-source-V.
tree_dir() { echo "$TREES_DIR/linux-source-$1"; }

# config_dir V: where linux-config-V's files are (installed, else the private unpack).
config_dir() {
  if [[ -d /usr/src/linux-config-$1 ]]; then echo "/usr/src/linux-config-$1"
  else echo "$KAPT/x/usr/src/linux-config-$1"; fi
}

# debian_config V FLAVOUR: the xz-compressed Debian config of tree V by
# flavour (amd64, cloud-amd64, rt: config.amd64_rt_amd64.xz up to 6.12,
# config.amd64_none_rt-amd64.xz after); fails when there is no rt config.
debian_config() {
  local dir f
  dir=$(config_dir "$1")
  case $2 in
    rt) for f in "$dir/config.amd64_rt_amd64.xz" "$dir/config.amd64_none_rt-amd64.xz"; do
          [[ -f $f ]] && { echo "$f"; return; }
        done; return 1 ;;
    *) echo "$dir/config.amd64_none_$2.xz" ;;
  esac
}

is_private() { [[ " ${PRIVATE_TREES[*]} " == *" $1 "* ]]; }

# tarball_of V: the linux-source-V tarball (installed, else the private unpack).
tarball_of() {
  if is_private "$1"; then echo "$KAPT/x/usr/src/linux-source-$1.tar.xz"
  else echo "/usr/src/linux-source-$1.tar.xz"; fi
}

# with_tree_lock V COMMAND...: COMMAND holding tree V's lock, as every make
# in a shared tree must (the first one builds conf and fixdep there).
with_tree_lock() {
  local v=$1
  shift
  (
    flock 9
    "$@"
  ) 9>"$TREES_DIR/.lock-$v"
}

# ensure_tree V: unpacks tarball_of V into TREES_DIR once; the rename makes
# a half-unpacked tree impossible to mistake for a complete one.
ensure_tree() {
  local v=$1 dir
  dir=$(tree_dir "$v")
  [[ -f $dir/Makefile && -f $dir/Kconfig ]] && return 0
  mkdir -p "$TREES_DIR"
  with_tree_lock "$v" unpack_tree "$v" "$dir"
}

unpack_tree() { # V DIR, under the tree's lock
  local tmp
  [[ -f $2/Makefile && -f $2/Kconfig ]] && return 0
  log "unpacking linux-source-$1 into $TREES_DIR"
  tmp=$(mktemp -d "$TREES_DIR/.unpack.XXXXXX")
  tar -xJf "$(tarball_of "$1")" -C "$tmp"
  rm -rf "$2"
  mv "$tmp/linux-source-$1" "$2"
  rmdir "$tmp"
}

# symlink_farm SRC DST: a private copy of tree SRC made of symlinks, with a
# real scripts/ (so make never writes through a link into the shared tree):
# for the make targets that write .config into the object tree.
symlink_farm() {
  local src=$1 dst=$2
  [[ -f $dst/.farm-complete ]] && return 0
  [[ -f $src/Makefile ]] || die "$src: no kernel tree"
  rm -rf "$dst" && mkdir -p "$(dirname "$dst")"
  log "making a symlink farm of $src"
  cp -as "$src" "$dst"
  rm -rf "$dst/scripts" "$dst/.config" "$dst/.config.old"
  cp -a "$src/scripts" "$dst/scripts"
  touch "$dst/.farm-complete"
}

# apt_private apt-get|apt-cache ARGS...: apt through the private list in
# KAPT (its own deb822 .sources, lists and downloads), never the machine's
# apt sources.
apt_private() {
  local tool=$1
  shift
  "$tool" -o Dir::Etc::SourceParts="$KAPT/etc" -o Dir::Etc::SourceList=/dev/null \
    -o Dir::State::Lists="$KAPT/lists" -o Dir::Cache="$KAPT/cache" \
    -o Dir::Cache::archives="$KAPT/debs" -o Debug::NoLocking=1 "$@"
}

# ---------------------------------------------------------------- the oracle
# kconfig_fingerprint V [--arch-makefiles]: what the kernel's answer depends
# on in tree V: its Kconfig files, conf's sources and the scripts its
# probes call (and, with --arch-makefiles, the arch Makefiles, which name
# each arch's defconfig).
kconfig_fingerprint() {
  local arch=
  [[ ${2:-} == --arch-makefiles ]] && arch=1
  (
    cd "$(tree_dir "$1")" || exit 1
    {
      find . -name 'Kconfig*' -type f
      echo ./Makefile
      [[ -z $arch ]] || find arch -maxdepth 2 -name Makefile -type f
      find scripts -maxdepth 1 -type f \( -name '*.sh' -o -name 'Kconfig.include' \)
      find scripts/kconfig -maxdepth 1 -type f \( -name '*.[chyl]' -o -name '*.sh' \) \
        ! -name lexer.lex.c ! -name 'parser.tab.[ch]'
    } | LC_ALL=C sort | xargs -d '\n' sha256sum | sha
  )
}

# toolchain_fingerprint TOOL...: the path and version of every TOOL the
# kernel's probes find on CLEAN_PATH ("none" when absent).
toolchain_fingerprint() {
  # shellcheck disable=SC2016
  clean_env bash -c 'for t in "$@"; do
      p=$(command -v "$t") || { echo "$t: none"; continue; }
      echo "$t: $p $("$p" --version 2>&1 | grep -m1 .)"
    done' toolchain "$@" | sha
}

# cache_put ENTRY FILE...: publishes FILEs as the cache directory ENTRY in
# one rename, so a reader never sees half an entry.
cache_put() {
  local entry=$1 tmp
  shift
  mkdir -p "$(dirname "$entry")"
  tmp=$(mktemp -d "$(dirname "$entry")/.new.XXXXXX")
  cp -- "$@" "$tmp/"
  rm -rf "$entry"
  mv -T -- "$tmp" "$entry" 2>/dev/null || rm -rf "$tmp"
}

# trace_conf WORKDIR CONFIG MAKE_ARG...: traces `make MAKE_ARG...
# KCONFIG_CONFIG=CONFIG olddefconfig` (strace) in the clean environment
# and writes the environment make gives conf to WORKDIR/env (NUL-separated)
# and conf's argv to WORKDIR/argv (a word a line); make's output is in
# WORKDIR/make.log. Fails when make does.
trace_conf() {
  local work=$1 config=$2
  shift 2
  clean_env strace -f -qq -v -s 65536 -e trace=execve -o "$work/make.strace" \
    make -s "$@" KCONFIG_CONFIG="$config" olddefconfig >"$work/make.log" 2>&1 || return 1
  python3 "$HELPERS/benchtool.py" conf-env "$work/make.strace" "$work/env" >"$work/argv"
}

# merge_config TREE OUT LOG BASE FRAGMENT...: the tree's merge_config.sh -m
# of BASE and the FRAGMENTs, written to OUT (its output in LOG).
merge_config() {
  local tree=$1 out=$2 log=$3 tmp
  shift 3
  tmp=$(mktemp -d "$(dirname "$out")/.merge.XXXXXX")
  # merge_config.sh makes its temp files in the current directory.
  (cd "$tmp" && clean_env bash "$tree/scripts/kconfig/merge_config.sh" -m -O "$tmp" "$@") \
    >"$log" 2>&1 || { rm -rf "$tmp"; return 1; }
  mv -- "$tmp/.config" "$out"
  rm -rf "$tmp"
}

# conf_of V: the conf build_conf builds for tree V.
conf_of() { echo "$CONF_BUILD/$1/scripts/kconfig/conf"; }

# build_conf V TREE_DIR: builds conf_of V once, the way
# scripts/kconfig/Makefile does (flex, bison, the common objects + conf.o),
# without writing into the tree: the kernel's only make entry for conf is a
# config target, which refuses to run when a shared source tree is "not
# clean" and may write into it. Prints nothing; fails (with the build log
# on stderr) when the build does.
build_conf() {
  local ver=$1 tree=$2 out kc
  out=$CONF_BUILD/$ver/scripts/kconfig
  [[ -x $out/conf ]] && return 0
  kc=$tree/scripts/kconfig
  [[ -f $kc/conf.c ]] || { echo "build_conf: no $kc/conf.c" >&2; return 1; }
  mkdir -p "$out"
  echo "build_conf: building conf from $kc" >&2
  (cd "$out" && compile_conf "$kc") >"$CONF_BUILD/$ver/build.log" 2>&1 \
    || { cat "$CONF_BUILD/$ver/build.log" >&2; return 1; }
}

compile_conf() { # KCONFIG_SRC_DIR, in the output directory
  local kc=$1 f menu=menu.c util=util.c
  export PATH=$SAFE_PATH LC_ALL=C
  flex -o lexer.lex.c -L "$kc/lexer.l"
  bison -o parser.tab.c --defines=parser.tab.h -t -l "$kc/parser.y"
  for f in conf confdata expr menu preprocess symbol util; do
    if [[ -f $kc/$f.c ]]; then cp "$kc/$f.c" .; fi
  done
  # Up to 5.x, parser.y includes menu.c itself (and has no util.c of its
  # own to compile apart).
  grep -q '^#include "menu.c"' "$kc/parser.y" && menu=
  grep -q '^#include "util.c"' "$kc/parser.y" && util=
  [[ -f util.c ]] || util=
  # shellcheck disable=SC2086 # $menu and $util are a file name or nothing
  gcc -O2 -std=gnu11 -w -I "$kc" -I . -I "$(dirname "$kc")/include" -o conf.tmp \
    conf.c confdata.c expr.c lexer.lex.c $menu parser.tab.c preprocess.c symbol.c $util
  mv conf.tmp conf
}
