"""A document's title: the headline among the lines above the article; a scraped page's first line only when it reads as one."""

import numpy as np
import pytest

from index import title as titles
from index.clean import OUTSIDE, Span
from qa.config import Settings

from tests.conftest import write_corpus
from tests.test_clean import ARTICLE_PARAS


def _page(lines):
    """Text of blank-line separated blocks, and one span per block labelled as given."""
    text, spans, pos = "", [], 0
    for line, label in lines:
        if text:
            text += "\n\n"
            pos += 2
        spans.append(Span(pos, pos + len(line), label))
        text += line
        pos += len(line)
    return text + "\n", spans


def _encoder(vectors):
    return lambda lines: np.array([vectors[line] for line in lines], dtype=np.float32)


BODY = np.array([[1.0, 0.0, 0.0]], dtype=np.float32)
PARA = "Glaciers form where more snow falls in winter than melts in summer, and over centuries the snow is pressed into ice that flows."


def test_the_line_nearest_the_article_is_the_title_and_furniture_never_is():
    text, spans = _page([("Skip to content", "boilerplate"), ("The Valley Courier", "article"), ("How glaciers carve valleys", "article"),
                         ("By Ann Example", "article"), ("May 3, 2024", "article"), ("• Ice flows downhill", "article"), (PARA, "article"),
                         ("Glaciers in numbers", "article")])
    assert titles.candidates(text, spans) == ["The Valley Courier", "How glaciers carve valleys"]  # no byline, date, bullet, or line past the prose
    vectors = {"The Valley Courier": [0.3, 0.95, 0.0], "How glaciers carve valleys": [0.9, 0.0, 0.43]}
    assert titles.choose(text, spans, BODY, [1], _encoder(vectors), "courier") == "How glaciers carve valleys"


def test_with_no_line_near_the_article_the_kept_first_line_or_the_file_name_is_the_title():
    vectors = {"The Valley Courier": [0.2, 0.98, 0.0]}  # a site name: far from the article
    kept_first = _page([("The Valley Courier", "article"), (PARA, "article")])
    assert titles.choose(*kept_first, BODY, [1], _encoder(vectors), "courier") == "The Valley Courier"
    furniture_first = _page([("Skip to content", "boilerplate"), ("The Valley Courier", "article"), (PARA, "article")])
    assert titles.choose(*furniture_first, BODY, [1], _encoder(vectors), "courier") == "courier"


def test_with_no_line_near_the_article_and_the_first_line_dropped_the_line_right_above_the_text_is_the_title():
    headline = "Valmont case: what we know so far"  # invented names tell the model little: far from the article
    vectors = {"OK, got it": [0.1, 0.99, 0.0], headline: [0.1, 0.99, 0.0], "Updated 18 September 2025, 09:15": [0.0, 1.0, 0.0]}
    page = _page([("Skip to content", "boilerplate"), ("OK, got it", "article"), (headline, "article"), (PARA, "article")])
    assert titles.choose(*page, BODY, [1], _encoder(vectors), "explainer") == headline
    dated = _page([("Skip to content", "boilerplate"), ("OK, got it", "article"), ("Updated 18 September 2025, 09:15", "article"), (PARA, "article")])
    assert titles.choose(*dated, BODY, [1], _encoder(vectors), "explainer") == "explainer"  # a date is no headline
    # a label between the headline and the text ("Show notes") is passed over for the headline above it
    labelled = _page([("Skip to content", "boilerplate"), (headline, "article"), ("Show notes", "article"), (PARA, "article")])
    assert titles.choose(*labelled, BODY, [1], _encoder({**vectors, "Show notes": [0.1, 0.99, 0.0]}), "explainer") == headline


