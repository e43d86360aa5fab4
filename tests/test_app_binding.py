"""`threadline app` serves this machine only unless --host says otherwise."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from servers import free_port

from extract.cli import _is_loopback, main

ROOT = Path(__file__).resolve().parent.parent
LISTEN = "0A"  # TCP state LISTEN in /proc/net/tcp


def listening(port: int) -> set[str]:
    """The local addresses (hex, as /proc/net/tcp{,6} write them) listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == LISTEN:
                found.add(address)
    return found


def test_app_listens_on_loopback_only(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "app.log"
    command = [sys.executable, "-m", "extract.cli", "--data", str(ROOT / "tests/data/mini")]
    command += ["app", "--port", str(port), "--server.fileWatcherType", "none"]
    with log.open("w") as sink:
        proc = subprocess.Popen(
            command,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},  # this checkout's threadline
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                url = f"http://127.0.0.1:{port}/_stcore/health"
                if urllib.request.urlopen(url, timeout=2).read() == b"ok":
                    break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        assert listening(port) == {"0100007F"}  # 127.0.0.1, and no other interface
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # threadline and the streamlit it started
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("127.5.0.1", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.7", False),
        ("example.org", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert _is_loopback(host) is loopback


def test_server_address_goes_through_host(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "--server.address", "0.0.0.0"]) == 1
    err = capsys.readouterr().err
    assert "give the address with --host, not --server.address" in err
    assert "Traceback" not in err
