"""What the boto3 scenario scripts (iam_scenarios.py, organizations_scenarios.py) share: the clients' settings,
policy builders, and `Checks`, which labels every check and collects every failure so that a scenario never
stops at its first one, and `main`, which runs one scenario and prints one JSON line."""
import contextlib
import json
import re
import sys
import traceback
import uuid

try:
    import boto3  # noqa: F401 - imported here so that a missing boto3 fails every script the same way
    import botocore.config
    import botocore.exceptions
except ImportError as error:  # never skip silently: the test fails with this message
    print(json.dumps({"ok": False, "failures": [f"boto3 missing ({error}): pip install boto3"]}))
    sys.exit(3)

REGION = "us-east-1"
CONFIG = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"})
# botocore checks only `min` constraints itself; this client lets every value reach the server.
UNVALIDATED = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=False)


def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action, resource="*", **extra):
    return dict({"Effect": "Allow", "Action": action, "Resource": resource}, **extra)


def deny(action, resource="*", **extra):
    return dict({"Effect": "Deny", "Action": action, "Resource": resource}, **extra)


def tag_dict(tags):
    return {tag["Key"]: tag["Value"] for tag in tags or []}


def describe(error):
    got = error.response.get("Error", {})
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    reason = error.response.get("Reason") or got.get("Reason")
    return f"{got.get('Code')} (HTTP {status}{', Reason ' + reason if reason else ''}): {got.get('Message')}"


class Checks:
    """The failures so far, a suffix that makes this run's names unique, and the labelled checks."""

    def __init__(self):
        self.failures = []
        self.suffix = uuid.uuid4().hex[:8]

    def name(self, prefix):
        return f"{prefix}-{self.suffix}"

    def fail(self, label, detail):
        detail = str(detail)
        self.failures.append(f"{label}: {detail if len(detail) <= 600 else detail[:600] + '...'}")

    def check(self, label, condition, detail="check failed"):
        if not condition:
            self.fail(label, detail)
        return bool(condition)

    def eq(self, label, actual, expected):
        return self.check(label, actual == expected, f"expected {expected!r}, got {actual!r}")

    def match(self, label, pattern, value):
        return self.check(label, isinstance(value, str) and re.fullmatch(pattern, value), f"{value!r} does not match {pattern}")

    def contains(self, label, collection, item):
        shown = list(collection) if isinstance(collection, dict) else collection
        return self.check(label, collection is not None and item in collection, f"{item!r} not in {shown!r}")

    def lacks(self, label, collection, item):
        shown = list(collection) if isinstance(collection, dict) else collection
        return self.check(label, collection is None or item not in collection, f"{item!r} unexpectedly in {shown!r}")

    def ok(self, label, call, **parameters):
        """Calls an operation that must succeed; returns its response, or {} after recording the failure."""
        try:
            response = call(**parameters)
            response.pop("ResponseMetadata", None)
            return response
        except botocore.exceptions.ClientError as error:
            self.fail(label, f"unexpected {describe(error)}")
        except Exception as error:  # noqa: BLE001 - every failure is reported
            self.fail(label, f"unexpected {type(error).__name__}: {error}")
        return {}

    def err(self, label, code, call, status=None, message=None, contains=None, reason=None, **parameters):
        """Calls an operation that must fail with `code` (or one of a tuple of codes AWS documents for the case),
        and, when given, HTTP `status`, the exact `message`, message fragments `contains` and the `Reason`."""
        try:
            call(**parameters)
        except botocore.exceptions.ClientError as error:
            got = error.response.get("Error", {})
            got_status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if got.get("Code") not in (code if isinstance(code, tuple) else (code,)):
                self.fail(label, f"expected {code}, got {describe(error)}")
                return error
            if status is not None and got_status != status:
                self.fail(label, f"{code} with HTTP {got_status}, expected {status}")
            got_reason = error.response.get("Reason") or got.get("Reason")
            if reason is not None and got_reason != reason:
                self.fail(label, f"{code} with Reason {got_reason!r}, expected {reason!r} ({got.get('Message')})")
            text = got.get("Message") or ""
            if message is not None and text != message:
                self.fail(label, f"message {text!r}, expected {message!r}")
            for fragment in ([contains] if isinstance(contains, str) else contains or []):
                if fragment.lower() not in text.lower():
                    self.fail(label, f"message {text!r} does not mention {fragment!r}")
            return error
        except Exception as error:  # noqa: BLE001
            self.fail(label, f"expected {code}, got {type(error).__name__}: {error}")
            return None
        self.fail(label, f"expected {code}, but the call succeeded")
        return None

    @contextlib.contextmanager
    def section(self, label):
        """Runs a block; an exception fails the block (with where it happened) and the scenario goes on."""
        try:
            yield
        except Exception as error:  # noqa: BLE001
            frame = traceback.extract_tb(error.__traceback__)[-1]
            self.fail(label, f"aborted by {type(error).__name__}: {error} (line {frame.lineno})")


def main(argv, scenarios, make_run):
    """`SCRIPT SCENARIO` runs one scenario and prints {"ok": true} or {"ok": false, "failures": [...]};
    `SCRIPT --list` prints the scenario names."""
    script = argv[0].rsplit("/", 1)[-1]
    if len(argv) != 2:
        print(json.dumps({"ok": False, "failures": [f"usage: {script} SCENARIO | --list"]}))
        return 2
    if argv[1] == "--list":
        print("\n".join(scenarios))
        return 0
    scenario = scenarios.get(argv[1])
    if scenario is None:
        print(json.dumps({"ok": False, "failures": [f"unknown scenario {argv[1]!r}; known: {', '.join(scenarios)}"]}))
        return 2
    failures = []
    try:
        run = make_run()
        try:
            scenario(run)
        except Exception as error:  # noqa: BLE001 - the scenario's own bug or an unguarded call
            run.fail("scenario aborted", "".join(traceback.format_exception(error)).strip())
        failures = run.failures
    except Exception as error:  # noqa: BLE001 - e.g. the endpoint is unreachable or the root key is refused
        failures = [f"setup failed: {type(error).__name__}: {error}"]
    print(json.dumps({"ok": True} if not failures else {"ok": False, "failures": failures}, default=str))
    return 0
