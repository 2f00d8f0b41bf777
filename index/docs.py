"""Read a folder of documents: id, title, text, content hash; report what cannot be read.

A document's id is its file stem and its title the one its metadata gives
(web pages, PDFs, Markdown); for other files the build chooses it
(``index/title.py``) once cleaning has said which lines are furniture. The folder is
read recursively: ``.txt``, ``.md``, ``.html``/``.htm``, ``.pdf``, ``.docx``, ``.pptx`` and ``.epub`` (see
``index/formats.py`` for how each becomes citable text).
Unreadable files are returned as problems (file name and reason), never
silently dropped, so the caller can index the rest and tell the user.
``changed`` tells which files were edited after they were read, so a build
can notice a document that changed under it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from index.formats import SUFFIXES, UNSUPPORTED, extract
from qa.errors import DocumentError, NoDocuments


@dataclass(frozen=True)
class Source:
    doc_id: str
    title: str
    path: str
    sha256: str
    text: str  # the citable text: the file itself, or what was extracted from it
    meta: dict = field(default_factory=dict)  # format, author, date, dropped (text an extractor left out), comments_from
    pages: list = field(default_factory=list)  # (start, end, page number) for PDFs
    named: bool = False  # the title came from the file's metadata; otherwise it is the first line until the build chooses


def read_folder(folder: Path) -> tuple[list[Source], list[str]]:
    """All readable documents in ``folder`` (sorted by id) and one line per problem."""
    if not folder.is_dir():
        raise NoDocuments(f"The documents folder {folder} does not exist; create it or point QA_DOCS at your readings.")
    docs: list[Source] = []
    problems: list[str] = []
    seen: dict[str, str] = {}  # id -> file name
    hashes: dict[str, str] = {}  # content hash -> file name
    # "~$name.docx" is the lock file Office keeps beside a document it has open, not a document
    found = [p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES + tuple(UNSUPPORTED) and not p.name.startswith("~$") and p.is_file()]
    files = [p for p in found if p.suffix.lower() in SUFFIXES]
    for path in sorted(p for p in found if p.suffix.lower() in UNSUPPORTED):
        problems.append(f"skipped {path.relative_to(folder).as_posix()}: {UNSUPPORTED[path.suffix.lower()]}")
    for path in sorted(files, key=lambda p: (len(p.parts), p)):  # a top-level file keeps its id over a nested one
        name = path.relative_to(folder).as_posix()
        try:
            data = path.read_bytes()
        except OSError as e:  # no permission, or removed since the folder was listed
            problems.append(f"skipped {name}: it could not be read ({e.strerror or type(e).__name__}); check that the file is readable")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if not data.strip():
            problems.append(f"skipped {name}: the file is empty")
            continue
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            problems.append(f"skipped {name}: it is UTF-16 text; save it as UTF-8 and build again")
            continue
        try:
            got = extract(path, data)
        except DocumentError as e:
            problems.append(f"skipped {name}: {e}")
            continue
        text = got.text
        if not text.strip():
            problems.append(f"skipped {name}: no text was found in it")
            continue
        if path.stem in seen:
            problems.append(f"skipped {name}: another file already has the id {path.stem} ({seen[path.stem]})")
            continue
        if digest in hashes:
            problems.append(f"skipped {name}: it is a copy of {hashes[digest]}")
            continue
        seen[path.stem] = hashes[digest] = name
        first_line = next((line.strip() for line in text.splitlines() if line.strip()), path.stem)
        title = (got.title or "").strip() or first_line
        meta = {"format": path.suffix.lower().lstrip("."), "author": got.author, "date": got.date, "dropped": got.dropped,
                "comments_from": got.comments_from}
        docs.append(Source(path.stem, title[:200], name, digest, text, {k: v for k, v in meta.items() if v}, got.pages, named=bool((got.title or "").strip())))
    if not docs:
        raise NoDocuments(f"No readable documents ({', '.join(SUFFIXES)}) in {folder}; add some and build again." + (f" ({'; '.join(problems)})" if problems else ""))
    return docs, problems


def changed(folder: Path, sources: list[Source]) -> list[str]:
    """Names of the documents whose file no longer holds what was read (edited or removed since)."""
    out = []
    for src in sources:
        try:
            digest = hashlib.sha256((folder / src.path).read_bytes()).hexdigest()
        except OSError:
            digest = None
        if digest != src.sha256:
            out.append(src.path)
    return out
