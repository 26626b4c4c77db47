# pytest plugin for the kernel's own scripts/kconfig/tests (their
# conftest.py runs scripts/kconfig/conf in a temporary directory and checks
# its exit status, stdout, stderr and written file).
#
# With KSOLVE_BIN set, every run of conf becomes a run of ksolve instead
# (the `Conf` class of the suite's conftest.py is patched as it loads; the
# suite itself is not edited). Without it the suite runs the real conf: the
# baseline. Either way every `assert` statement of every test is accounted
# for, and the account is written as JSON to KCONFIG_TESTS_REPORT:
#   passed           executed and held (or, in a passing test, not needed:
#                    the `else: assert False` of a loop that found its match)
#   failed           did not hold, or was never reached because an earlier
#                    one failed
#   not-implemented  depends on a conf mode ksolve does not have (the test
#                    stops there: it and every later assert of the test)
#
# conf modes -> ksolve (see mode_command):
#   --olddefconfig            ksolve olddefconfig
#   --oldaskconfig/--oldconfig with no typed answers (the suite only presses
#                             Enter, so every question takes its default):
#                             ksolve olddefconfig. What those modes print on
#                             stdout besides the Kconfig's own $(info) is
#                             conf's question transcript, which ksolve does not
#                             write: a stdout check whose expected text has a
#                             question in it is not-implemented.
#   the same with typed answers (in_keys)   not-implemented
#   --allyesconfig ... --randconfig, --savedefconfig, --defconfig=F,
#   --listnewconfig, --helpnewconfig
#                             `ksolve allyesconfig` ... of the same name, the
#                             last two with the .config as --config and
#                             stdout their whole answer (not-implemented
#                             while ksolve has no such command). No test of
#                             5.10 ... 7.3 runs either: conftest.py has a
#                             listnewconfig() method only.
import ast
import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest

KSOLVE = os.environ.get('KSOLVE_BIN')
REPORT = os.environ.get('KCONFIG_TESTS_REPORT')
NOT_IMPLEMENTED = 'ksolve does not implement: '

# A question as conf prints it: "Prompt (SYM) [Y/n/?] (NEW)", "choice[1-2?]:",
# "Prompt (SYM) [default] (NEW)".
QUESTION = re.compile(r'\[[^\]\n]*\?\]|\(NEW\)')

_ksolve_commands = None


def ksolve_commands():
    """The subcommands `ksolve --help` lists."""
    global _ksolve_commands
    if _ksolve_commands is None:
        out = subprocess.run([KSOLVE, '--help'], capture_output=True, text=True).stdout
        section = out.split('Commands:', 1)[-1].split('\n\n', 1)[0]
        _ksolve_commands = {l.split()[0] for l in section.splitlines() if l.strip()}
    return _ksolve_commands


def not_implemented(what):
    pytest.skip(NOT_IMPLEMENTED + what)


def mode_command(mode, in_keys, out_file):
    """The ksolve subcommand and its arguments for conf's MODE; whether the
    run stands in for an interactive one."""
    name, _, value = mode.lstrip('-').partition('=')
    if name in ('oldaskconfig', 'oldconfig'):
        if in_keys:
            not_implemented('answers typed at conf --%s questions (%r)' % (name, in_keys))
        return ['olddefconfig', '-o', '.config'], True
    if name == 'olddefconfig':
        return ['olddefconfig', '-o', '.config'], False
    if name not in ksolve_commands():
        not_implemented('conf --%s (no `ksolve %s`)' % (name, name))
    if name == 'savedefconfig':
        return [name, '-o', value or out_file], False
    if name == 'defconfig':
        return [name] + ([value] if value else []), False
    if name in ('listnewconfig', 'helpnewconfig'):
        return [name], False
    return [name, '-o', '.config'], False


