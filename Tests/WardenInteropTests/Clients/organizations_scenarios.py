"""Black-box AWS Organizations scenarios: drives an endpoint with boto3 the way an SDK user would and checks
that every answer, and every guardrail (SCPs and RCPs), is the one AWS documents.

Usage: organizations_scenarios.py SCENARIO   runs one scenario and prints one JSON line:
                                             {"ok": true} or {"ok": false, "failures": ["label: detail", ...]}
       organizations_scenarios.py --list     prints the scenario names, one a line

The endpoint and the root credentials of the first account (which becomes the management account) come from
AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (boto3 reads them itself). Scenarios that need a
second, standalone account outside the organization read its root key from WARDEN_SECOND_ACCESS_KEY_ID and
WARDEN_SECOND_SECRET_ACCESS_KEY, and its email address (for invitations by email) from WARDEN_SECOND_EMAIL.
Every scenario creates its own organization, so each needs a fresh server.

As in iam_scenarios.py, every check is labelled and every failed check is collected: a scenario never stops
at its first failure, and an unexpected exception fails only the section it happened in.
"""
import concurrent.futures
import datetime
import json
import os
import sys
import time

from scenario_support import CONFIG, REGION, UNVALIDATED, Checks, allow, deny, describe, main, policy, tag_dict

import boto3
import botocore.exceptions
SCP = "SERVICE_CONTROL_POLICY"
RCP = "RESOURCE_CONTROL_POLICY"
FULL_AWS_ACCESS = "p-FullAWSAccess"
RCP_FULL_AWS_ACCESS = "p-RCPFullAWSAccess"
ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"
ACCESS_ROLE = "OrganizationAccountAccessRole"
# How long a CreateAccount / CloseAccount may stay in progress before the check fails.
ACCOUNT_TIMEOUT = 30.0
# AWS documents both for the management account: MasterCannotLeaveOrganizationException, and
# ConstraintViolationException with ACCOUNT_CANNOT_LEAVE_ORGANIZATION.
MANAGEMENT_CANNOT_LEAVE = ("MasterCannotLeaveOrganizationException", "ConstraintViolationException")
SCP_DENY = "with an explicit deny in a service control policy"


def trust(*principals, condition=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": list(principals)}, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return policy(statement)


def ids(items, key="Id"):
    return [item.get(key) for item in items or []]


class Run(Checks):
    """One scenario's state: the management account's root clients, the suffix and the failures so far."""

    def __init__(self):
        super().__init__()
        self.org = boto3.client("organizations", region_name=REGION, config=CONFIG)
        self.unvalidated = boto3.client("organizations", region_name=REGION, config=UNVALIDATED)
        self.iam = boto3.client("iam", region_name=REGION, config=CONFIG)
        self.sts = boto3.client("sts", region_name=REGION, config=CONFIG)
        self.account = self.sts.get_caller_identity()["Account"]
        self._admin_key = None
        self._second = None

    # names ----------------------------------------------------------------------------------------
    def email(self, prefix):
        return f"{prefix}-{self.suffix}@example.com"

    # clients --------------------------------------------------------------------------------------
    @staticmethod
    def client(service, credentials):
        """A client signing with an access key or a session's credentials."""
        return boto3.client(service, region_name=REGION, config=CONFIG,
                            aws_access_key_id=credentials.get("AccessKeyId"),
                            aws_secret_access_key=credentials.get("SecretAccessKey"),
                            aws_session_token=credentials.get("SessionToken"))

    def admin_key(self):
        """An IAM user with AdministratorAccess in the management account (root may not assume roles)."""
        if self._admin_key is None:
            self._admin_key = self.admin_user(self.iam, "mgmt-admin")
        return self._admin_key

    def admin_user(self, iam, prefix):
        name = self.name(prefix)
        self.ok(f"setup CreateUser {prefix}", iam.create_user, UserName=name)
        self.ok(f"setup AttachUserPolicy {prefix}", iam.attach_user_policy, UserName=name, PolicyArn=ADMINISTRATOR_ACCESS)
        return self.ok(f"setup CreateAccessKey {prefix}", iam.create_access_key, UserName=name).get("AccessKey", {})

    def second(self):
        """The standalone second account: {"account", "root" (key), "org", "iam", "sts"}, or None."""
        if self._second is None:
            key_id, secret = os.environ.get("WARDEN_SECOND_ACCESS_KEY_ID"), os.environ.get("WARDEN_SECOND_SECRET_ACCESS_KEY")
            if not key_id or not secret:
                self.fail("second account", "WARDEN_SECOND_ACCESS_KEY_ID / WARDEN_SECOND_SECRET_ACCESS_KEY are not set")
                return None
            root = {"AccessKeyId": key_id, "SecretAccessKey": secret}
            sts = self.client("sts", root)
            account = self.ok("second account GetCallerIdentity", sts.get_caller_identity).get("Account")
            if account is None:
                return None
            self.check("the second account is another account", account != self.account, account)
            self._second = {"account": account, "root": root, "email": os.environ.get("WARDEN_SECOND_EMAIL"),
                            "org": self.client("organizations", root),
                            "iam": self.client("iam", root), "sts": sts}
        return self._second

    # organization helpers -------------------------------------------------------------------------
    def create_organization(self, *policy_types):
        """Creates the organization (all features) and enables `policy_types` on its root; returns (org, root id)."""
        organization = self.ok("setup CreateOrganization", self.org.create_organization, FeatureSet="ALL").get("Organization", {})
        roots = self.ok("setup ListRoots", self.org.list_roots).get("Roots", [])
        root = roots[0]["Id"] if roots else "r-missing"
        for policy_type in policy_types:
            self.ok(f"setup EnablePolicyType {policy_type}", self.org.enable_policy_type, RootId=root, PolicyType=policy_type)
        return organization, root

    def ou(self, prefix, parent, **extra):
        return self.ok(f"setup CreateOrganizationalUnit {prefix}", self.org.create_organizational_unit, ParentId=parent,
                       Name=self.name(prefix), **extra).get("OrganizationalUnit", {}).get("Id", "ou-missing-missing")

    def scp(self, prefix, document, policy_type=SCP):
        return self.ok(f"setup CreatePolicy {prefix}", self.org.create_policy, Name=self.name(prefix), Description=prefix,
                       Type=policy_type, Content=json.dumps(document)).get("Policy", {}).get("PolicySummary", {}).get("Id", "p-missing0")

    def wait_for_request(self, label, request_id):
        """Polls DescribeCreateAccountStatus until the request leaves IN_PROGRESS; returns the last status."""
        deadline = time.monotonic() + ACCOUNT_TIMEOUT
        while True:
            status = self.ok(f"{label} DescribeCreateAccountStatus", self.org.describe_create_account_status,
                             CreateAccountRequestId=request_id).get("CreateAccountStatus", {})
            if status.get("State") != "IN_PROGRESS":
                return status
            if time.monotonic() > deadline:
                self.fail(label, f"still IN_PROGRESS after {ACCOUNT_TIMEOUT:.0f} s")
                return status
            time.sleep(0.2)

    def member(self, prefix, parent=None, root=None, **extra):
        """Creates a member account (waiting for SUCCEEDED) and moves it under `parent`; returns its id."""
        started = self.ok(f"setup CreateAccount {prefix}", self.org.create_account, Email=self.email(prefix),
                          AccountName=self.name(prefix), **extra).get("CreateAccountStatus", {})
        status = self.wait_for_request(f"setup CreateAccount {prefix}", started.get("Id", "car-missing"))
        self.eq(f"setup CreateAccount {prefix} State", status.get("State"), "SUCCEEDED")
        account = status.get("AccountId", "000000000000")
        if parent is not None and parent != root:
            self.ok(f"setup MoveAccount {prefix}", self.org.move_account, AccountId=account, SourceParentId=root,
                    DestinationParentId=parent)
        return account

    def assume(self, label, credentials, role_arn, session=None, **extra):
        """AssumeRole as `credentials`; returns the session's credentials, or {} after recording the failure."""
        return self.ok(label, self.client("sts", credentials).assume_role, RoleArn=role_arn,
                       RoleSessionName=session or self.name("s")[:64], **extra).get("Credentials", {})

    def member_session(self, label, account):
        """The management account's administrator in `account` through OrganizationAccountAccessRole."""
        return self.assume(label, self.admin_key(), f"arn:aws:iam::{account}:role/{ACCESS_ROLE}", "admin")


def paginate(run, label, client, operation, key, **parameters):
    """Every item over all pages through boto3's paginator; [] after recording the failure."""
    try:
        return [item for page in client.get_paginator(operation).paginate(**parameters) for item in page.get(key, [])]
    except botocore.exceptions.ClientError as error:
        run.fail(label, f"unexpected {describe(error)}")
    except Exception as error:  # noqa: BLE001
        run.fail(label, f"unexpected {type(error).__name__}: {error}")
    return []


def at_once(calls):
    """Runs the calls together (threads start together); returns [(response or None, error code or None)]."""
    def attempt(call):
        try:
            return call(), None
        except botocore.exceptions.ClientError as error:
            return None, error.response.get("Error", {}).get("Code")
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(attempt, calls))


def policy_ids(run, label, target, policy_type=SCP):
    return ids(paginate(run, label, run.org, "list_policies_for_target", "Policies", TargetId=target, Filter=policy_type))


# ------------------------------------------------------------------------------------------------------
# organization


