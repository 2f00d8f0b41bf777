"""The ``qa`` command: build, ask, inspect, serve, eval, bench.

Thin by design: parse arguments, build Settings once, call the engine, print.
Heavy libraries are imported inside the commands so ``qa --help`` is instant.
Expected failures (``QAError``) print one line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import sys

from qa.config import ROOT, from_env, offline_environment
from qa.errors import QAError


def _engine(settings, *, force: bool = False, progress: bool = False):
    from qa.engine import Engine

    engine = Engine(settings, force=force, progress=progress)
    for p in engine.problems:
        print(f"warning: {p}", file=sys.stderr)
    return engine


def _course(args, settings):
    """The settings of the course named on the command line (registering it when --docs is given to build)."""
    from qa import courses

    name = getattr(args, "course", None)
    return courses.settings_for(settings, name)


def cmd_build(args, settings) -> int:
    if args.name:
        from qa import courses

        docs = _path(args.docs) if getattr(args, "docs", None) else None
        if docs is None:
            docs = courses.registry(settings).get(courses.check_name(args.name))
            if docs is None:
                raise QAError(f"The course {args.name!r} is new; say where its readings are: `qa build --docs DIR --name {args.name}`.")
        elif not docs.is_dir():
            raise QAError(f"The documents folder {docs} does not exist; give the folder that holds the course's readings.")
        courses.register(settings, args.name, docs)
        settings = courses.settings_for(settings, args.name)
    engine = _engine(settings, force=args.force, progress=not args.quiet)
    c = engine.store.manifest.get("counts", {})
    verb = "Built" if engine.rebuilt else "Up to date:"
    print(f"{verb} {c.get('documents')} documents, {c.get('passages')} passages, {c.get('sentences')} sentences in {engine.store.path}")
    return 2 if engine.problems else 0


def cmd_ask(args, settings) -> int:
    from qa.engine import clean_question

    for q in args.question:  # a bad question fails before the model loads
        clean_question(q, max_chars=settings.max_question_chars)
    engine = _engine(_course(args, settings))
    for q in args.question:
        a = engine.ask(q, k=args.k)
        if args.json:
            print(a.model_dump_json())
            continue
        print(f"Q: {a.question}")
        if a.abstained:
            print(a.answer)
            for c in a.closest[:2]:
                print(f"   closest match (not an answer): “{c.quote}” — {c.title} [{c.doc_id} {c.start}:{c.end}]")
        else:
            for c in a.citations:
                tag = " (reader comment)" if c.kind == "comment" else ""
                page = f" {c.page_unit or 'page'} {c.page}," if c.page else ""
                print(f"[{c.n}] “{c.quote}”\n    — {c.title}{tag} [{c.doc_id}{page} {c.start}:{c.end}]")
        print()
    return 0


def cmd_inspect(args, settings) -> int:
    engine = _engine(_course(args, settings))
    doc = engine.document(args.doc_id)
    text = doc["text"]
    print(f"{doc['doc_id']}: {doc['title']}")
    kept = sum(s["end"] - s["start"] for s in doc["spans"] if s["label"] != "boilerplate")
    print(f"{len(text)} characters, {kept} kept as article or comment text\n")
    for s in doc["spans"]:
        if args.dropped and s["label"] != "boilerplate":
            continue
        piece = " ".join(text[s["start"] : s["end"]].split())
        piece = piece if len(piece) <= 100 else piece[:97] + "..."
        mark = {"article": "KEEP   ", "comment": "COMMENT", "boilerplate": "DROP   "}[s["label"]]
        why = f"  ({s['reason']})" if s["reason"] and s["label"] != "article" else ""
        print(f"{mark} {s['start']:>6}-{s['end']:<6} {piece}{why}")
    for piece in doc.get("dropped", []):  # left out by the web-page extractor, so not in the text at all
        piece = piece if len(piece) <= 100 else piece[:97] + "..."
        print(f"DROP    (page)        {piece}  (left out when the main text was extracted)")
    return 0


def cmd_serve(args, settings) -> int:
    from ui.server import serve

    serve(settings.with_(host=args.host, port=args.port))
    return 0


def cmd_eval(args, settings) -> int:
    from qa import evaluate
    from qa.golden import write_schema

    if args.schema:
        write_schema(args.schema)
        if not args.files:
            return 0
    if not args.files:
        raise evaluate.EvalError("give at least one golden file, e.g. `qa eval tests/golden/seeds.yaml`.")
    limits = evaluate.thresholds_from_pyproject("pyproject.toml").with_(
        min_hit1=args.min_hit1, min_hitk=args.min_hitk, min_abstain_recall=args.min_abstain_recall, max_false_abstain=args.max_false_abstain)
    modes = tuple(m.strip() for m in args.compare.split(",") if m.strip()) if args.compare else (args.mode,)
    baseline = None if args.no_baseline else (args.baseline or evaluate.baseline_from_pyproject("pyproject.toml"))
    return evaluate.evaluate(args.files, engine_factory=lambda: _engine(settings), url=args.url, modes=modes, thresholds=limits,
                             baseline=baseline, report_path=args.report, junit_path=args.junit)


def cmd_bench(args, settings) -> int:
    from qa import squad

    return squad.bench_command(args.file, settings=settings, sample=args.sample, seed=args.seed, modes=args.modes.split(","),
                               report_path=args.report, keep=args.keep)


def _fraction(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number; give a fraction between 0 and 1, e.g. 0.9") from None
    if not 0 <= x <= 1:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1; give a fraction, e.g. 0.9")
    return x


def _add_eval(sub) -> None:
    e = sub.add_parser("eval", help="run golden question files and score the answers",
                       description="Run golden question files, print a table and a summary; exit 1 when a threshold is missed "
                                   "or, with --baseline, when a question that passed before now fails.")
    e.add_argument("files", nargs="*", metavar="FILE", help="golden YAML files (format: README, schema: tests/golden/schema.json)")
    e.add_argument("--url", help="ask a running server's JSON API (e.g. http://127.0.0.1:7860) instead of a local engine")
    e.add_argument("--mode", default="hybrid", choices=["hybrid", "dense", "bm25"], help="retrieval mode (default hybrid)")
    e.add_argument("--compare", metavar="MODES", help="run once per mode and print the metrics side by side, e.g. bm25,dense,hybrid "
                   "(thresholds and --baseline apply to the hybrid run)")
    e.add_argument("--report", metavar="OUT.json", help="write every answer, citation and metric as JSON")
    e.add_argument("--junit", metavar="OUT.xml", help="write JUnit XML, one test case per question")
    e.add_argument("--baseline", metavar="REPORT.json", help="fail when a question that passed in this earlier --report now fails "
                   "(default: baseline in [tool.qa.eval] of ./pyproject.toml)")
    e.add_argument("--no-baseline", action="store_true", help="do not compare with any baseline")
    e.add_argument("--schema", metavar="OUT.json", help="write the golden file JSON Schema ('-' for stdout)")
    for flag, what in [("--min-hit1", "least hit@1"), ("--min-hitk", "least hit@k"), ("--min-abstain-recall", "least abstention recall"),
                       ("--max-false-abstain", "largest false-abstention rate")]:
        e.add_argument(flag, type=_fraction, default=None, help=f"{what} (default: [tool.qa.eval] in ./pyproject.toml)")
    e.set_defaults(func=cmd_eval)


def _add_bench(sub) -> None:
    b = sub.add_parser("bench", help="benchmarks: squad (quality on SQuAD v1.1 dev), speed, scale, http, ranker",
                       description="`qa bench squad` (default) scores quoting on SQuAD v1.1 dev; `qa bench speed` times a question "
                                   "against the model's floor; `qa bench scale` builds and searches 10k/100k-passage stores; "
                                   "`qa bench http` loads a real server with 1, 8 and 32 clients; `qa bench ranker` fits the weights that "
                                   "order quotes and scores them on question sets left out. `qa bench NAME --help` for options.")
    b.add_argument("benchmark", nargs="?", default="squad", choices=["squad", *DELEGATED_BENCH], help="which benchmark (default squad)")
    b.add_argument("--file", default=str(ROOT.parent / "shared" / "bench" / "squad-dev-v1.1.json"), help="SQuAD-format JSON file")
    b.add_argument("--sample", type=int, default=1000, help="questions to score, drawn at random with --seed (default 1000)")
    b.add_argument("--seed", type=int, default=0, help="random seed for the sample (default 0)")
    b.add_argument("--modes", default="hybrid,bm25,dense", help="retrieval modes to score (default hybrid,bm25,dense)")
    b.add_argument("--report", metavar="OUT.json", help="also write the figures as JSON")
    b.add_argument("--keep", metavar="DIR", help="build the documents and store in DIR and keep them (default: a temporary folder)")
    b.set_defaults(func=cmd_bench)


# Subcommands whose options live in their own module; `main` hands them the rest of the line.
DELEGATED_BENCH = {"speed": "qa.speed", "scale": "qa.scale", "http": "qa.loadgen", "ranker": "qa.rankfit"}
DELEGATED = {"soak": "qa.soak"}


def _delegate(argv: list[str]):
    """The module main and its arguments for a delegated subcommand, or None."""
    import os

    rest = list(argv)
    while rest and rest[0] in ("--docs", "--store") and len(rest) > 1:  # global options first
        os.environ["QA_DOCS" if rest[0] == "--docs" else "QA_STORE"] = str(_path(rest[1]))
        rest = rest[2:]
    if len(rest) >= 2 and rest[0] == "bench" and rest[1] in DELEGATED_BENCH:
        return DELEGATED_BENCH[rest[1]], rest[2:]
    if rest and rest[0] in DELEGATED:
        return DELEGATED[rest[0]], rest[1:]
    return None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qa", description="Ask questions of the readings; get verbatim, cited sentences back.")
    p.add_argument("--docs", help="documents folder (default: $QA_DOCS or the bundled seeds/)")
    p.add_argument("--store", help="built store folder (default: $QA_STORE or .qa-store/)")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build or refresh the store")
    b.add_argument("--force", action="store_true", help="rebuild even if the store is up to date")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.add_argument("--docs", default=argparse.SUPPRESS, help="documents folder to index (any of .txt .md .html .pdf .docx .pptx .epub, searched recursively)")
    b.add_argument("--name", help="build this folder as the course NAME (its own store; served next to the others)")
    b.set_defaults(func=cmd_build)

    a = sub.add_parser("ask", help="ask one or more questions")
    a.add_argument("question", nargs="+")
    a.add_argument("--json", action="store_true", help="one JSON object per line per question")
    a.add_argument("--k", type=int, default=None, help="citations per answer, at most (default 3)")
    a.add_argument("--course", help="answer from this course's readings (see `qa build --name`)")
    a.set_defaults(func=cmd_ask)

    i = sub.add_parser("inspect", help="show what cleaning kept and dropped in a document")
    i.add_argument("doc_id")
    i.add_argument("--dropped", action="store_true", help="show only the dropped text")
    i.add_argument("--course", help="a document of this course's readings")
    i.set_defaults(func=cmd_inspect)

    s = sub.add_parser("serve", help="serve the web page and the JSON API")
    s.add_argument("--host", default=None, help="interface to bind (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=None, help="port (default 7860)")
    s.add_argument("--docs", default=argparse.SUPPRESS, help="documents folder to serve as the default readings")
    s.set_defaults(func=cmd_serve)

    _add_eval(sub)
    _add_bench(sub)
    sub.add_parser("soak", help="50 clients for 60 s against a real server: errors, latency, memory (`qa soak --help`)", add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    delegated = _delegate(argv)
    if delegated:
        import importlib

        offline_environment()
        try:
            return importlib.import_module(delegated[0]).main(delegated[1])
        except QAError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
    args = parser().parse_args(argv)
    offline_environment()
    try:
        settings = from_env(docs=_path(getattr(args, "docs", None)), store=_path(args.store))
        return args.func(args, settings)
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _path(value):
    from pathlib import Path

    return Path(value).expanduser().resolve() if value else None


if __name__ == "__main__":
    sys.exit(main())
