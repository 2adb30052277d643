"""Sends a bounded, seeded stream of malformed requests to a Warden endpoint on loopback and reports how it
answered: every answer must be an AWS-shaped client error with a request id, and the server must still
serve a well-formed request afterwards. Prints one JSON report; the Swift test asserts on it.
"""
import datetime
import json
import os
import random
import sys
import urllib.parse
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials

ENDPOINT = os.environ["AWS_ENDPOINT_URL"]
CREDENTIALS = botocore.credentials.Credentials(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"])
rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 2026)


def send(method, path, headers, body):
    request = urllib.request.Request(ENDPOINT + path, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def signed(service, body, headers, mutate=None):
    request = botocore.awsrequest.AWSRequest(method="POST", url=ENDPOINT + "/", data=body, headers=headers)
    botocore.auth.SigV4Auth(CREDENTIALS, service, "us-east-1").add_auth(request)
    prepared = request.prepare()
    headers = dict(prepared.headers)
    if mutate:
        headers = mutate(headers)
    return "POST", "/", headers, prepared.body


def random_bytes(n):
    return bytes(rng.randrange(256) for _ in range(n))


def random_text(n, alphabet="abcXYZ019=&%.+-_/~ \t\"'<>{}[]\\"):
    return "".join(rng.choice(alphabet) for _ in range(n))


def random_header(n):
    """Header values travel as latin-1: include bytes above ASCII, but nothing http.client cannot send."""
    return random_text(n, "abcXYZ019=,/ \"\u00e9\u00ff\u0080")


def cases():
    form = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    json11 = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSOrganizationsV20161128.DescribeOrganization"}
    yield "POST", "/", form, random_bytes(rng.randrange(0, 300))
    yield "POST", "/", {**form, "Authorization": random_header(rng.randrange(0, 200))}, b"Action=GetCallerIdentity"
    yield "POST", "/", {**form, "Authorization": "AWS4-HMAC-SHA256 " + random_text(80)}, b""
    yield "GET", "/?" + random_text(rng.randrange(1, 120)).replace(" ", "%20").replace("\t", "%09"), {}, None
    yield "GET", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + urllib.parse.quote(random_text(30)), {}, None
    yield signed("sts", random_bytes(rng.randrange(1, 200)), form)
    yield signed("sts", ("Action=GetCallerIdentity&Version=2011-06-15&" + random_text(60, "abc=&%.+\u00e9\u2603")).encode("utf-8"), form)
    yield signed("iam", ("Action=" + random_text(10) + "&Version=2010-05-08").encode("utf-8"), form)
    yield signed("organizations", random_bytes(rng.randrange(1, 200)), json11)
    yield signed("organizations", b"{" * rng.randrange(1, 5000), json11)
    yield signed("sts", b"Action=GetCallerIdentity&Version=2011-06-15", form,
                 lambda h: {**h, "X-Amz-Date": random_text(16)})
    yield signed("sts", b"Action=GetCallerIdentity&Version=2011-06-15", form,
                 lambda h: {**h, "X-Amz-Security-Token": random_header(rng.randrange(1, 400))})
    yield signed("s3", b"Action=GetCallerIdentity&Version=2011-06-15", form)
    huge = rng.choice(["99999999999999", "-9223372036854775808", "0", str(rng.randrange(10**30))])
    yield "POST", "/", {**form, "Date": f"Sun, 30 Aug {huge} 12:36:00 GMT",
                        "Authorization": "AWS4-HMAC-SHA256 Credential=A/20260101/us-east-1/sts/aws4_request, SignedHeaders=date;host, Signature=0"}, b"Action=GetCallerIdentity"
    now = datetime.datetime.now(datetime.timezone.utc)
    yield "GET", "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%00AKIA" + "A" * rng.randrange(0, 3000) + \
        f"%2F{now:%Y%m%d}%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date={now:%Y%m%dT%H%M%SZ}&X-Amz-Expires=60" + \
        "&X-Amz-SignedHeaders=host&X-Amz-Signature=00", {}, None


def main():
    rounds = int(os.environ.get("HOSTILE_ROUNDS", "40"))
    report = {"requests": 0, "server_errors": [], "missing_request_id": [], "statuses": {}}
    for _ in range(rounds):
        for method, path, headers, body in cases():
            try:
                status, response_headers, _ = send(method, path, headers, body)
            except Exception as error:  # a dropped connection is a failure too
                report["server_errors"].append(f"{type(error).__name__}: {error}")
                continue
            report["requests"] += 1
            report["statuses"][str(status)] = report["statuses"].get(str(status), 0) + 1
            if status >= 500:
                report["server_errors"].append(f"{status} for {method} {path[:60]}")
            lowered = {k.lower(): v for k, v in response_headers.items()}
            if "x-amzn-requestid" not in lowered:
                report["missing_request_id"].append(f"{status} for {method} {path[:60]}")
    method, path, headers, body = signed("sts", b"Action=GetCallerIdentity&Version=2011-06-15",
                                         {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    status, _, answer = send(method, path, headers, body)
    report["still_serving"] = status == 200 and b"<GetCallerIdentityResult>" in answer
    print(json.dumps(report))


if __name__ == "__main__":
    main()
