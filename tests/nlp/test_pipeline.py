"""The NLP stage: pipeline factory, paragraph-aware sentences, offsets, nlp.pipe."""

from __future__ import annotations

import pytest

from allywatch.nlp import (
    ACTOR_MATCHES_KEY,
    doc_text,
    load_pipeline,
    paragraph_spans,
    parse,
    prepare_doc,
)
from allywatch.types import Span
from tests.nlp.conftest import make_document

pytestmark = pytest.mark.slow


def test_pipeline_is_cached_per_catalog(nlp, catalog) -> None:  # type: ignore[no-untyped-def]
    assert load_pipeline(catalog) is nlp
    assert "actor_ruler" in nlp.pipe_names
    assert nlp.pipe_names.index("allywatch_paragraphs") < nlp.pipe_names.index("parser")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One.\n\nTwo.", [Span(0, 4), Span(6, 10)]),
        ("A line\nanother line\n\n  Next block.\n", [Span(0, 19), Span(23, 34)]),
        ("Headline\nFirst paragraph.\nSecond paragraph.", [Span(0, 8), Span(9, 25), Span(26, 43)]),
        ("", []),
    ],
)
def test_paragraph_spans(text: str, expected: list[Span]) -> None:
    assert list(paragraph_spans(text)) == expected


def test_given_paragraphs_win() -> None:
    given = (Span(0, 3), Span(4, 7))
    assert paragraph_spans("abc def", given) == given


@pytest.mark.parametrize(
    "text",
    [
        # A heading without a full stop must not run into the next paragraph.
        "Limits of military ties\nThe two countries have deepened military cooperation.",
        "Russia warned Iran\n\nTehran has supplied Russia with drones.",
        "He said the talks\nwere over\n\nand then the minister left the room.",
    ],
)
def test_sentences_never_cross_paragraphs(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    document = make_document(text)
    ((_, sdoc),) = list(parse(nlp, [document]))
    paragraphs = paragraph_spans(text)
    for sent in sdoc.sents:
        chars = sent.text.strip()
        if not chars:
            continue
        start = sent.start_char + sent.text.index(chars[0])
        end = start + len(chars)
        assert any(p.start <= start and end <= p.end for p in paragraphs), sent.text


def test_hard_line_breaks_inside_a_paragraph_keep_one_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Absent any troop or arms shipments to Tehran, analyst Dara\nMassicot said, it is "
        "over.\n\nNext."
    )
    ((document, sdoc),) = list(parse(nlp, [make_document(text)]))
    assert len(sdoc.text) == len(document.text)
    first = next(iter(sdoc.sents))
    assert "Massicot" in first.text
    persons = [e for e in sdoc.ents if e.label_ == "PERSON"]
    assert any(document.text[e.start_char : e.end_char] == "Dara\nMassicot" for e in persons)


def test_doc_text_is_the_parsed_text_kept_once(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Moscow said\non Monday that it would not help.\n\nThe Kremlin agreed."
    ((_document, sdoc),) = list(parse(nlp, [make_document(text)]))
    assert doc_text(sdoc) == sdoc.text  # line breaks inside the paragraph read as spaces
    assert doc_text(sdoc) is doc_text(sdoc)
    plain = nlp.make_doc("A Doc made without prepare_doc.")
    assert doc_text(plain) == plain.text == "A Doc made without prepare_doc."


def test_offsets_point_into_document_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Moscow said\non Monday that Iran’s Supreme Leader spoke.\n\nThe Kremlin agreed."
    ((document, sdoc),) = list(parse(nlp, [make_document(text)]))
    for ent in sdoc.ents:
        assert " ".join(document.text[ent.start_char : ent.end_char].split()) == " ".join(
            ent.text.split()
        )


def test_catalog_beats_statistical_ner(nlp) -> None:  # type: ignore[no-untyped-def]
    sdoc = prepare_doc(nlp, make_document("Rosatom signed a memorandum with Tehran."))
    sdoc = nlp(sdoc)
    labels = {e.text: (e.label_, e.kb_id_) for e in sdoc.ents}
    assert labels["Rosatom"] == ("ORG", "ROSATOM")
    assert [s.id_ for s in sdoc.spans[ACTOR_MATCHES_KEY]] == ["ROSATOM", "IRN"]


def test_parse_keeps_order_and_pairs(nlp) -> None:  # type: ignore[no-untyped-def]
    docs = [make_document(f"Russia supplied Iran with {n} drones.") for n in range(5)]
    out = list(parse(nlp, docs, batch_size=2))
    assert [d.id for d, _ in out] == [d.id for d in docs]
    assert all(s.text.replace("\n", " ") == d.text.replace("\n", " ") for d, s in out)


def test_parse_two_processes(nlp) -> None:  # type: ignore[no-untyped-def]
    docs = [make_document(f"Moscow said on day {n} that Iran was an ally.") for n in range(4)]
    out = list(parse(nlp, docs, n_process=2, batch_size=2))
    assert [d.id for d, _ in out] == [d.id for d in docs]
    assert all(s.spans[ACTOR_MATCHES_KEY] for _, s in out)


def test_oversized_document_is_a_clear_error(nlp) -> None:  # type: ignore[no-untyped-def]
    from allywatch.errors import OversizedInputError

    document = make_document("Russia. " * (nlp.max_length // 8 + 1))
    with pytest.raises(OversizedInputError, match=r"test: .* characters; the NLP stage"):
        prepare_doc(nlp, document)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("SEOUL — North Korea fired two missiles.", "North Korea fired two missiles."),
        ("KYIV, Ukraine (AP) — Russia launched drones.", "Russia launched drones."),
        ("MOSCOW, March 3 (Reuters) - The Kremlin said no.", "The Kremlin said no."),
        ("UNITED NATIONS — The council met.", "The council met."),
        ("Moscow watched — and did nothing.", None),  # no dateline: one sentence
        ("NATO allies met — again.", None),
    ],
)
def test_dateline_is_not_part_of_the_first_sentence(nlp, text: str, first: str | None) -> None:  # type: ignore[no-untyped-def]
    ((_, sdoc),) = list(parse(nlp, [make_document(text)]))
    sents = [s.text.strip() for s in sdoc.sents]
    if first is None:
        assert sents == [text]
    else:
        assert sents[-1] == first and len(sents) == 2