def test_a_first_line_that_reads_as_the_headline_beats_a_slightly_closer_standfirst():
    headline, standfirst = "Valley glacier retreats a record distance", "Scientists say the ice lost forty metres in one summer of heat"
    text, spans = _page([(headline, "boilerplate"), ("News | Science | Weather", "boilerplate"), (standfirst, "article"), (PARA, "article")])
    spans[0] = Span(spans[0].start, spans[0].end, "boilerplate", OUTSIDE)  # dropped only for where it sits, far above the text
    vectors = {standfirst: [0.9, 0.0, 0.436], headline: [0.85, 0.0, 0.527]}
    assert titles.choose(text, spans, BODY, [1], _encoder(vectors), "news") == headline
    # a journal's name on the first line is much further from the article than the paper's title
    vectors[headline] = [0.6, 0.8, 0.0]
    assert titles.choose(text, spans, BODY, [1], _encoder(vectors), "news") == standfirst



def test_a_site_name_on_the_first_line_and_again_on_the_page_is_no_headline_however_close():
    site, headline = "Valley Glacier Museum", '"It was never ours": remarks at the return of the glacier maps'
    copyright = "© 2025 Valley Glacier Museum. All rights reserved."
    text, spans = _page([(site, "boilerplate"), ("Home | Visit | Collections", "boilerplate"), (headline, "article"),
                         ("Posted 22 August 2025 by the Valley Glacier Museum communications team", "article"), (PARA, "article"),
                         (copyright, "boilerplate")])
    spans[0] = Span(spans[0].start, spans[0].end, "boilerplate", OUTSIDE)
    vectors = {site: [0.85, 0.0, 0.527], headline: [0.9, 0.0, 0.436],
               "Posted 22 August 2025 by the Valley Glacier Museum communications team": [1.0, 0.0, 0.0]}
    # the byline is never a candidate, and the site name, about as close as the headline, is named again in the footer
    assert titles.candidates(text, spans) == [headline]
    assert titles.choose(text, spans, BODY, [1], _encoder(vectors), "speech") == headline
    # a first line named nowhere else still reads as the headline
    alone, spans = _page([(site, "boilerplate"), ("Home | Visit | Collections", "boilerplate"), (headline, "article"), (PARA, "article")])
    spans[0] = Span(spans[0].start, spans[0].end, "boilerplate", OUTSIDE)
    assert titles.choose(alone, spans, BODY, [1], _encoder(vectors), "speech") == site


def test_a_headline_beats_the_long_standfirst_under_it_however_close():
    headline = "Ice cut short: the valley glacier retreats a record distance"
    standfirst = ("A two-year survey finds that the glacier above the village lost forty metres of its length "
                  "in one summer, while farmers say the meltwater came too early")
    text, spans = _page([("The Valley Courier", "article"), (headline, "article"), (standfirst, "article"), (PARA, "article")])
    assert titles.candidates(text, spans) == ["The Valley Courier", headline, standfirst]
    vectors = {"The Valley Courier": [0.2, 0.98, 0.0], headline: [0.65, 0.0, 0.76], standfirst: [0.85, 0.0, 0.527]}
    assert titles.choose(text, spans, BODY, [1], _encoder(vectors), "news") == headline
    vectors[headline] = [0.3, 0.95, 0.0]  # a line above the standfirst that says little about the article is no headline
    assert titles.choose(text, spans, BODY, [1], _encoder(vectors), "news") == standfirst


@pytest.mark.model
def test_a_scraped_page_is_titled_by_its_headline_and_a_web_page_by_its_metadata(tmp_path, minilm):
    from qa.engine import Engine

    headline = "How glaciers form, flow and retreat"
    page = "\n\n".join(["Skip to content", "Menu", "Search", "The Valley Courier", "Science", headline, "By Ann Example",
                        "May 3, 2024 · 4 min read"] + ARTICLE_PARAS + ["Share this article", "Facebook Twitter Email", "© 2024 The Valley Courier"]) + "\n"
    docs = write_corpus(tmp_path / "docs", {"glaciers": page})
    (docs / "rivers.html").write_text("<html><head><title>Rivers and deltas</title></head><body><nav><a href='/'>Home</a></nav>"
                                      "<article><p>" + " ".join(["A delta forms where a river drops its silt at the coast."] * 4)
                                      + "</p></article></body></html>", encoding="utf-8")
    engine = Engine(Settings(docs=docs, store=tmp_path / "store"), embedder=minilm, log=lambda m: None)
    assert {d.doc_id: d.title for d in engine.store.docs} == {"glaciers": headline, "rivers": "Rivers and deltas"}
    answer = engine.ask("Why are mountain glaciers getting smaller?")
    assert answer.citations and answer.citations[0].doc_id == "glaciers" and answer.citations[0].title == headline


