"""Course staff's own readings: text, Markdown, a web page, a PDF, a Word file and a slide deck, each made by the test itself.

Checks that each format's questions are answered from the right file with a verbatim quote
(and, for the PDF, the right page), that the web page's navigation, ads and cookie banner are
never cited, that unreadable files are named with the reason while the rest is indexed, and
that two courses served side by side answer only from their own readings.
"""

from pathlib import Path

import pytest

from index.docs import read_folder
from qa.config import Settings
from qa.golden import judge, load_golden

HTML = """<!doctype html><html><head><title>The Danube and the Rhine</title>
<meta name="author" content="Ann Lee"><meta name="date" content="2021-03-04"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/travel">Travel deals</a> <a href="/shop">Shop</a></nav>
<div id="cookie-banner">We use cookies to personalise ads and measure traffic. Accept all cookies or manage your preferences.</div>
<article><h1>The Danube and the Rhine</h1>
<p>The Danube flows through ten countries before it reaches the Black Sea, more than any other river in the world.</p>
<p>The Rhine was for centuries the main trade route between the Alps and the North Sea, carrying wine, timber and coal.</p>
<p>Both rivers were linked in 1992 when the Main-Danube Canal opened, letting barges cross Europe from Rotterdam to the Black Sea.</p>
</article>
<aside class="ad">Cheap flights to Vienna from 19 euros! Book your river cruise today, sponsored offer.</aside>
<footer>Subscribe to our newsletter. Copyright 2021 River News Ltd.</footer></body></html>"""

MARKDOWN = """# Glaciers

Glaciers form where more snow falls in winter than melts in summer, year after year.

## How they move

Over centuries the snow is pressed into dense ice that slowly flows downhill under its own weight.
"""

TEXT = "Bees\n\nA honey bee colony can hold around fifty thousand workers in the height of summer.\n\nWorker bees communicate the direction of flowers with a waggle dance.\n"

PDF_PAGES = [
    "Volcanoes\n\nA volcano erupts when pressure from gases in the magma becomes too great for the rock above it.",
    "Mount Etna in Sicily is one of the most active volcanoes in the world, erupting many times a decade.",
]

GOLDEN = """
- id: html-danube
  question: How many countries does the Danube flow through?
  expect_doc: rivers
  expect_any: [flows through ten countries]
- id: html-canal
  question: When was the Main-Danube Canal opened?
  expect_doc: rivers
  expect_any: [linked in 1992]
- id: md-glacier-form
  question: Where do glaciers form?
  expect_doc: glaciers
  expect_any: [more snow falls in winter than melts]
- id: txt-bees
  question: How do worker bees tell others where the flowers are?
  expect_doc: bees
  expect_any: [waggle dance]
- id: pdf-erupt
  question: Why does a volcano erupt?
  expect_doc: volcanoes
  expect_any: [pressure from gases in the magma]
- id: pdf-etna
  question: Which volcano in Sicily is one of the most active?
  expect_doc: volcanoes
  expect_any: [Mount Etna in Sicily]
- id: docx-retreat
  question: How much ice have the Kessel glaciers lost since 1960?
  expect_doc: kessel
  expect_any: [lost a third of their area]
- id: docx-table
  question: What was the area of the Aster Glacier in 2020?
  expect_doc: kessel
  expect_any: ["| Aster Glacier | 12.4 | 8.1 |"]
- id: docx-footnote
  question: How does the survey measure the glaciers?
  expect_doc: kessel
  expect_any: [on aerial photographs]
- id: pptx-notes
  question: What did the fruit cooperative borrow money for?
  expect_doc: coop
  expect_any: [to build a juice plant]
"""
PAGES = {"pdf-erupt": 1, "pdf-etna": 2, "pptx-notes": 3}


def write_pdf(path: Path, pages: list[str], *, password: str | None = None, text: bool = True) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for body in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, body)
        else:  # a "scan": a picture-like drawing and no text layer
            pdf.rect(20, 20, 100, 60, style="F")
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.output(str(path))


@pytest.fixture
def mixed(tmp_path) -> Path:
    docs = tmp_path / "readings"
    (docs / "week2").mkdir(parents=True)
    (docs / "rivers.html").write_text(HTML, encoding="utf-8")
    (docs / "week2" / "glaciers.md").write_text(MARKDOWN, encoding="utf-8")
    (docs / "bees.txt").write_text(TEXT, encoding="utf-8")
    write_pdf(docs / "week2" / "volcanoes.pdf", PDF_PAGES)
    write_docx(docs / "week2" / "kessel.docx")
    write_pptx(docs / "coop.pptx")
    return docs


