"""Run golden files against a local engine or a running server; thresholds and baselines.

``run`` asks every question of a golden file through an asker (``LocalAsker``
over an ``Engine``, or ``HttpAsker`` over a server's JSON API) and judges the
answers with ``qa.golden.judge``. ``missed`` checks a summary against the
thresholds, ``newly_failing`` compares with an earlier report; ``evaluate``
is the whole ``qa eval`` (in a comparison of modes the checks apply to the
hybrid run, the mode the product answers in). Printing and report files live
in ``qa.reports``; the argument parsing in ``qa.cli``.

Left out on purpose: retries and parallel requests. A question the engine or
the server rejects is recorded as an error for that question, not retried.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from qa.errors import QAError
from qa.golden import GoldenItem, Judgement, judge

REPORT_FORMAT = "qa-eval-report/1"
MODES = ("hybrid", "dense", "bm25")


class EvalError(QAError):
    """An evaluation that cannot run as asked (bad thresholds, unreachable server, unreadable baseline)."""


@dataclass(frozen=True)
class Thresholds:
    """The least an evaluation must reach; defaults come from ``[tool.qa.eval]`` in pyproject.toml."""

    min_hit1: float = 0.0
    min_hitk: float = 0.0
    min_abstain_recall: float = 0.0
    max_false_abstain: float = 1.0

    def with_(self, **changes) -> "Thresholds":
        return Thresholds(**{**asdict(self), **{k: v for k, v in changes.items() if v is not None}})


def thresholds_from_pyproject(path: Path | str = "pyproject.toml") -> Thresholds:
    """Thresholds from ``[tool.qa.eval]`` (keys like ``min-hit1`` or ``min_hit1``); defaults when absent."""
    import tomllib

    path = Path(path)
    if not path.is_file():
        return Thresholds()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("qa", {}).get("eval", {})
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise EvalError(f"{path}: cannot read [tool.qa.eval] ({e}); fix the file or run from another folder.") from e
    known = {f.name for f in fields(Thresholds)}
    values = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name == "baseline":
            continue  # read by baseline_from_pyproject
        if name not in known:
            raise EvalError(f"{path}: [tool.qa.eval]: {key}: unknown key; use one of {', '.join(k.replace('_', '-') for k in sorted(known))}.")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise EvalError(f"{path}: [tool.qa.eval]: {key}: must be a number between 0 and 1, not {value!r}.")
        values[name] = float(value)
    return Thresholds(**values)


def baseline_from_pyproject(path: Path | str = "pyproject.toml") -> str | None:
    """The default ``--baseline`` report, from ``baseline = "..."`` in ``[tool.qa.eval]`` (relative to that file)."""
    import tomllib

    path = Path(path)
    if not path.is_file():
        return None
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("qa", {}).get("eval", {}).get("baseline")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise EvalError(f"{path}: [tool.qa.eval]: baseline: must be the path of a `qa eval --report` file, not {value!r}.")
    return str(path.resolve().parent / value)


def missed(summary: dict, judgements: list[Judgement], t: Thresholds) -> list[str]:
    """One line per threshold missed, naming the questions responsible."""
    answerable = [j for j in judgements if not j.item.expect_abstain]
    checks = [
        ("hit@1", summary["hit@1"] < t.min_hit1, "below", t.min_hit1, "--min-hit1", [j for j in answerable if j.rank != 1]),
        ("hit@k", summary["hit@k"] < t.min_hitk, "below", t.min_hitk, "--min-hitk", [j for j in answerable if not j.passed]),
        ("abstention recall", summary["abstain_recall"] < t.min_abstain_recall, "below", t.min_abstain_recall,
         "--min-abstain-recall", [j for j in judgements if j.item.expect_abstain and not j.abstained]),
        ("false-abstention rate", summary["false_abstain"] > t.max_false_abstain, "above", t.max_false_abstain,
         "--max-false-abstain", [j for j in answerable if j.abstained]),
    ]
    key = {"hit@1": "hit@1", "hit@k": "hit@k", "abstention recall": "abstain_recall", "false-abstention rate": "false_abstain"}
    return [f"{name} {summary[key[name]]:.3f} is {side} {limit:.3f} ({option}); failing: {', '.join(j.item.id for j in culprits)}"
            for name, bad, side, limit, option, culprits in checks if bad]


def replay(item: GoldenItem, answer) -> list[dict]:
    """The conversation before ``item.question``, as a student would have had it.

    Each earlier question is asked in turn with the turns before it, and the
    real answer (``answer(question, history)``) becomes the assistant's turn,
    so a follow-up is judged on the conversation the product produces.
    """
    history: list[dict] = []
    for q in item.history:
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": answer(q, list(history))}]
    return history


class LocalAsker:
    """Asks an in-process ``Engine`` in one retrieval mode."""

    def __init__(self, engine, *, mode: str = "hybrid"):
        self.engine, self.mode = engine, mode
        self.target = str(engine.settings.docs)

    def ask(self, item: GoldenItem) -> dict:
        history = replay(item, lambda q, h: self.engine.ask(q, history=h, k=item.k, mode=self.mode).answer)
        return self.engine.ask(item.question, history=history, k=item.k, mode=self.mode).model_dump()

    def text(self, doc_id: str) -> str | None:
        from qa.errors import UnknownDocument

        try:
            return self.engine.document(doc_id)["text"]
        except UnknownDocument:
            return None


class HttpAsker:
    """Asks a running server through ``POST {url}/api/ask``; document texts from ``GET {url}/api/documents/{id}``."""

    mode = "hybrid"

    def __init__(self, url: str, *, timeout: float = 60.0):
        import httpx

        self.url = url.rstrip("/")
        self.target = self.url
        self._network_errors = httpx.HTTPError
        self.client = httpx.Client(base_url=self.url, timeout=timeout)
        self._texts: dict[str, str | None] = {}

    def _call(self, method: str, path: str, **kw):
        try:
            return self.client.request(method, path, **kw)
        except self._network_errors as e:
            raise EvalError(f"cannot reach {self.url}{path} ({type(e).__name__}: {e}); start the server with `qa serve` or check --url.") from e

    def ask(self, item: GoldenItem) -> dict:
        history = replay(item, lambda q, h: self._post({"question": q, "history": h, "k": item.k})["answer"])
        return self._post({"question": item.question, "history": history, "k": item.k})

    def _post(self, body: dict) -> dict:
        r = self._call("POST", "/api/ask", json=body)
        if r.status_code == 404:
            raise EvalError(f"{self.url} has no /api/ask (HTTP 404); point --url at the root of a `qa serve` server.")
        if r.status_code >= 400:
            raise AskFailed(_detail(r))
        try:
            return r.json()
        except ValueError as e:
            raise EvalError(f"{self.url}/api/ask did not answer with JSON; point --url at a `qa serve` server.") from e

    def text(self, doc_id: str) -> str | None:
        if doc_id not in self._texts:
            r = self._call("GET", f"/api/documents/{doc_id}")
            self._texts[doc_id] = r.json().get("text") if r.status_code == 200 else None
        return self._texts[doc_id]

    def close(self) -> None:
        self.client.close()


class AskFailed(Exception):
    """The server refused one question; recorded against that question."""


def _detail(r) -> str:
    try:
        return f"HTTP {r.status_code}: {r.json().get('detail')}"
    except ValueError:
        return f"HTTP {r.status_code}: {r.text[:200]}"


def run(items: list[GoldenItem], asker, *, file: str = "", bar=None) -> list[Judgement]:
    """Ask and judge every item; ``bar`` (a tqdm bar or None) is advanced once per question."""
    out = []
    for item in items:
        try:
            answer = asker.ask(item)
        except (QAError, AskFailed) as e:
            if isinstance(e, EvalError):
                raise
            j = Judgement(item, False, None, False, 0, 0, 0.0, {}, file=file, error=str(e))
        else:
            cited = {c["doc_id"] for c in answer.get("citations") or []}
            texts = {d: t for d in cited if (t := asker.text(d)) is not None}
            j = judge(item, answer, texts)
            j.file = file
        out.append(j)
        if bar is not None:
            bar.update(1)
    return out


def progress_bar(total: int, desc: str):
    """A tqdm bar on stderr; silent when stderr is not a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="q", file=sys.stderr, disable=None, leave=False)


