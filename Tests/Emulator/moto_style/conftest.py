"""A conftest as a project testing against moto_server writes it: fake credentials in the environment, the
server's endpoint, and a reset before every test. Only MOTO_ENDPOINT changes to run it against
`warden emulate`."""

import os
import urllib.request

import pytest

ENDPOINT = os.environ.get("MOTO_ENDPOINT", "http://localhost:5000")


def pytest_configure(config):
    config.addinivalue_line("markers", "aws_behaviour(reason): AWS answers differently from moto_server here; the test expects AWS")


@pytest.fixture(scope="session", autouse=True)
def aws_credentials():
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ["AWS_SECURITY_TOKEN"] = "testing"
    os.environ["AWS_SESSION_TOKEN"] = "testing"
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"


@pytest.fixture(autouse=True)
def reset_server():
    urllib.request.urlopen(urllib.request.Request(f"{ENDPOINT}/moto-api/reset", method="POST"))
