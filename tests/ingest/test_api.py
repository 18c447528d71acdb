"""The ingest package's public names exist, and reading+cleaning stays cheap."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

MODULES = [
    "allywatch.ingest",
    "allywatch.ingest.clean",
    "allywatch.ingest.dedup",
    "allywatch.ingest.metadata",
    "allywatch.ingest.readers",
    "allywatch.ingest.registry",
    "allywatch.ingest.sources",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    for attr in module.__all__:
        assert hasattr(module, attr), f"{name}.__all__ lists missing {attr}"


def test_ingest_does_not_load_spacy(tmp_path: Path) -> None:
    # In a fresh interpreter: other tests in this session may have imported spaCy already.
    path = tmp_path / "a.txt"
    path.write_text("A short article about an ally-\nship that was not delivered in 2025.", "utf-8")
    code = (
        "import sys; from allywatch.ingest import read_inputs; "
        f"docs = list(read_inputs([{str(path)!r}])); "
        "assert len(docs) == 1 and docs[0].text, docs; "
        "print('spacy' in sys.modules)"
    )
    src = Path(__file__).resolve().parents[2] / "src"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(src)}, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_read_and_clean_text_articles_fast(tmp_path: Path) -> None:
    from allywatch.ingest import read_inputs

    source = Path(__file__).resolve().parents[2] / "examples" / "syria_assad_falls.txt"
    text = source.read_text("utf-8")
    for i in range(100):
        (tmp_path / f"a{i}.txt").write_text(text + f"\n\nVariant {i}.", "utf-8")
    list(read_inputs([str(tmp_path / "a0.txt")]))  # warm caches (rules, word list)
    start = time.process_time()  # CPU time: wall time on a shared machine is noise
    docs = list(read_inputs([str(tmp_path)]))
    rate = len(docs) / (time.process_time() - start)
    print(f"\nread+clean: {rate:.0f} text documents/s")
    assert len(docs) == 100
    # About 430/s of CPU time here; the floor leaves room for slower CI machines
    # while still catching an order-of-magnitude regression (e.g. loading spaCy here).
    assert rate >= 150
