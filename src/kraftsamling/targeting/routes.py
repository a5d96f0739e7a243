"""Pages and JSON API of targeting (routes are added as the capability is built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
