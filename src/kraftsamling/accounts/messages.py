"""User-interface text of the accounts pages added after the first release, Swedish and English.

The older accounts strings are still in ``kraftsamling.web.i18n``; both are merged there.
"""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {"sv": {}, "en": {}}
