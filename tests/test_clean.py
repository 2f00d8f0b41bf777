"""Cleaning on small inline documents whose boilerplate we know."""

import pytest

from index.clean import ARTICLE, BOILERPLATE, COMMENT, clean

ARTICLE_PARAS = [
    "Glaciers form where more snow falls in winter than melts in summer, year after year.",
    "Over centuries the snow is pressed into dense ice that slowly flows downhill under its own weight.",
    "Most of the world's glacial ice lies in Antarctica and Greenland, far from where most people live.",
    "As the climate warms, many mountain glaciers are retreating and losing mass every single year.",
]


def labels(text):
    return {text[s.start : s.end]: s.label for s in clean(text)}


def assert_labels(doc: str, dropped: list[str], kept: list[str] = ()) -> None:
    """Each of ``dropped`` is boilerplate in ``doc`` and each of ``kept`` is article."""
    got = labels(doc)
    for p in dropped:
        assert got[p] == BOILERPLATE, p
    for p in kept:
        assert got[p] == ARTICLE, p


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


def test_page_furniture_inside_and_around_the_article():
    head = ["Home   News   Science   Travel   Culture   Contact", "Home / News / 2024 / May", "How glaciers work",
            "Share on Facebook   Post on X   Email   Copy link", "Share", "Print"]
    furniture = [
        "glacier_aerial_2019.jpg",
        "Ice fields seen from a survey plane last spring.",  # the caption under the image file
        "ADVERTISEMENT",
        "Sponsored | PolarGear",
        "Walkers on glaciers can save up to 30% on crampons and ice axes this month.",  # on topic, still an advert
        "Shop the sale",
        "Have you walked on a glacier? Email letters@example.org and tell us about it.",
        "Topics: Glaciers   Climate   Mountains",
        "Related stories   Ice caves of Iceland   Ten warmest winters",
        "$24.99 at Amazon",
        "Check price",
        "Most read",
        "1 Council approves new bus lanes",
        "2 Record crowds at the summer fair",
        "Quote  Like  Report",
        "References",
        "^ a b Smith, K. R. (2018). \"Glaciers in retreat\". Journal of Ice 12: 44–51. Retrieved 2 May 2020.",
    ]
    doc = "\n\n".join(head + ARTICLE_PARAS[:2] + furniture[:6] + ARTICLE_PARAS[2:] + furniture[6:])
    got = labels(doc)
    for p in ARTICLE_PARAS + ["How glaciers work"]:
        assert got[p] == ARTICLE, p
    for junk in head[:2] + head[3:] + furniture:
        assert got[junk] == BOILERPLATE, junk


def test_comments_after_a_numbered_recipe_are_comments():
    steps = [f"{i}. Stir the pot for {i} minutes, then add a little more of the stock and wait." for i in range(1, 6)]
    comments = []
    for i, (name, said) in enumerate([("Priya", "I made this last night and my family loved it."),
                                      ("Tom", "Thanks for the recipe, I added more pepper to mine."),
                                      ("Deb", "My risotto was too wet, I think I used too much stock.")], 1):
        comments += [f"{i}. {name} says:", f"October {12 + i}, 2023 at 8:0{i} am", said, "Reply"]
    doc = "\n\n".join(ARTICLE_PARAS + steps + ["3 thoughts on this recipe"] + comments)
    got = labels(doc)
    assert all(got[s] == ARTICLE for s in steps)
    assert all(got[c] == COMMENT for c in comments), {c: got[c] for c in comments}


def test_a_short_aside_between_paragraphs_on_the_topic_stays():
    import numpy as np

    aside = "Work on the new visitor centre starts in spring."

    def embed(texts):  # the aside points elsewhere; the paragraphs agree with each other
        return np.array([[0.0, 1.0] if t == aside else [1.0, 0.1 * (i % 3)] for i, t in enumerate(texts)], dtype=np.float32)

    teaser = "A completely different story about football transfers this summer season."
    doc = "\n\n".join(ARTICLE_PARAS[:2] + [aside] + ARTICLE_PARAS[2:] + ["More stories", teaser])
    got = {doc[s.start : s.end]: s for s in clean(doc, embed=embed)}
    assert got[aside].label == ARTICLE


def test_two_turns_off_the_topic_between_paragraphs_on_it_stay_but_three_in_a_row_go():
    import numpy as np

    turns = ["Host: Which does not help her much, does it.", "Guest: No. I do not care who wins the argument in the end.",
             "Host: And the weather has been terrible all week long here."]

    def embed(texts):  # the turns point elsewhere; the paragraphs agree with each other
        return np.array([[0.0, 1.0] if t in turns else [1.0, 0.1 * (i % 3)] for i, t in enumerate(texts)], dtype=np.float32)

    for n, expected in ((2, ARTICLE), (3, BOILERPLATE)):
        doc = "\n\n".join(ARTICLE_PARAS[:3] + turns[:n] + ARTICLE_PARAS[3:])
        got = {doc[s.start : s.end]: s for s in clean(doc, embed=embed)}
        assert [got[t].label for t in turns[:n]] == [expected] * n, [got[t] for t in turns[:n]]


def test_a_pull_quote_repeating_the_article_is_dropped():
    long_para = ("Glaciers carve deep valleys as they move, dragging rocks along their beds like sandpaper. "
                 "Over thousands of years this slow grinding turns narrow river valleys into wide U-shaped troughs, "
                 "and the rock flour it makes gives glacial lakes their milky blue colour.")
    pull = "PULL QUOTE: “this slow grinding turns narrow river valleys into wide U-shaped troughs.”"
    doc = "\n\n".join(ARTICLE_PARAS[:2] + [long_para, pull] + ARTICLE_PARAS[2:])
    got = labels(doc)
    assert got[pull] == BOILERPLATE and got[long_para] == ARTICLE


def test_unnumbered_responses_with_author_lines_are_comments():
    responses = []
    for name, when, said in [("Daniel Reyes", "3 days ago", "I tried this after reading your post and it worked for me."),
                             ("Priya V.", "2 days ago", "Interesting, but I am not sure the numbers prove anything."),
                             ("Tom W.", "1 day ago", "My team uses a shared board, so I cannot see this working.")]:
        responses += [f"{name} · {when}", said, "Reply"]
    doc = "\n\n".join(ARTICLE_PARAS + ["Responses (3)"] + responses)
    got = labels(doc)
    assert all(got[p] == ARTICLE for p in ARTICLE_PARAS)
    assert all(got[r] == COMMENT for r in responses[1::3]), got
    assert all(got[r] == BOILERPLATE for r in responses[::3] + ["Reply"]), got  # the author lines and buttons are no comment


def test_promotions_and_buttons_go_but_the_article_talking_about_apps_stays():
    promos = [
        "Never miss a story. Turn on alerts in the Ice Daily app and we'll tell you when it breaks.",
        "Love the outdoors? Get Trail Notes, our free Friday newsletter, for gear tips and routes.",
        "Did you make this walk? Tag @icewalkers on Instagram and show us your photos!",
        "Thanks for reading Cold Facts! Subscribe for free to receive new posts.",
        "Jump to Recipe",
        "Print Recipe",
        "Back to top",
        "Book a demo",
        "This episode is brought to you by Nordpeak, makers of crampons that last.",
        "Go to nordpeak.example and use code GLACIER for 15% off your first order.",
        "Every Friday: the week's glacier closures in five minutes. No spam, unsubscribe any time.",
    ]
    app_para = "Park rangers now post glacier closures on Twitter, and the @GlacierPark account warns walkers about crevasses."
    doc = "\n\n".join(ARTICLE_PARAS[:2] + promos[:3] + [app_para] + ARTICLE_PARAS[2:] + promos[3:])
    got = labels(doc)
    for p in ARTICLE_PARAS + [app_para]:
        assert got[p] == ARTICLE, p
    for junk in promos:
        assert got[junk] == BOILERPLATE, junk


def test_an_advert_label_takes_its_copy_but_not_the_next_heading():
    ad = "Walk the ice in comfort: Nordpeak crampons fit every boot and ship free this week."
    doc = "\n\n".join(ARTICLE_PARAS[:2] + ["Advertisement", ad, "Why glaciers retreat"] + ARTICLE_PARAS[2:])
    got = labels(doc)
    assert got[ad] == BOILERPLATE
    assert got["Why glaciers retreat"] == ARTICLE


def test_bulleted_lists_next_to_the_body_belong_to_it():
    outcomes = ["Learning outcomes", "By the end of this week you should be able to:",
                "• Describe how snow turns into ice", "• Explain why glaciers flow"]
    verdict = ["Pros", "• Clear maps", "• Cheap", "Cons", "• Heavy"]
    doc = "\n\n".join(["Sign in", "Mark as done"] + outcomes + ARTICLE_PARAS + verdict + ["Related stories", "Ten best boots"])
    got = labels(doc)
    for p in outcomes + ARTICLE_PARAS + verdict:
        assert got[p] == ARTICLE, p
    assert got["Sign in"] == BOILERPLATE and got["Ten best boots"] == BOILERPLATE


def test_a_title_that_opens_the_first_paragraph_is_not_a_repeat():
    title = "Glaciers form where more snow falls"
    doc = "\n\n".join(["Skip to content", title] + ARTICLE_PARAS)
    got = labels(doc)
    assert got[ARTICLE_PARAS[0]] == ARTICLE


def test_long_list_lines_between_share_buttons_stay_inside_the_body():
    tips = ["Start walking before sunrise while the snow crust is still firm underfoot",
            "Rope up with a partner whenever you cross a snow-covered section of the glacier"]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + ["Share", "Tips for walkers"] + tips + ["Share"] + ARTICLE_PARAS[2:])
    got = labels(doc)
    for t in tips:
        assert got[t] == ARTICLE, t


def test_a_list_introduced_by_a_colon_stays_even_in_lower_case():
    items = ["thin, cracked ice near the snout", "meltwater streams under the surface", "• loose rocks on the moraine"]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + ["Walkers should watch for:"] + items
                      + ["A guide can point these out before you set off on the ice."] + ARTICLE_PARAS[2:])
    got = labels(doc)
    for p in ["Walkers should watch for:", *items, "A guide can point these out before you set off on the ice."]:
        assert got[p] == ARTICLE, p


def test_a_papers_back_matter_and_page_furniture_go():
    back = [
        "ACKNOWLEDGEMENTS",
        "We thank the rangers of the valley station, who carried out most of the stake measurements.",
        "Funding information: Alpine Research Fund, Grant Number: ARF-2019-04",
        "© 2024 The Authors. Published by Example Press on behalf of the Glacier Society.",
        "Page 3 of 8",
        "Holt, R. J., & Varga, K. (2018). Mass balance of small valley glaciers. Journal of Ice, 12, 44–51.",
        "Marsh P, Ode K (2020) Debris cover and melt rates. Ice Science 4: 1–9.",
    ]
    running = "HOLT ET AL."
    doc = "\n\n".join(ARTICLE_PARAS[:2] + [running] + ARTICLE_PARAS[2:] + [running, "REFERENCES"] + back[5:] + back[:5] + [running])
    got = labels(doc)
    for p in ARTICLE_PARAS:
        assert got[p] == ARTICLE, p
    for junk in back + [running]:
        assert got[junk] == BOILERPLATE, junk


def test_the_headline_is_found_past_bylines_dates_and_counters():
    head = ["How glaciers shape valleys", "Ice carves deep troughs over thousands of years, and leaves them behind.",
            "By Ann Example", "Published 14:32, 12 APR 2025", "Updated 16:05, 12 APR 2025", "7 min read · 1.2K views"]
    doc = "\n\n".join(["Home / News / Science", "Sign in"] + head + ["Share"] + ARTICLE_PARAS)
    got = labels(doc)
    for p in head[:2] + ARTICLE_PARAS:
        assert got[p] == ARTICLE, p
    assert got["Home / News / Science"] == BOILERPLATE


