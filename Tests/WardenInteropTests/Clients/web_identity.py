"""AssumeRoleWithWebIdentity against a live Warden, with a real OpenID Connect identity provider on loopback.

Usage: web_identity.py make-cert DIR      writes DIR/idp-cert.pem and DIR/idp-key.pem (self-signed, 127.0.0.1),
                                          the certificate the server is told to trust for issuers
       web_identity.py SCENARIO           runs one scenario and prints one JSON line (scenario_support.main)
       web_identity.py --list             prints the scenario names

The identity provider (`TestIdentityProvider`) serves its discovery document and JWKS over HTTPS with the
certificate from WARDEN_TEST_IDP_CERT / WARDEN_TEST_IDP_KEY and signs RS256 ID tokens with keys it makes
itself; it answers `Cache-Control: no-cache`, so the server fetches its keys again on every token. The JWS is
built here with `cryptography` only: a JOSE implementation independent of the server's (jwt-kit).
"""
import base64
import datetime
import json
import os
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import botocore
import botocore.config

from scenario_support import CONFIG, REGION, Checks, allow, main, policy

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from cryptography.x509.oid import NameOID
except ImportError as error:  # never skip silently
    print(json.dumps({"ok": False, "failures": [f"cryptography missing ({error}): pip install cryptography"]}))
    sys.exit(3)

CLIENT_ID = "warden-ci"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_int(value):
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def make_cert(directory):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    import ipaddress
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    with open(os.path.join(directory, "idp-cert.pem"), "wb") as out:
        out.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(os.path.join(directory, "idp-key.pem"), "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


class TestIdentityProvider:
    """An OpenID Connect issuer: discovery, JWKS (the keys in `published`), and RS256 ID tokens."""

    def __init__(self, cert, key):
        self.keys = {}
        self.published = []
        self.fetches = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                if self.path == "/.well-known/openid-configuration":
                    body = {"issuer": provider.issuer, "jwks_uri": provider.issuer + "/jwks",
                            "id_token_signing_alg_values_supported": ["RS256"]}
                elif self.path == "/jwks":
                    provider.fetches += 1
                    body = {"keys": [provider.jwk(kid) for kid in provider.published]}
                else:
                    self.send_error(404)
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.host = f"127.0.0.1:{self.server.server_address[1]}"
        self.issuer = f"https://{self.host}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def new_key(self, kid, publish=True):
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if publish:
            self.published.append(kid)

    def jwk(self, kid):
        numbers = self.keys[kid].public_key().public_numbers()
        return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": b64url_int(numbers.n), "e": b64url_int(numbers.e)}

    def token(self, kid, sign_with=None, alg="RS256", **claims):
        now = int(time.time())
        body = {"iss": self.issuer, "sub": "repo:acme/app:ref:refs/heads/main", "aud": CLIENT_ID, "iat": now, "exp": now + 600}
        body.update(claims)
        body = {key: value for key, value in body.items() if value is not None}
        header = {"alg": alg, "typ": "JWT", "kid": kid}
        signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(body).encode())}".encode()
        if alg == "none":
            return signing_input.decode() + "."
        signature = (sign_with or self.keys[kid]).sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input.decode()}.{b64url(signature)}"


