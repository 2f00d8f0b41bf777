"""Cut a scraped document into blocks and give each block its features.

``split_blocks(text)`` cuts the text into blocks: paragraphs, or the lines
of a list-like paragraph, as ``(start, end)`` offsets into ``text``. The
rest scores each block by what it is on its own, for ``index.clean`` to
label:

1. structure: does a block read like prose (length, terminal punctuation,
   a capital at the start) or like a label, a link, a price, a file name?
2. vocabulary of site furniture: consent/cookie notices, subscriptions,
   job ads, sharing widgets (generic words, not phrases of any one site);
3. repetition: a block that appears twice (captions, banners) is not prose.

Deliberately left out: labels, topic and position in the document; those
need the whole document and live in ``index.clean``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

ARTICLE, COMMENT, BOILERPLATE = "article", "comment", "boilerplate"
FRAGMENT = "sentence fragment (caption or graphic)"
LIST_ITEM = "list item"

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n")
# a portrait's or a logo's alternative text, where its picture was: "Avatar of Marcus Feld", "Jo Lee's profile photo"
_PORTRAIT = re.compile(r"^\W*((user |author )?(avatar|profile (picture|photo|image|pic)|headshot|logo)( (image|picture))?\s+(of|for)\s+\S"
                       r"|[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3}(['’]s)?\s+(avatar|profile (picture|photo|image|pic)|headshot|logo)\W*$)", re.I)
_IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|webp|svg|bmp|tiff?)(\s*$|\s+\([\d.,]+\s*[KMG]i?B\))", re.I)
_PHOTO_CREDIT = re.compile(r"(/AP|/Reuters|/AFP|Getty Images|\bPhoto(graph)?:|\bImage:|\bCredit:)\s*$|^\W*(?i:image|photo|video) (?i:source|caption|credit),"
                           r"|\(?\b(Photo(graph)?|Image|Picture|Illustration|Artwork|Graphic|Credit|Screenshot)s?( by)?\s*:\s*[^!?:]{1,60}\)?\.?\s*$"
                           r"|^\W*(?i:courtesy of)\s[^.!?]{1,80}$"
                           r"|\b(Photo(graph)?|Image|Picture)s?\s*(©|\(c\)|copyright\b)\s*[^.!?]{1,60}$")  # "... 1764. Photo © Vastholm Museum"
# a figure's or table's caption: "Figure 3.4 A soil profile ...", "Table 2: Results", "Infographic: how ..."
# (not "Figure 2 shows that ...", a sentence of the article about it)
_FIGURE = re.compile(r"^\W*(?i:figure|fig\.|table|chart|graph|map|exhibit|diagram|infographic)\s*"
                     r"(\d+(\.\d+)*[a-z]?\s*[:.–—|]|\d+(\.\d+)*[a-z]?\s+[A-Z]|:)")
# A list of links introduced by its heading ("Related stories", "Topics:", "Read more").
_LINK_LIST = re.compile(r"^(related( stories| articles| posts| content| links)?|read (more|next)|(what to )?read next|up next|more (stories|like this)|more from|more on this|see also|topics?|tags?|"
                        r"you (may|might) also like|most (read|popular|viewed)|trending|recommended( for you)?|latest (news|stories|posts)|"
                        r"references|further reading|external links|bibliography|(table of )?contents|on this page|in this (article|post|guide))\b\s*:?(\s+\S|\s*$)", re.I)


def link_list_heading(t: str) -> bool:
    """A link list's heading ("Related stories", "Read more:", "More from Plainsight"), which the lines
    under it belong to; "READ MORE: How to check your child's jabs" is one link, and owns nothing.

    >>> link_list_heading("Related stories"), link_list_heading("READ MORE: How to check your jabs")
    (True, False)
    """
    t = heading(t)
    m = _LINK_LIST.match(t)
    return bool(m) and not re.match(r"\s*:\s*\S", t[m.end(1):])
TOC = "table of contents"
OFF_TOPIC = "off the document's topic"  # a paragraph about something else (see clean._mark_off_topic)
KEY_EVENTS = "live blog's key events"  # "Key events", then links to the entries below
_KEY_EVENTS = re.compile(r"^\W*key (events|moments|updates)\W*$", re.I)
TABLE_ROW = "table row"
TOC_ENTRY = "table of contents entry"
# a contents entry typed with dot leaders: "4. Assessment ........ 6", "Notes …… 112"
_DOT_LEADER = re.compile(r"(\.{4,}|…{2,}|(\. ){4,})\s*\d{1,4}\s*$")
# the heading of a page's contents ("Contents [hide]": a wiki's, with its toggle) or chapters
_TOC = re.compile(r"^\W*((table of )?contents(\s*\[?(hide|show|toggle)\]?)?|on this page|in this (article|post|guide|section)|jump to|(episode )?chapters)\W*$", re.I)
CHAPTER = re.compile(r"^\W*(\d{1,2}:)?\d{1,2}:\d\d\s*[-–—]?\s+[A-Za-z\"“‘']")  # "12:30 Professor Deshmukh on the review", in a podcast's chapter list
# a live blog's times ("17:48", "Posted at 17:48 BST", "Post at 13:45"), a transcript's time codes ("00:02:14"), and what is left of an embedded post
_TIMESTAMP = re.compile(r"^\W*((posted|updated|published|post|update)( at)?\s+)?\d{1,2}[:.]\d\d([:.]\d\d)?\s*(am|pm|[A-Z]{2,4})?\W*$", re.I)
HANDLE = re.compile(r"^@\w{1,30}$")  # an embedded post's "@handle" line
_EMBED = re.compile(r"pic\.twitter\.com/\w+|^\W*[-–—]\s*[^()\n]{1,60}\(@\w+\)\s+\w+\.? \d{1,2}, \d{4}\s*$"
                    rf"|{HANDLE.pattern}|^[^.!?\n]{{0,60}}\s@\w{{1,30}}\s*$|^\d{{1,2}}:\d\d\s*([AaPp][Mm])?\s*·\s*\w+\.? \d{{1,2}},? \d{{4}}$")  # and its time, "5:12 PM · Sep 11, 2025"
# a metered paywall: "That's 3 of your 4 free stories used this month", "Keep reading without limits"
_PAYWALL = re.compile(r"\b(\d+ (of your \d+ )?free (articles?|stories|reads)|free (articles?|stories) (left|remaining|used)|"
                      r"(keep|continue) reading\b.{0,40}(without limits|for [£$€]\d)|(subscribe|sign in|log in) to (keep|continue) reading|"
                      r"already a subscriber)\b", re.I)
_RATING = re.compile(r"^\W*\d(\.\d)?\s*(out of|/)\s*(5|10)(\s+stars?)?\W*$", re.I)
_DISCLAIMER = re.compile(r"\b(gives|are|is|reflects?) (solely )?the (views?|opinions?) of the authors?\b|"
                         r"\bdo(es)? not (necessarily )?(reflect|represent) the (views?|position|opinions?|policy)\b|"
                         r"\b(views?|opinions?) expressed\b.{0,40}\b(are|is) (solely |entirely )?(those|that) of the (authors?|writers?|columnists?|contributors?)\b|"
                         r"\b(views?|opinions?) expressed\b.{0,40}\b(are|is) (solely |entirely )?(the )?(authors?'?|writers?'?|columnists?'?|contributors?'?|[a-z]+'s|their|his|her|my) own\b", re.I)
# an author's affiliation on a paper's page: "(1) School of Materials, Northmoor University, UK", "² Centre for Fire Safety"
_AFFILIATION = re.compile(r"^\W{0,2}(\(\d{1,2}\)|\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹*†‡])\s*(School|Department|Dept\.?|Centre|Center|Faculty|Institute|Division|"
                          r"Laboratory|Unit|College)\s+(of|for)\s+[^.!?]{1,120}$")
# a forum member's card under each post ("Joined: Mar 2019", "Posts: 1,204")
_PROFILE = re.compile(r"^\W*(joined|posts|location|reputation|member since|karma|messages|reaction score|likes received)\s*:"
                      r"|^\W*((senior|junior|new|full|active|well-known|established|veteran|registered|premium|supporting|elite)\s+)?"
                      r"(member|moderator|administrator|contributor)\s*$"  # a member's rank
                      r"|^.{0,40}\b(19|20)\d\d\b.{0,20}\s#\d{1,5}\s*$"  # a post's header: "Jun 14, 2024 #2"
                      r"|^\s*#\d{1,5}\s.{0,40}\b(19|20)\d\d\b.{0,20}$", re.I)  # or "#2 · 14 Jun 2024, 08:15"
# a link to another article set inside the body ("READ MORE: Why your bank ...", "Related: ...")
_READ_MORE = re.compile(r"^\W*(read more|also read|read also|related|see also|more on this|watch|listen|photos|video|gallery|slideshow)\s*:\s*\S", re.I)
# a file to download, with its size: "Download the full report (PDF, 2.3 MB)", "(PDF, 212 KB, 2 pages)"
_FILE_SIZE = re.compile(r"\((?:[A-Za-z]{2,5},?\s*)?\d[\d.,]*\s*[KMG]i?B(,\s*\d+\s+pages?)?\)", re.I)
# a counter: "47 comments", "1.2K shares"
_COUNTER = re.compile(r"^\W*\d[\d,.]*[KkM]?\s+(comments?|replies|responses|shares|likes|views|reactions|answers?|votes?|points?|upvotes?)\W*$", re.I)
# a Q&A site's or forum's post details: "Asked 2 Jul 2025", "Modified 9 days ago", "Viewed 4k times", and a comment's
# signature on its own line: "– Kenneth Roskilly Jul 2, 2025 at 22:05"
_POST_META = re.compile(r"^\W*(asked|modified|viewed|active|edited|answered)\s+(\d|today|yesterday|[a-z]+ ago\b|[A-Z][a-z]{2,8}\.? \d)|"
                        r"^\s*[-–—]\s*\S.{0,40}?\s(\w{3,9}\.? \d{1,2}, \d{4}|\d{1,2} \w{3,9} \d{4})( at \d{1,2}:\d\d)?\s*$", re.I)
_FOOTNOTE = re.compile(r"^\s*(\d{1,3}[.)]?\s+)?(\^|↑|\[\d+\]\s*\^?)\s")  # a reference list's entry: "^ Author (2019).", "3. ^ a b Author"
# a bibliography entry: "Garnier, F., Hollis, R., & Mbeki, T. (2016). Title." or "Smith J, Lee K (2019) Title"
# (the names before the year are a list, not a sentence: "Councillor D. Sandhu stated ... on 18 June 2024" is no entry)
_CITATION = re.compile(r"^\s*[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?(?:, (?:[A-Z]\.\s?){1,3}| [A-Z]{1,3}[,.])"
                       r"(?:(?!\b(?:that|who|which|stated|said|told|asked|declared|reported)\b)[^()]){0,150}?\(?(?:1[89]|20)\d\d[a-z]?\)?(?:[.,:]|\s)")
# an entry by an organisation, which ends in its place and publisher or a locator: "Department of Community and
# Library Services (2023) Guidance Note CLS-14: Handling ... Hallisford: City of Hallisford." (not "The Office for
# National Statistics (2023) Census data show ...")
_CITATION_ORG = re.compile(r"^\s*[A-Z][\w'’&-]*(\s+(of|and|for|on|the|&|[A-Z][\w'’&-]*)){1,10}\s+\((1[89]|20)\d\d[a-z]?\)\.?\s+[A-Z]")
_PUBLISHED = re.compile(r"\.\s+[A-Z][\w'’ -]{1,40}:\s+[A-Z][^.:]{1,80}\.?\s*$|\bdoi\b|https?://|\bpp?\.\s*\d|\bVol\.\s*\d|"
                        r"\b(Available at|Retrieved from)\b", re.I)
# what follows the article in a paper or a post, and is about its making, not its subject
BACK_MATTER = re.compile(r"^\W*(acknowledge?ments?|conflicts? of interest|competing interests?|declaration of (competing )?interests?|"
                         r"data availability|funding( information| statement)?\b|disclosures?( statement)?\b|disclaimer\b|author contributions?|author biograph(y|ies)|"
                         r"about the (authors?|researchers?|contributors?|writers?)|ethics statement|orcid\b|supplementary (material|information)|how to cite|cite this (page|article)|"
                         r"notes? (to|for) editors|editor'?s notes?|(media|press) (contacts?|enquiries|inquiries))", re.I)
# not item (c) of a list: "(c) authorise a tender", "(c) Ms Dana Whitlock asked what ...", "(c) That the watchlist be deleted by 31 March 2025 ..."
_COPYRIGHT = re.compile(r"^\W*(©|\([cC]\)\s+(?=\d|[A-Z][^.]{0,60}\b(19|20)\d\d\b[^.]{0,40}$)|[Cc]opyright\b|COPYRIGHT\b)")
_PAGE_FORMS = r"page\s+\d{1,4}(\s+of\s+\d{1,4})?|(column|col\.)\s+\d{1,4}\s?(?-i:[A-Z]{0,3})|\d{1,4}\s+(of|/)\s+\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]"
_PAGE_NUMBER = re.compile(rf"^\s*({_PAGE_FORMS})\s*$", re.I)  # not a bare number: a year or a count; a record's "Column 413WH"
PRINTED_PAGE_NUMBER = re.compile(rf"^\s*(\d{{1,4}}|{_PAGE_FORMS})\s*$", re.I)  # in a PDF's pages, a number alone is one too
# who wrote, posted or read it, and when: "Posted on 22 January 2025 by Ines Valcourt", "Posted on: 21 March 2025", "Published 16 June 2025",
# "Published by Tidewater Alliance, 14 Quay Street", "The Lantern Audio | Narrated by Selwyn Adair" (no verb of a sentence)
_BYLINE = re.compile(r"(^\W*|\|\s*)(posted|published|updated|written|narrated|read|presented)(\s+on:?\s*[^.]{1,40}?|\s+[^.]{0,30}\d[^.]{0,20}?)?(\s+by\s+\S|:?\s*$)"
                     r"|^\W*(posted|published|updated) on:?\s+[^.]{1,30}$"
                     r"|^\W*(last )?(updated|modified|reviewed):?\s+[^.]{0,30}\b(19|20)\d\d\b[^.]{0,12}$", re.I)  # "Last updated: 27 June 2025, 17:52"
# a news agency's credits: "Reporting by Tom Rudge in Harlow; Additional reporting by ...; Editing by Clare Dunmore", a live blog's "Live reporting by ..."
# (names and places only: every word in lower case is one of the credits' own)
_CREDIT_WORD = r"(?:[A-Z][^\s.!?]*|(?:by|in|and|from|with|for|at|of|the|additional|reporting|editing|writing)[;,]?)"
_CREDITS = re.compile(rf"^\W*(?i:((additional|live)\s+)?(reporting|coverage|editing|edited|writing|written|compiled|fact-checking)\s+by)\s+[A-Z][^\s.!?]*"
                      rf"(?:\s+{_CREDIT_WORD})*\.?\s*$")
_FINITE = re.compile(r"\b(is|are|was|were|has|have|had|will|would|can|could|says?|said)\b", re.I)
# a publication's licence or book number: "... is licensed under a Creative Commons Attribution 4.0 International License",
# "This publication is licensed under the terms of the Open Government Licence v3.0", "ISBN: 978-1-9164-2207-3 (ebk)"
# a book's cataloguing data: "A catalogue record for this book is available from the British Library"
_LICENCE = re.compile(r"\blicensed under (a|the) (terms of the )?(Creative Commons|CC[ -]BY|Open Government Licen[cs]e|GNU)|"
                      r"\bISBN(-1[03])?:?\s*(97[89])?[\d-]{9,}|\ball rights reserved\b|"
                      r"\bcatalog(ue)? record for this (book|title|publication|volume) is available\b|\bcatalogu?ing[- ]in[- ]publication\b", re.I)
# a page's own history: "9 June 2025: Added consultation results ...", "14 March 2024 - First published."
_MONTHS = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# a byline or a dateline above the text: "By Hannah Okafor", "Published: October 9, 2024", "7 min read"; and a date with
# little else on its line ("Sat 8 Feb 2025 07.00 GMT", "March 4th, 2024"; see clean._dateline)
BYLINE_START = re.compile(r"^\W*(By\s+[A-Z][\w'’.-]+|(?i:(published|updated|posted|last updated)\b)|.*\b(?i:min(ute)?s?\s+read)\b)")
DATE = re.compile(rf"\b\d{{1,2}}(st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}\b|\b{_MONTHS}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}\b", re.I)
_HISTORY = re.compile(rf"^\W*(\d{{1,2}} {_MONTHS},? \d{{4}}|{_MONTHS} \d{{1,2}},? \d{{4}})\s*[:–—-]\s*"
                      r"(Added|Updated|First published|Published|Amended|Corrected|Changed|Removed|Replaced|Revised|Withdrawn)\b")
# a contributor's note at the end of a piece: "Iris Kowalczyk-Dean is a contributing writer at The Lantern. Her book
# about rumour ...", "Dr Helena Okafor is a senior lecturer in human geography at ... Her research focuses on ..."
_BIO = re.compile(r"^\W*((Dr|Prof|Professor|Mr|Mrs|Ms|Mx|Sir|Dame)\.?\s+)?[A-Z][\w'’-]+(\s+[A-Z][\w'’.-]+){1,3}\s+(is\s+"
                  r"(a|an|the|currently|now)?\s*([^.]{0,100}?\b(at|of|for|with)\s+(the\s+)?[A-Z]|([A-Z][\w'’-]*\s+){1,4}(columnist|correspondent|contributor)\b)"
                  r"|(covers|reports on|writes about)\s+[^.]{0,100}?\bfor\s+(the\s+)?[A-Z])")  # "... covers public safety for the Courier"
_BIO_CUE = re.compile(r"\b(author of|(reach|email|contact|follow) (him|her|them) (at|on)\b|is (currently |now )?(writing|working on|completing)|(his|her|their) (research|work|books?|latest|writing|"
                      r"forthcoming|previous)\b|research (focuses|interests)|contributing (writer|editor)|writes (about|on|for)|lives in|is based in|"
                      r"writes (every|each) (day|week|month|fortnight|[A-Z][a-z]+day)\b|writes a (weekly|monthly|regular) column)", re.I)
_SAYS = re.compile(r"\b(said|says|told|tells|according to)\b|[\"“”]")
# who made it, on a line of its own: "Dr Helena Marsk and Tomas Okonjo-Reid", "Group 4: Aisha Karim, Joel Penhaligon and Freya Lund"
_NAME = r"((Dr|Prof|Professor)\.?\s+)?[A-Z][a-z][\w'’-]*(\s+[A-Z][a-z][\w'’-]*){1,2}"
_NAMES = rf"{_NAME}(\s*,\s*{_NAME})*,?\s+(and|&)\s+{_NAME}\s*$"
# with a title ("Dr") or three names or more, perhaps after a label ("Group 4:"): not "Marsh Ferrers and Upper
# Brennock" or "Week 5: Beach Profiles and Longshore Drift"
_NAMES_ONLY = re.compile(rf"^\W*([A-Za-z]+( \d+)?:\s*)?((?=.*\b(Dr|Prof|Professor)\b){_NAMES}|{_NAME}\s*,\s*{_NAMES})")
# a picture's caption that says it is one: "Photo: A scooter lying across the crossing, photographed by a member"
_CAPTION = re.compile(r"^\W*(photo(graph)?|image|picture|pictured|illustration|caption)\s*:\s*\S", re.I)
_PRICE = re.compile(r"[£$€¥]\s?\d")
_SHOP = re.compile(r"^\W*((shop|buy|check|order|view|compare|donate)\b(?!\s*:)|give\b\W*$)", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_BREADCRUMB = re.compile(r"^(?i:you are here\s*:?\s*)?[^/>›»|]{1,40}(\s+[/>›»]\s+[^/>›»]{1,40}){1,}\s+[/>›»]\s+[^/>›»]+$"  # the last crumb may be the title
                         r"|^(?i:you are here\s*:?\s*)?[^/>›»|]{1,40}\s+[›»]\s+[^/>›»|]{1,40}$"  # two crumbs, set apart by an arrow that prose has no use for
                         r"|^(?i:you are here)\s*:\s*[^.!?]{1,150}$")  # however long the crumbs: "You are here: Centre for ... / News / 2025"
# "Lecture 9 · Tuesday 22 October · Kessel Theatre", "Privacy | Terms | Contact": a row of details or links
ROW_SEPARATOR = re.compile(r"\s[·|•]\s")
# Where sharing and following happen; two or more in a short label make a share bar.
_SOCIAL = {"facebook", "twitter", "x", "whatsapp", "linkedin", "pinterest", "reddit", "instagram", "tiktok", "youtube",
           "bluesky", "threads", "mastodon", "email", "print", "share", "copy", "listen", "spotify", "podcasts", "rss",
           "like", "quote", "report", "reply", "permalink", "flag", "upvote", "downvote"}
# the small words of a sentence: a headline in title case has two or more ("The Principal Who Never Called"), a menu none
_FUNCTION_WORDS = frozenset("the a an who which that what how why when where is are was were never not no of in on at to for "
                            "with from by and but or as after before into over it its we i you he she they our their his her my "
                            "your be has have had did does do can will than then this these those".split())
_SHARE_WORDS = _SOCIAL | {"on", "via", "link", "this", "page", "article", "story", "episode", "post", "send"}
_PRICE_RANGE = re.compile(r"[£$€¥]\s?\d[\d,.]*k?\s*(-|–|to)\s*[£$€¥]?\s?\d")
_TEMPLATE = re.compile(r"%[ds]\b|\{\{|\}\}")
_TEASER = re.compile(r"(\.\.\.|…)\s*$")
# A page's buttons: a short label that starts with what a button does.
_BUTTON = re.compile(r"^\W*(jump to|skip to|print|pin it|pin this|upgrade|subscribe|download|reply|load more|show (more|less|all)|"
                     r"view (all|more|comments)|sign (in|up|out)|log (in|out)|save( (this|the|for later|recipe|article|story))?$|"
                     r"report (this|post|comment|abuse|an? )|back to top|top$|copy link|rate this|leave a (reply|comment)|"
                     r"post comment|submit|cancel reply|(accept|reject|allow|decline)( (all|only)?\s?(non-essential|additional|optional|analytics|marketing|necessary|essential)?\s?(cookies)?)?$|manage (cookies|preferences|settings)|go to\b|"
                     r"(book|request|schedule) a demo|start (a |your )?free trial|get started|contact sales|try it free|listen to (this|the) (article|story)|"
                     r"show (latest|new|\d+ new) (updates|posts)|refresh|start now|apply now|play( video| audio| episode| now)?$|"
                     r"(read|view|show|open) (the )?(full )?transcript|add to (my |your )?(collection|basket|cart|bag|favourites|wishlist|calendar|list)|watch( now| video)?$|listen( now)?$|add a comment|improve this (question|answer|post)|follow$|sort(ed)? by\b|ask (a )?question$|(✔\s*)?accepted answer$|search( (this|the|our) (site|website))?$|(watch|listen to) (the )?(meeting|debate|session|hearing|episode|broadcast|live ?stream) (on|live|again)\b|listen to this (long read|episode|podcast)|(listen|watch) on\b)\b", re.I)
# a wiki's link to edit the section above ("[edit]"), and its note on pages of like name ("This article is about
# the mill on Quay Street. For the former tannery, see ...")
_EDIT_LINK = re.compile(r"^\W*\[\s*edit( source)?\s*\]\W*$", re.I)
EDIT_LINK = "section's edit link"
SITE_NOTICE = "site notice (cookies, consent, subscription, ads)"
BYLINE_OR_DATELINE = "byline or dateline"
TAGLINE = "site's tagline"  # "From Wikipedia, the free encyclopedia", right under an article's title
_TOGGLE = re.compile(r"\s*\[\s*(edit( source)?|hide|show)\s*\]\s*$", re.I)  # a wiki's link or switch after a heading


def heading(t: str) -> str:
    """``t`` without the link or switch a wiki sets after a heading.

    >>> heading("See also[edit]"), heading("Contents [hide]"), heading("[edit]")
    ('See also', 'Contents', '[edit]')
    """
    return _TOGGLE.sub("", t) or t


_TAGLINE = re.compile(r"^\W*From [^,\n]{2,60}, the (free )?[\w ]{0,40}encyclop(a)?edia\W*$", re.I)  # "From Wikipedia, the free encyclopedia"
_HATNOTE = re.compile(r"^\W*(this (article|page|entry) is about|not to be confused with|for (other uses|the \w+ of the same name)\b)[^\n]{0,200}\bsee\b", re.I)
# the title of an embedded player: "Video: How the vaccine works, in 90 seconds", "Watch: ..."
_PLAYER = re.compile(r"^\W*(?i:video|watch|audio|listen|podcast)\s*:\s*\S")
# A promotion speaks to the reader: a sentence that opens with what to do ("Get our app",
# "Sign up", "Tag us") about a channel or an offer, a social handle, or thanks for reading.
_CTA_SENTENCE = re.compile(r"(?:^|[.!?]\s+)\W*(subscribe|sign up|download|get|tag|pin|save|share|follow|join|book|shop|upgrade|compare(?!\s*:)|"
                           r"turn on|try|order|claim|register|grab|use code|tap|click|consider becoming)\b", re.I)
_OFFER = re.compile(r"\b(newsletters?|app|inbox|alerts|notifications|instagram|pinterest|facebook|twitter|tiktok|youtube|"
                    r"podcast|subscribers?|subscription|free|delivery|discount|code|offers?|deals?|trial|per night|% off|save (up to )?\d+%)\b|[£$€¥]\s?\d|(^|\s)[@#][A-Za-z]\w{2,}", re.I)
# "Sponsored by ...", "This episode (of Signal and Noise) is supported by ...", a podcast host's sponsor read ("SAM [00:11:45]: This show is brought to you by")
_SPONSOR_LINE = re.compile(r"^\W*([A-Z][\w .'’-]{0,40}(\[[\d:]+\])?:\s*(?=this))?(this (episode|show|podcast|newsletter|post|video|series)( of [^.!?]{1,60}?)? is\s+)?"
                           r"(sponsored|supported|presented|brought to you|underwritten|made possible) by\b", re.I)
_PROMO = re.compile(r"(?i:\bthanks for reading\b|\breader-supported\b|\bbrought to you by\b|\bno spam\b)|(?i:\buse (promo |discount )?code) [A-Z0-9]{3,}")
# a short plea for money ("Support our journalism", "Will you support our work with a gift today?", "Any amount helps")
_PLEA = re.compile(r"\bsupport (our|independent|quality|local) (journalism|work|reporting|newsroom)\b|\bany amount helps\b|"
                   r"\b(make|with) a (gift|donation|contribution)\b|\bbecome a (member|supporter|patron)\b", re.I)
# a sentence that tells the reader to join or give ("... free to read. Become a member to support writers like Tom.",
# "Support the Courier — we're run by volunteers. Chip in from £2.")
_JOIN_US = re.compile(r"(^|[.!?]\s+)become a (paying )?(member|supporter|patron|subscriber)\b"
                      r"|\b(chip in|donate)( just| from| as little as)? [£$€]\s?\d", re.I)
_PLEASE_GIVE = re.compile(r"^\W*please (donate|give|consider (donating|giving|a (gift|donation)))\b", re.I)  # "Please donate to OpenLore. We are ..."
_TERMINAL = re.compile(r"[.!?…\"”’')\]]\s*$")
SENTENCE_END = re.compile(r"[.!?…]\W*$")  # ends a sentence, before any closing quote or bracket
BULLET = re.compile(r"^\s*([•·▪‣◦*–-]|\d{1,2}[.)]|\((?:[a-z]|[ivx]{1,4})\))\s+")  # a bulleted, numbered or lettered ("(b)", "(iv)") line, which may start in lower case

# the links of an e-mail newsletter's web copy, and a web page's call to its app
_MAIL_ITEM = (r"((view|read|open|see) (this |it |the |our )?(e-?mail |newsletter |message |issue )?(online|on the web|in (your|a|the) (web )?browser)|"
              r"having trouble (viewing|reading) this( e-?mail| newsletter| message)?|forward (this |it )?(e-?mail |newsletter )?to (a|your) (friend|colleague)s?|"
              r"unsubscribe( from this list)?|update (your )?(e-?mail |subscription )?(preferences|details)|manage (your )?(subscription|e-?mail preferences)|open in (the )?app)")
_MAIL_LINK = re.compile(rf"^\W*{_MAIL_ITEM}(\W+{_MAIL_ITEM})*\W*$", re.I)

# Words that belong to the furniture of a web site rather than to what its
# articles are about. Weighted: consent and commerce words count fully,
# the site's own voice ("click", "our website") half.
_FURNITURE = {
    w: 1.0
    for w in (
        "cookie cookies consent opt-out gdpr ccpa unsubscribe subscribe subscribing subscription subscriber "
        "newsletter newsletters advertising advertisers adverts analytics annum salary vacancy vacancies "
        "recruiter hiring login log-in sign-up signup widget copyright trademark sponsored sponsor "
        "advertisement advertisements promoted"
    ).split()
}
_FURNITURE.update(
    {
        w: 0.5
        for w in (
            "website websites browser click toggle preferences settings privacy personalise personalize "
            "personalised personalized tracking third-party partners apps app edition download"
        ).split()
    }
)


def capitalised_share(text: str) -> float:
    """The share of the words of ``text`` that open with a capital: most of a headline's or a job title's, few of a sentence's.

    >>> capitalised_share("This Is What I Got Back."), round(capitalised_share("Real clubs never ask you to pay."), 2)
    (1.0, 0.14)
    """
    words = re.findall(r"[^\W\d_]+", text)
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def flagged_runs(flags: list[bool]) -> list[tuple[int, int]]:
    """The (start, end) of each longest run of True in ``flags``.

    >>> flagged_runs([True, True, False, True])
    [(0, 2), (3, 4)]
    """
    runs, start = [], None
    for i, f in enumerate(flags + [False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            runs.append((start, i))
            start = None
    return runs


@dataclass
class _Block:
    start: int
    end: int
    text: str
    words: int
    prose: float = 0.0  # > 0 reads like prose, < 0 like furniture
    reason: str = ""
    label: str = ""


def same_paragraph(text: str, end: int, start: int) -> bool:
    """Whether the text between two blocks (from ``end`` to ``start``) has no blank line: two lines of one paragraph.

    >>> same_paragraph("Ann\\nBen\\n \\nCal", 3, 4), same_paragraph("Ann\\nBen\\n \\nCal", 7, 10)
    (True, False)
    """
    return not _BLANK_LINES.search(text, end, start)


def split_blocks(text: str) -> list[tuple[int, int]]:
    """Cut text into blocks: paragraphs, and the lines of list-like paragraphs.

    >>> split_blocks("Title\\n\\nOne line.\\nTwo line.\\n\\n  ")
    [(0, 5), (7, 16), (17, 26)]
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in list(_BLANK_LINES.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        _add_paragraph(text, pos, end, spans)
        if m:
            pos = m.end()
    return spans


def _add_paragraph(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    lines = []
    pos = start
    for line in text[start:end].split("\n"):
        add_trimmed(text, pos, pos + len(line), lines)  # a block is its visible text
        pos += len(line) + 1
    if not lines:
        return
    if len(lines) > 1 and _hard_wrapped(text, lines):
        out.append((lines[0][0], lines[-1][1]))
    else:
        out.extend(lines)


def add_trimmed(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    """Append ``(s, e)`` to ``out`` with white space trimmed from both ends, unless nothing is left."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """True when a paragraph's lines are one flow of prose wrapped at a width."""
    width = max(e - s for s, e in lines)
    wrapped = 0
    for (s, e), (s2, e2) in zip(lines, lines[1:]):
        next_word = text[s2:e2].split(None, 1)[0]
        # a wrapped line is one the next word would not have fitted on
        if e - s >= 40 and (e - s) + 1 + len(next_word) > width:
            wrapped += 1
    return wrapped >= 0.7 * (len(lines) - 1)


def _explains(t: str) -> bool:
    """Whether a numbered note ("[2] Wisp's view counters are rounded once ...") is the author's own
    sentences, not a reference: a bracketed number, then prose with a verb that is no citation."""
    m = re.match(r"^\s*\[\d+\]\s*", t)
    rest = t[m.end():] if m else ""
    return bool(m) and len(_WORD.findall(rest)) >= 10 and bool(_FINITE.search(rest)) and bool(SENTENCE_END.search(rest)) \
        and not _CITATION.match(rest) and not _PUBLISHED.search(rest)


def _furniture(words: list[str]) -> float:
    return sum(_FURNITURE.get(w.lower(), 0.0) for w in words)


def _detail_row(t: str) -> bool:
    """Three or more short items on one line, set apart by " · ", " | " or " • ".

    >>> _detail_row("Singer 66K (1911) · 201K (1949) · 222K (1956)"), _detail_row("Rain | then sun, and later a long spell of wind and cold.")
    (True, False)
    """
    items = ROW_SEPARATOR.split(t)
    return len(items) >= 3 and "\n" not in t and all(len(_WORD.findall(x)) <= 8 for x in items)


def _spaced_menu(t: str) -> bool:
    """Four or more short items set apart by wide gaps, as a scraper writes a menu bar, each a name of one
    to five words opening in a capital, and no figures (a table's row holds some).

    >>> _spaced_menu("Home    Our hospitals    Patients and visitors    Work for us"), _spaced_menu("Site   2019   2024   Change")
    (True, False)
    """
    items = re.split(r"\s{3,}|\t+", t.strip())
    return len(items) >= 4 and "\n" not in t.strip() and not re.search(r"\d", t) \
        and all(1 <= len(_WORD.findall(x)) <= 5 and x[:1].isupper() for x in items)


def _score(b: _Block) -> None:
    """Give a block its prose score and, if it is plainly furniture, a reason."""
    t = heading(b.text)
    words = _WORD.findall(t)
    b.words = len(words)
    short_label = b.words <= 12 and not _TERMINAL.search(t)
    shares = [w.lower() in _SOCIAL for w in words]
    # (is it?, prose score, reason): the first that holds decides; order matters
    rules = (
        (lambda: _IMAGE_FILE.search(t) and b.words < 15, -3, "image file name"),
        (lambda: _PORTRAIT.match(t) and b.words <= 8, -3, "image file name"),
        (lambda: _EDIT_LINK.match(t), -2, EDIT_LINK),
        (lambda: _HATNOTE.match(t) and b.words <= 60, -3, "note on pages of like name"),
        (lambda: _TAGLINE.match(t), -3, TAGLINE),
        (lambda: _PHOTO_CREDIT.search(t), -3, "photo caption or credit"),
        (lambda: _FIGURE.match(t) and b.words <= 60, -3, "figure or table caption"),
        (lambda: _PLAYER.match(t) and b.words <= 15, -2, "video or audio player"),
        (lambda: _PRICE_RANGE.search(t) and b.words <= 30, -3, "price or salary (advert or job listing)"),
        (lambda: _TEMPLATE.search(t), -3, "page template text"),
        (lambda: (_FOOTNOTE.match(t) and not _explains(t)) or _CITATION.match(t) or (b.words <= 80 and _CITATION_ORG.match(t) and _PUBLISHED.search(t)),
         -3, "reference or footnote"),
        (lambda: BACK_MATTER.match(t) and (b.words <= 8 or ":" in t[:40]), -3, "back matter (acknowledgements, funding, authors)"),
        (lambda: (_COPYRIGHT.match(t) and b.words <= 60) or ("©" in t and b.words <= 8), -3, "copyright notice"),
        (lambda: _LICENCE.search(t) and b.words <= 60, -3, "copyright notice"),
        (lambda: _BYLINE.search(t) and b.words <= 15 and not _FINITE.search(t), -2, BYLINE_OR_DATELINE),
        (lambda: _NAMES_ONLY.match(t) and b.words <= 15, -2, BYLINE_OR_DATELINE),
        (lambda: _CREDITS.match(t) and b.words <= 40 and not _FINITE.search(t), -2, BYLINE_OR_DATELINE),
        (lambda: _HISTORY.match(t) and b.words <= 40, -3, "page history"),
        (lambda: b.words <= 70 and _BIO.match(t) and _BIO_CUE.search(t) and not _SAYS.search(t), -3, "about the author"),
        (lambda: _CAPTION.match(t) and b.words <= 50, -3, "photo caption or credit"),
        (lambda: _PAYWALL.search(t) and b.words <= 40, -3, "promotion (paywall)"),
        (lambda: _PAGE_NUMBER.match(t), -3, "page number"),
        (lambda: _TOC.match(t) and b.words <= 6, -3, TOC),
        (lambda: _KEY_EVENTS.match(t), -3, KEY_EVENTS),
        (lambda: _DOT_LEADER.search(t) and b.words <= 15, -3, TOC_ENTRY),
        (lambda: _LINK_LIST.search(t) and not _TERMINAL.search(t), -3, "list of links"),
        (lambda: _TIMESTAMP.match(t) or (_EMBED.search(t) and b.words <= 25), -2, "timestamp or embedded post"),
        (lambda: _RATING.match(t), -2, "rating"),
        (lambda: _DISCLAIMER.search(t) and b.words <= 60, -3, "disclaimer"),
        (lambda: _AFFILIATION.match(t) and b.words <= 20, -3, "author's affiliation"),
        (lambda: _EMAIL.search(t) and b.words <= 40, -3, "contact details"),
        (lambda: _PROFILE.match(t) and b.words <= 8, -2, "forum member details"),
        (lambda: _POST_META.match(t) and b.words <= 8, -2, "post details or comment signature"),
        (lambda: _READ_MORE.match(t) and b.words <= 25, -3, "link to another page"),
        (lambda: _FILE_SIZE.search(t) and b.words <= 15, -2, "download link"),
        (lambda: _COUNTER.match(t), -2, "site button"),
        # a share bar: its last label may close a bracket ("X (Twitter)")
        (lambda: _BREADCRUMB.match(t) and b.words <= 25, -2, "site navigation or share buttons"),
        (lambda: _detail_row(t), -2, "row of details or links"),
        (lambda: (short_label or (b.words <= 6 and not SENTENCE_END.search(t))) and (sum(shares) >= 2
                                  or (any(shares) and all(w.lower() in _SHARE_WORDS for w in words))), -2, "site navigation or share buttons"),
        (lambda: b.words <= 5 and not _TERMINAL.search(t) and _BUTTON.match(t), -2, "site button"),
        (lambda: b.words <= 10 and _MAIL_LINK.match(t), -2, "site button"),
        (lambda: (b.words <= 15 and _PLEA.search(t)) or (b.words <= 60 and _PLEASE_GIVE.match(t)) or (b.words <= 30 and _JOIN_US.search(t)),
         -3, "promotion (a plea for money)"),
        (lambda: b.words <= 50 and (_PROMO.search(t) or (_CTA_SENTENCE.search(t) and _OFFER.search(t))), -3, "promotion (newsletter, app, offer)"),
        (lambda: b.words <= 80 and _SPONSOR_LINE.match(t), -3, "sponsored content"),
        (lambda: b.words <= 6 and (_PRICE.search(t) or (b.words <= 5 and short_label and _SHOP.match(t))), -3, "shop link or price"),
        (lambda: short_label and b.words >= 5 and all(w[0].isupper() for w in words) and not re.search(r"[,.:;!?()]", t)
         and sum(w.lower() in _FUNCTION_WORDS for w in words) < 2, -2, "site navigation menu"),
        (lambda: _spaced_menu(t), -2, "site navigation menu"),
    )
    for holds, prose, reason in rules:
        if holds():
            b.prose, b.reason = prose, reason
            return
    furn = _furniture(words)
    if furn >= 2 and furn >= 0.04 * b.words:
        b.prose, b.reason = -3, SITE_NOTICE
        return
    if b.words and furn >= 1 and b.words <= 6:
        b.prose, b.reason = -2, "site navigation or button"
        return
    if _TEASER.search(t):
        b.prose, b.reason = -2, "truncated teaser link"
        return
    first = t.lstrip("•·-*–—\"“‘'( \t")[:1]
    if first.islower() and not BULLET.match(t):  # a caption cut mid-sentence has no bullet
        b.prose, b.reason = -2, FRAGMENT
        return
    terminal = bool(_TERMINAL.search(t))
    if b.words >= 12 and terminal:
        b.prose = 2 + min(b.words, 60) / 30
    elif b.words >= 20:
        b.prose = 1
    elif terminal and b.words >= 6:
        b.prose = 0.5
    else:
        b.prose = 0  # short: a heading, a label or a link; decided by context


def _heading_like(b: _Block) -> bool:
    return b.words <= 8 and not _TERMINAL.search(b.text)


def _mark_repeats(blocks: list[_Block], paged: bool = False) -> None:
    """Text that occurs twice in one document is a caption or banner, not prose (in a PDF, ``paged``,
    a running header or footer, though it may look like a heading).

    A block counts as repeated when another block equals it or one starts with
    the other (20 characters or more, and at least half the longer one). Sorted, a key's prefixes sit on a stack
    of the keys before it, so this is n log n, not a comparison of every pair.
    """
    # a contents entry, already known, names the heading it points to: it is no second copy of it
    keys = [" ".join(b.text.split()).lower() if b.reason != TOC_ENTRY else "" for b in blocks]
    if paged:  # "188 THE LENDING CITY" and "190 THE LENDING CITY" are one running header
        keys = [re.sub(r"\d+", "#", k) for k in keys]
    stack: list[int] = []  # keys that are prefixes of the one looked at, shortest first
    repeated: set[int] = set()
    for i in sorted((i for i, k in enumerate(keys) if len(k) >= 20), key=keys.__getitem__):
        while stack and not keys[i].startswith(keys[stack[-1]]):
            stack.pop()
        if stack and 2 * len(keys[stack[-1]]) >= len(keys[i]):  # a title that merely opens a paragraph is no repeat
            repeated.update((i, stack[-1]))
        stack.append(i)
    # a short line in capitals seen three times is a running header ("SMITH ET AL.")
    caps = [len(k) < 20 and b.text.isupper() for k, b in zip(keys, blocks)]
    seen = Counter(k for k, c in zip(keys, caps) if c)
    repeated.update(i for i, (k, c) in enumerate(zip(keys, caps)) if c and seen[k] >= (2 if paged else 3))
    # a heading seen twice is a contents entry or a sidebar link and then the heading itself (or the
    # other way round): only the first copy is marked; where the second sits decides what it is
    twice = Counter(keys[i] for i in repeated)
    first = {}
    for i, k in enumerate(keys):
        first.setdefault(k, i)
    if not paged:
        repeated -= {i for i in repeated if twice[keys[i]] == 2 and first[keys[i]] != i and _heading_like(blocks[i])}
    for i in repeated:
        if blocks[i].prose >= 0:  # furniture already known keeps its own reason
            blocks[i].prose, blocks[i].reason = -3, "repeated text (caption or banner)"