def test_a_paragraph_that_mentions_a_price_change_is_not_an_advert():
    para = ("Last spring the park raised its guided-walk fee from €20 to €25, and it still sold out every weekend, "
            "because the glacier had retreated so far that the old path was closed and the new one is longer and steeper.")
    doc = "\n\n".join(ARTICLE_PARAS[:2] + [para] + ARTICLE_PARAS[2:])
    assert labels(doc)[para] == ARTICLE


def test_a_table_of_contents_and_forum_member_cards_go():
    toc = ["On this page", "How glaciers form", "Where they flow"]
    card = ["Joined: Sun Nov 08, 2009 10:15 pm", "Posts: 6217", "Location: Swindon", "#2 · 14 Jun 2024, 08:15"]
    doc = "\n\n".join(toc + ARTICLE_PARAS[:2] + card + ARTICLE_PARAS[2:])
    got = labels(doc)
    for p in toc + card:
        assert got[p] == BOILERPLATE, p
    for p in ARTICLE_PARAS:
        assert got[p] == ARTICLE, p


def test_a_pull_quote_with_its_punctuation_changed_is_dropped():
    para = "A glacier without snow is not a glacier; it is a slow river of old ice that is running out of time."
    pull = "“A glacier without snow is not a glacier. It is a slow river of old ice.”"
    doc = "\n\n".join(ARTICLE_PARAS[:2] + [para, pull] + ARTICLE_PARAS[2:])
    got = labels(doc)
    assert got[pull] == BOILERPLATE and got[para] == ARTICLE


def test_capitalised_outcomes_after_a_colon_and_notes_to_editors():
    outcomes = ["By the end of this section, you will be able to:", "Explain how snow turns into glacier ice",
                "Describe the zones of a valley glacier"]
    notes = ["Notes to editors", "1. The research was funded by the Alpine Research Fund under grant ARF-2019-04."]
    doc = "\n\n".join(["Learning Objectives"] + outcomes + ARTICLE_PARAS + notes)
    got = labels(doc)
    for p in outcomes + ARTICLE_PARAS:
        assert got[p] == ARTICLE, p
    for junk in notes:
        assert got[junk] == BOILERPLATE, junk


def test_the_headline_stays_when_a_sidebar_repeats_it():
    title = "Glacier Park Closes Its Upper Trail as the Ice Retreats"
    sidebar = ["Recent Posts", title, "Spring wildflowers return to the valley"]
    doc = "\n\n".join(["Posted in News, Parks", title, "Posted on July 22, 2024 by Ann Example"] + ARTICLE_PARAS + sidebar)
    spans = clean(doc)
    first, second = [s.label for s in spans if doc[s.start : s.end] == title]
    assert (first, second) == (ARTICLE, BOILERPLATE)


def test_links_downloads_counters_and_breadcrumbs_inside_the_page_go():
    junk = ["Home > Science > Climate & Environment Reporting Desk", "READ MORE: Why the Alps lost a tenth of their ice in one \"record\" year",
            "Download the full report (PDF, 2.3 MB)", "47 comments", "Listen to this article", "X (Twitter)", "Facebook"]
    doc = "\n\n".join(junk[:1] + ["How glaciers shape valleys"] + junk[3:] + ARTICLE_PARAS[:2] + junk[1:3] + ARTICLE_PARAS[2:])
    assert_labels(doc, junk, ["How glaciers shape valleys"] + ARTICLE_PARAS)


def test_a_donation_appeal_a_quoted_pull_quote_and_a_disclosure_go():
    appeal = ["DONATE NOW", "£15 can buy a set of forty field guides for a school.", "Give monthly and help a child explore the mountains.", "Donate now >"]
    para = "“Children who never left the village now lead the glacier walks,” said one teacher, who has run the trips for ten years."
    pull = "“Children who never left the village now lead the glacier walks.”\n- Ana Ruiz, teacher"
    disclosure = ["Disclosure statement", "Ann Example receives funding from the Alpine Research Fund."]
    doc = "\n\n".join(disclosure + ARTICLE_PARAS[:2] + appeal + [para, pull] + ARTICLE_PARAS[2:])
    got = labels(doc)
    for p in appeal + [pull] + disclosure:
        assert got[p] == BOILERPLATE, p
    for p in ARTICLE_PARAS + [para]:
        assert got[p] == ARTICLE, p


def test_forum_ranks_and_post_headers_go():
    junk = ["Senior Member", "Jun 14, 2024 #2", "New member"]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + junk + ARTICLE_PARAS[2:])
    assert_labels(doc, junk)


def test_a_quote_closing_the_article_is_kept_though_its_words_are_off_topic():
    import numpy as np

    quote = "“You don't know what you've got until it's gone,” he said. “Everyone says that, and then they sign up.”"

    def embed(texts):  # the quote points elsewhere; the paragraphs agree with each other
        return np.array([[0.0, 1.0] if t == quote else [1.0, 0.1 * (i % 3)] for i, t in enumerate(texts)], dtype=np.float32)

    doc = "\n\n".join(ARTICLE_PARAS + [quote, "View all 47 comments"])
    got = {doc[s.start : s.end]: s for s in clean(doc, embed=embed)}
    assert got[quote].label == ARTICLE
    assert got["View all 47 comments"].label == BOILERPLATE


@pytest.mark.parametrize("line, kept", [("Do you ever worry about where all this is heading for you?", True),
                                         ("Our travel partners offer great deals on winter holidays today.", False)], ids=["question", "statement"])
def test_an_interviewers_question_before_its_answer_is_kept_though_its_words_are_off_topic(line, kept):
    import numpy as np

    def embed(texts):  # the line points elsewhere; the paragraphs agree with each other
        return np.array([[0.0, 1.0] if t == line else [1.0, 0.1 * (i % 3)] for i, t in enumerate(texts)], dtype=np.float32)

    doc = "\n\n".join(ARTICLE_PARAS[:2] + ["Share this article", line] + ARTICLE_PARAS[2:])
    got = {doc[s.start : s.end]: s for s in clean(doc, embed=embed)}
    assert (got[line].label == ARTICLE) == kept, got[line]
    assert all(got[p].label == ARTICLE for p in ARTICLE_PARAS)


@pytest.mark.parametrize("joiner, kept", [("\n", True), ("\n\n", False)], ids=["line-of-a-list", "paragraph-of-its-own"])
def test_a_line_of_a_list_on_the_topic_is_kept_though_its_own_words_stray(joiner, kept):
    import numpy as np

    line = "Upload your group's files to the shared folder by 5 pm on Friday."

    def embed(texts):  # the line points elsewhere; the paragraphs and the other lines agree with each other
        return np.array([[0.0, 1.0] if t == line else [1.0, 0.1 * (i % 3)] for i, t in enumerate(texts)], dtype=np.float32)

    items = joiner.join([line, "Measure the retreat of the glacier snout against last year's marker stones.",
                         "Photograph the ice from the same three viewpoints as in the spring survey."])
    # after a share bar, so the line is no aside between two paragraphs on the topic
    doc = "\n\n".join(ARTICLE_PARAS[:2] + ["Share this article", "Before the next field trip", items] + ARTICLE_PARAS[2:])
    got = {doc[s.start : s.end]: s for s in clean(doc, embed=embed)}
    assert (got[line].label == ARTICLE) == kept, got[line]


@pytest.mark.parametrize("joiner, kept", [("\n", True), ("\n\n", False)], ids=["one-list", "separate-lines"])
def test_a_list_of_names_between_the_opening_and_the_body_does_not_cut_the_opening_off(joiner, kept):
    opening = "The meeting was held in the Guildhall on the market square and began at seven in the evening."
    names = ["Cllr Ann Example (Mayor, in the Chair)", "Cllr Ben Sample", "Cllr Cara Placeholder", "Cllr Dev Instance", "Cllr Eve Specimen"]
    body = ARTICLE_PARAS + [
        "The council then heard a report on the footbridge over the river, closed since the winter floods damaged its piers.",
        "Three firms had tendered for the repair, and the cheapest could start work in June and finish before the autumn rains.",
        "Members asked whether the bridge could reopen to walkers while the work went on, and the clerk agreed to find out.",
        "The council resolved to award the contract to the cheapest firm, with nine votes for, one against and one abstention.",
    ]
    doc = "\n\n".join(["Skip to content", opening, "Present", joiner.join(names)] + body)
    got = labels(doc)
    assert (got[opening] == ARTICLE) == kept
    assert all(got[n] == ARTICLE for n in names) or not kept
    assert all(got[p] == ARTICLE for p in body)


def test_image_labels_captions_timestamps_embeds_and_ratings_go():
    junk = ["Image source, Getty Images", "Image caption,", "The glacier's snout seen from the valley floor in the early summer of last year",
            "Posted at 17:48", "21:20 GMT", "pic.twitter.com/Xk4RfT92Lm", "- Ann Example (@annexample) May 3, 2024",
            "4.5 out of 5 stars", "Check price at Target", "Show 2 new updates",
            "Note: This article gives the views of the author, not the position of the Glacier Institute."]
    doc = "\n\n".join(["How glaciers shape valleys"] + ARTICLE_PARAS[:2] + junk + ARTICLE_PARAS[2:])
    assert_labels(doc, junk, ARTICLE_PARAS)


def test_a_contents_list_does_not_take_the_headings_it_lists_or_hide_the_title():
    title = "The Aldermoor Canal and its long decline"
    headings = ["Origins and early promotion", "Operation and heavy traffic"]
    doc = "\n\n".join([title, "Contents"] + headings + [headings[0]] + ARTICLE_PARAS[:2] + [headings[1]] + ARTICLE_PARAS[2:])
    spans = [(doc[s.start : s.end], s.label) for s in clean(doc)]
    assert [lab for t, lab in spans if t == headings[0]] == [BOILERPLATE, ARTICLE]
    assert [lab for t, lab in spans if t == headings[1]] == [BOILERPLATE, ARTICLE]
    assert dict(spans)[title] == ARTICLE


def test_a_related_links_box_inside_the_article_leaves_the_next_heading():
    box = ["Related", "Why the Alps lost a tenth of their ice", "Ten glaciers to see before they go"]
    heading = "A river of ice with no brakes"
    doc = "\n\n".join(ARTICLE_PARAS[:2] + box + [heading] + ARTICLE_PARAS[2:])
    got = labels(doc)
    for p in box:
        assert got[p] == BOILERPLATE, p
    assert got[heading] == ARTICLE


def test_a_related_links_box_leaves_a_heading_over_a_list_the_article_opens_with_a_colon():
    box = ["Most read", "Lorry sheds its load near the ring road", "Town sign a striker on loan"]
    kept = ["What the survey found", "Under the survey's findings, the valley's three glaciers have:",
            "lost a fifth of their length since 1990", "thinned by up to forty metres", "split into two tongues"]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + box + kept + ARTICLE_PARAS[2:])
    assert_labels(doc, dropped=box, kept=kept + ARTICLE_PARAS)


def test_a_columnists_note_and_the_views_disclaimer_go():
    notes = ["Hannah Greenhalgh is a Valley Post columnist and a former school governor. She writes every Wednesday.",
             "The views expressed in this column are those of the author and not necessarily those of the Valley Post."]
    doc = "\n\n".join(["Glaciers are shrinking, and fast"] + ARTICLE_PARAS + notes)
    assert_labels(doc, dropped=notes, kept=ARTICLE_PARAS)


def test_a_cookie_banners_buttons_go_whatever_they_offer():
    banner = ["We use cookies to run this site and, with your consent, to measure how it is used.", "Accept all",
              "Reject non-essential", "Allow only necessary cookies"]
    doc = "\n\n".join(["Glaciers are shrinking, and fast"] + banner + ARTICLE_PARAS)
    assert_labels(doc, dropped=banner, kept=ARTICLE_PARAS)


