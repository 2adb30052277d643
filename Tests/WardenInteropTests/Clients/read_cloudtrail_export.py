"""Reads a `warden audit export` tree as a CloudTrail consumer does: every AWSLogs/ACCOUNT/CloudTrail/REGION/
YYYY/MM/DD/*.json.gz file, gunzipped, parsed as {"Records": [...]}. Prints one JSON object: per file its
path parts and, per record, eventName, userIdentity.arn, eventTime, recipientAccountId."""
import gzip
import json
import os
import re
import sys

root = sys.argv[1]
files = []
pattern = re.compile(r"^AWSLogs/(\d{12})/CloudTrail/([a-z0-9-]+)/(\d{4})/(\d{2})/(\d{2})/(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[0-9A-Za-z]+\.json\.gz$")
for directory, _, names in os.walk(root):
    for name in sorted(names):
        path = os.path.relpath(os.path.join(directory, name), root)
        match = pattern.match(path)
        with gzip.open(os.path.join(directory, name), "rt", encoding="utf-8") as handle:
            body = json.load(handle)
        records = [
            {"eventName": r["eventName"], "arn": r.get("userIdentity", {}).get("arn"), "eventTime": r["eventTime"],
             "recipientAccountId": r.get("recipientAccountId"), "errorCode": r.get("errorCode")}
            for r in body["Records"]
        ]
        files.append({"path": path, "matches_layout": bool(match), "account": match.group(1) if match else None,
                      "region": match.group(2) if match else None, "records": records})
print(json.dumps({"files": files}))
