"""The static preview, opened in headless Chromium (Debian's chromium + chromium-driver, driven by
Selenium): every section present, no console errors, numbers equal to the page's JSON, the locality
picker equal to the warehouse's payment view, accessibility basics, a screenshot per page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.export import preview, publish
from pipelines.resources import resources

# 97545/97110 have published profiles in the sample, 27447 not; 71046 has 26/TC; 97140 and 97110 have
# NCCI edits in the fixture quarter (tests/fixtures/exports/ncci/2025Q4).
CODES = ("97545", "97110", "27447", "71046", "97140")
SECTIONS = ("payment", "rvu", "modifiers", "ncci", "tips", "denials")
LOCALITIES = ("01112-05", "02102-01", "10112-00")


@pytest.fixture(scope="module")
def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        pytest.fail(
            "headless Chromium is required for the preview tests: apt-get install chromium chromium-driver "
            "(`python3 scripts/bootstrap.py test` installs them)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,2000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    yield session
    session.quit()


@pytest.fixture(scope="module")
def site(sample_run):
    root = sample_run.paths.export_dir
    live = publish.current_build(root)
    docs = {p.stem: json.loads(p.read_text()) for p in (live / "codes").glob("*.json")}
    return root / publish.PREVIEW, docs


def _open(browser, url: str) -> list[dict]:
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(url)
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _amount(text: str) -> float | None:
    text = text.strip()
    if text in ("—", "not priced"):
        return None
    return float(text.replace("$", "").replace(",", "").replace("(NA)", ""))


def _value(doc: dict, path: str):
    node = doc
    for part in path.split("."):
        if isinstance(node, list) and node and "modifier" not in node[0]:  # billing_tips.0.impact.value
            node = node[int(part)]
        elif isinstance(node, list):  # components.26.nonfacility / modifier_rules.50.facility
            node = next(item for item in node if item["modifier"] == part)
        else:
            node = node[part]
    return node


def test_the_live_export_has_a_preview_of_every_document(site):
    root, docs = site
    assert root.is_symlink() and (root / "index.html").is_file()
    assert {p.stem for p in (root / "codes").glob("*.html")} == set(docs)
    page = (root / "codes" / "97110.html").read_text(encoding="utf-8")
    carried = preview.embedded_document(page)
    assert carried == {k: docs["97110"].get(k) for k in preview.PICKER_FIELDS}
    assert "http://" not in page and "https://" not in page  # opens from disk: nothing fetched


@pytest.mark.parametrize("code", CODES)
def test_code_page_renders_with_its_numbers(browser, site, sample_conn, code, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    root, docs = site
    doc = docs[code]
    errors = _open(browser, (root / "codes" / f"{code}.html").as_uri())
    assert errors == []
    for section in SECTIONS:
        assert browser.find_element(By.ID, section).is_displayed(), section

    # every number shown with a data-field equals the document's value
    checked = 0
    for element in browser.find_elements(By.CSS_SELECTOR, "[data-field]"):
        path, text = element.get_attribute("data-field"), element.text
        expected = _value(doc, path)
        if isinstance(expected, bool):
            assert text == "NA" and expected is True, path
        elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
            assert _amount(text) == pytest.approx(float(expected)), path
        elif expected is None:
            assert _amount(text) is None, path
        else:
            assert text == str(expected), path
        checked += 1
    assert checked >= 10

    # the locality picker: exactly what the payment view (the one pricing implementation) says
    select = Select(browser.find_element(By.ID, "locality"))
    for locality in LOCALITIES:
        select.select_by_value(locality)
        mac, loc = locality.split("-")
        for setting in ("nonfacility", "facility"):
            shown = browser.find_element(By.CSS_SELECTOR, f"[data-locality='{setting}']").text
            row = sample_conn.execute(
                "select amount from payment where release_id = ? and hcpcs = ? and modifier = '' "
                "and scope = 'locality' and mac = ? and locality = ? and setting = ?",
                [doc["release"]["id"], code, mac, loc, setting],
            ).fetchone()
            expected = None if row is None or row[0] is None else float(row[0])
            assert _amount(shown) == expected, (code, locality, setting, shown)

    # denials: the published profile's chart and cells, or how many more reports are needed
    denials = doc["denials"]
    if denials["published"]:
        chart = browser.find_element(By.CSS_SELECTOR, "#denials svg[role='img']")
        labelled = chart.get_attribute("aria-labelledby").split()
        assert all(browser.find_element(By.ID, i).get_attribute("textContent").strip() for i in labelled)
        assert len(chart.find_elements(By.CSS_SELECTOR, "g")) == len(denials["top_reasons"])
        cells = browser.find_elements(By.CSS_SELECTOR, "table[data-table='denials.top_reasons'] td[data-cell]")
        shown = {c.get_attribute("data-cell"): c.get_attribute("textContent") for c in cells}
        for cell in denials["top_reasons"]:
            want = "suppressed" if cell["count"] is None else f"{cell['count']:,}"
            assert shown[cell["key"]] == want
    else:
        pending = browser.find_element(By.CSS_SELECTOR, "#denials .pending").text
        assert f"{denials['reports_needed']} more report" in pending

    # NCCI: the edits listed are the document's
    ncci = doc["ncci"]
    for side, other in (("ptp_as_column1", "column2"), ("ptp_as_column2", "column1")):
        rows = browser.find_elements(By.CSS_SELECTOR, f"table[data-table='ncci.{side}'] tbody th")
        assert [r.text for r in rows] == [e[other] for e in (ncci or {}).get(side, [])]

    # accessibility basics: headings in order, every table with header cells
    levels = [int(h.tag_name[1]) for h in browser.find_elements(By.CSS_SELECTOR, "h1, h2, h3, h4, h5, h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    for table in browser.find_elements(By.TAG_NAME, "table"):
        assert table.find_elements(By.CSS_SELECTOR, "thead th"), table.get_attribute("outerHTML")[:80]
    shot = tmp_path / f"{code}.png"
    browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_pages_with_ncci_edits_and_unit_limits(site):
    _, docs = site
    assert docs["97110"]["ncci"]["ptp_as_column2"] and docs["97110"]["ncci"]["mue"]


def test_index_searches_codes(browser, site):
    from selenium.webdriver.common.by import By

    root, docs = site
    assert _open(browser, (root / "index.html").as_uri()) == []
    assert browser.find_element(By.ID, "search-count").text == f"{len(docs)} codes"
    browser.find_element(By.ID, "code-search").send_keys("9711")
    links = [a.text.split(" ")[0] for a in browser.find_elements(By.CSS_SELECTOR, "#search-results a")]
    assert "97110" in links and all(code.startswith("9711") or code in docs for code in links)
    browser.find_element(By.CSS_SELECTOR, "#search-results a").click()
    assert re.match(r"^9711\d", browser.find_element(By.TAG_NAME, "h1").text)


def test_medpay_preview_prints_the_page(sample_run, monkeypatch):
    env = {"MEDPAY_EXPORT_DIR": str(sample_run.paths.export_dir)}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    cli = [sys.executable, "-m", "pipelines.cli.main", "preview"]
    found = subprocess.run([*cli, "97110"], capture_output=True, text=True, check=True)
    page = found.stdout.strip()
    assert page.endswith("preview/codes/97110.html") and "97110" in open(page, encoding="utf-8").read()
    missing = subprocess.run([*cli, "00000"], capture_output=True, text=True)
    assert missing.returncode == 3 and "not in the live export" in missing.stderr + missing.stdout


def test_a_failed_build_leaves_the_live_preview(scratch):
    import duckdb

    from pipelines.export.build import ExportRefused, export_code_pages
    from pipelines.marts.rules import SuppressionRules

    live = (scratch.export_dir / publish.PREVIEW).resolve()
    with duckdb.connect(str(scratch.warehouse), read_only=True) as conn:
        # a threshold the published profiles break: the gate refuses the build
        with pytest.raises(ExportRefused):
            export_code_pages(conn, scratch.export_dir, SuppressionRules(min_reports=10_000))
    assert (scratch.export_dir / publish.PREVIEW).resolve() == live
    assert not [p for p in (scratch.export_dir / publish.PREVIEWS).iterdir() if p.name.endswith(".partial")]


def test_the_export_asset_links_to_the_preview_in_its_metadata(scratch):
    """The Dagster asset's metadata: `preview` (the live preview's index, a file:// URL) and
    `preview_of_this_build`, both the index of this build's preview once the run switched it live."""
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    import dagster as dg

    from pipelines.defs.exports.assets import code_pages
    from pipelines.lib.warehouse import Warehouse

    before = publish.current_build(scratch.export_dir)
    result = dg.materialize([code_pages], resources=resources(warehouse=Warehouse()))
    (materialization,) = result.asset_materializations_for_node("code_pages")
    metadata = materialization.metadata
    live = publish.current_build(scratch.export_dir)
    assert live.name == metadata["build_id"].value != before.name  # this build went live

    url = metadata["preview"].value
    assert url.startswith("file://")
    linked = Path(url2pathname(urlparse(url).path))
    assert linked == scratch.export_dir / publish.PREVIEW / "index.html" and linked.is_file()
    this_build = Path(metadata["preview_of_this_build"].value)
    assert this_build == publish.preview_dir(scratch.export_dir, live) / "index.html"
    assert linked.resolve() == this_build.resolve()
    assert len(list((this_build.parent / "codes").glob("*.html"))) == metadata["documents"].value


def test_medpay_preview_open_hands_the_page_to_a_browser(sample_run, monkeypatch, capsys):
    import webbrowser

    from pipelines.cli.main import main

    monkeypatch.setenv("MEDPAY_EXPORT_DIR", str(sample_run.paths.export_dir))
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda uri: opened.append(uri) or True)
    assert main(["preview", "97110", "--open"]) == 0
    page = Path(capsys.readouterr().out.strip())
    assert opened == [page.as_uri()] and page.name == "97110.html" and page.is_file()

    monkeypatch.setattr(webbrowser, "open", lambda uri: False)  # no desktop: a clear error, the path
    assert main(["preview", "--open"]) == 3
    captured = capsys.readouterr()
    assert captured.out.strip().endswith("preview/index.html") and "no browser could be opened" in captured.err
