"""The product's promise: every piece we cut or quote is the source text at its offsets."""

from hypothesis import given, settings
from hypothesis import strategies as st

from index.chunk import chunk, split_sentences
from index.clean import clean, split_blocks

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(list("\n\n .!?\t\u00a0é—“”")),
    max_size=600,
)
prose = st.lists(
    st.sampled_from(["Cats sleep a lot.", "Why?", "Dr. Smith said so.", "\n\n", "\n", " ", "1. item", "£10 - £20 per annum", "x.png", "…"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(texts, prose))
def test_blocks_sentences_and_passages_are_slices(text):
    for s, e in split_blocks(text):
        assert 0 <= s < e <= len(text)
        assert text[s:e].strip() == text[s:e]
    spans = clean(text)
    for sp in spans:
        assert 0 <= sp.start < sp.end <= len(text)
    passages, sentences = chunk(text, spans, max_chars=120)
    for s, e in sentences:
        assert 0 <= s < e <= len(text) and text[s:e].strip()
    kept = [(sp.start, sp.end) for sp in spans if sp.label != "boilerplate"]
    for s, e in sentences:  # every sentence lies inside one kept block
        assert any(a <= s and e <= b for a, b in kept)
    for p in passages:
        assert 0 <= p.start < p.end <= len(text)
        assert sentences[p.first_sentence][0] == p.start and sentences[p.last_sentence - 1][1] == p.end
        # a passage never reaches into boilerplate
        for sp in spans:
            if sp.label == "boilerplate":
                assert sp.end <= p.start or sp.start >= p.end


@settings(max_examples=200, deadline=None)
@given(st.one_of(texts, prose))
def test_sentences_cover_all_visible_text(text):
    got = "".join(text[s:e] for s, e in split_sentences(text))
    assert "".join(got.split()) == "".join(text.split())


def test_very_long_line_is_split_without_losing_text():
    text = "word " * 3000 + "end."
    spans = split_sentences(text)
    assert "".join("".join(text[s:e].split()) for s, e in spans) == "".join(text.split())


def test_a_cut_before_a_lower_case_word_on_the_same_line_is_undone():
    text = "The rate was fixed at 4s. 2d. per thousand, about halfway. Work resumed.\nand a new line starts here."
    got = [text[s:e] for s, e in split_sentences(text)]
    assert not any(g[0].islower() for g in got[:-1])  # the line break keeps its own cut
    assert any("2d. per thousand" in g for g in got)
    assert got[-1] == "and a new line starts here."