class Run(Checks):
    def __init__(self):
        super().__init__()
        self.iam = boto3.client("iam", region_name=REGION, config=CONFIG)
        self.account = boto3.client("sts", region_name=REGION, config=CONFIG).get_caller_identity()["Account"]
        # No credentials at all: AssumeRoleWithWebIdentity is sent unsigned, as every SDK sends it.
        self.anonymous = boto3.client("sts", region_name=REGION, config=botocore.config.Config(
            signature_version=botocore.UNSIGNED, retries={"max_attempts": 1, "mode": "standard"}))
        self.idp = TestIdentityProvider(os.environ["WARDEN_TEST_IDP_CERT"], os.environ["WARDEN_TEST_IDP_KEY"])
        self.idp.new_key("k1")
        self.provider_arn = f"arn:aws:iam::{self.account}:oidc-provider/{self.idp.host}"
        self.ok("setup CreateOpenIDConnectProvider", self.iam.create_open_id_connect_provider,
                Url=self.idp.issuer, ClientIDList=[CLIENT_ID])

    def role(self, prefix, conditions, permissions=None):
        name = self.name(prefix)
        trust = policy({"Effect": "Allow", "Principal": {"Federated": self.provider_arn},
                        "Action": "sts:AssumeRoleWithWebIdentity", "Condition": conditions})
        self.ok(f"setup CreateRole {prefix}", self.iam.create_role, RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
        if permissions:
            self.ok(f"setup PutRolePolicy {prefix}", self.iam.put_role_policy, RoleName=name, PolicyName="p",
                    PolicyDocument=json.dumps(permissions))
        return f"arn:aws:iam::{self.account}:role/{name}", name

    def assume(self, role_arn, token, session="ci", **extra):
        return self.anonymous.assume_role_with_web_identity(
            RoleArn=role_arn, RoleSessionName=session, WebIdentityToken=token, **extra)


def boto3_scenario(run):
    host = run.idp.host
    deployer, deployer_name = run.role("deployer", {
        "StringEquals": {f"{host}:aud": CLIENT_ID},
        "StringLike": {f"{host}:sub": "repo:acme/app:*"},
    }, permissions=policy(allow("iam:ListRoles")))
    denied = "Not authorized to perform sts:AssumeRoleWithWebIdentity"

    with run.section("the right audience and subject"):
        token = run.idp.token("k1")
        got = run.ok("AssumeRoleWithWebIdentity", run.assume, role_arn=deployer, token=token)
        run.eq("SubjectFromWebIdentityToken", got.get("SubjectFromWebIdentityToken"), "repo:acme/app:ref:refs/heads/main")
        run.eq("Audience", got.get("Audience"), CLIENT_ID)
        run.eq("Provider", got.get("Provider"), run.provider_arn)
        run.eq("AssumedRoleUser.Arn", got.get("AssumedRoleUser", {}).get("Arn"),
               f"arn:aws:sts::{run.account}:assumed-role/{deployer_name}/ci")
        credentials = got.get("Credentials", {})
        run.match("AccessKeyId", r"ASIA[A-Z2-7]{16}", credentials.get("AccessKeyId"))
        if credentials:
            session = boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                                    aws_secret_access_key=credentials["SecretAccessKey"],
                                    aws_session_token=credentials["SessionToken"], region_name=REGION)
            identity = run.ok("session GetCallerIdentity", session.client("sts", config=CONFIG).get_caller_identity)
            run.eq("session ARN", identity.get("Arn"), f"arn:aws:sts::{run.account}:assumed-role/{deployer_name}/ci")
            session_iam = session.client("iam", config=CONFIG)
            run.ok("session ListRoles (the role's policy allows it)", session_iam.list_roles)
            run.err("session ListUsers (not allowed)", "AccessDenied", session_iam.list_users, status=403)

    with run.section("tokens that must not verify"):
        forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        run.err("a forged signature (the right kid, another key)", "InvalidIdentityToken", run.assume, status=400,
                role_arn=deployer, token=run.idp.token("k1", sign_with=forger))
        tampered = run.idp.token("k1").split(".")
        claims = json.loads(base64.urlsafe_b64decode(tampered[1] + "=" * (-len(tampered[1]) % 4)))
        claims["sub"] = "repo:acme/app:ref:refs/heads/evil"
        tampered[1] = b64url(json.dumps(claims).encode())
        run.err("a claim changed after signing", "InvalidIdentityToken", run.assume, status=400,
                role_arn=deployer, token=".".join(tampered))
        run.err("alg none", "InvalidIdentityToken", run.assume, status=400, role_arn=deployer, token=run.idp.token("k1", alg="none"))
        run.err("not a JWT", "InvalidIdentityToken", run.assume, status=400, role_arn=deployer, token="not-a-token")
        run.err("a wrong audience", "InvalidIdentityToken", run.assume, status=400, message="Incorrect token audience",
                role_arn=deployer, token=run.idp.token("k1", aud="someone-else"))
        run.ok("one of several audiences is the client id", run.assume, role_arn=deployer,
               token=run.idp.token("k1", aud=["someone-else", CLIENT_ID]))
        now = int(time.time())
        run.err("an expired token", "ExpiredTokenException", run.assume, status=400, contains="Token expired",
                role_arn=deployer, token=run.idp.token("k1", iat=now - 1200, exp=now - 600))
        run.err("a token without exp", "InvalidIdentityToken", run.assume, status=400,
                role_arn=deployer, token=run.idp.token("k1", exp=None))
        run.err("an issuer that is not a provider of the account", "InvalidIdentityToken", run.assume, status=400,
                contains="No OpenIDConnect provider found", role_arn=deployer, token=run.idp.token("k1", iss=run.idp.issuer + "/other"))

    with run.section("the trust policy decides"):
        run.err("a subject the trust policy does not allow", "AccessDenied", run.assume, status=403, message=denied,
                role_arn=deployer, token=run.idp.token("k1", sub="repo:other/app:ref:refs/heads/main"))
        run.err("a role that does not exist (same answer)", "AccessDenied", run.assume, status=403, message=denied,
                role_arn=f"arn:aws:iam::{run.account}:role/missing-{run.suffix}", token=run.idp.token("k1"))
        mfa_role, _ = run.role("mfa", {"StringEquals": {f"{host}:aud": CLIENT_ID}, "ForAnyValue:StringEquals": {f"{host}:amr": "mfa"}})
        run.err("amr without mfa", "AccessDenied", run.assume, status=403, role_arn=mfa_role, token=run.idp.token("k1", amr=["pwd"]))
        run.ok("amr with mfa", run.assume, role_arn=mfa_role, token=run.idp.token("k1", amr=["pwd", "mfa"]))
        other_client, _ = run.role("other-client", {"StringEquals": {f"{host}:aud": "another-client"}})
        run.err("a trust policy that wants another audience", "AccessDenied", run.assume, status=403,
                role_arn=other_client, token=run.idp.token("k1"))
        run.err("DurationSeconds beyond the role's maximum", "ValidationError", run.assume, status=400,
                role_arn=deployer, token=run.idp.token("k1"), DurationSeconds=7200)

    with run.section("key rotation"):
        run.idp.new_key("k2", publish=False)
        run.idp.published = ["k2"]
        run.ok("a token of the new key, at once", run.assume, role_arn=deployer, token=run.idp.token("k2"))
        run.err("a token of a key the JWKS no longer lists", "InvalidIdentityToken", run.assume, status=400,
                role_arn=deployer, token=run.idp.token("k1"))

    with run.section("an unreachable issuer"):
        dead = "https://127.0.0.1:9"
        run.ok("setup CreateOpenIDConnectProvider (dead)", run.iam.create_open_id_connect_provider, Url=dead, ClientIDList=[CLIENT_ID])
        run.err("its keys cannot be fetched", "InvalidIdentityToken", run.assume, status=400,
                contains="Couldn't retrieve verification key", role_arn=deployer, token=run.idp.token("k2", iss=dead))

    with run.section("the audit trail"):
        trail = boto3.client("cloudtrail", region_name=REGION, config=CONFIG)
        events = run.ok("LookupEvents", trail.lookup_events,
                        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "AssumeRoleWithWebIdentity"}])
        documents = [json.loads(event["CloudTrailEvent"]) for event in events.get("Events", [])]
        succeeded = [doc for doc in documents if "errorCode" not in doc]
        run.check("successes recorded", succeeded, f"{len(documents)} events, none succeeded")
        if succeeded:
            identity = succeeded[0].get("userIdentity", {})
            run.eq("userIdentity.type", identity.get("type"), "WebIdentityUser")
            run.eq("userIdentity.identityProvider", identity.get("identityProvider"), host)
            run.eq("userIdentity.userName", identity.get("userName"), "repo:acme/app:ref:refs/heads/main")
        refused = [doc for doc in documents if doc.get("errorCode") == "InvalidIdentityToken"]
        run.check("refusals recorded", refused, "no InvalidIdentityToken event")
        text = json.dumps(documents)
        run.check("no token in the trail", ".eyJ" not in text and token.split(".")[2] not in text, "a token was recorded")


