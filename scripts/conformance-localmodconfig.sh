#!/usr/bin/env bash
# localmodconfig conformance: `ksolve localmodconfig` must write what the
# kernel's `make LSMOD=FILE localmodconfig` writes, byte for byte.
#
#   scripts/conformance-localmodconfig.sh [--tree 6.1|6.12]... [--list NAME]...
#
# The oracle is the real make target (streamline_config.pl, then
# `conf --oldconfig` with stdin at end of file, so new symbols take their
# defaults). It reads and writes `.config` in the object tree and refuses an
# O= build dir when the shared source tree has been built in, so it runs in a
# private symlink farm of the tree (scripts/ copied for real, so make never
# writes through a link into the shared tree).
#
# Matrix: trees {6.1, 6.12} x bases {debian-amd64, debian-cloud, debian-rt,
# cachyos (the CachyOS server config from $KSOLVE_SHARED/configs, older than
# the tree, so conf meets new symbols)}
# x module lists
# kernel-fixtures/modlists/* (server.lsmod: lsmod output of a typical server,
# small.modlist: the seed's hot-path modules, unknown.modlist: names no
# Makefile builds). Cases go to $OUT/TREE-LIST/: base.config, kernel.config,
# kernel.log, ksolve.config, ksolve.log, diff.
#
# Environment: KSOLVE_SHARED (default ../shared), KSOLVE_BIN (default: cargo build --release), KSOLVE_TREES
# (default /var/tmp/ksolve-trees), KSOLVE_LMC_FARM (default
# /var/tmp/ksolve-lmc-farm), KSOLVE_CONFORMANCE_OUT (default
# target/conformance-localmodconfig).
# Exit status: 0 all identical, 1 some case differs, 2 setup error.
set -euo pipefail

# shellcheck source=scripts/lib-ksolve.sh
source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
FARM=${KSOLVE_LMC_FARM:-/var/tmp/ksolve-lmc-farm}
OUT=$(conformance_out target/conformance-localmodconfig)
LISTS_DIR=$ROOT/kernel-fixtures/modlists

oracle() { # TREE_V BASE LIST OUTCONFIG LOG
  local farm=$FARM/$1
  cp -- "$2" "$farm/.config"
  rm -f "$farm/.config.old"
  clean_env make -s -C "$farm" LSMOD="$3" localmodconfig </dev/null >"$5" 2>&1 || return 1
  cp -- "$farm/.config" "$4"
}

write_base() { # BASE TREE_V OUT
  local -A debian=([debian-amd64]=amd64 [debian-cloud]=cloud-amd64 [debian-rt]=rt)
  local -A cachyos=([6.1]=6.1.10 [6.12]=6.12.7)
  case $1 in
    debian-*) xz -dc "$(debian_config "$2" "${debian[$1]}")" >"$3" ;;
    cachyos) cp -- "$SHARED/configs/cachyos-server-${cachyos[$2]}.config" "$3" ;;
  esac
}

# --builtin ixgbe nvme aesni_intel on the Debian base with the server list:
# the three are y and the kernel's olddefconfig leaves the result unchanged.
builtin_case() { # TREE_V BIN
  local case=$OUT/$1-debian-amd64-server-builtin
  rm -rf "$case" && mkdir -p "$case"
  write_base debian-amd64 "$1" "$case/base.config"
  clean_env "$2" --tree "$(tree_dir "$1")" --config "$case/base.config" localmodconfig \
    --modules "$LISTS_DIR/server.lsmod" --builtin ixgbe nvme aesni_intel -o "$case/ksolve.config" \
    >"$case/ksolve.log" 2>&1 || { echo "ERROR $1 builtin: ksolve failed (see $case/ksolve.log)"; return 1; }
  cp -- "$case/ksolve.config" "$case/kernel.config"
  clean_env make -s -C "$(tree_dir "$1")" KCONFIG_CONFIG="$case/kernel.config" olddefconfig \
    >"$case/kernel.log" 2>&1 || { echo "ERROR $1 builtin: the kernel failed"; return 1; }
  local s missing=0
  for s in IXGBE BLK_DEV_NVME CRYPTO_AES_NI_INTEL; do
    grep -qx "CONFIG_$s=y" "$case/ksolve.config" || { echo "DIFF  $1 builtin: $s is not y"; missing=1; }
  done
  if ! cmp -s "$case/ksolve.config" "$case/kernel.config"; then
    echo "DIFF  $1 builtin: not a fixed point of the kernel's olddefconfig"; return 1
  fi
  ((missing)) && return 1
  echo "SAME  $1-debian-amd64-server-builtin (3 modules y, olddefconfig fixed point)"
}

main() {
  local trees=() lists=() v l b status=0 n=0 same=0
  while (($#)); do
    case $1 in
      --tree) trees+=("$2"); shift 2 ;;
      --list) lists+=("$2"); shift 2 ;;
      -h|--help) usage_from_header; exit 0 ;;
      *) die "unknown argument $1" ;;
    esac
  done
  ((${#trees[@]})) || trees=(6.1 6.12)
  if ((${#lists[@]} == 0)); then
    for l in "$LISTS_DIR"/*; do lists+=("$(basename "$l")"); done
  fi
  local bin
  find_ksolve
  bin=$KSOLVE
  for v in "${trees[@]}"; do
    symlink_farm "$(tree_dir "$v")" "$FARM/$v"
    for b in debian-amd64 debian-cloud debian-rt cachyos; do
    for l in "${lists[@]}"; do
      local name=$v-$b-${l%.*}
      local case=$OUT/$name list=$LISTS_DIR/$l
      rm -rf "$case" && mkdir -p "$case"
      write_base "$b" "$v" "$case/base.config" || die "no base $b for $v"
      n=$((n + 1))
      if ! oracle "$v" "$case/base.config" "$list" "$case/kernel.config" "$case/kernel.log"; then
        echo "ERROR $name: the kernel failed (see $case/kernel.log)"; status=1; continue
      fi
      if ! clean_env "$bin" --tree "$(tree_dir "$v")" --config "$case/base.config" \
          localmodconfig --modules "$list" -o "$case/ksolve.config" >"$case/ksolve.log" 2>&1; then
        echo "ERROR $name: ksolve failed (see $case/ksolve.log)"; status=1; continue
      fi
      if cmp -s "$case/kernel.config" "$case/ksolve.config"; then
        echo "SAME  $name"; same=$((same + 1))
      else
        diff -u "$case/kernel.config" "$case/ksolve.config" >"$case/diff" || true
        echo "DIFF  $name: $(grep -c '^[-+][^-+]' "$case/diff") lines (see $case/diff)"; status=1
      fi
    done
    done
    builtin_case "$v" "$bin" || status=1
    n=$((n + 1)); ((status)) || same=$((same + 1))
  done
  echo "conformance-localmodconfig: $same/$n identical"
  return $status
}

main "$@"
