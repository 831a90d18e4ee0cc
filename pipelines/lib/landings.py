"""One rule for "a landing is complete", shared by the three landing sensors and `medpay run` (ADR 0002).

- A file with an in-progress name (hidden, or ``*.part`` / ``*.tmp`` / ``*.partial`` / ``*.crdownload``:
  writers upload under such a name and rename when done) is never part of a landing, for the sensors
  and for `medpay run` alike.
- A sensor requests a landing (an RVU folder or zip, the files of an NCCI quarter, one report file)
  once every one of its files has the same size and mtime as at the sensor's previous tick
  (``settled``): a writer still copying changes them. `medpay run` is started by a person after the
  landing, so it has no previous tick to compare with and loads what is there.
- What then needs loading is decided the same way on both paths, by SHA-256 against the published
  warehouse: ``releases_to_load``, ``quarters_to_load``, ``report_files_to_load`` (the domains'
  ``landing.py``). A landing already loaded with these bytes, by either path, is never run again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

IN_PROGRESS = (".part", ".tmp", ".partial", ".crdownload")
# How often the report landing sensor looks (the daemon's tick is ~5 s): a file lands, is seen once,
# is requested at the next look. CMS landings (quarterly, hundreds of MB to hash) are looked at every 30 s.
LANDING_TICK_SECONDS = 5
CMS_TICK_SECONDS = 30

Signature = Sequence[int]  # (size in bytes, mtime in ns)


def in_progress(relative_name: str) -> bool:
    """True for a hidden path or an upload-in-progress name (relative to the landing folder)."""
    parts = relative_name.replace("\\", "/").split("/")
    return any(part.startswith(".") for part in parts) or parts[-1].lower().endswith(IN_PROGRESS)


def settled(files: Mapping[str, Signature], previous: Mapping[str, Signature]) -> bool:
    """A landing of ``files`` (name -> (size, mtime ns)) is complete: it has files, none has an
    in-progress name, and each is unchanged since the previous tick (``previous``)."""
    return bool(files) and all(
        not in_progress(name) and name in previous and list(previous[name]) == list(signature)
        for name, signature in files.items()
    )


def snapshot_of(entries: Iterable[tuple[str, int, int]]) -> dict[str, list[int]]:
    """{name: [size, mtime ns]} of (name, size, mtime ns) entries: what a sensor's cursor remembers."""
    return {name: [size, mtime] for name, size, mtime in entries}
