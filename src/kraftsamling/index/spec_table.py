"""A reader for one TOML table of an index spec, with typed getters.

Every getter raises :class:`~kraftsamling.core.errors.SpecError` naming the table and
the key, what was expected and what was given, so a typo in a spec is reported before
any data is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kraftsamling.core.errors import SpecError


class SpecTable:
    """A TOML table plus its name, with typed getters that raise SpecError naming both."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        unknown = [k for k in self.data if k not in allowed]
        if unknown:
            raise SpecError(
                f"{self.where}: unknown key {unknown[0]!r}; allowed keys are "
                f"{', '.join(repr(a) for a in allowed)}."
            )

    def fail(self, key: str, expected: str, value: Any) -> SpecError:
        return SpecError(f"{self.where}: {key} must be {expected}; got {value!r}.")

    def table(self, key: str, required: bool = False) -> SpecTable:
        value = self.data.get(key)
        if value is None:
            if required:
                raise SpecError(f"{self.where}: the [{key}] table is required but missing.")
            return SpecTable({}, f"[{key}]")
        if not isinstance(value, Mapping):
            raise self.fail(key, "a table", value)
        return SpecTable(value, f"[{key}]")

    def table_list(self, key: str, where: str) -> list[SpecTable]:
        value = self.data.get(key, [])
        if isinstance(value, Mapping):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.fail(key, f"an array of tables ({where})", value)
        return [SpecTable(v, f"{where} #{n + 1}") for n, v in enumerate(value)]

    def string(self, key: str, default: str = "", required: bool = False) -> str:
        if key not in self.data:
            if required:
                raise SpecError(f"{self.where}: key {key!r} is required but missing.")
            return default
        value = self.data[key]
        if not isinstance(value, str):
            raise self.fail(key, "a string", value)
        if required and not value:
            raise self.fail(key, "a non-empty string", value)
        return value

    def optional_string(self, key: str) -> str | None:
        value = self.string(key)
        return value or None

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.data.get(key, default)
        if value not in allowed:
            raise SpecError(
                f"{self.where}: {key} must be one of "
                f"{', '.join(repr(a) for a in allowed)}; got {value!r}."
            )
        return str(value)

    def number(self, key: str, default: float, *, low: float | None = None,
               high: float | None = None) -> float:  # fmt: skip
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, "a number", value)
        if value != value:
            raise self.fail(key, "a number (not NaN)", value)
        if low is not None and value < low:
            raise self.fail(key, f">= {low:g}", value)
        if high is not None and value > high:
            raise self.fail(key, f"<= {high:g}", value)
        return float(value)

    def integer(self, key: str, default: int, *, low: int | None = None) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "an integer", value)
        if low is not None and value < low:
            raise self.fail(key, f"an integer >= {low}", value)
        return int(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false", value)
        return value

    def numbers(self, key: str) -> tuple[float, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or any(
            isinstance(v, bool) or not isinstance(v, int | float) for v in value
        ):
            raise self.fail(key, "an array of numbers", value)
        return tuple(float(v) for v in value)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or any(not isinstance(v, str) for v in value):
            raise self.fail(key, "an array of strings", value)
        return tuple(value)