def test_the_last_section_after_a_photo_stays():
    picture = ["IMG_2041.jpg", "The glacier's snout in August."]
    last = ["What comes next", "The survey team will return next summer to measure how far the ice has fallen back."]
    more = ["Meltwater runs under the ice and lets a glacier slide faster over its bed in the warmest weeks of the year.",
            "Boulders carried inside the ice are dropped where it melts, in long ridges that outlast the glacier by thousands of years.",
            "Where a glacier meets the sea, blocks of ice break from its front and float away as icebergs, some as big as towns.",
            "Records kept by mountain guides since the eighteenth century show how far the ice reached in each generation."]
    body = ARTICLE_PARAS + more  # the last section is under a fifth of it: alone, it would pass for a teaser
    doc = "\n\n".join(["How glaciers work"] + body + picture + last + ["Related stories", "Ten glaciers to see", "Why ice moves"])
    assert_labels(doc, dropped=picture + ["Related stories"], kept=body + last)


def test_a_plea_for_money_inside_the_article_goes():
    plea = ["Support our journalism", "Will you support our work with a gift today?", "Give", "Any amount helps"]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + plea + ["Why the ice moves"] + ARTICLE_PARAS[2:])
    got = labels(doc)
    for p in plea:
        assert got[p] == BOILERPLATE, p
    for p in ARTICLE_PARAS + ["Why the ice moves"]:
        assert got[p] == ARTICLE, p


@pytest.mark.parametrize("after, kept", [("article", True), ("teaser", False)], ids=["between-paragraphs", "before-a-teaser"])
def test_an_aside_after_a_list_between_paragraphs_on_the_topic_stays(after, kept):
    import numpy as np

    aside = "Services that keep missing the deadline may be fined up to 4% of their turnover."
    teaser = "Our travel partners offer great deals on winter holidays in the mountains today."

    def embed(texts):  # the aside and the teaser point elsewhere; the paragraphs agree with each other
        return np.array([[0.0, 1.0] if t in (aside, teaser) else [1.0, 0.1 * (i % 3)] for i, t in enumerate(texts)], dtype=np.float32)

    items = "\n".join(["• measuring the snout against last year's marker stones",
                       "• photographing the ice from the same three viewpoints",
                       "• sending the readings to the survey office within a week"])
    rest = ARTICLE_PARAS[2:] if after == "article" else [teaser]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + ["The survey asks for:", items, aside] + rest)
    got = {doc[s.start : s.end]: s for s in clean(doc, embed=embed)}
    assert (got[aside].label == ARTICLE) == kept, got[aside]
    assert all(got[p].label == ARTICLE for p in ARTICLE_PARAS[:2])


@pytest.mark.parametrize("under, kept", [
    ("How do the filters miss it?\n" + ARTICLE_PARAS[2], True),
    ("Freshly roasted beans, delivered to your door every week. Your first bag is just $5.\n\nShop now", False),
], ids=["heading-over-its-paragraph", "advertisers-copy"])
def test_what_an_empty_advertisement_slot_is_followed_by(under, kept):
    doc = "\n\n".join(ARTICLE_PARAS[:2] + ["Advertisement", under] + ARTICLE_PARAS[3:])
    got = labels(doc)
    first = under.split("\n")[0]
    assert (got[first] == ARTICLE) == kept, got[first]


def test_figure_and_table_captions_are_dropped_but_sentences_about_them_stay():
    captions = ["Figure 2: Retreat of the glacier snout since 1850", "Table 3.1 Mean summer melt by decade",
                "Infographic: how a glacier moves"]
    about = "Figure 2 shows that the snout has retreated by more than two kilometres since the first survey."
    doc = "\n\n".join(ARTICLE_PARAS[:2] + captions[:1] + [about] + ARTICLE_PARAS[2:3] + captions[1:] + ARTICLE_PARAS[3:])
    got = labels(doc)
    assert all(got[c] == BOILERPLATE for c in captions), {c: got[c] for c in captions}
    assert got[about] == ARTICLE


def test_a_caption_on_the_line_above_its_credit_is_dropped():
    caption = "Strikers and their families outside the works gate, June 1893."
    credit = "Courtesy of the Brayford & District Local History Society archive (Dack collection)"
    doc = "\n\n".join(ARTICLE_PARAS[:2] + [caption + "\n" + credit] + ARTICLE_PARAS[2:])
    got = labels(doc)
    assert got[caption] == BOILERPLATE and got[credit] == BOILERPLATE
    assert all(got[p] == ARTICLE for p in ARTICLE_PARAS)


@pytest.mark.parametrize("line, kept", [
    ("Lecture 9 · Tuesday 22 October, 11:00 · Kessel Lecture Theatre", False),
    ("Singer 66K (1911) · 201K (1949) · 222K (1956) · 319K (1958)", False),
    ("The survey found three kinds of ice · each with its own colour · and each melting at its own rate over the long summer months.", True),
], ids=["event-details", "forum-signature", "a-sentence-with-dots"])
def test_a_row_of_short_details_is_furniture(line, kept):
    doc = "\n\n".join(ARTICLE_PARAS[:2] + [line] + ARTICLE_PARAS[2:])
    assert (labels(doc)[line] == ARTICLE) == kept


def test_an_embedded_players_lines_are_furniture():
    player = ["Video: How a glacier moves, in 90 seconds", "1:32", "Play video", "Read the transcript"]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + ["\n".join(player)] + ARTICLE_PARAS[2:])
    got = labels(doc)
    assert all(got[p] == BOILERPLATE for p in player), {p: got[p] for p in player}


def test_a_question_heading_with_its_verdict_under_an_empty_advertisement_slot_stays():
    heading = "Can glaciers grow back within a lifetime?"
    doc = "\n\n".join(ARTICLE_PARAS[:2] + ["ADVERTISEMENT", "\n".join([heading, "Verdict: False", ARTICLE_PARAS[2]])] + ARTICLE_PARAS[3:])
    assert labels(doc)[heading] == ARTICLE


def test_a_read_more_link_does_not_take_the_box_after_it_as_its_list():
    facts = ["Glaciers in the park: key facts", "Glaciers counted: 37", "Lost since 1850: 12", "Fastest retreat: 41 metres a year"]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + ["READ MORE: Why the ice caves closed this summer", "\n".join(facts)] + ARTICLE_PARAS[2:])
    got = labels(doc)
    assert got["READ MORE: Why the ice caves closed this summer"] == BOILERPLATE
    assert all(got[f] == ARTICLE for f in facts), {f: got[f] for f in facts}


FIGURES = ["Decade | Glaciers | Lost", "1950s | 49 | 2", "1980s | 44 | 5", "2010s | 37 | 7"]
LINKS = ["About us | Contact | Privacy", "Careers | Advertise | Terms", "Help | Sitemap | Cookies"]


@pytest.mark.parametrize("rows, joiner, kept", [
    (FIGURES, "\n", True), (FIGURES, "\n\n", True), (LINKS, "\n", False), (LINKS, "\n\n", False),
], ids=["table-of-figures", "table-of-figures-a-row-per-paragraph", "footer-links", "footer-links-a-row-per-paragraph"])
def test_a_table_of_figures_stays_and_rows_of_links_do_not(rows, joiner, kept):
    # a scraper that keeps a block per line puts a blank line between a table's rows
    doc = "\n\n".join(ARTICLE_PARAS[:2] + [joiner.join(rows)] + ARTICLE_PARAS[2:])
    got = labels(doc)
    assert all((got[r] == ARTICLE) == kept for r in rows), {r: got[r] for r in rows}


def test_a_related_links_box_ends_at_the_heading_of_a_table():
    links = ["Related content", "Glacier walks for beginners", "Ten ice caves to visit this winter"]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + links + ["Retreat by decade"] + FIGURES + ARTICLE_PARAS[2:])
    assert_labels(doc, dropped=links, kept=["Retreat by decade"] + FIGURES)


MARKDOWN_TABLE = ["| Glacier | Valley | Retreat since 1990 |", "|---|---|---|", "| Aletsch | Upper Rhône | 1.3 km |",
                  "| Rhône | Goms | 0.9 km |", "| Morteratsch | Bernina | 2.1 km |"]


@pytest.mark.parametrize("joiner, rows", [("\n", MARKDOWN_TABLE), ("\n\n", MARKDOWN_TABLE), ("\n\n", MARKDOWN_TABLE[:1] + MARKDOWN_TABLE[2:])],
                         ids=["one-paragraph", "a-row-per-paragraph", "no-rule-under-the-header"])
def test_a_markdown_table_stays_with_its_words_and_all(joiner, rows):
    # as a Markdown reading writes it, and as a web page's extractor does: a row per paragraph, not always with a rule
    doc = "\n\n".join(ARTICLE_PARAS[:2] + [joiner.join(rows)] + ARTICLE_PARAS[2:])
    got = labels(doc)
    assert all(got[r] == ARTICLE for r in rows), {r: got[r] for r in rows}


def test_a_markdown_table_where_the_article_ends_stays_though_its_rows_share_no_words_with_it():
    import numpy as np

    rows = [r for r in MARKDOWN_TABLE if r.startswith("| ") and "---" not in r][1:]

    def embed(texts):  # the rows point elsewhere, as a row of names and figures does for a sentence model
        return np.array([[0.0, 1.0] if t in rows else [1.0, 0.1 * (i % 3)] for i, t in enumerate(texts)], dtype=np.float32)

    doc = "\n\n".join(ARTICLE_PARAS + ["\n".join(MARKDOWN_TABLE), "Sign up to our newsletter"])
    got = {doc[s.start : s.end]: s for s in clean(doc, embed=embed)}
    assert all(got[r].label == ARTICLE for r in MARKDOWN_TABLE), {r: got[r] for r in MARKDOWN_TABLE}
    assert got["Sign up to our newsletter"].label == BOILERPLATE


def test_a_page_comment_section_is_comments_and_the_article_is_cleaned_alone():
    said = ["I walked up to the Aletsch last summer and the ice was much further back than in my photos from 1995.",
            "Great piece, thanks for writing it.",
            "Does anyone know whether the valley path is open again after the rockfall?"]
    section = ["Comments (3)", "Mira K ·", "Reply"]  # what the extractor may keep of the section around them
    article = "\n\n".join(["How glaciers work"] + ARTICLE_PARAS + ["Accept all cookies"]) + "\n"
    doc = article + "\n" + "\n\n".join(section[:2] + said + section[2:]) + "\n"
    got = {doc[s.start : s.end]: s for s in clean(doc, comments_from=len(article) + 1)}
    assert all(got[c].label == COMMENT for c in said), {c: got[c].label for c in said}
    assert all(got[c].label == BOILERPLATE for c in section), {c: got[c].label for c in section}
    assert all(got[p].label == ARTICLE for p in ARTICLE_PARAS)
    assert got["Accept all cookies"].label == BOILERPLATE
    assert labels(doc)[said[1]] != COMMENT  # without knowing where the section begins, a short thank-you is no comment


def test_comments_under_a_date_and_a_24_hour_time_are_comments_though_the_article_has_a_dateline():
    said = ["Easy to say when it is not your van that gets burned, and my brother fits meters.",
            "I remember when they said the same thing about reading letters in the post.",
            "Thanks for writing this, I had not seen the figures on police numbers before."]
    comments = []
    for name, when, text in zip(["NorthernLights_77", "greybeard_sailor", "Mira K"], ["10:12", "11:05", "12:40"], said):
        comments.append("\n".join([name, f"4 March 2025 {when}", text, "Reply | Recommend (7)"]))
    doc = "\n\n".join(["Why the glaciers matter", "By Ann Example\n4 March 2025, 07:00"] + ARTICLE_PARAS + ["Comments (3)"] + comments)
    got = labels(doc)
    assert all(got[t] == COMMENT for t in said), {t: got[t] for t in said}
    assert all(got[p] == ARTICLE for p in ARTICLE_PARAS)


