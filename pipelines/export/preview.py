"""The reference rendering of an export: static HTML pages made from the same code_page.v2 documents
and localities.json the website reads (no second source of data), openable from disk.

    write_preview(build, docs, localities)   # -> build/preview/index.html, build/preview/codes/<HCPCS>.html

Pages are rendered server-side with Jinja2 (autoescaped); the only script is the locality picker and
the code search in static/preview.js, which compute from the page's own document and localities.js.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from pipelines.export import publish
from pipelines.export.documents import to_json

TEMPLATES = Path(__file__).with_name("templates") / "preview"
STATIC_FILES = ("preview.css", "preview.js")
# what the locality picker computes from: the page's own document, these fields of it
PICKER_FIELDS = ("hcpcs", "rvu", "conversion_factor", "national_payment", "opps_cap")
SETTINGS = (("nonfacility", "Non-facility"), ("facility", "Facility"))


def money(value: Any) -> str:
    return "—" if value is None else f"${value:,.2f}"


def share(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def number(value: Any) -> str:
    return "—" if value is None else f"{value:,.2f}"


def count(value: Any) -> str:
    return "suppressed" if value is None else f"{value:,}"


def bars(cells: list[dict[str, Any]], width: int = 560, bar_h: int = 22) -> dict[str, Any]:
    """Geometry of the top-reasons bar chart: shown cells scaled to the largest; suppressed cells
    get no bar (their count is not known to the page)."""
    top = max((c["count"] for c in cells if c.get("count") is not None), default=0)
    label_w, rows = 170, []
    for i, cell in enumerate(cells):
        n = cell.get("count")
        length = 0 if not n or not top else round((width - label_w - 90) * n / top, 1)
        rows.append({"y": i * (bar_h + 6), "length": length, "cell": cell})
    return {
        "width": width,
        "height": max(len(cells), 1) * (bar_h + 6),
        "bar_h": bar_h,
        "label_w": label_w,
        "rows": rows,
    }


@cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(money=money, share=share, number=number, count=count)
    env.globals.update(bars=bars, SETTINGS=SETTINGS)
    return env


ESCAPES = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"))
DATA_OPEN, DATA_CLOSE = '<script type="application/json" id="page-data">', "</script>"


def embed(text: str) -> str:
    """JSON text made safe inside <script> (still the same JSON value)."""
    for raw, escaped in ESCAPES:
        text = text.replace(raw, escaped)
    return text


def embedded_document(html: str) -> Any:
    """The part of its document a rendered page carries for the locality picker."""
    start = html.rindex(DATA_OPEN) + len(DATA_OPEN)
    return json.loads(html[start : html.index(DATA_CLOSE, start)])


def write_preview(
    export_root: Path,
    build: Path,
    docs: Iterable[dict[str, Any]],
    localities: dict[str, Any],
    carried: set[str] = frozenset(),
    live: Path | None = None,
) -> Path:
    """Render every page of ``build`` (its verified documents) and the index into its preview folder
    (``previews/<build id>``, written as .partial and renamed when complete); returns that folder.

    The page of a ``carried`` code (its document unchanged since the ``live`` build) is a hard link to
    the live build's preview page, rendered from the same document (rendered again when missing)."""
    final = publish.preview_dir(export_root, build)
    root = final.with_name(final.name + ".partial")
    publish.dispose(export_root, [root, final])
    env = _environment()
    (root / "codes").mkdir(parents=True)
    (root / "static").mkdir()
    for name in STATIC_FILES:
        (root / "static" / name).write_text((TEMPLATES / name).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "static" / "localities.js").write_text(
        "window.MEDPAY_LOCALITIES = " + embed(to_json(localities)) + ";\n", encoding="utf-8"
    )
    page = env.get_template("code.html.j2")
    previous = publish.preview_dir(export_root, live) / "codes" if live is not None and carried else None
    index, release = [], None
    for doc in docs:  # one pass: the export hands the documents over one at a time
        index.append(
            {"hcpcs": doc["hcpcs"], "description": doc.get("description") or "", "published": doc["denials"]["published"]}
        )
        release = release or doc["release"]
        target = root / "codes" / f"{doc['hcpcs']}.html"
        if previous is not None and doc["hcpcs"] in carried:
            try:
                os.link(previous / f"{doc['hcpcs']}.html", target)
                continue
            except OSError:
                pass
        html = page.render(doc=doc, data=embed(to_json({k: doc.get(k) for k in PICKER_FIELDS})))
        target.write_text(html, encoding="utf-8")
    (root / "index.html").write_text(
        env.get_template("index.html.j2").render(
            release=release, count=len(index), index=embed(json.dumps(index, ensure_ascii=False))
        ),
        encoding="utf-8",
    )
    os.replace(root, final)
    return final
