"""Golden question files: the format, checking one answer, and the summary metrics.

A golden file is a YAML list of entries (see ``GoldenItem``). ``judge``
decides whether one answer passes; ``summarise`` turns many judgements into
hit@1, hit@k, MRR, abstention precision/recall, the false-abstention rate,
the share of verbatim quotes and latency percentiles; ``describe`` explains
a judgement in words. Used by ``qa eval``, the pytest plugin and the
threshold tests alike. Running questions lives in ``qa.evaluate``.

Left out on purpose: partial credit. A quote passes when it holds one of the
expected phrases (case and whitespace folded), nothing fuzzier.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, TypeAdapter, ValidationError, model_validator

from index.chunk import fold
from qa.errors import QAError

Phrase = Annotated[str, Field(min_length=1)]
SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


class GoldenError(QAError):
    """A golden file that cannot be used as written."""


class GoldenItem(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        title="Golden entry",
        # the model validator below, said again for editors that read the schema
        json_schema_extra={"anyOf": [{"required": ["expect_any"]}, {"required": ["expect_abstain"]}]},
    )

    id: str = Field(min_length=1, description="Unique within the file; names the entry in tables, reports and pytest.")
    question: str = Field(min_length=1, description="The question as a student would ask it.")
    expect_doc: Phrase | list[Phrase] | None = Field(default=None, description="doc_id (or list of doc_ids) the passing quote must come from.")
    expect_any: list[Phrase] = Field(default_factory=list, description="At least one must appear in a cited quote (case and whitespace folded).")
    expect_abstain: bool = Field(default=False, description="True when the readings do not cover the question and the answer must abstain.")
    k: int = Field(default=3, ge=1, le=10, description="How many citations may be searched for a passing quote (default 3).")
    tags: list[str] = Field(default_factory=list, description="Free labels for grouping and selecting entries.")
    history: list[str] = Field(default_factory=list, description="Earlier user questions, oldest first, for follow-up entries: each is asked in turn and its real answer kept as the assistant's turn.")

    _line: int = PrivateAttr(default=0)  # where the entry starts in its file, when read from one

    @model_validator(mode="after")
    def _one_expectation(self):
        if not self.expect_any and not self.expect_abstain:
            raise ValueError("needs expect_any (phrases) or expect_abstain: true")
        if self.expect_any and self.expect_abstain:
            raise ValueError("cannot have both expect_any and expect_abstain")
        return self

    @property
    def docs(self) -> list[str]:
        if self.expect_doc is None:
            return []
        return [self.expect_doc] if isinstance(self.expect_doc, str) else list(self.expect_doc)

    @property
    def line(self) -> int:
        return self._line

    def expectation(self) -> str:
        """What the entry expects, in words.

        >>> GoldenItem(id="x", question="q?", expect_any=["a b"], expect_doc="d1").expectation()
        "a cited quote among the top 3 from d1 containing one of: 'a b'"
        """
        if self.expect_abstain:
            return "an abstention (the readings do not cover this)"
        where = f" from {' or '.join(self.docs)}" if self.docs else ""
        return f"a cited quote among the top {self.k}{where} containing one of: " + ", ".join(repr(p) for p in self.expect_any)


def golden_schema() -> dict:
    """The JSON Schema of a golden file (a list of entries), generated from ``GoldenItem``."""
    schema = TypeAdapter(list[GoldenItem]).json_schema()
    return {
        "$schema": SCHEMA_URL,
        "title": "Golden questions",
        "description": "A list of golden entries for `qa eval` and the pytest plugin. Ids must also be unique within the file.",
        **schema,
    }


def write_schema(path: Path | str) -> None:
    """Write ``golden_schema()`` as JSON to ``path`` ('-' for stdout)."""
    text = json.dumps(golden_schema(), indent=2, ensure_ascii=False) + "\n"
    if str(path) == "-":
        print(text, end="")
        return
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as e:
        raise GoldenError(f"{path}: cannot write the schema ({e.strerror}); check the folder exists and is writable.") from e


def _parse(path: Path, text: str) -> tuple[object, list[int], list[str]]:
    """The YAML data, the line of each top-level entry, and keys repeated inside an entry."""
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines, repeated = [], []
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            lines.append(child.start_mark.line + 1)
            keys = [k.value for k, _ in child.value] if isinstance(child, yaml.MappingNode) else []
            repeated.append(next((k for k in keys if keys.count(k) > 1), ""))
    return data, lines, repeated


def load_golden(path: Path) -> list[GoldenItem]:
    """Parse and validate a golden file; errors name the file, the entry and the key."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise GoldenError(f"{path}: cannot read the file ({e.strerror}); check the path.") from e
    except UnicodeDecodeError as e:
        raise GoldenError(f"{path}: not UTF-8 text (bad byte at {e.start}); save it as UTF-8.") from e
    try:
        raw, lines, repeated = _parse(path, text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise GoldenError(f"{path}: not valid YAML ({where}{getattr(e, 'problem', None) or e}); fix the syntax.") from e
    if raw is None:
        raise GoldenError(f"{path}: the file is empty; add entries, each starting with '- id:'.")
    if not isinstance(raw, list):
        raise GoldenError(f"{path}: the file must be a YAML list of entries, each starting with '- id:'.")
    items: list[GoldenItem] = []
    seen: dict[str, int] = {}
    for n, entry in enumerate(raw, 1):
        line = lines[n - 1] if n <= len(lines) else 0
        name = f"{entry['id']} (line {line})" if isinstance(entry, dict) and entry.get("id") else f"#{n} (line {line})"
        if repeated and repeated[n - 1]:
            raise GoldenError(f"{path}: entry {name}: {repeated[n - 1]}: key given twice; keep one.")
        if not isinstance(entry, dict):
            raise GoldenError(f"{path}: entry {name}: entry: must be a mapping with id, question and expect_any or expect_abstain.")
        try:
            item = GoldenItem.model_validate(entry)
        except ValidationError as e:
            raise GoldenError(f"{path}: entry {name}: {_explain(e)}.") from e
        if item.id in seen:
            raise GoldenError(f"{path}: entry {name}: id: duplicate id (first used on line {seen[item.id]}); every id must be unique.")
        seen[item.id] = line
        item._line = line
        items.append(item)
    return items


def _explain(e: ValidationError) -> str:
    """Pydantic's errors as 'key: message' parts, the key named even for whole-entry checks."""
    parts = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = f"unknown key (allowed: {', '.join(GoldenItem.model_fields)})"
        elif not loc:
            loc = "expect_abstain" if "both" in msg else "expect_any"
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)