def test_item_c_of_a_list_is_no_copyright_line():
    items = ["(a) note the survey of the glacier snout set out in this report;",
             "(b) agree to repeat the survey every spring from next year;",
             "(c) authorise the purchase of two new marker stones for the upper valley;",
             "(d) ask the rangers to report back on the retreat by the autumn."]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + ["The committee is recommended to:\n" + "\n".join(items)] + ARTICLE_PARAS[2:] + ["(c) 2024 Glacier Trust"])
    got = labels(doc)
    assert all(got[i] == ARTICLE for i in items), {i: got[i] for i in items}
    assert got["(c) 2024 Glacier Trust"] == BOILERPLATE


def test_a_paywall_meter_and_an_embedded_posts_handle_and_time_are_furniture():
    junk = ["That's 3 of your 4 free stories used this month", "Keep reading the Courier without limits for £1 a week.",
            "@GlacierWatch", "5:12 PM · Sep 11, 2025", "Map data © OpenStreetMap contributors"]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + junk[2:] + ARTICLE_PARAS[2:] + junk[:2])
    got = labels(doc)
    assert all(got[j] == BOILERPLATE for j in junk), {j: got[j] for j in junk}


def test_a_quote_from_someone_in_the_story_after_a_list_on_the_topic_is_kept():
    import numpy as np

    quote = "Brandvold said the promise came from talks with local groups. “We don't expect anyone to take it on trust,” he said."

    def embed(texts):  # the quote points elsewhere; the paragraphs agree with each other
        return np.array([[0.0, 1.0] if t == quote else [1.0, 0.1 * (i % 3)] for i, t in enumerate(texts)], dtype=np.float32)

    items = "\n".join(["• a warning sound on every scooter by December", "• a free phone line answered by people",
                       "• blocking scooters moved within the hour"])
    doc = "\n\n".join(ARTICLE_PARAS + ["The operator promises:", items, quote, "Share this article", "Most read"])
    got = {doc[s.start : s.end]: s for s in clean(doc, embed=embed)}
    assert got[quote].label == ARTICLE, got[quote]


def test_an_embedded_posts_name_line_with_its_handle_goes():
    name = "Post from Valley Mountain Rescue @ValleyRescue"
    post = "We have been called to the glacier snout twice this week. Please stay behind the barriers."
    doc = "\n\n".join(ARTICLE_PARAS[:2] + [name, post, "5:28 PM · Jun 24, 2025 · 3,104 views", "Reply · Repost · Like"] + ARTICLE_PARAS[2:])
    assert_labels(doc, dropped=[name], kept=ARTICLE_PARAS)


def test_an_embedded_social_post_is_furniture_name_text_and_all():
    post = ["Glacier Watch", "@GlacierWatch", "We're at the snout from 5pm. Come and see how far it has gone. #IceWatch",
            "5:12 PM · Sep 11, 2025"]
    doc = "\n\n".join(ARTICLE_PARAS[:2] + ["\n".join(post)] + ARTICLE_PARAS[2:])
    got = labels(doc)
    assert all(got[p] == BOILERPLATE for p in post), {p: got[p] for p in post}
    assert all(got[p] == ARTICLE for p in ARTICLE_PARAS)


def test_a_pdf_s_page_furniture_goes_and_a_paragraph_cut_by_the_page_break_stays():
    # two pages of a book: a bare page number and an alternating running header with its number
    cut = "The audit found that the app still sent the titles of viewed books to the"
    rest = "analytics firm for three weeks after the council had voted to stop it."
    doc = "\n\n".join(["188 THE LENDING CITY"] + ARTICLE_PARAS[:2] + [cut, "189", "190 THE LENDING CITY", rest]
                     + ARTICLE_PARAS[2:] + ["191"])
    got = {doc[s.start : s.end]: s.label for s in clean(doc, paged=True)}
    assert got[cut] == got[rest] == ARTICLE
    assert got["188 THE LENDING CITY"] == got["190 THE LENDING CITY"] == got["189"] == got["191"] == BOILERPLATE
    assert labels(doc)[rest] == BOILERPLATE  # in a web page a line cut like that is a caption's tail


def test_a_typed_table_of_contents_is_dropped_and_the_headings_it_names_stay():
    # a report's contents, typed with dot leaders as Word users do, before the sections it lists
    contents = ["Contents", "1. How glaciers form ........ 2", "2. Where the ice is ........ 3", "3. Why glaciers retreat ........ 4"]
    doc = "\n\n".join(contents + ["1. How glaciers form"] + ARTICLE_PARAS[:2] + ["2. Where the ice is"] + ARTICLE_PARAS[2:3]
                      + ["3. Why glaciers retreat"] + ARTICLE_PARAS[3:])
    got = {doc[s.start : s.end]: s for s in clean(doc)}
    assert all(got[c].label == BOILERPLATE for c in contents), {c: got[c] for c in contents}
    for heading in ("1. How glaciers form", "2. Where the ice is", "3. Why glaciers retreat"):
        assert got[heading].label == ARTICLE, got[heading]  # not taken for a second copy of its contents entry


def test_a_table_set_apart_after_the_article_ends_is_kept_as_the_article_s():
    # minutes: the discussion, then the date of the next meeting, then the action points as a table
    actions = ["| Action | Owner | Due |", "| Write to the council | Ann Lee | 31 July |",
               "| Cost a second station | Tom Ash | 10 Sept |", "| Apply for an extension | Ann Lee | 16 Aug |"]
    discussion = [  # the minutes are long beside the table, which is then too small a run to count on its own
        "The chair welcomed members and noted that the meeting was quorate, with eleven of the fourteen trustees present.",
        "The treasurer reported that the survey grant had been received in full and that spending was on budget so far.",
        "Members discussed the new weather station, which has recorded the warmest June on the glacier since 1998.",
        "The survey team reported that the glacier snout had retreated a further eleven metres since last September.",
        "It was agreed to invite the national park rangers to the autumn meeting to talk about the path closures.",
        "The secretary said the society's archive of glacier photographs had been catalogued by two volunteers.",
    ]
    doc = "\n\n".join(["Glacier Society minutes"] + ARTICLE_PARAS + discussion + ["Date of next meeting", "Tuesday 10 September, 7pm",
                                                                                  "Action points", "\n".join(actions)])
    got = labels(doc)
    assert all(got[a] == ARTICLE for a in actions), {a: got[a] for a in actions}


def test_bylines_licences_book_numbers_captions_and_offers_go_but_sentences_like_them_stay():
    junk = ["Posted on 3 May 2024 by Ann Example and Ben Sample", "Posted on: 21 March 2025", "The Glacier Hour | Narrated by Cal Reader",
            "Glaciers of the World by Ann Example is licensed under a Creative Commons Attribution 4.0 International License.",
            "ISBN: 978-1-9164-2207-3 (ebk)",
            "Photo: The snout of the glacier from the valley floor, photographed by a member of the survey team in June",
            "Touring the Alps by car? Compare rental deals from over 40 suppliers and save up to 30% with RoadRover.",
            "Ice axe by Hans Kessel, Grindelwald, 1911. Photo © Alpine Museum of the Valley",
            "Please donate to GlacierWiki. We are a small non-profit and most readers don't give. If everyone gave £2, we'd be done.",
            "Add to my collection", "The views expressed are the author's own.", "(1) School of Geography, University of Northmarsh, UK"]
    alike = ["Written by a committee of surveyors, the first map of the glacier was drawn in 1850.",
             "The views expressed at the meeting were mixed, and the guides kept their own counsel.",
             "Compare: the glacier was twice as long when the first survey was made a century and a half ago.",
             "The photo was taken by the survey team in 1911, and the museum holds the copyright."]
    doc = "\n\n".join(["How glaciers shape valleys"] + junk[:3] + ARTICLE_PARAS[:2] + alike + junk[3:] + ARTICLE_PARAS[2:])
    assert_labels(doc, junk, ARTICLE_PARAS + alike)


FIELDS = ["Monday to Thursday: an hour on the ice with a guide, then a lecture", "Friday: a day off the glacier, in the valley museum",
          "Ice lost this year: about two metres of thickness at the snout"]


@pytest.mark.parametrize("before", [True, False], ids=["infobox-before-the-text", "box-after-the-text"])
def test_a_list_of_fields_next_to_the_article_is_the_article_s(before):
    # an encyclopedia's infobox above the text ("Built: 1868"), a blog's "Our week at a glance" below it
    box = ["Our week at a glance"] + FIELDS
    doc = "\n\n".join(["How glaciers work"] + (box + LONGER if before else LONGER + box) + ["Share this article", "Most read"])
    assert_labels(doc, dropped=["Share this article"], kept=FIELDS + LONGER)


def test_a_list_of_episodes_after_the_article_is_no_list_of_fields():
    episodes = ["More episodes", "Episode 13: Seventy summers on the glacier", "Episode 12: The hut warden's year",
                "Episode 11: What the ice keeps"]
    doc = "\n\n".join(["How glaciers work"] + LONGER + episodes)
    assert_labels(doc, dropped=episodes, kept=LONGER)


def test_author_notes_page_history_catalogue_data_references_and_name_lines_go_but_sentences_like_them_stay():
    junk = ["Dr Ann Example and Ben Sample",
            "Group 4: Ann Example, Ben Sample and Cal Reader",
            "A catalogue record for this book is available from the British Library.",
            "9 June 2025: Added the survey results and our recommendation to the minister.",
            "Department of Glacier Studies (2023) Guidance Note GS-14: Measuring a snout. Northmarsh: Northmarsh University Press.",
            "Ann Example is a senior lecturer in glaciology at the University of Northmarsh. Her research focuses on the retreat "
            "of valley glaciers and the lakes they leave behind."]
    alike = ["Professor Ben Sample is one of the authors of the Alpine survey, which found that the snout retreated by a kilometre.",
             "Ann Example is a senior lecturer at the University of Northmarsh, and she said the valley would be ice-free by 2100.",
             "9 June 2025: residents added their names to a petition to protect the glacier's last ice cave.",
             "Upper Aletsch and Lower Grindelwald",
             "The Office for Glacier Statistics (2023) Survey data show that the snout retreated by 40 metres in a single summer."]
    doc = "\n\n".join(["How glaciers shape valleys"] + junk[:2] + ARTICLE_PARAS[:2] + alike + ARTICLE_PARAS[2:] + junk[2:])
    assert_labels(doc, junk, ARTICLE_PARAS + alike)


def test_a_long_caption_between_a_picture_and_its_credit_goes():
    picture = ["channel-avatars.png", "Avatars of twelve of the forty channels, taken from their public pages in August. "
               "A small lantern sits in the lower corner of almost every one of them.", "Screenshot: The Desk"]
    doc = "\n\n".join(["Glaciers are shrinking, and fast"] + ARTICLE_PARAS[:2] + picture + ARTICLE_PARAS[2:])
    assert_labels(doc, dropped=picture, kept=ARTICLE_PARAS)


def test_the_notes_about_the_researchers_go():
    notes = ["About the researchers", "Dr Ana Ruiz leads the ice dynamics group at Tollund University. Her work follows glaciers by satellite.",
             "Professor Sam Okoro is Professor of Glaciology and a former member of the Alpine Survey Board."]
    doc = "\n\n".join(["Glaciers are shrinking, and fast"] + ARTICLE_PARAS + notes)
    assert_labels(doc, dropped=notes, kept=ARTICLE_PARAS)


def test_what_follows_the_articles_tags_is_not_the_article():
    tail = ["Tags: Glaciers · Climate · Alps",
            "Mira Holt is our science editor. She previously covered the Arctic for the Northern Courier for ten years.",
            "The Ice Desk is an independent, non-profit newsroom funded by its readers and by charitable foundations."]
    more = ["Meltwater runs under the ice and lets a glacier slide faster over its bed in the warmest weeks of the year.",
            "Boulders carried inside the ice are dropped where it melts, in long ridges that outlast the glacier by thousands of years.",
            "Where a glacier meets the sea, blocks of ice break from its front and float away as icebergs, some as big as towns.",
            "Records kept by mountain guides since the eighteenth century show how far the ice reached in each generation.",
            "Surveyors now fly drones over the ice each autumn and compare the surface with the maps made a year before.",
            "Villages below the ice watch the lakes that form behind moraines, which can burst and flood the valley without warning.",
            "Some resorts cover their glaciers with white sheets in summer, which slows the melting but cannot stop it."]
    doc = "\n\n".join(["Glaciers are shrinking, and fast"] + ARTICLE_PARAS + more + tail)  # the notes are a small part beside it
    assert_labels(doc, dropped=tail, kept=ARTICLE_PARAS + more)