def organization(run):
    org, account = run.org, run.account
    with run.section("before the organization"):
        run.err("DescribeOrganization without an organization", "AWSOrganizationsNotInUseException", org.describe_organization)
        run.err("ListRoots without an organization", "AWSOrganizationsNotInUseException", org.list_roots)
    with run.section("CreateOrganization"):
        results = at_once([lambda: org.create_organization(FeatureSet="ALL")] * 3)
        run.eq("CreateOrganization three times at once: one organization", sorted(code or "ok" for _, code in results),
               ["AlreadyInOrganizationException"] * 2 + ["ok"])
        created = next((response for response, _ in results if response), {}).get("Organization", {})
        org_id = created.get("Id", "o-missing")
        run.match("CreateOrganization Id", r"o-[a-z0-9]{10,32}", org_id)
        run.eq("CreateOrganization Arn", created.get("Arn"), f"arn:aws:organizations::{account}:organization/{org_id}")
        run.eq("CreateOrganization FeatureSet", created.get("FeatureSet"), "ALL")
        run.eq("CreateOrganization MasterAccountId", created.get("MasterAccountId"), account)
        run.eq("CreateOrganization MasterAccountArn", created.get("MasterAccountArn"),
               f"arn:aws:organizations::{account}:account/{org_id}/{account}")
        run.check("CreateOrganization MasterAccountEmail", "@" in (created.get("MasterAccountEmail") or ""), created)
        run.err("CreateOrganization twice", "AlreadyInOrganizationException", org.create_organization, FeatureSet="ALL")
        described = run.ok("DescribeOrganization", org.describe_organization).get("Organization", {})
        for key in ("Id", "Arn", "FeatureSet", "MasterAccountId", "MasterAccountArn", "MasterAccountEmail"):
            run.eq(f"DescribeOrganization {key}", described.get(key), created.get(key))
    with run.section("ListRoots"):
        roots = run.ok("ListRoots", org.list_roots).get("Roots", [])
        run.eq("ListRoots one root", len(roots), 1)
        root = roots[0] if roots else {}
        root_id = root.get("Id", "r-missing")
        run.match("root Id", r"r-[0-9a-z]{4,32}", root_id)
        run.eq("root Arn", root.get("Arn"), f"arn:aws:organizations::{account}:root/{org_id}/{root_id}")
        run.eq("root Name", root.get("Name"), "Root")
        run.lacks("no policy type enabled at first", [t.get("Type") for t in root.get("PolicyTypes", [])], SCP)
    with run.section("the management account"):
        accounts = run.ok("ListAccounts", org.list_accounts).get("Accounts", [])
        run.eq("ListAccounts lists only the management account", ids(accounts), [account])
        me = run.ok("DescribeAccount management", org.describe_account, AccountId=account).get("Account", {})
        run.eq("management Arn", me.get("Arn"), f"arn:aws:organizations::{account}:account/{org_id}/{account}")
        run.eq("management Status", me.get("Status"), "ACTIVE")
        run.eq("management Email", me.get("Email"), created.get("MasterAccountEmail"))
        parents = run.ok("ListParents management", org.list_parents, ChildId=account).get("Parents", [])
        run.eq("the management account is in the root", parents, [{"Id": root_id, "Type": "ROOT"}])
    with run.section("EnablePolicyType SERVICE_CONTROL_POLICY"):
        enabled = run.ok("EnablePolicyType SCP", org.enable_policy_type, RootId=root_id, PolicyType=SCP).get("Root", {})
        run.contains("EnablePolicyType returns the root with SCPs enabled", enabled.get("PolicyTypes"), {"Type": SCP, "Status": "ENABLED"})
        listed = run.ok("ListRoots after enabling", org.list_roots).get("Roots", [{}])[0]
        run.contains("ListRoots shows SCPs enabled", listed.get("PolicyTypes"), {"Type": SCP, "Status": "ENABLED"})
        run.contains("FullAWSAccess is attached to the root", policy_ids(run, "ListPoliciesForTarget root", root_id), FULL_AWS_ACCESS)
        run.contains("FullAWSAccess is attached to the management account",
                     policy_ids(run, "ListPoliciesForTarget management", account), FULL_AWS_ACCESS)
        full = run.ok("DescribePolicy FullAWSAccess", org.describe_policy, PolicyId=FULL_AWS_ACCESS).get("Policy", {})
        summary = full.get("PolicySummary", {})
        run.eq("FullAWSAccess Arn", summary.get("Arn"), "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess")
        run.eq("FullAWSAccess Name", summary.get("Name"), "FullAWSAccess")
        run.eq("FullAWSAccess AwsManaged", summary.get("AwsManaged"), True)
        run.eq("FullAWSAccess Type", summary.get("Type"), SCP)
        content = json.loads(full.get("Content") or "{}")
        run.eq("FullAWSAccess Content", [(s.get("Effect"), s.get("Action"), s.get("Resource")) for s in content.get("Statement", [])],
               [("Allow", "*", "*")])
        run.err("EnablePolicyType SCP twice", "PolicyTypeAlreadyEnabledException", org.enable_policy_type, RootId=root_id, PolicyType=SCP)
        run.err("EnablePolicyType on a missing root", "RootNotFoundException", org.enable_policy_type,
                RootId="r-zzzz", PolicyType=RCP)
    with run.section("EnablePolicyType RESOURCE_CONTROL_POLICY"):
        enabled = run.ok("EnablePolicyType RCP", org.enable_policy_type, RootId=root_id, PolicyType=RCP).get("Root", {})
        run.contains("EnablePolicyType returns the root with RCPs enabled", enabled.get("PolicyTypes"), {"Type": RCP, "Status": "ENABLED"})
        run.contains("RCPFullAWSAccess is attached to the root", policy_ids(run, "ListPoliciesForTarget root RCP", root_id, RCP), RCP_FULL_AWS_ACCESS)
        full = run.ok("DescribePolicy RCPFullAWSAccess", org.describe_policy, PolicyId=RCP_FULL_AWS_ACCESS).get("Policy", {})
        run.eq("RCPFullAWSAccess Arn", full.get("PolicySummary", {}).get("Arn"),
               "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess")
        run.err("EnablePolicyType RCP twice", "PolicyTypeAlreadyEnabledException", org.enable_policy_type, RootId=root_id, PolicyType=RCP)
        disabled = run.ok("DisablePolicyType RCP", org.disable_policy_type, RootId=root_id, PolicyType=RCP).get("Root", {})
        run.lacks("DisablePolicyType removes RCP from the root", [t.get("Type") for t in disabled.get("PolicyTypes", [])], RCP)
        run.err("DisablePolicyType RCP twice", "PolicyTypeNotEnabledException", org.disable_policy_type, RootId=root_id, PolicyType=RCP)
        run.ok("EnablePolicyType RCP again", org.enable_policy_type, RootId=root_id, PolicyType=RCP)
    with run.section("IAM authorizes Organizations calls in the management account"):
        reader = run.name("reader")
        run.ok("CreateUser reader", run.iam.create_user, UserName=reader)
        reader_key = run.ok("CreateAccessKey reader", run.iam.create_access_key, UserName=reader).get("AccessKey", {})
        as_reader = run.client("organizations", reader_key)
        run.err("ListAccounts without any policy", "AccessDeniedException", as_reader.list_accounts)
        run.ok("PutUserPolicy organizations:List*, Describe*", run.iam.put_user_policy, UserName=reader, PolicyName="read",
               PolicyDocument=json.dumps(policy(allow(["organizations:List*", "organizations:Describe*"]))))
        run.eq("ListAccounts with organizations:List*", ids(run.ok("ListAccounts as reader", as_reader.list_accounts).get("Accounts")),
               [account])
        run.eq("DescribeOrganization with organizations:Describe*",
               run.ok("DescribeOrganization as reader", as_reader.describe_organization).get("Organization", {}).get("Id"), org_id)
        run.err("CreateOrganizationalUnit is not granted", "AccessDeniedException", as_reader.create_organizational_unit,
                ParentId=root_id, Name="nope")
        run.ok("PutUserPolicy deny DescribeOrganization", run.iam.put_user_policy, UserName=reader, PolicyName="deny",
               PolicyDocument=json.dumps(policy(deny("organizations:DescribeOrganization"))))
        run.err("an explicit deny wins", "AccessDeniedException", as_reader.describe_organization)
    with run.section("DeleteOrganization refused while a member exists"):
        second = run.second()
        if second:
            handshake = run.ok("InviteAccountToOrganization", org.invite_account_to_organization,
                               Target={"Id": second["account"], "Type": "ACCOUNT"}).get("Handshake", {})
            run.ok("AcceptHandshake as the second account", second["org"].accept_handshake, HandshakeId=handshake.get("Id", "h-missing0"))
            run.err("DeleteOrganization with a member", "OrganizationNotEmptyException", org.delete_organization)
            run.err("DeleteOrganization as a member", "AccessDeniedException", second["org"].delete_organization)
            run.eq("the organization is still there",
                   run.ok("DescribeOrganization", org.describe_organization).get("Organization", {}).get("Id"), org_id)
            run.ok("RemoveAccountFromOrganization", org.remove_account_from_organization, AccountId=second["account"])
            run.err("the removed account is standalone", "AWSOrganizationsNotInUseException", second["org"].describe_organization)
    with run.section("DeleteOrganization"):
        run.ou("doomed", root_id)
        run.scp("doomed", policy(deny("s3:*")))
        run.ok("DeleteOrganization once empty (OUs and policies go with it)", org.delete_organization)
        run.err("DescribeOrganization after delete", "AWSOrganizationsNotInUseException", org.describe_organization)
        again = run.ok("CreateOrganization after delete", org.create_organization, FeatureSet="ALL").get("Organization", {})
        run.check("a new organization has a new id", again.get("Id") and again.get("Id") != org_id, again.get("Id"))
        new_root = run.ok("ListRoots of the new organization", org.list_roots).get("Roots", [{}])[0]
        run.check("a new organization has a new root", new_root.get("Id") and new_root.get("Id") != root_id, new_root)
        run.eq("the new root has no OUs", run.ok("ListOrganizationalUnitsForParent", org.list_organizational_units_for_parent,
                                                 ParentId=new_root.get("Id", "r-missing")).get("OrganizationalUnits"), [])
        run.eq("the new organization has no customer policies",
               ids(run.ok("ListPolicies", org.list_policies, Filter=SCP).get("Policies")), [FULL_AWS_ACCESS])
    with run.section("an organization with consolidated billing only"):
        run.ok("DeleteOrganization again", org.delete_organization)
        billing = run.ok("CreateOrganization CONSOLIDATED_BILLING", org.create_organization,
                         FeatureSet="CONSOLIDATED_BILLING").get("Organization", {})
        run.eq("FeatureSet CONSOLIDATED_BILLING", billing.get("FeatureSet"), "CONSOLIDATED_BILLING")
        billing_root = run.ok("ListRoots", org.list_roots).get("Roots", [{}])[0].get("Id", "r-missing")
        run.err("EnablePolicyType SCP without all features", "PolicyTypeNotAvailableForOrganizationException",
                org.enable_policy_type, RootId=billing_root, PolicyType=SCP)


# ------------------------------------------------------------------------------------------------------
# organizational units


def ous(run):
    org, account = run.org, run.account
    organization_, root = run.create_organization(SCP)
    org_id = organization_.get("Id", "o-missing")
    with run.section("CreateOrganizationalUnit"):
        eng = run.ok("CreateOrganizationalUnit", org.create_organizational_unit, ParentId=root, Name=run.name("eng"),
                     Tags=[{"Key": "team", "Value": "eng"}]).get("OrganizationalUnit", {})
        eng_id = eng.get("Id", "ou-missing-missing")
        run.match("OU Id", r"ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}", eng_id)
        run.check("OU Id embeds the root", eng_id.startswith("ou-" + root[2:] + "-"), f"{eng_id} under {root}")
        run.eq("OU Arn", eng.get("Arn"), f"arn:aws:organizations::{account}:ou/{org_id}/{eng_id}")
        run.eq("OU Name", eng.get("Name"), run.name("eng"))
        described = run.ok("DescribeOrganizationalUnit", org.describe_organizational_unit, OrganizationalUnitId=eng_id)
        run.eq("DescribeOrganizationalUnit", described.get("OrganizationalUnit"), eng)
        run.eq("CreateOrganizationalUnit Tags", tag_dict(run.ok("ListTagsForResource OU", org.list_tags_for_resource,
                                                                 ResourceId=eng_id).get("Tags")), {"team": "eng"})
        run.contains("a new OU gets FullAWSAccess", policy_ids(run, "ListPoliciesForTarget OU", eng_id), FULL_AWS_ACCESS)
        run.err("CreateOrganizationalUnit duplicate name", "DuplicateOrganizationalUnitException",
                org.create_organizational_unit, ParentId=root, Name=run.name("eng"))
        run.ok("the same name under another parent", org.create_organizational_unit, ParentId=eng_id, Name=run.name("eng"))
        run.err("CreateOrganizationalUnit under a missing parent", "ParentNotFoundException", org.create_organizational_unit,
                ParentId=f"ou-{root[2:]}-zzzzzzzz", Name=run.name("orphan"))
        run.err("CreateOrganizationalUnit with a 129-character name", "InvalidInputException",
                run.unvalidated.create_organizational_unit, reason="MAX_LENGTH_EXCEEDED", ParentId=root, Name="n" * 129)
        run.ok("CreateOrganizationalUnit with a 128-character name", org.create_organizational_unit, ParentId=root, Name="n" * 128)
        run.err("ListOrganizationalUnitsForParent of a missing parent", "ParentNotFoundException",
                org.list_organizational_units_for_parent, ParentId=f"ou-{root[2:]}-zzzzzzzz")
        run.err("DescribeOrganizationalUnit missing", "OrganizationalUnitNotFoundException", org.describe_organizational_unit,
                OrganizationalUnitId=f"ou-{root[2:]}-zzzzzzzz")
    with run.section("depth"):
        chain, parent = [], root
        for level in range(1, 6):
            parent = run.ok(f"CreateOrganizationalUnit depth {level}", org.create_organizational_unit, ParentId=parent,
                            Name=f"level{level}").get("OrganizationalUnit", {}).get("Id", "ou-missing-missing")
            chain.append(parent)
        run.err("CreateOrganizationalUnit depth 6", "ConstraintViolationException", org.create_organizational_unit,
                reason="OU_DEPTH_LIMIT_EXCEEDED", ParentId=parent, Name="level6")
        run.eq("ListParents level 3", run.ok("ListParents", org.list_parents, ChildId=chain[2]).get("Parents"),
               [{"Id": chain[1], "Type": "ORGANIZATIONAL_UNIT"}])
        run.eq("ListParents level 1", run.ok("ListParents", org.list_parents, ChildId=chain[0]).get("Parents"),
               [{"Id": root, "Type": "ROOT"}])
        run.eq("ListChildren of level 4", run.ok("ListChildren", org.list_children, ParentId=chain[3],
                                                 ChildType="ORGANIZATIONAL_UNIT").get("Children"),
               [{"Id": chain[4], "Type": "ORGANIZATIONAL_UNIT"}])
        run.err("DeleteOrganizationalUnit with a child OU", "OrganizationalUnitNotEmptyException",
                org.delete_organizational_unit, OrganizationalUnitId=chain[3])
    with run.section("CreateOrganizationalUnit with one name at once"):
        results = at_once([lambda: org.create_organizational_unit(ParentId=root, Name=run.name("race"))] * 4)
        run.eq("exactly one OU is made", sorted(code or "ok" for _, code in results),
               ["DuplicateOrganizationalUnitException"] * 3 + ["ok"])
    with run.section("UpdateOrganizationalUnit"):
        renamed = run.ok("UpdateOrganizationalUnit", org.update_organizational_unit, OrganizationalUnitId=eng_id,
                         Name=run.name("platform")).get("OrganizationalUnit", {})
        run.eq("UpdateOrganizationalUnit Name", renamed.get("Name"), run.name("platform"))
        run.eq("UpdateOrganizationalUnit keeps the Id", renamed.get("Id"), eng_id)
        run.eq("DescribeOrganizationalUnit after rename", run.ok("DescribeOrganizationalUnit", org.describe_organizational_unit,
                                                                 OrganizationalUnitId=eng_id).get("OrganizationalUnit", {}).get("Name"),
               run.name("platform"))
        run.err("UpdateOrganizationalUnit onto a sibling's name", "DuplicateOrganizationalUnitException",
                org.update_organizational_unit, OrganizationalUnitId=eng_id, Name="level1")
    with run.section("ListChildren and pagination"):
        pages_parent = run.ou("paged", root)
        made = [run.ok(f"CreateOrganizationalUnit page{i}", org.create_organizational_unit, ParentId=pages_parent,
                       Name=f"page{i}").get("OrganizationalUnit", {}).get("Id") for i in range(5)]
        first = run.ok("ListOrganizationalUnitsForParent MaxResults=2", org.list_organizational_units_for_parent,
                       ParentId=pages_parent, MaxResults=2)
        run.eq("MaxResults=2 returns two", len(first.get("OrganizationalUnits", [])), 2)
        run.check("MaxResults=2 returns a NextToken", first.get("NextToken"), first)
        units = paginate(run, "list_organizational_units_for_parent paginator", org, "list_organizational_units_for_parent",
                         "OrganizationalUnits", ParentId=pages_parent, PaginationConfig={"PageSize": 2})
        run.eq("the paginator returns every OU once", sorted(ids(units)), sorted(made))
        run.eq("the paginator returns the names", sorted(u.get("Name") for u in units), [f"page{i}" for i in range(5)])
        children = paginate(run, "list_children paginator", org, "list_children", "Children", ParentId=root,
                            ChildType="ORGANIZATIONAL_UNIT", PaginationConfig={"PageSize": 1})
        run.eq("ListChildren OUs of the root", len(children), 5)
        run.check("ListChildren OUs of the root", set([eng_id, chain[0], pages_parent]) <= set(ids(children)), children)
        accounts = run.ok("ListChildren ACCOUNT", org.list_children, ParentId=root, ChildType="ACCOUNT").get("Children")
        run.eq("ListChildren accounts of the root", accounts, [{"Id": account, "Type": "ACCOUNT"}])
        run.err("ListOrganizationalUnitsForParent MaxResults=21", "InvalidInputException", run.unvalidated.list_organizational_units_for_parent,
                reason="MAX_VALUE_EXCEEDED", ParentId=pages_parent, MaxResults=21)
        run.err("ListOrganizationalUnitsForParent bad NextToken", "InvalidInputException",
                org.list_organizational_units_for_parent, ParentId=pages_parent, NextToken="not-a-token")
    with run.section("DeleteOrganizationalUnit"):
        attached = run.ou("attached", root)
        scp = run.scp("ou-scp", policy(deny("s3:*")))
        run.ok("AttachPolicy to the OU", org.attach_policy, PolicyId=scp, TargetId=attached)
        run.ok("DeleteOrganizationalUnit with policies attached", org.delete_organizational_unit, OrganizationalUnitId=attached)
        run.eq("its attachments go with it", paginate(run, "list_targets_for_policy", org, "list_targets_for_policy", "Targets",
                                                      PolicyId=scp), [])
        run.ok("DeletePolicy once its only target is gone", org.delete_policy, PolicyId=scp)
        holder = run.ou("holder", root)
        run.ok("MoveAccount the management account into an OU", org.move_account, AccountId=account,
               SourceParentId=root, DestinationParentId=holder)
        run.err("DeleteOrganizationalUnit with an account", "OrganizationalUnitNotEmptyException",
                org.delete_organizational_unit, OrganizationalUnitId=holder)
        run.ok("MoveAccount back", org.move_account, AccountId=account, SourceParentId=holder, DestinationParentId=root)
        run.ok("DeleteOrganizationalUnit once empty", org.delete_organizational_unit, OrganizationalUnitId=holder)
        run.ok("DeleteOrganizationalUnit the deepest", org.delete_organizational_unit, OrganizationalUnitId=chain[4])
        run.ok("DeleteOrganizationalUnit its parent now", org.delete_organizational_unit, OrganizationalUnitId=chain[3])
        run.err("DescribeOrganizationalUnit deleted", "OrganizationalUnitNotFoundException",
                org.describe_organizational_unit, OrganizationalUnitId=chain[4])
        run.err("DeleteOrganizationalUnit twice", "OrganizationalUnitNotFoundException",
                org.delete_organizational_unit, OrganizationalUnitId=chain[4])


