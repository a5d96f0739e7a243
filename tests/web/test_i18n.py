"""The text catalogues: complete in both languages, one owner per key."""

from __future__ import annotations

import string

import pytest

from kraftsamling.web.i18n import LANGUAGES, all_messages, catalogues

FIELDS = string.Formatter()


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in FIELDS.parse(text) if field}


@pytest.mark.parametrize("module", list(catalogues()))
def test_each_catalogue_has_the_same_keys_and_placeholders_in_both_languages(module: str) -> None:
    catalogue = catalogues()[module]
    assert set(catalogue) == set(LANGUAGES)
    assert catalogue["sv"].keys() == catalogue["en"].keys()
    for key, text in catalogue["sv"].items():
        assert _placeholders(text) == _placeholders(catalogue["en"][key]), key


def test_no_two_catalogues_define_the_same_key() -> None:
    seen: dict[str, str] = {}
    for module, catalogue in catalogues().items():
        for key in catalogue["sv"]:
            assert key not in seen, f"{key} is defined in {seen.get(key)} and {module}"
            seen[key] = module
    assert len(all_messages()["sv"]) == len(seen)