def test_a_headline_under_a_stray_read_more_link_is_still_the_headline():
    headline = "One month on the glacier: my honest verdict"
    doc = "\n\n".join(["Fieldnotes", "Read more", headline, "Posted on 27 October 2025 by Isla Fern"] + ARTICLE_PARAS)
    got = labels(doc)
    assert got[headline] == ARTICLE and got["Read more"] == BOILERPLATE


# an article long enough that a paragraph of the site's own is a small part beside it
LONGER = ARTICLE_PARAS + [
    "Meltwater runs under the ice and lets a glacier slide faster over its bed in the warmest weeks of the year.",
    "Boulders carried inside the ice are dropped where it melts, in long ridges that outlast the glacier by thousands of years.",
    "Where a glacier meets the sea, blocks of ice break from its front and float away as icebergs, some as big as towns.",
    "Records kept by mountain guides since the eighteenth century show how far the ice reached in each generation.",
    "Surveyors now fly drones over the ice each autumn and compare the surface with the maps made a year before.",
]


def test_a_live_blogs_headline_and_standfirst_above_its_share_row_and_key_events_stay():
    headline = "Glacier inquiry: minister questioned by the science committee – as it happened"
    standfirst = ("The minister for the environment faced two hours of questions about the collapse of "
                  "the Valmont glacier and the warnings that came before it.")
    doc = "\n\n".join(["The Alpine Post", "Home > Science > Climate", "LIVE", headline, standfirst,
                       "Ann Vey (now) and Tom Reis (earlier)", "Tue 16 Sep 2025 17.04 BST",
                       "Share on Facebook", "Share on X", "Share via email", "Copy link",
                       "Key events", "16:35 Minister apologises to the valley", "15:48 Warnings were ignored",
                       "14:05 Guides give evidence first", "Show all key events", "16:52 BST",
                       "Summary: what we learned today"] + LONGER)
    got = labels(doc)
    assert got[headline] == ARTICLE and got[standfirst] == ARTICLE
    assert got["Key events"] == BOILERPLATE and got["LIVE"] == BOILERPLATE
    assert got["16:35 Minister apologises to the valley"] == got["14:05 Guides give evidence first"] == BOILERPLATE


def test_a_live_blogs_head_ends_below_the_sites_cookie_notice_and_breadcrumb():
    headline = "Glacier inquiry: minister questioned by the science committee – as it happened"
    standfirst = ("The minister for the environment faced two hours of questions about the collapse of "
                  "the Valmont glacier and the warnings that came before it.")
    notice = "We use cookies to personalise content and ads and to analyse our traffic. Manage your cookie preferences at any time."
    doc = "\n\n".join(["The Alpine Post", "News | Science | Travel | Jobs | Subscribe", notice, "I accept", "Show purposes",
                       "Science › Climate", "LIVE", headline, standfirst, "By Ann Vey and Tom Reis", "Last updated 16 September 2025, 17:04",
                       "Refresh for latest", "Key events", "16:35 Minister apologises to the valley", "15:48 Warnings were ignored",
                       "14:05 Guides give evidence first", "Show all key events", "Share: Facebook | X | Email", "16:52"] + LONGER)
    assert_labels(doc, dropped=["The Alpine Post", "Science › Climate", "Last updated 16 September 2025, 17:04", "15:48 Warnings were ignored"],
                  kept=[headline, standfirst])


def test_a_papers_title_stays_above_its_authors_affiliations():
    title = "Why valley glaciers retreat: evidence from forty years of surveys"
    doc = "\n\n".join(["Northmarsh Research Online", "Home | Browse | Search | About", title,
                       "Ann Example (1), Ben Sample (2), Cal Reader (1)", "(1) School of Geography, University of Northmarsh, UK",
                       "(2) Centre for Alpine Studies, University of Northmarsh, UK", "Corresponding author: a.example@northmarsh.ac.example",
                       "Deposited 12 June 2025 · Version 1", "Download PDF (1.2 MB)", "Export citation: BibTeX | RIS | EndNote | APA",
                       "214 views · 61 downloads", "DOI: 10.55021/nro.2025.0417", "Abstract"] + LONGER)
    assert_labels(doc, dropped=["(1) School of Geography, University of Northmarsh, UK", "Download PDF (1.2 MB)"], kept=[title] + LONGER)


def test_the_head_stops_at_a_cookie_notice_that_reads_like_prose():
    notice = "We use cookies and similar tools on this site. Some are needed; others help us measure how the site is used."
    doc = "\n\n".join(["Your privacy choices", notice, "Accept all", "Reject all", "ADVERTISEMENT", "Science",
                       "How glaciers work", "By Mira Holt", "Published 3 December 2024", "Share", "Save",
                       "Illustration: Kit Fern for The Ice Desk"] + LONGER)
    got = labels(doc)
    assert got[notice] == BOILERPLATE and got["Your privacy choices"] == BOILERPLATE
    assert got["How glaciers work"] == ARTICLE


def test_a_headline_that_names_a_newsletter_is_no_newsletter_notice():
    headline = "Summer Term Newsletter 2025: A Year of Glacier Walks"
    doc = "\n\n".join(["Kessel Valley School", "Home > Parents > Newsletters", headline, "Published 18 July 2025 by the School Office",
                       "Download this newsletter as a PDF (1.2MB)", "Share: Facebook | WhatsApp | Email"] + LONGER)
    assert_labels(doc, dropped=["Share: Facebook | WhatsApp | Email"], kept=[headline] + LONGER)


@pytest.mark.parametrize("heading", ["Read next", "Up next", "More stories"])
def test_a_read_next_box_between_paragraphs_goes(heading):
    box = [heading, "Why some glaciers surge forward for a few years and then stop",
           "The village that moved its church to escape the ice", "Ten of the best mountain huts in the Alps"]
    doc = "\n\n".join(["How glaciers work"] + ARTICLE_PARAS[:2] + box + ARTICLE_PARAS[2:])
    # (its last line, right above a paragraph, could be that paragraph's heading and is left to the article)
    assert_labels(doc, dropped=box[:-1], kept=ARTICLE_PARAS)


def test_a_news_agencys_credits_go_but_a_sentence_opening_like_them_stays():
    credits = "Reporting by Tom Rudge in Harlow; Additional reporting by Ama Sefari in Tenhaviri; Editing by Clare Dunmore"
    sentence = "Reporting by the valley's guides found that the glacier had retreated faster than any survey had shown."
    doc = "\n\n".join(["How glaciers work"] + ARTICLE_PARAS[:2] + [sentence, credits] + ARTICLE_PARAS[2:] + ["Editing by Clare Dunmore"] + LONGER[4:])
    assert_labels(doc, dropped=[credits, "Editing by Clare Dunmore"], kept=ARTICLE_PARAS + [sentence])


@pytest.mark.parametrize("line", ["Posted 22 August 2025 by the Ice Desk communications team", "Published 16 June 2025",
                                  "Updated 18 September 2025, 09:15", "Last updated: 27 June 2025, 17:52"])
def test_a_dateline_without_on_goes(line):
    doc = "\n\n".join(["How glaciers work", line] + LONGER)
    assert_labels(doc, dropped=[line], kept=LONGER)


# a wiki entry: sections of a few paragraphs each, long enough beside its lead to need it (see the tests below)
WIKI_SECTIONS = {
    "Formation": ["Snow that survives the summer is buried by the next winter's falls and slowly turns to firn, a grainy half-way stage.",
                  "Over decades the firn is squeezed until its air is trapped in bubbles, and it becomes the dense blue ice of a glacier.",
                  "Those bubbles hold samples of old air, which is why cores drilled from ice sheets can show how the atmosphere has changed."],
    "Movement": ["Ice deforms under its own weight, creeping downhill a few centimetres to a few metres every day in most valleys.",
                 "Where meltwater reaches the bed, the whole glacier can slide over it, and surges of many times the usual speed follow.",
                 "The surface is brittle and cracks into crevasses where the ice speeds up, bends over a step in its bed, or spreads out."],
    "Landforms": ["Moving ice plucks and grinds the rock beneath it, carving U-shaped valleys, hanging valleys and deep corries.",
                  "It drops what it carries where it melts, leaving moraines, drumlins and scattered boulders far from their source.",
                  "Lakes often fill the hollows the ice leaves behind, dammed by the ridges of rubble it dumped at its furthest reach."],
    "Retreat": ["Since the middle of the nineteenth century most mountain glaciers have lost length and thickness, with losses speeding up.",
                "Meltwater from shrinking glaciers feeds rivers through dry summers, a supply that will fall once the ice is gone.",
                "Glacial lakes swollen by melt can burst through their moraine dams, sending floods down valleys that had never seen one."],
}
WIKI_LEAD = ("A glacier is a persistent body of dense ice that moves under its own weight. It forms where snow piles up faster than it "
             "melts over many years, and it is found on every continent, from the great polar ice sheets to the high mountain ranges near the equator.")


def _wiki(lead_block: list[str]) -> str:
    blocks = ["Glacier", "From Openwiki, the free encyclopedia", "This article is about the body of ice. For the band, see Glacier (band)."]
    infobox = ["Glacier ice", "Type: Body of ice", "Found on: Every continent", "Area: About 15 million km2", "Share of fresh water: About 69%",
               "Thickest: Over 4 km", "Fastest: Over 40 m a day", "Oldest ice: Over 1 million years", "Studied by: Glaciologists"]
    blocks += lead_block + infobox + ["Contents"] + [f"{n} {h}" for n, h in enumerate(WIKI_SECTIONS, 1)]
    for heading, paras in WIKI_SECTIONS.items():
        blocks += [heading, "[edit]"] + paras
    return "\n\n".join(blocks + ["Glaciers today", "[edit]"] + ARTICLE_PARAS)


def test_a_wiki_lead_above_its_contents_box_is_kept_and_its_edit_links_tagline_and_note_on_like_names_dropped():
    doc = _wiki([WIKI_LEAD])
    assert_labels(doc, ["[edit]", "From Openwiki, the free encyclopedia", "This article is about the body of ice. For the band, see Glacier (band)."],
                  [WIKI_LEAD] + list(WIKI_SECTIONS) + [p for ps in WIKI_SECTIONS.values() for p in ps])


@pytest.mark.parametrize("switch", ["Contents [hide]", "Contents hide", "Contents [show]"])
def test_a_wiki_lead_stays_above_a_contents_box_with_a_switch(switch):
    doc = _wiki([WIKI_LEAD]).replace("\n\nContents\n\n", f"\n\n{switch}\n\n")
    assert_labels(doc, [switch, "1 Formation"], [WIKI_LEAD])


def test_a_teaser_above_a_link_list_is_no_lead():
    teaser = ("Glaciers in the Alps lost a record share of their ice last year, scientists said on Tuesday, after a dry winter "
              "and a long summer heatwave left many of them bare of snow by July, and several of the smaller ones in the eastern ranges have now gone for good.")
    links = ["Related stories", "Alpine glacier melt hits record", "Why snow matters for summer rivers", "Ski resorts look for new seasons"]
    assert_labels(_wiki([teaser] + links), [teaser])


def test_a_numbered_note_in_the_authors_words_is_kept_and_a_reference_dropped():
    note = "[2] The view counters are rounded once they pass ten thousand, so the total here is approximate."
    reference = "[3] Sefton H, Lee K (2024). Closed circles: rumour in parent groups. Journal of Health 12: 44-51."
    doc = "\n\n".join(["How glaciers work"] + ARTICLE_PARAS + ["Notes", note, reference])
    assert_labels(doc, [reference], [note])