# ------------------------------------------------------------------------------------------------------
# accounts


def accounts(run):
    org, account = run.org, run.account
    organization_, root = run.create_organization(SCP)
    org_id = organization_.get("Id", "o-missing")
    with run.section("CreateAccount"):
        started = run.ok("CreateAccount", org.create_account, Email=run.email("dev"), AccountName=run.name("dev"),
                         Tags=[{"Key": "env", "Value": "dev"}]).get("CreateAccountStatus", {})
        request = started.get("Id", "car-missing")
        run.match("CreateAccount request Id", r"car-[a-z0-9]{8,32}", request)
        run.eq("CreateAccount State", started.get("State"), "IN_PROGRESS")
        run.eq("CreateAccount AccountName", started.get("AccountName"), run.name("dev"))
        run.check("CreateAccount RequestedTimestamp", isinstance(started.get("RequestedTimestamp"), datetime.datetime), started)
        status = run.wait_for_request("CreateAccount", request)
        run.eq("CreateAccount SUCCEEDED", status.get("State"), "SUCCEEDED")
        dev = status.get("AccountId", "000000000000")
        run.match("CreateAccount AccountId", r"\d{12}", dev)
        run.check("CreateAccount CompletedTimestamp", isinstance(status.get("CompletedTimestamp"), datetime.datetime), status)
        listed = paginate(run, "list_create_account_status paginator", org, "list_create_account_status",
                          "CreateAccountStatuses", States=["SUCCEEDED"])
        run.contains("ListCreateAccountStatus SUCCEEDED lists the request", ids(listed), request)
        run.err("CreateAccount with an invalid email", "InvalidInputException", org.create_account, Email="not-an-email",
                AccountName=run.name("bad"))
        run.err("CreateAccount with a 51-character name", "InvalidInputException", run.unvalidated.create_account,
                Email=run.email("long"), AccountName="a" * 51)
        run.err("DescribeAccount with a malformed id", "InvalidInputException", run.unvalidated.describe_account, AccountId="12")
        run.err("DescribeCreateAccountStatus missing", "CreateAccountStatusNotFoundException",
                org.describe_create_account_status, CreateAccountRequestId="car-" + "0" * 32)
    with run.section("DescribeAccount"):
        described = run.ok("DescribeAccount", org.describe_account, AccountId=dev).get("Account", {})
        run.eq("DescribeAccount Id", described.get("Id"), dev)
        run.eq("DescribeAccount Arn", described.get("Arn"), f"arn:aws:organizations::{account}:account/{org_id}/{dev}")
        run.eq("DescribeAccount Email", described.get("Email"), run.email("dev"))
        run.eq("DescribeAccount Name", described.get("Name"), run.name("dev"))
        run.eq("DescribeAccount Status", described.get("Status"), "ACTIVE")
        run.eq("DescribeAccount JoinedMethod", described.get("JoinedMethod"), "CREATED")
        run.check("DescribeAccount JoinedTimestamp", isinstance(described.get("JoinedTimestamp"), datetime.datetime), described)
        run.err("DescribeAccount missing", "AccountNotFoundException", org.describe_account, AccountId="111122223333")
        run.eq("CreateAccount Tags", tag_dict(run.ok("ListTagsForResource account", org.list_tags_for_resource,
                                                     ResourceId=dev).get("Tags")), {"env": "dev"})
        run.eq("a new account is in the root", run.ok("ListParents", org.list_parents, ChildId=dev).get("Parents"),
               [{"Id": root, "Type": "ROOT"}])
        run.contains("a new account gets FullAWSAccess", policy_ids(run, "ListPoliciesForTarget account", dev), FULL_AWS_ACCESS)
    with run.section("OrganizationAccountAccessRole"):
        session = run.member_session("AssumeRole OrganizationAccountAccessRole", dev)
        if session:
            identity = run.ok("GetCallerIdentity in the member", run.client("sts", session).get_caller_identity)
            run.eq("the session is in the member", identity.get("Account"), dev)
            run.eq("the session's Arn", identity.get("Arn"), f"arn:aws:sts::{dev}:assumed-role/{ACCESS_ROLE}/admin")
            member_iam = run.client("iam", session)
            role = run.ok("GetRole OrganizationAccountAccessRole", member_iam.get_role, RoleName=ACCESS_ROLE).get("Role", {})
            principals = [s.get("Principal", {}).get("AWS") for s in (role.get("AssumeRolePolicyDocument") or {}).get("Statement", [])]
            run.check("the role trusts the management account",
                       any(p in (f"arn:aws:iam::{account}:root", account) or (isinstance(p, list) and f"arn:aws:iam::{account}:root" in p)
                           for p in principals), principals)
            attached = run.ok("ListAttachedRolePolicies", member_iam.list_attached_role_policies, RoleName=ACCESS_ROLE)
            run.contains("the role has AdministratorAccess", [p.get("PolicyArn") for p in attached.get("AttachedPolicies", [])],
                         ADMINISTRATOR_ACCESS)
            run.ok("the member's administrator can create users", member_iam.create_user, UserName=run.name("member-user"))
            member_org = run.client("organizations", session)
            seen = run.ok("DescribeOrganization as a member", member_org.describe_organization).get("Organization", {})
            run.eq("a member sees its organization", seen.get("Id"), org_id)
            run.eq("a member sees the management account", seen.get("MasterAccountId"), account)
            run.err("ListRoots as a member", "AccessDeniedException", member_org.list_roots)
            run.err("CreateAccount as a member", "AccessDeniedException", member_org.create_account,
                    Email=run.email("sneaky"), AccountName="sneaky")
            run.err("CreateOrganization as a member", "AlreadyInOrganizationException", member_org.create_organization, FeatureSet="ALL")
        custom = run.member("custom", RoleName="OrgAdmin")
        run.check("AssumeRole the custom RoleName",
                  run.assume("AssumeRole OrgAdmin", run.admin_key(), f"arn:aws:iam::{custom}:role/OrgAdmin"), "no credentials")
        run.err("no OrganizationAccountAccessRole with a custom RoleName", "AccessDenied",
                run.client("sts", run.admin_key()).assume_role, RoleArn=f"arn:aws:iam::{custom}:role/{ACCESS_ROLE}",
                RoleSessionName="denied")
    with run.section("ListAccounts"):
        first = run.ok("ListAccounts MaxResults=1", org.list_accounts, MaxResults=1)
        run.eq("MaxResults=1 returns one", len(first.get("Accounts", [])), 1)
        run.check("MaxResults=1 returns a NextToken", first.get("NextToken"), first)
        everyone = paginate(run, "list_accounts paginator", org, "list_accounts", "Accounts", PaginationConfig={"PageSize": 1})
        run.eq("ListAccounts lists every account once", sorted(ids(everyone)), sorted([account, dev, custom]))
    with run.section("MoveAccount"):
        ou_a, ou_b = run.ou("a", root), run.ou("b", root)
        run.ok("MoveAccount root → a", org.move_account, AccountId=dev, SourceParentId=root, DestinationParentId=ou_a)
        run.eq("ListAccountsForParent a", ids(run.ok("ListAccountsForParent", org.list_accounts_for_parent, ParentId=ou_a).get("Accounts")),
               [dev])
        in_root = ids(paginate(run, "list_accounts_for_parent root", org, "list_accounts_for_parent", "Accounts", ParentId=root))
        run.lacks("the moved account left the root", in_root, dev)
        run.contains("the management account is still in the root", in_root, account)
        run.err("MoveAccount from the wrong source", "SourceParentNotFoundException", org.move_account, AccountId=dev,
                SourceParentId=ou_b, DestinationParentId=root)
        run.err("MoveAccount to a missing parent", "DestinationParentNotFoundException", org.move_account, AccountId=dev,
                SourceParentId=ou_a, DestinationParentId=f"ou-{root[2:]}-zzzzzzzz")
        run.err("MoveAccount to where it is", "DuplicateAccountException", org.move_account, AccountId=dev,
                SourceParentId=ou_a, DestinationParentId=ou_a)
        run.ok("MoveAccount a → b", org.move_account, AccountId=dev, SourceParentId=ou_a, DestinationParentId=ou_b)
        run.eq("ListParents after the move", run.ok("ListParents", org.list_parents, ChildId=dev).get("Parents"),
               [{"Id": ou_b, "Type": "ORGANIZATIONAL_UNIT"}])
        run.eq("ListAccountsForParent a is empty", run.ok("ListAccountsForParent", org.list_accounts_for_parent,
                                                          ParentId=ou_a).get("Accounts"), [])
        results = at_once([lambda d=d: org.move_account(AccountId=custom, SourceParentId=root, DestinationParentId=d) for d in (ou_a, ou_b)])
        run.eq("two moves from the root at once: one wins", sorted(code or "ok" for _, code in results),
               ["SourceParentNotFoundException", "ok"])
        run.eq("the account has one parent", len(run.ok("ListParents", org.list_parents, ChildId=custom).get("Parents", [])), 1)
    with run.section("CreateAccount with an email in use"):
        for label, email in (("a member's email", run.email("dev")),
                             ("the management account's email", organization_.get("MasterAccountEmail", "missing@example.com"))):
            started = run.ok(f"CreateAccount with {label}", org.create_account, Email=email,
                             AccountName=run.name("dup")).get("CreateAccountStatus", {})
            status = run.wait_for_request(f"CreateAccount with {label}", started.get("Id", "car-missing"))
            run.eq(f"CreateAccount with {label} FAILED", status.get("State"), "FAILED")
            run.eq(f"CreateAccount with {label} FailureReason", status.get("FailureReason"), "EMAIL_ALREADY_EXISTS")
            run.check(f"CreateAccount with {label} has no AccountId", not status.get("AccountId"), status)
        failed = paginate(run, "list_create_account_status FAILED", org, "list_create_account_status",
                          "CreateAccountStatuses", States=["FAILED"])
        run.eq("ListCreateAccountStatus FAILED", len(failed), 2)
    with run.section("CreateAccount twice at once with one email"):
        email = run.email("race")
        started = at_once([lambda i=i: org.create_account(Email=email, AccountName=f"race{i}") for i in range(3)])
        run.eq("every request is accepted", [code for _, code in started], [None, None, None])
        states = sorted((run.wait_for_request("race", response["CreateAccountStatus"]["Id"]).get("State"),
                         run.wait_for_request("race", response["CreateAccountStatus"]["Id"]).get("FailureReason"))
                        for response, _ in started if response)
        run.eq("exactly one account is made with the email", states,
               [("FAILED", "EMAIL_ALREADY_EXISTS"), ("FAILED", "EMAIL_ALREADY_EXISTS"), ("SUCCEEDED", None)])
    with run.section("RemoveAccountFromOrganization and CloseAccount"):
        run.err("RemoveAccountFromOrganization the management account", MANAGEMENT_CANNOT_LEAVE,
                org.remove_account_from_organization, AccountId=account)
        # AWS: a created account lacks what a standalone account needs and must wait four days before leaving.
        run.err("RemoveAccountFromOrganization a just-created account", "ConstraintViolationException",
                org.remove_account_from_organization, AccountId=custom)
        run.err("CloseAccount the management account", "ConstraintViolationException", org.close_account,
                reason="CANNOT_CLOSE_MANAGEMENT_ACCOUNT", AccountId=account)
        run.ok("CloseAccount", org.close_account, AccountId=dev)
        deadline, closed = time.monotonic() + 10, {}
        while time.monotonic() < deadline:
            closed = run.ok("DescribeAccount closing", org.describe_account, AccountId=dev).get("Account", {})
            if closed.get("Status") != "PENDING_CLOSURE":
                break
            time.sleep(0.2)
        run.eq("a closed account is SUSPENDED", closed.get("Status"), "SUSPENDED")
        run.err("CloseAccount twice", "AccountAlreadyClosedException", org.close_account, AccountId=dev)
        listed = {a.get("Id"): a for a in paginate(run, "list_accounts after closing", org, "list_accounts", "Accounts")}
        run.eq("a closed account stays in the organization, SUSPENDED", listed.get(dev, {}).get("Status"), "SUSPENDED")


