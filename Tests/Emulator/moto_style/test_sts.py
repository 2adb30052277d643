import json

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import ENDPOINT

TRUST = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}
)


def client(service, **credentials):
    return boto3.client(service, region_name="us-east-1", endpoint_url=ENDPOINT, **credentials)


def user_allowed_to_assume_roles(service, name="deployer"):
    """A client acting as an IAM user allowed to assume roles: what calls AssumeRole in AWS (never root)."""
    iam = client("iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(
        UserName=name, PolicyName="assume",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}),
    )
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return client(service, aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"], aws_session_token=None)


def deployer(service):
    return user_allowed_to_assume_roles(service)


def test_get_caller_identity_account():
    assert client("sts").get_caller_identity()["Account"] == "123456789012"


@pytest.mark.aws_behaviour("AWS reports the credentials' real principal; moto reports a made-up user/moto")
def test_get_caller_identity_arn_is_the_root_user():
    assert client("sts").get_caller_identity()["Arn"] == "arn:aws:iam::123456789012:root"


def test_assume_role_returns_temporary_credentials():
    client("iam").create_role(RoleName="ci-role", AssumeRolePolicyDocument=TRUST)
    response = deployer("sts").assume_role(RoleArn="arn:aws:iam::123456789012:role/ci-role", RoleSessionName="pipeline", DurationSeconds=900)
    credentials = response["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    assert response["AssumedRoleUser"]["Arn"] == "arn:aws:sts::123456789012:assumed-role/ci-role/pipeline"


def test_assumed_role_session_identity():
    client("iam").create_role(RoleName="ci-role", AssumeRolePolicyDocument=TRUST)
    credentials = deployer("sts").assume_role(RoleArn="arn:aws:iam::123456789012:role/ci-role", RoleSessionName="pipeline")["Credentials"]
    session = client(
        "sts",
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    assert session.get_caller_identity()["Arn"] == "arn:aws:sts::123456789012:assumed-role/ci-role/pipeline"


def test_get_session_token():
    credentials = client("sts").get_session_token(DurationSeconds=900)["Credentials"]
    assert set(credentials) == {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}


@pytest.mark.aws_behaviour("AWS refuses AssumeRole to root credentials (the fake key is the account's root); moto allows it")
def test_root_credentials_cannot_assume_a_role():
    client("iam").create_role(RoleName="ci-role", AssumeRolePolicyDocument=TRUST)
    with pytest.raises(ClientError) as err:
        client("sts").assume_role(RoleArn="arn:aws:iam::123456789012:role/ci-role", RoleSessionName="root")
    assert err.value.response["Error"]["Code"] == "AccessDenied"


@pytest.mark.aws_behaviour("AWS refuses to assume a role that does not exist (AccessDenied); moto hands out credentials")
def test_assume_missing_role_is_denied():
    with pytest.raises(ClientError) as err:
        deployer("sts").assume_role(RoleArn="arn:aws:iam::123456789012:role/missing", RoleSessionName="xx")
    assert err.value.response["Error"]["Code"] == "AccessDenied"


@pytest.mark.aws_behaviour("AWS checks the role's trust policy; moto lets anyone assume any role")
def test_trust_policy_is_enforced():
    stranger = user_allowed_to_assume_roles("sts", "stranger")
    trusted_nobody = json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    )
    client("iam").create_role(RoleName="ec2-only", AssumeRolePolicyDocument=trusted_nobody)
    with pytest.raises(ClientError) as err:
        stranger.assume_role(RoleArn="arn:aws:iam::123456789012:role/ec2-only", RoleSessionName="xx")
    assert err.value.response["Error"]["Code"] == "AccessDenied"
