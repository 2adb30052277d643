"""The scripted session of the audit interop test, through boto3 against a real `warden serve`:

    create a user, attach a policy, give it a key and a password; the user assumes a role of a second
    account (cross-account) and calls as that session; the user makes a call its policy denies; a call is
    signed with a wrong secret.

Prints one JSON object: what the test then looks for with `aws cloudtrail lookup-events`, and every secret
the session created (which must appear nowhere in the trail). Environment: AWS_ENDPOINT_URL, the first
account's root key (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), the second account's root key
(WARDEN_SECOND_ACCESS_KEY_ID/WARDEN_SECOND_SECRET_ACCESS_KEY)."""
import json
import os
import sys
import time

import boto3
import botocore.config
import botocore.exceptions

CONFIG = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"})
ENDPOINT = os.environ["AWS_ENDPOINT_URL"]


def client(service, key, secret, token=None):
    return boto3.client(
        service, endpoint_url=ENDPOINT, region_name="eu-west-1", aws_access_key_id=key, aws_secret_access_key=secret,
        aws_session_token=token, config=CONFIG)


def document(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


root_key, root_secret = os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"]
iam = client("iam", root_key, root_secret)
first_account = client("sts", root_key, root_secret).get_caller_identity()["Account"]
second_iam = client("iam", os.environ["WARDEN_SECOND_ACCESS_KEY_ID"], os.environ["WARDEN_SECOND_SECRET_ACCESS_KEY"])

iam.create_user(UserName="auditee")
policy_arn = iam.create_policy(
    PolicyName="auditee-policy",
    PolicyDocument=document({"Effect": "Allow", "Action": ["iam:GetUser", "sts:AssumeRole"], "Resource": "*"}))["Policy"]["Arn"]
iam.attach_user_policy(UserName="auditee", PolicyArn=policy_arn)
key = iam.create_access_key(UserName="auditee")["AccessKey"]
password = "Audit-Session-Password-42!"
iam.create_login_profile(UserName="auditee", Password=password)

role_arn = second_iam.create_role(
    RoleName="cross-account-auditor",
    AssumeRolePolicyDocument=document({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{first_account}:user/auditee"}, "Action": "sts:AssumeRole"}),
)["Role"]["Arn"]
second_iam.put_role_policy(
    RoleName="cross-account-auditor", PolicyName="read", PolicyDocument=document({"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*"}))

# A new key takes a moment to be usable nowhere but AWS; here it is at once.
user_sts = client("sts", key["AccessKeyId"], key["SecretAccessKey"])
credentials = user_sts.assume_role(RoleArn=role_arn, RoleSessionName="audit-session")["Credentials"]
session_iam = client("iam", credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])
session_iam.list_roles()

user_iam = client("iam", key["AccessKeyId"], key["SecretAccessKey"])
denied = None
try:
    user_iam.create_user(UserName="not-allowed")
except botocore.exceptions.ClientError as error:
    denied = error.response["Error"]["Code"]

bad_signature = None
try:
    client("iam", key["AccessKeyId"], "x" * 40).get_user(UserName="auditee")
except botocore.exceptions.ClientError as error:
    bad_signature = error.response["Error"]["Code"]

print(json.dumps({
    "first_account": first_account,
    "user_arn": f"arn:aws:iam::{first_account}:user/auditee",
    "user_key": key["AccessKeyId"],
    "policy_arn": policy_arn,
    "role_arn": role_arn,
    "session_key": credentials["AccessKeyId"],
    "denied": denied,
    "bad_signature": bad_signature,
    "secrets": [key["SecretAccessKey"], password, credentials["SecretAccessKey"], credentials["SessionToken"], root_secret,
                os.environ["WARDEN_SECOND_SECRET_ACCESS_KEY"]],
}))
