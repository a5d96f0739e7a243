"""Clients for external statistics services: SCB's PxWeb API v2 and Kolada API v3.

Live calls happen only when allowed (``Settings.allow_network`` or the CLI flag
``--live``); tests inject an ``httpx.MockTransport`` and recorded responses.
"""

from kraftsamling.stats.sources.http import PoliteClient, RateLimiter, RetryPolicy
from kraftsamling.stats.sources.jsonstat import Dataset, Dimension, merge_datasets, parse_dataset
from kraftsamling.stats.sources.kolada import KoladaClient, KoladaValue, Kpi
from kraftsamling.stats.sources.pxweb import PxWebClient, PxWebConfig, TableInfo, to_observations
from kraftsamling.stats.sources.tidy import Observation, write_tidy_csv

__all__ = [
    "Dataset",
    "Dimension",
    "KoladaClient",
    "KoladaValue",
    "Kpi",
    "Observation",
    "PoliteClient",
    "PxWebClient",
    "PxWebConfig",
    "RateLimiter",
    "RetryPolicy",
    "TableInfo",
    "merge_datasets",
    "parse_dataset",
    "to_observations",
    "write_tidy_csv",
]
