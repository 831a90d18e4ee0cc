"""A real HTTP server on 127.0.0.1 serving a real release zip (built from raw/cms/rvu/RVU25D), with faults.

Routes (GET): /<name>                 the file, with Range support
              /drop/<name>            first request sends half the body and closes the connection
              /slow/<name>            sends headers, then stays silent for ~2 s
              /html/<name>            200 with an HTML page (a licence page instead of the zip)
              /flaky/<name>           503 on the first request
              /norange/<name>         ignores Range (always 200 with the whole file)
              anything else           404
POST anything: recorded in ``server.posts`` (the alert webhook), answered 204.
"""

from __future__ import annotations

import hashlib
import http.server
import threading
import zipfile
from pathlib import Path

import pytest

from pipelines.lib.paths import REPO_ROOT

REPO_RAW = REPO_ROOT / "raw"


class _State:
    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self.requests: list[tuple[str, str | None]] = []  # (path, Range header)
        self.posts: list[bytes] = []
        self.seen: set[str] = set()
        self.stop = threading.Event()


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: _State

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", 0))
        self.state.posts.append(self.rfile.read(length))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        st = self.state
        st.requests.append((self.path, self.headers.get("Range")))
        parts = self.path.strip("/").split("/")
        mode, name = (parts[0], parts[-1]) if len(parts) > 1 else ("plain", parts[0])
        body = st.files.get(name)
        if body is None or mode not in {"plain", "drop", "slow", "html", "flaky", "norange"}:
            return self._send(404, b"not found", "text/plain")
        first = (mode, name) not in st.seen
        st.seen.add((mode, name))
        if mode == "html":
            return self._send(200, b"<html><body>AMA licence: accept to continue</body></html>", "text/html")
        if mode == "flaky" and first:
            return self._send(503, b"busy", "text/plain")
        if mode == "slow":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            st.stop.wait(2.0)
            self.close_connection = True
            return None
        start = 0
        rng = self.headers.get("Range")
        if rng and mode != "norange":
            start = int(rng.split("=")[1].split("-")[0])
        if mode == "drop" and first:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return None
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        self.wfile.write(body[start:])
        return None

    def _send(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # clients hang up on purpose here
        pass


def _zip_of(folder: Path, dest: Path) -> bytes:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return dest.read_bytes()


@pytest.fixture(scope="session")
def release_zip(tmp_path_factory) -> bytes:
    """The real RVU25D release files, zipped as CMS ships them."""
    return _zip_of(REPO_RAW / "cms" / "rvu" / "RVU25D", tmp_path_factory.mktemp("zip") / "rvu25d.zip")


@pytest.fixture(scope="session")
def small_zips(tmp_path_factory) -> dict[str, bytes]:
    """Two small real zips (RVU25D's GPCI and ANES CSVs) for multi-file (NCCI-style) releases."""
    out = {}
    base = tmp_path_factory.mktemp("small")
    for name, member in (("part-f1.zip", "GPCI2025.csv"), ("part-f2.zip", "ANES2025.csv")):
        with zipfile.ZipFile(base / name, "w") as archive:
            archive.write(REPO_RAW / "cms" / "rvu" / "RVU25D" / member, member)
        out[name] = (base / name).read_bytes()
    return out


@pytest.fixture
def server(release_zip, small_zips):
    state = _State({"rvu25d.zip": release_zip, **small_zips})
    handler = type("Handler", (_Handler,), {"state": state})
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    state.sha256 = hashlib.sha256(release_zip).hexdigest()
    try:
        yield state
    finally:
        state.stop.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def make_catalogue(tmp_path):
    """make_catalogue(url, sha256=None, rvu_route="") -> a catalogue file pointing at the test server."""
    return lambda url, sha256=None, rvu_route="": write_catalogue(
        tmp_path / "releases.toml", url, sha256, rvu_route
    )


def write_catalogue(
    path: Path, url: str, sha256: str | None = None, rvu_route: str = "", with_ncci: bool = True
) -> Path:
    """A catalogue whose URLs point at the test server: RVU25D (one zip) and 2025Q4 (two files)."""
    sha = f', sha256 = "{sha256}"' if sha256 else ""
    ncci = f"""
[[ncci]]
id = "2025Q4"
effective_from = 2025-10-01
landing = "ncci/2025Q4/"
files = [
  {{ name = "ccipra-v313r0-f1.zip", urls = ["{url}/part-f1.zip"] }},
  {{ name = "ccipra-v313r0-f2.zip", urls = ["{url}/part-f2.zip"] }},
]
"""
    path.write_text(
        f"""
[[rvu]]
id = "RVU25D"
effective_from = 2025-10-01
landing = "rvu/rvu25d.zip"
files = [{{ name = "rvu25d.zip", urls = ["{url}/{rvu_route}rvu25d.zip"]{sha} }}]
"""
        + (ncci if with_ncci else ""),
        encoding="utf-8",
    )
    return path
