#!/usr/bin/env bash
# Real-tree conformance of `ksolve minimize`, `localmodconfig FRAGMENT` and
# `verify` (issue 17). The kernel is the oracle: every fragment ksolve
# writes is merged onto its base with the kernel's merge_config.sh -m and
# run through the kernel's own `make olddefconfig`, and the result must be
# byte for byte the target's `make olddefconfig`.
#
# Cases (6.12 tree):
#   seed          BASE = cachyos-server-6.12.7, TARGET = BASE + validator-builtins
#                 through make olddefconfig; the answer has no more lines than
#                 the fragment's effective requests (ok, per `ksolve check`)
#   distribution  BASE = Debian's amd64 6.12 config, TARGET = cachyos-server-6.12.7
#   bump          BASE = Debian's amd64 6.12 config, TARGET = cachyos-server-6.1.10
#                 (an old config on the new tree)
#   localmodconfig  `localmodconfig --modules server.lsmod validator-builtins` on
#                 the CachyOS base against make LSMOD= localmodconfig, merge_config.sh
#                 -m and make olddefconfig in a private symlink farm of the tree
#   verify        `ksolve verify` of the package's own /boot/config on the real
#                 /usr/lib/modules tree of a Debian linux-image-6.12 package
#                 (apt-get download + dpkg -x into /var/tmp, never installed):
#                 every line that builds a module must be builtin for =y, a
#                 module for =m, absent for "is not set"
#
# Environment: KSOLVE_BIN (default: cargo build --release, target/release/ksolve),
# KSOLVE_TREES, KSOLVE_SHARED, KSOLVE_CONFORMANCE_OUT (default
# target/conformance-minimize), KSOLVE_CASES (default: seed distribution
# verify). Exit status: 0 all pass, 1 a case fails,
# 2 setup error. Timings are printed per case (wall clock of ksolve alone).
set -euo pipefail

# shellcheck source=scripts/lib-ksolve.sh
source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
OUT=$(conformance_out target/conformance-minimize)
TREE=$(tree_dir 6.12)
DEB_CACHE=/var/tmp/ksolve-debs
FAILED=0

find_ksolve
[[ -f $TREE/Kconfig ]] || die "$TREE: no kernel tree"
mkdir -p "$OUT"

# ksolve in the clean environment, timed: ks CASE_DIR ARGS... (ms in CASE_DIR/ms)
ks() {
  local dir=$1 t0 t1 rc=0; shift
  t0=$(date +%s%N)
  clean_env "$KSOLVE" --tree "$TREE" "$@" 2>>"$dir/ksolve.log" || rc=$?
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000)) >"$dir/ms"
  return $rc
}