def test_podcast_app_buttons_and_an_artwork_credit_are_dropped():
    junk = ["Listen on Pocket Casts", "Listen on Overcast", "Artwork: Soundbar Media design team"]
    doc = "\n\n".join(["How glaciers work", "Listen on Apple Podcasts"] + junk + ARTICLE_PARAS)
    assert_labels(doc, junk, ARTICLE_PARAS)


def _wiki_inline_edits() -> str:
    """The wiki entry as another wiki writes it: "[edit]" after each heading, a contents box with a
    switch ("Contents [hide]"), see-also links and numbered references with back-links ("1. ^ a b")."""
    blocks = ["Glacier", "From Openwiki, the free encyclopedia", WIKI_LEAD, "Contents [hide]"]
    blocks += [f"{n} {h}" for n, h in enumerate(WIKI_SECTIONS, 1)] + [f"{len(WIKI_SECTIONS) + 1} See also"]
    for heading, paras in WIKI_SECTIONS.items():
        blocks += [f"{heading}[edit]"] + paras
    blocks += ["See also[edit]", "Ice sheet", "Permafrost", "Sea ice", "References[edit]",
               '1. ^ a b Benn, Douglas (2010). "Glaciers and Glaciation". Hodder. p. 12.',
               '2. ^ "Glacier retreat speeds up". Alpine Courier. 3 March 2021.']
    return "\n\n".join(blocks)


def test_a_wikis_contents_box_see_also_and_numbered_references_go_with_edit_links_after_the_headings():
    doc = _wiki_inline_edits()
    headings = [f"{h}[edit]" for h in WIKI_SECTIONS]
    assert_labels(doc, ["Contents [hide]", "1 Formation", "2 Movement", "5 See also", "See also[edit]", "Ice sheet", "Sea ice",
                        "References[edit]", '2. ^ "Glacier retreat speeds up". Alpine Courier. 3 March 2021.'],
                  [WIKI_LEAD] + headings + [p for ps in WIKI_SECTIONS.values() for p in ps])


def test_a_podcasts_chapter_list_sponsor_line_and_spaced_menu_go():
    chapters = ["00:00 Introduction", "02:10 How glaciers move", "14:45 A word from our sponsor", "1:02:30 What melting means"]
    junk = ["Episodes   About   Hosts   Support us   Contact", "Sponsored by Trailgear, the outdoor kit shop. Listeners get 20% off with code ICE.",
            "Chapters"] + chapters
    doc = "\n\n".join(["The Ice Hour", junk[0], "Episode 12: How glaciers work", ARTICLE_PARAS[0]] + junk[1:] + ARTICLE_PARAS[1:])
    assert_labels(doc, junk, ARTICLE_PARAS)


def test_a_timed_list_inside_the_article_stays_when_it_is_no_run_of_short_lines():
    timeline = ["09:15 The first crack appeared in the ice dam above the lake and the rangers closed the valley path.",
                "11:40 The lake began to drain through the moraine and the river rose half a metre in twenty minutes at the bridge."]
    doc = "\n\n".join(["How glaciers work"] + ARTICLE_PARAS[:2] + timeline + ARTICLE_PARAS[2:])
    assert_labels(doc, [], timeline)


def test_a_headline_under_an_empty_advert_slot_is_the_headline_and_an_adverts_copy_is_not():
    headline = "Banned from the valley, a glacier tour firm moved its trips to the next range"
    advert = "Switch to Trailgear boots and get a second pair half price. Offer ends Sunday."
    doc = "\n\n".join(["The Valley Courier", "Advertisement", headline] + ARTICLE_PARAS[:2] + ["Advertisement", advert] + ARTICLE_PARAS[2:])
    assert_labels(doc, [advert], [headline] + ARTICLE_PARAS)


def test_a_qa_sites_votes_post_details_comment_signatures_and_buttons_go():
    junk = ["Asked 2 Jul 2025", "Modified 9 days ago", "Viewed 4k times", "23", "– Kenneth Roskilly Jul 2, 2025 at 22:05",
            "Add a comment", "5 Answers", "Sorted by:", "Improve this answer", "Follow", "18.4k ● 4 ● 39 ● 88", "✔ Accepted answer"]
    doc = "\n\n".join(["How do glaciers move?", junk[0], junk[1], junk[2], junk[3], ARTICLE_PARAS[0], junk[4], junk[5], junk[6],
                       junk[7], junk[11], ARTICLE_PARAS[1], ARTICLE_PARAS[2], junk[8], junk[9], junk[10], ARTICLE_PARAS[3]])
    assert_labels(doc, junk, ARTICLE_PARAS)


def test_a_years_or_a_figures_sentence_is_no_vote_count():
    doc = "\n\n".join(["How glaciers work"] + ARTICLE_PARAS[:2] + ["In 2019, 23 glaciers were measured."] + ARTICLE_PARAS[2:])
    assert_labels(doc, [], ["In 2019, 23 glaciers were measured."] + ARTICLE_PARAS)


def test_a_threads_short_replies_under_headers_like_the_kept_posts_stay():
    # each long post eight times the short one's length: alone, a run that small beside them would be a teaser
    long_posts = [" ".join(2 * (ARTICLE_PARAS[i:] + ARTICLE_PARAS[:i])) for i in range(3)]
    short = "Fair point, though the ice in our valley moved a good deal less than that last winter."
    blocks = ["Glacier talk", "Why do glaciers move at all?"]
    for n, post in enumerate([long_posts[0], long_posts[1], short, long_posts[2]]):
        blocks += [f"u/poster{n} · {100 + n} points · 2d", post, "Reply / Share / Report / Save"]
    doc = "\n\n".join(blocks)
    assert_labels(doc, ["Reply / Share / Report / Save"], [short] + long_posts)


def test_a_sites_banner_above_its_cookie_notice_is_no_part_of_the_head():
    banner = "Worried that someone close to you is being drawn into danger on the ice? Call our advice line free on 0800 011 3764."
    headline = "Glacier safety briefing by the chief ranger and the head of mountain rescue"
    doc = "\n\n".join(["Valley Rescue Service", "Home | News | Report a danger | Contact", banner,
                       "Cookies on this website: we use necessary cookies to make our site work and optional cookies to improve it.",
                       "[Accept optional cookies] [Necessary cookies only]", "News › Briefings › April 2024", "PRESS BRIEFING TRANSCRIPT",
                       headline, "Tuesday 16 April 2024, 11:00, Rescue Headquarters", "This transcript has been lightly edited for clarity."] + LONGER)
    assert_labels(doc, [banner], [headline] + LONGER)


def test_a_standfirst_above_a_download_row_stays_in_the_head():
    standfirst = "Our year of surveys on the valley glaciers, and the ten things we learned from the people who live beside them."
    doc = "\n\n".join(["Kessel Valley Glacier Trust", "Home / About us / Annual reports", "Annual Report 2024: the year the ice gave way",
                       standfirst, "Download the full report (PDF, 4.2MB) | Download the summary (PDF, 1MB)",
                       "Cover photo: a ranger on the glacier snout. Posed by a volunteer."] + LONGER)
    assert_labels(doc, [], ["Annual Report 2024: the year the ice gave way", standfirst] + LONGER)


@pytest.mark.parametrize("label, points", [
    ("Key points", ["A guide from Kessel was fined in July 2023 for leading walkers onto closed ice",
                    "Rangers said the snout of the glacier had moved more than 40 metres since spring",
                    "The valley council changed how it marks closed routes from December 2023",
                    "The company says it cut unguided trips on the glacier by 71% this summer",
                    "Rescue teams say the crevasse fields, not the snout, are now the bigger danger"]),
    ("Our year in numbers", ["1,846 calls to our glacier helpline, up 39% from 1,328", "318 walkers given a safety briefing",
                             "147 volunteers trained to read the ice", "82% of surveyed paths reopened by August",
                             "96 school visits across the valley and the upper passes"]),
])
def test_a_box_of_points_above_the_text_takes_one_place_in_the_head(label, points):
    headline = "How did a closed glacier path lead to a season of rescues in the valley?"
    doc = "\n\n".join(["The Valley Post", "Home | News | Science | Travel", "Science", headline, "24 April 2024",
                       "By Ann Vey, science correspondent", label] + points + ["glacier_snout_getty.jpg"] + LONGER)
    assert_labels(doc, [], [headline] + points + LONGER)


def test_a_contents_list_above_the_text_is_no_box_and_the_site_above_the_headline_stays_out():
    # four headings of a contents list fill the head; they are no box of points that takes one place, so the
    # head does not reach past the headline to the site's own lines
    doc = "\n\n".join(["The Valley Glacier Society Archive", "A place for valley history", "Glacier talks in Kessel",
                       "Why the ice moves", "Where the meltwater goes", "What the guides recorded", "What comes next for the valley"] + LONGER)
    assert_labels(doc, ["The Valley Glacier Society Archive", "A place for valley history"], LONGER)


def test_a_live_blogs_summary_box_leaves_its_headline_and_standfirst_in_the_head():
    headline = "Valley glacier alert: evacuation warning was false, rangers admit"
    standfirst = ("Hundreds of people in the valley left their homes in the night after automated posts warned of a collapse "
                  "of the glacier front. The rangers now say there was never any danger.")
    summary = ["The rangers say six warnings were posted between 23:47 on Thursday and 01:02 on Friday",
               "There was no danger: the ice front was stable all night",
               "A correction was not posted until 01:26, an hour and 39 minutes after the first alert",
               "About 1,300 people left their homes; a rest centre registered 386 of them"]
    doc = "\n\n".join(["Valley News", "News › Valley › Live", "LIVE", headline, standfirst, "Live reporting by Hannah Colquhoun and Dev Mistry",
                       "Friday 7 March 2025", "Key events", "13:31 Valley MP demands an inquiry", "10:40 Chief ranger: \"I am sorry\"",
                       "09:55 Police took 146 calls in two hours", "Show more key events", "Summary"] + summary + ["Latest", "Post at 13:45", "13:45", "We're pausing our live coverage here"] + LONGER)
    assert_labels(doc, ["Live reporting by Hannah Colquhoun and Dev Mistry", "Post at 13:45"], [headline, standfirst] + summary + LONGER)


def test_a_call_to_become_a_member_and_a_you_are_here_trail_are_furniture():
    member = "Member-only story? No — this story is free to read. Become a member to support writers like Tom."
    trail = "You are here: Centre for Glacier and Avalanche Research / News / 2025"
    chip = "Support the Glacier Post — we're run entirely by volunteers and print costs have doubled since 2021. Chip in from £2."
    sentence = "Anyone who lives in the valley can become a member of the glacier watch for five pounds a year."
    rope = "Walkers were asked to chip in for the rescue team's new ropes after the winter, and most of them did."
    doc = "\n\n".join(["Quillpost", "Sign in", member, chip, "The night the glacier didn't fall", trail] + LONGER[:3] + [sentence, rope] + LONGER[3:])
    assert_labels(doc, [member, chip, trail], ["The night the glacier didn't fall", sentence, rope] + LONGER)


