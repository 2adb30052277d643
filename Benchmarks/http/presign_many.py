#!/usr/bin/env python3
"""Prints COUNT SigV4-presigned GET request paths (path + query, no host) for one Query call whose
parameters contain `{i}`, numbered from 0: e.g. `Action=CreateUser&Version=2010-05-08&UserName=bench-{i}`.
Usage: presign_many.py ENDPOINT SERVICE QUERY COUNT
Credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for a session)."""
import os
import sys
from urllib.parse import urlsplit

import botocore.auth
import botocore.credentials
from botocore.awsrequest import AWSRequest

endpoint, service, query, count = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], int(sys.argv[4])
creds = botocore.credentials.Credentials(
    os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"], os.environ.get("AWS_SESSION_TOKEN"))
signer = botocore.auth.SigV4QueryAuth(creds, service, "us-east-1", expires=900)
out = sys.stdout
for i in range(count):
    request = AWSRequest(method="GET", url=f"{endpoint}/?{query.replace('{i}', str(i))}")
    signer.add_auth(request)
    parts = urlsplit(request.prepare().url)
    out.write(parts.path + "?" + parts.query + "\n")
