#!/usr/bin/env bash
# Stand-in for `ksolve olddefconfig`, used by `scripts/conformance.sh --self-test`
# to check the harness itself before ksolve exists (or when it is suspect).
#
# It accepts ksolve's command line and answers with the kernel's own result,
# computed independently of the harness (its own merge_config.sh run and its
# own `make olddefconfig` in a private temp dir, no cache), so a self-test that
# reports everything identical shows that the harness passes ksolve all it
# needs and compares the right files. With KSOLVE_FAKE_PERTURB=1 in its
# environment it flips the first `=y` line of its output to "is not set", so
# the harness must report a difference.
set -euo pipefail

tree='' arch='' config='' out='' sub=''
fragments=()
while (($#)); do
  case $1 in
    --tree) tree=$2; shift 2 ;;
    --arch) arch=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --probes) shift 2 ;;
    -o) out=$2; shift 2 ;;
    olddefconfig) sub=$1; shift ;;
    -*) echo "fake-ksolve: unknown option $1" >&2; exit 2 ;;
    *) [[ -n $sub ]] || { echo "fake-ksolve: unknown command $1" >&2; exit 2; }
       fragments+=("$(realpath -- "$1")"); shift ;;
  esac
done
[[ $sub == olddefconfig && -n $tree && -n $out ]] || {
  echo "usage: fake-ksolve --tree DIR [--arch A] [--config F] olddefconfig [FRAG...] -o OUT" >&2
  exit 2
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ -n $config ]]; then cp -- "$config" "$work/base"; else : >"$work/base"; fi
if ((${#fragments[@]})); then
  (cd "$work" && bash "$tree/scripts/kconfig/merge_config.sh" -m -O "$work" base "${fragments[@]}" >/dev/null)
else
  cp -- "$work/base" "$work/.config"
fi
make -s -C "$tree" KCONFIG_CONFIG="$work/.config" ${arch:+ARCH="$arch"} olddefconfig >&2
if [[ ${KSOLVE_FAKE_PERTURB:-} == 1 ]]; then
  sed -i '0,/^CONFIG_\([A-Za-z0-9_]*\)=y$/s//# CONFIG_\1 is not set/' "$work/.config"
fi
cp -- "$work/.config" "$out"
