"""User-interface text of the admin pages, Swedish and English (merged by ``web.i18n``)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {"sv": {}, "en": {}}
