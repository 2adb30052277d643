"""Black-box IAM scenarios: drives an endpoint with boto3 the way an SDK user would and checks that every
answer is the one AWS IAM documents.

Usage: iam_scenarios.py SCENARIO   runs one scenario and prints one JSON line:
                                   {"ok": true} or {"ok": false, "failures": ["label: detail", ...]}
       iam_scenarios.py --list     prints the scenario names, one a line

The endpoint and the credentials of the account's root user come from AWS_ENDPOINT_URL,
AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (boto3 reads them itself). Every check is labelled and
every failed check is collected: a scenario never stops at its first failure, and an unexpected
exception fails only the section it happened in. Names carry a random suffix so scenarios never
collide; nothing is cleaned up (each Warden test gets a fresh database).
"""
import base64
import csv
import datetime
import hashlib
import hmac
import io
import json
import os
import re
import struct
import sys
import time
import urllib.parse

from scenario_support import CONFIG, REGION, UNVALIDATED, Checks, allow, deny, describe, main, policy, tag_dict

import boto3
import botocore.exceptions

AWS_MANAGED = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "IAMReadOnlyAccess",
               "IAMUserChangePassword", "ReadOnlyAccess"]
CREDENTIAL_REPORT_COLUMNS = [
    "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
    "password_next_rotation", "mfa_active",
    "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
    "access_key_1_last_used_region", "access_key_1_last_used_service",
    "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
    "access_key_2_last_used_region", "access_key_2_last_used_service",
    "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
]


def trust(service="ec2.amazonaws.com"):
    return policy({"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"})


