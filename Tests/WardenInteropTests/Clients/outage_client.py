"""Writes through boto3 while the database goes away and comes back: CreateUser after CreateUser for
DURATION seconds, each answer timed. Retries are off, so every 503 the server sends is seen.

Usage: outage_client.py DURATION_SECONDS   (AWS_ENDPOINT_URL and the root key in the environment)
Prints one JSON object: the users whose creation was acknowledged, the errors by code, the longest time
any failed call and any call took, the calls slower than 0.5 s (start, duration, outcome), and when the first
and the last failure happened (seconds from the start)."""
import json
import sys
import time

import boto3
import botocore.config
import botocore.exceptions

duration = float(sys.argv[1])
# total_max_attempts counts the first attempt: 1 is no retry at all (max_attempts would allow one).
config = botocore.config.Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=30)
iam = boto3.client("iam", region_name="us-east-1", config=config)
acknowledged, errors, slow_calls = [], {}, []
slowest_failure, slowest_call, first_failure, last_failure = 0.0, 0.0, None, None
start = time.monotonic()
index = 0
while time.monotonic() - start < duration:
    name = f"outage-{index}"
    index += 1
    began = time.monotonic()
    outcome = "ok"
    try:
        iam.create_user(UserName=name)
        acknowledged.append(name)
    except botocore.exceptions.ClientError as error:
        outcome = error.response["Error"]["Code"]
        code = error.response["Error"]["Code"]
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        errors[f"{code} {status}"] = errors.get(f"{code} {status}", 0) + 1
        elapsed = time.monotonic() - began
        slowest_failure = max(slowest_failure, elapsed)
        first_failure = first_failure if first_failure is not None else began - start
        last_failure = began - start
    except Exception as error:  # a connection refused or reset: the server must never do this
        outcome = f"client {type(error).__name__}"
        errors[outcome] = errors.get(outcome, 0) + 1
    elapsed = time.monotonic() - began
    slowest_call = max(slowest_call, elapsed)
    if elapsed > 0.5:
        slow_calls.append([round(began - start, 2), round(elapsed, 2), outcome])
    time.sleep(0.01)
print(json.dumps({"acknowledged": acknowledged, "errors": errors, "slowest_failure": slowest_failure, "slowest_call": slowest_call,
                  "slow_calls": slow_calls,
                  "first_failure": first_failure, "last_failure": last_failure, "calls": index}))