# The kernel's olddefconfig of BASE merged with FRAGMENTS: kernel_olddefconfig OUT BASE [FRAGMENT...]
kernel_olddefconfig() {
  local out=$1 base=$2 tmp; shift 2
  tmp=$(mktemp -d)
  if (($#)); then
    merge_config "$TREE" "$tmp/.config" "$tmp/merge.log" "$base" "$@" \
      || { cat "$tmp/merge.log" >&2; rm -rf "$tmp"; return 1; }
  else
    cp -- "$base" "$tmp/.config"
  fi
  with_tree_lock 6.12 clean_env make -s -C "$TREE" KCONFIG_CONFIG="$tmp/.config" olddefconfig \
    >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; rm -rf "$tmp"; return 1; }
  mv -- "$tmp/.config" "$out"
  rm -rf "$tmp"
}

# conf's header is the comment block before the first blank line.
body() { sed '1,/^$/d' "$1"; }

result() {
  local name=$1 status=$2 detail=$3
  printf '%-14s %-5s %s\n' "$name" "$status" "$detail"
  [[ $status == PASS ]] || FAILED=1
}

# minimize_case NAME BASE TARGET [MAX_LINES]: the fragment ksolve prints,
# applied by the kernel, gives the target's olddefconfig byte for byte.
minimize_case() {
  local name=$1 base=$2 target=$3 max=${4:-} dir=$OUT/$1 rc=0 lines ms
  rm -rf "$dir" && mkdir -p "$dir"
  cp -- "$base" "$dir/base.config"
  kernel_olddefconfig "$dir/target.kernel.config" "$target" \
    || { result "$name" ERROR "kernel olddefconfig of the target failed"; return; }
  ks "$dir" --config "$dir/base.config" minimize "$target" -o "$dir/fragment.config" || rc=$?
  ms=$(cat "$dir/ms")
  [[ -f $dir/fragment.config ]] || { result "$name" ERROR "ksolve minimize exit $rc: $(tail -n1 "$dir/ksolve.log")"; return; }
  lines=$(grep -cE '^(CONFIG_|# CONFIG_.* is not set$)' "$dir/fragment.config" || true)
  kernel_olddefconfig "$dir/result.kernel.config" "$dir/base.config" "$dir/fragment.config" \
    || { result "$name" ERROR "kernel olddefconfig of base + fragment failed"; return; }
  if ! diff -u <(body "$dir/target.kernel.config") <(body "$dir/result.kernel.config") >"$dir/result.diff"; then
    result "$name" FAIL "$lines lines, $(grep -c '^[-+][^-+]' "$dir/result.diff") lines differ (exit $rc, ${ms} ms)"
    return
  fi
  if [[ -n $max ]] && ((lines > max)); then
    result "$name" FAIL "$lines lines > $max effective requests (${ms} ms)"
    return
  fi
  result "$name" PASS "$lines lines${max:+ (<= $max)}, identical through make olddefconfig, exit $rc, ${ms} ms"
}

# The effective requests of the seed fragment: ok per `ksolve check`.
effective_requests() {
  local dir=$OUT/seed-check
  mkdir -p "$dir"
  ks "$dir" --config "$1" check --format json "$2" >"$dir/check.json" || true
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["ok"])' "$dir/check.json"
}

seed_case() {
  local base=$SHARED/configs/cachyos-server-6.12.7.config
  local frag=$SHARED/fragments/validator-builtins.config dir=$OUT/seed-target
  mkdir -p "$dir"
  kernel_olddefconfig "$dir/target.config" "$base" "$frag" || die "seed target"
  minimize_case seed "$base" "$dir/target.config" "$(effective_requests "$base" "$frag")"
}

distribution_case() {
  local dir=$OUT/distribution-base
  mkdir -p "$dir"
  xz -dc "$(debian_config 6.12 amd64)" >"$dir/debian-amd64.config"
  minimize_case distribution "$dir/debian-amd64.config" "$SHARED/configs/cachyos-server-6.12.7.config"
}

# Across a bump: the CachyOS 6.1 config as TARGET on the 6.12 tree with
# Debian's 6.12 base: the fragment that carries the old choices across.
bump_case() {
  local dir=$OUT/distribution-base
  mkdir -p "$dir"
  xz -dc "$(debian_config 6.12 amd64)" >"$dir/debian-amd64.config"
  minimize_case bump "$dir/debian-amd64.config" "$SHARED/configs/cachyos-server-6.1.10.config"
}

# localmodconfig --modules LIST FRAGMENT: the kernel's make LSMOD=LIST
# localmodconfig, merge_config.sh -m of the fragment, make olddefconfig.
localmodconfig_case() {
  local dir=$OUT/localmodconfig farm rc=0 list=$ROOT/kernel-fixtures/modlists/server.lsmod
  local frag=$SHARED/fragments/validator-builtins.config
  rm -rf "$dir" && mkdir -p "$dir"
  cp -- "$SHARED/configs/cachyos-server-6.12.7.config" "$dir/base.config"
  # localmodconfig writes .config in the object tree: a private farm.
  farm=$OUT/farm-6.12
  symlink_farm "$TREE" "$farm"
  cp -- "$dir/base.config" "$farm/.config"
  rm -f "$farm/.config.old"
  clean_env make -s -C "$farm" LSMOD="$list" localmodconfig </dev/null >"$dir/kernel.log" 2>&1 \
    || { result localmodconfig ERROR "make localmodconfig failed"; return; }
  cp -- "$farm/.config" "$dir/localmod.kernel.config"
  kernel_olddefconfig "$dir/kernel.config" "$dir/localmod.kernel.config" "$frag" \
    || { result localmodconfig ERROR "kernel merge + olddefconfig failed"; return; }
  ks "$dir" --config "$dir/base.config" localmodconfig --modules "$list" "$frag" -o "$dir/ksolve.config" || rc=$?
  [[ -f $dir/ksolve.config ]] || { result localmodconfig ERROR "ksolve exit $rc"; return; }
  if cmp -s "$dir/kernel.config" "$dir/ksolve.config"; then
    result localmodconfig PASS "server.lsmod + validator fragment identical, check exit $rc, $(cat "$dir/ms") ms"
  else
    diff -u "$dir/kernel.config" "$dir/ksolve.config" >"$dir/diff" || true
    result localmodconfig FAIL "$(grep -c '^[-+][^-+]' "$dir/diff") lines differ"
  fi
}

