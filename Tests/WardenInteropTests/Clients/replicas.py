"""Two Warden replicas on one PostgreSQL: a change made through one is honoured by the other.

Usage: replicas.py ENDPOINT_A ENDPOINT_B [LIMIT_MS]  (root credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
Prints {"ok": bool, "failures": [...], "key_deactivation_ms": float, "policy_removal_ms": float}.
The times run from the moment replica A answered the change (it committed) to the first refusal by B.
"""
import json
import os
import sys
import time

import boto3
import botocore.config
import botocore.exceptions

ALLOW_GET_USER = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]})
CONFIG = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=10)


def client(endpoint, key_id=None, secret=None):
    return boto3.client(
        "iam", endpoint_url=endpoint, region_name="us-east-1", config=CONFIG,
        aws_access_key_id=key_id or os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=secret or os.environ["AWS_SECRET_ACCESS_KEY"])


def error_code(call):
    try:
        call()
        return None
    except botocore.exceptions.ClientError as error:
        return error.response["Error"]["Code"]


def until_refused(call, expected, limit_seconds=5.0):
    """Milliseconds until `call` fails with `expected`, or None after `limit_seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < limit_seconds:
        if error_code(call) == expected:
            return (time.monotonic() - start) * 1000
    return None


def main():
    endpoint_a, endpoint_b = sys.argv[1], sys.argv[2]
    limit = float(sys.argv[3]) if len(sys.argv) > 3 else 100.0
    failures = []
    report = {"failures": failures}
    root_a = client(endpoint_a)
    root_a.create_user(UserName="alice")
    root_a.put_user_policy(UserName="alice", PolicyName="get", PolicyDocument=ALLOW_GET_USER)
    keys = [root_a.create_access_key(UserName="alice")["AccessKey"] for _ in range(2)]
    alice_b = [client(endpoint_b, k["AccessKeyId"], k["SecretAccessKey"]) for k in keys]

    # Warm replica B's caches (key, policy set), then change things through A.
    for _ in range(5):
        for c in alice_b:
            c.get_user(UserName="alice")

    root_a.update_access_key(UserName="alice", AccessKeyId=keys[0]["AccessKeyId"], Status="Inactive")
    elapsed = until_refused(lambda: alice_b[0].get_user(UserName="alice"), "InvalidClientTokenId")
    report["key_deactivation_ms"] = elapsed
    if elapsed is None:
        failures.append("replica B kept accepting a key deactivated through A")
    elif elapsed > limit:
        failures.append(f"key deactivation took {elapsed:.1f} ms to reach replica B (limit {limit:.0f} ms)")

    if error_code(lambda: alice_b[1].get_user(UserName="alice")) is not None:
        failures.append("the other key stopped working too")
    root_a.delete_user_policy(UserName="alice", PolicyName="get")
    elapsed = until_refused(lambda: alice_b[1].get_user(UserName="alice"), "AccessDenied")
    report["policy_removal_ms"] = elapsed
    if elapsed is None:
        failures.append("replica B kept allowing what a policy removed through A allowed")
    elif elapsed > limit:
        failures.append(f"policy removal took {elapsed:.1f} ms to reach replica B (limit {limit:.0f} ms)")

    report["ok"] = not failures
    print(json.dumps(report))


if __name__ == "__main__":
    main()