def cli_scenario(run):
    host = run.idp.host
    role_arn, name = run.role("cli", {"StringEquals": {f"{host}:aud": CLIENT_ID}})
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")}
    result = subprocess.run(["aws", "sts", "assume-role-with-web-identity", "--role-arn", role_arn, "--role-session-name", "cli",
                             "--web-identity-token", run.idp.token("k1"), "--output", "json"],
                            env=environment, capture_output=True, text=True, timeout=60)
    if run.eq("aws sts assume-role-with-web-identity exit status", result.returncode, 0):
        got = json.loads(result.stdout)
        run.eq("AssumedRoleUser.Arn", got["AssumedRoleUser"]["Arn"], f"arn:aws:sts::{run.account}:assumed-role/{name}/cli")
        run.eq("Audience", got.get("Audience"), CLIENT_ID)
    else:
        run.fail("stderr", result.stderr)
    result = subprocess.run(["aws", "sts", "assume-role-with-web-identity", "--role-arn", role_arn, "--role-session-name", "cli",
                             "--web-identity-token", run.idp.token("k1", aud="nope")],
                            env=environment, capture_output=True, text=True, timeout=60)
    run.check("a wrong audience fails", result.returncode != 0 and "InvalidIdentityToken" in result.stderr, result.stderr)


SCENARIOS = {"boto3": boto3_scenario, "cli": cli_scenario}

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "make-cert":
        make_cert(sys.argv[2])
        sys.exit(0)
    sys.exit(main(sys.argv, SCENARIOS, Run))
