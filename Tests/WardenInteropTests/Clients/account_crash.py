"""CreateAccount across a crash: requests made just before `kill -9` end SUCCEEDED or FAILED after a restart,
and never half-made.

Usage: account_crash.py start PID COUNT   creates an organization, fires COUNT CreateAccount requests (the last
                                          one with an email AWS refuses, so it must end FAILED) from a few
                                          threads, then kills PID (the server) with SIGKILL as soon as the worker
                                          has finished the first (so it is killed mid-way through the others);
                                          prints {"requests": [{"id", "name", "email", "state"}],
                                          "succeeded_before_kill": N}.
       account_crash.py finish FILE       reads that JSON from FILE; waits (bounded) until every request is
                                          SUCCEEDED or FAILED, then checks each SUCCEEDED account is whole
                                          (DescribeAccount ACTIVE, in ListAccounts, its OrganizationAccountAccessRole
                                          assumable by an administrator of the management account, whose session
                                          GetCallerIdentity shows the member account) and no trace of a FAILED one
                                          is visible; prints {"ok", "failures", "states", "accounts", "failed_emails"}.

The endpoint and the management account's root key come from AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY.
"""
import concurrent.futures
import json
import os
import signal
import sys
import time
import uuid

import boto3
import botocore.config
import botocore.exceptions

CONFIG = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=20)
ROLE = "OrganizationAccountAccessRole"
ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"
# Passes the model's pattern, so it reaches the worker, which fails it INVALID_EMAIL as AWS does.
REFUSED_EMAIL = "crash(refused)@example.com"
TIMEOUT = 60.0


def client(service, key_id=None, secret=None, token=None):
    return boto3.client(
        service, region_name="us-east-1", config=CONFIG,
        aws_access_key_id=key_id or os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=secret or os.environ["AWS_SECRET_ACCESS_KEY"], aws_session_token=token)


def start(pid, count):
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    run = uuid.uuid4().hex[:8]
    wanted = [(f"crash-{run}-{i}", f"crash-{run}-{i}@example.com") for i in range(count - 1)]
    wanted.append((f"crash-{run}-refused", REFUSED_EMAIL))

    def create(name_email):
        name, email = name_email
        status = organizations.create_account(AccountName=name, Email=email)["CreateAccountStatus"]
        return {"id": status["Id"], "name": name, "email": email, "state": status["State"]}

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        requests = list(pool.map(create, wanted))
    # Kill while the worker is finishing them: as soon as the first one has SUCCEEDED (at most 5 s).
    deadline = time.monotonic() + 5
    succeeded = []
    while not succeeded and time.monotonic() < deadline:
        succeeded = organizations.list_create_account_status(States=["SUCCEEDED"])["CreateAccountStatuses"]
    os.kill(pid, signal.SIGKILL)
    print(json.dumps({"requests": requests, "succeeded_before_kill": len(succeeded)}))


def finish(requests):
    failures = []
    organizations = client("organizations")
    deadline = time.monotonic() + TIMEOUT
    states = {}
    while True:
        states = {r["id"]: organizations.describe_create_account_status(CreateAccountRequestId=r["id"])["CreateAccountStatus"]
                  for r in requests}
        if all(s["State"] in ("SUCCEEDED", "FAILED") for s in states.values()) or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    listed = {a["Id"]: a for page in organizations.get_paginator("list_accounts").paginate() for a in page["Accounts"]}
    listed_emails = {a["Email"].lower() for a in listed.values()}

    # An administrator of the management account (root may not assume roles).
    iam = client("iam")
    iam.create_user(UserName="crash-admin")
    iam.attach_user_policy(UserName="crash-admin", PolicyArn=ADMINISTRATOR_ACCESS)
    key = iam.create_access_key(UserName="crash-admin")["AccessKey"]
    sts = client("sts", key["AccessKeyId"], key["SecretAccessKey"])

    accounts, failed_emails = [], []
    for request in requests:
        status = states[request["id"]]
        label = f"{request['name']} ({request['id']})"
        if status["State"] == "SUCCEEDED":
            account_id = status.get("AccountId")
            if not account_id:
                failures.append(f"{label}: SUCCEEDED without an AccountId")
                continue
            accounts.append(account_id)
            try:
                account = organizations.describe_account(AccountId=account_id)["Account"]
                if account.get("Status") != "ACTIVE" or account.get("Email") != request["email"]:
                    failures.append(f"{label}: DescribeAccount {account}")
            except botocore.exceptions.ClientError as error:
                failures.append(f"{label}: DescribeAccount {error.response['Error']}")
            if account_id not in listed:
                failures.append(f"{label}: {account_id} missing from ListAccounts")
            role = f"arn:aws:iam::{account_id}:role/{ROLE}"
            for attempt in range(3):  # the administrator's key is fresh: allow for nothing but its first use
                try:
                    credentials = sts.assume_role(RoleArn=role, RoleSessionName="crash")["Credentials"]
                    identity = client("sts", credentials["AccessKeyId"], credentials["SecretAccessKey"],
                                      credentials["SessionToken"]).get_caller_identity()
                    if identity["Account"] != account_id or f":assumed-role/{ROLE}/crash" not in identity["Arn"]:
                        failures.append(f"{label}: GetCallerIdentity in the member shows {identity}")
                    break
                except botocore.exceptions.ClientError as error:
                    if attempt == 2:
                        failures.append(f"{label}: AssumeRole {role}: {error.response['Error']}")
                    time.sleep(0.2)
        elif status["State"] == "FAILED":
            failed_emails.append(request["email"])
            if not status.get("FailureReason"):
                failures.append(f"{label}: FAILED without a FailureReason")
            if status.get("AccountId"):
                failures.append(f"{label}: FAILED but names account {status['AccountId']}")
            if request["email"].lower() in listed_emails:
                failures.append(f"{label}: FAILED but an account with its email is listed")
        else:
            failures.append(f"{label}: still {status['State']} {TIMEOUT:.0f} s after the restart")
    refused = next(r for r in requests if r["email"] == REFUSED_EMAIL)
    if states[refused["id"]].get("FailureReason") != "INVALID_EMAIL":
        failures.append(f"the refused email ended {states[refused['id']]}, not FAILED INVALID_EMAIL")
    print(json.dumps({
        "ok": not failures, "failures": failures, "accounts": accounts, "failed_emails": failed_emails,
        "states": {k: v["State"] for k, v in states.items()},
    }))


def main():
    if sys.argv[1] == "start":
        start(int(sys.argv[2]), int(sys.argv[3]))
    else:
        with open(sys.argv[2]) as file:
            finish(json.load(file)["requests"])


if __name__ == "__main__":
    main()
