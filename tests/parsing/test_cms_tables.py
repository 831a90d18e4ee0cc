"""GPCI, ANES, OPPSCAP and LOCCO parsers on the real RVU25D files (CSV and TXT) and their quirks."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.parsing.cms_locco import read_locality_county
from pipelines.parsing.cms_tables import read_anesthesia_cf, read_gpci, read_opps_cap

from .cms_support import RVU25D, census, release

READERS = {"gpci": (read_gpci, "GPCI2025"), "anesthesia_cf": (read_anesthesia_cf, "ANES2025"),
           "opps_cap": (read_opps_cap, "OPPSCAP_Oct")}  # fmt: skip


def parse(table: str, fmt: str, data: bytes | None = None):
    reader, stem = READERS[table]
    name = f"{stem}.{fmt}"
    return reader(data if data is not None else (RVU25D / name).read_bytes(), name, "RVU25D", fmt)


def row_of(frame: pl.DataFrame, mac: str, locality: str) -> dict:
    return frame.filter(pl.col("mac") == mac, pl.col("locality") == locality).row(0, named=True)


@pytest.mark.parametrize("table", ["gpci", "opps_cap"])
def test_csv_and_txt_give_identical_frames(table):
    csv, txt = parse(table, "csv"), parse(table, "txt")
    assert txt.rejects.height == 0 and txt.rows_read == csv.rows_read
    assert_frame_equal(
        txt.frame.drop("source_file", "source_line"), csv.frame.drop("source_file", "source_line")
    )


def test_gpci_footnotes_are_not_rows_and_stars_are_stripped():
    gpci = release("RVU25D").tables["gpci"]
    assert gpci.frame.height == gpci.rows_read == 109  # 4 footnote lines after the data are not read rows
    alaska = row_of(gpci.frame, "02102", "01")
    assert (alaska["locality_name"], alaska["work_gpci"], alaska["state"]) == (
        "ALASKA",
        Decimal("1.500"),
        "AK",
    )
    assert row_of(gpci.frame, "03602", "21")["locality_name"] == "WYOMING"
    assert gpci.frame.select(pl.struct("mac", "locality").n_unique()).item() == 109


def test_anesthesia_cf_txt_is_stored_times_100():
    csv, txt = parse("anesthesia_cf", "csv"), parse("anesthesia_cf", "txt")
    assert csv.frame["anesthesia_cf"].to_list() == txt.frame["anesthesia_cf"].to_list()
    assert row_of(txt.frame, "10112", "00")["anesthesia_cf"] == Decimal("19.31")  # '1931' in the TXT
    assert row_of(csv.frame, "02102", "01")["anesthesia_cf"] == Decimal("27.86")
    assert csv.frame["national_anesthesia_cf"].unique().to_list() == [Decimal("20.3178")]  # from the header
    assert txt.frame["national_anesthesia_cf"].null_count() == txt.frame.height  # the TXT has no header


def test_anesthesia_csv_trailing_spaces_and_empty_last_row():
    anes = release("RVU25D").tables["anesthesia_cf"]
    assert (anes.frame.height, anes.rows_read, anes.rejects.height) == (109, 109, 0)  # ',,,' row not read
    assert (
        anes.frame["mac"].str.contains(r"^\d{5}$").all()
        and anes.frame["locality"].str.contains(r"^\d{2}$").all()
    )


def test_opps_cap_misspelled_header_and_empty_trailing_row():
    opps = release("RVU25D").tables["opps_cap"]
    assert (opps.frame.height, opps.rows_read, opps.rejects.height) == (16100, 16100, 0)
    first = opps.frame.row(0, named=True)
    assert (first["hcpcs"], first["modifier"], first["mac"], first["locality"]) == (
        "0633T",
        "TC",
        "01112",
        "05",
    )
    assert first["facility_price"] == Decimal("150.69")
    fixed = (RVU25D / "OPPSCAP_Oct.csv").read_bytes().replace(b"NON-FACILTY", b"NON-FACILITY", 1)
    assert parse("opps_cap", "csv", fixed).frame.height == 16100  # a corrected spelling is accepted too


def test_locality_csv_leading_zeros_restored_and_state_filled_down():
    loc = release("RVU25D").tables["locality_county"].frame
    assert loc["mac"].str.contains(r"^\d{5}$").all() and loc["locality"].str.contains(r"^\d{2}$").all()
    alaska = loc.filter(pl.col("mac") == "02102").row(0, named=True)  # '2102,1' in the CSV
    assert (alaska["locality"], alaska["state"], alaska["coverage"], alaska["county_fips"]) == (
        "01",
        "AK",
        "all",
        None,
    )
    napa = loc.filter(pl.col("mac") == "01112", pl.col("locality") == "51").row(0, named=True)  # state blank
    assert (napa["state"], napa["state_fips"], napa["county_fips"], napa["county_name"]) == (
        "CA",
        "06",
        "055",
        "Napa County",
    )


def test_locality_every_named_county_matches_census_and_covers_gpci():
    table = release("RVU25D").tables["locality_county"]
    assert table.rejects["reason_code"].to_list() == ["duplicate_key"]  # MO 05302/99 is printed twice
    listed = table.frame.filter(pl.col("coverage") == "listed")
    assert listed["county_fips"].null_count() == 0 and listed.height == 155
    whole = table.frame.filter(pl.col("coverage") != "listed")
    assert whole["county_fips"].null_count() == whole.height
    gpci = release("RVU25D").tables["gpci"].frame.select("mac", "locality")
    assert_frame_equal(table.frame.select("mac", "locality").unique().sort(pl.all()), gpci.sort(pl.all()))


@pytest.mark.parametrize(
    ("mac", "locality", "expected"),
    [
        ("12202", "01", {("DC", "001"), ("VA", "510"), ("VA", "013"), ("VA", "059"), ("VA", "600"), ("VA", "610"),
                         ("MD", "031"), ("MD", "033")}),  # DC + 'CITY' independent cities + '... IN MARYLAND'
        ("01182", "18", {("CA", "037"), ("CA", "059")}),  # 'LOS ANGELES /ORAGNGE CNTY'
        ("09102", "04", {("FL", "086"), ("FL", "087")}),  # 'DADE AND MONROE' -> Miami-Dade
        ("05302", "01", {("MO", "099"), ("MO", "183"), ("MO", "189"), ("MO", "510")}),  # ST. LOUIS vs ST. LOUIS CITY
        ("13202", "03", {("NY", f) for f in ("021", "025", "027", "039", "071", "079", "105", "111")}),
    ],
)  # fmt: skip
def test_locality_multi_county_cells(mac, locality, expected):
    loc = (
        release("RVU25D")
        .tables["locality_county"]
        .frame.filter(pl.col("mac") == mac, pl.col("locality") == locality)
    )
    assert set(loc.select("state", "county_fips").rows()) == expected
    assert loc["coverage"].unique().to_list() == ["listed"]


def test_locality_whole_state_and_rest_of_state_rows():
    loc = release("RVU25D").tables["locality_county"].frame
    hawaii = loc.filter(pl.col("mac") == "01212")  # 'HAWAII/GUAM', 'ALL COUNTIES'
    assert set(hawaii.select("state", "coverage").rows()) == {("HI", "all"), ("GU", "all")}
    virginia = loc.filter(pl.col("mac") == "11302").row(
        0, named=True
    )  # 'ALL COUNTIES, EXCEPT ALEXANDRIA CITY, ...'
    assert (virginia["coverage"], virginia["county_fips"]) == ("rest_of_state", None)
    pr = loc.filter(pl.col("state") == "PR").row(0, named=True)  # 'ALL COUNTY EQUIVALENTS'
    assert pr["coverage"] == "all"
    assert loc.filter(pl.col("coverage") == "rest_of_state").height == 17


def test_locality_txt_fallback_rejects_truncated_county_lists():
    states = {
        (m, loc): s
        for m, loc, s in release("RVU25D").tables["gpci"].frame.select("mac", "locality", "state").rows()
    }
    data = (RVU25D / "25LOCCO.txt").read_bytes()
    txt = read_locality_county(data, "25LOCCO.txt", "RVU25D", "txt", census(), states)
    assert txt.rows_read == txt.frame.height + txt.rejects.height
    codes = txt.rejects["reason_code"].value_counts().sort("reason_code").rows()
    assert codes == [("duplicate_key", 1), ("truncated_field", 10)]
    assert txt.frame.filter(pl.col("mac") == "01112", pl.col("locality") == "51")["state"].to_list() == ["CA"]
    key = ["mac", "locality", "state", "county_fips", "coverage"]
    csv = release("RVU25D").tables["locality_county"].frame.select(key)
    assert txt.frame.select(key).join(csv, on=key, how="anti", nulls_equal=True).height == 0


def test_locality_unmatched_county_is_rejected_not_dropped():
    data = (RVU25D / "25LOCCO.csv").read_bytes().replace(b"1112,51,,NAPA,NAPA", b"1112,51,,NAPA,NAPPA")
    table = read_locality_county(data, "25LOCCO.csv", "RVU25D", "csv", census())
    bad = table.rejects.filter(pl.col("reason_code") == "unmatched_county").row(0, named=True)
    assert "NAPPA" in bad["reason"] and bad["line_number"] == 17 and "NAPA,NAPPA" in bad["raw_line"]
    assert table.rows_read == table.frame.height + table.rejects.height == 209


def test_locality_without_census_keeps_names_and_null_fips():
    data = (RVU25D / "25LOCCO.csv").read_bytes()
    table = read_locality_county(data, "25LOCCO.csv", "RVU25D", "csv", None)
    assert table.frame.height == 208 and table.frame["county_fips"].null_count() == 208
    assert "NAPA" in table.frame["county_name"].to_list()
