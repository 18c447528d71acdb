"""The public API is what ``__all__`` says, and every listed name exists."""

import importlib

import pytest

import allywatch

MODULES = ["allywatch", "allywatch.types", "allywatch.errors", "allywatch.config"]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    for attr in module.__all__:
        assert hasattr(module, attr), f"{name}.__all__ lists missing {attr}"


def test_version_matches_package_metadata() -> None:
    assert allywatch.__version__ == "0.1.0"


def test_errors_carry_input_and_reason() -> None:
    from allywatch.errors import EmptyInputError, InputError

    err = EmptyInputError("a.txt", "file is empty")
    assert isinstance(err, InputError)
    assert str(err) == "a.txt: file is empty"
    assert err.status == 422


def test_python_m_allywatch_help() -> None:
    from tests.conftest import run_cli

    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    assert "allywatch" in result.stdout
