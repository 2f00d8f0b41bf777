"""Turn a file of any supported format into the text we index and cite.

For ``.txt`` and ``.md`` the text is the file itself (UTF-8), so citations
are offsets into the raw file. For ``.html``/``.htm`` it is the main text
that trafilatura extracts (paragraphs separated by blank lines), then the
page's reader comments if it finds any (``comments_from`` says where they
begin), with the title, author and date it finds, and the page text it left
out recorded as dropped. For ``.pdf`` it is pypdf's text of each page, pages separated by a
blank line, with the span of every page so a citation can name its page. For ``.docx`` it is
the document's paragraphs and tables in order (a table's rows as "| a | b |" lines), then its
footnotes and endnotes; running headers and footers are recorded as dropped. For ``.pptx`` it
is each slide's text (title, text boxes and tables from top to bottom, then the speaker notes),
slides separated like a PDF's pages, so a citation names its slide as its page. For ``.epub``
it is the book's chapters in reading order, each chapter's headings, paragraphs, list items and
table rows as paragraphs; its navigation document (the contents) is recorded as dropped.
In every case the store keeps this text, and ``text[start:end] == quote``.

Left out: OCR of scanned PDFs (reported as unreadable), layout analysis, text boxes and
comments of Word files, and any format not listed in ``SUFFIXES`` (those in ``UNSUPPORTED`` are
reported with what to do).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from index.blocks import PRINTED_PAGE_NUMBER
from qa.errors import DocumentError

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".pptx", ".epub")
# documents a course may hand out that we cannot read: reported, with the fix, instead of passed over in silence
UNSUPPORTED = {
    ".doc": "Word 97-2003 files cannot be read; save it as .docx (Word: File > Save As) and build again",
    ".odt": "OpenDocument files cannot be read; save it as .docx or PDF and build again",
    ".rtf": "RTF files cannot be read; save it as .docx or PDF and build again",
    ".pages": "Pages files cannot be read; export it as .docx or PDF and build again",
    ".ppt": "PowerPoint 97-2003 files cannot be read; save it as .pptx (PowerPoint: File > Save As) and build again",
}
PAGE_BREAK = "\n\n"
MIN_WORDS = 8  # a web page whose main text is shorter than this is navigation, not an article


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    pages: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, page number from 1)
    dropped: list[str] = field(default_factory=list)  # text the extractor left out, for reports
    comments_from: int | None = None  # where the page's reader comments begin in ``text``, if it has any


def extract(path: Path, data: bytes) -> Extracted:
    """The citable text of ``data`` (the bytes of ``path``), or DocumentError saying why not."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf(data)
    if suffix == ".docx":
        return _docx(data)
    if suffix == ".pptx":
        return _pptx(data)
    if suffix == ".epub":
        return _epub(data)
    if b"\x00" in data[:8192]:
        raise DocumentError("it is a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DocumentError(f"it is not UTF-8 text (bad byte at {e.start}); save it as UTF-8 and build again") from e
    if suffix in (".html", ".htm"):
        return _html(text)
    if suffix in (".md", ".markdown"):
        return Extracted(text, title=_markdown_title(text))
    return Extracted(text)


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def _markdown_title(text: str) -> str | None:
    """The ``title:`` of the file's YAML front matter, or its first line when that is a heading
    ("# Title"); otherwise None, and the build chooses the title.

    >>> _markdown_title("---\\ntitle: 'Week 3: Glaciers'\\ndate: 2025-01-20\\n---\\n\\n# Glaciers\\n"), _markdown_title("# Glaciers\\nIce.")
    ('Week 3: Glaciers', 'Glaciers')
    """
    import yaml

    front = _FRONT_MATTER.match(text)
    if front:
        try:
            meta = yaml.safe_load(front.group(1))
        except yaml.YAMLError:
            meta = None
        title = meta.get("title") if isinstance(meta, dict) else None
        if isinstance(title, (str, int, float)) and str(title).strip():
            return " ".join(str(title).split())
        text = text[front.end():]
    for line in text.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip() or None if line.lstrip().startswith("#") else None
    return None


def _html(markup: str) -> Extracted:
    import trafilatura

    doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=True, include_tables=True)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or len(body.split()) < MIN_WORDS:
        raise DocumentError("no article text could be found in this web page (it may be empty, broken or only navigation)")
    # one paragraph per line from trafilatura; a blank line between them marks paragraphs for cleaning
    text = _paragraphs(body)
    root = _visible_tree(markup)
    lede = _lede(root, text) if root is not None else []
    if lede:
        text = _paragraphs("\n".join(lede)) + "\n" + text
    comments = _paragraphs(getattr(doc, "comments", None) or "")
    comments_from = len(text) + 1 if comments.strip() else None  # after a blank line
    if comments_from is not None:
        text += "\n" + comments
    return Extracted(text, title=getattr(doc, "title", None), author=getattr(doc, "author", None),
                     date=getattr(doc, "date", None), dropped=_left_out(root, text) if root is not None else [],
                     comments_from=comments_from)


