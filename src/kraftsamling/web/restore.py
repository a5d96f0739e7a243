"""What was typed into a form survives the end of its session.

A form posted after its session ended (idle, too old, revoked) used to meet a bare refusal of
its CSRF token, and what was typed was lost. Now :func:`kraftsamling.web.deps.verify_csrf`
recognises a form that came from a page of the ended session (its CSRF token is that
session's, so it was no forgery), keeps its fields here under a random id and sends the
browser to ``/login?next=<the form's page>&restore=<id>&expired=1``. After the log-in, the form's
page is shown with ``?restore=<id>``, and :func:`restore_page` fills that page's form in again
from what was kept, with a notice saying so.

Never kept: passwords, tokens and the form's own hidden fields (CSRF and once tokens, versions),
which the page renders afresh. Drafts are kept in the server's memory for
``DRAFT_LIFETIME``, belong to the user of the ended session (no one else gets them back) and
are lost on a restart or in another worker process; a lost draft only means the form comes
back empty, with a notice that it could not be filled in.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request

from kraftsamling.accounts.secrets import new_token
from kraftsamling.web.i18n import translate

DRAFT_LIFETIME = dt.timedelta(minutes=30)
MAX_DRAFTS = 1000
MAX_DRAFT_CHARS = 200_000
# A restore id as new_token() makes them; anything else in ?restore= is ignored.
RESTORE_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Field names whose values are secrets or the form's own machinery, never kept.
_NEVER = re.compile(r"password|token|secret|^once$|^confirm$|^version$", re.I)


@dataclass(frozen=True)
class Draft:
    user_id: int
    action: str  # the path the form posted to
    fields: tuple[tuple[str, str], ...]
    at: dt.datetime


class DraftStore:
    """Drafts by id, oldest dropped first, each for ``DRAFT_LIFETIME``; safe across threads."""

    def __init__(self, clock: Callable[[], dt.datetime]) -> None:
        self._clock = clock
        self._drafts: OrderedDict[str, Draft] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, *, user_id: int, action: str, fields: Sequence[tuple[str, str]]) -> str:
        draft_id = new_token(24)
        draft = Draft(user_id, action, tuple(fields), self._clock())
        with self._lock:
            self._drafts[draft_id] = draft
            while len(self._drafts) > MAX_DRAFTS:
                self._drafts.popitem(last=False)
        return draft_id

    def get(self, draft_id: str, *, user_id: int) -> Draft | None:
        """The draft, if it is still fresh and belongs to ``user_id``."""
        with self._lock:
            draft = self._drafts.get(draft_id)
        if draft is None or draft.user_id != user_id:
            return None
        if self._clock() - draft.at > DRAFT_LIFETIME:
            with self._lock:
                self._drafts.pop(draft_id, None)
            return None
        return draft


def draft_store(request: Request) -> DraftStore:
    """The application's store, made on first use."""
    state = request.app.state
    store: DraftStore | None = getattr(state, "draft_store", None)
    if store is None:
        store = state.draft_store = DraftStore(state.config.clock)
    return store


def keepable_fields(form: FormData) -> list[tuple[str, str]]:
    """The typed fields of ``form`` worth keeping: text only, no secrets, within the size cap."""
    fields = [(k, v) for k, v in form.multi_items() if isinstance(v, str) and not _NEVER.search(k)]
    if sum(len(k) + len(v) for k, v in fields) > MAX_DRAFT_CHARS:
        return []
    return fields


