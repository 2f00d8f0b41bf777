"""``qa bench ranker``: fit the weights that put candidate quotes in order (``RANKER`` in
qa/answer.py), and show what they do on questions they were not fitted on.

The data are the single, answerable questions of the golden tuning set
(tests/golden/seeds.yaml) and of every test round (tests/pages/round*/questions.yaml,
readings and questions written by helpers who never saw the code). Each question's
candidates, as the engine scores them before choosing, are labelled right when the
quote (completed as it would be shown) holds an expected phrase, in the expected
document. The fit is a softmax over each question's candidates: the weights that
make the right ones most probable, linear in standardised inputs, with an L2
penalty. Questions none of whose candidates is right teach nothing and are left out.

Printed, per set: hit@1 and hit@3 of the answers ``choose`` gives, first in the
order of the hand-made score alone and then in the order of weights fitted without
that set (each round left out in turn; tests/golden/heldout.yaml is never fitted
on); then the weights fitted on everything, scaled so that the score's weight is 1,
to copy into ``RANKER``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.speed import table

ROOT = Path(__file__).resolve().parent.parent
TUNING, HELDOUT = "seeds", "heldout"


@dataclass
class Group:
    """One question's candidates: inputs, labels, and what ``choose`` and ``judge`` need to quote and judge them."""

    set: str
    store: object
    cands: object
    item: object  # the golden entry (qa.golden.GoldenItem)
    x: np.ndarray  # (candidates, inputs) in ``names`` order
    right: np.ndarray  # (candidates,) bool


def names() -> list[str]:
    from qa.answer import RANKER

    return ["score"] + [n for n in RANKER if n != "score"]


def inputs(cands) -> np.ndarray:
    return np.column_stack([cands.score] + [cands.features[n] for n in names()[1:]]).astype(np.float64)


def _judged(item, store, quotes: list[tuple[int, int, int]]):
    """``qa eval``'s judgement of these quotes, as (document, start, end), given in this order."""
    from qa.golden import judge

    cites = [{"doc_id": store.docs[d].doc_id, "start": a, "end": b, "quote": store.docs[d].text[a:b]} for d, a, b in quotes]
    return judge(item, {"citations": cites, "abstained": False})


def collect(name: str, engine, golden: Path) -> list[Group]:
    """The groups of one question file, asked of ``engine``'s readings."""
    from qa.golden import load_golden

    store = engine.store
    out = []
    for item in load_golden(golden):
        if item.history or item.expect_abstain:
            continue
        cands = engine.candidates(item.question)
        right = []
        for a, b in zip(cands.first.tolist(), cands.last.tolist()):  # each candidate is a quote as it would be shown
            right.append(_judged(item, store, [(int(store.sentences[a, 0]), int(store.sentences[a, 1]), int(store.sentences[b, 2]))]).passed)
        out.append(Group(name, store, cands, item, inputs(cands), np.array(right, dtype=bool)))
    return out


def fit(groups: list[Group], l2: float = 1.0) -> dict[str, float]:
    """Softmax weights over each group's candidates, in raw units, the score's weight scaled to 1.

    >>> rng = np.random.default_rng(0)
    >>> gs = []
    >>> for _ in range(40):
    ...     x = rng.normal(size=(6, len(names())))
    ...     right = np.zeros(6, bool); right[np.argmax(x[:, 0] + 2 * x[:, 5])] = True
    ...     gs.append(Group("t", None, None, None, x, right))
    >>> w = fit(gs)
    >>> w["score"], w[names()[5]] > 1.0
    (1.0, True)
    """
    from scipy.optimize import minimize

    used = [g for g in groups if g.right.any() and len(g.right) > 1]
    x = np.vstack([g.x for g in used])
    y = np.concatenate([g.right for g in used]).astype(np.float64)
    starts = np.cumsum([0] + [len(g.right) for g in used[:-1]])
    owner = np.repeat(np.arange(len(used)), [len(g.right) for g in used])
    mu, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1.0
    z = (x - mu) / sd

    def loss(w):
        s = z @ w
        s = s - np.maximum.reduceat(s, starts)[owner]
        e = np.exp(s)
        total, good = np.add.reduceat(e, starts), np.add.reduceat(e * y, starts)
        value = -np.sum(np.log(good / total)) + l2 * w @ w
        grad = z.T @ (e / total[owner] - e * y / good[owner]) + 2 * l2 * w
        return value, grad

    w0 = np.zeros(z.shape[1])
    w0[0] = 1.0
    w = minimize(loss, w0, jac=True, method="L-BFGS-B").x / sd
    if w[0] <= 0:
        raise ValueError("the fitted weight of the score is not positive; the data cannot be right")
    return {n: round(float(v / w[0]), 4) for n, v in zip(names(), w)}


