"""The pytest plugin, run in a throwaway pytest (pytester) over the tiny corpus and the fake embedder.

Each inner run is a subprocess: in-process runs forget the modules they imported, and
numpy, faiss and friends cannot be imported twice in one process.
"""

import shutil

import pytest

pytest_plugins = ["pytester"]

GOLDEN = """\
- id: cats-sleep
  question: How long do cats sleep each day?
  expect_doc: cats
  expect_any: ["sixteen hours"]
  tags: [cats]
- id: etna-where
  question: Where is Mount Etna?
  expect_any: ["in Sicily"]
- id: cats-colour
  question: How long do cats sleep each day?
  expect_doc: cats
  expect_any: ["purple elephants"]
- id: football
  question: Who won the football match yesterday?
  expect_abstain: true
"""

# The project's tests override the engine fixture the same way (tests/golden/conftest.py).
CONFTEST = """\
import pytest

@pytest.fixture(scope="session")
def qa_golden_engine(tmp_path_factory):
    from pathlib import Path
    from index.embed import HashEmbedder
    from qa.config import Settings
    from qa.engine import Engine

    with open("engine-loads.txt", "a") as f:
        f.write("load\\n")
    settings = Settings(docs=Path("docs").resolve(), store=tmp_path_factory.mktemp("store"), abstain_below=0.2)
    return Engine(settings, embedder=HashEmbedder(), log=lambda m: None)
"""


@pytest.fixture
def project(pytester, tiny_docs):
    shutil.copytree(tiny_docs, pytester.path / "docs")
    pytester.makeconftest(CONFTEST)
    pytester.makeini("[pytest]\ntestpaths = tests\naddopts = -p no:cacheprovider\n")
    (pytester.path / "tests" / "golden").mkdir(parents=True)
    (pytester.path / "tests" / "golden" / "tiny.yaml").write_text(GOLDEN)
    (pytester.path / "tests" / "test_other.py").write_text("def test_other():\n    assert True\n")
    return pytester


def loads(project) -> int:
    f = project.path / "engine-loads.txt"
    return len(f.read_text().splitlines()) if f.exists() else 0


def test_one_item_per_entry_with_its_id_and_other_yaml_left_alone(project):
    (project.path / "tests" / "golden" / "settings.yaml").write_text("threshold: 0.5\nmodes: [a, b]\n")
    (project.path / "tests" / "questions.yaml").write_text(GOLDEN)  # golden-looking, but not in a golden folder
    result = project.runpytest_subprocess("tests/", "--golden", "--collect-only", "-q")
    ids = [line for line in result.outlines if line.startswith("tests/")]
    assert ids == [f"tests/golden/tiny.yaml::{i}" for i in ["cats-sleep", "etna-where", "cats-colour", "football"]] + ["tests/test_other.py::test_other"]
    assert loads(project) == 0  # collecting never loads the engine


def test_run_passes_fails_and_explains(project):
    result = project.runpytest_subprocess("tests/golden/", "-v")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines([
        "*tiny.yaml::cats-sleep PASSED*",
        "*tiny.yaml::cats-colour FAILED*",
        "FAIL cats-colour: no expected phrase in the top 3 quotes (*tiny.yaml:9)",
        "  question: How long do cats sleep each day?",
        "  expected: a cited quote among the top 3 from cats containing one of: 'purple elephants'",
        "  [[]1[]] cats *:* “*sixteen hours*”",
    ])
    assert loads(project) == 1  # one engine for the whole run


def test_plain_run_collects_but_deselects_golden_entries(project):
    result = project.runpytest_subprocess()
    result.assert_outcomes(passed=1, deselected=4)
    result.stdout.fnmatch_lines(["qa golden: 4 golden entries collected but not run*"])
    assert loads(project) == 0


@pytest.mark.parametrize("args", [["--golden"], ["-m", "golden"]])
def test_golden_entries_run_when_asked_for(project, args):
    result = project.runpytest_subprocess(*args)
    result.assert_outcomes(passed=3 + (args[0] == "--golden"), failed=1, deselected=0 if args[0] == "--golden" else 1)


def test_select_by_tag_with_another_mode(project):
    result = project.runpytest_subprocess("tests/golden/", "-k", "cats and not colour", "--golden-mode", "bm25")
    result.assert_outcomes(passed=1, deselected=3)


def test_broken_file_is_a_collection_error_naming_file_entry_and_key_even_in_a_plain_run(project):
    (project.path / "tests" / "golden" / "tiny.yaml").write_text(GOLDEN + "  expect_abstian: true\n")
    result = project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*tiny.yaml: entry football (line 13): expect_abstian: unknown key*"])