def load_report(path: Path | str) -> dict:
    """A report written by ``qa eval --report``, checked enough to compare with."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise EvalError(f"{path}: cannot read the baseline ({e.strerror}); write one with `qa eval --report {path}`.") from e
    except ValueError as e:
        raise EvalError(f"{path}: the baseline is not JSON ({e}); write one with `qa eval --report {path}`.") from e
    runs = data.get("runs") if isinstance(data, dict) else None
    if (not isinstance(data, dict) or data.get("format") != REPORT_FORMAT or not isinstance(runs, list)
            or not all(isinstance(r, dict) and isinstance(r.get("questions"), list) for r in runs)):
        raise EvalError(f"{path}: not a `qa eval --report` file (format {REPORT_FORMAT}); write one with `qa eval --report {path}`.")
    return data


def newly_failing(judgements: list[Judgement], baseline: dict, *, mode: str = "hybrid") -> list[str]:
    """Ids of questions that passed in ``baseline`` (its run in the same mode) and do not pass now.

    Questions are matched by file name and id, or by id alone when the baseline has that id once.
    """
    runs = baseline["runs"]
    run_ = next((r for r in runs if r.get("mode") == mode), runs[0] if runs else {"questions": []})
    by_key = {(Path(q.get("file", "")).name, q.get("id")): q for q in run_.get("questions", [])}
    by_id: dict[str, list[dict]] = {}
    for q in run_.get("questions", []):
        by_id.setdefault(q.get("id"), []).append(q)
    out = []
    for j in judgements:
        before = by_key.get((Path(j.file).name, j.item.id))
        if before is None and len(by_id.get(j.item.id, [])) == 1:
            before = by_id[j.item.id][0]
        if before and before.get("passed") and not j.passed:
            out.append(j.item.id)
    return out


def evaluate(files: list[str], *, engine_factory=None, url: str | None = None, modes: tuple[str, ...] = ("hybrid",),
             thresholds: Thresholds = Thresholds(), baseline: str | None = None, report_path: str | None = None,
             junit_path: str | None = None, out=None, err=None) -> int:
    """What ``qa eval`` does: run every file in every mode, print, write reports; 1 when a check fails."""
    from qa import reports
    from qa.golden import load_golden, summarise

    out, err = out or sys.stdout, err or sys.stderr
    if bad := [m for m in modes if m not in MODES]:
        raise EvalError(f"unknown retrieval mode {bad[0]!r}; use bm25, dense or hybrid, e.g. --compare bm25,dense,hybrid.")
    loaded = [(str(f), load_golden(Path(f))) for f in files]  # every file checked before a model loads
    base = load_report(baseline) if baseline else None
    if url:
        if tuple(modes) != ("hybrid",):
            raise EvalError("--url asks the server, which always answers in hybrid mode; drop --compare/--mode or run locally.")
        askers = [HttpAsker(url)]
    else:
        engine = engine_factory()
        askers = [LocalAsker(engine, mode=m) for m in modes]
    total = sum(len(items) for _, items in loaded)
    runs = []
    for asker in askers:
        bar = progress_bar(total, asker.mode)
        try:
            js = [j for f, items in loaded for j in run(items, asker, file=f, bar=bar)]
        finally:
            bar.close()
            if hasattr(asker, "close"):
                asker.close()
        runs.append({"mode": asker.mode, "summary": summarise(js), "judgements": js})

    problems = []
    # the product answers in hybrid mode; other modes in a comparison are there to be compared
    for r in [r for r in runs if r["mode"] == "hybrid"] or runs:
        tag = f"[{r['mode']}] " if len(runs) > 1 else ""
        problems += [tag + m for m in missed(r["summary"], r["judgements"], thresholds)]
        if base is not None and (again := newly_failing(r["judgements"], base, mode=r["mode"])):
            problems.append(f"{tag}{len(again)} question(s) passed in the baseline {baseline} and now fail: {', '.join(again)}")

    target = askers[0].target
    if len(runs) == 1:
        print(reports.table(runs[0]["judgements"]), file=out)
        print(file=out)
        print(reports.summary(runs[0]["summary"], mode=runs[0]["mode"], target=target), file=out)
    else:
        print(reports.compare_table(runs), file=out)
        print(file=out)
        print(f"{total} questions against {target}, by retrieval mode:", file=out)
        print(reports.side_by_side({r["mode"]: r["summary"] for r in runs}), file=out)
    if report_path:
        reports.write_json(report_path, reports.report(runs, target=target, files=[f for f, _ in loaded],
                                                       thresholds=asdict(thresholds), problems=problems))
    if junit_path:
        reports.write_junit(junit_path, runs)
    for p in problems:
        print(f"FAIL: {p}", file=err)
    return 1 if problems else 0