def test_every_format_is_read_recursively_with_its_metadata(mixed):
    sources, problems = read_folder(mixed)
    by_id = {s.doc_id: s for s in sources}
    assert set(by_id) == {"rivers", "glaciers", "bees", "volcanoes", "kessel", "coop"} and not problems
    web = by_id["rivers"]
    assert web.title == "The Danube and the Rhine" and web.meta["author"] == "Ann Lee" and web.meta["date"] == "2021-03-04"
    assert "cookies" not in web.text and "Cheap flights" not in web.text and "Home" not in web.text
    assert any("cookies" in d for d in web.meta["dropped"])  # what extraction left out is recorded
    pdf = by_id["volcanoes"]
    assert [n for _, _, n in pdf.pages] == [1, 2]
    for (start, end, n), body in zip(pdf.pages, PDF_PAGES):
        assert pdf.text[start:end].split() == body.split()
    assert by_id["glaciers"].title == "Glaciers"


def test_unreadable_files_are_named_with_the_reason(mixed):
    write_pdf(mixed / "locked.pdf", ["Top secret river facts."], password="pw")
    write_pdf(mixed / "scan.pdf", ["ignored"], text=False)
    (mixed / "broken.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    (mixed / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    sources, problems = read_folder(mixed)
    said = "\n".join(problems)
    assert "locked.pdf" in said and "encrypted" in said
    assert "scan.pdf" in said and "no text layer" in said
    assert "broken.html" in said and "no article text" in said
    assert "truncated.pdf" in said
    assert {s.doc_id for s in sources} == {"rivers", "glaciers", "bees", "volcanoes", "kessel", "coop"}


@pytest.mark.model
def test_golden_questions_are_answered_from_the_right_file_and_page(mixed, tmp_path, minilm):
    from qa.engine import Engine

    engine = Engine(Settings(docs=mixed, store=tmp_path / "store"), embedder=minilm, log=lambda m: None)
    gold = tmp_path / "formats.yaml"
    gold.write_text(GOLDEN, encoding="utf-8")
    for item in load_golden(gold):
        answer = engine.ask(item.question, k=item.k)
        texts = {c.doc_id: engine.document(c.doc_id)["text"] for c in answer.citations}
        j = judge(item, answer.model_dump(), texts)
        assert j.passed and j.rank == 1, (item.id, [c.quote for c in answer.citations])
        top = answer.citations[0]
        assert texts[top.doc_id][top.start : top.end] == top.quote
        if item.id in PAGES:
            assert top.page == PAGES[item.id] and top.page_unit == ("slide" if item.id.startswith("pptx") else "page")
        else:
            assert top.page is None and top.page_unit is None
    # the web page's navigation, ads and cookie banner are never cited
    for q in ["Can I accept all cookies or manage my preferences?", "Are there cheap flights to Vienna?",
              "How do I subscribe to the newsletter?", "Where are the travel deals?"]:
        a = engine.ask(q, k=5)
        for c in a.citations + a.closest:
            low = c.quote.lower()
            assert not any(w in low for w in ("cookie", "flights", "newsletter", "travel deals", "sponsored")), c.quote


@pytest.mark.model
def test_two_courses_answer_only_from_their_own_readings(mixed, tmp_path, minilm):
    import httpx

    from qa.engine import Engine
    from tests.ui_support import serving
    from ui.server import create_app

    other = tmp_path / "other"
    other.mkdir()
    (other / "moons.txt").write_text("Moons\n\nJupiter has more than ninety known moons, and Ganymede is the largest of them.\n", encoding="utf-8")
    default = Engine(Settings(docs=other, store=tmp_path / "s-default"), embedder=minilm, log=lambda m: None)
    rivers = Engine(Settings(docs=mixed, store=tmp_path / "s-rivers"), embedder=minilm, log=lambda m: None)
    app = create_app(default, courses={"geo": rivers})
    with serving(app) as url:
        own = {d.doc_id for d in rivers.store.docs}
        for q in ["How many moons does Jupiter have?", "How many countries does the Danube flow through?"]:
            r = httpx.post(f"{url}/api/ask", json={"question": q, "course": "geo", "k": 5}, timeout=60)
            body = r.json()
            assert r.status_code == 200
            assert {c["doc_id"] for c in body["citations"] + body["closest"]} <= own
            r = httpx.post(f"{url}/api/ask", json={"question": q, "k": 5}, timeout=60)
            assert {c["doc_id"] for c in r.json()["citations"] + r.json()["closest"]} <= {"moons"}
        r = httpx.post(f"{url}/api/ask", json={"question": "Danube?", "course": "nope"}, timeout=60)
        assert r.status_code == 404 and "no course" in r.json()["detail"]
        r = httpx.get(f"{url}/widget/?course=geo", follow_redirects=False, timeout=60)
        assert r.status_code == 307 and r.headers["location"].endswith("/c/geo/widget/")
        assert httpx.get(f"{url}/c/geo/widget/", timeout=60).status_code == 200
        assert httpx.get(f"{url}/api/documents/rivers?course=geo", timeout=60).status_code == 200
        assert httpx.get(f"{url}/api/documents/rivers", timeout=60).status_code == 404


@pytest.mark.model
def test_cli_builds_and_asks_a_named_course(mixed, tmp_path, capsys):
    import json

    from qa import cli

    store = str(tmp_path / "store")
    assert cli.main(["--store", store, "build", "--docs", str(mixed), "--name", "geo", "--quiet"]) == 0
    assert (tmp_path / "store" / "courses" / "geo" / "current" / "manifest.json").is_file()
    capsys.readouterr()
    assert cli.main(["--store", store, "ask", "--course", "geo", "--json", "Which volcano in Sicily is one of the most active?"]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert row["citations"][0]["doc_id"] == "volcanoes" and row["citations"][0]["page"] == 2
    assert cli.main(["--store", store, "ask", "--course", "nope", "Danube?"]) == 1
    assert "no course named 'nope'" in capsys.readouterr().err
    assert cli.main(["--store", store, "build", "--name", "bad name!"]) == 1


BLOG = """<!doctype html><html><head><title>Why the Rhine runs low | River Notes</title></head><body>
<nav><a href="/">Home</a> <a href="/archive">Archive</a></nav>
<article><h1>Why the Rhine runs low</h1>
<p>In dry summers the Rhine at Kaub can fall below eighty centimetres, and barges must sail a third full.</p>
<p>Less snow in the Alps means less meltwater reaches the river in August, when it is needed most.</p>
<p>Shipping firms now build flatter barges that can still carry cargo when the water is shallow.</p>
</article>
<section id="comments" class="comments"><h3>2 comments</h3><ol class="comment-list">
<li class="comment"><div class="comment-author">Jan</div><div class="comment-content"><p>My grandfather skippered a barge from Basel and said the river was never this low in the fifties.</p></div></li>
<li class="comment"><div class="comment-author">Eva</div><div class="comment-content"><p>The ferry at Kaub stopped running for three weeks last August because of the low water.</p></div></li>
</ol></section>
<footer>Copyright 2024 River Notes</footer></body></html>"""


def test_a_web_page_s_comments_are_searchable_and_cited_as_comments(tmp_path, fake_embedder):
    from qa.engine import Engine
    from tests.conftest import fake_settings

    docs = tmp_path / "web"
    docs.mkdir()
    (docs / "rhine.html").write_text(BLOG, encoding="utf-8")
    (src,), _ = read_folder(docs)
    start = src.meta["comments_from"]
    assert src.text[start:].lstrip().startswith("My grandfather skippered a barge")
    assert "ferry at Kaub" not in src.text[:start]
    engine = Engine(fake_settings(docs=docs, store=tmp_path / "store"), embedder=fake_embedder, log=lambda m: None)
    ferry = engine.ask("Why did the ferry at Kaub stop running?").citations[0]
    assert ferry.kind == "comment" and "three weeks last August" in ferry.quote
    assert src.text[ferry.start : ferry.end] == ferry.quote
    barges = engine.ask("How full can barges sail when the Rhine is low?").citations[0]
    assert barges.kind == "article" and "a third full" in barges.quote


NOTES = """---
title: "Week 3: How glaciers move"
author: Dr Ann Lee
date: 2025-01-20
---

# How glaciers move

Glaciers form where more snow falls in winter than melts in summer, year after year.

Meltwater at the bed lets the ice slide over the rock, which is why glaciers move faster in summer.

| Glacier | Speed (metres a year) |
|---|---|
| Aletsch | 200 |
| Jakobshavn | 17,000 |
"""


def test_markdown_notes_take_their_front_matter_title_and_keep_a_closing_table(tmp_path, fake_embedder):
    from qa.engine import Engine
    from tests.conftest import fake_settings

    docs = tmp_path / "notes"
    docs.mkdir()
    (docs / "week3.md").write_text(NOTES, encoding="utf-8")
    (src,), _ = read_folder(docs)
    assert src.title == "Week 3: How glaciers move"
    engine = Engine(fake_settings(docs=docs, store=tmp_path / "store"), embedder=fake_embedder, log=lambda m: None)
    top = engine.ask("How many metres a year does Jakobshavn move?").citations[0]
    assert "17,000" in top.quote and top.title == "Week 3: How glaciers move"
    spans = engine.document("week3")["spans"]
    assert all(s["label"] == "boilerplate" for s in spans if s["end"] <= NOTES.index("# How"))  # the front matter is not cited


REPORT = [  # (heading, paragraphs) of a two-page report; each paragraph wraps over several printed lines
    ("1. Why the mangroves were lost", [
        "Between 1975 and 2010 the delta lost more than half of its mangrove forest, most of it cleared for shrimp ponds "
        "that were abandoned within a decade when disease swept through the farms.",
        "Charcoal makers cut much of what remained, and a dam upstream trapped the mud that the young trees needed to "
        "take root on the mudflats at the edge of the sea."]),
    ("2. What the programme did", [
        "The first phase planted four million seedlings on open mudflats, but only about one in ten survived, because "
        "they were planted too low in the tidal range and drowned at every high tide.",
        "The second phase cut openings in the walls of abandoned ponds so that the tide could carry seeds in, and within "
        "six years most of the breached ponds had a closed canopy of young trees again."]),
]


def write_report_pdf(path: Path) -> None:
    from fpdf import FPDF

    class Report(FPDF):
        def header(self):
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, "Delta Restoration Trust | Field report 7", new_x="LMARGIN", new_y="NEXT")

        def footer(self):
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Report()
    for heading, paragraphs in REPORT:
        pdf.add_page()
        pdf.set_font("Helvetica", style="B", size=13)
        pdf.cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        for para in paragraphs:
            pdf.multi_cell(120, 6, para, new_x="LMARGIN", new_y="NEXT")  # narrow, so every paragraph wraps
            pdf.ln(3)
    pdf.output(str(path))


def test_a_pdf_s_wrapped_lines_make_whole_paragraphs_and_its_page_furniture_stays_out(tmp_path, fake_embedder):
    from qa.engine import Engine
    from tests.conftest import fake_settings

    docs = tmp_path / "pdf"
    docs.mkdir()
    write_report_pdf(docs / "report.pdf")
    (src,), _ = read_folder(docs)
    paragraphs = [p for _, ps in REPORT for p in ps]
    lines = src.text.split("\n")
    for para in paragraphs:  # on one line, as written, though printed over three (two may share it: see _tidy_page)
        assert any(para in line for line in lines), para[:40]
    engine = Engine(fake_settings(docs=docs, store=tmp_path / "store"), embedder=fake_embedder, log=lambda m: None)
    spans = engine.document("report")["spans"]
    label = {src.text[s["start"] : s["end"]]: s["label"] for s in spans}
    kept = [t for t, lab in label.items() if lab == "article"]
    assert all(any(p in t for t in kept) for p in paragraphs)  # the second page's too: a page break does not end the article
    assert all(label[h] == "article" for h, _ in REPORT)
    assert label["Page 1 of 2"] == label["Page 2 of 2"] == "boilerplate"
    assert label["Delta Restoration Trust | Field report 7"] == "boilerplate"
    top = engine.ask("How many of the seedlings planted on the mudflats survived?").citations[0]
    assert "only about one in ten survived" in top.quote and top.page == 2 and src.text[top.start : top.end] == top.quote


@pytest.mark.parametrize("printed, paragraphs", [
    ("The delta lost half of its mangroves to shrimp ponds between\nthe years 1975 and 2010.\nThe south lost the most, as its ponds were the first to fail.",
     ["The delta lost half of its mangroves to shrimp ponds between the years 1975 and 2010.", "The south lost the most, as its ponds were the first to fail."]),
    ("Crews planted seedlings\nat low tide, when the\nmud was firm.\n2. Results\nSurvival was low.",
     ["Crews planted seedlings at low tide, when the mud was firm.", "2. Results", "Survival was low."]),
    ("Village Nurseries Survival\nLubra 4 74\nTamasak 3 63", ["Village Nurseries Survival\nLubra 4 74\nTamasak 3 63"]),
    ("A sentence that fills the whole printed line of this page, more or less, and goes on\nPage 3 of 9\nto the next page.",
     ["A sentence that fills the whole printed line of this page, more or less, and goes on", "Page 3 of 9", "to the next page."]),
], ids=["wrapped-at-the-width", "wrapped-mid-sentence-in-a-column", "table-rows-stay-lines", "page-number-alone"])
def test_printed_lines_become_paragraphs(printed, paragraphs):
    from index.formats import _tidy_page

    assert _tidy_page(printed).split("\n\n") == paragraphs



def test_a_web_page_s_standfirst_is_kept_though_the_extractor_leaves_out_the_article_header(tmp_path):
    import shutil

    docs = tmp_path / "web"
    docs.mkdir()
    # a news page of the test rounds whose standfirst sits in the article's <header>, with the headline
    shutil.copy(Path(__file__).parent / "pages" / "round15" / "newssite.html", docs)
    (src,), _ = read_folder(docs)
    standfirst = "Cabinet votes six to three against backing a heritage grant bid"
    assert standfirst in src.text
    assert src.text.index(standfirst) < src.text.index("Hollowick Pier will close to the public")
    assert "Marcus Thewlis" not in src.text[: src.text.index(standfirst)]  # the byline is not taken for it


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTE = "The Kessel Survey measured these areas on aerial photographs, which it has taken every ten years since 1960."


def write_docx(path: Path, *, title: str = "") -> None:
    """A Word reading as course staff write one: a running header and footer, a Title line, a
    generated table of contents, headings, a list, a table with a merged cell, a one-cell box and
    a footnote (python-docx cannot add one, so it is put into the file's package by hand)."""
    import zipfile

    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.core_properties.title = title
    d.sections[0].header.paragraphs[0].text = "GEOG 210 - Week 4 reading"
    d.sections[0].footer.paragraphs[0].text = "Page 1 of 2"
    d.add_paragraph("Glaciers of the Kessel Range", style="Title")
    d.element.body.append(parse_xml(
        f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
        '<w:sdtContent><w:p><w:r><w:t>Contents</w:t></w:r></w:p><w:p><w:r><w:t>1. Why the ice retreats ........ 2</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>'))
    d.add_heading("Why the ice retreats", level=1)
    d.add_paragraph("The Kessel glaciers lost a third of their area between 1960 and 2020, mostly because the summers grew warmer. FOOTNOTE-HERE")
    d.add_paragraph("Meltwater from the range feeds the Aster, the Brunn and the Lode rivers.", style="List Bullet")
    d.add_paragraph("Summers grew warmer by 1.4 degrees.", style="List Number")
    d.add_paragraph("Winter snowfall fell by a fifth.", style="List Number")
    table = d.add_table(rows=4, cols=3)
    for i, row in enumerate([("Glacier", "Area in 1960 (km2)", "Area in 2020 (km2)"), ("Aster Glacier", "12.4", "8.1"),
                             ("Brunn Glacier", "7.9", "4.2"), ("Total", "", "12.3")]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    table.cell(3, 0).merge(table.cell(3, 1))
    d.add_table(rows=1, cols=1).cell(0, 0).text = "Fieldwork tip: carry crampons on the upper Brunn, where the ice is bare from July."
    d.add_paragraph("The retreat is expected to go on until at least 2050, by which year the smallest glaciers will be gone.")
    d.save(str(path))
    # the footnote: its part, its relationship and content type, and a reference in the paragraph
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    files["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{FOOTNOTE}</w:t></w:r></w:p></w:footnote></w:footnotes>').encode()
    rels = files["word/_rels/document.xml.rels"].decode()
    files["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdFoot" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" '
        'Target="footnotes.xml"/></Relationships>')).encode()
    types = files["[Content_Types].xml"].decode()
    files["[Content_Types].xml"] = types.replace("</Types>", (
        '<Override PartName="/word/footnotes.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')).encode()
    body = files["word/document.xml"].decode()
    files["word/document.xml"] = body.replace(" FOOTNOTE-HERE</w:t></w:r>", '</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>').encode()
    assert "FOOTNOTE-HERE" not in files["word/document.xml"].decode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)


def test_a_word_document_is_read_in_order_with_its_tables_and_footnotes_and_without_its_page_furniture(tmp_path):
    docs = tmp_path / "word"
    docs.mkdir()
    write_docx(docs / "glaciers.docx")
    (src,), problems = read_folder(docs)
    assert not problems and src.meta["format"] == "docx"
    text = src.text
    assert src.title == "Glaciers of the Kessel Range"  # the Title line, as the file's own title is empty
    order = ["Glaciers of the Kessel Range", "Why the ice retreats", "lost a third of their area", "Meltwater from the range",
             "| Aster Glacier | 12.4 | 8.1 |", "Fieldwork tip:", "by which year the smallest", FOOTNOTE]
    assert [text.index(s) for s in order] == sorted(text.index(s) for s in order)
    assert "| Total |  | 12.3 |" in text  # a merged cell is written once, so every row has the same cells
    # a numbered list shows its numbers, as Word does (they are not in the paragraphs' text); a bullet adds nothing
    assert "\n\n1. Summers grew warmer by 1.4 degrees.\n\n2. Winter snowfall fell by a fifth.\n\n" in text
    assert "\n\nMeltwater from the range" in text
    assert "| Fieldwork tip" not in text  # a one-cell box is a paragraph, not a table
    for furniture in ("GEOG 210", "Page 1 of 2", "Contents", "........"):
        assert furniture not in text
    assert {"GEOG 210 - Week 4 reading", "Page 1 of 2", "Contents"} <= set(src.meta["dropped"])  # and reported as left out
    write_docx(docs / "glaciers.docx", title="Week 4: Kessel glaciers")
    (src,), _ = read_folder(docs)
    assert src.title == "Week 4: Kessel glaciers"  # the file's own title comes first


def test_word_files_that_cannot_be_read_are_named_with_what_to_do(tmp_path):
    docs = tmp_path / "word"
    docs.mkdir()
    write_docx(docs / "glaciers.docx")
    (docs / "~$aciers.docx").write_bytes(b"\x0bAnn Lee" + b" " * 40)  # Word's lock file beside an open document
    (docs / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    (docs / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (docs / "notes.odt").write_bytes(b"PK\x03\x04")
    sources, problems = read_folder(docs)
    assert [s.doc_id for s in sources] == ["glaciers"]
    said = "\n".join(problems)
    assert len(problems) == 3 and "~$" not in said
    assert "old.doc: Word 97-2003 files cannot be read; save it as .docx" in said
    assert "broken.docx" in said and "save it as .docx" in said
    assert "notes.odt" in said


def write_pptx(path: Path, *, title: str = "") -> None:
    """A lecture deck: a title slide, bullet slides with speaker notes, a footer typed into a text
    box on every slide, a slide-number placeholder, a grouped pair of boxes and a table."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.core_properties.title = title
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = "The Orrin Valley fruit cooperative"
    first.placeholders[1].text = "ECON 120 - Week 6 - Dr Lena Park"
    slides = [
        ("Why the cooperative grew", ["Membership rose from 40 farms in 2009 to 310 in 2015", "A shared cold store", "Guaranteed prices"],
         "The cold store, built in 2011 with a regional grant of 2.4 million, let members sell their fruit out of season."),
        ("Why it failed", ["Debt doubled between 2016 and 2018", "Two managers resigned in one year"],
         "The cooperative borrowed to build a juice plant that never ran at more than a third of its capacity."),
    ]
    for n, (heading, bullets, notes) in enumerate(slides, 2):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = heading
        frame = slide.placeholders[1].text_frame
        frame.text = bullets[0]
        for bullet in bullets[1:]:
            para = frame.add_paragraph()
            para.text, para.level = bullet, 1
        footer = slide.shapes.add_textbox(Inches(0.5), Inches(7), Inches(6), Inches(0.4))
        footer.text_frame.text = f"Orrin Valley Coop | OFFICIAL | {n}"
        slide.notes_slide.notes_text_frame.text = notes
    last = deck.slides.add_slide(deck.slide_layouts[5])
    last.shapes.title.text = "What happened to prices"
    group = last.shapes.add_group_shape()
    group.shapes.add_textbox(Inches(1), Inches(1.5), Inches(4), Inches(0.5)).text_frame.text = "Prices fell by a third after the supermarket contract ended in 2017."
    table = last.shapes.add_table(3, 2, Inches(1), Inches(2.5), Inches(6), Inches(1.5)).table
    for r, row in enumerate([("Year", "Price per crate"), ("2014", "£11.20"), ("2018", "£7.90")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    deck.save(str(path))


def test_a_slide_deck_is_read_slide_by_slide_with_its_notes(tmp_path):
    docs = tmp_path / "slides"
    docs.mkdir()
    write_pptx(docs / "coop.pptx")
    (src,), problems = read_folder(docs)
    assert not problems and src.meta["format"] == "pptx"
    assert src.title == "The Orrin Valley fruit cooperative"  # the first slide's title, as the file's own is empty
    assert [n for _, _, n in src.pages] == [1, 2, 3, 4]
    slide = {n: src.text[a:b] for a, b, n in src.pages}
    # a slide's title, its bullets as lines of one paragraph, then its speaker notes
    assert "Why the cooperative grew\n\nMembership rose from 40 farms in 2009 to 310 in 2015\nA shared cold store\nGuaranteed prices" in slide[2]
    # shapes from the top of the slide down (the footer box is at the bottom), the notes after them
    assert slide[2].index("Guaranteed prices") < slide[2].index("Orrin Valley Coop") < slide[2].index("The cold store, built in 2011")
    assert slide[2].rstrip().endswith("let members sell their fruit out of season.")
    assert "Prices fell by a third" in slide[4] and "| 2018 | £7.90 |" in slide[4]
    write_pptx(docs / "coop.pptx", title="Week 6: cooperatives")
    (src,), _ = read_folder(docs)
    assert src.title == "Week 6: cooperatives"


@pytest.mark.model
def test_a_slide_deck_s_speaker_notes_answer_and_its_footer_is_never_cited(tmp_path, fake_embedder):
    from qa.engine import Engine
    from tests.conftest import fake_settings

    docs = tmp_path / "slides"
    docs.mkdir()
    write_pptx(docs / "coop.pptx")
    (docs / "old.ppt").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    engine = Engine(fake_settings(docs=docs, store=tmp_path / "store"), embedder=fake_embedder, log=lambda m: None)
    assert any("old.ppt" in p and "save it as .pptx" in p for p in engine.problems)
    top = engine.ask("What did the cooperative borrow money to build?").citations[0]
    assert "juice plant" in top.quote and top.page == 3 and top.page_unit == "slide"
    spans = engine.document("coop")["spans"]
    text = engine.document("coop")["text"]
    for n in (2, 3):
        at = text.index(f"Orrin Valley Coop | OFFICIAL | {n}")
        assert all(s["label"] == "boilerplate" for s in spans if s["start"] <= at < s["end"])
    for q in ("Is the Orrin Valley Coop official?", "What is on slide 3 of the coop deck?"):
        for c in engine.ask(q, k=5).citations:
            assert "OFFICIAL" not in c.quote


def test_a_box_printed_on_most_slides_is_left_out_of_the_deck_s_text(tmp_path):
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    for n, (heading, note) in enumerate([("Hives", "A hive holds up to eleven frames of comb."), ("Queens", "A queen lays up to two thousand eggs a day."),
                                         ("Drones", "Drones are driven out of the hive in autumn."), ("Winter", "The colony clusters to keep warm.")], 1):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = heading
        slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1)).text_frame.text = note
        slide.shapes.add_textbox(Inches(0.5), Inches(7), Inches(6), Inches(0.4)).text_frame.text = f"Bee Unit | OFFICIAL | Slide {n}"
    docs = tmp_path / "deck"
    docs.mkdir()
    deck.save(str(docs / "bees.pptx"))
    (src,), _ = read_folder(docs)
    assert "OFFICIAL" not in src.text and "Bee Unit | OFFICIAL | Slide 3" in src.meta["dropped"]
    assert all(note in src.text for note in ("eleven frames", "two thousand eggs", "driven out", "clusters"))


def test_odd_office_files_are_read_or_named_never_crash_the_build(tmp_path):
    import io

    import docx
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    docs = tmp_path / "odd"
    docs.mkdir()
    d = docx.Document()
    d.add_paragraph("The survey counted forty glaciers in the range, twelve fewer than in 1960.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Range", "Glaciers"
    table.cell(1, 0).add_table(rows=1, cols=1).cell(0, 0).text = "Kessel (inner table)"  # a table inside a cell
    d.save(str(docs / "nested.docx"))
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Melt by decade"
    data = CategoryChartData()
    data.categories = ["1990s", "2000s"]
    data.add_series("Melt", (1.0, 2.0))
    slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1.5), Inches(5), Inches(3), data)
    deck.slides.add_slide(deck.slide_layouts[6])  # an empty slide
    deck.save(str(docs / "chart.pptx"))
    whole = io.BytesIO()
    deck.save(whole)
    (docs / "cut.pptx").write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])  # a download that stopped half way
    (docs / "swapped.docx").write_bytes(whole.getvalue())  # a deck saved under a Word name
    sources, problems = read_folder(docs)
    by_id = {s.doc_id: s for s in sources}
    assert "Kessel (inner table)" in by_id["nested"].text
    assert by_id["chart"].text.strip() == "Melt by decade" and [n for _, _, n in by_id["chart"].pages] == [1]
    said = "\n".join(problems)
    assert len(problems) == 2 and "cut.pptx" in said and "swapped.docx" in said, problems


def write_epub(path: Path) -> None:
    """A small e-book: a title page, two chapters (headings, a list, a table) and its contents page."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("rivers-of-the-north")
    book.set_title("Rivers of the North")
    book.set_language("en")
    book.add_author("Ann Lee")
    front = epub.EpubHtml(title="Title page", file_name="front.xhtml")
    front.content = "<html><body><h1>Rivers of the North</h1><p>Copyright © 2024 Ann Lee. All rights reserved.</p></body></html>"
    lisk = epub.EpubHtml(title="The Lisk", file_name="lisk.xhtml")
    lisk.content = ("<html><body><h1>Chapter 1: The Lisk</h1><p>The Lisk rises in the Corran hills and runs for ninety "
                    "kilometres before it reaches the sea at Harrowdean.</p><h2>Floods</h2><ol><li>Flood walls were built in "
                    "1958.</li><li>A tidal barrier followed in 1982.</li></ol><table><tr><th>Year</th><th>Peak flow</th></tr>"
                    "<tr><td>1953</td><td>410 m3/s</td></tr><tr><td>2015</td><td>380 m3/s</td></tr></table><p>Salmon returned "
                    "to the <i>Lisk</i> in 1994, after the paper mill upstream closed.</p><h2>Key terms</h2><dl><dt>Spate</dt><dd>A sudden "
                    "flood after heavy rain in the hills.</dd><dt>Barrier</dt><dd>A gate across the estuary.</dd></dl></body></html>")
    brunn = epub.EpubHtml(title="The Brunn", file_name="brunn.xhtml")
    brunn.content = ("<html><body><h1>Chapter 2: The Brunn</h1><p>The Brunn is a short river, only twelve kilometres long, "
                     "fed by the melt of the Brunn Glacier.</p><p>Its water is so cold that no fish live in its upper "
                     "reaches, though trout are common below the gorge.</p></body></html>")
    for chapter in (front, lisk, brunn):
        book.add_item(chapter)
    book.toc = (lisk, brunn)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", front, lisk, brunn]
    epub.write_epub(str(path), book)


def test_an_e_book_is_read_chapter_by_chapter_without_its_contents_page(tmp_path, fake_embedder):
    from qa.engine import Engine
    from tests.conftest import fake_settings

    docs = tmp_path / "book"
    docs.mkdir()
    write_epub(docs / "rivers.epub")
    (docs / "cut.epub").write_bytes((docs / "rivers.epub").read_bytes()[:300])
    (src,), problems = read_folder(docs)
    assert src.title == "Rivers of the North" and src.meta["author"] == "Ann Lee" and src.meta["format"] == "epub"
    assert len(problems) == 1 and "cut.epub" in problems[0]
    order = ["Chapter 1: The Lisk", "runs for ninety kilometres", "Floods", "1. Flood walls were built in 1958.",
             "2. A tidal barrier followed in 1982.", "| 1953 | 410 m3/s |", "Salmon returned to the Lisk in 1994",
             "Chapter 2: The Brunn", "no fish live in its upper reaches"]
    assert [src.text.index(s) for s in order] == sorted(src.text.index(s) for s in order)
    assert "1. The Lisk" not in src.text and "1. The Lisk" in src.meta["dropped"]  # the contents page
    assert "\n\nSpate: A sudden flood after heavy rain in the hills.\n\nBarrier: A gate across the estuary.\n\n" in src.text  # a glossary
    engine = Engine(fake_settings(docs=docs, store=tmp_path / "store"), embedder=fake_embedder, log=lambda m: None)
    top = engine.ask("When did salmon return to the Lisk?").citations[0]
    assert "in 1994" in top.quote and top.page is None
    assert engine.document("rivers")["text"][top.start : top.end] == top.quote
