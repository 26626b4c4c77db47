#!/usr/bin/env bash
# Regenerate the expected outputs of kernel-fixtures/ with the kernel's own
# `scripts/kconfig/conf` (the oracle), or check that the committed ones are
# what conf produces today.
#
#   scripts/regen-fixtures.sh [--check] [FIXTURE...]
#
# For every fixture (or the ones named):
#   1. base.config (+ fragment.config merged by the tree's merge_config.sh -m)
#      becomes the input .config;
#   2. conf --olddefconfig runs in a scratch copy of the fixture directory,
#      with an environment made only of PATH, srctree=., the lines of `env`
#      and KCONFIG_CONFIG=.config;
#   3. the written .config is stored as expected.config, stderr as
#      expected.stderr.
# A fixture's `kernel` file picks 5.10, 6.1, 6.12 (the default) or 7.3
# (transitional symbols, `depends on X if Y`: 7.3's conf only).
# Fixtures for 6.12 (the default) are also run through 6.1's conf; when its
# output or stderr differs, it is stored as expected-6.1.config and
# expected-6.1.stderr (and those files are removed when both agree again).
#
# --check regenerates into a temporary directory and diffs against the
# committed files: exit 0 when identical, 1 on any difference, 2 on error.
#
# Environment:
#   KSOLVE_TREES       where linux-source-X.Y trees are (default /var/tmp/ksolve-trees);
#                      unpacked from /usr/src/linux-source-6.X.tar.xz (installing the
#                      Debian package linux-source-6.X if needed) when missing
#   KSOLVE_CONF_CACHE  where the built conf binaries go (default /var/tmp/ksolve-conf)
set -euo pipefail

# shellcheck source=scripts/lib-ksolve.sh
source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
FIXTURES=$ROOT/kernel-fixtures
VERSIONS="6.12 6.1 5.10 7.3"
DEFAULT_VERSION=6.12

# The tree of VERSION (its source package installed when missing; the
# trees of the private list come from scripts/conformance.sh --install-only),
# then its conf, built outside the shared tree (build_conf).
ensure_conf() {
	local tarball
	tarball=$(tarball_of "$1")
	if [ ! -f "$(tree_dir "$1")/scripts/kconfig/conf.c" ] && [ ! -f "$tarball" ]; then
		log "installing linux-source-$1"
		DEBIAN_FRONTEND=noninteractive apt-get install -y "linux-source-$1" >&2 ||
			{ apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y "linux-source-$1" >&2; } ||
			die "cannot install linux-source-$1"
	fi
	ensure_tree "$1"
	build_conf "$1" "$(tree_dir "$1")" || die "building conf $1 failed"
}

fixture_version() {
	local dir=$1 v
	if [ -f "$dir/kernel" ]; then
		v=$(tr -d ' \t\r\n' <"$dir/kernel")
	else
		v=$DEFAULT_VERSION
	fi
	case " $VERSIONS " in *" $v "*) echo "$v" ;; *) die "$dir/kernel: unknown version '$v'" ;; esac
}

# run_conf VERSION FIXTURE_DIR OUT_CONFIG OUT_STDERR -> conf's exit code
run_conf() {
	local ver=$1 dir=$2 out_config=$3 out_stderr=$4
	local work src envargs=() line rc=0
	work=$(mktemp -d)
	src=$work/src
	mkdir -p "$src" "$work/merge"
	(cd "$dir" && tar cf - --exclude='expected*' --exclude=NOTES .) | (cd "$src" && tar xf -)
	rm -f "$src/.config"
	if [ -f "$dir/fragment.config" ]; then
		(cd "$work/merge" && env -i PATH="$SAFE_PATH" sh "$(tree_dir "$ver")/scripts/kconfig/merge_config.sh" \
			-m -O "$work/merge" "$dir/base.config" "$dir/fragment.config") >/dev/null
		cp "$work/merge/.config" "$src/.config"
	else
		cp "$dir/base.config" "$src/.config"
	fi
	if [ -f "$dir/env" ]; then
		while IFS= read -r line || [ -n "$line" ]; do
			case "$line" in '' | '#'*) continue ;; esac
			envargs+=("$line")
		done <"$dir/env"
	fi
	(cd "$src" && env -i PATH="$SAFE_PATH" srctree=. "${envargs[@]}" KCONFIG_CONFIG=.config \
		"$(conf_of "$ver")" --olddefconfig Kconfig >"$work/stdout" 2>"$out_stderr") || rc=$?
	if [ "$rc" -eq 0 ]; then
		cp "$src/.config" "$out_config"
	else
		: >"$out_config"
	fi
	rm -rf "$work"
	return "$rc"
}

