"""How an evaluation is shown: the table, the summary, modes side by side, JSON and JUnit files.

Pure formatting over ``Judgement`` lists and summary dicts from
``qa.golden``; nothing here asks questions or decides pass and fail.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from qa.evaluate import REPORT_FORMAT, EvalError
from qa.golden import Judgement, describe

QUOTE_CHARS = 70
METRICS = [  # (summary key, label, format)
    ("hit@1", "hit@1", "{:.3f}"),
    ("hit@k", "hit@k", "{:.3f}"),
    ("mrr", "MRR", "{:.3f}"),
    ("abstain_precision", "abstention precision", "{:.3f}"),
    ("abstain_recall", "abstention recall", "{:.3f}"),
    ("false_abstain", "false-abstention rate", "{:.3f}"),
    ("verbatim", "quotes equal to raw[start:end]", "{:.3f}"),
    ("p50_ms", "latency p50 (ms)", "{:.0f}"),
    ("p95_ms", "latency p95 (ms)", "{:.0f}"),
]


def cut(text: str, width: int = QUOTE_CHARS) -> str:
    """Whitespace folded and cut short with an ellipsis.

    >>> cut("a  b\\n c", 10), cut("abcdefghijkl", 6)
    ('a b c', 'abcde…')
    """
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(judgements: list[Judgement]) -> str:
    """One row per question: result, rank of the first passing quote, id, the top quote cut short."""
    width = min(max([len(j.item.id) for j in judgements] + [2]), 40)
    rows = [f"{'result':<6} {'rank':>4}  {'id':<{width}}  top quote"]
    last_file = None
    for j in judgements:
        if j.file != last_file and len({x.file for x in judgements}) > 1:
            rows.append(f"# {j.file}")
        last_file = j.file
        rank = str(j.rank) if j.rank else ("abst" if j.abstained else "-")
        rows.append(f"{j.label:<6} {rank:>4}  {cut(j.item.id, width):<{width}}  {_top(j)}")
    return "\n".join(rows)


def compare_table(runs: list[dict]) -> str:
    """One row per question, one column per mode: the rank of the first passing quote, or FAIL/abst/ERROR."""
    modes = [r["mode"] for r in runs]
    width = min(max([len(j.item.id) for j in runs[0]["judgements"]] + [2]), 40)
    rows = [f"{'id':<{width}}  " + " ".join(f"{m:>7}" for m in modes)]
    for i, j in enumerate(runs[0]["judgements"]):
        cells = []
        for r in runs:
            x = r["judgements"][i]
            cells.append(x.label if x.error or not x.passed else (str(x.rank) if x.rank else "abst"))
        rows.append(f"{cut(j.item.id, width):<{width}}  " + " ".join(f"{c:>7}" for c in cells))
    return "\n".join(rows)


def _top(j: Judgement) -> str:
    if j.error:
        return f"(error: {cut(j.error, QUOTE_CHARS)})"
    cites = j.answer.get("citations") or []
    if j.abstained or not cites:
        return "(abstained)"
    c = cites[0]
    return f"“{cut(c['quote'])}” [{c['doc_id']} {c['start']}:{c['end']}]"


def summary(s: dict, *, mode: str, target: str) -> str:
    head = f"{s['questions']} questions ({s['answerable']} answerable, {s['out_of_scope']} out of scope) against {target}, mode {mode}"
    if s.get("errors"):
        head += f"; {s['errors']} could not be asked"
    return "\n".join([head] + [f"  {label:<32} {fmt.format(s[key])}" for key, label, fmt in METRICS])


def side_by_side(summaries: dict[str, dict]) -> str:
    """Metrics as rows, one column per retrieval mode."""
    modes = list(summaries)
    rows = [f"  {'':<32} " + " ".join(f"{m:>9}" for m in modes)]
    for key, label, fmt in METRICS:
        rows.append(f"  {label:<32} " + " ".join(f"{fmt.format(summaries[m][key]):>9}" for m in modes))
    return "\n".join(rows)


def report(runs: list[dict], *, target: str, files: list[str], thresholds: dict, problems: list[str]) -> dict:
    """The machine-readable report: every run's summary and every answer with its citations.

    ``runs`` items are ``{"mode", "summary", "judgements"}``.
    """
    return {
        "format": REPORT_FORMAT,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "target": target,
        "files": files,
        "thresholds": thresholds,
        "problems": problems,
        "passed": not problems,
        "runs": [{"mode": r["mode"], "summary": r["summary"], "questions": [j.to_dict() for j in r["judgements"]]} for r in runs],
    }


def write_json(path: Path | str, data: dict) -> None:
    _write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def junit(runs: list[dict]) -> str:
    """JUnit XML: one testsuite per file and mode, one testcase per question."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="qa eval")
    totals = {"tests": 0, "failures": 0, "errors": 0, "time": 0.0}
    for r in runs:
        groups: dict[str, list[Judgement]] = {}
        for j in r["judgements"]:
            groups.setdefault(j.file, []).append(j)
        for file, js in groups.items():
            name = Path(file).stem + (f"[{r['mode']}]" if len(runs) > 1 else "")
            counts = {"tests": len(js), "failures": sum(1 for j in js if not j.passed and not j.error),
                      "errors": sum(1 for j in js if j.error), "time": sum(j.ms for j in js) / 1000}
            suite = ET.SubElement(root, "testsuite", name=name, file=file, **{k: _num(v) for k, v in counts.items()})
            for j in js:
                case = ET.SubElement(suite, "testcase", classname=f"golden.{name}", name=j.item.id, file=file, time=_num(j.ms / 1000))
                if j.error:
                    ET.SubElement(case, "error", message=cut(j.error, 200)).text = describe(j)
                elif not j.passed:
                    ET.SubElement(case, "failure", message=f"expected {cut(j.item.expectation(), 200)}").text = describe(j)
            for k, v in counts.items():
                totals[k] += v
    root.attrib.update({k: _num(v) for k, v in totals.items()})
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(path: Path | str, runs: list[dict]) -> None:
    _write(path, junit(runs))


def _num(v) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def _write(path: Path | str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as e:
        raise EvalError(f"{path}: cannot write ({e.strerror}); check the folder exists and is writable.") from e