def run_ksolve(self, mode, dot_config=None, out_file='.config', interactive=False,
               in_keys=None, extra_env={}, silent=False):
    """Conf._run_conf with ksolve: same temporary directory, environment
    and results (retcode, stdout, stderr, config)."""
    args, stands_in = mode_command(mode, in_keys, out_file)
    env = dict(os.environ, **extra_env)
    env['srctree'] = self._test_dir
    env['KCONFIG_DEFCONFIG_LIST'] = ''
    with tempfile.TemporaryDirectory() as temp_dir:
        config = os.path.join(temp_dir, '.config')
        if dot_config:
            shutil.copyfile(os.path.join(self._test_dir, dot_config), config)
        else:
            # conf starts from nothing when there is no .config; ksolve
            # wants its base named, and an empty one is nothing.
            open(config, 'w').close()
        # conf -s only silences conf's own progress lines, which ksolve
        # never prints: no flag.
        command = [KSOLVE, '--tree', self._test_dir, '--config', '.config'] + args
        ps = subprocess.run(command, cwd=temp_dir, env=env, stdin=subprocess.DEVNULL,
                            capture_output=True)
        self.retcode = ps.returncode
        self.stdout = ps.stdout.decode()
        self.stderr = ps.stderr.decode()
        self._stands_in_for_questions = stands_in
        self.config = None
        if self.retcode == 0 and out_file:
            with open(os.path.join(temp_dir, out_file)) as f:
                self.config = f.read()
    print('[command]\n{}\n'.format(' '.join(command)))
    print('[retcode]\n{}\n'.format(self.retcode))
    print('[stdout]\n{}\n[stderr]\n{}'.format(self.stdout, self.stderr))
    if self.config is not None:
        print("[output for '{}']\n{}".format(out_file, self.config))
    return self.retcode


def stdout_check(original):
    def check(self, expected):
        if getattr(self, '_stands_in_for_questions', False):
            with open(os.path.join(self._test_dir, expected)) as f:
                if QUESTION.search(f.read()):
                    not_implemented("conf's question transcript on stdout (%s)" % expected)
        return original(self, expected)
    return check


def pytest_plugin_registered(plugin, manager):
    conf = getattr(plugin, 'Conf', None)
    if KSOLVE and isinstance(conf, type) and hasattr(conf, '_run_conf'):
        conf._run_conf = run_ksolve
        conf.stdout_contains = stdout_check(conf.stdout_contains)
        conf.stdout_matches = stdout_check(conf.stdout_matches)


# ---------------------------------------------------------------- accounting
_asserts = {}   # nodeid -> {first line of an assert: its span}
_status = {}    # nodeid -> {line: status}
_reasons = {}   # nodeid -> why not implemented


def assert_spans(item):
    """The assert statements of the test function: first line -> last line."""
    with open(str(item.fspath)) as f:
        tree = ast.parse(f.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == item.originalname:
            return {a.lineno: a.end_lineno for a in ast.walk(node) if isinstance(a, ast.Assert)}
    return {}


def pytest_runtest_setup(item):
    _asserts[item.nodeid] = assert_spans(item)
    _status[item.nodeid] = {}


def pytest_assertion_pass(item, lineno, orig, expl):
    _status[item.nodeid].setdefault(lineno, 'passed')


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.when != 'call':
        return
    spans = _asserts[item.nodeid]
    status = _status[item.nodeid]
    if report.passed:
        for line in spans:
            status.setdefault(line, 'passed')
        return
    stopped_at = None
    if call.excinfo is not None:
        for entry in reversed(call.excinfo.traceback):
            if str(entry.path) == str(item.fspath):
                stopped_at = entry.lineno + 1
                break
    skipped = report.skipped and NOT_IMPLEMENTED in str(call.excinfo.value)
    if skipped:
        _reasons[item.nodeid] = str(call.excinfo.value).split(NOT_IMPLEMENTED, 1)[1]
    for first, last in spans.items():
        here = stopped_at is not None and first <= stopped_at <= last
        if here:
            status[first] = 'not-implemented' if skipped else 'failed'
        elif status.get(first) != 'passed':
            status[first] = 'not-implemented' if skipped else 'failed'


def pytest_sessionfinish(session, exitstatus):
    if not REPORT:
        return
    tests = []
    for nodeid, spans in _asserts.items():
        status = _status.get(nodeid, {})
        tests.append({
            'test': nodeid,
            'asserts': [{'line': l, 'status': status.get(l, 'failed')} for l in sorted(spans)],
            'not_implemented': _reasons.get(nodeid),
        })
    with open(REPORT, 'w') as f:
        json.dump({'runner': 'ksolve' if KSOLVE else 'conf', 'tests': tests}, f, indent=1)
