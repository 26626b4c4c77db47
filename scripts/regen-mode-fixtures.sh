#!/usr/bin/env bash
# Regenerate the expected outputs of mode-fixtures/ with the kernel's own conf
# (the oracle), or check them (--check: exit 1 on any difference).
#
#   scripts/regen-mode-fixtures.sh [--check]
#
# For every fixture and every kernel in VERSIONS, conf runs in a scratch
# directory with PATH, srctree=FIXTURE and the mode's variables only:
#   allnoconfig allyesconfig allmodconfig alldefconfig       -> MODE.config
#   allnoconfig with KCONFIG_ALLCONFIG=allconfig.config        -> allno-allconfig.config
#   randconfig KCONFIG_SEED=1..3, and 1..3 with KCONFIG_PROBABILITY=80:10
#                                                            -> rand-SEED[-p80].config
#   savedefconfig of base.config                             -> savedefconfig
#   listnewconfig of base.config (stdout)                    -> listnewconfig
#   helpnewconfig of base.config (stdout)                    -> helpnewconfig
#   defconfig of base.config                                 -> defconfig.config
# into FIXTURE/expected/VERSION/. conf comes from $KSOLVE_CONF_CACHE/VERSION
# (default /var/tmp/ksolve-conf, built by scripts/regen-fixtures.sh).
set -euo pipefail

# shellcheck source=scripts/lib-ksolve.sh
source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
VERSIONS="6.1 6.12 7.3"
CHECK=0
[[ ${1:-} == --check ]] && CHECK=1

# conf_run FIXTURE OUTDIR FILE CONF OPTION [NAME=VALUE...]: FILE is .config or stdout.
conf_run() {
  local fx=$1 out=$2 file=$3 conf=$4 opt=$5; shift 5
  local tmp
  tmp=$(mktemp -d)
  cp "$fx/base.config" "$tmp/base.config"
  case $opt in
    --savedefconfig=*|--listnewconfig|--helpnewconfig) cp "$fx/base.config" "$tmp/.config" ;;
  esac
  (cd "$tmp" && env -i PATH=/usr/bin:/bin srctree="$fx" "$@" "$conf" -s "$opt" Kconfig) \
    >"$tmp/stdout" 2>"$tmp/stderr" || die "$conf $opt failed in $fx: $(cat "$tmp/stderr")"
  case $opt in
    --savedefconfig=*) cp "$tmp/defconfig" "$out/$file" ;;
    --listnewconfig|--helpnewconfig) cp "$tmp/stdout" "$out/$file" ;;
    *) cp "$tmp/.config" "$out/$file" ;;
  esac
  rm -rf "$tmp"
}

regen() {
  local fx=$1 dest=$2 v conf out m s
  for v in $VERSIONS; do
    conf=$(conf_of "$v")
    [[ -x $conf ]] || die "no conf at $conf (run scripts/regen-fixtures.sh first)"
    out=$dest/$v
    mkdir -p "$out"
    for m in allno allyes allmod alldef; do conf_run "$fx" "$out" "${m}config.config" "$conf" "--${m}config"; done
    conf_run "$fx" "$out" allno-allconfig.config "$conf" --allnoconfig KCONFIG_ALLCONFIG="$fx/allconfig.config"
    for s in 1 2 3; do
      conf_run "$fx" "$out" "rand-$s.config" "$conf" --randconfig KCONFIG_SEED="$s"
      conf_run "$fx" "$out" "rand-$s-p80.config" "$conf" --randconfig KCONFIG_SEED="$s" KCONFIG_PROBABILITY=80:10
    done
    conf_run "$fx" "$out" savedefconfig "$conf" --savedefconfig=defconfig KCONFIG_CONFIG=.config
    conf_run "$fx" "$out" listnewconfig "$conf" --listnewconfig
    conf_run "$fx" "$out" helpnewconfig "$conf" --helpnewconfig
    conf_run "$fx" "$out" defconfig.config "$conf" "--defconfig=$fx/base.config"
  done
}

status=0
for fx in "$ROOT"/mode-fixtures/*/; do
  fx=${fx%/}
  if ((CHECK)); then
    tmp=$(mktemp -d)
    regen "$fx" "$tmp"
    diff -r "$fx/expected" "$tmp" || status=1
    rm -rf "$tmp"
  else
    rm -rf "$fx/expected"
    regen "$fx" "$fx/expected"
  fi
done
exit $status