def hits(group: Group, weights: dict, k: int = 3) -> tuple[bool, bool]:
    """Whether the first quote ``choose`` gives in this order passes, and whether one of the first ``k`` does."""
    from qa import answer as ans

    quotes = ans.choose(group.store, group.cands, k=k, weights=weights)
    rank = _judged(group.item, group.store, [(q.doc, q.start, q.end) for q in quotes]).rank
    return rank == 1, rank is not None


def evaluate(groups: list[Group], *, l2: float) -> tuple[list[list], dict]:
    """Rows of the table (each round with weights fitted without it), and the weights fitted on all
    but the held-out set."""
    sets = list(dict.fromkeys(g.set for g in groups))
    hand = {"score": 1.0}
    fitted_all = fit([g for g in groups if g.set != HELDOUT], l2)
    rows, totals = [], np.zeros(5, dtype=int)
    for s in sets:
        mine = [g for g in groups if g.set == s]
        w = fitted_all if s == HELDOUT else fit([g for g in groups if g.set not in (s, HELDOUT)], l2)
        before = np.array([hits(g, hand) for g in mine], dtype=int).sum(0)
        after = np.array([hits(g, w) for g in mine], dtype=int).sum(0)
        rows.append([s, str(len(mine)), f"{before[0]} -> {after[0]}", f"{before[1]} -> {after[1]}"])
        if s not in (TUNING, HELDOUT):
            totals += [len(mine), *before, *after]
    rows.append(["all rounds", str(totals[0]), f"{totals[1]} -> {totals[3]}", f"{totals[2]} -> {totals[4]}"])
    return rows, fitted_all


def question_sets(pages: Path) -> list[tuple[str, Path, Path]]:
    """(name, readings folder, question file) for the golden sets and every round under ``pages``."""
    golden = ROOT / "tests" / "golden"
    sets = [(TUNING, ROOT / "seeds", golden / "seeds.yaml"), (HELDOUT, ROOT / "seeds", golden / "heldout.yaml")]
    rounds = sorted((p for p in pages.glob("round*") if (p / "questions.yaml").exists()), key=lambda p: int(p.name[5:]) if p.name[5:].isdigit() else 0)
    return sets + [(p.name, p, p / "questions.yaml") for p in rounds]


def main(argv: list[str] | None = None) -> int:
    from qa.config import from_env, offline_environment

    p = argparse.ArgumentParser(prog="qa bench ranker", description="Fit the weights that order candidate quotes, and print "
                                "hit@1/hit@3 before and after on every question set, each round with weights fitted without it.")
    p.add_argument("--pages", default=str(ROOT / "tests" / "pages"), help="folder of test rounds (round*/questions.yaml)")
    p.add_argument("--stores", default=str(ROOT / ".qa-bench" / "ranker"), help="where to build each set's store")
    p.add_argument("--l2", type=float, default=1.0, help="L2 penalty on the standardised weights (default 1.0)")
    args = p.parse_args(argv)
    offline_environment()
    from index.embed import MiniLM
    from qa.engine import Engine

    embedder, groups = MiniLM(), []
    for name, docs, questions in question_sets(Path(args.pages)):
        store = Path(args.stores) / ("seeds" if docs == ROOT / "seeds" else name)
        engine = Engine(from_env({}, docs=docs, store=store), embedder=embedder, log=lambda m: None)
        groups += collect(name, engine, questions)
        print(f"{name}: {sum(g.set == name for g in groups)} questions", file=sys.stderr)
    rows, weights = evaluate(groups, l2=args.l2)
    print("\n".join(table([["set", "questions", "hit@1 hand -> fitted", "hit@3 hand -> fitted"], *rows])))
    print("\nRANKER = {" + ", ".join(f'"{k}": {v}' for k, v in weights.items()) + "}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
