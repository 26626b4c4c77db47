#!/usr/bin/env bash
# Starting without a .config (issue 18): `make olddefconfig` with
# KCONFIG_CONFIG naming a file that does not exist reads the first file of
# the tree's defconfig list (here arch/x86/configs/x86_64_defconfig, as the
# host's /lib/modules/$(uname -r)/.config, /etc/kernel-config and
# /boot/config-$(uname -r) are absent) and says `# using defaults found in
# FILE`. ksolve must write the same config byte for byte and print the same
# message.
#
#   scripts/conformance-defconfig-list.sh [--tree V]...   (default 5.10 6.12 7.3)
#
# The shared trees are not clean enough for `make O=DIR` (make refuses an
# out-of-tree build next to include/config), so the object tree is the
# source tree and KCONFIG_CONFIG points into an empty directory, which is
# what an empty O= directory gives conf too (relative names are read from
# the object tree, then from $srctree). Prints N/M identical; exit 0 when
# all are, 1 otherwise, 2 on a setup error.
set -euo pipefail
die() { echo "conformance-defconfig-list: $*" >&2; exit 2; }

ROOT=$(git -C "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")" rev-parse --show-toplevel)
# shellcheck source=lib-ksolve.sh
source "$ROOT/scripts/lib-ksolve.sh"
TREES_DIR=${KSOLVE_TREES:-/var/tmp/ksolve-trees}
CLEAN_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
TREES=()
while (($#)); do
  case $1 in
    --tree) TREES+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
done
((${#TREES[@]})) || TREES=(5.10 6.12 7.3)
find_ksolve
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

same=0 total=0
for v in "${TREES[@]}"; do
  tree=$TREES_DIR/linux-source-$v
  [[ -d $tree ]] || die "missing $tree"
  mkdir -p "$WORK/$v/kernel" "$WORK/$v/ksolve"
  (
    flock 9
    env -i PATH=$CLEAN_PATH HOME=${HOME:-/nonexistent} make --no-print-directory -C "$tree" \
      KCONFIG_CONFIG="$WORK/$v/kernel/.config" olddefconfig
  ) 9>"$TREES_DIR/.lock-$v" >"$WORK/$v/kernel.out" 2>&1 || die "make olddefconfig failed on $v"
  env -i PATH=$CLEAN_PATH HOME=${HOME:-/nonexistent} "$KSOLVE" --tree "$tree" \
    KCONFIG_CONFIG="$WORK/$v/ksolve/.config" olddefconfig -o "$WORK/$v/ksolve.config" \
    >"$WORK/$v/ksolve.out" 2>"$WORK/$v/ksolve.err" || die "ksolve failed on $v: $(head -1 "$WORK/$v/ksolve.err")"
  # conf's message is the first `#` block of make's output that names a file.
  grep -B1 -A1 '^# using defaults found in ' "$WORK/$v/kernel.out" >"$WORK/$v/kernel.msg" || true
  total=$((total + 1))
  if cmp -s "$WORK/$v/kernel/.config" "$WORK/$v/ksolve.config" && cmp -s "$WORK/$v/kernel.msg" "$WORK/$v/ksolve.out"; then
    same=$((same + 1)); echo "identical $v: $(sed -n 2p "$WORK/$v/ksolve.out")"
  else
    echo "DIFFERENT $v"; diff "$WORK/$v/kernel.msg" "$WORK/$v/ksolve.out" || true
    diff "$WORK/$v/kernel/.config" "$WORK/$v/ksolve.config" | head -10 || true
  fi
done
echo "defconfig list: $same/$total identical"
((same == total))
