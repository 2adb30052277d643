"""IAM, Organizations and STS through boto3 against `warden emulate`, with fake credentials, reset between
tests; and what the emulator enforces that moto_server and LocalStack do not."""

import json
import os
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT_ID, _free_port, _healthy, reset

ALLOW_ALL_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}, "Action": "sts:AssumeRole"}],
}


def error_code(call):
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"]


def user_with_policy(iam, name, actions, resource="*"):
    iam.create_user(UserName=name)
    iam.put_user_policy(
        UserName=name,
        PolicyName="only",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}]}),
    )
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def admin(aws):
    """A client acting as an IAM user with AdministratorAccess: AWS refuses AssumeRole to root credentials."""
    iam = aws("iam")
    iam.create_user(UserName="admin")
    iam.attach_user_policy(UserName="admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    key = iam.create_access_key(UserName="admin")["AccessKey"]
    return lambda service: aws(service, key["AccessKeyId"], key["SecretAccessKey"])


# --- the fake key is the account's root ---------------------------------------------------------------

def test_fake_credentials_are_the_default_accounts_root(aws):
    identity = aws("sts").get_caller_identity()
    assert identity["Account"] == ACCOUNT_ID
    assert identity["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:root"


@pytest.mark.parametrize("key_id", ["testing", "FOOBARKEY", "test", "AKIAFAKEFAKEFAKEFAKE"])
def test_any_unknown_key_and_any_region_is_accepted(aws, key_id):
    for region in ["us-east-1", "eu-west-3", "ap-southeast-2"]:
        assert aws("sts", key_id, "whatever-secret", region=region).get_caller_identity()["Account"] == ACCOUNT_ID


def test_an_unsigned_or_malformed_request_is_still_refused(endpoint):
    # The fake key stands in for a secret, not for a signature: the request must still be signed, well-formed.
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    cases = {
        "MissingAuthenticationToken": {},
        "IncompleteSignature": {"Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sts/aws4_request"},
    }
    for code, extra in cases.items():
        request = urllib.request.Request(endpoint + "/", data=body, headers={**headers, **extra}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code in (400, 403)
        assert f"<Code>{code}</Code>" in refused.value.read().decode(), code


def test_moto_style_session_token_is_accepted(aws):
    # moto's documentation exports AWS_SESSION_TOKEN=testing along with the keys.
    assert aws("sts", token="testing").get_caller_identity()["Account"] == ACCOUNT_ID


# --- IAM ------------------------------------------------------------------------------------------------

def test_iam_users_groups_and_managed_policies(aws):
    iam = aws("iam")
    iam.create_user(UserName="alice", Path="/engineering/")
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    arn = iam.create_policy(
        PolicyName="read-users",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}]}),
    )["Policy"]["Arn"]
    assert arn == f"arn:aws:iam::{ACCOUNT_ID}:policy/read-users"
    iam.attach_group_policy(GroupName="devs", PolicyArn=arn)
    assert [u["UserName"] for u in iam.get_group(GroupName="devs")["Users"]] == ["alice"]
    assert iam.list_attached_group_policies(GroupName="devs")["AttachedPolicies"][0]["PolicyArn"] == arn
    assert iam.get_user(UserName="alice")["User"]["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:user/engineering/alice"
    assert error_code(lambda: iam.create_user(UserName="alice")) == "EntityAlreadyExists"
    assert error_code(lambda: iam.get_user(UserName="bob")) == "NoSuchEntity"


def test_iam_roles_with_a_trust_policy_and_an_aws_managed_policy(aws):
    iam = aws("iam")
    role = iam.create_role(RoleName="deployer", AssumeRolePolicyDocument=json.dumps(ALLOW_ALL_TRUST))["Role"]
    assert role["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:role/deployer"
    iam.attach_role_policy(RoleName="deployer", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["deployer"]


def test_invalid_input_gets_awss_error(aws):
    iam = aws("iam")
    assert error_code(lambda: iam.create_user(UserName="bad name!")) == "ValidationError"
    assert error_code(lambda: iam.create_policy(PolicyName="p", PolicyDocument="{not json")) == "MalformedPolicyDocument"


# --- STS ------------------------------------------------------------------------------------------------

def test_assume_role_and_the_sessions_identity(aws):
    iam = aws("iam")
    iam.create_role(RoleName="deployer", AssumeRolePolicyDocument=json.dumps(ALLOW_ALL_TRUST))
    # As in AWS, root credentials cannot assume a role; an IAM user can.
    assert error_code(lambda: aws("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/deployer", RoleSessionName="ci")) == "AccessDenied"
    credentials = admin(aws)("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/deployer", RoleSessionName="ci")["Credentials"]
    session = aws("sts", credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])
    assert session.get_caller_identity()["Arn"] == f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/deployer/ci"


def test_get_session_token_and_federation_token(aws):
    sts = aws("sts")
    assert sts.get_session_token(DurationSeconds=900)["Credentials"]["AccessKeyId"].startswith("ASIA")
    federated = sts.get_federation_token(
        Name="visitor",
        Policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*"}]}),
    )
    assert federated["FederatedUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT_ID}:federated-user/visitor"


# --- Organizations --------------------------------------------------------------------------------------

def wait_for_account(organizations, request_id):
    for _ in range(100):
        status = organizations.describe_create_account_status(CreateAccountRequestId=request_id)["CreateAccountStatus"]
        if status["State"] != "IN_PROGRESS":
            return status
        time.sleep(0.1)
    raise AssertionError("CreateAccount did not finish")


def test_organization_accounts_units_and_policies(aws):
    organizations = aws("organizations")
    organization = organizations.create_organization(FeatureSet="ALL")["Organization"]
    assert organization["MasterAccountId"] == ACCOUNT_ID
    root_id = organizations.list_roots()["Roots"][0]["Id"]
    unit = organizations.create_organizational_unit(ParentId=root_id, Name="workloads")["OrganizationalUnit"]
    request = organizations.create_account(Email="member@example.com", AccountName="member")["CreateAccountStatus"]
    status = wait_for_account(organizations, request["Id"])
    assert status["State"] == "SUCCEEDED", status
    organizations.move_account(AccountId=status["AccountId"], SourceParentId=root_id, DestinationParentId=unit["Id"])
    assert [a["Id"] for a in organizations.list_accounts_for_parent(ParentId=unit["Id"])["Accounts"]] == [status["AccountId"]]
    organizations.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    policy = organizations.create_policy(
        Name="no-iam-users",
        Description="",
        Type="SERVICE_CONTROL_POLICY",
        Content=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}]}),
    )["Policy"]["PolicySummary"]
    organizations.attach_policy(PolicyId=policy["Id"], TargetId=unit["Id"])
    assert len(organizations.list_accounts()["Accounts"]) == 2