# generate FIXTURE_DIR OUT_DIR: write expected* files for one fixture into OUT_DIR
generate() {
	local dir=$1 out=$2 name ver rc=0 rc61=0
	name=$(basename "$dir")
	[ -f "$dir/Kconfig" ] || die "$name: no Kconfig"
	[ -f "$dir/base.config" ] || die "$name: no base.config"
	ver=$(fixture_version "$dir")
	mkdir -p "$out"
	local cfg err
	cfg=$(mktemp)
	err=$(mktemp)
	run_conf "$ver" "$dir" "$cfg" "$err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		cat "$err" >&2
		rm -f "$cfg" "$err"
		die "$name: conf $ver failed (exit $rc)"
	fi
	mv "$cfg" "$out/expected.config"
	mv "$err" "$out/expected.stderr"
	chmod 644 "$out/expected.config" "$out/expected.stderr"
	if [ "$name" = example ]; then
		# the bundled example also records the base alone, without its fragment
		local tmp
		tmp=$(mktemp -d)
		(cd "$dir" && tar cf - --exclude='expected*' --exclude=NOTES --exclude=fragment.config \
			--exclude='base-only*' .) | (cd "$tmp" && tar xf -)
		run_conf "$ver" "$tmp" "$out/base-only.expected.config" "$tmp/stderr" ||
			die "$name: conf $ver failed on the base alone"
		rm -rf "$tmp"
	fi
	rm -f "$out/expected-6.1.config" "$out/expected-6.1.stderr"
	if [ "$ver" = 6.12 ]; then
		local c61 e61
		c61=$(mktemp)
		e61=$(mktemp)
		run_conf 6.1 "$dir" "$c61" "$e61" || rc61=$?
		if [ "$rc61" -ne 0 ] || ! cmp -s "$c61" "$out/expected.config" ||
			! cmp -s "$e61" "$out/expected.stderr"; then
			cp "$c61" "$out/expected-6.1.config"
			cp "$e61" "$out/expected-6.1.stderr"
			chmod 644 "$out/expected-6.1.config" "$out/expected-6.1.stderr"
			log "$name: 6.1 differs$([ "$rc61" -ne 0 ] && echo " (conf 6.1 exit $rc61)")"
		fi
		rm -f "$c61" "$e61"
	fi
}

main() {
	local check=false names=() name
	while [ $# -gt 0 ]; do
		case "$1" in
		--check) check=true ;;
		-h | --help) usage_from_header; exit 0 ;;
		-*) die "unknown option $1" ;;
		*) names+=("${1%/}") ;;
		esac
		shift
	done
	if [ ${#names[@]} -eq 0 ]; then
		for d in "$FIXTURES"/*/; do
			[ -f "$d/Kconfig" ] && names+=("$(basename "$d")")
		done
	fi
	for v in $VERSIONS; do ensure_conf "$v"; done

	if ! $check; then
		for name in "${names[@]}"; do
			generate "$FIXTURES/$(basename "$name")" "$FIXTURES/$(basename "$name")"
		done
		return 0
	fi

	local status=0 f
	CHECK_TMP=$(mktemp -d)
	trap 'rm -rf "$CHECK_TMP"' EXIT
	local tmp=$CHECK_TMP
	for name in "${names[@]}"; do
		name=$(basename "$name")
		generate "$FIXTURES/$name" "$tmp/$name"
		for f in expected.config expected.stderr expected-6.1.config expected-6.1.stderr base-only.expected.config; do
			if [ -f "$tmp/$name/$f" ] || [ -f "$FIXTURES/$name/$f" ]; then
				if ! diff -u --label "committed/$name/$f" --label "conf/$name/$f" \
					"$FIXTURES/$name/$f" "$tmp/$name/$f" 2>/dev/null; then
					[ -f "$FIXTURES/$name/$f" ] || echo "missing: $name/$f"
					[ -f "$tmp/$name/$f" ] || echo "stale: $name/$f"
					status=1
				fi
			fi
		done
	done
	[ $status -eq 0 ] && log "${#names[@]} fixtures match conf"
	return $status
}

main "$@"
