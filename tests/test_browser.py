"""The page, the widget and the course page in a real Chromium, against real servers on loopback.

One server over the real seeds (real model) and one over a tiny corpus
full of HTML, each started once for the module. A screenshot of every
state goes to test-artifacts/browser/. The last test checks that no
request made by any page left 127.0.0.1.
"""

from __future__ import annotations

import pytest

from tests.browser_support import Requests, launch, no_browser, shot
from tests.ui_support import HOSTILE, serving, tiny_engine
from ui.server import create_app

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

TELEGRAM_DOC = "000_41dd3236755e913d"
FIRST = "Why did accounts move to Telegram?"
FOLLOW_UP = "What did its founder say about that?"


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        no_browser("Playwright is not installed")
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(30_000)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    ctx.log = Requests(ctx)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def seeds_url(seeds_engine):
    with serving(create_app(seeds_engine)) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    with serving(create_app(tiny_engine(tmp_path_factory.mktemp("hostile"), HOSTILE))) as url:
        yield url


def ask(where, question: str, answers_before: int):
    """Type a question, press Enter, and wait until its answer replaces "Searching the readings…"."""
    from playwright.sync_api import expect

    where.locator("#qa-question textarea").fill(question)
    where.locator("#qa-question textarea").press("Enter")
    bots = where.locator("#qa-chat [data-testid='bot']")
    expect(bots).to_have_count(answers_before + 1)
    expect(bots.last).not_to_contain_text("Searching the readings")
    return bots.last


@pytest.fixture(scope="module")
def student(context, seeds_url):
    """The main page, after asking the Telegram question."""
    page = context.new_page()
    page.goto(seeds_url + "/")
    shot(page, "0-empty-page")
    ask(page, FIRST, 0)
    yield page
    page.close()


def test_main_page_answers_with_a_highlighted_quote(student):
    from playwright.sync_api import expect

    card = student.locator(f"#qa-citations .qa-card[data-doc='{TELEGRAM_DOC}']").filter(
        has=student.locator("mark.qa-quote", has_text="Telegram")).first
    expect(card).to_be_visible()
    expect(card.locator(".qa-kind")).to_have_text("article")
    answer = student.locator("#qa-chat [data-testid='bot']").last
    expect(answer).to_contain_text("Telegram")
    expect(answer).to_contain_text("[1]")
    expect(student.locator("#qa-citations .qa-not-answer")).to_have_count(0)
    shot(student, "1-answer")


def test_a_citation_opens_the_source_at_the_passage(student):
    from playwright.sync_api import expect

    card = student.locator(f"#qa-citations .qa-card[data-doc='{TELEGRAM_DOC}']").first
    quote = card.locator("mark.qa-quote").inner_text()
    card.click()
    marks = student.locator("#qa-source-view mark.qa-quote")
    expect(marks.first).to_be_visible()
    expect(marks.first).to_be_in_viewport()
    assert " ".join(marks.all_inner_texts()).split() == quote.split()
    expect(student.locator("#qa-source-view .qa-source-title")).to_contain_text(card.locator(".qa-title").inner_text())
    # boilerplate is collapsed out of the article text, never shown open
    assert student.locator("#qa-source-view details.qa-boilerplate").count() > 0
    assert student.locator("#qa-source-view details[open]").count() == 0
    shot(student, "2-source-viewer")


def test_copy_a_citation(student):
    from playwright.sync_api import expect

    button = student.locator("#qa-citations .qa-copy").first
    button.click()
    expect(button).to_have_text("Copied")
    copied = student.evaluate("navigator.clipboard.readText()")
    assert "Telegram" in copied and "characters" in copied and "—" in copied


def test_a_follow_up_is_answered_from_the_conversation(student):
    from playwright.sync_api import expect

    before = student.locator("#qa-chat [data-testid='bot']").count()
    ask(student, FOLLOW_UP, before)
    expect(student.locator("#qa-citations .qa-resolved")).to_contain_text(f"{FIRST} {FOLLOW_UP}")
    expect(student.locator("#qa-citations .qa-card").first).to_be_visible()
    shot(student, "3-follow-up")


def test_an_uncovered_question_says_so_and_clear_starts_over(student):
    from playwright.sync_api import expect

    before = student.locator("#qa-chat [data-testid='bot']").count()
    answer = ask(student, "What is the capital of France?", before)
    expect(answer).to_contain_text("don't cover")
    expect(student.locator("#qa-citations .qa-closest-note")).to_contain_text("not an answer")
    assert student.locator("#qa-citations .qa-card:not(.qa-closest)").count() == 0
    shot(student, "4-not-covered")
    student.locator("#qa-question textarea").fill("?!")
    student.locator("#qa-question textarea").press("Enter")
    expect(student.locator("#qa-question")).to_contain_text("no words")
    expect(student.locator("#qa-chat [data-testid='bot']")).to_have_count(before + 1)
    student.locator("#qa-new").click()
    expect(student.locator("#qa-chat [data-testid='bot']")).to_have_count(0)
    expect(student.locator("#qa-citations .qa-card")).to_have_count(0)
    shot(student, "5-new-chat")


def test_the_course_page_widget_answers_with_a_citation(context, seeds_url):
    from playwright.sync_api import expect

    page = context.new_page()
    try:
        page.goto(seeds_url + "/course")
        widget = page.frame_locator("#qa-widget")
        ask(widget, FIRST, 0)
        card = widget.locator("#qa-citations .qa-card").filter(has=widget.locator("mark.qa-quote")).first
        expect(card).to_be_visible()
        shot(page, "6-course-widget-answer")
        card.click()
        expect(widget.locator("#qa-source-view mark.qa-quote").first).to_be_visible()
        shot(page, "7-course-widget-source")
    finally:
        page.close()


def test_html_in_documents_and_questions_renders_as_text(context, hostile_url):
    from playwright.sync_api import expect

    page = context.new_page()
    try:
        page.goto(hostile_url + "/")
        ask(page, "What do web pages quote inside their article text?", 0)
        card = page.locator("#qa-citations .qa-card[data-doc='markup']").first
        expect(card.locator(".qa-passage")).to_contain_text("<script>alert(1)</script>")
        expect(card.locator(".qa-title")).to_contain_text("Markup <b>in</b> articles <script>alert('title')</script>")
        card.click()
        source = page.locator("#qa-source-view .qa-source")
        expect(source).to_contain_text("<img src=x onerror=alert(1)>")
        ask(page, "<img src=x onerror=alert(1)> image tag <script>alert(2)</script>", 1)
        expect(page.locator("#qa-chat [data-testid='user']").last).to_contain_text("<img src=x onerror=alert(1)>")
        shot(page, "8-html-as-text")
        for where in ("#qa-chat", "#qa-citations", "#qa-source-view"):
            assert page.locator(f"{where} script, {where} img, {where} b").count() == 0, where
        page.wait_for_timeout(300)  # give any injected handler the chance to fire
        assert context.log.dialogs == []
        assert not [u for u in context.log.urls if u.split("?")[0].endswith("/x")]
    finally:
        page.close()


def test_no_request_leaves_this_machine(context, seeds_url):
    page = context.new_page()
    try:
        page.goto(seeds_url + "/widget/")
        page.locator("#qa-question textarea").wait_for()
    finally:
        page.close()
    assert len(context.log.urls) > 10
    assert context.log.outside() == [], context.log.outside()[:10]