# ------------------------------------------------------------------------------------------------------
# policies


def policies(run):
    org, account = run.org, run.account
    organization_, root = run.create_organization(SCP)
    org_id = organization_.get("Id", "o-missing")
    ou = run.ou("target", root)
    member = run.member("pol", ou, root)
    document = policy(deny("s3:DeleteBucket"))
    with run.section("CreatePolicy"):
        created = run.ok("CreatePolicy", org.create_policy, Name=run.name("no-delete"), Description="no bucket deletes",
                         Type=SCP, Content=json.dumps(document), Tags=[{"Key": "owner", "Value": "sec"}]).get("Policy", {})
        summary = created.get("PolicySummary", {})
        policy_id = summary.get("Id", "p-missing0")
        run.match("CreatePolicy Id", r"p-[0-9a-zA-Z_]{8,128}", policy_id)
        run.eq("CreatePolicy Arn", summary.get("Arn"),
               f"arn:aws:organizations::{account}:policy/{org_id}/service_control_policy/{policy_id}")
        run.eq("CreatePolicy Name", summary.get("Name"), run.name("no-delete"))
        run.eq("CreatePolicy Description", summary.get("Description"), "no bucket deletes")
        run.eq("CreatePolicy Type", summary.get("Type"), SCP)
        run.eq("CreatePolicy AwsManaged", summary.get("AwsManaged"), False)
        run.eq("CreatePolicy Content", json.loads(created.get("Content") or "null"), document)
        run.eq("CreatePolicy Tags", tag_dict(run.ok("ListTagsForResource policy", org.list_tags_for_resource,
                                                    ResourceId=policy_id).get("Tags")), {"owner": "sec"})
        run.err("CreatePolicy with a tag key twice", "InvalidInputException", org.create_policy, reason="DUPLICATE_TAG_KEY",
                Name=run.name("dup-tags"), Description="", Type=SCP, Content=json.dumps(document),
                Tags=[{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}])
        run.err("CreatePolicy duplicate name", "DuplicatePolicyException", org.create_policy, Name=run.name("no-delete"),
                Description="", Type=SCP, Content=json.dumps(document))
        run.err("CreatePolicy malformed JSON", "MalformedPolicyDocumentException", org.create_policy, Name=run.name("bad"),
                Description="", Type=SCP, Content='{"Version": "2012-10-17", "Statement": [')
        run.err("CreatePolicy without Statement", "MalformedPolicyDocumentException", org.create_policy, Name=run.name("bad2"),
                Description="", Type=SCP, Content='{"Version": "2012-10-17"}')
        # SCPs have no Principal element (SCP syntax): they apply to every principal of the accounts beneath.
        run.err("CreatePolicy an SCP with a Principal", "MalformedPolicyDocumentException", org.create_policy,
                Name=run.name("principal"), Description="", Type=SCP,
                Content=json.dumps(policy(dict(deny("s3:*"), Principal={"AWS": f"arn:aws:iam::{account}:root"}))))
        huge = json.dumps(policy(allow([f"s3:Action{i:04d}" for i in range(400)])), separators=(",", ":"))
        run.check("the oversized policy is over 5,120 characters", len(huge) > 5120, len(huge))
        run.err("CreatePolicy over 5,120 characters", "ConstraintViolationException", org.create_policy,
                reason="POLICY_CONTENT_LIMIT_EXCEEDED", Name=run.name("huge"), Description="", Type=SCP, Content=huge)
    with run.section("UpdatePolicy and DescribePolicy"):
        updated_document = policy(deny(["s3:DeleteBucket", "s3:DeleteObject"]))
        updated = run.ok("UpdatePolicy", org.update_policy, PolicyId=policy_id, Name=run.name("no-deletes"),
                         Description="no deletes", Content=json.dumps(updated_document)).get("Policy", {})
        run.eq("UpdatePolicy Name", updated.get("PolicySummary", {}).get("Name"), run.name("no-deletes"))
        described = run.ok("DescribePolicy", org.describe_policy, PolicyId=policy_id).get("Policy", {})
        run.eq("DescribePolicy Description", described.get("PolicySummary", {}).get("Description"), "no deletes")
        run.eq("DescribePolicy Content", json.loads(described.get("Content") or "null"), updated_document)
        run.err("UpdatePolicy malformed", "MalformedPolicyDocumentException", org.update_policy, PolicyId=policy_id, Content="nope")
        run.err("DescribePolicy missing", "PolicyNotFoundException", org.describe_policy, PolicyId="p-zzzzzzzz")
        run.err("UpdatePolicy FullAWSAccess", "InvalidInputException", org.update_policy, reason="IMMUTABLE_POLICY",
                PolicyId=FULL_AWS_ACCESS, Description="mine now")
        run.err("DeletePolicy FullAWSAccess", "InvalidInputException", org.delete_policy, PolicyId=FULL_AWS_ACCESS)
    with run.section("ListPolicies"):
        listed = paginate(run, "list_policies paginator", org, "list_policies", "Policies", Filter=SCP, PaginationConfig={"PageSize": 1})
        run.eq("ListPolicies lists FullAWSAccess and ours", sorted(ids(listed)), sorted([FULL_AWS_ACCESS, policy_id]))
        first = run.ok("ListPolicies MaxResults=1", org.list_policies, Filter=SCP, MaxResults=1)
        run.check("ListPolicies MaxResults=1 has a NextToken", first.get("NextToken"), first)
    with run.section("AttachPolicy"):
        run.ok("AttachPolicy to the OU", org.attach_policy, PolicyId=policy_id, TargetId=ou)
        run.ok("AttachPolicy to the account", org.attach_policy, PolicyId=policy_id, TargetId=member)
        run.err("AttachPolicy twice", "DuplicatePolicyAttachmentException", org.attach_policy, PolicyId=policy_id, TargetId=ou)
        results = at_once([lambda: org.attach_policy(PolicyId=policy_id, TargetId=root)] * 3)
        run.eq("one attachment made at once three times", sorted(code or "ok" for _, code in results),
               ["DuplicatePolicyAttachmentException"] * 2 + ["ok"])
        run.ok("DetachPolicy from the root", org.detach_policy, PolicyId=policy_id, TargetId=root)
        run.err("AttachPolicy to a missing target", "TargetNotFoundException", org.attach_policy, PolicyId=policy_id,
                TargetId="999988887777")
        run.err("AttachPolicy a missing policy", "PolicyNotFoundException", org.attach_policy, PolicyId="p-zzzzzzzz", TargetId=ou)
        targets = paginate(run, "list_targets_for_policy paginator", org, "list_targets_for_policy", "Targets", PolicyId=policy_id)
        by_id = {t.get("TargetId"): t for t in targets}
        run.eq("ListTargetsForPolicy targets", sorted(by_id), sorted([ou, member]))
        run.eq("ListTargetsForPolicy OU", by_id.get(ou), {"TargetId": ou, "Type": "ORGANIZATIONAL_UNIT", "Name": run.name("target"),
                                                           "Arn": f"arn:aws:organizations::{account}:ou/{org_id}/{ou}"})
        run.eq("ListTargetsForPolicy account", by_id.get(member),
               {"TargetId": member, "Type": "ACCOUNT", "Name": run.name("pol"),
                "Arn": f"arn:aws:organizations::{account}:account/{org_id}/{member}"})
        run.eq("ListPoliciesForTarget OU", sorted(policy_ids(run, "ListPoliciesForTarget OU", ou)), sorted([FULL_AWS_ACCESS, policy_id]))
        run.eq("ListPoliciesForTarget account", sorted(policy_ids(run, "ListPoliciesForTarget account", member)),
               sorted([FULL_AWS_ACCESS, policy_id]))
        run.err("DeletePolicy while attached", "PolicyInUseException", org.delete_policy, PolicyId=policy_id)
        everywhere = ids(paginate(run, "list_targets_for_policy FullAWSAccess", org, "list_targets_for_policy", "Targets",
                                  PolicyId=FULL_AWS_ACCESS), "TargetId")
        run.check("FullAWSAccess is attached to the root, the OU and both accounts",
                  set([root, ou, member, account]) <= set(everywhere), everywhere)
        rcp = run.scp("rcp", policy(dict(deny("s3:*"), Principal="*")), RCP)
        run.err("AttachPolicy an RCP while RCPs are disabled", "PolicyTypeNotEnabledException", org.attach_policy,
                PolicyId=rcp, TargetId=ou)
    with run.section("DetachPolicy"):
        run.ok("DetachPolicy from the account", org.detach_policy, PolicyId=policy_id, TargetId=member)
        run.err("DetachPolicy twice", "PolicyNotAttachedException", org.detach_policy, PolicyId=policy_id, TargetId=member)
        run.err("DetachPolicy the account's last SCP", "ConstraintViolationException", org.detach_policy,
                reason="MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", PolicyId=FULL_AWS_ACCESS, TargetId=member)
        run.err("DetachPolicy the root's last SCP", "ConstraintViolationException", org.detach_policy,
                reason="MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", PolicyId=FULL_AWS_ACCESS, TargetId=root)
        run.ok("DetachPolicy FullAWSAccess from the OU (ours remains)", org.detach_policy, PolicyId=FULL_AWS_ACCESS, TargetId=ou)
        run.eq("ListPoliciesForTarget OU after the detach", policy_ids(run, "ListPoliciesForTarget OU", ou), [policy_id])
        run.err("DetachPolicy the OU's last SCP", "ConstraintViolationException", org.detach_policy,
                reason="MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", PolicyId=policy_id, TargetId=ou)
        run.ok("AttachPolicy FullAWSAccess back", org.attach_policy, PolicyId=FULL_AWS_ACCESS, TargetId=ou)
        run.ok("DetachPolicy ours from the OU", org.detach_policy, PolicyId=policy_id, TargetId=ou)
        run.eq("ListTargetsForPolicy empty", paginate(run, "list_targets_for_policy", org, "list_targets_for_policy", "Targets",
                                                      PolicyId=policy_id), [])
    with run.section("at most five SCPs on a target"):
        extra = [run.scp(f"extra{i}", policy(deny(f"ec2:Action{i}"))) for i in range(5)]
        for index, extra_id in enumerate(extra[:4]):
            run.ok(f"AttachPolicy SCP {index + 2} to the account", org.attach_policy, PolicyId=extra_id, TargetId=member)
        run.err("AttachPolicy a sixth SCP", "ConstraintViolationException", org.attach_policy,
                reason="MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", PolicyId=extra[4], TargetId=member)
        for extra_id in extra[:4]:
            run.ok("DetachPolicy the extra SCP", org.detach_policy, PolicyId=extra_id, TargetId=member)
        results = at_once([lambda p=p: org.attach_policy(PolicyId=p, TargetId=member) for p in extra])
        run.eq("five SCPs attached at once: four fit beside FullAWSAccess", sorted(code or "ok" for _, code in results),
               ["ConstraintViolationException"] + ["ok"] * 4)
        run.eq("the account has five SCPs", len(policy_ids(run, "ListPoliciesForTarget", member)), 5)
        for extra_id in set(policy_ids(run, "ListPoliciesForTarget", member)) - {FULL_AWS_ACCESS, extra[0]}:
            run.ok("DetachPolicy", org.detach_policy, PolicyId=extra_id, TargetId=member)
        if extra[0] not in policy_ids(run, "ListPoliciesForTarget", member):
            run.ok("AttachPolicy", org.attach_policy, PolicyId=extra[0], TargetId=member)
        results = at_once([lambda p=p: org.detach_policy(PolicyId=p, TargetId=member) for p in (FULL_AWS_ACCESS, extra[0])])
        run.eq("detaching both of two SCPs at once: one stays", sorted(code or "ok" for _, code in results),
               ["ConstraintViolationException", "ok"])
        run.eq("the account keeps one SCP", len(policy_ids(run, "ListPoliciesForTarget", member)), 1)
        if FULL_AWS_ACCESS not in policy_ids(run, "ListPoliciesForTarget", member):
            run.ok("AttachPolicy FullAWSAccess back", org.attach_policy, PolicyId=FULL_AWS_ACCESS, TargetId=member)
            run.ok("DetachPolicy the other", org.detach_policy, PolicyId=extra[0], TargetId=member)
    with run.section("resource control policies"):
        run.ok("EnablePolicyType RCP", org.enable_policy_type, RootId=root, PolicyType=RCP)
        # RCP syntax: only RCPFullAWSAccess may Allow; every statement names its Principal ("*").
        run.err("CreatePolicy an RCP that allows", "MalformedPolicyDocumentException", org.create_policy, Name=run.name("rcp-allow"),
                Description="", Type=RCP, Content=json.dumps(policy(dict(allow("s3:GetObject"), Principal="*"))))
        run.err("CreatePolicy an RCP without a Principal", "MalformedPolicyDocumentException", org.create_policy,
                Name=run.name("rcp-noprincipal"), Description="", Type=RCP, Content=json.dumps(policy(deny("s3:*"))))
        run.ok("AttachPolicy the RCP once RCPs are enabled", org.attach_policy, PolicyId=rcp, TargetId=ou)
        run.eq("ListPoliciesForTarget RCP", sorted(policy_ids(run, "ListPoliciesForTarget RCP", ou, RCP)), sorted([RCP_FULL_AWS_ACCESS, rcp]))
        run.eq("ListPoliciesForTarget SCP lists no RCP", sorted(policy_ids(run, "ListPoliciesForTarget SCP", ou)), sorted([FULL_AWS_ACCESS]))
        run.err("DetachPolicy RCPFullAWSAccess (it cannot be detached)", ("InvalidInputException", "ConstraintViolationException"),
                org.detach_policy, PolicyId=RCP_FULL_AWS_ACCESS, TargetId=ou)
        run.ok("DetachPolicy the RCP", org.detach_policy, PolicyId=rcp, TargetId=ou)
    with run.section("DeletePolicy"):
        run.ok("DeletePolicy once detached", org.delete_policy, PolicyId=policy_id)
        run.err("DescribePolicy deleted", "PolicyNotFoundException", org.describe_policy, PolicyId=policy_id)
        run.err("DeletePolicy twice", "PolicyNotFoundException", org.delete_policy, PolicyId=policy_id)
        run.lacks("ListPolicies no longer lists it", ids(paginate(run, "list_policies", org, "list_policies", "Policies", Filter=SCP)),
                  policy_id)
    with run.section("tags"):
        for label, target in (("OU", ou), ("account", member), ("root", root), ("policy", rcp)):
            run.ok(f"TagResource {label}", org.tag_resource, ResourceId=target,
                   Tags=[{"Key": "cost", "Value": "42"}, {"Key": "tier", "Value": label}])
            run.ok(f"UntagResource {label}", org.untag_resource, ResourceId=target, TagKeys=["cost"])
            tags = paginate(run, f"list_tags_for_resource {label}", org, "list_tags_for_resource", "Tags", ResourceId=target)
            run.eq(f"ListTagsForResource {label}", tag_dict(tags).get("tier"), label)
            run.lacks(f"UntagResource removed cost from {label}", tag_dict(tags), "cost")
        run.ok("TagResource overwrites a value", org.tag_resource, ResourceId=ou, Tags=[{"Key": "tier", "Value": "gold"}])
        run.eq("the overwritten tag", tag_dict(run.ok("ListTagsForResource", org.list_tags_for_resource, ResourceId=ou).get("Tags")),
               {"tier": "gold"})
        run.ok("TagResource up to 50 tags", org.tag_resource, ResourceId=member,
               Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])
        run.err("TagResource a 51st tag", "ConstraintViolationException", org.tag_resource, reason="MAX_TAG_LIMIT_EXCEEDED",
                ResourceId=member, Tags=[{"Key": "one-too-many", "Value": "v"}])
        run.err("TagResource a missing account", "TargetNotFoundException", org.tag_resource, ResourceId="999988887777",
                Tags=[{"Key": "a", "Value": "b"}])


