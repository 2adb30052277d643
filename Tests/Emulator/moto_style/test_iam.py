import json

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import ENDPOINT

TRUST = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}
)
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]})


def iam():
    return boto3.client("iam", region_name="us-east-1", endpoint_url=ENDPOINT)


def test_create_and_get_user():
    client = iam()
    client.create_user(UserName="my-user", Path="/team/")
    user = client.get_user(UserName="my-user")["User"]
    assert user["UserName"] == "my-user"
    assert user["Path"] == "/team/"
    assert user["Arn"] == "arn:aws:iam::123456789012:user/team/my-user"


@pytest.mark.aws_behaviour("AWS's unique ids carry their type's prefix: AIDA for a user")
def test_user_id_has_its_prefix():
    iam().create_user(UserName="prefixed")
    assert iam().get_user(UserName="prefixed")["User"]["UserId"].startswith("AIDA")


def test_get_missing_user_raises_no_such_entity():
    with pytest.raises(ClientError) as err:
        iam().get_user(UserName="ghost")
    assert err.value.response["Error"]["Code"] == "NoSuchEntity"


def test_create_duplicate_user():
    client = iam()
    client.create_user(UserName="dup")
    with pytest.raises(ClientError) as err:
        client.create_user(UserName="dup")
    assert err.value.response["Error"]["Code"] == "EntityAlreadyExists"


@pytest.mark.aws_behaviour("AWS pages ListUsers by MaxItems; moto returns every user")
def test_list_users_paginates():
    client = iam()
    for i in range(5):
        client.create_user(UserName=f"user-{i}")
    page = client.list_users(MaxItems=2)
    assert len(page["Users"]) == 2 and page["IsTruncated"]
    names = [u["UserName"] for p in client.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 2}) for u in p["Users"]]
    assert sorted(names) == [f"user-{i}" for i in range(5)]


def test_access_keys():
    client = iam()
    client.create_user(UserName="keyed")
    key = client.create_access_key(UserName="keyed")["AccessKey"]
    assert key["AccessKeyId"].startswith("AKIA") and key["Status"] == "Active"
    client.update_access_key(UserName="keyed", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    listed = client.list_access_keys(UserName="keyed")["AccessKeyMetadata"]
    assert [(k["AccessKeyId"], k["Status"]) for k in listed] == [(key["AccessKeyId"], "Inactive")]


def test_groups():
    client = iam()
    client.create_user(UserName="member")
    client.create_group(GroupName="admins")
    client.add_user_to_group(GroupName="admins", UserName="member")
    assert [g["GroupName"] for g in client.list_groups_for_user(UserName="member")["Groups"]] == ["admins"]
    client.remove_user_from_group(GroupName="admins", UserName="member")
    assert client.get_group(GroupName="admins")["Users"] == []


def test_managed_policy_attach_and_versions():
    client = iam()
    client.create_user(UserName="attached")
    arn = client.create_policy(PolicyName="list-buckets", PolicyDocument=POLICY)["Policy"]["Arn"]
    client.attach_user_policy(UserName="attached", PolicyArn=arn)
    assert client.list_attached_user_policies(UserName="attached")["AttachedPolicies"] == [{"PolicyName": "list-buckets", "PolicyArn": arn}]
    client.create_policy_version(PolicyArn=arn, PolicyDocument=POLICY, SetAsDefault=True)
    versions = client.list_policy_versions(PolicyArn=arn)["Versions"]
    assert sorted((v["VersionId"], v["IsDefaultVersion"]) for v in versions) == [("v1", False), ("v2", True)]


def test_inline_role_policy():
    client = iam()
    client.create_role(RoleName="my-role", AssumeRolePolicyDocument=TRUST)
    client.put_role_policy(RoleName="my-role", PolicyName="inline", PolicyDocument=POLICY)
    document = client.get_role_policy(RoleName="my-role", PolicyName="inline")["PolicyDocument"]
    assert document["Statement"][0]["Action"] == "s3:ListBucket"
    assert client.list_role_policies(RoleName="my-role")["PolicyNames"] == ["inline"]


def test_role_tags():
    client = iam()
    client.create_role(RoleName="tagged", AssumeRolePolicyDocument=TRUST, Tags=[{"Key": "team", "Value": "infra"}])
    client.tag_role(RoleName="tagged", Tags=[{"Key": "env", "Value": "ci"}])
    tags = {t["Key"]: t["Value"] for t in client.list_role_tags(RoleName="tagged")["Tags"]}
    assert tags == {"team": "infra", "env": "ci"}


@pytest.mark.aws_behaviour("AWS refuses to delete a user that still has access keys or attached policies")
def test_delete_user_with_access_key_conflicts():
    client = iam()
    client.create_user(UserName="busy")
    client.create_access_key(UserName="busy")
    with pytest.raises(ClientError) as err:
        client.delete_user(UserName="busy")
    assert err.value.response["Error"]["Code"] == "DeleteConflict"


def test_malformed_policy_is_refused():
    bad = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "s3:*", "Resource": "*"}]})
    with pytest.raises(ClientError) as err:
        iam().create_policy(PolicyName="bad", PolicyDocument=bad)
    assert err.value.response["Error"]["Code"] == "MalformedPolicyDocument"


@pytest.mark.aws_behaviour("AWS authorizes every call: a user's own key is denied what its policies do not allow")
def test_user_key_is_denied_what_its_policy_does_not_allow():
    client = iam()
    client.create_user(UserName="limited")
    client.put_user_policy(
        UserName="limited",
        PolicyName="list-only",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}),
    )
    key = client.create_access_key(UserName="limited")["AccessKey"]
    limited = boto3.client(
        "iam", region_name="us-east-1", endpoint_url=ENDPOINT,
        aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"], aws_session_token=None,
    )
    limited.list_users()
    with pytest.raises(ClientError) as err:
        limited.create_user(UserName="escalated")
    assert err.value.response["Error"]["Code"] == "AccessDenied"
