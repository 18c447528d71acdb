"""Every kind of bad input yields the right error class, naming the input and the reason;
the batch goes on."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from allywatch.config import Settings
from allywatch.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    FetchError,
    InputError,
    MalformedInputError,
    MissingInputError,
    OversizedInputError,
)
from allywatch.ingest import read_inputs
from allywatch.types import Document

GOOD = "A good article about a patron that sent no help to its ally in 2025. It is long enough."

CASES: list[tuple[str, bytes, type[InputError], str]] = [
    ("empty.txt", b"", EmptyInputError, "empty"),
    ("blank.txt", b"  \n\n \t\n", EmptyInputError, "empty"),
    ("nul.txt", b"text with a \x00 NUL byte inside", BinaryInputError, "binary"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInputError, "binary"),
    ("archive.txt", gzip.compress(b"hello"), BinaryInputError, "binary"),
    ("latin.txt", b"\xff\xfe\xfa" * 3 + b"\x81\x8d\x8f\x90\x9d" * 50, EncodingError, "encod"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", MalformedInputError, "PDF"),
    ("notpdf.pdf", b"just some text pretending", MalformedInputError, "PDF"),
    ("broken.rss", b"<rss><channel><item><title>x</titl", MalformedInputError, "feed"),
    ("nothing.html", b"<html><body><div></div></body></html>", MalformedInputError, "HTML"),
    ("plain.html", b"no markup at all in this html file", MalformedInputError, "markup"),
    ("bad.jsonl", b'this is not json\n{"text": "x"}\n', MalformedInputError, "JSON"),
    ("bad.csv", b"title,headline\nA,B\n", MalformedInputError, "text column"),
    ("header_only.csv", b"text,title\n", MalformedInputError, "no rows"),
]


@pytest.mark.parametrize(("name", "data", "error", "reason"), CASES)
def test_bad_file_gives_named_error(
    tmp_path: Path, name: str, data: bytes, error: type[InputError], reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    results = list(read_inputs([str(path), str(good)]))
    assert len(results) == 2
    bad, ok = results
    assert type(bad) is error, bad
    assert str(path) in str(bad) and reason.lower() in str(bad).lower()
    assert isinstance(ok, Document)


def test_missing_file_and_unmatched_glob(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    pattern = str(tmp_path / "*.nothing")
    a, b = read_inputs([missing, pattern])
    assert isinstance(a, MissingInputError) and missing in str(a) and "no such file" in str(a)
    assert isinstance(b, MissingInputError) and "no file matches" in str(b)


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(GOOD * 10, encoding="utf-8")
    [err] = read_inputs([str(path)], settings=Settings(max_input_bytes=100))
    assert isinstance(err, OversizedInputError)
    assert str(path) in str(err) and "over the limit of 100" in str(err)


def test_bad_records_in_a_corpus_do_not_stop_the_others(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(
        f'{{"text": "{GOOD}"}}\n{{broken\n[1, 2]\n{{"title": "no text"}}\n'
        f'{{"text": "{GOOD} Two."}}\n',
        encoding="utf-8",
    )
    results = list(read_inputs([str(path)]))
    kinds = [type(r).__name__ for r in results]
    assert kinds == [
        "Document",
        "MalformedInputError",
        "MalformedInputError",
        "EmptyInputError",
        "Document",
    ]
    assert f"{path}:2" in str(results[1])


def test_unreachable_url_and_http_errors(loopback: tuple[str, dict]) -> None:
    base, routes = loopback
    routes["/gone"] = (500, "text/plain", b"boom")
    closed = "http://127.0.0.1:9/nothing-listens-here"
    missing, failing, refused = read_inputs(
        [f"{base}/missing", f"{base}/gone", closed], settings=Settings(fetch_timeout=2)
    )
    assert isinstance(missing, FetchError) and "HTTP 404" in str(missing)
    assert isinstance(failing, FetchError) and "HTTP 500" in str(failing)
    assert (
        isinstance(refused, FetchError) and closed in str(refused) and "unreachable" in str(refused)
    )


def test_oversized_download(loopback: tuple[str, dict]) -> None:
    base, routes = loopback
    routes["/big"] = (200, "text/plain", b"x " * 500)
    [err] = read_inputs([f"{base}/big"], settings=Settings(max_input_bytes=100))
    assert isinstance(err, OversizedInputError) and f"{base}/big" in str(err)


def test_text_left_empty_after_cleaning(tmp_path: Path) -> None:
    path = tmp_path / "links.txt"
    path.write_text("https://example.com/a\nhttps://example.com/b\n", encoding="utf-8")
    [err] = read_inputs([str(path)])
    assert isinstance(err, EmptyInputError) and "after cleaning" in str(err)