# ------------------------------------------------------------------------------------------------------
# handshakes


def handshakes(run):
    org, account = run.org, run.account
    second = run.second()
    if not second:
        return
    other, other_org = second["account"], second["org"]
    organization_, root = run.create_organization(SCP)
    org_id = organization_.get("Id", "o-missing")

    def invite(label):
        return run.ok(label, org.invite_account_to_organization, Target={"Id": other, "Type": "ACCOUNT"},
                      Notes="join us").get("Handshake", {})

    def state(label, client, handshake_id):
        return run.ok(label, client.describe_handshake, HandshakeId=handshake_id).get("Handshake", {}).get("State")

    with run.section("InviteAccountToOrganization a member"):
        created = run.member("member", root, root)
        run.err("InviteAccountToOrganization an account already in the organization", "HandshakeConstraintViolationException",
                org.invite_account_to_organization, reason="ALREADY_IN_AN_ORGANIZATION", Target={"Id": created, "Type": "ACCOUNT"})
    with run.section("InviteAccountToOrganization"):
        handshake = invite("InviteAccountToOrganization")
        hid = handshake.get("Id", "h-missing0")
        run.match("Handshake Id", r"h-[0-9a-z]{8,32}", hid)
        run.eq("Handshake Arn", handshake.get("Arn"), f"arn:aws:organizations::{account}:handshake/{org_id}/invite/{hid}")
        run.eq("Handshake State", handshake.get("State"), "OPEN")
        run.eq("Handshake Action", handshake.get("Action"), "INVITE")
        run.contains("Handshake Parties has the account", handshake.get("Parties"), {"Id": other, "Type": "ACCOUNT"})
        run.contains("Handshake Parties has the organization", handshake.get("Parties"), {"Id": org_id, "Type": "ORGANIZATION"})
        run.check("Handshake ExpirationTimestamp after RequestedTimestamp",
                  isinstance(handshake.get("ExpirationTimestamp"), datetime.datetime)
                  and handshake["ExpirationTimestamp"] > handshake.get("RequestedTimestamp"), handshake)
        run.err("InviteAccountToOrganization twice", "DuplicateHandshakeException", org.invite_account_to_organization,
                Target={"Id": other, "Type": "ACCOUNT"})
        run.contains("ListHandshakesForOrganization", ids(paginate(run, "list_handshakes_for_organization", org,
                                                                   "list_handshakes_for_organization", "Handshakes")), hid)
        run.contains("ListHandshakesForAccount as the invited account",
                     ids(paginate(run, "list_handshakes_for_account", other_org, "list_handshakes_for_account", "Handshakes")), hid)
        run.eq("DescribeHandshake as the invited account", state("DescribeHandshake", other_org, hid), "OPEN")
        run.err("not a member before accepting", "AWSOrganizationsNotInUseException", other_org.describe_organization)
    with run.section("AcceptHandshake"):
        accepted = run.ok("AcceptHandshake", other_org.accept_handshake, HandshakeId=hid).get("Handshake", {})
        run.eq("AcceptHandshake State", accepted.get("State"), "ACCEPTED")
        run.eq("DescribeOrganization as the new member",
               run.ok("DescribeOrganization", other_org.describe_organization).get("Organization", {}).get("Id"), org_id)
        joined = run.ok("DescribeAccount the new member", org.describe_account, AccountId=other).get("Account", {})
        run.eq("the new member joined by invitation", joined.get("JoinedMethod"), "INVITED")
        run.eq("the new member is ACTIVE", joined.get("Status"), "ACTIVE")
        run.contains("ListAccounts lists the new member", ids(paginate(run, "list_accounts", org, "list_accounts", "Accounts")), other)
        run.err("InviteAccountToOrganization a member", "HandshakeConstraintViolationException", org.invite_account_to_organization,
                reason="ALREADY_IN_AN_ORGANIZATION", Target={"Id": other, "Type": "ACCOUNT"})
        run.eq("the new member is in the root", run.ok("ListParents", org.list_parents, ChildId=other).get("Parents"),
               [{"Id": root, "Type": "ROOT"}])
        run.contains("the new member gets FullAWSAccess", policy_ids(run, "ListPoliciesForTarget member", other), FULL_AWS_ACCESS)
        run.err("AcceptHandshake twice", "HandshakeAlreadyInStateException", other_org.accept_handshake, HandshakeId=hid)
        run.err("ListRoots as the new member", "AccessDeniedException", other_org.list_roots)
        no_iam = run.scp("no-iam", policy(deny("iam:CreateUser")))
        run.ok("AttachPolicy deny iam:CreateUser to the new member", org.attach_policy, PolicyId=no_iam, TargetId=other)
        run.err("an SCP restricts the member's root user too", "AccessDenied", second["iam"].create_user, UserName=run.name("by-root"),
                contains=f"User: arn:aws:iam::{other}:root is not authorized to perform: iam:CreateUser")
    with run.section("LeaveOrganization"):
        run.ok("TagResource the member", org.tag_resource, ResourceId=other, Tags=[{"Key": "team", "Value": "blue"}])
        run.err("MoveAccount a member to a missing OU", "DestinationParentNotFoundException", org.move_account, AccountId=other,
                SourceParentId=root, DestinationParentId=f"ou-{root[2:]}-zzzzzzzz")
        run.err("LeaveOrganization as the management account", MANAGEMENT_CANNOT_LEAVE, org.leave_organization)
        # AWS: the management account can set SCPs that prevent member accounts from leaving.
        stay = run.scp("stay", policy(deny("organizations:LeaveOrganization")))
        run.ok("AttachPolicy deny organizations:LeaveOrganization to the member", org.attach_policy, PolicyId=stay, TargetId=other)
        run.err("an SCP keeps the member from leaving", "AccessDeniedException", other_org.leave_organization)
        run.ok("DetachPolicy the SCP", org.detach_policy, PolicyId=stay, TargetId=other)
        run.ok("LeaveOrganization as the member", other_org.leave_organization)
        run.err("the former member is standalone", "AWSOrganizationsNotInUseException", other_org.describe_organization)
        run.lacks("ListAccounts no longer lists it", ids(paginate(run, "list_accounts", org, "list_accounts", "Accounts")), other)
        run.ok("outside the organization no SCP applies", second["iam"].create_user, UserName=run.name("by-root"))
        run.err("MoveAccount a standalone account", "AccountNotFoundException", org.move_account, AccountId=other,
                SourceParentId=root, DestinationParentId=root)
        run.err("DescribeAccount the former member", "AccountNotFoundException", org.describe_account, AccountId=other)
    with run.section("DeclineHandshake"):
        results = at_once([lambda: org.invite_account_to_organization(Target={"Id": other, "Type": "ACCOUNT"})] * 3)
        run.eq("three invitations at once: one handshake", sorted(code or "ok" for _, code in results),
               ["DuplicateHandshakeException"] * 2 + ["ok"])
        raced = next((response for response, _ in results if response), {}).get("Handshake", {}).get("Id", "h-missing9")
        results = at_once([lambda: other_org.accept_handshake(HandshakeId=raced), lambda: other_org.decline_handshake(HandshakeId=raced)])
        run.eq("accept and decline at once: one wins", sorted(code is None for _, code in results), [False, True])
        if results[0][1] is None:
            run.ok("LeaveOrganization after the raced accept", other_org.leave_organization)
        declined = invite("InviteAccountToOrganization again")
        did = declined.get("Id", "h-missing1")
        run.check("a new invitation is a new handshake", did != hid, did)
        response = run.ok("DeclineHandshake", other_org.decline_handshake, HandshakeId=did).get("Handshake", {})
        run.eq("DeclineHandshake State", response.get("State"), "DECLINED")
        run.eq("DescribeHandshake declined", state("DescribeHandshake", org, did), "DECLINED")
        run.err("AcceptHandshake a declined handshake", "InvalidHandshakeTransitionException", other_org.accept_handshake, HandshakeId=did)
        run.err("still not a member", "AWSOrganizationsNotInUseException", other_org.describe_organization)
    with run.section("CancelHandshake"):
        cancelled = invite("InviteAccountToOrganization a third time")
        cid = cancelled.get("Id", "h-missing2")
        response = run.ok("CancelHandshake", org.cancel_handshake, HandshakeId=cid).get("Handshake", {})
        run.eq("CancelHandshake State", response.get("State"), "CANCELED")
        run.err("AcceptHandshake a canceled handshake", "InvalidHandshakeTransitionException", other_org.accept_handshake, HandshakeId=cid)
        run.err("DescribeHandshake missing", "HandshakeNotFoundException", org.describe_handshake, HandshakeId="h-zzzzzzzzzz")
    with run.section("InviteAccountToOrganization by email"):
        email = second.get("email")
        if run.check("WARDEN_SECOND_EMAIL is set", email, "missing"):
            by_email = run.ok("InviteAccountToOrganization by email", org.invite_account_to_organization,
                              Target={"Id": email, "Type": "EMAIL"}).get("Handshake", {})
            run.contains("the handshake names the email", by_email.get("Parties"), {"Id": email, "Type": "EMAIL"})
            run.contains("the invited account sees it", ids(paginate(run, "list_handshakes_for_account", other_org,
                                                                       "list_handshakes_for_account", "Handshakes")), by_email.get("Id"))
            run.eq("AcceptHandshake by email", run.ok("AcceptHandshake by email", other_org.accept_handshake,
                                                      HandshakeId=by_email.get("Id", "h-missing4")).get("Handshake", {}).get("State"),
                   "ACCEPTED")
            run.eq("a member that left and came back has lost its tags",
                   run.ok("ListTagsForResource", org.list_tags_for_resource, ResourceId=other).get("Tags"), [])
            run.eq("and its own SCPs", policy_ids(run, "ListPoliciesForTarget", other), [FULL_AWS_ACCESS])
            run.ok("LeaveOrganization again", other_org.leave_organization)
    with run.section("RemoveAccountFromOrganization"):
        again = invite("InviteAccountToOrganization a fourth time")
        run.ok("the invited account creates its own organization", other_org.create_organization, FeatureSet="ALL")
        run.err("AcceptHandshake while in another organization", "HandshakeConstraintViolationException", other_org.accept_handshake,
                reason="ALREADY_IN_AN_ORGANIZATION", HandshakeId=again.get("Id", "h-missing3"))
        run.ok("the invited account deletes its organization", other_org.delete_organization)
        run.ok("AcceptHandshake again", other_org.accept_handshake, HandshakeId=again.get("Id", "h-missing3"))
        run.ok("RemoveAccountFromOrganization", org.remove_account_from_organization, AccountId=other)
        run.err("the removed account is standalone", "AWSOrganizationsNotInUseException", other_org.describe_organization)
        run.err("RemoveAccountFromOrganization twice", "AccountNotFoundException", org.remove_account_from_organization, AccountId=other)