@dataclass
class Judgement:
    item: GoldenItem
    passed: bool
    rank: int | None  # 1-based rank of the first passing citation
    abstained: bool
    verbatim: int  # citations whose quote equals the document text at its offsets
    citations: int
    ms: float
    answer: dict = field(default_factory=dict)
    file: str = ""  # the golden file the item came from
    error: str | None = None  # why the question could not be asked, if it could not

    @property
    def label(self) -> str:
        if self.error:
            return "ERROR"
        return "PASS" if self.passed else "FAIL"

    def to_dict(self) -> dict:
        return {"file": self.file, "id": self.item.id, "passed": self.passed, "rank": self.rank, "abstained": self.abstained,
                "verbatim": self.verbatim, "citations": self.citations, "ms": round(self.ms, 3), "error": self.error,
                "item": self.item.model_dump(), "answer": self.answer}


def judge(item: GoldenItem, answer: dict, texts: dict[str, str] | None = None) -> Judgement:
    """Does ``answer`` (an Answer as a dict) satisfy ``item``?"""
    cites = answer.get("citations") or []
    verbatim = sum(1 for c in cites if texts is None or texts.get(c["doc_id"], "")[c["start"] : c["end"]] == c["quote"])
    rank = None
    if item.expect_abstain:
        passed = bool(answer.get("abstained"))
    else:
        phrases = [fold(p) for p in item.expect_any]
        for i, c in enumerate(cites[: item.k], 1):
            if item.docs and c["doc_id"] not in item.docs:
                continue
            if any(p in fold(c["quote"]) for p in phrases):
                rank = i
                break
        passed = rank is not None and not answer.get("abstained")
    return Judgement(item, passed, rank, bool(answer.get("abstained")), verbatim, len(cites), float(answer.get("took_ms", 0.0)), answer)


def describe(j: Judgement, *, quotes: int = 3) -> str:
    """A judgement in words: the question, what was expected, and the top quotes returned."""
    it = j.item
    lines = [f"{j.label} {it.id}: {_verdict(j)}" + (f" ({j.file}:{it.line})" if j.file and it.line else "")]
    lines += [f"  earlier question: {h}" for h in it.history]
    lines += [f"  question: {it.question}", f"  expected: {it.expectation()}"]
    if j.error:
        return "\n".join(lines + [f"  error: {j.error}"])
    a = j.answer
    cites = a.get("citations") or []
    if a.get("abstained"):
        lines.append("  got: an abstention" + ("; closest passages (not cited):" if a.get("closest") else ""))
        cites = a.get("closest") or []
    else:
        lines.append(f"  got: {len(cites)} citation(s)" + (f", first passing at rank {j.rank}" if j.rank else ""))
    for c in cites[:quotes]:
        lines.append(f"  [{c.get('n', '?')}] {c['doc_id']} {c['start']}:{c['end']} “{' '.join(c['quote'].split())}”")
    if j.verbatim < j.citations:
        lines.append(f"  {j.citations - j.verbatim} citation(s) do not equal the document text at their offsets")
    return "\n".join(lines)


def _verdict(j: Judgement) -> str:
    if j.error:
        return "could not be asked"
    if j.verbatim < j.citations:
        return "a quote differs from the document text at its offsets"
    if j.item.expect_abstain:
        return "abstained as expected" if j.abstained else "answered, but the readings do not cover it"
    if j.abstained:
        return "abstained, but the readings answer it"
    return f"passing quote at rank {j.rank}" if j.rank else f"no expected phrase in the top {j.item.k} quotes"


def summarise(js: list[Judgement]) -> dict:
    answerable = [j for j in js if not j.item.expect_abstain]
    out_of_scope = [j for j in js if j.item.expect_abstain]
    abstained = [j for j in js if j.abstained]
    lat = sorted(j.ms for j in js)
    n = max(len(answerable), 1)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(round(p * (len(lat) - 1))))] if lat else 0.0

    cites = sum(j.citations for j in js)
    return {
        "questions": len(js),
        "answerable": len(answerable),
        "out_of_scope": len(out_of_scope),
        "hit@1": sum(1 for j in answerable if j.rank == 1) / n,
        "hit@k": sum(1 for j in answerable if j.passed) / n,
        "mrr": sum(1 / j.rank for j in answerable if j.rank) / n,
        "abstain_precision": (sum(1 for j in abstained if j.item.expect_abstain) / len(abstained)) if abstained else 1.0,
        "abstain_recall": (sum(1 for j in out_of_scope if j.abstained) / len(out_of_scope)) if out_of_scope else 1.0,
        "false_abstain": sum(1 for j in answerable if j.abstained) / n,
        "verbatim": (sum(j.verbatim for j in js) / cites) if cites else 1.0,
        "p50_ms": pct(0.5),
        "p95_ms": pct(0.95),
        "errors": sum(1 for j in js if j.error),
    }
