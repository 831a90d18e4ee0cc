"""The downloader against a real local HTTP server: success, 404, drop + resume, checksum, timeout ..."""

from __future__ import annotations

import zipfile

import pytest

from pipelines.ops.download import DownloadError, Policy, download, part_path, sha256_file

FAST = Policy(read_timeout_s=5.0, connect_timeout_s=5.0, retries=2, backoff_s=0.0, deadline_s=60.0)


def _leftovers(directory):
    return sorted(p.name for p in directory.iterdir())


def test_success_lands_verified_file(server, tmp_path):
    dest = tmp_path / "rvu25d.zip"
    seen = []
    result = download(
        [f"{server.url}/rvu25d.zip"],
        dest,
        sha256=server.sha256,
        policy=FAST,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.verified and result.sha256 == server.sha256 == sha256_file(dest)
    assert zipfile.ZipFile(dest).testzip() is None
    assert "PPRRVU2025_Oct.csv" in zipfile.ZipFile(dest).namelist()
    assert _leftovers(tmp_path) == ["rvu25d.zip"]  # no .part left behind
    assert seen[-1] == (dest.stat().st_size, dest.stat().st_size)
    again = download([f"{server.url}/rvu25d.zip"], dest, sha256=server.sha256, policy=FAST)
    assert again.already_present and len(server.requests) == 1  # nothing fetched twice


def test_404_writes_nothing(server, tmp_path):
    with pytest.raises(DownloadError) as err:
        download([f"{server.url}/rvu99z.zip"], tmp_path / "rvu99z.zip", policy=FAST)
    assert err.value.kind == "not_found" and "404" in err.value.message
    assert _leftovers(tmp_path) == []


def test_next_url_is_tried_after_a_404(server, tmp_path):
    dest = tmp_path / "rvu25d.zip"
    result = download([f"{server.url}/gone/rvu25d-x.zip", f"{server.url}/rvu25d.zip"], dest, policy=FAST)
    assert result.url.endswith("/rvu25d.zip") and not result.verified  # no catalogue checksum given
    assert result.sha256 == server.sha256


def test_dropped_connection_resumes_with_range(server, tmp_path):
    dest = tmp_path / "rvu25d.zip"
    result = download([f"{server.url}/drop/rvu25d.zip"], dest, sha256=server.sha256, policy=FAST)
    assert result.verified and result.attempts == 2
    (_, first_range), (_, second_range) = server.requests
    resumed_at = int(second_range.removeprefix("bytes=").rstrip("-"))
    assert first_range is None and 0 < resumed_at <= len(server.files["rvu25d.zip"]) // 2
    assert _leftovers(tmp_path) == ["rvu25d.zip"]


def test_dropped_connection_without_retries_keeps_part_then_resumes_next_time(server, tmp_path):
    dest = tmp_path / "rvu25d.zip"
    no_retry = Policy(read_timeout_s=5.0, retries=0, backoff_s=0.0)
    with pytest.raises(DownloadError) as err:
        download([f"{server.url}/drop/rvu25d.zip"], dest, sha256=server.sha256, policy=no_retry)
    assert err.value.kind == "connection" and "kept" in err.value.message
    assert not dest.exists() and part_path(dest).exists()  # hidden .part only, never the final name
    kept = part_path(dest).stat().st_size
    assert 0 < kept <= len(server.files["rvu25d.zip"]) // 2
    result = download([f"{server.url}/drop/rvu25d.zip"], dest, sha256=server.sha256, policy=no_retry)
    assert result.resumed_from == kept and result.verified
    assert server.requests[-1][1] == f"bytes={kept}-"
    assert _leftovers(tmp_path) == ["rvu25d.zip"]


def test_wrong_checksum_discards_the_download(server, tmp_path):
    dest = tmp_path / "rvu25d.zip"
    with pytest.raises(DownloadError) as err:
        download([f"{server.url}/rvu25d.zip"], dest, sha256="0" * 64, policy=FAST)
    assert err.value.kind == "checksum" and "does not match" in err.value.message
    assert _leftovers(tmp_path) == []


def test_slow_server_hits_the_timeout(server, tmp_path):
    dest = tmp_path / "rvu25d.zip"
    slow = Policy(read_timeout_s=0.3, connect_timeout_s=2.0, retries=1, backoff_s=0.0)
    with pytest.raises(DownloadError) as err:
        download([f"{server.url}/slow/rvu25d.zip"], dest, policy=slow)
    assert err.value.kind == "timeout" and "gave up after 2 attempt(s)" in err.value.message
    assert not dest.exists()


def test_html_instead_of_zip_is_refused(server, tmp_path):
    with pytest.raises(DownloadError) as err:
        download([f"{server.url}/html/rvu25d.zip"], tmp_path / "rvu25d.zip", policy=FAST)
    assert err.value.kind == "not_a_zip" and "licence or error page" in err.value.message
    assert _leftovers(tmp_path) == []


def test_size_limit(server, tmp_path):
    with pytest.raises(DownloadError) as err:
        download([f"{server.url}/rvu25d.zip"], tmp_path / "rvu25d.zip", max_bytes=1000, policy=FAST)
    assert err.value.kind == "too_large"
    assert _leftovers(tmp_path) == []


def test_503_is_retried(server, tmp_path):
    pauses = []
    result = download(
        [f"{server.url}/flaky/rvu25d.zip"],
        tmp_path / "rvu25d.zip",
        sha256=server.sha256,
        policy=Policy(retries=2, backoff_s=0.5),
        sleep=pauses.append,
    )
    assert result.verified and result.attempts == 2 and pauses == [0.5]


def test_server_ignoring_range_restarts_cleanly(server, tmp_path):
    dest = tmp_path / "rvu25d.zip"
    part_path(dest).write_bytes(b"stale bytes from an earlier attempt")
    result = download([f"{server.url}/norange/rvu25d.zip"], dest, sha256=server.sha256, policy=FAST)
    assert result.verified and sha256_file(dest) == server.sha256


def test_existing_file_with_other_bytes_is_left_alone(server, tmp_path):
    dest = tmp_path / "rvu25d.zip"
    dest.write_bytes(b"operator's own copy")
    with pytest.raises(DownloadError) as err:
        download([f"{server.url}/rvu25d.zip"], dest, sha256=server.sha256, policy=FAST)
    assert err.value.kind == "checksum" and dest.read_bytes() == b"operator's own copy"
    assert server.requests == []


def test_a_zip_bomb_is_refused_before_it_lands(server, tmp_path):
    """A small download may inflate to anything: every member is inflated (streamed, discarded) under
    the largest member cap and the ratio before the file gets its final name."""
    from tests.hostile.inputs import bomb_zip

    server.files["rvu25b.zip"] = bomb_zip(tmp_path / "bomb.zip").read_bytes()
    (tmp_path / "bomb.zip").unlink()
    with pytest.raises(DownloadError) as err:
        download([f"{server.url}/rvu25b.zip"], tmp_path / "rvu25b.zip", policy=FAST)
    assert err.value.kind == "unsafe_zip" and "MEDPAY_MAX_PTP_MEMBER_BYTES" in err.value.message
    assert "rvu25b.zip!PPRRVU2025_Apr.csv" in err.value.message
    assert _leftovers(tmp_path) == []
