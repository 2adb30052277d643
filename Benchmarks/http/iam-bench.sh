#!/usr/bin/env bash
# IAM throughput end to end, from a second process on loopback: wrk on presigned GET requests.
# Usage: iam-bench.sh ENDPOINT      (a running Warden, e.g. a release build: swift run -c release warden serve)
# Needs wrk, python3 with botocore, the AWS CLI, and the account's root keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
# Measures: CreateUser/s (every request a new user), GetUser/s as root, GetUser/s as an IAM user whose
# policies (an inline policy, a group's policy, AdministratorAccess attached) are loaded and evaluated per call.
set -euo pipefail
endpoint=${1:?endpoint}
source "$(dirname "$0")/wrk-common.sh"

# An account holds at most 5,000 users (AWS's quota, enforced): a short run on a fresh account stays under it.
python3 "$here/presign_many.py" "$endpoint" iam "Action=CreateUser&Version=2010-05-08&UserName=bench-$run-{i}" 4900 > "$work/create"
duration=${CREATE_DURATION:-1s} load "CreateUser (root)" "$work/create"

aws iam create-user --user-name "bench-reader-$run" > /dev/null
python3 "$here/presign_many.py" "$endpoint" iam "Action=GetUser&Version=2010-05-08&UserName=bench-reader-$run" 1 > "$work/get"
load "GetUser (root: no policy to load)" "$work/get"
one "GetUser (root: no policy to load)" "$work/get"

aws iam create-group --group-name "bench-group-$run" > /dev/null
aws iam put-group-policy --group-name "bench-group-$run" --policy-name read \
  --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}'
aws iam add-user-to-group --group-name "bench-group-$run" --user-name "bench-reader-$run"
aws iam put-user-policy --user-name "bench-reader-$run" --policy-name deny-delete \
  --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:Delete*","Resource":"*"}]}'
aws iam attach-user-policy --user-name "bench-reader-$run" --policy-arn arn:aws:iam::aws:policy/IAMReadOnlyAccess
keys=$(aws iam create-access-key --user-name "bench-reader-$run" --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text)
AWS_ACCESS_KEY_ID=$(cut -f1 <<<"$keys") AWS_SECRET_ACCESS_KEY=$(cut -f2 <<<"$keys") \
  python3 "$here/presign_many.py" "$endpoint" iam "Action=GetUser&Version=2010-05-08&UserName=bench-reader-$run" 1 > "$work/get-user"
load "GetUser (IAM user: 3 policies loaded and evaluated)" "$work/get-user"
one "GetUser (IAM user: 3 policies loaded and evaluated)" "$work/get-user"