def test_a_headline_dropped_for_its_place_is_found_when_no_kept_line_will_do():
    from index.clean import OUTSIDE

    text, spans = _page([("Skip to content", "boilerplate"), ("Science", "boilerplate"), ("Ice", "boilerplate"),
                         ("How glaciers carve valleys", "boilerplate"), ("The Valley Courier", "article"), (PARA, "article")])
    spans = [Span(s.start, s.end, s.label, OUTSIDE if text[s.start : s.end] != "Skip to content" else "site button") for s in spans]
    assert titles.candidates(text, spans) == ["The Valley Courier"]
    assert titles.candidates(text, spans, placed=True) == ["How glaciers carve valleys", "The Valley Courier"]  # no one-word menu items
    vectors = {"The Valley Courier": [0.2, 0.98, 0.0], "How glaciers carve valleys": [0.9, 0.0, 0.43]}
    assert titles.choose(text, spans, BODY, [1], _encoder(vectors), "courier") == "How glaciers carve valleys"
    vectors["The Valley Courier"] = [0.5, 0.87, 0.0]  # a kept line close enough wins over a dropped one
    assert titles.choose(text, spans, BODY, [1], _encoder(vectors), "courier") == "The Valley Courier"


def test_captions_credits_fields_and_detail_rows_are_no_titles_but_a_quoted_headline_is():
    lines = [("Skip to content", "boilerplate"), ("A moth at rest on an alder leaf.\nPhoto © Ann Example", "article"),
             ("Family: Noctuidae\nWingspan: 31 mm\nHabitat: wet alder woodland", "article"),
             ("Premier Division · Mill Lane · Attendance: 2,814", "article"), ("“Not a moth to miss”: the copperband in autumn", "article"),
             ("Lichens: the partnership that conquered the planet", "article"), (PARA, "article")]
    text, spans = _page(lines)
    # a paragraph of several lines is cut into one span per line, as cleaning does with a list
    split = []
    for s in spans:
        pos = s.start
        for line in text[s.start : s.end].split("\n"):
            split.append(Span(pos, pos + len(line), s.label))
            pos += len(line) + 1
    assert titles.candidates(text, split) == ["“Not a moth to miss”: the copperband in autumn", "Lichens: the partnership that conquered the planet"]


def test_an_encyclopedias_name_line_above_its_tagline_is_the_title_not_a_field_or_a_button_there():
    # the infobox's lines sit nearer the text and closer to it in meaning; the name stands above the tagline
    lines = [("Main page", "boilerplate"), ("Glacier", OUTSIDE), ("From Openwiki, the free encyclopedia", "boilerplate"),
             ("Type Body of dense ice", "article"), ("Found on Every continent", "article"), (PARA, "article")]
    text, spans = _page(lines)
    spans[2] = Span(spans[2].start, spans[2].end, "boilerplate", "site's tagline")
    vectors = {"Type Body of dense ice": [0.9, 0.1, 0.0], "Found on Every continent": [0.8, 0.2, 0.0], "Glacier": [0.5, 0.5, 0.0]}
    assert titles.choose(text, spans, BODY, [1], _encoder(vectors), "wiki") == "Glacier"
    for above, label in (("View history", "boilerplate"), ("Coordinates: 46°N 8°E", OUTSIDE)):
        # a button of the page's menu, or a field, above the tagline: the usual choice
        other, spans2 = _page([lines[0], (above, label)] + lines[2:])
        spans2[2] = Span(spans2[2].start, spans2[2].end, "boilerplate", "site's tagline")
        if label == "boilerplate":
            spans2[1] = Span(spans2[1].start, spans2[1].end, "boilerplate", "site button")
        assert titles.choose(other, spans2, BODY, [1], _encoder(vectors), "wiki") == "Type Body of dense ice"


