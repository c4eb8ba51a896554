"""The one zip writer: deterministic archives (the offline site's zip, the Anki deck's .apkg).

Entries are written in the order given, deflated, each dated ZIP_DATE and readable by
everyone (0644), so the same content always gives the same bytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

# Fixed timestamp for zip entries, so the same content gives the same zip.
ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def write_zip(target: Path | BinaryIO, entries: Iterable[tuple[str, bytes]]) -> int:
    """Write ``entries`` (name, content) to a zip at ``target`` (a path or a binary stream); the entry count."""
    count = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
            count += 1
    return count
