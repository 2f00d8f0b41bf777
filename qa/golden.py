"""Golden question files: the format, checking one answer, and the summary metrics.

A golden file is a YAML list of entries (see ``GoldenItem``). ``judge``
decides whether one answer passes; ``summarise`` turns many judgements into
hit@1, hit@k, MRR, abstention precision/recall, the false-abstention rate,
the share of verbatim quotes and latency percentiles. Used by ``qa eval``,
the pytest plugin and the threshold tests alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from index.chunk import fold
from qa.errors import QAError


class GoldenError(QAError):
    """A golden file that cannot be used as written."""


class GoldenItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, description="Unique within the file.")
    question: str = Field(min_length=1, description="The question as a student would ask it.")
    expect_doc: str | list[str] | None = Field(default=None, description="doc_id (or list) the passing quote must come from.")
    expect_any: list[str] = Field(default_factory=list, description="At least one must appear in a cited quote (case and whitespace folded).")
    expect_abstain: bool = Field(default=False, description="True when the readings do not cover the question.")
    k: int = Field(default=3, ge=1, le=10, description="How many citations may be searched for a passing quote.")
    tags: list[str] = Field(default_factory=list)
    history: list[str] = Field(default_factory=list, description="Earlier user questions, oldest first, for follow-up entries.")

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


def load_golden(path: Path) -> list[GoldenItem]:
    """Parse and validate a golden file; errors name the file, the entry and the key."""
    import yaml

    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise GoldenError(f"{path}: cannot read the file ({e.strerror}); check the path.") from e
    except yaml.YAMLError as e:
        raise GoldenError(f"{path}: not valid YAML ({str(e).splitlines()[0]}); fix the syntax.") from e
    if not isinstance(raw, list):
        raise GoldenError(f"{path}: the file must be a YAML list of entries, each starting with '- id:'.")
    items: list[GoldenItem] = []
    seen: set[str] = set()
    for n, entry in enumerate(raw, 1):
        name = entry.get("id", f"#{n}") if isinstance(entry, dict) else f"#{n}"
        try:
            item = GoldenItem.model_validate(entry)
        except ValidationError as e:
            err = e.errors()[0]
            key = ".".join(str(x) for x in err["loc"]) or "entry"
            msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            raise GoldenError(f"{path}: entry {name}: {key}: {msg}.") from e
        if item.id in seen:
            raise GoldenError(f"{path}: entry {item.id}: id: duplicate id; every id must be unique.")
        seen.add(item.id)
        items.append(item)
    return items


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
    }