def test_an_encyclopedias_name_may_hold_a_year_but_a_measure_above_the_tagline_is_no_name():
    vectors = {"Type Body of dense ice": [0.9, 0.1, 0.0], "Found on Every continent": [0.8, 0.2, 0.0]}
    for above, expected in (("2014 Glacier Lake outburst flood", "2014 Glacier Lake outburst flood"),
                            ("Elevation 4,810 m", "Type Body of dense ice")):
        lines = [("Main page", "boilerplate"), (above, OUTSIDE), ("From Openwiki, the free encyclopedia", "boilerplate"),
                 ("Type Body of dense ice", "article"), ("Found on Every continent", "article"), (PARA, "article")]
        text, spans = _page(lines)
        spans[2] = Span(spans[2].start, spans[2].end, "boilerplate", "site's tagline")
        vectors[above] = [0.5, 0.5, 0.0]
        assert titles.choose(text, spans, BODY, [1], _encoder(vectors), "wiki") == expected


def test_an_encyclopedias_name_above_its_row_of_tabs_is_the_title_and_a_short_name_under_the_sites_menu_is_too():
    tabs = [("3 languages", OUTSIDE), ("Article", OUTSIDE), ("Talk", OUTSIDE), ("Edit", OUTSIDE), ("View history", OUTSIDE), ("Tools", OUTSIDE)]
    menu = [("Help", OUTSIDE), ("Community portal", OUTSIDE), ("Recent changes", OUTSIDE), ("Create account", OUTSIDE), ("Log in", OUTSIDE)]
    body = [("From Openwiki, the free encyclopedia", "boilerplate"), ("Type Body of dense ice", "article"), (PARA, "article")]
    vectors = {"Type Body of dense ice": [0.9, 0.1, 0.0], "2014 Glacier Lake outburst flood": [0.5, 0.5, 0.0], "Glacier": [0.5, 0.5, 0.0],
               "Tools": [0.1, 0.9, 0.0]}
    for lines, expected in (([("Main page", "boilerplate"), ("2014 Glacier Lake outburst flood", OUTSIDE)] + tabs, "2014 Glacier Lake outburst flood"),
                            ([("Jump to the text of the page", "boilerplate")] + menu + tabs + [("Glacier", OUTSIDE)], "Glacier")):
        text, spans = _page(lines + body)
        at = len(lines)
        spans[at] = Span(spans[at].start, spans[at].end, "boilerplate", "site's tagline")
        assert titles.choose(text, spans, BODY, [1], _encoder(vectors), "wiki") == expected


def test_a_headline_in_title_case_may_be_two_sentences_and_is_no_paragraph():
    headline = "I Walked the Closed Glacier Path. This Is What I Found Up There."
    text, spans = _page([("Open in app", "boilerplate"), (headline, "article"), ("Why one walker ignored the signs", "article"), (PARA, "article")])
    assert titles.candidates(text, spans) == [headline, "Why one walker ignored the signs"]
    # a sentence of the same length in the text's own case is its first paragraph: nothing below it is a candidate
    first = "I walked the closed glacier path. This is what I found up there, above the lake."
    text, spans = _page([(first, "article"), ("Why one walker ignored the signs", "article"), (PARA, "article")])
    assert titles.candidates(text, spans) == []


def test_a_sites_field_above_the_headline_is_no_first_paragraph():
    hours = "Library Hours: Main branch, Mon to Thu 9 a.m. to 8 p.m., Fri and Sat 9 a.m. to 5 p.m., Sun closed. Pell Branch, Tue and Thu only."
    headline = "How the library is helping families on the glacier path"
    text, spans = _page([(hours, "article"), ("From the Stacks: The Library Blog", "article"), (headline, "article"), (PARA, "article")])
    assert titles.candidates(text, spans) == ["From the Stacks: The Library Blog", headline]

