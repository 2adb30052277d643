import json
import time

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import ENDPOINT
from test_sts import deployer


def organizations():
    return boto3.client("organizations", region_name="us-east-1", endpoint_url=ENDPOINT)


def created_account(client, name):
    """CreateAccount is asynchronous in AWS: poll its status, as code written for AWS does."""
    status = client.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]
    while status["State"] == "IN_PROGRESS":
        time.sleep(0.1)
        status = client.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]
    assert status["State"] == "SUCCEEDED", status
    return status["AccountId"]


def test_create_and_describe_organization():
    client = organizations()
    created = client.create_organization(FeatureSet="ALL")["Organization"]
    described = client.describe_organization()["Organization"]
    assert described["Id"] == created["Id"]
    assert described["MasterAccountId"] == "123456789012"
    assert described["FeatureSet"] == "ALL"


def test_second_organization_is_refused():
    client = organizations()
    client.create_organization(FeatureSet="ALL")
    with pytest.raises(ClientError) as err:
        client.create_organization(FeatureSet="ALL")
    assert err.value.response["Error"]["Code"] == "AlreadyInOrganizationException"


def test_organizational_units():
    client = organizations()
    client.create_organization(FeatureSet="ALL")
    root_id = client.list_roots()["Roots"][0]["Id"]
    unit = client.create_organizational_unit(ParentId=root_id, Name="prod")["OrganizationalUnit"]
    assert unit["Id"].startswith("ou-")
    assert [u["Name"] for u in client.list_organizational_units_for_parent(ParentId=root_id)["OrganizationalUnits"]] == ["prod"]


def test_create_account_and_move_it():
    client = organizations()
    client.create_organization(FeatureSet="ALL")
    root_id = client.list_roots()["Roots"][0]["Id"]
    unit_id = client.create_organizational_unit(ParentId=root_id, Name="dev")["OrganizationalUnit"]["Id"]
    account_id = created_account(client, "dev-account")
    client.move_account(AccountId=account_id, SourceParentId=root_id, DestinationParentId=unit_id)
    assert client.list_parents(ChildId=account_id)["Parents"] == [{"Id": unit_id, "Type": "ORGANIZATIONAL_UNIT"}]
    assert {a["Name"] for a in client.list_accounts()["Accounts"]} >= {"dev-account"}


def test_service_control_policy_lifecycle():
    client = organizations()
    client.create_organization(FeatureSet="ALL")
    root_id = client.list_roots()["Roots"][0]["Id"]
    client.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    content = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]})
    policy = client.create_policy(Name="no-ec2", Description="deny ec2", Type="SERVICE_CONTROL_POLICY", Content=content)["Policy"]
    policy_id = policy["PolicySummary"]["Id"]
    client.attach_policy(PolicyId=policy_id, TargetId=root_id)
    attached = client.list_policies_for_target(TargetId=root_id, Filter="SERVICE_CONTROL_POLICY")["Policies"]
    assert policy_id in [p["Id"] for p in attached]
    client.detach_policy(PolicyId=policy_id, TargetId=root_id)
    client.delete_policy(PolicyId=policy_id)


def test_tag_account():
    client = organizations()
    client.create_organization(FeatureSet="ALL")
    account_id = created_account(client, "tagged")
    client.tag_resource(ResourceId=account_id, Tags=[{"Key": "cost-center", "Value": "42"}])
    assert client.list_tags_for_resource(ResourceId=account_id)["Tags"] == [{"Key": "cost-center", "Value": "42"}]


def test_delete_organization_with_members_is_refused():
    client = organizations()
    client.create_organization(FeatureSet="ALL")
    created_account(client, "member")
    with pytest.raises(ClientError) as err:
        client.delete_organization()
    assert err.value.response["Error"]["Code"] == "OrganizationNotEmptyException"


@pytest.mark.aws_behaviour("AWS applies an SCP to every principal of a member account")
def test_scp_denies_in_member_account():
    client = organizations()
    client.create_organization(FeatureSet="ALL")
    root_id = client.list_roots()["Roots"][0]["Id"]
    account_id = created_account(client, "guarded")
    client.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    content = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:CreateRole", "Resource": "*"},
    ]})
    policy_id = client.create_policy(Name="no-roles", Description="", Type="SERVICE_CONTROL_POLICY", Content=content)["Policy"]["PolicySummary"]["Id"]
    client.attach_policy(PolicyId=policy_id, TargetId=account_id)
    credentials = deployer("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole", RoleSessionName="admin"
    )["Credentials"]
    member_iam = boto3.client(
        "iam", region_name="us-east-1", endpoint_url=ENDPOINT,
        aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    with pytest.raises(ClientError) as err:
        member_iam.create_role(RoleName="blocked", AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
        ))
    assert err.value.response["Error"]["Code"] == "AccessDenied"