# ------------------------------------------------------------------------------------------------------
# guardrails: SCPs and RCPs in authorization


def guardrails(run):
    org, account = run.org, run.account
    organization_, root = run.create_organization(SCP, RCP)
    org_id = organization_.get("Id", "o-missing")
    deny_iam = run.scp("deny-iam", policy(deny("iam:*")))

    def denied(label, call, fragment, **parameters):
        return run.err(label, "AccessDenied", call, contains=fragment, **parameters)

    with run.section("(a) an SCP on the member's OU stops its administrator, not the management account"):
        sandbox = run.ou("sandbox", root)
        alpha = run.member("alpha", sandbox, root)
        session = run.member_session("AssumeRole OrganizationAccountAccessRole in alpha", alpha)
        alpha_iam = run.client("iam", session)
        run.ok("alpha's administrator creates a user", alpha_iam.create_user, UserName=run.name("before"))
        run.ok("AttachPolicy deny iam:* to the sandbox OU", org.attach_policy, PolicyId=deny_iam, TargetId=sandbox)
        denied("alpha's administrator is stopped by the SCP", alpha_iam.create_user,
               f"User: arn:aws:sts::{alpha}:assumed-role/{ACCESS_ROLE}/admin is not authorized to perform: iam:CreateUser "
               f"on resource: arn:aws:iam::{alpha}:user/{run.name('after')} {SCP_DENY}", UserName=run.name("after"))
        denied("even reading IAM", alpha_iam.get_role, SCP_DENY, RoleName=ACCESS_ROLE)
        run.eq("GetCallerIdentity needs no permission",
               run.ok("GetCallerIdentity under the SCP", run.client("sts", session).get_caller_identity).get("Account"), alpha)
        run.ok("AttachPolicy deny iam:* to the root as well", org.attach_policy, PolicyId=deny_iam, TargetId=root)
        run.ok("the management account's root is unaffected", run.iam.create_user, UserName=run.name("mgmt-root-user"))
        run.ok("the management account's administrator is unaffected", run.client("iam", run.admin_key()).create_user,
               UserName=run.name("mgmt-admin-user"))
        denied("alpha stays stopped", alpha_iam.create_user, SCP_DENY, UserName=run.name("after2"))
        run.ok("DetachPolicy deny iam:* from the root", org.detach_policy, PolicyId=deny_iam, TargetId=root)
        run.ok("AttachPolicy deny iam:* to the management account itself", org.attach_policy, PolicyId=deny_iam, TargetId=account)
        run.ok("an SCP on the management account has no effect", run.client("iam", run.admin_key()).create_user,
               UserName=run.name("mgmt-admin-user2"))
        run.ok("DetachPolicy deny iam:* from the management account", org.detach_policy, PolicyId=deny_iam, TargetId=account)
        run.check("the management account still assumes into alpha under the SCP",
                  run.member_session("AssumeRole into alpha under the SCP", alpha), "AssumeRole refused")
    with run.section("(d) moving the account out changes its guardrails on the very next call"):
        run.ok("MoveAccount alpha sandbox → root", org.move_account, AccountId=alpha, SourceParentId=sandbox, DestinationParentId=root)
        run.ok("alpha's administrator creates a user once out of the sandbox", alpha_iam.create_user, UserName=run.name("moved-out"))
        run.ok("MoveAccount alpha root → sandbox", org.move_account, AccountId=alpha, SourceParentId=root, DestinationParentId=sandbox)
        denied("stopped again on the next call", alpha_iam.create_user, SCP_DENY, UserName=run.name("moved-in"))
        run.ok("DetachPolicy deny iam:* from the sandbox", org.detach_policy, PolicyId=deny_iam, TargetId=sandbox)
        run.ok("free again once the SCP is detached", alpha_iam.create_user, UserName=run.name("detached"))
        deny_all = run.scp("deny-all", policy(deny("*")))
        itself = run.name("itself")
        run.ok("CreateRole trusting alpha", alpha_iam.create_role, RoleName=itself,
               AssumeRolePolicyDocument=json.dumps(trust(f"arn:aws:iam::{alpha}:root")))
        itself_arn = f"arn:aws:iam::{alpha}:role/{itself}"
        run.check("alpha assumes its role", run.assume("AssumeRole itself", session, itself_arn), "refused")
        run.ok("AttachPolicy deny * to the sandbox", org.attach_policy, PolicyId=deny_all, TargetId=sandbox)
        alpha_sts = run.client("sts", session)
        run.eq("GetCallerIdentity answers even under deny *", run.ok("GetCallerIdentity under deny *", alpha_sts.get_caller_identity)
               .get("Account"), alpha)
        denied("deny * stops IAM", alpha_iam.list_users, SCP_DENY)
        run.err("deny * stops AssumeRole", "AccessDenied", alpha_sts.assume_role, RoleArn=itself_arn, RoleSessionName="again")
        run.ok("DetachPolicy deny * from the sandbox", org.detach_policy, PolicyId=deny_all, TargetId=sandbox)
    with run.section("(b, e) an allow-list SCP on an OU limits accounts beneath it"):
        allow_list = run.scp("allow-list", policy(allow(["sts:GetCallerIdentity", "iam:Get*"])))
        listed = run.ou("allowlist", root)
        beta = run.member("beta", listed, root)
        beta_iam = run.client("iam", run.member_session("AssumeRole into beta", beta))
        run.ok("AttachPolicy the allow list to the OU", org.attach_policy, PolicyId=allow_list, TargetId=listed)
        run.ok("with FullAWSAccess still on the OU, beta creates a user", beta_iam.create_user, UserName=run.name("beta-before"))
        run.ok("DetachPolicy FullAWSAccess from the OU", org.detach_policy, PolicyId=FULL_AWS_ACCESS, TargetId=listed)
        run.contains("beta keeps FullAWSAccess attached directly", policy_ids(run, "ListPoliciesForTarget beta", beta), FULL_AWS_ACCESS)
        run.ok("iam:Get* is allowed", beta_iam.get_role, RoleName=ACCESS_ROLE)
        denied("iam:CreateUser is not in the allow list", beta_iam.create_user, "service control policy", UserName=run.name("beta-after"))
        denied("iam:ListUsers is not in the allow list", beta_iam.list_users, "service control policy")
        run.ok("AttachPolicy FullAWSAccess back to the OU", org.attach_policy, PolicyId=FULL_AWS_ACCESS, TargetId=listed)
        run.ok("beta may create users again", beta_iam.create_user, UserName=run.name("beta-again"))
    with run.section("(c) a deny at the top of three nested OUs reaches the bottom"):
        top = run.ou("top", root)
        middle = run.ou("middle", top)
        bottom = run.ou("bottom", middle)
        gamma = run.member("gamma", bottom, root)
        gamma_iam = run.client("iam", run.member_session("AssumeRole into gamma", gamma))
        deny_create = run.scp("deny-create-user", policy(deny("iam:CreateUser")))
        run.ok("AttachPolicy deny iam:CreateUser to the top OU", org.attach_policy, PolicyId=deny_create, TargetId=top)
        denied("the deny reaches the bottom", gamma_iam.create_user, SCP_DENY, UserName=run.name("gamma"))
        run.ok("what it does not deny is allowed", gamma_iam.list_users)
        run.ok("UpdatePolicy: deny iam:ListUsers instead", org.update_policy, PolicyId=deny_create,
               Content=json.dumps(policy(deny("iam:ListUsers"))))
        run.ok("the updated SCP allows iam:CreateUser on the next call", gamma_iam.create_user, UserName=run.name("gamma"))
        denied("and denies iam:ListUsers", gamma_iam.list_users, SCP_DENY)
    with run.section("(f) an SCP on the caller's account denying sts:AssumeRole blocks its AssumeRole"):
        delta = run.member("delta", root, root)
        delta_session = run.member_session("AssumeRole into delta", delta)
        delta_iam = run.client("iam", delta_session)
        inner = run.name("inner")
        run.ok("CreateRole inner in delta", delta_iam.create_role, RoleName=inner,
               AssumeRolePolicyDocument=json.dumps(trust(f"arn:aws:iam::{delta}:root")))
        inner_arn = f"arn:aws:iam::{delta}:role/{inner}"
        run.check("delta's administrator assumes inner", run.assume("AssumeRole inner", delta_session, inner_arn), "refused")
        deny_assume = run.scp("deny-assume", policy(deny("sts:AssumeRole")))
        run.ok("AttachPolicy deny sts:AssumeRole to delta", org.attach_policy, PolicyId=deny_assume, TargetId=delta)
        # STS names no policy type in AssumeRole's denial (nor whether the role exists).
        denied("delta's AssumeRole is blocked", run.client("sts", delta_session).assume_role,
               f"is not authorized to perform: sts:AssumeRole on resource: {inner_arn}", RoleArn=inner_arn, RoleSessionName="blocked")
        run.check("the management account still assumes roles in delta", run.member_session("AssumeRole into delta again", delta),
                  "refused")
    with run.section("(j) SCP conditions, NotAction and resources"):
        kappa = run.member("kappa", root, root)
        kappa_session = run.member_session("AssumeRole into kappa", kappa)
        kappa_iam = run.client("iam", kappa_session)
        local_key = run.admin_user(kappa_iam, "kappa-admin")
        local_iam = run.client("iam", local_key)
        run.ok("kappa's own administrator works", local_iam.list_users)
        # The common pattern: IAM is reserved for the organization's access role.
        reserved = run.scp("reserve-iam", policy(deny("iam:*", Condition={
            "ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::*:role/{ACCESS_ROLE}"}})))
        run.ok("AttachPolicy deny iam:* except the access role", org.attach_policy, PolicyId=reserved, TargetId=kappa)
        denied("kappa's own administrator is denied IAM", local_iam.list_users, SCP_DENY)
        run.ok("the access role is exempt by aws:PrincipalArn", kappa_iam.list_users)
        run.ok("DetachPolicy", org.detach_policy, PolicyId=reserved, TargetId=kappa)
        only_reads = run.scp("deny-but-reads", policy({"Effect": "Deny", "NotAction": ["iam:Get*", "iam:List*"], "Resource": "*"}))
        run.ok("AttachPolicy deny everything but IAM reads (NotAction)", org.attach_policy, PolicyId=only_reads, TargetId=kappa)
        run.ok("iam:List* is not denied", local_iam.list_users)
        denied("iam:CreateUser is denied through NotAction", local_iam.create_user, SCP_DENY, UserName=run.name("k1"))
        run.ok("DetachPolicy", org.detach_policy, PolicyId=only_reads, TargetId=kappa)
        some_users = run.scp("deny-some-users", policy(deny("iam:CreateUser", "arn:aws:iam::*:user/blocked-*")))
        run.ok("AttachPolicy deny iam:CreateUser on user/blocked-*", org.attach_policy, PolicyId=some_users, TargetId=kappa)
        denied("a user under blocked-* is denied", local_iam.create_user, SCP_DENY, UserName=f"blocked-{run.suffix}")
        run.ok("any other user is allowed", local_iam.create_user, UserName=f"fine-{run.suffix}")
        # The simulator reports how the organization's SCPs affect a principal of a member account
        # (EvaluationResult.OrganizationsDecisionDetail: "only applies if the simulated user's account is part of an organization").
        for user, allowed in (("blocked-x", False), ("fine-x", True)):
            simulated = run.ok(f"SimulatePrincipalPolicy iam:CreateUser on user/{user}", kappa_iam.simulate_principal_policy,
                               PolicySourceArn=f"arn:aws:iam::{kappa}:user/{run.name('kappa-admin')}", ActionNames=["iam:CreateUser"],
                               ResourceArns=[f"arn:aws:iam::{kappa}:user/{user}"])
            result = (simulated.get("EvaluationResults") or [{}])[0]
            run.eq(f"the simulator's OrganizationsDecisionDetail for user/{user}", result.get("OrganizationsDecisionDetail"),
                   {"AllowedByOrganizations": allowed})
            run.check(f"the simulator's EvalDecision for user/{user}", (result.get("EvalDecision") == "allowed") == allowed, result)
        run.ok("DetachPolicy", org.detach_policy, PolicyId=some_users, TargetId=kappa)
    with run.section("DisablePolicyType lifts every SCP; enabling again starts from FullAWSAccess"):
        run.ok("DisablePolicyType SCP", org.disable_policy_type, RootId=root, PolicyType=SCP)
        run.ok("gamma lists users without SCPs", gamma_iam.list_users)
        run.ok("delta creates users without SCPs", delta_iam.create_user, UserName=run.name("no-scps"))
        run.ok("EnablePolicyType SCP again", org.enable_policy_type, RootId=root, PolicyType=SCP)
        run.eq("the top OU has only FullAWSAccess again", policy_ids(run, "ListPoliciesForTarget top", top), [FULL_AWS_ACCESS])
        run.eq("delta has only FullAWSAccess again", policy_ids(run, "ListPoliciesForTarget delta", delta), [FULL_AWS_ACCESS])
        run.ok("gamma lists users again", gamma_iam.list_users)
        run.check("delta assumes roles again", run.assume("AssumeRole inner again", delta_session, inner_arn), "refused")
    with run.section("(g) an RCP keeps principals outside the organization out"):
        second = run.second()
        if second:
            epsilon = run.member("epsilon", root, root)
            epsilon_iam = run.client("iam", run.member_session("AssumeRole into epsilon", epsilon))
            shared = run.name("shared")
            run.ok("CreateRole shared trusting the outsider and the management account", epsilon_iam.create_role, RoleName=shared,
                   AssumeRolePolicyDocument=json.dumps(trust(f"arn:aws:iam::{second['account']}:root", f"arn:aws:iam::{account}:root")))
            shared_arn = f"arn:aws:iam::{epsilon}:role/{shared}"
            outsider = run.admin_user(second["iam"], "outsider")
            run.check("the outsider assumes shared before the RCP", run.assume("AssumeRole shared as the outsider", outsider, shared_arn),
                      "refused")
            perimeter = run.scp("perimeter", policy({
                "Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*",
                "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": org_id},
                              "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}), RCP)
            run.ok("AttachPolicy the RCP to epsilon", org.attach_policy, PolicyId=perimeter, TargetId=epsilon)
            denied("the outsider is kept out by the RCP", run.client("sts", outsider).assume_role,
                   f"is not authorized to perform: sts:AssumeRole on resource: {shared_arn}", RoleArn=shared_arn, RoleSessionName="outsider")
            run.check("the management account's administrator still assumes shared",
                      run.assume("AssumeRole shared as the management account", run.admin_key(), shared_arn), "refused")
            run.ok("DetachPolicy the RCP", org.detach_policy, PolicyId=perimeter, TargetId=epsilon)
            run.check("the outsider is back in once the RCP is detached",
                      run.assume("AssumeRole shared as the outsider after", outsider, shared_arn), "refused")
            # RCPs never apply to the management account's resources, even attached to the root.
            door = run.name("door")
            run.ok("CreateRole door in the management account", run.iam.create_role, RoleName=door,
                   AssumeRolePolicyDocument=json.dumps(trust(f"arn:aws:iam::{second['account']}:root")))
            run.ok("AttachPolicy the RCP to the root", org.attach_policy, PolicyId=perimeter, TargetId=root)
            denied("the RCP on the root reaches epsilon", run.client("sts", outsider).assume_role,
                   f"is not authorized to perform: sts:AssumeRole on resource: {shared_arn}", RoleArn=shared_arn, RoleSessionName="outsider")
            run.check("the management account's role is not covered by RCPs",
                      run.assume("AssumeRole door as the outsider", outsider, f"arn:aws:iam::{account}:role/{door}"), "refused")
            run.ok("DetachPolicy the RCP from the root", org.detach_policy, PolicyId=perimeter, TargetId=root)
    with run.section("(h) an SCP binds the member's principals, not the sessions they take outside"):
        if second:
            helper = run.name("helper")
            run.ok("CreateRole helper in the second account", second["iam"].create_role, RoleName=helper,
                   AssumeRolePolicyDocument=json.dumps(trust(f"arn:aws:iam::{epsilon}:root")))
            run.ok("AttachRolePolicy AdministratorAccess to helper", second["iam"].attach_role_policy, RoleName=helper,
                   PolicyArn=ADMINISTRATOR_ACCESS)
            epsilon_session = run.member_session("AssumeRole into epsilon again", epsilon)
            run.ok("AttachPolicy deny iam:* to epsilon", org.attach_policy, PolicyId=deny_iam, TargetId=epsilon)
            denied("epsilon's administrator is stopped", run.client("iam", epsilon_session).list_users, SCP_DENY)
            outside = run.assume("AssumeRole helper from epsilon", epsilon_session, f"arn:aws:iam::{second['account']}:role/{helper}")
            if outside:
                run.ok("the session in the standalone account is not bound by epsilon's SCP",
                       run.client("iam", outside).list_users)


# ------------------------------------------------------------------------------------------------------
# cross-account STS with ExternalId


def cross_account_sts(run):
    organization_, root = run.create_organization(SCP)
    member = run.member("xacct", root, root)
    member_session = run.member_session("AssumeRole into the member", member)
    member_iam = run.client("iam", member_session)
    external = f"ext-{run.suffix}"
    with run.section("a role in the member for the management account, with an ExternalId"):
        partner = run.name("partner")
        run.ok("CreateRole partner", member_iam.create_role, RoleName=partner, AssumeRolePolicyDocument=json.dumps(
            trust(f"arn:aws:iam::{run.account}:root", condition={"StringEquals": {"sts:ExternalId": external}})))
        arn = f"arn:aws:iam::{member}:role/{partner}"
        sts = run.client("sts", run.admin_key())
        run.err("AssumeRole without the ExternalId", "AccessDenied", sts.assume_role, RoleArn=arn, RoleSessionName="xacct")
        run.err("AssumeRole with a wrong ExternalId", "AccessDenied", sts.assume_role, RoleArn=arn, RoleSessionName="xacct",
                ExternalId="wrong-id")
        session = run.assume("AssumeRole with the ExternalId", run.admin_key(), arn, "partner-session", ExternalId=external)
        identity = run.ok("GetCallerIdentity as partner", run.client("sts", session).get_caller_identity) if session else {}
        run.eq("the session is the member's role", identity.get("Arn"), f"arn:aws:sts::{member}:assumed-role/{partner}/partner-session")
        run.err("the management account's root may not assume roles", "AccessDenied", run.sts.assume_role, RoleArn=arn,
                RoleSessionName="xacct", ExternalId=external)
    with run.section("trust by organization: aws:PrincipalOrgID and aws:PrincipalOrgPaths"):
        org_id = organization_.get("Id", "o-missing")
        branch = run.ou("branch", root)
        inside = run.member("inside", branch, root)
        inside_session = run.member_session("AssumeRole into the account in the branch", inside)
        by_org, by_path = run.name("by-org"), run.name("by-path")
        run.ok("CreateRole trusting the organization", member_iam.create_role, RoleName=by_org, AssumeRolePolicyDocument=json.dumps(
            policy({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"aws:PrincipalOrgID": org_id}}})))
        run.ok("CreateRole trusting one OU", member_iam.create_role, RoleName=by_path, AssumeRolePolicyDocument=json.dumps(
            policy({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
                    "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": [f"{org_id}/{root}/{branch}/*"]}}})))
        run.check("the management account is in the organization",
                  run.assume("AssumeRole by-org as the management account", run.admin_key(), f"arn:aws:iam::{member}:role/{by_org}"), "refused")
        run.check("an account in the branch is under the path",
                  run.assume("AssumeRole by-path from the branch", inside_session, f"arn:aws:iam::{member}:role/{by_path}"), "refused")
        run.err("the management account is not under the branch's path", "AccessDenied", run.client("sts", run.admin_key()).assume_role,
                RoleArn=f"arn:aws:iam::{member}:role/{by_path}", RoleSessionName="outside-path")
        second = run.second()
        if second:
            stranger = run.admin_user(second["iam"], "stranger")
            run.err("an account outside the organization is refused by aws:PrincipalOrgID", "AccessDenied",
                    run.client("sts", stranger).assume_role, RoleArn=f"arn:aws:iam::{member}:role/{by_org}", RoleSessionName="stranger")
    second = run.second()
    if not second:
        return
    other = second["account"]
    with run.section("a role in the standalone account for the member"):
        vendor = run.name("vendor")
        run.ok("CreateRole vendor in the second account", second["iam"].create_role, RoleName=vendor,
               AssumeRolePolicyDocument=json.dumps(trust(f"arn:aws:iam::{member}:root",
                                                         condition={"StringEquals": {"sts:ExternalId": external}})))
        arn = f"arn:aws:iam::{other}:role/{vendor}"
        member_sts = run.client("sts", member_session)
        run.err("AssumeRole vendor without the ExternalId", "AccessDenied", member_sts.assume_role, RoleArn=arn, RoleSessionName="xacct")
        session = run.assume("AssumeRole vendor with the ExternalId (role chaining)", member_session, arn, "chained", ExternalId=external)
        identity = run.ok("GetCallerIdentity as vendor", run.client("sts", session).get_caller_identity) if session else {}
        run.eq("the chained session is in the second account", identity.get("Account"), other)
        run.err("the management account is not trusted by vendor", "AccessDenied", run.client("sts", run.admin_key()).assume_role,
                RoleArn=arn, RoleSessionName="xacct", ExternalId=external)
    with run.section("a role in the member for the standalone account"):
        client_role = run.name("client")
        run.ok("CreateRole client in the member", member_iam.create_role, RoleName=client_role,
               AssumeRolePolicyDocument=json.dumps(trust(f"arn:aws:iam::{other}:root",
                                                         condition={"StringEquals": {"sts:ExternalId": external}})))
        arn = f"arn:aws:iam::{member}:role/{client_role}"
        outsider = run.admin_user(second["iam"], "caller")
        run.err("AssumeRole client with a wrong ExternalId", "AccessDenied", run.client("sts", outsider).assume_role,
                RoleArn=arn, RoleSessionName="xacct", ExternalId="nope")
        session = run.assume("AssumeRole client with the ExternalId", outsider, arn, "outsider", ExternalId=external)
        if session:
            run.err("the role has no permissions policy", "AccessDenied", run.client("iam", session).list_users)