def form_page(request: Request) -> str:
    """The local page the form was on (its same-origin Referer), else the start page."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc or not referer.path.startswith("/"):
        return "/"
    pairs = parse_qsl(referer.query, keep_blank_values=True)
    query = [(k, v) for k, v in pairs if k not in ("restore", "lang")]
    return referer.path + ("?" + urlencode(query) if query else "")


def with_restore(target: str, restore: str) -> str:
    """``target`` (a local path) with ``restore=<id>`` added to its query string."""
    if not RESTORE_ID.fullmatch(restore):
        return target
    base, _, fragment = target.partition("#")
    joined = base + ("&" if "?" in base else "?") + urlencode({"restore": restore})
    return joined + (f"#{fragment}" if fragment else "")


# ------------------------------------------------------------------ filling a form in again

_ATTR = re.compile(r'([^\s=/>"]+)(="[^"]*")?')
_FORM = re.compile(r"<form\b([^>]*)>", re.I)
_FIELD = re.compile(
    r"(?P<input><input\b[^>]*>)"
    r"|(?P<ta_open><textarea\b[^>]*>)(?P<ta_body>.*?)(?P<ta_close></textarea>)"
    r"|(?P<sel_open><select\b[^>]*>)(?P<sel_body>.*?)(?P<sel_close></select>)",
    re.S | re.I,
)
_OPTION = re.compile(r"<option\b[^>]*>", re.I)
_UNCHANGED = frozenset({"hidden", "submit", "button", "reset", "image", "file", "password"})


def _attrs(tag: str) -> list[tuple[str, str]]:
    inner = tag[tag.index(" ") : -1] if " " in tag else ""
    return [(m.group(1), m.group(2) or "") for m in _ATTR.finditer(inner)]


def _value(attrs: list[tuple[str, str]], name: str) -> str | None:
    for key, raw in attrs:
        if key.lower() == name:
            return htmllib.unescape(raw[2:-1]) if raw else ""
    return None


def _tag(element: str, attrs: list[tuple[str, str]]) -> str:
    return f"<{element}" + "".join(f" {k}{raw}" for k, raw in attrs) + ">"


def _with(attrs: list[tuple[str, str]], name: str, value: str | None) -> list[tuple[str, str]]:
    """``attrs`` with ``name`` set to ``value`` (``""``: a bare flag; ``None``: removed)."""
    kept = [(k, raw) for k, raw in attrs if k.lower() != name]
    if value is None:
        return kept
    return [*kept, (name, f'="{htmllib.escape(value)}"' if value else "")]


class _Filler:
    def __init__(self, fields: Sequence[tuple[str, str]]) -> None:
        self.values: dict[str, list[str]] = {}
        for key, value in fields:
            self.values.setdefault(key, []).append(value)
        self.used: dict[str, int] = {}

    def _next(self, name: str) -> str | None:
        taken = self.used.get(name, 0)
        values = self.values.get(name, [])
        if taken >= len(values):
            return None
        self.used[name] = taken + 1
        return values[taken]

    def __call__(self, match: re.Match[str]) -> str:
        if match.group("input"):
            return self._input(match.group("input"))
        if match.group("ta_open"):
            name = _value(_attrs(match.group("ta_open")), "name") or ""
            value = self._next(name)
            if value is None:
                return match.group(0)
            return match.group("ta_open") + htmllib.escape(value) + match.group("ta_close")
        name = _value(_attrs(match.group("sel_open")), "name") or ""
        if name not in self.values:
            return match.group(0)
        chosen = set(self.values[name])

        def option(m: re.Match[str]) -> str:
            attrs = _attrs(m.group(0))
            on = _value(attrs, "value") in chosen
            return _tag("option", _with(attrs, "selected", "" if on else None))

        body = _OPTION.sub(option, match.group("sel_body"))
        return match.group("sel_open") + body + match.group("sel_close")

    def _input(self, tag: str) -> str:
        attrs = _attrs(tag)
        kind = (_value(attrs, "type") or "text").lower()
        name = _value(attrs, "name") or ""
        if kind in _UNCHANGED or not name or _NEVER.search(name):
            return tag
        if kind in ("checkbox", "radio"):
            if kind == "radio" and name not in self.values:
                return tag  # nothing was chosen: the page's default stands
            on = _value(attrs, "value") in self.values.get(name, [])
            return _tag("input", _with(attrs, "checked", "" if on else None))
        value = self._next(name)
        return tag if value is None else _tag("input", _with(attrs, "value", value or None))


def fill_form(page: str, action: str, fields: Sequence[tuple[str, str]], notice: str) -> str | None:
    """``page`` with its form that posts to ``action`` filled in from ``fields``, ``notice``
    placed before it; ``None`` when the page has no such form.

    >>> page = '<form method="post" action="/x"><textarea name="b"></textarea></form>'
    >>> fill_form(page, "/x", [("b", "<i>")], "<p>n</p>")
    '<p>n</p><form method="post" action="/x"><textarea name="b">&lt;i&gt;</textarea></form>'
    """
    for match in _FORM.finditer(page):
        attrs = _attrs(match.group(0))
        if (_value(attrs, "method") or "").lower() != "post" or _value(attrs, "action") != action:
            continue
        end = page.find("</form>", match.end())
        if end < 0:
            return None
        body = _FIELD.sub(_Filler(fields), page[match.end() : end])
        return page[: match.start()] + notice + match.group(0) + body + page[end:]
    return None


def _notice(lang: str, key: str, fields: Sequence[tuple[str, str]] = ()) -> str:
    text = htmllib.escape(translate(lang, key))
    listed = "".join(
        f"<dt>{htmllib.escape(k)}</dt><dd>{htmllib.escape(v)}</dd>" for k, v in fields if v
    )
    details = f"<dl>{listed}</dl>" if listed else ""
    return f'<div class="notice" role="status" id="restored"><p>{text}</p>{details}</div>'


def restore_page(request: Request, page: str, lang: str) -> str:
    """``page`` with the draft named by ``?restore=`` filled in, for its owner; else unchanged.

    When the page has no form posting where the draft was sent, what was typed is listed in a
    notice at the top of the page instead, so it can still be copied.
    """
    draft_id = request.query_params.get("restore", "")
    user = getattr(request.state, "user", None)
    if request.method != "GET" or user is None or not RESTORE_ID.fullmatch(draft_id):
        return page
    draft = draft_store(request).get(draft_id, user_id=user.id)
    if draft is None:
        notice = _notice(lang, "accounts.restore.lost")
        filled = None
    else:
        notice = _notice(lang, "accounts.restore.filled")
        filled = fill_form(page, draft.action, draft.fields, notice)
        if filled is None:
            notice = _notice(lang, "accounts.restore.listed", draft.fields)
    if filled is not None:
        return filled
    start = page.find('<main id="main" tabindex="-1">')
    if start < 0:
        return page
    cut = start + len('<main id="main" tabindex="-1">')
    return page[:cut] + notice + page[cut:]


def keep_draft(request: Request, form: FormData, *, user_id: int) -> str | None:
    """Keep ``form``'s typed fields for ``user_id``; the draft's id (``None``: nothing kept)."""
    fields = keepable_fields(form)
    if not fields:
        return None
    return draft_store(request).keep(user_id=user_id, action=request.url.path, fields=fields)
