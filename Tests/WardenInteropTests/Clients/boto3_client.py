"""Drives a Warden endpoint with boto3/botocore, the way an SDK user would, and prints one JSON result.

Usage: boto3_client.py CASE  (endpoint and credentials come from AWS_ENDPOINT_URL and AWS_* variables)
Each case prints {"ok": ..., "code": ..., "message": ..., "status": ..., "result": ...} so the Swift test
makes the assertions.
"""
import datetime
import json
import os
import sys

try:
    import boto3
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials
    import botocore.exceptions
    import urllib.request
except ImportError as error:  # never skip silently: the test fails with this message
    print(json.dumps({"ok": False, "code": "ClientMissing", "message": f"{error}: pip install boto3"}))
    sys.exit(3)

ENDPOINT = os.environ["AWS_ENDPOINT_URL"]


def client(service):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name="us-east-1")


def report(call):
    try:
        result = call()
        result.pop("ResponseMetadata", None)
        print(json.dumps({"ok": True, "result": result}, default=str))
    except botocore.exceptions.ClientError as error:
        print(json.dumps({
            "ok": False,
            "code": error.response["Error"].get("Code"),
            "message": error.response["Error"].get("Message"),
            "status": error.response["ResponseMetadata"].get("HTTPStatusCode"),
            "request_id": error.response["ResponseMetadata"].get("RequestId"),
        }))


def signed_post(service, body, headers):
    """Signs an arbitrary body with botocore's own SigV4 and posts it, returning status and body."""
    credentials = botocore.credentials.Credentials(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"])
    request = botocore.awsrequest.AWSRequest(method="POST", url=ENDPOINT + "/", data=body.encode(), headers=headers)
    botocore.auth.SigV4Auth(credentials, service, "us-east-1").add_auth(request)
    prepared = request.prepare()
    http = urllib.request.Request(prepared.url, data=prepared.body, headers=dict(prepared.headers), method="POST")
    try:
        with urllib.request.urlopen(http) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def main(case):
    if case == "caller-identity":
        report(lambda: client("sts").get_caller_identity())
    elif case == "stale-date":
        real = botocore.auth.get_current_datetime
        botocore.auth.get_current_datetime = lambda: real() - datetime.timedelta(minutes=20)
        report(lambda: client("sts").get_caller_identity())
    elif case == "malformed-query-body":
        status, body = signed_post("sts", "Action=GetCallerIdentity&Version=2011-06-15&Bad=%zz",
                                   {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        print(json.dumps({"ok": status == 200, "status": status, "body": body}))
    elif case == "unknown-action":
        status, body = signed_post("sts", "Action=AssumeNothing&Version=2011-06-15",
                                   {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        print(json.dumps({"ok": status == 200, "status": status, "body": body}))
    elif case == "unknown-organizations-operation":
        status, body = signed_post("organizations", "{}", {"Content-Type": "application/x-amz-json-1.1",
                                                           "X-Amz-Target": "AWSOrganizationsV20161128.DescribeNothing"})
        parsed = json.loads(body) if body.startswith("{") else {}
        print(json.dumps({"ok": status == 200, "status": status, "code": parsed.get("__type", "").split("#")[-1], "body": body}))
    else:
        print(json.dumps({"ok": False, "code": "UnknownCase", "message": case}))
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1])