# ------------------------------------------------------------------------------------------------------
# delegation: the resource-based delegation policy and delegated administrators


def delegation(run):
    org, account = run.org, run.account
    organization_, root = run.create_organization(SCP, RCP)
    org_id = organization_.get("Id", "o-missing")
    delegated_ou, other_ou = run.ou("delegated", root), run.ou("other", root)
    admin = run.member("secadmin", root, root)
    worker = run.member("worker", delegated_ou, root)
    as_admin = run.client("organizations", run.member_session("AssumeRole into the delegated account", admin))
    worker_iam = run.client("iam", run.member_session("AssumeRole into the worker", worker))
    with run.section("before any delegation"):
        run.err("ListAccounts as a plain member", "AccessDeniedException", as_admin.list_accounts)
        run.err("DescribeResourcePolicy before one exists", "ResourcePolicyNotFoundException", org.describe_resource_policy)
    with run.section("PutResourcePolicy"):
        principal = {"AWS": f"arn:aws:iam::{admin}:root"}
        scp_arns = f"arn:aws:organizations::{account}:policy/o-*/service_control_policy/*"
        document = policy(
            {"Sid": "Read", "Effect": "Allow", "Principal": principal, "Resource": "*",
             "Action": ["organizations:Describe*", "organizations:List*"]},
            {"Sid": "ManageSCPs", "Effect": "Allow", "Principal": principal, "Resource": "*",
             "Action": ["organizations:CreatePolicy", "organizations:UpdatePolicy", "organizations:DeletePolicy"],
             "Condition": {"StringEquals": {"organizations:PolicyType": SCP}}},
            {"Sid": "AttachToOneOU", "Effect": "Allow", "Principal": principal,
             "Action": ["organizations:AttachPolicy", "organizations:DetachPolicy"],
             "Resource": [f"arn:aws:organizations::{account}:ou/{org_id}/{delegated_ou}", scp_arns]})
        put = run.ok("PutResourcePolicy", org.put_resource_policy, Content=json.dumps(document)).get("ResourcePolicy", {})
        summary = put.get("ResourcePolicySummary", {})
        run.match("ResourcePolicy Id", r"rp-[0-9a-zA-Z_]{4,128}", summary.get("Id"))
        run.eq("ResourcePolicy Arn", summary.get("Arn"), f"arn:aws:organizations::{account}:resourcepolicy/{org_id}/{summary.get('Id')}")
        run.eq("ResourcePolicy Content", json.loads(put.get("Content") or "null"), document)
        described = run.ok("DescribeResourcePolicy", org.describe_resource_policy).get("ResourcePolicy", {})
        run.eq("DescribeResourcePolicy Id", described.get("ResourcePolicySummary", {}).get("Id"), summary.get("Id"))
        run.err("PutResourcePolicy as a member", "AccessDeniedException", as_admin.put_resource_policy, Content=json.dumps(document))
    with run.section("the delegated account manages SCPs within the policy"):
        run.contains("ListAccounts as the delegated account", ids(paginate(run, "list_accounts delegated", as_admin, "list_accounts",
                                                                            "Accounts")), worker)
        run.eq("ListRoots as the delegated account", ids(run.ok("ListRoots delegated", as_admin.list_roots).get("Roots")), [root])
        created = run.ok("CreatePolicy SCP as the delegated account", as_admin.create_policy, Name=run.name("delegated-scp"),
                         Description="by the delegated account", Type=SCP, Content=json.dumps(policy(deny("iam:CreateUser"))))
        delegated_scp = created.get("Policy", {}).get("PolicySummary", {}).get("Id", "p-missing0")
        run.err("CreatePolicy RCP is not delegated", "AccessDeniedException", as_admin.create_policy, Name=run.name("delegated-rcp"),
                Description="", Type=RCP, Content=json.dumps(policy(dict(deny("s3:*"), Principal="*"))))
        run.ok("AttachPolicy to the delegated OU", as_admin.attach_policy, PolicyId=delegated_scp, TargetId=delegated_ou)
        run.err("the delegated SCP applies to the worker", "AccessDenied", worker_iam.create_user, UserName=run.name("w"),
                contains=SCP_DENY)
        run.err("AttachPolicy to another OU is not delegated", "AccessDeniedException", as_admin.attach_policy,
                PolicyId=delegated_scp, TargetId=other_ou)
        run.err("CreateOrganizationalUnit is not delegated", "AccessDeniedException", as_admin.create_organizational_unit,
                ParentId=root, Name="nope")
        run.ok("DetachPolicy from the delegated OU", as_admin.detach_policy, PolicyId=delegated_scp, TargetId=delegated_ou)
        run.ok("the worker is free again", worker_iam.create_user, UserName=run.name("w2"))
        run.ok("DeletePolicy as the delegated account", as_admin.delete_policy, PolicyId=delegated_scp)
    with run.section("DeleteResourcePolicy"):
        run.ok("DeleteResourcePolicy", org.delete_resource_policy)
        run.err("DescribeResourcePolicy after delete", "ResourcePolicyNotFoundException", org.describe_resource_policy)
        run.err("DeleteResourcePolicy twice", "ResourcePolicyNotFoundException", org.delete_resource_policy)
        run.err("ListAccounts once the delegation is gone", "AccessDeniedException", as_admin.list_accounts)
    with run.section("delegated administrators"):
        service = "config.amazonaws.com"
        run.err("RegisterDelegatedAdministrator before service access", "ConstraintViolationException",
                org.register_delegated_administrator, reason="SERVICE_ACCESS_NOT_ENABLED", AccountId=admin, ServicePrincipal=service)
        run.ok("EnableAWSServiceAccess", org.enable_aws_service_access, ServicePrincipal=service)
        enabled = paginate(run, "list_aws_service_access_for_organization", org, "list_aws_service_access_for_organization",
                           "EnabledServicePrincipals")
        run.eq("ListAWSServiceAccessForOrganization", [e.get("ServicePrincipal") for e in enabled], [service])
        run.ok("RegisterDelegatedAdministrator", org.register_delegated_administrator, AccountId=admin, ServicePrincipal=service)
        run.err("RegisterDelegatedAdministrator twice", "AccountAlreadyRegisteredException", org.register_delegated_administrator,
                AccountId=admin, ServicePrincipal=service)
        run.err("RegisterDelegatedAdministrator the management account", "ConstraintViolationException",
                org.register_delegated_administrator, reason="CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
                AccountId=account, ServicePrincipal=service)
        admins = paginate(run, "list_delegated_administrators", org, "list_delegated_administrators", "DelegatedAdministrators",
                          ServicePrincipal=service)
        run.eq("ListDelegatedAdministrators", ids(admins), [admin])
        run.check("DelegatedAdministrator DelegationEnabledDate",
                  admins and isinstance(admins[0].get("DelegationEnabledDate"), datetime.datetime), admins)
        services = paginate(run, "list_delegated_services_for_account", org, "list_delegated_services_for_account",
                            "DelegatedServices", AccountId=admin)
        run.eq("ListDelegatedServicesForAccount", [d.get("ServicePrincipal") for d in services], [service])
        run.contains("a delegated administrator may read the organization",
                     ids(paginate(run, "list_accounts as delegated administrator", as_admin, "list_accounts", "Accounts")), worker)
        # Every read AWS documents as callable "by a member account that is a delegated administrator".
        reads = [
            ("ListRoots", as_admin.list_roots, {}),
            ("ListOrganizationalUnitsForParent", as_admin.list_organizational_units_for_parent, {"ParentId": root}),
            ("DescribeOrganizationalUnit", as_admin.describe_organizational_unit, {"OrganizationalUnitId": delegated_ou}),
            ("ListChildren", as_admin.list_children, {"ParentId": root, "ChildType": "ACCOUNT"}),
            ("ListParents", as_admin.list_parents, {"ChildId": worker}),
            ("DescribeAccount", as_admin.describe_account, {"AccountId": worker}),
            ("ListAccountsForParent", as_admin.list_accounts_for_parent, {"ParentId": delegated_ou}),
            ("ListPolicies", as_admin.list_policies, {"Filter": SCP}),
            ("ListPoliciesForTarget", as_admin.list_policies_for_target, {"TargetId": worker, "Filter": SCP}),
            ("ListTargetsForPolicy", as_admin.list_targets_for_policy, {"PolicyId": FULL_AWS_ACCESS}),
            ("DescribePolicy", as_admin.describe_policy, {"PolicyId": FULL_AWS_ACCESS}),
            ("ListTagsForResource", as_admin.list_tags_for_resource, {"ResourceId": worker}),
            ("ListCreateAccountStatus", as_admin.list_create_account_status, {}),
            ("ListHandshakesForOrganization", as_admin.list_handshakes_for_organization, {}),
            ("ListDelegatedAdministrators", as_admin.list_delegated_administrators, {}),
            ("ListAWSServiceAccessForOrganization", as_admin.list_aws_service_access_for_organization, {}),
        ]
        for label, call, parameters in reads:
            run.ok(f"{label} as a delegated administrator", call, **parameters)
        run.err("CreateOrganizationalUnit as a delegated administrator", "AccessDeniedException", as_admin.create_organizational_unit,
                ParentId=root, Name="nope")
        run.err("RemoveAccountFromOrganization a delegated administrator", "ConstraintViolationException",
                org.remove_account_from_organization, reason="CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG", AccountId=admin)
        run.ok("DeregisterDelegatedAdministrator", org.deregister_delegated_administrator, AccountId=admin, ServicePrincipal=service)
        run.err("DeregisterDelegatedAdministrator twice", "AccountNotRegisteredException", org.deregister_delegated_administrator,
                AccountId=admin, ServicePrincipal=service)
        run.eq("ListDelegatedAdministrators after deregistering", paginate(run, "list_delegated_administrators", org,
                                                                          "list_delegated_administrators", "DelegatedAdministrators"), [])
        run.err("ListAccounts once deregistered", "AccessDeniedException", as_admin.list_accounts)
        run.ok("DisableAWSServiceAccess", org.disable_aws_service_access, ServicePrincipal=service)


SCENARIOS = {
    "organization": organization,
    "ous": ous,
    "accounts": accounts,
    "policies": policies,
    "handshakes": handshakes,
    "guardrails": guardrails,
    "cross_account_sts": cross_account_sts,
    "delegation": delegation,
}


if __name__ == "__main__":
    sys.exit(main(sys.argv, SCENARIOS, Run))