# --- enforcement: what moto_server and LocalStack let through -------------------------------------------

def test_a_users_own_key_is_denied_what_its_policy_does_not_allow(aws):
    key_id, secret = user_with_policy(aws("iam"), "reader", ["iam:ListUsers"])
    reader = aws("iam", key_id, secret)
    assert [u["UserName"] for u in reader.list_users()["Users"]] == ["reader"]
    with pytest.raises(ClientError) as denied:
        reader.create_user(UserName="mallory")
    assert denied.value.response["Error"]["Code"] == "AccessDenied"
    assert f"arn:aws:iam::{ACCOUNT_ID}:user/reader is not authorized to perform: iam:CreateUser" in denied.value.response["Error"]["Message"]
    # The fake root key is allowed the same call.
    aws("iam").create_user(UserName="mallory")


def test_a_users_key_with_the_wrong_secret_is_refused_not_taken_as_root(aws):
    key_id, _ = user_with_policy(aws("iam"), "reader", ["iam:ListUsers"])
    assert error_code(lambda: aws("iam", key_id, "not-the-secret").list_users()) == "SignatureDoesNotMatch"


def test_a_permissions_boundary_caps_a_users_policy(aws):
    iam = aws("iam")
    key_id, secret = user_with_policy(iam, "builder", ["iam:*"])
    boundary = iam.create_policy(
        PolicyName="boundary",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:List*", "Resource": "*"}]}),
    )["Policy"]["Arn"]
    iam.put_user_permissions_boundary(UserName="builder", PermissionsBoundary=boundary)
    builder = aws("iam", key_id, secret)
    builder.list_users()
    assert error_code(lambda: builder.create_group(GroupName="g")) == "AccessDenied"