# A Debian 6.12 image package's tree, unpacked once; prints its modules dir.
debian_image() {
  local deb dir=$DEB_CACHE/image
  if [[ ! -d $dir/usr/lib/modules ]]; then
    mkdir -p "$DEB_CACHE"
    deb=$(debian_deb)
    if [[ -z $deb ]]; then
      (cd "$DEB_CACHE" && apt_private apt-get download "$(debian_image_package)") >&2 || return 1
      deb=$(debian_deb)
    fi
    [[ -n $deb ]] || return 1
    rm -rf "$dir.new" && mkdir -p "$dir.new" && dpkg -x "$deb" "$dir.new" && mv -T "$dir.new" "$dir"
  fi
  ls -d "$dir"/usr/lib/modules/* | head -n1
}

debian_deb() {
  ls "$DEB_CACHE"/linux-image-6.12.*-amd64_*.deb "$DEB_CACHE"/linux-image-6.12.*-amd64-unsigned_*.deb \
    2>/dev/null | head -n1 || true
}

debian_image_package() {
  apt_private apt-cache pkgnames linux-image-6.12 \
    | grep -E '^linux-image-6\.12\.[0-9]+\+deb[0-9]+-amd64-unsigned$' | sort -V | tail -n1
}

# The package's own /boot/config is the oracle: verify, reading only the
# modules directory (modules.builtin, modinfo, .ko files), must call every
# =y line that builds a module builtin, every =m line a module and every
# "is not set" line absent.
verify_case() {
  local dir=$OUT/verify mods release boot rc=0
  rm -rf "$dir" && mkdir -p "$dir"
  mods=$(debian_image) || { result verify ERROR "cannot fetch a linux-image-6.12 package"; return; }
  release=$(basename "$mods")
  boot=$(dirname "$(dirname "$(dirname "$mods")")")/../boot/config-$release
  [[ -f $boot ]] || { result verify ERROR "$boot: no config in the package"; return; }
  ks "$dir" verify --modules-dir "$mods" --format json "$boot" >"$dir/verify.json" || rc=$?
  python3 - "$dir/verify.json" <<'PY' >"$dir/summary.txt" 2>&1 || { result verify FAIL "$(tail -n1 "$dir/summary.txt")"; return; }
import collections, json, sys
r = json.load(open(sys.argv[1]))
count = collections.Counter()
wrong = []
for l in r["lines"]:
    count[l["status"]] += 1
    want = {"y": "builtin", "m": "module", "n": "absent"}.get(l["line"].split("=")[-1] if "=" in l["line"] else "n")
    if l["status"] in ("builtin", "module", "absent", "mixed") and l["status"] != want:
        wrong.append(f'{l["line"]}: {l["status"]} {[m["name"] + ":" + m["found"] for m in l["modules"]]}')
for w in wrong:
    print(w)
print(dict(count), "wrong:", len(wrong))
sys.exit(1 if wrong else 0)
PY
  result verify PASS "$release: $(tail -n1 "$dir/summary.txt"), exit $rc, $(cat "$dir/ms") ms"
}

for c in ${KSOLVE_CASES:-seed distribution bump localmodconfig verify}; do
  declare -F "${c}_case" >/dev/null || die "$c: no such case (seed, distribution, bump, localmodconfig, verify)"
  "${c}_case"
done
exit $FAILED