def test_comments_and_user_reviews_under_name_and_date_lines_are_comments_and_their_buttons_go():
    said = ["I walked that path the week before it closed and the cracks were already wider than my boot.",
            "Third-year geography here. The rangers warned about this in the spring and nobody listened.",
            "Turnout at the meeting was tiny and people are calling this a mandate for closing the whole valley."]
    for heads, buttons in [(["mossgreen_ecology · 22 Nov 2024, 10:02", "L_Okonjo · 22 Nov 2024, 10:19", "sam_t · 22 Nov 2024, 10:47"],
                            ["♥ 38 · Reply · Report", "♥ 61 · Reply · Report", "♥ 22 · Reply · Report"]),
                           (["★★★★★ · lowdays_regular · 24 Oct 2024", "★☆☆☆☆ · staffmember_cb · 30 Oct 2024", "★★★☆☆ · kestrel · 19 Oct 2024"],
                            ["Was this helpful? 31 · Report", "Was this helpful? 58 · Report", "Was this helpful? 22 · Report"]),
                           # a newsletter platform's: a day of this year, and the writer's badge
                           (["Jen Halloran · Mar 7", "Pete Varley · 7 Mar", "Tom Ashcombe · Mar 8 · Author"], ["♡ 38 · Reply · Share", "♡ 21 · Reply", "♡ 17"]),
                           # a forum's, with the time abbreviated ("6 hr. ago", "2 mo. ago") and the poster's flair
                           (["u/mossgreen · 6 hr. ago", "u/lokonjo · 5 hr. ago", "u/sam_t · 2 mo. ago"], ["Third year · Geography", "Staff", "▲ 12 ▼"])]:
        doc = "\n\n".join(["Why the glaciers matter", "By Ann Example"] + LONGER + ["Comments (3)"]
                          + [x for trio in zip(heads, said, buttons) for x in trio])
        got = labels(doc)
        assert all(got[t] == COMMENT for t in said), {t: got[t] for t in said}
        assert all(got[x] == BOILERPLATE for x in heads + buttons), {x: got[x] for x in heads + buttons}
        assert all(got[p] == ARTICLE for p in LONGER)


def test_a_disclosure_under_the_byline_leaves_the_headline_and_standfirst_above_it():
    headline = "Icepick review: a slick glacier-route app with a safety problem it couldn't outrun"
    standfirst = "The student-built route app gets the maps right and the warnings badly wrong, and the valley's rangers noticed."
    doc = "\n\n".join(["POCKETSCOPE", "Reviews > Outdoors > Icepick", headline, standfirst, "Marcus Lindqvist",
                       "Published 28 October 2024 · Updated 4 November 2024",
                       "Pocketscope is reader-supported. When you buy through links on our site, we may earn an affiliate commission.",
                       "icepick-review-hero.png"] + LONGER)
    assert_labels(doc, [], [headline, standfirst] + LONGER)


def test_the_heads_dateline_and_byline_are_furniture_and_its_headline_and_standfirst_stay():
    headline = "Why the valley glaciers are retreating faster than the surveys said"
    standfirst = "Forty years of ranger records show the ice front moving back twice as fast since 2010 as in the decades before."
    lines = ["By Hannah Okafor", "Sat 8 Feb 2025 07.00 GMT", "7 min read"]
    doc = "\n\n".join(["The Valley Post", "Home | News | Science", headline, standfirst] + lines + LONGER)
    assert_labels(doc, lines, [headline, standfirst] + LONGER)


def test_lettered_items_on_their_own_lines_are_the_articles_and_item_c_is_no_copyright_line():
    items = ["(a) Mr Tomas Wren, a resident of the valley, asked why the glacier path had been closed without notice to walkers.",
             "(b) That the rangers be asked to report on the retreat of the ice front by the autumn meeting of the committee.",
             "(c) Ms Dana Whitlock, secretary of the guides' union, asked what would be done about the crevasse fields this summer.",
             "(d) That the marker stones on the upper path be replaced before the walking season begins in the spring."]
    said = "Councillor D. Sandhu stated, for transparency, that he had chaired the committee when the path was closed on 18 June 2024."
    doc = "\n\n".join(["Minutes of the Glacier Committee", "PUBLIC QUESTIONS"] + ARTICLE_PARAS[:2] + [said] + items + ARTICLE_PARAS[2:]
                      + ["(c) 2025 Glacier Trust"])
    assert_labels(doc, ["(c) 2025 Glacier Trust"], items + [said] + ARTICLE_PARAS)


def test_a_channel_posts_reactions_and_views_are_furniture():
    reactions = ["❤️ 812 👍 640 🔥 97", "😡 5.4K 😢 3.1K 🙏 1.2K 😱 866"]
    doc = "\n\n".join(["Glacier Watch channel", ARTICLE_PARAS[0], ARTICLE_PARAS[1], reactions[0], "👁 21.7K", "09:05",
                       ARTICLE_PARAS[2], ARTICLE_PARAS[3], reactions[1], "👁 33.9K", "18:47"])
    assert_labels(doc, reactions + ["👁 21.7K"], ARTICLE_PARAS)


def test_a_case_box_of_fields_above_the_text_is_looked_past_for_the_headline_and_standfirst():
    # four "Key: value" lines above the text are the case's details: looked past, they do not fill the head
    headline = "Glacier guide jailed for taking walkers' fees for a closed route"
    standfirst = "Judge says the guide 'traded on the valley's name' as the court hears the path had been shut for a year"
    fields = ["Court: Kessel Crown Court", "Judge: HHJ Anna Roe", "Offence: Fraud by false representation", "Counsel: B. Lee for the Crown"]
    doc = "\n\n".join(["Legal News", "You have read 2 of your 3 free articles this month. Subscribe from £9 a month.", headline, standfirst,
                       "By Corin Hale, Crime Correspondent", "12 September 2025, 5:47pm", "Case: R v Tam Ode"] + fields
                      + ["Share on LinkedIn", "Copy link"] + LONGER)
    assert_labels(doc, ["By Corin Hale, Crime Correspondent", "Copy link"] + fields, [headline, standfirst] + LONGER)


def test_the_links_of_an_email_newsletters_web_copy_and_a_call_to_open_the_app_go():
    links = ["View this email in your browser", "Forward to a friend", "Open in app", "Unsubscribe | Update preferences",
             "Having trouble viewing this email? View it online"]
    headline = "Thirty months on, and the valley path is open again"
    doc = "\n\n".join(links[:3] + ["valley-masthead.png", headline] + LONGER + links[3:])
    assert_labels(doc, links, [headline] + LONGER)
    # a sentence asking readers to pass it on is the letter's own
    ask = "Forward this to a friend who walks in the valley and wants to help us keep the path open."
    assert_labels("\n\n".join([headline] + LONGER + [ask]), [], [ask])


def test_the_alternative_text_of_an_authors_portrait_or_a_logo_goes_and_the_headline_above_stays():
    headline = "How we are keeping walkers off the closed glacier path"
    standfirst = "After a season of rescues on the valley's closed route, here is what the park service is changing and why."
    portraits = ["Avatar of Marcus Feld", "Ines Carvalho's profile photo", "Valley Parks logo"]
    doc = "\n\n".join(["Valley Parks Newsroom", "Safety · 13 March 2025 · 5 min read", headline, standfirst, portraits[0], "Marcus Feld",
                       "Head of Visitor Safety", portraits[1], "Ines Carvalho", "Policy Manager", portraits[2]] + LONGER)
    assert_labels(doc, portraits, [headline, standfirst] + LONGER)
    # a sentence about a logo is no picture's text
    logo = "The park's logo was redrawn in 2019 after a public vote."
    assert_labels("\n\n".join([headline] + LONGER[:3] + [logo] + LONGER[3:]), [], [logo])


def test_a_records_column_numbers_go_and_the_speeches_on_both_sides_stay():
    marks = ["Column 413WH", "Col. 414"]
    doc = "\n\n".join(["Glacier Paths: Public Safety"] + LONGER[:3] + [marks[0]] + LONGER[3:6] + [marks[1]] + LONGER[6:])
    assert_labels(doc, marks, LONGER)


def test_a_list_of_short_tips_after_the_text_stays_with_it():
    tips = ["Tips for walkers", "Rangers will never ask you to pay for a guided walk.", "Never walk out onto the ice on your own.",
            "Look for the park's badge before you trust anyone who says they are a guide.",
            "If someone offers you a place on a closed route, tell a ranger before you reply.",
            "You can report a closed path by ringing the park office at any time."]
    doc = "\n\n".join(["How glaciers work"] + LONGER + tips + ["Share this post", "Copy link", "Related posts", "Ski resorts look for new seasons",
                                                                "Why snow matters for summer rivers"])
    assert_labels(doc, ["Share this post", "Ski resorts look for new seasons"], tips)
    # job adverts between two parts of the text are no tips: their titles are capitalised
    ads = ["Glacier Guide (Seasonal), Kessel Valley Park, Kessel. Apply by 12 September.",
           "Senior Ranger (Band 4), North Valley Trust, Lower Kessel. Apply by 19 September."]
    assert_labels("\n\n".join(["How glaciers work"] + LONGER[:5] + ["Jobs at the Valley Post"] + ads + LONGER[5:]), ads, LONGER)


def test_a_transcripts_last_short_speech_set_apart_like_the_others_stays_and_the_footer_goes():
    last = "I thank the Minister and all the Members who took part in the debate."
    footer = ["Previous debate", "Next debate", "Contact us", "Parliamentary copyright 2025. This information is licensed under the open licence."]

    def sep(time: str) -> list[str]:
        return ["Share this specific contribution", time]

    doc = "\n\n".join(["Glacier Paths: Public Safety"] + LONGER[:5] + sep("2.58 pm") + LONGER[5:7] + sep("3.10 pm") + LONGER[7:]
                      + sep("3.26 pm") + [last] + footer)
    assert_labels(doc, sep("3.26 pm") + footer[:1] + footer[3:], LONGER + [last])


