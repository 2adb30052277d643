#!/usr/bin/env bash
# STS throughput end to end, from a second process on loopback: wrk on presigned GET requests.
# Usage: sts-bench.sh ENDPOINT      (a running Warden, e.g. a release build: swift run -c release warden serve)
# Needs wrk, python3 with botocore, the AWS CLI, and the account's root keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
# Measures: GetCallerIdentity/s as root (long-term key) and as a role session (the token opened per call), and
# AssumeRole/s by an IAM user (the trust policy and the user's policies evaluated, a session sealed; no database
# write).
set -euo pipefail
endpoint=${1:?endpoint}
source "$(dirname "$0")/wrk-common.sh"

python3 "$here/presign_many.py" "$endpoint" sts "Action=GetCallerIdentity&Version=2011-06-15" 1 > "$work/whoami"
check "$work/whoami"
load "GetCallerIdentity (root, long-term key)" "$work/whoami"
one "GetCallerIdentity (root, long-term key)" "$work/whoami"

account=$(aws sts get-caller-identity --query Account --output text)
aws iam create-role --role-name "bench-role-$run" --max-session-duration 3600 \
  --assume-role-policy-document "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::$account:root\"},\"Action\":\"sts:AssumeRole\"}]}" > /dev/null
aws iam attach-role-policy --role-name "bench-role-$run" --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
role="arn:aws:iam::$account:role/bench-role-$run"
# The root user may not assume roles (as in AWS): an IAM user allowed to does.
aws iam create-user --user-name "bench-assumer-$run" > /dev/null
aws iam put-user-policy --user-name "bench-assumer-$run" --policy-name assume \
  --policy-document "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"$role\"}]}"
keys=$(aws iam create-access-key --user-name "bench-assumer-$run" --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text)
export AWS_ACCESS_KEY_ID=$(cut -f1 <<<"$keys") AWS_SECRET_ACCESS_KEY=$(cut -f2 <<<"$keys")
sleep 1
python3 "$here/presign_many.py" "$endpoint" sts "Action=AssumeRole&Version=2011-06-15&RoleArn=$role&RoleSessionName=bench-{i}" 1 > "$work/assume"
check "$work/assume"
load "AssumeRole (an IAM user into a role of its account)" "$work/assume"
one "AssumeRole (an IAM user into a role of its account)" "$work/assume"

session=$(aws sts assume-role --role-arn "$role" --role-session-name bench --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
AWS_ACCESS_KEY_ID=$(cut -f1 <<<"$session") AWS_SECRET_ACCESS_KEY=$(cut -f2 <<<"$session") AWS_SESSION_TOKEN=$(cut -f3 <<<"$session") \
  python3 "$here/presign_many.py" "$endpoint" sts "Action=GetCallerIdentity&Version=2011-06-15" 1 > "$work/session-whoami"
check "$work/session-whoami"
load "GetCallerIdentity (role session: token opened per call)" "$work/session-whoami"
one "GetCallerIdentity (role session: token opened per call)" "$work/session-whoami"