def _visible_tree(markup: str):
    """The page parsed once, without scripts and styles, or None if lxml cannot read it."""
    import lxml.html

    try:
        root = lxml.html.fromstring(markup)
    except Exception:
        return None
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return root


def _lede(root, kept: str) -> list[str]:
    """The standfirst that trafilatura leaves out with the article's header: lines of a dozen words
    or more between the headline (the first ``<h1>``) and the first paragraph it kept, not in a
    figure, a navigation bar, an aside, a footer, a form or a table."""
    heads = root.xpath("//h1")
    if not heads:
        return []
    folded, out, after = " ".join(kept.split()), [], False
    for el in root.iter():
        if el is heads[0]:
            after = True
            continue
        if not after or len(el) or not isinstance(el.tag, str):
            continue
        own = " ".join(el.text_content().split())
        if len(own.split()) >= 4 and own in folded:
            break  # the article as trafilatura kept it begins here
        if len(own.split()) >= 12 and own not in out and not any(a.tag in _NOT_LEDE for a in el.iterancestors()):
            out.append(own)
    return out


_NOT_LEDE = {"figure", "figcaption", "nav", "aside", "footer", "form", "button", "label", "table"}


def _paragraphs(extracted: str) -> str:
    return "\n\n".join(line.strip() for line in extracted.splitlines() if line.strip()) + "\n"


def _left_out(root, kept: str) -> list[str]:
    """Visible text blocks of the page (``_visible_tree``) that the extraction did not keep."""
    folded = " ".join(kept.split())
    out = []
    for el in root.iter("p", "div", "li", "a", "span", "h1", "h2", "h3", "footer", "nav", "aside", "button", "section"):
        own = " ".join((el.text or "").split())
        if own and own not in folded and own not in out:
            out.append(own)
    return out


def _pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("the PDF is encrypted; save an unencrypted copy and build again")
        raw_pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata or {}
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as e:
        raise DocumentError(f"the PDF could not be read ({type(e).__name__}); check that the file is a complete PDF") from e
    except Exception as e:  # pypdf raises many kinds on damaged files
        if "encrypt" in str(e).lower() or "crypt" in type(e).__name__.lower():
            raise DocumentError("the PDF is encrypted; save an unencrypted copy and build again") from e
        raise DocumentError(f"the PDF could not be read ({type(e).__name__}); check that the file is a complete PDF") from e
    if not any(p.strip() for p in raw_pages):
        raise DocumentError("the PDF has no text layer (it may be a scan); run OCR on it first")
    running = _running_lines(raw_pages)
    text, pages = _join_pages([_tidy_page(page, running) for page in raw_pages])
    title = meta.get("/Title") if hasattr(meta, "get") else None
    author = meta.get("/Author") if hasattr(meta, "get") else None
    return Extracted(text, title=str(title) if title else None, author=str(author) if author else None, pages=pages)


def _join_pages(bodies: list[str]) -> tuple[str, list[tuple[int, int, int]]]:
    """Pages' texts joined by ``PAGE_BREAK``, and where each lies (start, end, page number from 1);
    a page with no text is left out but keeps its number."""
    parts, pages, pos = [], [], 0
    for n, body in enumerate(bodies, 1):
        if not body:
            continue
        if parts:
            parts.append(PAGE_BREAK)
            pos += len(PAGE_BREAK)
        parts.append(body)
        pages.append((pos, pos + len(body), n))
        pos += len(body)
    return "".join(parts) + "\n", pages