def totp(seed, counter):
    """RFC 6238 (RFC 4226 truncation): HMAC-SHA1, 6 digits, for one 30-second counter value."""
    key = base64.b32decode(seed + "=" * (-len(seed) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def statements(document):
    found = document.get("Statement", []) if isinstance(document, dict) else []
    return found if isinstance(found, list) else [found]


class Run(Checks):
    """One scenario's state: the root client, the account, the suffix and the failures so far."""

    def __init__(self):
        super().__init__()
        self.iam = boto3.client("iam", region_name=REGION, config=CONFIG)
        self.unvalidated = boto3.client("iam", region_name=REGION, config=UNVALIDATED)
        self.account = boto3.client("sts", region_name=REGION, config=CONFIG).get_caller_identity()["Account"]

    # ARNs -----------------------------------------------------------------------------------------
    def arn(self, kind, name, path="/"):
        return f"arn:aws:iam::{self.account}:{kind}{path}{name}"

    # helpers --------------------------------------------------------------------------------------
    def client_for(self, key, service="iam"):
        return boto3.client(service, region_name=REGION, config=CONFIG,
                            aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])

    def user(self, prefix, **extra):
        name = self.name(prefix)
        self.ok(f"setup CreateUser {prefix}", self.iam.create_user, UserName=name, **extra)
        return name

    def user_with_key(self, prefix):
        name = self.user(prefix)
        key = self.ok(f"setup CreateAccessKey {prefix}", self.iam.create_access_key, UserName=name).get("AccessKey", {})
        return name, key

    def managed_policy(self, prefix, document, **extra):
        response = self.ok(f"setup CreatePolicy {prefix}", self.iam.create_policy, PolicyName=self.name(prefix),
                           PolicyDocument=json.dumps(document), **extra)
        return response.get("Policy", {}).get("Arn", self.arn("policy", self.name(prefix), extra.get("Path", "/")))

    def enable_mfa(self, user, device_prefix):
        """Creates a virtual MFA device and enables it for `user` with two consecutive codes."""
        device = self.ok(f"setup CreateVirtualMFADevice {device_prefix}", self.iam.create_virtual_mfa_device,
                         VirtualMFADeviceName=self.name(device_prefix)).get("VirtualMFADevice", {})
        seed = device.get("Base32StringSeed", b"").decode()
        counter = int(time.time()) // 30
        self.ok(f"setup EnableMFADevice {device_prefix}", self.iam.enable_mfa_device, UserName=user,
                SerialNumber=device.get("SerialNumber", "missing"),
                AuthenticationCode1=totp(seed, counter - 1), AuthenticationCode2=totp(seed, counter))
        return device.get("SerialNumber"), seed

    def raw_body(self, client, operation):
        """Records the raw HTTP body of every later `operation` call on `client` (to see the wire form)."""
        bodies = []
        client.meta.events.register(f"after-call.iam.{operation}",
                                    lambda http_response, **_: bodies.append(http_response.text))
        return bodies


def all_pages(run, label, call, key, **parameters):
    """Follows Marker/IsTruncated by hand; returns (items, pages)."""
    items, pages, marker = [], 0, None
    while True:
        response = run.ok(label, call, **parameters, **({"Marker": marker} if marker else {}))
        pages += 1
        items += response.get(key, [])
        if not response.get("IsTruncated"):
            run.check(f"{label} no Marker on the last page", "Marker" not in response, f"Marker {response.get('Marker')!r}")
            return items, pages
        marker = response.get("Marker")
        if not run.check(f"{label} truncated page has a Marker", marker) or pages > 50:
            return items, pages


def paginate(client, operation, key, **parameters):
    return [item for page in client.get_paginator(operation).paginate(**parameters) for item in page.get(key, [])]


def pages(run, label, client, operation, key, **parameters):
    """Every item over all pages through boto3's paginator; [] after recording the failure."""
    try:
        return paginate(client, operation, key, **parameters)
    except botocore.exceptions.ClientError as error:
        run.fail(label, f"unexpected {describe(error)}")
    except Exception as error:  # noqa: BLE001
        run.fail(label, f"unexpected {type(error).__name__}: {error}")
    return []


# ------------------------------------------------------------------------------------------------------
# users


def users(run):
    iam, account = run.iam, run.account
    boundary = run.managed_policy("boundary", policy(allow("iam:Get*")))
    name = run.name("user")
    with run.section("CreateUser"):
        user = run.ok("CreateUser", iam.create_user, UserName=name, Path="/eng/",
                      Tags=[{"Key": "team", "Value": "eng"}, {"Key": "cost", "Value": "42"}],
                      PermissionsBoundary=boundary).get("User", {})
        run.eq("CreateUser UserName", user.get("UserName"), name)
        run.eq("CreateUser Path", user.get("Path"), "/eng/")
        run.eq("CreateUser Arn", user.get("Arn"), run.arn("user", name, "/eng/"))
        run.check("CreateUser UserId is AIDA + 17", re.fullmatch(r"AIDA[A-Z0-9]{17}", user.get("UserId", "")), user.get("UserId"))
        run.check("CreateUser CreateDate is a timestamp", isinstance(user.get("CreateDate"), datetime.datetime), user.get("CreateDate"))
        run.eq("CreateUser Tags", tag_dict(user.get("Tags")), {"team": "eng", "cost": "42"})
        run.eq("CreateUser PermissionsBoundary", user.get("PermissionsBoundary"),
               {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": boundary})
        user_id = user.get("UserId")
    with run.section("GetUser"):
        got = run.ok("GetUser", iam.get_user, UserName=name).get("User", {})
        run.eq("GetUser Arn", got.get("Arn"), run.arn("user", name, "/eng/"))
        run.eq("GetUser UserId", got.get("UserId"), user_id)
        run.eq("GetUser Path", got.get("Path"), "/eng/")
        run.eq("GetUser Tags", tag_dict(got.get("Tags")), {"team": "eng", "cost": "42"})
        run.eq("GetUser PermissionsBoundary", (got.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn"), boundary)
        me = run.ok("GetUser without UserName (root)", iam.get_user).get("User", {})
        run.eq("GetUser root Arn", me.get("Arn"), f"arn:aws:iam::{account}:root")
        run.eq("GetUser root UserId is the account id", me.get("UserId"), account)
        run.check("GetUser root CreateDate", isinstance(me.get("CreateDate"), datetime.datetime), me)
    with run.section("ListUsers"):
        prefix = f"/list-{run.suffix}/"
        listed = [run.user(f"list{i}", Path=prefix) for i in range(4)]
        listed.append(run.user("listsub", Path=prefix + "sub/"))
        everyone = [u.get("UserName") for u in run.ok("ListUsers", iam.list_users).get("Users", [])]
        run.contains("ListUsers (no prefix) lists the user", everyone, name)
        under = run.ok("ListUsers PathPrefix", iam.list_users, PathPrefix=prefix).get("Users", [])
        run.eq("ListUsers PathPrefix names", sorted(u.get("UserName") for u in under), sorted(listed))
        sub = run.ok("ListUsers nested PathPrefix", iam.list_users, PathPrefix=prefix + "sub/").get("Users", [])
        run.eq("ListUsers nested PathPrefix names", [u.get("UserName") for u in sub], [run.name("listsub")])
        first = run.ok("ListUsers MaxItems=2", iam.list_users, PathPrefix=prefix, MaxItems=2)
        run.eq("ListUsers MaxItems=2 count", len(first.get("Users", [])), 2)
        run.eq("ListUsers MaxItems=2 IsTruncated", first.get("IsTruncated"), True)
        run.check("ListUsers MaxItems=2 Marker", first.get("Marker"), first)
        followed, count = all_pages(run, "ListUsers pages", iam.list_users, "Users", PathPrefix=prefix, MaxItems=2)
        run.eq("ListUsers pages: every user once", sorted(u.get("UserName") for u in followed), sorted(listed))
        run.eq("ListUsers pages: page count", count, 3)
        paginated = pages(run, "list_users paginator", iam, "list_users", "Users", PathPrefix=prefix, PaginationConfig={"PageSize": 2})
        run.eq("ListUsers paginator", sorted(u.get("UserName") for u in paginated), sorted(listed))
    with run.section("UpdateUser"):
        renamed = run.name("renamed")
        run.ok("UpdateUser", iam.update_user, UserName=name, NewUserName=renamed, NewPath="/ops/")
        got = run.ok("GetUser renamed", iam.get_user, UserName=renamed).get("User", {})
        run.eq("UpdateUser new Path", got.get("Path"), "/ops/")
        run.eq("UpdateUser new Arn", got.get("Arn"), run.arn("user", renamed, "/ops/"))
        run.eq("UpdateUser keeps UserId", got.get("UserId"), user_id)
        run.err("GetUser old name after rename", "NoSuchEntity", iam.get_user, 404, UserName=name)
        run.err("UpdateUser onto an existing name", "EntityAlreadyExists", iam.update_user, 409,
                UserName=renamed, NewUserName=run.name("list0"))
    with run.section("DeleteUser"):
        run.ok("DeleteUser", iam.delete_user, UserName=renamed)
        run.err("GetUser after DeleteUser", "NoSuchEntity", iam.get_user, 404, UserName=renamed)
        run.err("DeleteUser twice", "NoSuchEntity", iam.delete_user, 404, UserName=renamed)
    with run.section("errors"):
        missing = run.name("nobody")
        run.err("GetUser missing", "NoSuchEntity", iam.get_user, 404,
                message=f"The user with name {missing} cannot be found.", UserName=missing)
        dup = run.user("dup")
        run.err("CreateUser duplicate", "EntityAlreadyExists", iam.create_user, 409,
                message=f"User with name {dup} already exists.", UserName=dup)
        run.err("CreateUser duplicate differing only in case", "EntityAlreadyExists", iam.create_user, 409,
                UserName=dup.upper())
        run.err("CreateUser 'bad name!'", "ValidationError", iam.create_user, 400, contains="userName",
                UserName="bad name!")
        run.err("CreateUser 65-character name", "ValidationError", iam.create_user, 400,
                contains=["userName", "64"], UserName="a" * 65)
        run.err("CreateUser bad Path", "ValidationError", iam.create_user, 400, contains="path",
                UserName=run.name("badpath"), Path="no-slashes")
    with run.section("DeleteConflict"):
        keyed, _ = run.user_with_key("haskey")
        run.err("DeleteUser with an access key", "DeleteConflict", iam.delete_user, 409, UserName=keyed)
        inline = run.user("hasinline")
        run.ok("setup PutUserPolicy", iam.put_user_policy, UserName=inline, PolicyName="p",
               PolicyDocument=json.dumps(policy(allow("s3:ListBucket"))))
        run.err("DeleteUser with an inline policy", "DeleteConflict", iam.delete_user, 409, UserName=inline)
        attached = run.user("hasattached")
        run.ok("setup AttachUserPolicy", iam.attach_user_policy, UserName=attached, PolicyArn=boundary)
        run.err("DeleteUser with an attached policy", "DeleteConflict", iam.delete_user, 409, UserName=attached)
        member = run.user("member")
        group = run.name("group")
        run.ok("setup CreateGroup", iam.create_group, GroupName=group)
        run.ok("setup AddUserToGroup", iam.add_user_to_group, GroupName=group, UserName=member)
        run.err("DeleteUser in a group", "DeleteConflict", iam.delete_user, 409, UserName=member)
        login = run.user("haslogin")
        run.ok("setup CreateLoginProfile", iam.create_login_profile, UserName=login, Password="Correct-Horse-9-Battery")
        run.err("DeleteUser with a login profile", "DeleteConflict", iam.delete_user, 409, UserName=login)
        mfa = run.user("hasmfa")
        run.enable_mfa(mfa, "usersmfa")
        run.err("DeleteUser with an MFA device", "DeleteConflict", iam.delete_user, 409, UserName=mfa)
        run.ok("DeleteUser once its key is gone", lambda: (
            [iam.delete_access_key(UserName=keyed, AccessKeyId=k["AccessKeyId"])
             for k in iam.list_access_keys(UserName=keyed)["AccessKeyMetadata"]],
            iam.delete_user(UserName=keyed))[1])


def user_tags(run):
    iam = run.iam
    name = run.user("tagged")
    with run.section("TagUser"):
        run.ok("TagUser", iam.tag_user, UserName=name, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
        listed = run.ok("ListUserTags", iam.list_user_tags, UserName=name)
        run.eq("ListUserTags", tag_dict(listed.get("Tags")), {"a": "1", "b": "2"})
        run.eq("ListUserTags IsTruncated", listed.get("IsTruncated"), False)
        run.ok("TagUser overwrites a value", iam.tag_user, UserName=name, Tags=[{"Key": "a", "Value": "3"}])
        run.ok("UntagUser", iam.untag_user, UserName=name, TagKeys=["b"])
        run.eq("ListUserTags after overwrite and untag",
               tag_dict(run.ok("ListUserTags", iam.list_user_tags, UserName=name).get("Tags")), {"a": "3"})
        run.eq("GetUser Tags", tag_dict(run.ok("GetUser", iam.get_user, UserName=name).get("User", {}).get("Tags")), {"a": "3"})
        run.err("TagUser missing user", "NoSuchEntity", iam.tag_user, 404,
                UserName=run.name("ghost"), Tags=[{"Key": "k", "Value": "v"}])
    with run.section("50-tag limit"):
        run.ok("TagUser up to 50", iam.tag_user, UserName=name,
               Tags=[{"Key": f"k{i:02d}", "Value": str(i)} for i in range(49)])
        run.eq("50 tags", len(run.ok("ListUserTags", iam.list_user_tags, UserName=name).get("Tags", [])), 50)
        run.err("TagUser a 51st tag", "LimitExceeded", iam.tag_user, 409, UserName=name,
                Tags=[{"Key": "one-too-many", "Value": "x"}])
        run.eq("still 50 tags", len(run.ok("ListUserTags", iam.list_user_tags, UserName=name).get("Tags", [])), 50)
        run.ok("TagUser changing an existing key at 50", iam.tag_user, UserName=name, Tags=[{"Key": "a", "Value": "4"}])
        page = run.ok("ListUserTags MaxItems=10", iam.list_user_tags, UserName=name, MaxItems=10)
        run.eq("ListUserTags MaxItems=10 count", len(page.get("Tags", [])), 10)
        run.eq("ListUserTags MaxItems=10 IsTruncated", page.get("IsTruncated"), True)
        run.eq("ListUserTags paginator", len(pages(run, "list_user_tags paginator", iam, "list_user_tags", "Tags", UserName=name,
                                                      PaginationConfig={"PageSize": 7})), 50)
    with run.section("permissions boundary"):
        boundary = run.managed_policy("boundary", policy(allow("s3:*")))
        run.ok("PutUserPermissionsBoundary", iam.put_user_permissions_boundary, UserName=name, PermissionsBoundary=boundary)
        got = run.ok("GetUser", iam.get_user, UserName=name).get("User", {})
        run.eq("GetUser PermissionsBoundary", got.get("PermissionsBoundary"),
               {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": boundary})
        aws_boundary = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
        run.ok("PutUserPermissionsBoundary replaces (AWS managed)", iam.put_user_permissions_boundary,
               UserName=name, PermissionsBoundary=aws_boundary)
        got = run.ok("GetUser", iam.get_user, UserName=name).get("User", {})
        run.eq("GetUser replaced PermissionsBoundary", (got.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn"), aws_boundary)
        run.ok("DeleteUserPermissionsBoundary", iam.delete_user_permissions_boundary, UserName=name)
        got = run.ok("GetUser", iam.get_user, UserName=name).get("User", {})
        run.check("GetUser without PermissionsBoundary", "PermissionsBoundary" not in got, got.get("PermissionsBoundary"))
        run.err("PutUserPermissionsBoundary missing user", "NoSuchEntity", iam.put_user_permissions_boundary, 404,
                UserName=run.name("ghost"), PermissionsBoundary=boundary)


# ------------------------------------------------------------------------------------------------------
# groups


def groups(run):
    iam = run.iam
    group = run.name("group")
    alice, bob = run.user("alice"), run.user("bob")
    with run.section("CreateGroup"):
        created = run.ok("CreateGroup", iam.create_group, GroupName=group, Path="/teams/").get("Group", {})
        run.eq("CreateGroup GroupName", created.get("GroupName"), group)
        run.eq("CreateGroup Path", created.get("Path"), "/teams/")
        run.eq("CreateGroup Arn", created.get("Arn"), run.arn("group", group, "/teams/"))
        run.check("CreateGroup GroupId is AGPA + 17", re.fullmatch(r"AGPA[A-Z0-9]{17}", created.get("GroupId", "")), created.get("GroupId"))
        run.err("CreateGroup duplicate (other case)", "EntityAlreadyExists", iam.create_group, 409, GroupName=group.upper())
        run.err("CreateGroup bad name", "ValidationError", iam.create_group, 400, contains="groupName", GroupName="bad group!")
        group_id = created.get("GroupId")
    with run.section("membership"):
        run.ok("AddUserToGroup alice", iam.add_user_to_group, GroupName=group, UserName=alice)
        run.ok("AddUserToGroup bob", iam.add_user_to_group, GroupName=group, UserName=bob)
        got = run.ok("GetGroup", iam.get_group, GroupName=group)
        run.eq("GetGroup Group.Arn", got.get("Group", {}).get("Arn"), run.arn("group", group, "/teams/"))
        run.eq("GetGroup Group.GroupId", got.get("Group", {}).get("GroupId"), group_id)
        run.eq("GetGroup Users", sorted(u.get("UserName") for u in got.get("Users", [])), sorted([alice, bob]))
        run.check("GetGroup Users carry ARNs", all(u.get("Arn", "").startswith(f"arn:aws:iam::{run.account}:user/")
                                                 for u in got.get("Users", [])), got.get("Users"))
        run.eq("GetGroup IsTruncated", got.get("IsTruncated"), False)
        page = run.ok("GetGroup MaxItems=1", iam.get_group, GroupName=group, MaxItems=1)
        run.eq("GetGroup MaxItems=1 IsTruncated", page.get("IsTruncated"), True)
        members = pages(run, "get_group paginator", iam, "get_group", "Users", GroupName=group, PaginationConfig={"PageSize": 1})
        run.eq("GetGroup paginator", sorted(u.get("UserName") for u in members), sorted([alice, bob]))
        for_user = run.ok("ListGroupsForUser", iam.list_groups_for_user, UserName=alice).get("Groups", [])
        run.eq("ListGroupsForUser", [g.get("GroupName") for g in for_user], [group])
        run.err("AddUserToGroup missing user", "NoSuchEntity", iam.add_user_to_group, 404, GroupName=group, UserName=run.name("ghost"))
        run.err("AddUserToGroup missing group", "NoSuchEntity", iam.add_user_to_group, 404, GroupName=run.name("ghost"), UserName=alice)
        run.ok("RemoveUserFromGroup bob", iam.remove_user_from_group, GroupName=group, UserName=bob)
        got = run.ok("GetGroup", iam.get_group, GroupName=group)
        run.eq("GetGroup after RemoveUserFromGroup", [u.get("UserName") for u in got.get("Users", [])], [alice])
        run.eq("ListGroupsForUser bob", run.ok("ListGroupsForUser", iam.list_groups_for_user, UserName=bob).get("Groups"), [])
    with run.section("ListGroups"):
        other = run.name("other")
        run.ok("CreateGroup other", iam.create_group, GroupName=other)
        names = [g.get("GroupName") for g in run.ok("ListGroups", iam.list_groups).get("Groups", [])]
        run.contains("ListGroups group", names, group)
        run.contains("ListGroups other", names, other)
        under = [g.get("GroupName") for g in run.ok("ListGroups PathPrefix", iam.list_groups, PathPrefix="/teams/").get("Groups", [])]
        run.contains("ListGroups PathPrefix includes", under, group)
        run.lacks("ListGroups PathPrefix excludes", under, other)
        page = run.ok("ListGroups MaxItems=1", iam.list_groups, MaxItems=1)
        run.eq("ListGroups MaxItems=1 IsTruncated", page.get("IsTruncated"), True)
    with run.section("UpdateGroup"):
        renamed = run.name("renamed")
        run.ok("UpdateGroup", iam.update_group, GroupName=group, NewGroupName=renamed, NewPath="/crew/")
        got = run.ok("GetGroup renamed", iam.get_group, GroupName=renamed)
        run.eq("UpdateGroup Arn", got.get("Group", {}).get("Arn"), run.arn("group", renamed, "/crew/"))
        run.eq("UpdateGroup keeps GroupId", got.get("Group", {}).get("GroupId"), group_id)
        run.eq("UpdateGroup keeps members", [u.get("UserName") for u in got.get("Users", [])], [alice])
        run.err("GetGroup old name", "NoSuchEntity", iam.get_group, 404, GroupName=group)
        run.eq("ListGroupsForUser after rename",
               [g.get("GroupName") for g in run.ok("ListGroupsForUser", iam.list_groups_for_user, UserName=alice).get("Groups", [])],
               [renamed])
    with run.section("DeleteGroup"):
        run.err("DeleteGroup with members", "DeleteConflict", iam.delete_group, 409, GroupName=renamed)
        run.ok("RemoveUserFromGroup alice", iam.remove_user_from_group, GroupName=renamed, UserName=alice)
        run.ok("PutGroupPolicy", iam.put_group_policy, GroupName=renamed, PolicyName="p",
               PolicyDocument=json.dumps(policy(allow("s3:ListBucket"))))
        run.err("DeleteGroup with an inline policy", "DeleteConflict", iam.delete_group, 409, GroupName=renamed)
        run.ok("DeleteGroupPolicy", iam.delete_group_policy, GroupName=renamed, PolicyName="p")
        managed = run.managed_policy("grouppolicy", policy(allow("s3:ListBucket")))
        run.ok("AttachGroupPolicy", iam.attach_group_policy, GroupName=renamed, PolicyArn=managed)
        run.err("DeleteGroup with an attached policy", "DeleteConflict", iam.delete_group, 409, GroupName=renamed)
        run.ok("DetachGroupPolicy", iam.detach_group_policy, GroupName=renamed, PolicyArn=managed)
        run.ok("DeleteGroup", iam.delete_group, GroupName=renamed)
        run.err("GetGroup after DeleteGroup", "NoSuchEntity", iam.get_group, 404, GroupName=renamed)
        run.err("DeleteGroup missing", "NoSuchEntity", iam.delete_group, 404, GroupName=renamed)


# ------------------------------------------------------------------------------------------------------
# roles


def roles(run):
    iam, account = run.iam, run.account
    role = run.name("role")
    document = trust()
    with run.section("CreateRole"):
        created = run.ok("CreateRole", iam.create_role, RoleName=role, Path="/app/", AssumeRolePolicyDocument=json.dumps(document),
                         Description="first", MaxSessionDuration=7200, Tags=[{"Key": "env", "Value": "test"}]).get("Role", {})
        run.eq("CreateRole RoleName", created.get("RoleName"), role)
        run.eq("CreateRole Path", created.get("Path"), "/app/")
        run.eq("CreateRole Arn", created.get("Arn"), run.arn("role", role, "/app/"))
        run.check("CreateRole RoleId is AROA + 17", re.fullmatch(r"AROA[A-Z0-9]{17}", created.get("RoleId", "")), created.get("RoleId"))
        run.eq("CreateRole AssumeRolePolicyDocument decoded to a dict", created.get("AssumeRolePolicyDocument"), document)
        role_id = created.get("RoleId")
    with run.section("CreateRole validation"):
        run.err("CreateRole malformed JSON trust policy", "MalformedPolicyDocument", iam.create_role, 400,
                RoleName=run.name("bad1"), AssumeRolePolicyDocument="{not json")
        run.err("CreateRole trust policy without Principal", "MalformedPolicyDocument", iam.create_role, 400,
                RoleName=run.name("bad2"),
                AssumeRolePolicyDocument=json.dumps(policy({"Effect": "Allow", "Action": "sts:AssumeRole"})))
        run.err("CreateRole MaxSessionDuration 43201", "ValidationError", run.unvalidated.create_role, 400,
                contains="maxSessionDuration", RoleName=run.name("bad3"),
                AssumeRolePolicyDocument=json.dumps(document), MaxSessionDuration=43201)
        run.err("CreateRole MaxSessionDuration 3599", "ValidationError", run.unvalidated.create_role, 400,
                contains="maxSessionDuration", RoleName=run.name("bad4"),
                AssumeRolePolicyDocument=json.dumps(document), MaxSessionDuration=3599)
        run.err("CreateRole duplicate (other case)", "EntityAlreadyExists", iam.create_role, 409,
                RoleName=role.upper(), AssumeRolePolicyDocument=json.dumps(document))
        run.err("GetRole bad ones were not created", "NoSuchEntity", iam.get_role, 404, RoleName=run.name("bad3"))
    with run.section("GetRole"):
        wire = run.raw_body(iam, "GetRole")
        got = run.ok("GetRole", iam.get_role, RoleName=role).get("Role", {})
        run.eq("GetRole RoleId", got.get("RoleId"), role_id)
        run.eq("GetRole Description", got.get("Description"), "first")
        run.eq("GetRole MaxSessionDuration", got.get("MaxSessionDuration"), 7200)
        run.check("GetRole RoleLastUsed present", "RoleLastUsed" in got, sorted(got))
        run.eq("GetRole Tags", tag_dict(got.get("Tags")), {"env": "test"})
        run.eq("GetRole AssumeRolePolicyDocument is a dict", got.get("AssumeRolePolicyDocument"), document)
        match = re.search(r"<AssumeRolePolicyDocument>([^<]*)</AssumeRolePolicyDocument>", wire[0] if wire else "")
        text = match.group(1) if match else ""
        run.check("GetRole AssumeRolePolicyDocument is URL-encoded on the wire", text.startswith("%7B"), text[:60])
        run.eq("GetRole wire document decodes to the trust policy",
               json.loads(urllib.parse.unquote(text)) if text.startswith("%7B") else None, document)
        plain = run.name("plain")
        run.ok("CreateRole defaults", iam.create_role, RoleName=plain, AssumeRolePolicyDocument=json.dumps(document))
        got = run.ok("GetRole defaults", iam.get_role, RoleName=plain).get("Role", {})
        run.eq("GetRole default MaxSessionDuration", got.get("MaxSessionDuration"), 3600)
        run.eq("GetRole default Path", got.get("Path"), "/")
        run.err("GetRole missing", "NoSuchEntity", iam.get_role, 404,
                message=f"The role with name {run.name('ghost')} cannot be found.", RoleName=run.name("ghost"))
    with run.section("ListRoles"):
        listed = run.ok("ListRoles PathPrefix", iam.list_roles, PathPrefix="/app/").get("Roles", [])
        run.eq("ListRoles PathPrefix", [r.get("RoleName") for r in listed], [role])
        run.eq("ListRoles AssumeRolePolicyDocument dict", (listed or [{}])[0].get("AssumeRolePolicyDocument"), document)
        every = [r.get("RoleName") for r in pages(run, "list_roles paginator", iam, "list_roles", "Roles", PaginationConfig={"PageSize": 1})]
        run.contains("ListRoles paginator role", every, role)
        run.contains("ListRoles paginator plain", every, plain)
        page = run.ok("ListRoles MaxItems=1", iam.list_roles, MaxItems=1)
        run.eq("ListRoles MaxItems=1 IsTruncated", page.get("IsTruncated"), True)
    with run.section("UpdateRole"):
        run.ok("UpdateRole", iam.update_role, RoleName=role, Description="second", MaxSessionDuration=10800)
        got = run.ok("GetRole", iam.get_role, RoleName=role).get("Role", {})
        run.eq("UpdateRole Description", got.get("Description"), "second")
        run.eq("UpdateRole MaxSessionDuration", got.get("MaxSessionDuration"), 10800)
        run.err("UpdateRole MaxSessionDuration 43201", "ValidationError", run.unvalidated.update_role, 400,
                RoleName=role, MaxSessionDuration=43201)
        updated = run.ok("UpdateRoleDescription", iam.update_role_description, RoleName=role, Description="third").get("Role", {})
        run.eq("UpdateRoleDescription returns the role", updated.get("Description"), "third")
        run.eq("UpdateRoleDescription Arn", updated.get("Arn"), run.arn("role", role, "/app/"))
        run.eq("GetRole after UpdateRoleDescription",
               run.ok("GetRole", iam.get_role, RoleName=role).get("Role", {}).get("Description"), "third")
        second = trust("lambda.amazonaws.com")
        run.ok("UpdateAssumeRolePolicy", iam.update_assume_role_policy, RoleName=role, PolicyDocument=json.dumps(second))
        run.eq("GetRole after UpdateAssumeRolePolicy",
               run.ok("GetRole", iam.get_role, RoleName=role).get("Role", {}).get("AssumeRolePolicyDocument"), second)
        run.err("UpdateAssumeRolePolicy malformed", "MalformedPolicyDocument", iam.update_assume_role_policy, 400,
                RoleName=role, PolicyDocument="[]")
    with run.section("role tags"):
        run.ok("TagRole", iam.tag_role, RoleName=role, Tags=[{"Key": "a", "Value": "1"}, {"Key": "env", "Value": "prod"}])
        run.eq("ListRoleTags", tag_dict(run.ok("ListRoleTags", iam.list_role_tags, RoleName=role).get("Tags")),
               {"a": "1", "env": "prod"})
        run.ok("UntagRole", iam.untag_role, RoleName=role, TagKeys=["a"])
        run.eq("ListRoleTags after untag", tag_dict(run.ok("ListRoleTags", iam.list_role_tags, RoleName=role).get("Tags")),
               {"env": "prod"})
        run.err("TagRole missing role", "NoSuchEntity", iam.tag_role, 404, RoleName=run.name("ghost"), Tags=[{"Key": "k", "Value": "v"}])
    with run.section("role boundary"):
        boundary = run.managed_policy("boundary", policy(allow("s3:*")))
        run.ok("PutRolePermissionsBoundary", iam.put_role_permissions_boundary, RoleName=role, PermissionsBoundary=boundary)
        run.eq("GetRole PermissionsBoundary",
               run.ok("GetRole", iam.get_role, RoleName=role).get("Role", {}).get("PermissionsBoundary"),
               {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": boundary})
        run.ok("DeleteRolePermissionsBoundary", iam.delete_role_permissions_boundary, RoleName=role)
        got = run.ok("GetRole", iam.get_role, RoleName=role).get("Role", {})
        run.check("GetRole without PermissionsBoundary", "PermissionsBoundary" not in got, got.get("PermissionsBoundary"))
    with run.section("DeleteRole"):
        run.ok("PutRolePolicy", iam.put_role_policy, RoleName=role, PolicyName="p", PolicyDocument=json.dumps(policy(allow("s3:*"))))
        run.err("DeleteRole with an inline policy", "DeleteConflict", iam.delete_role, 409, RoleName=role)
        run.ok("DeleteRolePolicy", iam.delete_role_policy, RoleName=role, PolicyName="p")
        run.ok("AttachRolePolicy", iam.attach_role_policy, RoleName=role, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        run.err("DeleteRole with an attached policy", "DeleteConflict", iam.delete_role, 409, RoleName=role)
        run.ok("DetachRolePolicy", iam.detach_role_policy, RoleName=role, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        run.ok("DeleteRole", iam.delete_role, RoleName=role)
        run.err("GetRole after DeleteRole", "NoSuchEntity", iam.get_role, 404, RoleName=role)
    with run.section("service-linked role"):
        service = "elasticbeanstalk.amazonaws.com"
        linked = run.ok("CreateServiceLinkedRole", iam.create_service_linked_role, AWSServiceName=service).get("Role", {})
        path = f"/aws-service-role/{service}/"
        run.eq("CreateServiceLinkedRole RoleName", linked.get("RoleName"), "AWSServiceRoleForElasticBeanstalk")
        run.eq("CreateServiceLinkedRole Path", linked.get("Path"), path)
        run.eq("CreateServiceLinkedRole Arn", linked.get("Arn"), run.arn("role", "AWSServiceRoleForElasticBeanstalk", path))
        services = [s.get("Principal", {}).get("Service") for s in statements(linked.get("AssumeRolePolicyDocument"))]
        run.check("CreateServiceLinkedRole trusts the service", service in services or [service] in services, services)
        got = run.ok("GetRole service-linked", iam.get_role, RoleName="AWSServiceRoleForElasticBeanstalk").get("Role", {})
        run.eq("GetRole service-linked Path", got.get("Path"), path)
        run.err("DeleteRole on a service-linked role", "UnmodifiableEntity", iam.delete_role, 400,
                RoleName="AWSServiceRoleForElasticBeanstalk")
        task = run.ok("DeleteServiceLinkedRole", iam.delete_service_linked_role,
                      RoleName="AWSServiceRoleForElasticBeanstalk").get("DeletionTaskId", "")
        run.check("DeletionTaskId names the role",
                  task.startswith(f"task{path}AWSServiceRoleForElasticBeanstalk/"), task)
        status = None
        for _ in range(20):
            status = run.ok("GetServiceLinkedRoleDeletionStatus", iam.get_service_linked_role_deletion_status,
                            DeletionTaskId=task or "task/none").get("Status")
            if status not in ("NOT_STARTED", "IN_PROGRESS"):
                break
            time.sleep(0.5)
        run.eq("GetServiceLinkedRoleDeletionStatus", status, "SUCCEEDED")
        run.err("GetRole after the deletion task", "NoSuchEntity", iam.get_role, 404, RoleName="AWSServiceRoleForElasticBeanstalk")


# ------------------------------------------------------------------------------------------------------
# managed policies


def managed_policies(run):
    iam, account = run.iam, run.account
    first = policy(allow("s3:GetObject", "arn:aws:s3:::bucket/*"))
    name = run.name("pol")
    arn = run.arn("policy", name, "/team/")
    with run.section("CreatePolicy"):
        created = run.ok("CreatePolicy", iam.create_policy, PolicyName=name, Path="/team/", PolicyDocument=json.dumps(first),
                         Description="managed", Tags=[{"Key": "k", "Value": "v"}]).get("Policy", {})
        run.eq("CreatePolicy Arn", created.get("Arn"), arn)
        run.eq("CreatePolicy PolicyName", created.get("PolicyName"), name)
        run.eq("CreatePolicy Path", created.get("Path"), "/team/")
        run.check("CreatePolicy PolicyId is ANPA + 17", re.fullmatch(r"ANPA[A-Z0-9]{17}", created.get("PolicyId", "")), created.get("PolicyId"))
        run.eq("CreatePolicy DefaultVersionId", created.get("DefaultVersionId"), "v1")
        run.eq("CreatePolicy AttachmentCount", created.get("AttachmentCount"), 0)
        run.eq("CreatePolicy IsAttachable", created.get("IsAttachable"), True)
        run.err("CreatePolicy duplicate", "EntityAlreadyExists", iam.create_policy, 409, PolicyName=name, Path="/team/",
                PolicyDocument=json.dumps(first))
        run.err("CreatePolicy malformed", "MalformedPolicyDocument", iam.create_policy, 400,
                PolicyName=run.name("bad"), PolicyDocument='{"Version": "2012-10-17", "Statement": [{"Effect": "Maybe"')
        run.err("CreatePolicy with a Principal", "MalformedPolicyDocument", iam.create_policy, 400, PolicyName=run.name("bad2"),
                PolicyDocument=json.dumps(policy(allow("s3:*", Principal={"AWS": "*"}))))
        got = run.ok("GetPolicy", iam.get_policy, PolicyArn=arn).get("Policy", {})
        run.eq("GetPolicy Description", got.get("Description"), "managed")
        run.eq("GetPolicy Tags", tag_dict(got.get("Tags")), {"k": "v"})
        run.eq("GetPolicy DefaultVersionId", got.get("DefaultVersionId"), "v1")
        run.eq("GetPolicy PermissionsBoundaryUsageCount", got.get("PermissionsBoundaryUsageCount"), 0)
        version = run.ok("GetPolicyVersion v1", iam.get_policy_version, PolicyArn=arn, VersionId="v1").get("PolicyVersion", {})
        run.eq("GetPolicyVersion Document dict", version.get("Document"), first)
        run.eq("GetPolicyVersion IsDefaultVersion", version.get("IsDefaultVersion"), True)
        run.err("GetPolicy missing", "NoSuchEntity", iam.get_policy, 404, PolicyArn=run.arn("policy", run.name("ghost")))
    with run.section("policy versions"):
        docs = {f"v{i}": policy(allow(f"s3:Get{i}*")) for i in range(2, 7)}
        v2 = run.ok("CreatePolicyVersion v2", iam.create_policy_version, PolicyArn=arn,
                    PolicyDocument=json.dumps(docs["v2"])).get("PolicyVersion", {})
        run.eq("CreatePolicyVersion VersionId", v2.get("VersionId"), "v2")
        run.eq("CreatePolicyVersion not default", v2.get("IsDefaultVersion"), False)
        v3 = run.ok("CreatePolicyVersion v3 SetAsDefault", iam.create_policy_version, PolicyArn=arn,
                    PolicyDocument=json.dumps(docs["v3"]), SetAsDefault=True).get("PolicyVersion", {})
        run.eq("CreatePolicyVersion v3 default", v3.get("IsDefaultVersion"), True)
        run.eq("GetPolicy DefaultVersionId after SetAsDefault",
               run.ok("GetPolicy", iam.get_policy, PolicyArn=arn).get("Policy", {}).get("DefaultVersionId"), "v3")
        for v in ("v4", "v5"):
            run.ok(f"CreatePolicyVersion {v}", iam.create_policy_version, PolicyArn=arn, PolicyDocument=json.dumps(docs[v]))
        run.err("CreatePolicyVersion a sixth", "LimitExceeded", iam.create_policy_version, 409,
                PolicyArn=arn, PolicyDocument=json.dumps(docs["v6"]))
        versions = run.ok("ListPolicyVersions", iam.list_policy_versions, PolicyArn=arn).get("Versions", [])
        run.eq("ListPolicyVersions ids", sorted(v.get("VersionId") for v in versions), ["v1", "v2", "v3", "v4", "v5"])
        run.eq("ListPolicyVersions one default", [v.get("VersionId") for v in versions if v.get("IsDefaultVersion")], ["v3"])
        run.err("DeletePolicyVersion default", "DeleteConflict", iam.delete_policy_version, 409, PolicyArn=arn, VersionId="v3")
        run.ok("SetDefaultPolicyVersion v1", iam.set_default_policy_version, PolicyArn=arn, VersionId="v1")
        run.eq("GetPolicy DefaultVersionId after SetDefaultPolicyVersion",
               run.ok("GetPolicy", iam.get_policy, PolicyArn=arn).get("Policy", {}).get("DefaultVersionId"), "v1")
        run.eq("GetPolicyVersion v3 no longer default", run.ok("GetPolicyVersion v3", iam.get_policy_version, PolicyArn=arn,
                                                               VersionId="v3").get("PolicyVersion", {}).get("IsDefaultVersion"), False)
        run.ok("DeletePolicyVersion v2", iam.delete_policy_version, PolicyArn=arn, VersionId="v2")
        run.err("GetPolicyVersion deleted", "NoSuchEntity", iam.get_policy_version, 404, PolicyArn=arn, VersionId="v2")
        v6 = run.ok("CreatePolicyVersion after a delete", iam.create_policy_version, PolicyArn=arn,
                    PolicyDocument=json.dumps(docs["v6"])).get("PolicyVersion", {})
        run.eq("CreatePolicyVersion ids keep counting", v6.get("VersionId"), "v6")
        run.err("SetDefaultPolicyVersion missing", "NoSuchEntity", iam.set_default_policy_version, 404, PolicyArn=arn, VersionId="v2")
        run.err("CreatePolicyVersion malformed", "MalformedPolicyDocument", iam.create_policy_version, 400,
                PolicyArn=arn, PolicyDocument="{}")
    with run.section("attachments"):
        user, group, role = run.user("u"), run.name("g"), run.name("r")
        run.ok("CreateGroup", iam.create_group, GroupName=group)
        run.ok("CreateRole", iam.create_role, RoleName=role, AssumeRolePolicyDocument=json.dumps(trust()))
        run.ok("AttachUserPolicy", iam.attach_user_policy, UserName=user, PolicyArn=arn)
        run.ok("AttachGroupPolicy", iam.attach_group_policy, GroupName=group, PolicyArn=arn)
        run.ok("AttachRolePolicy", iam.attach_role_policy, RoleName=role, PolicyArn=arn)
        run.ok("AttachUserPolicy again is a no-op", iam.attach_user_policy, UserName=user, PolicyArn=arn)
        run.eq("AttachmentCount 3", run.ok("GetPolicy", iam.get_policy, PolicyArn=arn).get("Policy", {}).get("AttachmentCount"), 3)
        expected = [{"PolicyName": name, "PolicyArn": arn}]
        run.eq("ListAttachedUserPolicies", run.ok("ListAttachedUserPolicies", iam.list_attached_user_policies,
                                                  UserName=user).get("AttachedPolicies"), expected)
        run.eq("ListAttachedGroupPolicies", run.ok("ListAttachedGroupPolicies", iam.list_attached_group_policies,
                                                   GroupName=group).get("AttachedPolicies"), expected)
        run.eq("ListAttachedRolePolicies", run.ok("ListAttachedRolePolicies", iam.list_attached_role_policies,
                                                  RoleName=role).get("AttachedPolicies"), expected)
        run.eq("ListAttachedUserPolicies PathPrefix", run.ok("ListAttachedUserPolicies", iam.list_attached_user_policies,
                                                             UserName=user, PathPrefix="/other/").get("AttachedPolicies"), [])
        entities = run.ok("ListEntitiesForPolicy", iam.list_entities_for_policy, PolicyArn=arn)
        run.eq("ListEntitiesForPolicy users", [u.get("UserName") for u in entities.get("PolicyUsers", [])], [user])
        run.eq("ListEntitiesForPolicy groups", [g.get("GroupName") for g in entities.get("PolicyGroups", [])], [group])
        run.eq("ListEntitiesForPolicy roles", [r.get("RoleName") for r in entities.get("PolicyRoles", [])], [role])
        run.check("ListEntitiesForPolicy ids", all(e.get("UserId", e.get("GroupId", e.get("RoleId")))
                                                   for k in ("PolicyUsers", "PolicyGroups", "PolicyRoles")
                                                   for e in entities.get(k, [])), entities)
        only_roles = run.ok("ListEntitiesForPolicy EntityFilter=Role", iam.list_entities_for_policy, PolicyArn=arn, EntityFilter="Role")
        run.eq("EntityFilter=Role users", only_roles.get("PolicyUsers"), [])
        run.eq("EntityFilter=Role roles", [r.get("RoleName") for r in only_roles.get("PolicyRoles", [])], [role])
        run.err("DeletePolicy while attached", "DeleteConflict", iam.delete_policy, 409, PolicyArn=arn)
        run.err("AttachUserPolicy missing policy", "NoSuchEntity", iam.attach_user_policy, 404, UserName=user,
                PolicyArn=run.arn("policy", run.name("ghost")))
        run.err("AttachUserPolicy missing user", "NoSuchEntity", iam.attach_user_policy, 404, UserName=run.name("ghost"), PolicyArn=arn)
        run.ok("DetachUserPolicy", iam.detach_user_policy, UserName=user, PolicyArn=arn)
        run.err("DetachUserPolicy not attached", "NoSuchEntity", iam.detach_user_policy, 404, UserName=user, PolicyArn=arn)
        run.eq("AttachmentCount 2", run.ok("GetPolicy", iam.get_policy, PolicyArn=arn).get("Policy", {}).get("AttachmentCount"), 2)
        run.eq("ListAttachedUserPolicies after detach", run.ok("ListAttachedUserPolicies", iam.list_attached_user_policies,
                                                               UserName=user).get("AttachedPolicies"), [])
    with run.section("ListPolicies"):
        unattached = run.managed_policy("loose", policy(allow("s3:ListBucket")))
        boundary = run.managed_policy("bound", policy(allow("s3:*")))
        run.ok("PutUserPermissionsBoundary", iam.put_user_permissions_boundary, UserName=user, PermissionsBoundary=boundary)
        got = run.ok("GetPolicy boundary", iam.get_policy, PolicyArn=boundary).get("Policy", {})
        run.eq("boundary PermissionsBoundaryUsageCount", got.get("PermissionsBoundaryUsageCount"), 1)
        run.eq("boundary AttachmentCount", got.get("AttachmentCount"), 0)

        def arns(label, **parameters):
            return [p.get("Arn") for p in pages(run, "list_policies paginator", iam, "list_policies", "Policies", **parameters)] \
                if run.ok(label, iam.list_policies, MaxItems=1, **parameters) is not None else []
        local = arns("ListPolicies Local", Scope="Local")
        run.contains("Scope=Local has ours", local, arn)
        run.check("Scope=Local has no AWS policy", not [a for a in local if a.startswith("arn:aws:iam::aws:")], local[:5])
        aws = arns("ListPolicies AWS", Scope="AWS")
        run.contains("Scope=AWS has AdministratorAccess", aws, "arn:aws:iam::aws:policy/AdministratorAccess")
        run.lacks("Scope=AWS lacks ours", aws, arn)
        every = arns("ListPolicies All", Scope="All")
        run.contains("Scope=All has ours", every, arn)
        run.contains("Scope=All has ReadOnlyAccess", every, "arn:aws:iam::aws:policy/ReadOnlyAccess")
        attached = arns("ListPolicies OnlyAttached", Scope="Local", OnlyAttached=True)
        run.contains("OnlyAttached has the attached one", attached, arn)
        run.lacks("OnlyAttached lacks the unattached one", attached, unattached)
        run.lacks("OnlyAttached lacks a boundary-only one", attached, boundary)
        prefixed = arns("ListPolicies PathPrefix", Scope="Local", PathPrefix="/team/")
        run.eq("PathPrefix=/team/", prefixed, [arn])
        bounds = arns("ListPolicies PermissionsBoundary", Scope="Local", PolicyUsageFilter="PermissionsBoundary")
        run.contains("PolicyUsageFilter=PermissionsBoundary has the boundary", bounds, boundary)
        run.lacks("PolicyUsageFilter=PermissionsBoundary lacks a permissions policy", bounds, arn)
        perms = arns("ListPolicies PermissionsPolicy", Scope="Local", OnlyAttached=True, PolicyUsageFilter="PermissionsPolicy")
        run.contains("PolicyUsageFilter=PermissionsPolicy has the attached one", perms, arn)
        run.lacks("PolicyUsageFilter=PermissionsPolicy lacks the boundary", perms, boundary)
        page = run.ok("ListPolicies MaxItems=1", iam.list_policies, Scope="Local", MaxItems=1)
        run.eq("ListPolicies MaxItems=1 IsTruncated", page.get("IsTruncated"), True)
        run.check("ListPolicies MaxItems=1 Marker", page.get("Marker"), page)
    with run.section("policy tags"):
        run.ok("TagPolicy", iam.tag_policy, PolicyArn=arn, Tags=[{"Key": "x", "Value": "1"}])
        run.eq("ListPolicyTags", tag_dict(run.ok("ListPolicyTags", iam.list_policy_tags, PolicyArn=arn).get("Tags")),
               {"k": "v", "x": "1"})
        run.ok("UntagPolicy", iam.untag_policy, PolicyArn=arn, TagKeys=["k"])
        run.eq("ListPolicyTags after untag", tag_dict(run.ok("ListPolicyTags", iam.list_policy_tags, PolicyArn=arn).get("Tags")),
               {"x": "1"})
    with run.section("AWS managed policies"):
        for aws_name in AWS_MANAGED:
            aws_arn = f"arn:aws:iam::aws:policy/{aws_name}"
            got = run.ok(f"GetPolicy {aws_name}", iam.get_policy, PolicyArn=aws_arn).get("Policy", {})
            run.eq(f"{aws_name} PolicyName", got.get("PolicyName"), aws_name)
            run.eq(f"{aws_name} Arn", got.get("Arn"), aws_arn)
            run.eq(f"{aws_name} Path", got.get("Path"), "/")
            run.eq(f"{aws_name} IsAttachable", got.get("IsAttachable"), True)
            version = got.get("DefaultVersionId")
            run.check(f"{aws_name} DefaultVersionId", version and re.fullmatch(r"v[0-9]+", version), version)
            document = run.ok(f"GetPolicyVersion {aws_name}", iam.get_policy_version, PolicyArn=aws_arn,
                              VersionId=version or "v1").get("PolicyVersion", {}).get("Document")
            run.check(f"{aws_name} document is a policy dict", isinstance(document, dict) and statements(document), document)
            if aws_name == "AdministratorAccess":
                run.contains("AdministratorAccess allows everything", statements(document),
                             {"Effect": "Allow", "Action": "*", "Resource": "*"})
        admin = "arn:aws:iam::aws:policy/AdministratorAccess"
        run.ok("AttachUserPolicy AdministratorAccess", iam.attach_user_policy, UserName=user, PolicyArn=admin)
        run.contains("ListAttachedUserPolicies AWS managed",
                     run.ok("ListAttachedUserPolicies", iam.list_attached_user_policies, UserName=user).get("AttachedPolicies"),
                     {"PolicyName": "AdministratorAccess", "PolicyArn": admin})
        count = run.ok("GetPolicy AdministratorAccess", iam.get_policy, PolicyArn=admin).get("Policy", {}).get("AttachmentCount")
        run.check("AdministratorAccess AttachmentCount counts this account's attachment", isinstance(count, int) and count >= 1, count)
    with run.section("DeletePolicy"):
        run.ok("DetachGroupPolicy", iam.detach_group_policy, GroupName=group, PolicyArn=arn)
        run.ok("DetachRolePolicy", iam.detach_role_policy, RoleName=role, PolicyArn=arn)
        run.eq("AttachmentCount 0", run.ok("GetPolicy", iam.get_policy, PolicyArn=arn).get("Policy", {}).get("AttachmentCount"), 0)
        run.err("DeletePolicy with non-default versions", "DeleteConflict", iam.delete_policy, 409, PolicyArn=arn)
        for v in ("v3", "v4", "v5", "v6"):
            run.ok(f"DeletePolicyVersion {v}", iam.delete_policy_version, PolicyArn=arn, VersionId=v)
        run.ok("DeletePolicy", iam.delete_policy, PolicyArn=arn)
        run.err("GetPolicy after DeletePolicy", "NoSuchEntity", iam.get_policy, 404, PolicyArn=arn)
        run.ok("DeletePolicy unattached single-version", iam.delete_policy, PolicyArn=unattached)


# ------------------------------------------------------------------------------------------------------
# inline policies


def inline_policies(run):
    iam = run.iam
    user, group, role = run.user("u"), run.name("g"), run.name("r")
    run.ok("setup CreateGroup", iam.create_group, GroupName=group)
    run.ok("setup CreateRole", iam.create_role, RoleName=role, AssumeRolePolicyDocument=json.dumps(trust()))
    kinds = [
        ("User", "UserName", user, iam.put_user_policy, iam.get_user_policy, iam.list_user_policies, iam.delete_user_policy),
        ("Group", "GroupName", group, iam.put_group_policy, iam.get_group_policy, iam.list_group_policies, iam.delete_group_policy),
        ("Role", "RoleName", role, iam.put_role_policy, iam.get_role_policy, iam.list_role_policies, iam.delete_role_policy),
    ]
    for kind, key, owner, put, get, list_, delete in kinds:
        with run.section(f"{kind} inline policies"):
            first = policy(allow("s3:GetObject", "arn:aws:s3:::bucket/*"),
                           allow("ec2:Describe*", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
            second = policy(deny("s3:DeleteBucket"))
            run.ok(f"Put{kind}Policy", put, **{key: owner}, PolicyName="alpha", PolicyDocument=json.dumps(first))
            wire = run.raw_body(iam, f"Get{kind}Policy")
            got = run.ok(f"Get{kind}Policy", get, **{key: owner}, PolicyName="alpha")
            run.eq(f"Get{kind}Policy {key}", got.get(key), owner)
            run.eq(f"Get{kind}Policy PolicyName", got.get("PolicyName"), "alpha")
            run.eq(f"Get{kind}Policy PolicyDocument is the dict", got.get("PolicyDocument"), first)
            match = re.search(r"<PolicyDocument>([^<]*)</PolicyDocument>", wire[0] if wire else "")
            run.check(f"Get{kind}Policy document URL-encoded on the wire", match and match.group(1).startswith("%7B"),
                      (match.group(1) if match else "")[:60])
            run.ok(f"Put{kind}Policy second", put, **{key: owner}, PolicyName="beta", PolicyDocument=json.dumps(second))
            run.eq(f"List{kind}Policies", sorted(run.ok(f"List{kind}Policies", list_, **{key: owner}).get("PolicyNames", [])),
                   ["alpha", "beta"])
            page = run.ok(f"List{kind}Policies MaxItems=1", list_, **{key: owner}, MaxItems=1)
            run.eq(f"List{kind}Policies MaxItems=1 IsTruncated", page.get("IsTruncated"), True)
            run.ok(f"Put{kind}Policy overwrite", put, **{key: owner}, PolicyName="alpha", PolicyDocument=json.dumps(second))
            run.eq(f"Get{kind}Policy after overwrite",
                   run.ok(f"Get{kind}Policy", get, **{key: owner}, PolicyName="alpha").get("PolicyDocument"), second)
            run.err(f"Put{kind}Policy bad JSON", "MalformedPolicyDocument", put, 400, **{key: owner}, PolicyName="bad",
                    PolicyDocument='{"Version": "2012-10-17", "Statement": ')
            run.err(f"Put{kind}Policy with a Principal", "MalformedPolicyDocument", put, 400, **{key: owner}, PolicyName="bad",
                    PolicyDocument=json.dumps(policy(allow("s3:*", Principal="*"))))
            run.err(f"Put{kind}Policy unknown Effect", "MalformedPolicyDocument", put, 400, **{key: owner}, PolicyName="bad",
                    PolicyDocument=json.dumps(policy({"Effect": "Perhaps", "Action": "s3:*", "Resource": "*"})))
            run.err(f"Put{kind}Policy bad name", "ValidationError", put, 400, **{key: owner}, PolicyName="bad name!",
                    PolicyDocument=json.dumps(first))
            run.ok(f"Delete{kind}Policy", delete, **{key: owner}, PolicyName="alpha")
            run.err(f"Get{kind}Policy after delete", "NoSuchEntity", get, 404, **{key: owner}, PolicyName="alpha")
            run.err(f"Delete{kind}Policy twice", "NoSuchEntity", delete, 404, **{key: owner}, PolicyName="alpha")
            run.eq(f"List{kind}Policies after delete", run.ok(f"List{kind}Policies", list_, **{key: owner}).get("PolicyNames"), ["beta"])
            run.err(f"Put{kind}Policy missing {kind.lower()}", "NoSuchEntity", put, 404, **{key: run.name("ghost")},
                    PolicyName="p", PolicyDocument=json.dumps(first))


# ------------------------------------------------------------------------------------------------------
# access keys


def access_keys(run):
    iam, account = run.iam, run.account
    user = run.user("keys")
    user_id = run.ok("GetUser", iam.get_user, UserName=user).get("User", {}).get("UserId")
    with run.section("CreateAccessKey"):
        first = run.ok("CreateAccessKey", iam.create_access_key, UserName=user).get("AccessKey", {})
        run.eq("CreateAccessKey UserName", first.get("UserName"), user)
        run.check("CreateAccessKey AccessKeyId is AKIA + 16", re.fullmatch(r"AKIA[A-Z0-9]{16}", first.get("AccessKeyId", "")), first.get("AccessKeyId"))
        run.check("CreateAccessKey SecretAccessKey is 40 characters", len(first.get("SecretAccessKey", "")) == 40, first.get("SecretAccessKey"))
        run.eq("CreateAccessKey Status", first.get("Status"), "Active")
        run.check("CreateAccessKey CreateDate", isinstance(first.get("CreateDate"), datetime.datetime), first.get("CreateDate"))
        second = run.ok("CreateAccessKey second", iam.create_access_key, UserName=user).get("AccessKey", {})
        run.err("CreateAccessKey third", "LimitExceeded", iam.create_access_key, 409, UserName=user)
        run.err("CreateAccessKey missing user", "NoSuchEntity", iam.create_access_key, 404, UserName=run.name("ghost"))
        listed = run.ok("ListAccessKeys", iam.list_access_keys, UserName=user).get("AccessKeyMetadata", [])
        run.eq("ListAccessKeys ids", sorted(k.get("AccessKeyId") for k in listed),
               sorted([first.get("AccessKeyId"), second.get("AccessKeyId")]))
        run.check("ListAccessKeys hides secrets", all("SecretAccessKey" not in k for k in listed), listed)
        run.check("ListAccessKeys all Active", all(k.get("Status") == "Active" and k.get("UserName") == user for k in listed), listed)
        mine = run.ok("ListAccessKeys without UserName (root)", iam.list_access_keys).get("AccessKeyMetadata", [])
        run.contains("ListAccessKeys root lists the root key", [k.get("AccessKeyId") for k in mine], os.environ.get("AWS_ACCESS_KEY_ID"))
    with run.section("the key works"):
        never = run.ok("GetAccessKeyLastUsed unused", iam.get_access_key_last_used, AccessKeyId=second.get("AccessKeyId", "AKIA0000000000000000"))
        run.eq("GetAccessKeyLastUsed UserName", never.get("UserName"), user)
        run.eq("GetAccessKeyLastUsed unused ServiceName", never.get("AccessKeyLastUsed", {}).get("ServiceName"), "N/A")
        run.eq("GetAccessKeyLastUsed unused Region", never.get("AccessKeyLastUsed", {}).get("Region"), "N/A")
        run.check("GetAccessKeyLastUsed unused has no LastUsedDate", "LastUsedDate" not in never.get("AccessKeyLastUsed", {}), never)
        sts = run.client_for(first, "sts")
        identity = run.ok("GetCallerIdentity with the user key", sts.get_caller_identity)
        run.eq("GetCallerIdentity Arn", identity.get("Arn"), run.arn("user", user))
        run.eq("GetCallerIdentity UserId", identity.get("UserId"), user_id)
        run.eq("GetCallerIdentity Account", identity.get("Account"), account)
        used = run.ok("GetAccessKeyLastUsed used", iam.get_access_key_last_used, AccessKeyId=first.get("AccessKeyId", "AKIA0000000000000000"))
        run.check("GetAccessKeyLastUsed LastUsedDate", isinstance(used.get("AccessKeyLastUsed", {}).get("LastUsedDate"), datetime.datetime), used)
        run.eq("GetAccessKeyLastUsed ServiceName", used.get("AccessKeyLastUsed", {}).get("ServiceName"), "sts")
        run.eq("GetAccessKeyLastUsed Region", used.get("AccessKeyLastUsed", {}).get("Region"), REGION)
    with run.section("UpdateAccessKey"):
        run.ok("UpdateAccessKey Inactive", iam.update_access_key, UserName=user, AccessKeyId=first.get("AccessKeyId"), Status="Inactive")
        statuses = {k.get("AccessKeyId"): k.get("Status")
                    for k in run.ok("ListAccessKeys", iam.list_access_keys, UserName=user).get("AccessKeyMetadata", [])}
        run.eq("ListAccessKeys shows Inactive", statuses.get(first.get("AccessKeyId")), "Inactive")
        run.err("Inactive key refused", "InvalidClientTokenId", sts.get_caller_identity, 403)
        run.ok("UpdateAccessKey Active", iam.update_access_key, UserName=user, AccessKeyId=first.get("AccessKeyId"), Status="Active")
        run.ok("Reactivated key works", sts.get_caller_identity)
        run.err("UpdateAccessKey missing key", "NoSuchEntity", iam.update_access_key, 404, UserName=user,
                AccessKeyId="AKIA" + "Z" * 16, Status="Inactive")
        other = run.user("other")
        run.err("UpdateAccessKey of another user's key", "NoSuchEntity", iam.update_access_key, 404, UserName=other,
                AccessKeyId=first.get("AccessKeyId"), Status="Inactive")
    with run.section("DeleteAccessKey"):
        run.ok("DeleteAccessKey", iam.delete_access_key, UserName=user, AccessKeyId=first.get("AccessKeyId"))
        run.eq("ListAccessKeys after delete",
               [k.get("AccessKeyId") for k in run.ok("ListAccessKeys", iam.list_access_keys, UserName=user).get("AccessKeyMetadata", [])],
               [second.get("AccessKeyId")])
        run.err("Deleted key refused", "InvalidClientTokenId", sts.get_caller_identity, 403)
        run.err("DeleteAccessKey twice", "NoSuchEntity", iam.delete_access_key, 404, UserName=user, AccessKeyId=first.get("AccessKeyId"))
        run.ok("CreateAccessKey after a delete", iam.create_access_key, UserName=user)


# ------------------------------------------------------------------------------------------------------
# MFA


def mfa(run):
    iam, account = run.iam, run.account
    user = run.user("mfa")
    device_name = run.name("device")
    serial = f"arn:aws:iam::{account}:mfa/{device_name}"
    with run.section("CreateVirtualMFADevice"):
        device = run.ok("CreateVirtualMFADevice", iam.create_virtual_mfa_device, VirtualMFADeviceName=device_name).get("VirtualMFADevice", {})
        run.eq("CreateVirtualMFADevice SerialNumber", device.get("SerialNumber"), serial)
        seed_bytes = device.get("Base32StringSeed")
        run.check("Base32StringSeed is bytes", isinstance(seed_bytes, bytes), type(seed_bytes))
        seed = (seed_bytes or b"").decode("ascii", "replace")
        run.check("Base32StringSeed is base32", re.fullmatch(r"[A-Z2-7]{16,}=*", seed), seed)
        png = device.get("QRCodePNG")
        run.check("QRCodePNG is a PNG", isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n"), (png or b"")[:8])
        run.err("CreateVirtualMFADevice duplicate", "EntityAlreadyExists", iam.create_virtual_mfa_device, 409,
                VirtualMFADeviceName=device_name)

        def virtual(status):
            return {d.get("SerialNumber"): d for d in pages(run, "list_virtual_mfa_devices paginator", iam, "list_virtual_mfa_devices", "VirtualMFADevices", AssignmentStatus=status)}
        run.contains("ListVirtualMFADevices Unassigned", virtual("Unassigned"), serial)
        run.lacks("ListVirtualMFADevices Assigned", virtual("Assigned"), serial)
    with run.section("EnableMFADevice"):
        counter = int(time.time()) // 30
        run.err("EnableMFADevice wrong codes", "InvalidAuthenticationCode", iam.enable_mfa_device, 403, UserName=user,
                SerialNumber=serial, AuthenticationCode1=totp(seed, counter + 1000), AuthenticationCode2=totp(seed, counter + 1001))
        run.err("EnableMFADevice codes in the wrong order", "InvalidAuthenticationCode", iam.enable_mfa_device, 403, UserName=user,
                SerialNumber=serial, AuthenticationCode1=totp(seed, counter), AuthenticationCode2=totp(seed, counter - 1))
        run.lacks("still unassigned after wrong codes", virtual("Assigned"), serial)
        counter = int(time.time()) // 30
        run.ok("EnableMFADevice", iam.enable_mfa_device, UserName=user, SerialNumber=serial,
               AuthenticationCode1=totp(seed, counter - 1), AuthenticationCode2=totp(seed, counter))
        devices = run.ok("ListMFADevices", iam.list_mfa_devices, UserName=user).get("MFADevices", [])
        run.eq("ListMFADevices", [(d.get("UserName"), d.get("SerialNumber")) for d in devices], [(user, serial)])
        run.check("ListMFADevices EnableDate", devices and isinstance(devices[0].get("EnableDate"), datetime.datetime), devices)
        assigned = virtual("Assigned")
        run.contains("ListVirtualMFADevices Assigned", assigned, serial)
        run.eq("ListVirtualMFADevices Assigned User", assigned.get(serial, {}).get("User", {}).get("UserName"), user)
        run.check("ListVirtualMFADevices EnableDate", isinstance(assigned.get(serial, {}).get("EnableDate"), datetime.datetime), assigned.get(serial))
        run.lacks("ListVirtualMFADevices Unassigned after enable", virtual("Unassigned"), serial)
        run.contains("ListVirtualMFADevices Any", virtual("Any"), serial)
        got = run.ok("GetMFADevice", iam.get_mfa_device, SerialNumber=serial, UserName=user)
        run.eq("GetMFADevice SerialNumber", got.get("SerialNumber"), serial)
        run.eq("GetMFADevice UserName", got.get("UserName"), user)
        run.check("GetMFADevice EnableDate", isinstance(got.get("EnableDate"), datetime.datetime), got)
        run.err("DeleteVirtualMFADevice while assigned", "DeleteConflict", iam.delete_virtual_mfa_device, 409, SerialNumber=serial)
    with run.section("ResyncMFADevice"):
        counter = int(time.time()) // 30
        run.err("ResyncMFADevice wrong codes", "InvalidAuthenticationCode", iam.resync_mfa_device, 403, UserName=user,
                SerialNumber=serial, AuthenticationCode1=totp(seed, counter + 5000), AuthenticationCode2=totp(seed, counter + 5001))
        # a device running 30-60 seconds fast: the next two codes, never used before
        run.ok("ResyncMFADevice", iam.resync_mfa_device, UserName=user, SerialNumber=serial,
               AuthenticationCode1=totp(seed, counter + 1), AuthenticationCode2=totp(seed, counter + 2))
    with run.section("DeactivateMFADevice"):
        run.ok("DeactivateMFADevice", iam.deactivate_mfa_device, UserName=user, SerialNumber=serial)
        run.eq("ListMFADevices after deactivate", run.ok("ListMFADevices", iam.list_mfa_devices, UserName=user).get("MFADevices"), [])
        run.contains("Unassigned again", virtual("Unassigned"), serial)
        run.err("DeactivateMFADevice twice", "NoSuchEntity", iam.deactivate_mfa_device, 404, UserName=user, SerialNumber=serial)
        run.ok("DeleteVirtualMFADevice", iam.delete_virtual_mfa_device, SerialNumber=serial)
        run.lacks("ListVirtualMFADevices after delete", virtual("Any"), serial)
        run.err("DeleteVirtualMFADevice twice", "NoSuchEntity", iam.delete_virtual_mfa_device, 404, SerialNumber=serial)
        run.err("EnableMFADevice missing user", "NoSuchEntity", iam.enable_mfa_device, 404, UserName=run.name("ghost"),
                SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321")


# ------------------------------------------------------------------------------------------------------
# OpenID Connect providers


def oidc_providers(run):
    iam, account = run.iam, run.account
    host = run.name("idp").lower() + ".example.com"
    url = f"https://{host}/realms/ci"
    arn = f"arn:aws:iam::{account}:oidc-provider/{host}/realms/ci"
    thumbprint = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"
    with run.section("CreateOpenIDConnectProvider"):
        created = run.ok("CreateOpenIDConnectProvider", iam.create_open_id_connect_provider, Url=url, ClientIDList=["sts.amazonaws.com"],
                         ThumbprintList=[thumbprint], Tags=[{"Key": "team", "Value": "ci"}])
        run.eq("CreateOpenIDConnectProvider Arn", created.get("OpenIDConnectProviderArn"), arn)
        run.eq("CreateOpenIDConnectProvider Tags", created.get("Tags"), [{"Key": "team", "Value": "ci"}])
        run.err("CreateOpenIDConnectProvider duplicate", "EntityAlreadyExists", iam.create_open_id_connect_provider, 409, Url=url)
        run.err("CreateOpenIDConnectProvider http", "InvalidInput", iam.create_open_id_connect_provider, 400, Url=f"http://{host}/other")
        run.err("CreateOpenIDConnectProvider bad thumbprint", "InvalidInput", iam.create_open_id_connect_provider, 400,
                Url=f"https://{host}/other", ThumbprintList=["z" * 40])
        run.err("CreateOpenIDConnectProvider six thumbprints", "LimitExceeded", iam.create_open_id_connect_provider, 409,
                Url=f"https://{host}/other", ThumbprintList=[f"{i:040x}" for i in range(6)])
        listed = run.ok("ListOpenIDConnectProviders", iam.list_open_id_connect_providers).get("OpenIDConnectProviderList", [])
        run.contains("ListOpenIDConnectProviders", [p.get("Arn") for p in listed], arn)
        summary = run.ok("GetAccountSummary", iam.get_account_summary).get("SummaryMap", {})
        run.eq("GetAccountSummary Providers", summary.get("Providers"), len(listed))
    with run.section("GetOpenIDConnectProvider"):
        got = run.ok("GetOpenIDConnectProvider", iam.get_open_id_connect_provider, OpenIDConnectProviderArn=arn)
        run.eq("GetOpenIDConnectProvider Url (no scheme)", got.get("Url"), f"{host}/realms/ci")
        run.eq("GetOpenIDConnectProvider ClientIDList", got.get("ClientIDList"), ["sts.amazonaws.com"])
        run.eq("GetOpenIDConnectProvider ThumbprintList", got.get("ThumbprintList"), [thumbprint])
        run.check("GetOpenIDConnectProvider CreateDate", isinstance(got.get("CreateDate"), datetime.datetime), got)
        run.err("GetOpenIDConnectProvider missing", "NoSuchEntity", iam.get_open_id_connect_provider, 404,
                OpenIDConnectProviderArn=f"arn:aws:iam::{account}:oidc-provider/{host}/missing")
    with run.section("client ids and thumbprints"):
        run.ok("AddClientIDToOpenIDConnectProvider", iam.add_client_id_to_open_id_connect_provider, OpenIDConnectProviderArn=arn, ClientID="web-app")
        run.ok("AddClientIDToOpenIDConnectProvider again", iam.add_client_id_to_open_id_connect_provider, OpenIDConnectProviderArn=arn, ClientID="web-app")
        run.ok("RemoveClientIDFromOpenIDConnectProvider", iam.remove_client_id_from_open_id_connect_provider, OpenIDConnectProviderArn=arn,
               ClientID="sts.amazonaws.com")
        run.ok("RemoveClientIDFromOpenIDConnectProvider absent", iam.remove_client_id_from_open_id_connect_provider, OpenIDConnectProviderArn=arn,
               ClientID="never-added")
        other = "a" * 40
        run.ok("UpdateOpenIDConnectProviderThumbprint", iam.update_open_id_connect_provider_thumbprint, OpenIDConnectProviderArn=arn,
               ThumbprintList=[other])
        got = run.ok("GetOpenIDConnectProvider after changes", iam.get_open_id_connect_provider, OpenIDConnectProviderArn=arn)
        run.eq("ClientIDList after changes", got.get("ClientIDList"), ["web-app"])
        run.eq("ThumbprintList after update", got.get("ThumbprintList"), [other])
    with run.section("tags"):
        run.ok("TagOpenIDConnectProvider", iam.tag_open_id_connect_provider, OpenIDConnectProviderArn=arn, Tags=[{"Key": "env", "Value": "test"}])
        run.ok("UntagOpenIDConnectProvider", iam.untag_open_id_connect_provider, OpenIDConnectProviderArn=arn, TagKeys=["team"])
        tags = run.ok("ListOpenIDConnectProviderTags", iam.list_open_id_connect_provider_tags, OpenIDConnectProviderArn=arn).get("Tags")
        run.eq("ListOpenIDConnectProviderTags", tags, [{"Key": "env", "Value": "test"}])
    with run.section("DeleteOpenIDConnectProvider"):
        run.ok("DeleteOpenIDConnectProvider", iam.delete_open_id_connect_provider, OpenIDConnectProviderArn=arn)
        run.ok("DeleteOpenIDConnectProvider again (idempotent)", iam.delete_open_id_connect_provider, OpenIDConnectProviderArn=arn)
        run.err("GetOpenIDConnectProvider after delete", "NoSuchEntity", iam.get_open_id_connect_provider, 404, OpenIDConnectProviderArn=arn)


def instance_profiles(run):
    iam, account = run.iam, run.account
    profile, other = run.name("web"), run.name("batch")
    role, second_role = run.name("web-role"), run.name("batch-role")
    arn = f"arn:aws:iam::{account}:instance-profile/apps/{profile}"
    for name in (role, second_role):
        run.ok(f"setup CreateRole {name}", iam.create_role, RoleName=name, AssumeRolePolicyDocument=json.dumps(trust()))
    with run.section("CreateInstanceProfile"):
        created = run.ok("CreateInstanceProfile", iam.create_instance_profile, InstanceProfileName=profile, Path="/apps/",
                         Tags=[{"Key": "team", "Value": "web"}]).get("InstanceProfile", {})
        run.eq("CreateInstanceProfile Arn", created.get("Arn"), arn)
        run.match("CreateInstanceProfile InstanceProfileId", r"AIPA[A-Z2-7]{17}", created.get("InstanceProfileId"))
        run.eq("CreateInstanceProfile Roles", created.get("Roles"), [])
        run.eq("CreateInstanceProfile Tags", created.get("Tags"), [{"Key": "team", "Value": "web"}])
        run.err("CreateInstanceProfile duplicate (other case)", "EntityAlreadyExists", iam.create_instance_profile, 409,
                InstanceProfileName=profile.upper())
        run.err("CreateInstanceProfile bad name", "ValidationError", run.unvalidated.create_instance_profile, 400,
                InstanceProfileName="no spaces")
        run.ok("CreateInstanceProfile second", iam.create_instance_profile, InstanceProfileName=other)
    with run.section("roles in profiles"):
        run.ok("AddRoleToInstanceProfile", iam.add_role_to_instance_profile, InstanceProfileName=profile, RoleName=role)
        run.err("AddRoleToInstanceProfile same role again", "EntityAlreadyExists", iam.add_role_to_instance_profile, 409,
                InstanceProfileName=profile, RoleName=role)
        run.err("AddRoleToInstanceProfile a second role", "LimitExceeded", iam.add_role_to_instance_profile, 409,
                InstanceProfileName=profile, RoleName=second_role)
        run.err("AddRoleToInstanceProfile missing role", "NoSuchEntity", iam.add_role_to_instance_profile, 404,
                InstanceProfileName=other, RoleName=run.name("missing"))
        run.ok("AddRoleToInstanceProfile the role to a second profile", iam.add_role_to_instance_profile, InstanceProfileName=other, RoleName=role)
        got = run.ok("GetInstanceProfile", iam.get_instance_profile, InstanceProfileName=profile).get("InstanceProfile", {})
        run.eq("GetInstanceProfile roles", [r.get("RoleName") for r in got.get("Roles", [])], [role])
        run.check("GetInstanceProfile role has its trust policy", got.get("Roles") and got["Roles"][0].get("AssumeRolePolicyDocument"), got)
        run.eq("GetInstanceProfile Path", got.get("Path"), "/apps/")
        for_role = pages(run, "ListInstanceProfilesForRole", iam, "list_instance_profiles_for_role", "InstanceProfiles", RoleName=role)
        run.eq("ListInstanceProfilesForRole", sorted(p.get("InstanceProfileName") for p in for_role), sorted([profile, other]))
        run.err("ListInstanceProfilesForRole missing role", "NoSuchEntity", iam.list_instance_profiles_for_role, 404, RoleName=run.name("missing"))
        run.err("DeleteRole while in a profile", "DeleteConflict", iam.delete_role, 409, RoleName=role)
        run.err("DeleteInstanceProfile with a role", "DeleteConflict", iam.delete_instance_profile, 409, InstanceProfileName=profile)
        details = run.ok("GetAccountAuthorizationDetails", iam.get_account_authorization_details, Filter=["Role"])
        listed = [r for r in details.get("RoleDetailList", []) if r.get("RoleName") == role]
        run.eq("GetAccountAuthorizationDetails InstanceProfileList",
               sorted(p.get("InstanceProfileName") for p in (listed[0].get("InstanceProfileList", []) if listed else [])), sorted([profile, other]))
        summary = run.ok("GetAccountSummary", iam.get_account_summary).get("SummaryMap", {})
        run.eq("GetAccountSummary InstanceProfiles", summary.get("InstanceProfiles"), 2)
    with run.section("ListInstanceProfiles"):
        everything, page_count = all_pages(run, "ListInstanceProfiles MaxItems=1", iam.list_instance_profiles, "InstanceProfiles", MaxItems=1)
        run.eq("ListInstanceProfiles pages", page_count, 2)
        run.eq("ListInstanceProfiles names", sorted(p.get("InstanceProfileName") for p in everything), sorted([profile, other]))
        under = run.ok("ListInstanceProfiles PathPrefix", iam.list_instance_profiles, PathPrefix="/apps/").get("InstanceProfiles", [])
        run.eq("ListInstanceProfiles PathPrefix", [p.get("InstanceProfileName") for p in under], [profile])
    with run.section("tags"):
        run.ok("TagInstanceProfile", iam.tag_instance_profile, InstanceProfileName=profile, Tags=[{"Key": "env", "Value": "prod"}])
        run.ok("UntagInstanceProfile", iam.untag_instance_profile, InstanceProfileName=profile, TagKeys=["team"])
        tags = run.ok("ListInstanceProfileTags", iam.list_instance_profile_tags, InstanceProfileName=profile).get("Tags")
        run.eq("ListInstanceProfileTags", tags, [{"Key": "env", "Value": "prod"}])
    with run.section("iam:PassRole is required"):
        user, key = run.user_with_key("profiles")
        run.ok("setup PutUserPolicy", iam.put_user_policy, UserName=user, PolicyName="profiles",
               PolicyDocument=json.dumps(policy(allow("iam:AddRoleToInstanceProfile"), allow("iam:RemoveRoleFromInstanceProfile"))))
        limited = run.client_for(key)
        run.ok("RemoveRoleFromInstanceProfile", iam.remove_role_from_instance_profile, InstanceProfileName=other, RoleName=role)
        run.err("AddRoleToInstanceProfile without iam:PassRole", "AccessDenied", limited.add_role_to_instance_profile, 403,
                contains="iam:PassRole", InstanceProfileName=other, RoleName=second_role)
        run.ok("setup PutUserPolicy with PassRole", iam.put_user_policy, UserName=user, PolicyName="profiles",
               PolicyDocument=json.dumps(policy(allow("iam:AddRoleToInstanceProfile"), allow("iam:PassRole", run.arn("role", second_role)))))
        run.ok("AddRoleToInstanceProfile with iam:PassRole", limited.add_role_to_instance_profile, InstanceProfileName=other, RoleName=second_role)
    with run.section("removal and deletion"):
        run.err("RemoveRoleFromInstanceProfile a role not in it", "NoSuchEntity", iam.remove_role_from_instance_profile, 404,
                InstanceProfileName=profile, RoleName=second_role)
        run.ok("RemoveRoleFromInstanceProfile", iam.remove_role_from_instance_profile, InstanceProfileName=profile, RoleName=role)
        run.ok("DeleteRole once in no profile", iam.delete_role, RoleName=role)
        run.ok("DeleteInstanceProfile", iam.delete_instance_profile, InstanceProfileName=profile)
        run.err("GetInstanceProfile after delete", "NoSuchEntity", iam.get_instance_profile, 404, InstanceProfileName=profile)
        run.err("DeleteInstanceProfile again", "NoSuchEntity", iam.delete_instance_profile, 404, InstanceProfileName=profile)


# ------------------------------------------------------------------------------------------------------
# account


def account(run):
    iam, account_id = run.iam, run.account
    with run.section("account alias"):
        alias = run.name("warden")
        run.ok("CreateAccountAlias", iam.create_account_alias, AccountAlias=alias)
        run.eq("ListAccountAliases", run.ok("ListAccountAliases", iam.list_account_aliases).get("AccountAliases"), [alias])
        run.err("CreateAccountAlias invalid", "ValidationError", iam.create_account_alias, 400, AccountAlias="Bad_Alias")
        run.ok("DeleteAccountAlias", iam.delete_account_alias, AccountAlias=alias)
        run.eq("ListAccountAliases after delete", run.ok("ListAccountAliases", iam.list_account_aliases).get("AccountAliases"), [])
        run.err("DeleteAccountAlias missing", "NoSuchEntity", iam.delete_account_alias, 404, AccountAlias=alias)
    with run.section("GetAccountSummary"):
        before = run.ok("GetAccountSummary", iam.get_account_summary).get("SummaryMap", {})
        for key in ("Users", "Groups", "Roles", "Policies", "UsersQuota", "GroupsQuota", "RolesQuota", "PoliciesQuota",
                    "AccessKeysPerUserQuota", "VersionsPerPolicyQuota", "GroupsPerUserQuota", "AttachedPoliciesPerUserQuota",
                    "MFADevices", "MFADevicesInUse", "AccountMFAEnabled", "AccountAccessKeysPresent", "PolicyVersionsInUse"):
            run.check(f"SummaryMap {key} is an integer", isinstance(before.get(key), int), before.get(key))
        run.eq("UsersQuota", before.get("UsersQuota"), 5000)
        run.eq("GroupsQuota", before.get("GroupsQuota"), 300)
        run.eq("AccessKeysPerUserQuota", before.get("AccessKeysPerUserQuota"), 2)
        run.eq("VersionsPerPolicyQuota", before.get("VersionsPerPolicyQuota"), 5)
        run.eq("GroupsPerUserQuota", before.get("GroupsPerUserQuota"), 10)
        run.eq("AccountAccessKeysPresent (the root key)", before.get("AccountAccessKeysPresent"), 1)
        run.user("summary")
        run.ok("CreateGroup", iam.create_group, GroupName=run.name("summary"))
        run.ok("CreateRole", iam.create_role, RoleName=run.name("summary"), AssumeRolePolicyDocument=json.dumps(trust()))
        run.managed_policy("summary", policy(allow("s3:*")))
        after = run.ok("GetAccountSummary", iam.get_account_summary).get("SummaryMap", {})
        for key in ("Users", "Groups", "Roles", "Policies"):
            if isinstance(before.get(key), int):
                run.eq(f"SummaryMap {key} counts the new one", after.get(key), before[key] + 1)
    with run.section("password policy"):
        run.ok("DeleteAccountPasswordPolicy (start clean)", lambda: (
            iam.delete_account_password_policy() if _has_password_policy(iam) else {}))
        run.err("GetAccountPasswordPolicy none", "NoSuchEntity", iam.get_account_password_policy, 404)
        run.ok("UpdateAccountPasswordPolicy", iam.update_account_password_policy, MinimumPasswordLength=12, RequireSymbols=True,
               RequireNumbers=True, RequireUppercaseCharacters=True, RequireLowercaseCharacters=True,
               AllowUsersToChangePassword=True, MaxPasswordAge=90, PasswordReusePrevention=3, HardExpiry=False)
        got = run.ok("GetAccountPasswordPolicy", iam.get_account_password_policy).get("PasswordPolicy", {})
        expected = {"MinimumPasswordLength": 12, "RequireSymbols": True, "RequireNumbers": True,
                    "RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True,
                    "AllowUsersToChangePassword": True, "ExpirePasswords": True, "MaxPasswordAge": 90,
                    "PasswordReusePrevention": 3, "HardExpiry": False}
        for key, value in expected.items():
            run.eq(f"PasswordPolicy {key}", got.get(key), value)
        run.err("UpdateAccountPasswordPolicy MinimumPasswordLength 129", "ValidationError",
                run.unvalidated.update_account_password_policy, 400, MinimumPasswordLength=129)
    with run.section("login profile"):
        user, key = run.user_with_key("login")
        good, better = "Correct-Horse-9-Battery", "Staple-Battery-7-Horse"
        run.err("CreateLoginProfile weak password", "PasswordPolicyViolation", iam.create_login_profile, 400,
                UserName=user, Password="short")
        created = run.ok("CreateLoginProfile", iam.create_login_profile, UserName=user, Password=good,
                         PasswordResetRequired=False).get("LoginProfile", {})
        run.eq("CreateLoginProfile UserName", created.get("UserName"), user)
        run.eq("CreateLoginProfile PasswordResetRequired", created.get("PasswordResetRequired"), False)
        run.check("CreateLoginProfile CreateDate", isinstance(created.get("CreateDate"), datetime.datetime), created)
        run.err("CreateLoginProfile twice", "EntityAlreadyExists", iam.create_login_profile, 409, UserName=user, Password=good)
        got = run.ok("GetLoginProfile", iam.get_login_profile, UserName=user).get("LoginProfile", {})
        run.eq("GetLoginProfile UserName", got.get("UserName"), user)
        run.ok("UpdateLoginProfile", iam.update_login_profile, UserName=user, PasswordResetRequired=True)
        run.eq("GetLoginProfile PasswordResetRequired", run.ok("GetLoginProfile", iam.get_login_profile,
                                                               UserName=user).get("LoginProfile", {}).get("PasswordResetRequired"), True)
        run.err("UpdateLoginProfile weak password", "PasswordPolicyViolation", iam.update_login_profile, 400,
                UserName=user, Password="alllowercaseletters")
        run.ok("UpdateLoginProfile back", iam.update_login_profile, UserName=user, PasswordResetRequired=False)
        run.err("GetLoginProfile missing", "NoSuchEntity", iam.get_login_profile, 404, UserName=run.user("nologin"))
    with run.section("ChangePassword"):
        run.ok("AttachUserPolicy IAMUserChangePassword", iam.attach_user_policy, UserName=user,
               PolicyArn="arn:aws:iam::aws:policy/IAMUserChangePassword")
        as_user = run.client_for(key)
        run.err("ChangePassword weak new password", "PasswordPolicyViolation", as_user.change_password, 400,
                OldPassword=good, NewPassword="weak")
        run.ok("ChangePassword", as_user.change_password, OldPassword=good, NewPassword=better)
        run.err("ChangePassword back to a remembered password", "PasswordPolicyViolation", as_user.change_password, 400,
                OldPassword=better, NewPassword=good)
        run.ok("DeleteLoginProfile", iam.delete_login_profile, UserName=user)
        run.err("GetLoginProfile after delete", "NoSuchEntity", iam.get_login_profile, 404, UserName=user)
        run.ok("CreateLoginProfile again for the report", iam.create_login_profile, UserName=user, Password=good)
        run.ok("DeleteAccountPasswordPolicy", iam.delete_account_password_policy)
        run.err("GetAccountPasswordPolicy after delete", "NoSuchEntity", iam.get_account_password_policy, 404)
    with run.section("credential report"):
        run.err("GetCredentialReport before any", "ReportNotPresent", iam.get_credential_report, 410)
        state = run.ok("GenerateCredentialReport", iam.generate_credential_report).get("State")
        run.check("GenerateCredentialReport State", state in ("STARTED", "INPROGRESS", "COMPLETE"), state)
        for _ in range(60):
            if state == "COMPLETE":
                break
            time.sleep(0.5)
            state = run.ok("GenerateCredentialReport poll", iam.generate_credential_report).get("State")
        run.eq("GenerateCredentialReport completes", state, "COMPLETE")
        report = run.ok("GetCredentialReport", iam.get_credential_report)
        run.eq("GetCredentialReport ReportFormat", report.get("ReportFormat"), "text/csv")
        run.check("GetCredentialReport GeneratedTime", isinstance(report.get("GeneratedTime"), datetime.datetime), report.get("GeneratedTime"))
        content = report.get("Content", b"")
        run.check("GetCredentialReport Content is bytes", isinstance(content, bytes), type(content))
        rows = list(csv.reader(io.StringIO(content.decode("utf-8", "replace"))))
        run.eq("credential report header", rows[0] if rows else None, CREDENTIAL_REPORT_COLUMNS)
        by_user = {row[0]: dict(zip(rows[0], row)) for row in rows[1:] if row}
        root = by_user.get("<root_account>", {})
        run.eq("credential report root arn", root.get("arn"), f"arn:aws:iam::{account_id}:root")
        run.eq("credential report root access key", root.get("access_key_1_active"), "true")
        row = by_user.get(user, {})
        run.eq("credential report user arn", row.get("arn"), run.arn("user", user))
        run.eq("credential report password_enabled", row.get("password_enabled"), "true")
        run.eq("credential report access_key_1_active", row.get("access_key_1_active"), "true")
        run.eq("credential report access_key_2_active", row.get("access_key_2_active"), "false")
        run.eq("credential report mfa_active", row.get("mfa_active"), "false")
    with run.section("GetAccountAuthorizationDetails"):
        detail_user, group, role = run.user("detail"), run.name("detail"), run.name("detail")
        managed = run.managed_policy("detail", policy(allow("s3:*")))
        run.ok("CreateGroup", iam.create_group, GroupName=group)
        run.ok("AddUserToGroup", iam.add_user_to_group, GroupName=group, UserName=detail_user)
        run.ok("PutUserPolicy", iam.put_user_policy, UserName=detail_user, PolicyName="inline", PolicyDocument=json.dumps(policy(allow("s3:List*"))))
        run.ok("AttachUserPolicy", iam.attach_user_policy, UserName=detail_user, PolicyArn=managed)
        run.ok("PutGroupPolicy", iam.put_group_policy, GroupName=group, PolicyName="ginline", PolicyDocument=json.dumps(policy(allow("ec2:*"))))
        run.ok("CreateRole", iam.create_role, RoleName=role, AssumeRolePolicyDocument=json.dumps(trust()))
        run.ok("PutRolePolicy", iam.put_role_policy, RoleName=role, PolicyName="rinline", PolicyDocument=json.dumps(policy(allow("sqs:*"))))

        def details(filters):
            merged = {}
            try:
                for page in iam.get_paginator("get_account_authorization_details").paginate(Filter=filters):
                    for key, value in page.items():
                        if isinstance(value, list):
                            merged.setdefault(key, []).extend(value)
            except botocore.exceptions.ClientError as error:
                run.fail(f"GetAccountAuthorizationDetails {filters}", f"unexpected {describe(error)}")
            return merged
        only_users = details(["User"])
        found = {u.get("UserName"): u for u in only_users.get("UserDetailList", [])}
        entry = found.get(detail_user, {})
        run.check("Filter=User lists the user", entry, sorted(found))
        run.eq("UserDetail UserPolicyList", [(p.get("PolicyName"), p.get("PolicyDocument")) for p in entry.get("UserPolicyList", [])],
               [("inline", policy(allow("s3:List*")))])
        run.eq("UserDetail AttachedManagedPolicies", [p.get("PolicyArn") for p in entry.get("AttachedManagedPolicies", [])], [managed])
        run.eq("UserDetail GroupList", entry.get("GroupList"), [group])
        run.eq("Filter=User: no groups", only_users.get("GroupDetailList", []), [])
        run.eq("Filter=User: no roles", only_users.get("RoleDetailList", []), [])
        run.eq("Filter=User: no policies", only_users.get("Policies", []), [])
        groups_found = {g.get("GroupName"): g for g in details(["Group"]).get("GroupDetailList", [])}
        run.eq("GroupDetail GroupPolicyList", [p.get("PolicyName") for p in groups_found.get(group, {}).get("GroupPolicyList", [])], ["ginline"])
        roles_found = {r.get("RoleName"): r for r in details(["Role"]).get("RoleDetailList", [])}
        role_entry = roles_found.get(role, {})
        run.eq("RoleDetail AssumeRolePolicyDocument dict", role_entry.get("AssumeRolePolicyDocument"), trust())
        run.eq("RoleDetail RolePolicyList", [(p.get("PolicyName"), p.get("PolicyDocument")) for p in role_entry.get("RolePolicyList", [])],
               [("rinline", policy(allow("sqs:*")))])
        run.check("RoleDetail InstanceProfileList present", "InstanceProfileList" in role_entry, sorted(role_entry))
        local = {p.get("Arn"): p for p in details(["LocalManagedPolicy"]).get("Policies", [])}
        run.contains("Filter=LocalManagedPolicy lists ours", local, managed)
        run.check("Filter=LocalManagedPolicy has no AWS policy", not [a for a in local if a.startswith("arn:aws:iam::aws:")], list(local)[:3])
        versions = local.get(managed, {}).get("PolicyVersionList", [])
        run.eq("PolicyVersionList", [(v.get("VersionId"), v.get("IsDefaultVersion"), v.get("Document")) for v in versions],
               [("v1", True, policy(allow("s3:*")))])


def _has_password_policy(iam):
    try:
        iam.get_account_password_policy()
        return True
    except botocore.exceptions.ClientError:
        return False


# ------------------------------------------------------------------------------------------------------
# policy simulator


def simulator(run):
    iam = run.iam
    document = policy(
        dict(allow("s3:GetObject", "arn:aws:s3:::bucket/*"), Sid="Read"),
        dict(deny("s3:DeleteObject", "arn:aws:s3:::bucket/*"), Sid="NoDelete"),
        dict(allow("ec2:RunInstances", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), Sid="FromTheOffice"),
    )
    text = json.dumps(document)

    def results(response):
        return {r.get("EvalActionName"): r for r in response.get("EvaluationResults", [])}
    with run.section("SimulateCustomPolicy"):
        got = results(run.ok("SimulateCustomPolicy", iam.simulate_custom_policy, PolicyInputList=[text],
                             ActionNames=["s3:GetObject", "s3:DeleteObject", "s3:PutObject"],
                             ResourceArns=["arn:aws:s3:::bucket/key"]))
        read, delete, put = got.get("s3:GetObject", {}), got.get("s3:DeleteObject", {}), got.get("s3:PutObject", {})
        run.eq("GetObject allowed", read.get("EvalDecision"), "allowed")
        run.eq("GetObject EvalResourceName", read.get("EvalResourceName"), "arn:aws:s3:::bucket/key")
        matched = read.get("MatchedStatements", [])
        run.check("GetObject MatchedStatements", matched, read)
        run.eq("GetObject matched SourcePolicyId", [m.get("SourcePolicyId") for m in matched], ["PolicyInputList.1"])
        run.check("GetObject matched positions", all("StartPosition" in m and "EndPosition" in m for m in matched), matched)
        run.eq("DeleteObject explicitDeny", delete.get("EvalDecision"), "explicitDeny")
        run.eq("DeleteObject matched the deny", len(delete.get("MatchedStatements", [])), 1)
        run.eq("PutObject implicitDeny", put.get("EvalDecision"), "implicitDeny")
        run.eq("PutObject no MatchedStatements", put.get("MatchedStatements", []), [])
        no_context = results(run.ok("SimulateCustomPolicy without context", iam.simulate_custom_policy, PolicyInputList=[text],
                                    ActionNames=["ec2:RunInstances"])).get("ec2:RunInstances", {})
        run.eq("RunInstances without aws:SourceIp", no_context.get("EvalDecision"), "implicitDeny")
        run.eq("MissingContextValues", [v.lower() for v in no_context.get("MissingContextValues", [])], ["aws:sourceip"])
        inside = results(run.ok("SimulateCustomPolicy from 10.1.2.3", iam.simulate_custom_policy, PolicyInputList=[text],
                                ActionNames=["ec2:RunInstances"],
                                ContextEntries=[{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.1.2.3"],
                                                 "ContextKeyType": "ip"}])).get("ec2:RunInstances", {})
        run.eq("RunInstances from 10.1.2.3", inside.get("EvalDecision"), "allowed")
        run.eq("no MissingContextValues with the context", inside.get("MissingContextValues", []), [])
        outside = results(run.ok("SimulateCustomPolicy from 192.168.1.1", iam.simulate_custom_policy, PolicyInputList=[text],
                                 ActionNames=["ec2:RunInstances"],
                                 ContextEntries=[{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["192.168.1.1"],
                                                  "ContextKeyType": "ip"}])).get("ec2:RunInstances", {})
        run.eq("RunInstances from 192.168.1.1", outside.get("EvalDecision"), "implicitDeny")
    with run.section("SimulatePrincipalPolicy"):
        user, group = run.user("sim"), run.name("sim")
        run.ok("CreateGroup", iam.create_group, GroupName=group)
        run.ok("AddUserToGroup", iam.add_user_to_group, GroupName=group, UserName=user)
        run.ok("PutGroupPolicy", iam.put_group_policy, GroupName=group, PolicyName="iam",
               PolicyDocument=json.dumps(policy(allow(["iam:ListUsers", "iam:CreateUser"]),
                                                allow("s3:*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}))))
        run.ok("PutUserPolicy", iam.put_user_policy, UserName=user, PolicyName="ip",
               PolicyDocument=json.dumps(policy(allow("sqs:*", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))))
        boundary = run.managed_policy("boundary", policy(allow(["iam:List*", "iam:Get*"])))
        run.ok("PutUserPermissionsBoundary", iam.put_user_permissions_boundary, UserName=user, PermissionsBoundary=boundary)
        got = results(run.ok("SimulatePrincipalPolicy", iam.simulate_principal_policy, PolicySourceArn=run.arn("user", user),
                             ActionNames=["iam:ListUsers", "iam:CreateUser", "iam:DeleteUser"]))
        listing, creating, deleting = got.get("iam:ListUsers", {}), got.get("iam:CreateUser", {}), got.get("iam:DeleteUser", {})
        run.eq("ListUsers allowed (group policy within the boundary)", listing.get("EvalDecision"), "allowed")
        run.eq("ListUsers AllowedByPermissionsBoundary",
               listing.get("PermissionsBoundaryDecisionDetail", {}).get("AllowedByPermissionsBoundary"), True)
        run.check("ListUsers matched the group policy",
                  "group" in [m.get("SourcePolicyType") for m in listing.get("MatchedStatements", [])], listing.get("MatchedStatements"))
        run.eq("CreateUser implicitDeny (outside the boundary)", creating.get("EvalDecision"), "implicitDeny")
        run.eq("CreateUser AllowedByPermissionsBoundary",
               creating.get("PermissionsBoundaryDecisionDetail", {}).get("AllowedByPermissionsBoundary"), False)
        run.eq("DeleteUser implicitDeny", deleting.get("EvalDecision"), "implicitDeny")
        extra = results(run.ok("SimulatePrincipalPolicy with PolicyInputList", iam.simulate_principal_policy,
                               PolicySourceArn=run.arn("user", user), ActionNames=["iam:ListUsers"],
                               PolicyInputList=[json.dumps(policy(deny("iam:ListUsers")))]))
        run.eq("an added Deny wins", extra.get("iam:ListUsers", {}).get("EvalDecision"), "explicitDeny")
        run.err("SimulatePrincipalPolicy missing user", "NoSuchEntity", iam.simulate_principal_policy, 404,
                PolicySourceArn=run.arn("user", run.name("ghost")), ActionNames=["iam:ListUsers"])
    with run.section("context keys"):
        custom = policy(allow("dynamodb:*", "arn:aws:dynamodb:us-east-1:123456789012:table/${aws:username}",
                              Condition={"DateGreaterThan": {"aws:CurrentTime": "2015-08-16T12:00:00Z"}}),
                        allow("s3:ListBucket", Condition={"StringLike": {"s3:prefix": "home/*"}}))
        keys = run.ok("GetContextKeysForCustomPolicy", iam.get_context_keys_for_custom_policy,
                      PolicyInputList=[json.dumps(custom)]).get("ContextKeyNames", [])
        run.eq("GetContextKeysForCustomPolicy", sorted(k.lower() for k in keys), ["aws:currenttime", "aws:username", "s3:prefix"])
        keys = run.ok("GetContextKeysForPrincipalPolicy", iam.get_context_keys_for_principal_policy,
                      PolicySourceArn=run.arn("user", user)).get("ContextKeyNames", [])
        run.eq("GetContextKeysForPrincipalPolicy (user and group policies)", sorted(k.lower() for k in keys),
               ["aws:multifactorauthpresent", "aws:sourceip"])
        keys = run.ok("GetContextKeysForPrincipalPolicy with PolicyInputList", iam.get_context_keys_for_principal_policy,
                      PolicySourceArn=run.arn("user", user), PolicyInputList=[json.dumps(custom)]).get("ContextKeyNames", [])
        run.eq("GetContextKeysForPrincipalPolicy with input", sorted(k.lower() for k in keys),
               ["aws:currenttime", "aws:multifactorauthpresent", "aws:sourceip", "aws:username", "s3:prefix"])


# ------------------------------------------------------------------------------------------------------
# authorization: requests made with IAM users' own keys


def authorization(run):
    iam, account = run.iam, run.account

    def denied(label, call, action, resource, reason, **parameters):
        message = (f"User: {caller} is not authorized to perform: {action} on resource: {resource} because {reason}"
                   if reason.startswith("no ") else
                   f"User: {caller} is not authorized to perform: {action} on resource: {resource} {reason}")
        return run.err(label, "AccessDenied", call, 403, contains=[message], **parameters)

    with run.section("no policies"):
        alice, alice_key = run.user_with_key("alice")
        caller = run.arn("user", alice)
        as_alice = run.client_for(alice_key)
        run.eq("alice's key authenticates", run.ok("GetCallerIdentity", run.client_for(alice_key, "sts").get_caller_identity).get("Arn"), caller)
        x = run.name("x")
        error = run.err("CreateUser without any policy", "AccessDenied", as_alice.create_user, 403,
                        contains=[f"User: {caller} is not authorized to perform: iam:CreateUser on resource: "
                                  f"{run.arn('user', x)} because no identity-based policy allows the iam:CreateUser action"],
                        UserName=x)
        run.err("user x was not created", "NoSuchEntity", iam.get_user, 404, UserName=x)
        if error is not None:
            run.check("AccessDenied has a request id", error.response.get("ResponseMetadata", {}).get("RequestId"), error.response)
        denied("ListUsers without any policy", as_alice.list_users, "iam:ListUsers", f"arn:aws:iam::{account}:user/",
               "no identity-based policy allows the iam:ListUsers action")
    with run.section("inline policy with a resource pattern"):
        run.ok("PutUserPolicy allowed-*", iam.put_user_policy, UserName=alice, PolicyName="create-allowed",
               PolicyDocument=json.dumps(policy(allow("iam:CreateUser", f"arn:aws:iam::{account}:user/allowed-*"))))
        allowed = f"allowed-1-{run.suffix}"
        run.eq("CreateUser allowed-1", run.ok("CreateUser allowed-1", as_alice.create_user, UserName=allowed).get("User", {}).get("Arn"),
               run.arn("user", allowed))
        other = run.name("other")
        denied("CreateUser other", as_alice.create_user, "iam:CreateUser", run.arn("user", other),
               "no identity-based policy allows the iam:CreateUser action", UserName=other)
        denied("DeleteUser allowed-1 (not granted)", as_alice.delete_user, "iam:DeleteUser", run.arn("user", allowed),
               "no identity-based policy allows the iam:DeleteUser action", UserName=allowed)
    with run.section("group policy"):
        bob, bob_key = run.user_with_key("bob")
        caller = run.arn("user", bob)
        as_bob = run.client_for(bob_key)
        denied("ListUsers before joining the group", as_bob.list_users, "iam:ListUsers", f"arn:aws:iam::{account}:user/",
               "no identity-based policy allows the iam:ListUsers action")
        group = run.name("readers")
        run.ok("CreateGroup", iam.create_group, GroupName=group)
        run.ok("PutGroupPolicy", iam.put_group_policy, GroupName=group, PolicyName="list",
               PolicyDocument=json.dumps(policy(allow("iam:ListUsers"))))
        run.ok("AddUserToGroup", iam.add_user_to_group, GroupName=group, UserName=bob)
        run.contains("ListUsers as a group member", [u.get("UserName") for u in pages(run, "list_users paginator", as_bob, "list_users", "Users")], bob)
        run.ok("RemoveUserFromGroup", iam.remove_user_from_group, GroupName=group, UserName=bob)
        denied("ListUsers after leaving the group", as_bob.list_users, "iam:ListUsers", f"arn:aws:iam::{account}:user/",
               "no identity-based policy allows the iam:ListUsers action")
    with run.section("permissions boundary caps AdministratorAccess"):
        carol, carol_key = run.user_with_key("carol")
        caller = run.arn("user", carol)
        as_carol = run.client_for(carol_key)
        run.ok("AttachUserPolicy AdministratorAccess", iam.attach_user_policy, UserName=carol,
               PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        y = run.name("y")
        run.ok("CreateUser as an administrator", as_carol.create_user, UserName=y)
        boundary = run.managed_policy("readonly-boundary", policy(allow(["iam:Get*", "iam:List*"])))
        run.ok("PutUserPermissionsBoundary", iam.put_user_permissions_boundary, UserName=carol, PermissionsBoundary=boundary)
        z = run.name("z")
        denied("CreateUser outside the boundary", as_carol.create_user, "iam:CreateUser", run.arn("user", z),
               "no permissions boundary allows the iam:CreateUser action", UserName=z)
        run.ok("ListUsers inside the boundary", as_carol.list_users)
        run.ok("GetUser inside the boundary", as_carol.get_user, UserName=y)
        run.ok("DeleteUserPermissionsBoundary", iam.delete_user_permissions_boundary, UserName=carol)
        run.ok("CreateUser once the boundary is gone", as_carol.create_user, UserName=z)
    with run.section("explicit deny wins"):
        dave, dave_key = run.user_with_key("dave")
        caller = run.arn("user", dave)
        as_dave = run.client_for(dave_key)
        run.ok("AttachUserPolicy AdministratorAccess", iam.attach_user_policy, UserName=dave,
               PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        run.ok("PutUserPolicy Deny CreateUser", iam.put_user_policy, UserName=dave, PolicyName="no-create",
               PolicyDocument=json.dumps(policy(deny("iam:CreateUser"))))
        w = run.name("w")
        denied("CreateUser explicitly denied", as_dave.create_user, "iam:CreateUser", run.arn("user", w),
               "with an explicit deny in an identity-based policy", UserName=w)
        run.ok("ListUsers still allowed", as_dave.list_users)
        run.err("user w was not created", "NoSuchEntity", iam.get_user, 404, UserName=w)
    with run.section("a user's own credentials"):
        run.eq("GetCallerIdentity needs no policy",
               run.ok("GetCallerIdentity", run.client_for(alice_key, "sts").get_caller_identity).get("Arn"), run.arn("user", alice))


# ------------------------------------------------------------------------------------------------------
# sts


def sts(run):
    iam, account = run.iam, run.account

    def session_clients(credentials):
        session = boto3.session.Session(aws_access_key_id=credentials.get("AccessKeyId"),
                                        aws_secret_access_key=credentials.get("SecretAccessKey"),
                                        aws_session_token=credentials.get("SessionToken"), region_name=REGION)
        return session.client("iam", config=CONFIG), session.client("sts", config=CONFIG)

    with run.section("AssumeRole in the same account"):
        alice, alice_key = run.user_with_key("alice")
        alice_arn = run.arn("user", alice)
        as_alice = run.client_for(alice_key, "sts")
        role = run.name("reader")
        run.ok("CreateRole", iam.create_role, RoleName=role, Path="/app/", MaxSessionDuration=7200,
               AssumeRolePolicyDocument=json.dumps(policy({"Effect": "Allow", "Principal": {"AWS": alice_arn},
                                                           "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]})))
        run.ok("PutRolePolicy", iam.put_role_policy, RoleName=role, PolicyName="read",
               PolicyDocument=json.dumps(policy(allow(["iam:ListUsers", "iam:ListRoles", "sts:AssumeRole"]))))
        role_arn = run.arn("role", role, "/app/")
        assumed = run.ok("AssumeRole", as_alice.assume_role, RoleArn=role_arn, RoleSessionName="boto",
                         DurationSeconds=7200, Tags=[{"Key": "team", "Value": "blue"}], TransitiveTagKeys=["team"],
                         SourceIdentity="alice-src")
        run.eq("SourceIdentity", assumed.get("SourceIdentity"), "alice-src")
        credentials = assumed.get("Credentials", {})
        run.check("AccessKeyId is ASIA", str(credentials.get("AccessKeyId", "")).startswith("ASIA"), credentials)
        run.check("Expiration is a datetime", isinstance(credentials.get("Expiration"), datetime.datetime), credentials)
        user = assumed.get("AssumedRoleUser", {})
        run.eq("AssumedRoleUser.Arn", user.get("Arn"), f"arn:aws:sts::{account}:assumed-role/{role}/boto")
        run.check("AssumedRoleId", str(user.get("AssumedRoleId", "")).startswith("AROA") and
                  str(user.get("AssumedRoleId", "")).endswith(":boto"), user)
        run.check("PackedPolicySize with tags", isinstance(assumed.get("PackedPolicySize"), int), assumed)
        session_iam, session_sts = session_clients(credentials)
        run.eq("GetCallerIdentity as the session", run.ok("GetCallerIdentity", session_sts.get_caller_identity).get("Arn"),
               f"arn:aws:sts::{account}:assumed-role/{role}/boto")
        run.contains("ListUsers as the session", [u.get("UserName") for u in pages(run, "list_users", session_iam, "list_users", "Users")],
                     alice)
        x = run.name("x")
        run.err("CreateUser as the session", "AccessDenied", session_iam.create_user, 403,
                contains=f"assumed-role/{role}/boto is not authorized to perform: iam:CreateUser", UserName=x)
        run.eq("GetAccessKeyInfo of the temporary key",
               run.ok("GetAccessKeyInfo", boto3.client("sts", region_name=REGION, config=CONFIG).get_access_key_info, AccessKeyId=credentials.get("AccessKeyId", "ASIA")).get("Account"),
               account)
        last_used = run.ok("GetRole", iam.get_role, RoleName=role).get("Role", {}).get("RoleLastUsed", {})
        run.check("RoleLastUsed recorded", "LastUsedDate" in last_used, last_used)

    with run.section("AssumeRole refusals"):
        bob, bob_key = run.user_with_key("bob")
        as_bob = run.client_for(bob_key, "sts")
        run.err("an untrusted caller", "AccessDenied", as_bob.assume_role, 403, RoleArn=role_arn, RoleSessionName="xx")
        run.err("a role that does not exist", "AccessDenied", as_alice.assume_role, 403,
                RoleArn=run.arn("role", run.name("missing")), RoleSessionName="xx")
        run.err("DurationSeconds above MaxSessionDuration", "ValidationError", as_alice.assume_role, 400,
                message="The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                RoleArn=role_arn, RoleSessionName="xx", DurationSeconds=10800)
        vendor = run.name("vendor")
        run.ok("CreateRole with an ExternalId condition", iam.create_role, RoleName=vendor,
               AssumeRolePolicyDocument=json.dumps(policy({"Effect": "Allow", "Principal": {"AWS": alice_arn}, "Action": "sts:AssumeRole",
                                                           "Condition": {"StringEquals": {"sts:ExternalId": "Unique-42"}}})))
        run.err("without the ExternalId", "AccessDenied", as_alice.assume_role, 403, RoleArn=run.arn("role", vendor), RoleSessionName="xx")
        run.err("with a wrong ExternalId", "AccessDenied", as_alice.assume_role, 403, RoleArn=run.arn("role", vendor),
                RoleSessionName="xx", ExternalId="Wrong-42")
        run.ok("with the ExternalId", as_alice.assume_role, RoleArn=run.arn("role", vendor), RoleSessionName="xx", ExternalId="Unique-42")

    with run.section("session policy narrows the session"):
        narrowed = run.ok("AssumeRole with a session policy", as_alice.assume_role, RoleArn=role_arn, RoleSessionName="narrow",
                          Policy=json.dumps(policy(allow("iam:ListRoles"))))
        run.check("PackedPolicySize", isinstance(narrowed.get("PackedPolicySize"), int), narrowed)
        narrow_iam, _ = session_clients(narrowed.get("Credentials", {}))
        run.ok("ListRoles inside the session policy", narrow_iam.list_roles)
        run.err("ListUsers outside the session policy", "AccessDenied", narrow_iam.list_users, 403, contains="session policy")

    with run.section("role chaining"):
        second = run.name("second")
        run.ok("CreateRole trusting the first role", iam.create_role, RoleName=second, MaxSessionDuration=7200,
               AssumeRolePolicyDocument=json.dumps(policy({"Effect": "Allow", "Principal": {"AWS": role_arn},
                                                           "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]})))
        run.ok("PutRolePolicy by tag", iam.put_role_policy, RoleName=second, PolicyName="by-tag",
               PolicyDocument=json.dumps(policy(allow("iam:ListUsers", Condition={"StringEquals": {"aws:PrincipalTag/team": "blue"}}))))
        _, chain_sts = session_clients(credentials)
        run.err("chained DurationSeconds above an hour", "ValidationError", chain_sts.assume_role, 400,
                message="The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
                RoleArn=run.arn("role", second), RoleSessionName="chain", DurationSeconds=7200)
        chained = run.ok("AssumeRole from a role session", chain_sts.assume_role, RoleArn=run.arn("role", second), RoleSessionName="chain")
        run.eq("the source identity sticks through chaining", chained.get("SourceIdentity"), "alice-src")
        run.err("a chained session cannot change its source identity", "AccessDenied", chain_sts.assume_role, 403,
                RoleArn=run.arn("role", second), RoleSessionName="chain2", SourceIdentity="someone-else")
        chained_iam, chained_sts = session_clients(chained.get("Credentials", {}))
        run.eq("chained identity", run.ok("GetCallerIdentity", chained_sts.get_caller_identity).get("Arn"),
               f"arn:aws:sts::{account}:assumed-role/{second}/chain")
        run.ok("the transitive tag carries through (ListUsers by aws:PrincipalTag)", chained_iam.list_users)

    with run.section("ABAC: principal tags against resource tags"):
        abac = run.name("abac")
        run.ok("CreateRole for ABAC", iam.create_role, RoleName=abac,
               AssumeRolePolicyDocument=json.dumps(policy({"Effect": "Allow", "Principal": {"AWS": alice_arn},
                                                           "Action": ["sts:AssumeRole", "sts:TagSession"]})))
        run.ok("PutRolePolicy same team", iam.put_role_policy, RoleName=abac, PolicyName="same-team",
               PolicyDocument=json.dumps(policy(allow("iam:GetUser", Condition={
                   "StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}))))
        blue, red = run.name("blue"), run.name("red")
        run.ok("CreateUser tagged team=blue", iam.create_user, UserName=blue, Tags=[{"Key": "team", "Value": "blue"}])
        run.ok("CreateUser tagged team=red", iam.create_user, UserName=red, Tags=[{"Key": "team", "Value": "red"}])
        tagged = run.ok("AssumeRole with the session tag team=blue", as_alice.assume_role, RoleArn=run.arn("role", abac),
                        RoleSessionName="abac", Tags=[{"Key": "team", "Value": "blue"}])
        abac_iam, _ = session_clients(tagged.get("Credentials", {}))
        run.ok("GetUser of the same team", abac_iam.get_user, UserName=blue)
        run.err("GetUser of another team", "AccessDenied", abac_iam.get_user, 403, UserName=red)
        run.ok("TagUser team=blue", iam.tag_user, UserName=red, Tags=[{"Key": "team", "Value": "blue"}])
        run.ok("GetUser once the resource's tag matches", abac_iam.get_user, UserName=red)

    with run.section("revocation through aws:TokenIssueTime"):
        cutoff = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=2)
        run.ok("PutRolePolicy revoke", iam.put_role_policy, RoleName=role, PolicyName="revoke",
               PolicyDocument=json.dumps(policy(deny("*", Condition={"DateLessThan": {
                   "aws:TokenIssueTime": cutoff.strftime("%Y-%m-%dT%H:%M:%SZ")}}))))
        run.err("the old session is revoked", "AccessDenied", session_iam.list_users, 403, contains="explicit deny")
        time.sleep(3)
        fresh = run.ok("a new session", as_alice.assume_role, RoleArn=role_arn, RoleSessionName="fresh")
        fresh_iam, _ = session_clients(fresh.get("Credentials", {}))
        run.ok("the new session works", fresh_iam.list_roles)

    with run.section("GetSessionToken"):
        token = run.ok("GetSessionToken", as_bob.get_session_token, DurationSeconds=900).get("Credentials", {})
        _, token_sts = session_clients(token)
        run.eq("a user session is the user", run.ok("GetCallerIdentity", token_sts.get_caller_identity).get("Arn"), run.arn("user", bob))
        run.err("GetSessionToken with session credentials", "AccessDenied", token_sts.get_session_token, 403)

    with run.section("GetSessionToken with MFA"):
        mfa_user, mfa_key = run.user_with_key("mfa")
        run.ok("PutUserPolicy requiring MFA", iam.put_user_policy, UserName=mfa_user, PolicyName="mfa-only",
               PolicyDocument=json.dumps(policy(allow("iam:ListUsers", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}))))
        serial, seed = run.enable_mfa(mfa_user, "mfa-device")
        run.err("the long-term key has no MFA", "AccessDenied", run.client_for(mfa_key).list_users, 403)
        as_mfa = run.client_for(mfa_key, "sts")
        run.err("a wrong code", "AccessDenied", as_mfa.get_session_token, 403, SerialNumber=serial, TokenCode="000000")
        counter = int(time.time()) // 30
        proven = run.ok("GetSessionToken with MFA", as_mfa.get_session_token, SerialNumber=serial,
                        TokenCode=totp(seed, counter + 1)).get("Credentials", {})
        proven_iam, _ = session_clients(proven)
        run.ok("ListUsers with an MFA session", proven_iam.list_users)

        # A denial carries an encoded authorization message; the account's root decodes it into the request
        # and the reason (DecodeAuthorizationMessage, itself authorized).
        refusal = run.err("a denial to explain", "AccessDenied", run.client_for(mfa_key).list_users, 403)
        text = (refusal.response.get("Error", {}).get("Message") or "") if hasattr(refusal, "response") else ""
        marker = "Encoded authorization failure message: "
        if run.check("the denial carries an encoded message", marker in text, text):
            encoded = text.split(marker, 1)[1].strip()
            decoded = run.ok("DecodeAuthorizationMessage", boto3.client("sts", region_name=REGION, config=CONFIG).decode_authorization_message,
                             EncodedMessage=encoded).get("DecodedMessage", "{}")
            explained = json.loads(decoded)
            run.eq("decoded: not allowed", explained.get("allowed"), False)
            run.eq("decoded: the action", explained.get("context", {}).get("action"), "iam:ListUsers")
            run.eq("decoded: the principal", explained.get("context", {}).get("principal", {}).get("arn"), run.arn("user", mfa_user))
            run.err("a tampered message", "InvalidAuthorizationMessageException",
                    boto3.client("sts", region_name=REGION, config=CONFIG).decode_authorization_message, 400,
                    EncodedMessage=encoded[:-8] + "AAAAAAAA")


SCENARIOS = {
    "users": users,
    "user_tags": user_tags,
    "groups": groups,
    "roles": roles,
    "managed_policies": managed_policies,
    "inline_policies": inline_policies,
    "access_keys": access_keys,
    "mfa": mfa,
    "oidc_providers": oidc_providers,
    "instance_profiles": instance_profiles,
    "account": account,
    "simulator": simulator,
    "authorization": authorization,
    "sts": sts,
}


if __name__ == "__main__":
    sys.exit(main(sys.argv, SCENARIOS, Run))
