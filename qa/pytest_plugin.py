"""pytest plugin: every entry of a golden YAML file is its own test item.

Registered through the ``pytest11`` entry point, so ``pytest tests/golden/``
collects ``tests/golden/seeds.yaml`` as one test per entry, named by its id
(``seeds.yaml::telegram-why``), marked ``golden``, with its tags usable in
``-k``. A failure shows the question, what was expected and the top quotes
returned, with doc and offsets. A malformed file is a collection error that
names the file, the entry and the key.

Which files: ``*.yaml``/``*.yml`` inside a folder named ``golden`` whose
entries look like golden entries (a list of mappings with ``question`` or
``id``). Other YAML is left alone.

When they run: golden entries judge answer quality, which is tuned apart from
the code, so a plain ``pytest`` over the whole tree collects them (a broken
file still fails) but deselects them. They run when asked for: a path inside
a ``golden`` folder on the command line, ``-m golden``, or ``--golden``.

The engine: the session fixture ``qa_golden_engine`` builds one ``Engine``
from the environment (``QA_DOCS``, ``QA_STORE``) the first time an entry runs,
and reuses it for the whole run. Override the fixture in a ``conftest.py`` to
use another engine (this project's ``tests/golden/conftest.py`` reuses the
session's seeds engine in a temporary store).
"""

from __future__ import annotations

from pathlib import Path

import pytest

MARKER = "golden"


def pytest_addoption(parser):
    group = parser.getgroup("qa-golden", "golden question files (qa)")
    group.addoption("--golden", action="store_true", default=False,
                    help="run golden YAML entries even when no path inside a 'golden' folder is given")
    group.addoption("--golden-mode", default="hybrid", choices=["hybrid", "dense", "bm25"],
                    help="retrieval mode for golden entries (default hybrid)")


def pytest_configure(config):
    config.addinivalue_line("markers", f"{MARKER}: one entry of a golden question file (qa); selected by path, -m golden or --golden")


@pytest.fixture(scope="session")
def qa_golden_engine():
    """One Engine for every golden entry of the run, from QA_DOCS / QA_STORE."""
    from qa.config import from_env, offline_environment

    offline_environment()
    from qa.engine import Engine

    return Engine(from_env(), log=lambda m: None)


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix in (".yaml", ".yml") and _in_golden_folder(file_path, parent.config) and _looks_golden(file_path):
        return GoldenFile.from_parent(parent, path=file_path)
    return None


def _in_golden_folder(path: Path, config) -> bool:
    try:
        parts = path.parent.relative_to(config.rootpath).parts
    except ValueError:
        parts = path.parent.parts
    return MARKER in parts


def _looks_golden(path: Path) -> bool:
    """A list of mappings with 'question' or 'id'; a file that is not YAML at all counts (to report it)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return True
    return isinstance(data, list) and any(isinstance(e, dict) and ("question" in e or "id" in e) for e in data)


class GoldenMiss(AssertionError):
    """A golden entry whose answer did not meet its expectation."""


class GoldenFile(pytest.File):
    def collect(self):
        from qa.golden import GoldenError, load_golden

        try:
            items = load_golden(self.path)
        except GoldenError as e:
            raise self.CollectError(str(e)) from e
        for item in items:
            test = GoldenEntry.from_parent(self, name=item.id, callobj=_entry_test(item, str(self.path)))
            test.golden_item = item
            test.add_marker(MARKER)
            test.extra_keyword_matches.update(item.tags)
            yield test


def _entry_test(item, file: str):
    def golden_entry(qa_golden_engine, request):
        check_entry(item, qa_golden_engine, file=file, mode=request.config.getoption("golden_mode"))

    return golden_entry


def check_entry(item, engine, *, file: str = "", mode: str = "hybrid"):
    """Ask one golden entry and raise ``GoldenMiss`` with the whole story when it does not pass."""
    from qa.evaluate import LocalAsker, run
    from qa.golden import describe

    j = run([item], LocalAsker(engine, mode=mode), file=file)[0]
    if not j.passed or j.verbatim < j.citations:
        raise GoldenMiss(describe(j))
    return j


class GoldenEntry(pytest.Function):
    golden_item = None

    def reportinfo(self):
        line = self.golden_item.line - 1 if self.golden_item and self.golden_item.line else None
        return self.path, line, f"golden {self.name}"

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, GoldenMiss):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


def _asked_for(config) -> bool:
    """True when the command line points at golden entries (path, -m golden or --golden)."""
    if config.getoption("golden") or MARKER in (config.getoption("markexpr") or ""):
        return True
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        try:
            parts = path.relative_to(config.rootpath).parts
        except ValueError:
            parts = path.parts
        if MARKER in parts or path.suffix in (".yaml", ".yml"):
            return True
    return False


def pytest_collection_modifyitems(config, items):
    if _asked_for(config):
        return
    golden = [i for i in items if isinstance(i, GoldenEntry)]
    if not golden:
        return
    config.stash[_DESELECTED] = len(golden)
    items[:] = [i for i in items if not isinstance(i, GoldenEntry)]
    config.hook.pytest_deselected(items=golden)


_DESELECTED = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter, config):
    n = config.stash.get(_DESELECTED, 0)
    if n:
        terminalreporter.write_line(f"qa golden: {n} golden entries collected but not run; "
                                    "run them with `pytest tests/golden/`, `-m golden` or `--golden`.")
