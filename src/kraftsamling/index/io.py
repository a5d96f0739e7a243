"""Reading index input tables and writing run results: the file edge of the engine.

pandas lives here, not in the engine: the engine sees a mapping of column -> array.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kraftsamling.core.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    import pandas as pd

READABLE = {".csv", ".txt", ".xlsx", ".parquet"}


def read_table(path: Path, id_column: str, *, sheet: str | int = 0) -> pd.DataFrame:
    """Read a one-row-per-area table; the id column is kept as text (FIPS codes keep their zeros).

    ``sheet`` picks the XLSX sheet by name or position (published workbooks often open with
    a notes sheet). CSV is read as UTF-8, falling back to Windows-1252, which SCB's and
    Excel's Swedish CSV downloads often use.
    """
    import pandas as pd

    if not path.exists():
        raise NotFound(f"Data file '{path}' does not exist.")
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        raise InvalidInput(
            f"Data file '{path}' has suffix '{suffix}'; "
            f"expected one of {', '.join(sorted(READABLE))}."
        )
    try:
        if suffix == ".parquet":
            frame = pd.read_parquet(path)
        elif suffix == ".xlsx":
            frame = pd.read_excel(path, sheet_name=sheet, dtype={id_column: str})
        else:
            frame = _read_csv(path, id_column)
    except (ValueError, OSError, KeyError, zipfile.BadZipFile) as exc:
        raise InvalidInput(f"Could not read data file '{path}': {exc}") from exc
    if id_column not in frame.columns:
        raise InvalidInput(
            f"Data file '{path}' has no id column '{id_column}' (the spec's index.id_column); "
            f"found columns: {', '.join(map(str, frame.columns[:20]))}."
        )
    frame[id_column] = frame[id_column].astype(str)
    if frame[id_column].duplicated().any():
        dup = frame.loc[frame[id_column].duplicated(), id_column].iloc[0]
        row = int(frame.index[frame[id_column] == dup][1]) + 2  # header is row 1
        raise InvalidInput(
            f"Data file '{path}', row {row}, column '{id_column}': duplicate id '{dup}'."
        )
    return frame


def as_columns(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Column name -> numpy array: the mapping the engine reads."""
    return {str(column): frame[column].to_numpy() for column in frame.columns}


def _read_csv(path: Path, id_column: str) -> pd.DataFrame:
    import pandas as pd

    for encoding in ("utf-8-sig", "cp1252"):
        try:
            # sep=None sniffs ',' or ';' (Swedish Excel writes semicolons)
            return pd.read_csv(
                path, dtype={id_column: str}, sep=None, engine="python", encoding=encoding
            )
        except UnicodeDecodeError:
            continue
    raise InvalidInput(f"Data file '{path}' is neither UTF-8 nor Windows-1252 text.")