_HYPHEN_BREAK = re.compile(r"(\w)-\n(\w)")
_CLOSED = re.compile(r"[.!?:;\"”’')\]]$")  # a line ending like this may end its paragraph
_ITEM = re.compile(r"^([•·▪●◦*–-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")


def _numbers_aside(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def _running_lines(pages: list[str]) -> set[str]:
    """Lines printed on two or more pages, numbers aside (``_numbers_aside``): running headers and footers."""
    seen: dict[str, int] = {}
    for page in pages:
        for key in {_numbers_aside(line) for line in page.splitlines() if line.strip()}:
            seen[key] = seen.get(key, 0) + 1
    return {key for key, n in seen.items() if n >= 2}


def _tidy_page(page: str, running: set[str] = frozenset()) -> str:
    """A page of a PDF as paragraphs: the result is what we cite.

    pypdf gives the lines as printed. A line the text wrapped is joined to the next with a space:
    one that nearly fills the page's width (its widest lines), or one that stops mid-sentence
    before a line starting in lower case (a narrow column's). Other lines end a paragraph, and a
    blank line goes after them, except between short lines that are not sentences (a table's rows,
    a list of fields), which stay lines of one paragraph. A page number and a line of ``running``
    (see ``_running_lines``) are a paragraph of their own. A word hyphenated across lines is joined.

    >>> _tidy_page("The delta lost half of its mangroves to shrimp\\nponds between 1975 and 2010.\\n2. Replanting\\nCrews planted 4.1 million seedlings.")
    'The delta lost half of its mangroves to shrimp ponds between 1975 and 2010.\\n\\n2. Replanting\\n\\nCrews planted 4.1 million seedlings.'
    """
    page = _HYPHEN_BREAK.sub(r"\1\2", page.replace("\r\n", "\n"))
    lines = [" ".join(line.split()) for line in page.split("\n")]
    apart = [bool(PRINTED_PAGE_NUMBER.match(line)) or _numbers_aside(line) in running for line in lines]
    sizes = sorted(len(line) for line, alone in zip(lines, apart) if len(line.split()) >= 4 and not alone)
    wide = sizes[int(0.9 * (len(sizes) - 1))] if len(sizes) >= 3 else 0
    short = 0.6 * (wide or 80)  # a line this long or less is no wrapped line of prose
    out: list[str] = []
    for i, (line, after) in enumerate(zip(lines, lines[1:] + [""])):
        if not line:
            if out and out[-1] != "\n\n":
                out.append("\n\n")
            continue
        out.append(line)
        if not after:
            continue
        if apart[i] or apart[i + 1]:
            out.append("\n\n")
            continue
        ends = bool(_CLOSED.search(line))
        wrapped = not _ITEM.match(after) and (
            (wide and len(line) >= 0.8 * wide and len(line.split()) >= 4) or (not ends and after[:1].islower()))
        if wrapped:
            out.append(" ")
        elif not ends and not after.endswith((".", "!", "?")) and len(line) < short and len(after) < short:
            out.append("\n")
        else:
            out.append("\n\n")
    return "".join(out).strip()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TABLE_OF_CONTENTS = re.compile(r"table of contents", re.I)


def _docx(data: bytes) -> Extracted:
    """A Word document's text: paragraphs (a blank line between them, a line break inside one kept)
    and tables in reading order, then footnotes and endnotes. A table of several columns becomes
    one "| a | b |" line per row (the form cleaning knows as a table; a merged cell is written once);
    a one-column table, such as a box around a paragraph, becomes paragraphs. A generated table of
    contents is left out. Running headers and footers, printed on every page, are dropped."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise DocumentError(f"it is not a Word document that can be read ({type(e).__name__}); open it in Word, save it as .docx and build again") from e
    except Exception as e:  # a damaged package fails in many ways
        raise DocumentError(f"the Word document could not be read ({type(e).__name__}); open it in Word, save it as .docx and build again") from e
    try:
        return _docx_text_of(doc)
    except DocumentError:
        raise
    except Exception as e:  # a part python-docx cannot follow: name the file rather than stop the build
        raise DocumentError(f"the Word document could not be read ({type(e).__name__}); open it in Word, save it as .docx and build again") from e


def _docx_text_of(doc) -> Extracted:
    blocks: list[str] = []
    dropped: list[str] = []
    _docx_blocks(doc.element.body, doc._body, blocks, dropped, _Numbering(doc))
    notes = [_docx_note(n) for part in _docx_note_parts(doc) for n in part]
    blocks += [n for n in notes if n]
    if not blocks:
        raise DocumentError("the Word document has no text in it")
    for section in doc.sections:
        for hf in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                   section.even_page_header, section.even_page_footer):
            if hf.is_linked_to_previous and section is not doc.sections[0]:
                continue
            for line in (" ".join(p.text.split()) for p in hf.paragraphs):
                if line and line not in dropped:
                    dropped.append(line)
    props = doc.core_properties
    title = " ".join((props.title or "").split()) or next(
        (" ".join(p.text.split()) for p in doc.paragraphs if p.style is not None and (p.style.name or "").startswith("Title") and p.text.strip()), None)
    return Extracted("\n\n".join(blocks) + "\n", title=title or None, dropped=dropped)


def _docx_blocks(container, body, blocks: list[str], dropped: list[str], numbering) -> None:
    """Paragraphs and tables of ``container`` (the body, or a content control in it), in order;
    an item of a numbered list with the number Word shows before it ("3. ", "b) ")."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == _W + "p":
            para = Paragraph(child, body)
            text = _folded_lines(para.text)
            if text:
                blocks.append(numbering.label(para) + text)
        elif child.tag == _W + "tbl":
            blocks.extend(_docx_table(Table(child, body)))
        elif child.tag == _W + "sdt":
            gallery = child.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
            content = child.find(_W + "sdtContent")
            if content is None:
                continue
            if gallery is not None and _TABLE_OF_CONTENTS.search(gallery.get(_W + "val", "")):
                dropped.extend(" ".join(t.split()) for t in content.itertext() if t.strip())
                continue
            _docx_blocks(content, body, blocks, dropped, numbering)


class _Numbering:
    """The numbers of a Word document's numbered lists, which its text does not hold: Word writes
    them from the numbering definitions (numbering.xml) as it shows the page. A list is counted per
    definition in use (``numId``), a level restarting when a higher one moves on; a bullet gives nothing."""

    _FORMATS = {"decimal": str, "lowerLetter": lambda n: _letters(n).lower(), "upperLetter": lambda n: _letters(n),
                "lowerRoman": lambda n: _roman(n).lower(), "upperRoman": lambda n: _roman(n), "decimalZero": lambda n: f"{n:02d}"}

    def __init__(self, doc):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> level -> (format, text, start)
        self.counts: dict[str, dict[int, int]] = {}
        try:
            root = doc.part.numbering_part.element
        except Exception:  # no lists in the document
            return
        abstract = {a.get(_W + "abstractNumId"): a for a in root.findall(_W + "abstractNum")}
        for num in root.findall(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            base = abstract.get(ref.get(_W + "val")) if ref is not None else None
            if base is None:
                continue
            levels = {}
            for lvl in base.findall(_W + "lvl"):
                fmt, text, start = lvl.find(_W + "numFmt"), lvl.find(_W + "lvlText"), lvl.find(_W + "start")
                levels[int(lvl.get(_W + "ilvl", "0"))] = (fmt.get(_W + "val") if fmt is not None else "decimal",
                                                           text.get(_W + "val") if text is not None else "",
                                                           int(start.get(_W + "val")) if start is not None else 1)
            for override in num.findall(_W + "lvlOverride"):
                restart = override.find(_W + "startOverride")
                level = int(override.get(_W + "ilvl", "0"))
                if restart is not None and level in levels:
                    levels[level] = (*levels[level][:2], int(restart.get(_W + "val")))
            self.levels[num.get(_W + "numId")] = levels

    def label(self, para) -> str:
        try:
            return self._label(para)
        except Exception:  # numbering python-docx cannot follow costs the number, not the document
            return ""

    def _label(self, para) -> str:
        num_id, level = self._numbered(para)
        levels = self.levels.get(num_id) if num_id else None
        if not levels or level not in levels:
            return ""
        fmt, text, start = levels[level]
        if fmt not in self._FORMATS:  # a bullet, or no number
            return ""
        counts = self.counts.setdefault(num_id, {})
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            kf, _, kstart = levels.get(k, ("decimal", "", 1))
            return self._FORMATS.get(kf, str)(counts.get(k, kstart))

        shown = re.sub(r"%(\d)", number, text).strip()
        return shown + " " if shown else ""

    @staticmethod
    def _numbered(para) -> tuple[str | None, int]:
        """The list a paragraph belongs to, set on it or by its style (or the style it is based on)."""
        sources = [para._p.pPr]
        style = para.style
        while style is not None:
            sources.append(style.element.pPr)
            style = style.base_style
        for ppr in sources:
            numpr = ppr.find(_W + "numPr") if ppr is not None else None
            if numpr is not None:
                num_id, level = numpr.find(_W + "numId"), numpr.find(_W + "ilvl")
                return (num_id.get(_W + "val") if num_id is not None else None,
                        int(level.get(_W + "val")) if level is not None else 0)
        return None, 0


def _letters(n: int) -> str:
    """
    >>> _letters(1), _letters(27), _roman(14), _roman(1999)
    ('A', 'AA', 'XIV', 'MCMXCIX')
    """
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                           (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _folded_lines(text: str) -> str:
    """A paragraph's text (Word, PowerPoint) with its line breaks kept as lines and other white space folded."""
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _docx_table(table) -> list[str]:
    seen: set = set()
    rows: list[list[str]] = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            first = cell._tc not in seen  # a merged cell comes back once per grid column and row it spans
            seen.add(cell._tc)  # the element itself: held here, its identity stays its own
            cells.append(_cell_text(cell) if first else "")
        if any(cells):
            rows.append(cells)
    if rows and max(len(r) for r in rows) == 1:
        return [_folded_lines(p.text) for row in table.rows for cell in row.cells for p in cell.paragraphs if p.text.strip()]
    return [pipe_rows(rows)] if rows else []


def pipe_rows(rows: list[list[str]]) -> str:
    """A table's rows as the "| a | b |" lines cleaning keeps as a table (a "|" in a cell becomes "/").

    >>> pipe_rows([["Year", "Flow"], ["1953", "410"]])
    '| Year | Flow |\\n| 1953 | 410 |'
    """
    return "\n".join("| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in rows)


def _cell_text(cell) -> str:
    """A table cell's paragraphs and the cells of any table inside it (a merged one once), on one line."""
    inner = [_cell_text(c) for t in cell.tables for c in {c._tc: c for row in t.rows for c in row.cells}.values()]
    return " ".join(" ".join(p.text for p in cell.paragraphs).split() + [t for t in inner if t])


def _docx_note_parts(doc):
    """The footnotes and the endnotes, each a list of note elements (the separators left out)."""
    from lxml import etree

    out = []
    for kind in ("footnotes", "endnotes"):
        for rel in doc.part.rels.values():
            if rel.reltype.endswith("/" + kind) and not rel.is_external:
                root = etree.fromstring(rel.target_part.blob)
                out.append([n for n in root if n.get(_W + "type") in (None, "normal")])
    return out


def _docx_note(note) -> str:
    paras = []
    for p in note.iter(_W + "p"):
        parts = []
        for el in p.iter(_W + "t", _W + "tab", _W + "br"):
            parts.append(el.text or "" if el.tag == _W + "t" else " ")
        paras.append(" ".join("".join(parts).split()))
    return " ".join(p for p in paras if p)


def _pptx(data: bytes) -> Extracted:
    """A slide deck's text, one page per slide: its shapes' text from the top of the slide down
    (a text frame's paragraphs as lines of one paragraph, a table's rows as "| a | b |" lines),
    then its speaker notes as paragraphs. The slide number, date and footer placeholders are
    dropped, and so is a box printed on three slides or more and on 30% of them, numbers aside
    (a footer or a classification mark typed into a text box). The title is the file's own, or the
    first slide's title."""
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    try:
        deck = Presentation(io.BytesIO(data))
        slides = list(deck.slides)
    except Exception as e:  # a damaged or foreign package fails in many ways
        kind = "PackageNotFoundError" if isinstance(e, PackageNotFoundError) else type(e).__name__
        raise DocumentError(f"it is not a PowerPoint deck that can be read ({kind}); open it in PowerPoint, save it as .pptx and build again") from e
    try:
        return _pptx_text_of(deck, slides)
    except DocumentError:
        raise
    except Exception as e:  # a shape python-pptx cannot follow: name the file rather than stop the build
        raise DocumentError(f"the deck could not be read ({type(e).__name__}); open it in PowerPoint, save it as .pptx and build again") from e


def _pptx_text_of(deck, slides) -> Extracted:
    dropped: list[str] = []
    # each shape's blocks, with the key of a box that may be printed on many slides (numbers aside; none for a title)
    shapes = []
    for slide in slides:
        got = [(shape, _pptx_shape(shape, dropped)) for shape in sorted(slide.shapes, key=_top_left)]
        shapes.append([(blocks, _numbers_aside(" ".join(blocks)) if blocks and not _is_title(shape) else None) for shape, blocks in got])
    # a box printed on most slides (a footer or a classification mark typed into a text box) is the
    # deck's furniture, as a PDF's running lines are: left out, and listed as dropped
    seen = Counter(key for on_slide in shapes for key in {key for _, key in on_slide if key})
    running = {key for key, k in seen.items() if k >= 3 and k >= 0.3 * len(slides)}
    bodies = []
    for slide, on_slide in zip(slides, shapes):
        blocks = []
        for got, key in on_slide:
            if key in running:
                dropped.extend(b for b in got if b not in dropped)
            else:
                blocks.extend(got)
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            blocks += [line for line in (_folded_lines(p.text) for p in slide.notes_slide.notes_text_frame.paragraphs) if line]
        bodies.append("\n\n".join(b for b in blocks if b))
    text, pages = _join_pages(bodies)
    if not pages:
        raise DocumentError("the deck has no text in it (its slides may be pictures); export it as PDF with text, or add the text, and build again")
    title = " ".join((deck.core_properties.title or "").split())
    if not title and slides and slides[0].shapes.title is not None:
        title = " ".join(slides[0].shapes.title.text_frame.text.split())
    return Extracted(text, title=title or None, pages=pages, dropped=dropped)


def _epub(data: bytes) -> Extracted:
    """An e-book's text: its chapters in reading order (the spine), each read block by block
    (``_xhtml_blocks``), then joined with blank lines. A chapter is clean XHTML, with no site around
    it, so its blocks are taken as they are rather than through a web-page extractor, which drops
    a chapter's opening heading. The contents (the navigation document) is dropped; the title and
    author are the book's own."""
    import ebooklib
    from ebooklib import epub

    try:
        book = epub.read_epub(io.BytesIO(data), options={"ignore_ncx": True})
        chapters = []
        dropped: list[str] = []
        for idref, _linear in book.spine:
            item = book.get_item_with_id(idref)
            if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
                continue
            blocks = _xhtml_blocks(item.get_content())
            if isinstance(item, epub.EpubNav):
                dropped.extend(blocks)
            elif blocks:
                chapters.append("\n\n".join(blocks))
        title = next((t for t, _ in book.get_metadata("DC", "title") if t and t.strip()), None)
        author = next((a for a, _ in book.get_metadata("DC", "creator") if a and a.strip()), None)
    except Exception as e:  # a damaged or foreign package fails in many ways
        raise DocumentError(f"the e-book could not be read ({type(e).__name__}); check that it is a complete EPUB file") from e
    if not chapters:
        raise DocumentError("the e-book has no text in it")
    return Extracted("\n\n".join(chapters) + "\n", title=" ".join(title.split()) if title else None,
                     author=" ".join(author.split()) if author else None, dropped=dropped)


_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd", "figcaption", "caption", "div",
               "section", "article", "aside", "header", "footer", "ul", "ol", "dl", "figure", "table", "nav", "body"}


def _xhtml_blocks(markup: bytes) -> list[str]:
    """The text blocks of an XHTML document, in order: each block element's own text, a list item
    with "- " (or its number in an ordered list), a glossary's term with its definition ("Pound: A
    level stretch of canal."), a table's rows as "| a | b |" lines of one block.

    >>> _xhtml_blocks(b"<html><body><h1>Rivers</h1><p>The <i>Lisk</i> floods.</p><ol><li>One</li><li>Two</li></ol></body></html>")
    ['Rivers', 'The Lisk floods.', '1. One', '2. Two']
    >>> _xhtml_blocks(b"<body><div>Text <b>around</b> a list:<ul><li>a <em>b</em></li></ul>and after.</div></body>")
    ['Text around a list:', '- a b', 'and after.']
    >>> _xhtml_blocks(b"<body><dl><dt>Pound</dt><dd>A level stretch of canal.</dd><dt>Lock</dt><dd>A chamber.</dd></dl></body>")
    ['Pound: A level stretch of canal.', 'Lock: A chamber.']
    """
    import lxml.html

    try:
        root = lxml.html.fromstring(markup)
    except Exception:
        return []
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    out: list[str] = []

    def tag(el) -> str:
        return el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else ""

    def walk(el, prefix: str = "") -> None:
        if tag(el) == "dl":  # a glossary: each term with its definition, as one line reads it
            entries: list[list[str]] = []
            for child in el:
                text = " ".join(child.text_content().split())
                if tag(child) == "dt" or not entries:
                    entries.append([text] if text else [])
                elif text:
                    entries[-1].append(text)
            out.extend(e[0] + (": " + "; ".join(e[1:]) if len(e) > 1 else "") for e in entries if e)
            return
        if tag(el) == "table":
            rows = [[" ".join(c.text_content().split()) for c in tr if tag(c) in ("td", "th")] for tr in el.iter() if tag(tr) == "tr"]
            rows = [r for r in rows if any(r)]
            if rows:
                out.append(pipe_rows(rows))
            return
        if not any(tag(d) in _BLOCK_TAGS for d in el.iterdescendants()):
            text = " ".join(el.text_content().split())
            if text:
                out.append(prefix + text)
            return
        # text and inline elements between block children make one block each
        pending, lead = [el.text or ""], [prefix]

        def flush() -> None:
            text = " ".join("".join(pending).split())
            pending.clear()
            if text:
                out.append(lead[0] + text)
                lead[0] = ""

        n = 0
        for child in el:
            if tag(child) in _BLOCK_TAGS:
                flush()
                n += tag(child) == "li"
                walk(child, (f"{n}. " if tag(el) == "ol" else "- ") if tag(child) == "li" else "")
            else:
                pending.append(child.text_content())
            pending.append(child.tail or "")
        flush()

    body = root.find(".//body")
    walk(body if body is not None else root)
    return out


def _is_title(shape) -> bool:
    return bool(getattr(shape, "is_placeholder", False) and shape.placeholder_format.type is not None
                and shape.placeholder_format.type.name in ("TITLE", "CENTER_TITLE"))


def _top_left(shape) -> tuple[int, int]:
    return (shape.top or 0, shape.left or 0)


_FURNITURE_PLACEHOLDERS = ("SLIDE_NUMBER", "DATE", "FOOTER", "HEADER")


def _pptx_shape(shape, dropped: list[str]) -> list[str]:
    """The text of one shape (a group's shapes in turn), as blocks."""
    if shape.shape_type is not None and shape.shape_type.name == "GROUP":
        return [b for inner in sorted(shape.shapes, key=_top_left) for b in _pptx_shape(inner, dropped)]
    if getattr(shape, "is_placeholder", False) and shape.placeholder_format.type is not None \
            and shape.placeholder_format.type.name in _FURNITURE_PLACEHOLDERS:
        text = " ".join(shape.text_frame.text.split()) if shape.has_text_frame else ""
        if text and text not in dropped:
            dropped.append(text)
        return []
    if getattr(shape, "has_table", False) and shape.has_table:
        rows = [[" ".join(cell.text.split()) if not cell.is_spanned else "" for cell in row.cells] for row in shape.table.rows]
        rows = [r for r in rows if any(r)]
        if rows and max(len(r) for r in rows) == 1:
            return [r[0] for r in rows]
        return [pipe_rows(rows)] if rows else []
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        lines = [_folded_lines(p.text.replace("\v", "\n")) for p in shape.text_frame.paragraphs]
        return ["\n".join(line for line in lines if line)]
    return []



def page_of(pages: list[tuple[int, int, int]], offset: int) -> int | None:
    """The page number holding ``offset``, or None for formats without pages.

    >>> page_of([(0, 10, 1), (12, 30, 2)], 15)
    2
    """
    for start, end, n in pages:
        if start <= offset < end:
            return n
    return None
