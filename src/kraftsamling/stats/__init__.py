"""Statistics: areas and their hierarchy, indicators, observations, imports and disclosure control.

Pure rules (no database): :mod:`.levels`, :mod:`.kinds`, :mod:`.aggregate`, :mod:`.disclosure`,
and the file readers :mod:`.tables`, :mod:`.readers`, :mod:`.area_files`, :mod:`.indicator_files`.
Storage: :mod:`.models` (tables), :mod:`.service` (use cases, one transaction each) and
:mod:`.bulk`. Command line: :mod:`.cli`. Clients for SCB and Kolada live in :mod:`.sources`.
"""
