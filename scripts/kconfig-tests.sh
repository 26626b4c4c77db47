#!/usr/bin/env bash
# The kernel's own Kconfig test suite (scripts/kconfig/tests, pytest) of
# each tree, run twice: against the tree's real conf (the baseline: it must
# pass everything) and against ksolve, through our plugin
# scripts/kconfig-tests/ksolve_shim.py, which runs ksolve where the suite
# runs conf and accounts for every `assert` of every test (see its header
# for how conf's modes map to ksolve commands).
#
#   scripts/kconfig-tests.sh [--tree 6.12|7.3]... [--only conf|ksolve] [-k EXPR]
#
# Prints per tree the assertions conf and ksolve pass; assertions that need
# a mode ksolve does not have are listed as not implemented and never
# counted as passed. Exit status: 0 when conf passes every assertion and
# ksolve every applicable one, 1 when one fails, 2 on a setup error.
#
# Environment: KSOLVE_BIN (default: cargo build --release, target/release/ksolve),
# KSOLVE_TREES (default /var/tmp/ksolve-trees), KSOLVE_CONF_CACHE (where conf
# is built, default /var/tmp/ksolve-conf), KCONFIG_TESTS_PYTHON (a python3
# with pytest, default /usr/bin/python3; python3-pytest is installed with
# apt-get when neither has it), KCONFIG_TESTS_OUT (reports and logs, default
# target/kconfig-tests).
set -euo pipefail

# shellcheck source=scripts/lib-ksolve.sh
source "$(dirname "$(realpath -- "${BASH_SOURCE[0]}")")/lib-ksolve.sh"
OUT=${KCONFIG_TESTS_OUT:-$ROOT/target/kconfig-tests}
PYTHON=${KCONFIG_TESTS_PYTHON:-/usr/bin/python3}

TREE_LIST=() RUNNERS=(conf ksolve) PYTEST_K=()
while (($#)); do
	case $1 in
	--tree) [[ $# -ge 2 ]] || die "--tree needs a value"; TREE_LIST+=("$2"); shift 2 ;;
	--only) [[ ${2:-} == conf || ${2:-} == ksolve ]] || die "--only conf|ksolve"; RUNNERS=("$2"); shift 2 ;;
	-k) [[ $# -ge 2 ]] || die "-k needs an expression"; PYTEST_K=(-k "$2"); shift 2 ;;
	-h | --help) usage_from_header; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done
((${#TREE_LIST[@]})) || TREE_LIST=(6.12 7.3)

ensure_pytest() {
	"$PYTHON" -c 'import pytest' 2>/dev/null && return 0
	log "installing python3-pytest"
	DEBIAN_FRONTEND=noninteractive apt-get install -y python3-pytest >&2 ||
		die "no pytest for $PYTHON (set KCONFIG_TESTS_PYTHON)"
	"$PYTHON" -c 'import pytest' || die "no pytest for $PYTHON"
}

# run_suite VERSION RUNNER: the suite of one tree in a scratch copy (the
# suite runs conf as ./scripts/kconfig/conf of the current directory).
run_suite() {
	local ver=$1 runner=$2 tree work rc=0
	tree=$(tree_dir "$ver")
	[[ -d $tree/scripts/kconfig/tests ]] || die "$tree/scripts/kconfig/tests: missing"
	work=$OUT/$ver-$runner
	rm -rf "$work"
	mkdir -p "$work/scripts/kconfig"
	cp -a "$tree/scripts/kconfig/tests" "$work/scripts/kconfig/"
	local env=(PATH="$CLEAN_PATH" HOME="$CLEAN_HOME" LC_ALL=C.UTF-8
		PYTHONPATH="$ROOT/scripts/kconfig-tests" PYTHONDONTWRITEBYTECODE=1
		KCONFIG_TESTS_REPORT="$work/report.json")
	if [[ $runner == conf ]]; then
		build_conf "$ver" "$tree" || die "building conf $ver failed"
		ln -s "$(conf_of "$ver")" "$work/scripts/kconfig/conf"
	else
		env+=(KSOLVE_BIN="$KSOLVE")
	fi
	# Each test directory named on the command line: pytest only rewrites
	# the asserts of a package's __init__.py (what reports each passing
	# assert to the plugin) when its directory was named.
	local dirs
	mapfile -t dirs < <(cd "$work" && find scripts/kconfig/tests -name __init__.py -printf '%h\n' | sort)
	(cd "$work" && env -i "${env[@]}" "$PYTHON" -m pytest -p no:cacheprovider -p ksolve_shim \
		-o enable_assertion_pass_hook=true -rs "${PYTEST_K[@]}" "${dirs[@]}") \
		>"$work/pytest.log" 2>&1 || rc=$?
	# pytest: 0 all passed, 1 some failed; anything else is a harness error.
	if ((rc > 1)) || [[ ! -f $work/report.json ]]; then
		cat "$work/pytest.log" >&2
		die "$ver $runner: pytest exit $rc"
	fi
}

summarize() {
	"$PYTHON" - "$OUT" "$@" <<'PY'
import json, os, sys
out, runs = sys.argv[1], sys.argv[2:]
failed = False
for run in runs:
    ver, runner = run.split(':')
    with open(os.path.join(out, '%s-%s' % (ver, runner), 'report.json')) as f:
        tests = json.load(f)['tests']
    count = {'passed': 0, 'failed': 0, 'not-implemented': 0}
    lines = []
    for t in tests:
        st = [a['status'] for a in t['asserts']]
        for s in st:
            count[s] += 1
        name = t['test'].replace('scripts/kconfig/tests/', '').replace('/__init__.py', '')
        marks = ' '.join({'passed': '+', 'failed': 'F', 'not-implemented': '-'}[s] for s in st)
        note = ''
        if 'failed' in st:
            note = 'FAILED'
        elif t['not_implemented']:
            note = 'not implemented: ' + t['not_implemented']
        lines.append('    %-44s %-14s %s' % (name, marks, note))
    applicable = count['passed'] + count['failed']
    print('%s %-6s %d/%d applicable assertions pass (%d failed, %d not implemented, %d tests)'
          % (ver, runner, count['passed'], applicable, count['failed'],
             count['not-implemented'], len(tests)))
    print('\n'.join(lines))
    if count['failed']:
        failed = True
print('kconfig-tests: %s' % ('FAILED (logs: %s)' % out if failed else 'all applicable assertions pass'))
sys.exit(1 if failed else 0)
PY
}

ensure_pytest
[[ " ${RUNNERS[*]} " == *" ksolve "* ]] && find_ksolve
mkdir -p "$OUT"
OUT=$(realpath -- "$OUT")
runs=()
for ver in "${TREE_LIST[@]}"; do
	for runner in "${RUNNERS[@]}"; do
		run_suite "$ver" "$runner"
		runs+=("$ver:$runner")
	done
done
summarize "${runs[@]}"
