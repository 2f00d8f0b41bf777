"""The ``qa`` command: build, ask, inspect, serve.

Thin by design: parse arguments, build Settings once, call the engine, print.
Heavy libraries are imported inside the commands so ``qa --help`` is instant.
Expected failures (``QAError``) print one line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys

from qa.config import from_env, offline_environment
from qa.errors import QAError


def _engine(settings, *, force: bool = False, progress: bool = False):
    from qa.engine import Engine

    engine = Engine(settings, force=force, progress=progress)
    for p in engine.problems:
        print(f"warning: {p}", file=sys.stderr)
    return engine


def cmd_build(args, settings) -> int:
    engine = _engine(settings, force=args.force, progress=not args.quiet)
    c = engine.store.manifest.get("counts", {})
    verb = "Built" if engine.rebuilt else "Up to date:"
    print(f"{verb} {c.get('documents')} documents, {c.get('passages')} passages, {c.get('sentences')} sentences in {engine.store.path}")
    return 2 if engine.problems else 0


def cmd_ask(args, settings) -> int:
    engine = _engine(settings)
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
                print(f"[{c.n}] “{c.quote}”\n    — {c.title}{tag} [{c.doc_id} {c.start}:{c.end}]")
        print()
    return 0


def cmd_inspect(args, settings) -> int:
    engine = _engine(settings)
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
    return 0


def cmd_serve(args, settings) -> int:
    from ui.server import serve

    serve(settings.with_(host=args.host, port=args.port))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qa", description="Ask questions of the readings; get verbatim, cited sentences back.")
    p.add_argument("--docs", help="documents folder (default: $QA_DOCS or the bundled seeds/)")
    p.add_argument("--store", help="built store folder (default: $QA_STORE or .qa-store/)")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build or refresh the store")
    b.add_argument("--force", action="store_true", help="rebuild even if the store is up to date")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=cmd_build)

    a = sub.add_parser("ask", help="ask one or more questions")
    a.add_argument("question", nargs="+")
    a.add_argument("--json", action="store_true", help="one JSON object per line per question")
    a.add_argument("--k", type=int, default=None, help="citations per answer, at most (default 3)")
    a.set_defaults(func=cmd_ask)

    i = sub.add_parser("inspect", help="show what cleaning kept and dropped in a document")
    i.add_argument("doc_id")
    i.add_argument("--dropped", action="store_true", help="show only the dropped text")
    i.set_defaults(func=cmd_inspect)

    s = sub.add_parser("serve", help="serve the web page and the JSON API")
    s.add_argument("--host", default=None, help="interface to bind (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=None, help="port (default 7860)")
    s.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    offline_environment()
    try:
        settings = from_env(docs=_path(args.docs), store=_path(args.store))
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
