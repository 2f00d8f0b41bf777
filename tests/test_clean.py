"""Cleaning on small inline documents whose boilerplate we know."""

from index.clean import ARTICLE, BOILERPLATE, COMMENT, clean

ARTICLE_PARAS = [
    "Glaciers form where more snow falls in winter than melts in summer, year after year.",
    "Over centuries the snow is pressed into dense ice that slowly flows downhill under its own weight.",
    "Most of the world's glacial ice lies in Antarctica and Greenland, far from where most people live.",
    "As the climate warms, many mountain glaciers are retreating and losing mass every single year.",
]


def labels(text):
    return {text[s.start : s.end]: s.label for s in clean(text)}


def test_article_kept_and_furniture_dropped():
    doc = "\n\n".join(
        ["How glaciers work"]
        + ARTICLE_PARAS[:2]
        + ["IMG_2041.jpg"]
        + ARTICLE_PARAS[2:]
        + [
            "We use cookies to personalise content and ads, and to analyse our traffic. Manage your cookie preferences.",
            "Accept all cookies",
            "Barista wanted: $25,000 - $30,000 per year, apply now...",
            "Sign up to our newsletter",
        ]
    )
    got = labels(doc)
    for p in ARTICLE_PARAS:
        assert got[p] == ARTICLE
    assert got["How glaciers work"] == ARTICLE
    for junk in ["IMG_2041.jpg", "Accept all cookies", "Sign up to our newsletter"]:
        assert got[junk] == BOILERPLATE, junk
    assert all(v == BOILERPLATE for k, v in got.items() if "cookies" in k or "Barista" in k)


def test_repeated_caption_is_dropped():
    cap = "A glacier seen from the air in the early morning light"
    doc = "\n\n".join([cap] + ARTICLE_PARAS + [cap])
    assert labels(doc)[cap] == BOILERPLATE


def test_link_list_after_article_is_dropped():
    links = "\n".join(["Ten best hiking boots", "Election night live", "Why cats love boxes", "Recipes for summer"])
    doc = "\n\n".join(ARTICLE_PARAS + ["More stories", links])
    got = labels(doc)
    assert got["More stories"] == BOILERPLATE
    assert got["Election night live"] == BOILERPLATE


def test_numbered_reader_comments_are_comments():
    comments = [
        "1. anna_k · ·",
        "Great post! I never knew glaciers moved at all, thanks for explaining it so clearly.",
        "2. I really liked your article, it made me want to visit Iceland and see one for myself.",
        "3. tomwrites · ·",
        "Thank you for this. My grandfather used to tell me about the glacier near his village.",
    ]
    doc = "\n\n".join(ARTICLE_PARAS + comments)
    got = labels(doc)
    for p in ARTICLE_PARAS:
        assert got[p] == ARTICLE
    for c in comments:
        assert got[c] == COMMENT, c


def test_numbered_list_inside_article_is_not_comments():
    steps = [
        "1. Measure the glacier's front position every spring with a GPS receiver and note the date.",
        "2. Photograph the same view from the same spot so changes can be compared between years.",
        "3. Record the snow depth at three fixed stakes along the centre line of the ice.",
    ]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + steps + ARTICLE_PARAS[2:])
    got = labels(doc)
    assert all(got[s] == ARTICLE for s in steps)


def test_every_block_is_labelled_once_and_in_order():
    doc = "\n\n".join(ARTICLE_PARAS + ["Accept cookies"])
    spans = clean(doc)
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
