"""Granted call-offs as open data in the 360Giving Data Standard's field names.

The standard (https://standard.threesixtygiving.org/) names a grant's fields ``id``, ``title``,
``description``, ``currency``, ``amountAwarded``, ``amountDisbursed``, ``awardDate``,
``recipientOrganization``, ``fundingOrganization``, ``beneficiaryLocation`` and
``grantProgramme``; amounts are in the currency's units (kronor, two decimals at most), and a
grant's id is the publisher's prefix and a local id. The CSV flattens the nested lists the way
the standard's own spreadsheet template does (``Recipient Org:Name``, ...). Internal
assessments are never part of it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from kraftsamling.funds.models import CallOff
from kraftsamling.funds.money import ORE_PER_KRONA

CSV_COLUMNS = (
    "Identifier", "Title", "Description", "Currency", "Amount Awarded", "Amount Disbursed",
    "Award Date", "Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier",
    "Funding Org:Name", "Beneficiary Location:Name", "Beneficiary Location:Geographic Code",
    "Grant Programme:Title",
)  # fmt: skip


def _kronor(ore: int) -> float | int:
    whole, rest = divmod(ore, ORE_PER_KRONA)
    return whole if rest == 0 else ore / ORE_PER_KRONA


def grant(c: CallOff, *, area_names: Mapping[str, str]) -> dict[str, Any]:
    """One granted call-off as a 360Giving grant."""
    fund = c.frame.fund
    content = c.content or {}
    return {
        "id": f"{fund.grant_id_prefix}-{c.case_number or c.id}",
        "title": c.title,
        "description": content.get("description", ""),
        "currency": "SEK",
        "amountAwarded": _kronor(c.granted - c.released),
        "amountDisbursed": _kronor(c.paid - c.refunded),
        "awardDate": c.decision.meeting_date.isoformat() if c.decision else None,
        "recipientOrganization": [{"id": f"{fund.grant_id_prefix}-org-{c.organisation.code}",
                                   "name": c.organisation.name_sv}],
        "fundingOrganization": [{"id": f"{fund.grant_id_prefix}-org-{fund.owner.code}",
                                 "name": f"{fund.municipality}, {fund.owner.name_sv}"}],
        "beneficiaryLocation": [{"name": area_names.get(code, code), "geoCode": code}
                                for code in content.get("areas", [])],
        "grantProgramme": [{"title": f"{fund.name_sv} {c.frame.year}"}],
    }  # fmt: skip


def grants_csv(grants: Iterable[Mapping[str, Any]]) -> str:
    """The grants as CSV with the standard's column titles; one row per grant, several
    locations joined by ``; ``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for g in grants:
        rec, fun = g["recipientOrganization"][0], g["fundingOrganization"][0]
        places = g["beneficiaryLocation"]
        writer.writerow([
            g["id"], g["title"], g["description"], g["currency"], g["amountAwarded"],
            g["amountDisbursed"], g["awardDate"], rec["id"], rec["name"], fun["id"], fun["name"],
            "; ".join(p["name"] for p in places), "; ".join(p["geoCode"] for p in places),
            g["grantProgramme"][0]["title"],
        ])  # fmt: skip
    return out.getvalue()