def test_a_transcripts_time_codes_and_a_download_with_its_pages_go_and_the_turns_stay():
    codes = ["00:00:04", "00:01:37", "00:02:14"]
    download = "Letter to heads of centre: fake leaked papers (PDF, 212 KB, 2 pages)"
    turns = [f"PRESENTER: {p}" if i % 2 else f"DR ANN LEE: {p}" for i, p in enumerate(LONGER)]
    doc = "\n\n".join(["Transcript: The glacier that would not stop", download] + [x for k, t in enumerate(turns) for x in ([codes[k // 3]] if k % 3 == 0 else []) + [t]])
    assert_labels(doc, codes + [download], turns)


def test_a_table_with_longer_cells_and_the_text_between_figures_stay_and_a_numbered_heading_is_no_caption():
    rows = ["Outcome | Glaciers | Ice lost", "Retreated more than a kilometre since the survey | 12 | 40 m",
            "Retreated less than a kilometre | 9 | 18 m", "Advanced or stayed where they were | 2 | 1 m", "Total | 23 | 59 m"]
    between = "Twelve of the glaciers lost more ice than the survey of 1990 expected, most of them on slopes that face south."
    headings = ["4. Findings", "5. What the rangers did"]
    doc = "\n\n".join(["Retreat in the valley: a survey", "Abstract"] + LONGER[:4] + ["Figure 1. Glaciers surveyed, 1990 and 2024", "fig1_survey_map.png", headings[0]]
                      + LONGER[4:6] + ["Table 1. Outcomes among the surveyed glaciers, 1990-2024 (n = 23)"] + rows + [between]
                      + ["Figure 2. Ice lost by slope", "fig2_slopes.png", headings[1]] + LONGER[6:] + ["References", "Hynes, L. (2023). The ice handbook. Riverbend Press."])
    assert_labels(doc, ["fig1_survey_map.png", "Figure 2. Ice lost by slope", "Hynes, L. (2023). The ice handbook. Riverbend Press."],
                  rows + [between] + headings + LONGER)


LEAD = ("A video shared on Tuesday appeared to show the park's director closing the glacier path for the whole season. "
        "The video was false: the path is open, and the park service has asked people to stop sharing it.")


def test_a_lead_kept_apart_from_the_text_by_a_widget_stays_and_a_sites_banner_above_its_breadcrumb_does_not():
    headline = "False video about the glacier path"
    widget = ["Check your path", "Enter the name of a path to see whether it is open today.", "Path name (for example North Ridge)", "Check",
              "No current closures found for this path. If a path looks unsafe, please tell a ranger.", "Report a hazard",
              "Updated 14:32, Wednesday 5 March 2025", "Latest update: incident closed"]
    doc = "\n\n".join(["Valley Parks", "Home", "Visit", "Home › Incidents › North Ridge", headline, LEAD] + widget + LONGER)
    assert_labels(doc, ["Home › Incidents › North Ridge", "Check"], [headline, LEAD] + LONGER)
    # a government site's banner above the site's menu and breadcrumb trail is the site's, however long
    banner = ["Official websites use .gov. A .gov website belongs to an official government organization in the United States.",
              "Secure .gov websites use HTTPS. A lock or https:// means you have safely connected to the .gov website. Share sensitive information only on official, secure websites."]
    more = ["The park service says the false video was viewed more than forty thousand times before it was taken down on Wednesday.",
            "Rangers spent the morning at the car park at the foot of the path, telling walkers that the route was open as usual.",
            "Two guiding firms said they had cancelled trips after customers rang them in a panic about the closure.",
            "The director said she had never recorded such a message and that the voice in the video was not hers.",
            "Police have asked anyone who knows who made the video to contact them, and have opened an investigation.",
            "The park service will post every real closure on its own website and at the ranger station, and nowhere else."]
    doc = "\n\n".join(["An official website of the United States government", "Here's how you know"] + banner
                      + ["Valley County", "Parks Office", "Home | Government | Departments | Online Services | Contact Us",
                         "Home › Departments › Parks › News Releases", "NEWS RELEASE", "Monday, March 17, 2025", headline] + LONGER + more)
    assert_labels(doc, banner, [headline] + LONGER + more)


def test_a_paragraph_reporting_speech_under_an_advert_slot_is_the_articles():
    said = "Speaking outside the court, Detective Constable Ruth Maddox, of the valley police, said the ice tours had been sold to more than four hundred walkers."
    advert = "Switch to Trailgear boots and get a second pair half price. Offer ends Sunday."
    doc = "\n\n".join(["The Valley Courier", "Tour firm fined for glacier trips"] + LONGER + ["Advertisement", said, "Advertisement", advert])
    assert_labels(doc, [advert], [said] + LONGER)


def test_the_head_does_not_reach_past_the_breadcrumb_trail_to_the_cookie_notices_button():
    headline = "Transcript: The glacier that would not stop"
    doc = "\n\n".join(["Valley Television", "This site uses cookies. By continuing to browse you agree to our use of cookies.", "OK, got it",
                      "Programmes › Valley Tonight › Transcripts", "Valley Tonight", headline] + LONGER)
    assert_labels(doc, ["OK, got it", "Programmes › Valley Tonight › Transcripts"], [headline] + LONGER)


def test_a_sites_menu_above_the_breadcrumb_trail_is_no_head_when_the_text_opens_with_its_headline():
    headline = "Summary of decision: Valley Rangers and Icepick Routes Ltd (glacier route warnings)"
    menu = ["Valley Safety Authority", "Menu", "Your rights outdoors", "Make a complaint", "Decisions and enforcement", "Guidance",
            "News and media", "About us", "Text size: A A A"]
    doc = "\n\n".join(menu + ["You are here: Home / Decisions and enforcement / Decisions 2025", headline] + LONGER)
    assert_labels(doc, menu, [headline] + LONGER)


def test_a_picture_caption_that_ends_in_its_own_credit_goes_however_long():
    for caption in ["Meltwater pours over the lip of the valley glacier on the morning of April 14, seen from the rangers' hut above the moraine. Photo courtesy of the Valley Rangers.",
                    "Sandbags stacked outside the rangers' hut on the lower path, a week after the meltwater flood reached the village and the bridge. (Ann Example / Valley Radio)",
                    "Ice thickness at the lower gauge over the winter, which fell steadily from November to March in every year on record. (Source: Valley Rangers; chart by The Glacier Desk)"]:
        doc = "\n\n".join(["Why the glaciers matter", LONGER[0], "lower-gauge-april.jpg", caption] + LONGER[1:])
        assert_labels(doc, ["lower-gauge-april.jpg", caption], ["Why the glaciers matter"] + LONGER)


def test_a_link_to_photos_or_video_inside_the_article_goes():
    for link in ["PHOTOS: The valley cleans up after the meltwater flood", "Video: Rangers walk the new glacier path"]:
        doc = "\n\n".join(["Why the glaciers matter"] + LONGER[:4] + [link] + LONGER[4:])
        assert_labels(doc, [link], LONGER)


def test_the_writers_name_and_role_and_a_dateline_naming_the_host_are_furniture_and_the_headline_stays():
    headline = "Why the valley glaciers are retreating faster than the surveys said"
    for byline in [["Sofia Example, Head of Glacier Monitoring", "April 22, 2025 · 6 min read"],
                   ["April 22, 2025 · Hosted by Dana Example"],
                   ["Sofia Example", "Head of Glacier Monitoring"]]:
        doc = "\n\n".join(["Valley Rangers", "Newsroom / Glacier Safety", headline] + byline + ["Share"] + LONGER)
        assert_labels(doc, byline + ["Newsroom / Glacier Safety"], [headline] + LONGER)


def test_a_reporters_note_at_the_end_saying_what_she_covers_and_how_to_reach_her_goes():
    bio = "Hannah Example covers the glaciers and the valley's rangers for the Courier. Reach her at (555) 014-3318."
    doc = "\n\n".join(["Why the glaciers matter"] + LONGER + [bio, "Tags", "Glaciers"])
    assert_labels(doc, [bio], LONGER)


def test_a_table_whose_row_labels_are_long_or_that_compares_in_words_is_the_articles():
    figures = ["Measure | Winter 2024 | Winter 2025", "Glaciers surveyed by drone from the rangers' hut (north valley only) | 14 | 31",
               "Paths closed for meltwater | 3 | 9", "Median days to reopen a path | 12 days | 4 days"]
    words = ["Sign | Safe path | Closed path", "Rope at the start | Fixed and checked by the rangers | Missing, or tied to a boulder",
             "Signs | Valley Rangers' green sign with a date | Handwritten, no date, or none at all",
             "Surface | Gravel over the moraine | Bare ice, cracks wider than a boot"]
    for table in (figures, words):
        doc = "\n\n".join(["Why the glaciers matter"] + LONGER[:3] + table + LONGER[3:])
        assert_labels(doc, [], table + LONGER)
    links = ["About | Contact | Jobs", "Privacy | Terms | Cookies", "Sitemap | Help | Press"]  # a footer's rows of links are no table
    doc = "\n\n".join(["Why the glaciers matter"] + LONGER + links)
    assert_labels(doc, links, LONGER)


def test_an_advert_under_the_byline_leaves_the_headline_and_standfirst_above_it():
    headline = "Glacier safety: a step-by-step guide for worried walkers"
    standfirst = "After a summer of closed paths and rescues on the valley glacier, we asked the rangers what walkers can actually do."
    doc = "\n\n".join(["Valley Outdoors", "Home > Walking > Safety", headline, standfirst, "Written by Ann Example | Reviewed by Dr Bo Example",
                       "Updated 8 October 2025", "7 min read", "Advertisement",
                       "IceGrip Crampons – steel spikes for every boot in the house. Free delivery on orders over £30. Shop now.",
                       "glacier-walkers-stock.jpg", "Walkers on the lower path, where the rangers check the ropes each morning. (Stock image posed by models)"] + LONGER)
    assert_labels(doc, ["Walkers on the lower path, where the rangers check the ropes each morning. (Stock image posed by models)"], [headline, standfirst] + LONGER)


def test_a_paywall_notice_under_a_byline_written_by_name_leaves_the_headline_and_standfirst_above_it():
    headline = "The glacier paths and the rescues: what one valley's summer means for walkers"
    standfirst = "A closed path led to 14 rescues on the valley glacier in four days. Rangers and guides say the signs, the maps and the law are all struggling to keep up."
    doc = "\n\n".join(["Valley Outdoors", "Home / News / Walking", "Advertisement",
                       "Crampons for every boot in the house? See how IceGrip fits yours in minutes. Free 30-day trial.",
                       "WALKING", headline, standfirst, "By Ann Example, Senior Reporter", "15 April 2025", "5 min read",
                       "You're reading 2 of your 3 free articles this month. Subscribe for unlimited access to every story."] + LONGER)
    assert_labels(doc, ["You're reading 2 of your 3 free articles this month. Subscribe for unlimited access to every story."],
                  [headline, standfirst] + LONGER)


def test_a_headline_in_title_case_is_no_menu_but_a_row_of_section_names_is():
    for headline in ["The Ranger Who Never Came Back", "What Happened When Our Path Closed"]:
        doc = "\n\n".join(["Valley Podcasts", "Episodes", "Home / Episodes / Episode 12", "Episode 12", headline,
                           "March 18, 2025 · 41 min"] + LONGER)
        assert_labels(doc, ["Episodes", "Home / Episodes / Episode 12"], [headline] + LONGER)
    menu = "Home News Sport Weather Glaciers Rangers"
    doc = "\n\n".join(["Why the glaciers matter", menu] + LONGER)
    assert_labels(doc, [menu], ["Why the glaciers matter"] + LONGER)


def test_a_newsletter_pop_ups_fine_print_about_subscribing_is_no_article_text():
    fine = "By subscribing you agree to our Terms of Use and Privacy Notice. Unsubscribe anytime."
    headline = "Rangers turned a closed glacier path into a lesson for every walker in the valley"
    doc = "\n\n".join(["VALLEY OUTDOORS", "Don't miss a rescue. Get the Glacier Brief in your inbox every Friday.", "Email address",
                       "Sign me up", "No thanks, I'm good", fine, "WALKING / SAFETY", headline] + LONGER)
    assert_labels(doc, [fine, "Sign me up", "No thanks, I'm good"], [headline] + LONGER)


def test_a_threads_last_reply_under_its_post_number_is_a_comment_and_the_forums_footer_under_it_goes():
    said = ["Same here, the whole valley group is talking about it and nobody seems to know who to ask.",
            "I walked that path the week before it closed and the cracks were already wider than my boot.",
            "Third-year geography here. The rangers warned about this in the spring and nobody listened.",
            "The rangers just updated their page. The path reopens on Friday, and I think this thread actually helped."]
    posts = [[name, "Member", f"Mar {9 + n}, 2025 at 8:0{n} PM", f"#{n + 2}", text, "Like", "Reply", "Report"]
             for n, (name, text) in enumerate(zip(["hollowmom", "mossgreen", "lokonjo", "sam_t"], said))]
    footer = ["11 people like this", "You must log in or register to reply here.", "Similar threads",
              "Glacier path option B: bus times?", "Is anyone else's kid on the waitlist for the ranger course?",
              "Members: 6,315", "Latest member: runner_mom_av", "Terms and rules",
              "ValleyParents.net is an independent community forum and is not affiliated with the Valley Rangers."]
    doc = "\n\n".join(["Why the glaciers matter", "By Ann Example"] + LONGER + [x for p in posts for x in p] + footer)
    got = labels(doc)
    assert all(got[t] == COMMENT for t in said[1:]), {t: got[t] for t in said}  # (the first reply is high on this short page)
    assert all(got[x] == BOILERPLATE for x in footer), {x: got[x] for x in footer}
    assert all(got[p] == ARTICLE for p in LONGER)


def test_a_hosts_sponsor_read_naming_the_show_is_an_advert_and_the_turns_around_it_stay():
    turns = ["ANN HALE: Welcome back. Today we are on the glacier with the rangers who closed the upper path this summer.",
             "TOM REED: The cracks opened in a week. By the time we walked it on the Friday they were wider than a boot.",
             "ANN HALE: And what did you do first, once you had seen them?",
             "TOM REED: We closed the path at the hut, put the rope across and wrote to every walking club in the valley."]
    read = ("ANN HALE: This episode of Valley Voices is supported by Nordpeak. If your crampons are older than your kids, "
            "Nordpeak will fit a new pair to any boot, and delivery is free this month at nordpeak.example slash valley.")
    doc = "\n\n".join(["Valley Voices: the summer the path closed"] + ARTICLE_PARAS[:3] + turns[:2] + [read] + turns[2:] + ARTICLE_PARAS[3:])
    assert_labels(doc, [read], turns + ARTICLE_PARAS)
