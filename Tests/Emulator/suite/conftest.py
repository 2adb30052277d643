"""Fixtures that run a test session against `warden emulate`, as a project replacing moto_server would.

The session starts one emulator (the `warden` binary named by WARDEN_BIN, else the one on PATH) on a free
port, or uses an instance already running at WARDEN_EMULATOR_ENDPOINT; every test starts from a reset.
"""

import os
import shutil
import socket
import subprocess
import time
import urllib.request

import boto3
import pytest
from botocore.config import Config

FAKE_KEY = "testing"  # what moto's documentation tells users to export
ACCOUNT_ID = "123456789012"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(endpoint):
    try:
        with urllib.request.urlopen(endpoint + "/health", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def endpoint():
    """The emulator's URL: one `warden emulate` for the whole session, stopped (and its data removed) at the end."""
    existing = os.environ.get("WARDEN_EMULATOR_ENDPOINT")
    if existing:
        yield existing.rstrip("/")
        return
    binary = os.environ.get("WARDEN_BIN") or shutil.which("warden")
    if not binary:
        pytest.fail("set WARDEN_BIN to the warden binary (or put warden on PATH)")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [binary, "emulate", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    started = time.monotonic()
    while not _healthy(url):
        if process.poll() is not None:
            pytest.fail(f"warden emulate exited with {process.returncode}: {process.stderr.read().decode()[-2000:]}")
        if time.monotonic() - started > 60:
            process.kill()
            pytest.fail("warden emulate did not answer /health within 60 s")
        time.sleep(0.05)
    print(f"\nwarden emulate ready in {time.monotonic() - started:.2f} s at {url}")
    yield url
    process.terminate()
    process.wait(timeout=30)


def reset(url):
    request = urllib.request.Request(url + "/moto-api/reset", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200


@pytest.fixture(autouse=True)
def fresh(endpoint):
    """Every test starts from the emulator's first start."""
    reset(endpoint)


@pytest.fixture
def aws(endpoint):
    """`aws("iam")`: a boto3 client with fake credentials; `aws("iam", key_id, secret, token)` with real ones."""

    def make(service, key_id=FAKE_KEY, secret=FAKE_KEY, token=None, region="us-east-1"):
        return boto3.client(
            service,
            endpoint_url=endpoint,
            region_name=region,
            aws_access_key_id=key_id,
            aws_secret_access_key=secret,
            aws_session_token=token,
            config=Config(retries={"total_max_attempts": 1}),
        )

    return make