def test_a_trust_policy_decides_who_may_assume_a_role(aws):
    iam = aws("iam")
    key_id, secret = user_with_policy(iam, "outsider", ["sts:AssumeRole"])
    trust_only_root_sessions = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:user/someone-else"}, "Action": "sts:AssumeRole"}],
    }
    iam.create_user(UserName="someone-else")
    iam.create_role(RoleName="guarded", AssumeRolePolicyDocument=json.dumps(trust_only_root_sessions))
    outsider = aws("sts", key_id, secret)
    assert error_code(lambda: outsider.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/guarded", RoleSessionName="xx")) == "AccessDenied"


def test_a_session_policy_narrows_an_assumed_role(aws):
    iam = aws("iam")
    iam.create_role(RoleName="admin", AssumeRolePolicyDocument=json.dumps(ALLOW_ALL_TRUST))
    iam.attach_role_policy(RoleName="admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    narrow = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*"}]}
    credentials = admin(aws)("sts").assume_role(
        RoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/admin", RoleSessionName="narrow", Policy=json.dumps(narrow)
    )["Credentials"]
    session = aws("iam", credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])
    session.list_roles()
    assert error_code(lambda: session.list_users()) == "AccessDenied"


def test_a_service_control_policy_binds_a_member_accounts_root(aws):
    organizations = aws("organizations")
    organizations.create_organization(FeatureSet="ALL")
    root_id = organizations.list_roots()["Roots"][0]["Id"]
    status = wait_for_account(organizations, organizations.create_account(Email="m@example.com", AccountName="m")["CreateAccountStatus"]["Id"])
    member = status["AccountId"]
    organizations.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    policy = organizations.create_policy(
        Name="no-users", Description="", Type="SERVICE_CONTROL_POLICY",
        Content=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"},
        ]}),
    )["Policy"]["PolicySummary"]
    organizations.attach_policy(PolicyId=policy["Id"], TargetId=member)
    # The management account reaches the member through the role CreateAccount made there.
    credentials = admin(aws)("sts").assume_role(
        RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole", RoleSessionName="admin"
    )["Credentials"]
    in_member = aws("iam", credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])
    in_member.create_group(GroupName="allowed")
    assert error_code(lambda: in_member.create_user(UserName="denied")) == "AccessDenied"


# --- reset ----------------------------------------------------------------------------------------------

def test_reset_removes_everything_and_keeps_the_root_key(aws, endpoint):
    iam = aws("iam")
    iam.create_user(UserName="alice")
    aws("organizations").create_organization(FeatureSet="ALL")
    reset(endpoint)
    assert iam.list_users()["Users"] == []
    assert error_code(lambda: aws("organizations").describe_organization()) == "AWSOrganizationsNotInUseException"
    root = aws("sts", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    assert root.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:root"


def test_warden_reset_path_and_event_trail_are_wiped(aws, endpoint):
    aws("iam").create_user(UserName="audited")
    trail = aws("cloudtrail")
    assert any(e["EventName"] == "CreateUser" for e in trail.lookup_events()["Events"])
    request = urllib.request.Request(endpoint + "/_warden/reset", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert json.loads(response.read())["status"] == "ok"
    assert not any(e["EventName"] == "CreateUser" for e in trail.lookup_events()["Events"])


# --- strict mode ----------------------------------------------------------------------------------------

def test_strict_mode_refuses_unknown_keys(aws):
    binary = os.environ.get("WARDEN_BIN", "warden")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([binary, "emulate", "--strict", "--port", str(port), "--log-level", "error"])
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            assert process.poll() is None and time.monotonic() < deadline, "warden emulate --strict did not start"
            time.sleep(0.05)
        import boto3

        def sts(key, secret):
            return boto3.client("sts", endpoint_url=url, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)

        assert error_code(lambda: sts("testing", "testing").get_caller_identity()) == "InvalidClientTokenId"
        assert sts("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").get_caller_identity()["Account"] == ACCOUNT_ID
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- endpoints: what SDKs and the CLI read from the environment -----------------------------------------

@pytest.mark.parametrize("variables", [
    {"AWS_ENDPOINT_URL": "{endpoint}"},
    {"AWS_ENDPOINT_URL_STS": "{endpoint}", "AWS_ENDPOINT_URL_IAM": "{endpoint}", "AWS_ENDPOINT_URL_ORGANIZATIONS": "{endpoint}"},
])
def test_the_aws_cli_finds_the_emulator_through_endpoint_variables(endpoint, variables):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "eu-central-1",
                        "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"})
    environment.update({k: v.format(endpoint=endpoint) for k, v in variables.items()})

    def cli(*arguments):
        done = subprocess.run(["aws", *arguments, "--output", "json"], env=environment, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else None

    assert cli("sts", "get-caller-identity")["Account"] == ACCOUNT_ID
    cli("iam", "create-user", "--user-name", "from-cli")
    assert [u["UserName"] for u in cli("iam", "list-users")["Users"]] == ["from-cli"]
    assert cli("organizations", "create-organization", "--feature-set", "ALL")["Organization"]["MasterAccountId"] == ACCOUNT_ID
