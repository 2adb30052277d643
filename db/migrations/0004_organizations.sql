-- Organizations: accounts grouped under a root and organizational units, with service and resource
-- control policies attached along the way. Integrity lives here: an OU with children cannot be deleted
-- (foreign keys without cascade), an attachment disappears with its target, depth is fixed at creation.

-- An account closed through CloseAccount: PENDING_CLOSURE, then SUSPENDED; `closed_at` says when.
ALTER TABLE accounts ADD COLUMN closed_at timestamptz;
-- The closure worker's scan: only accounts on their way out.
CREATE INDEX accounts_pending_closure ON accounts (account_id) WHERE status = 'PENDING_CLOSURE';

CREATE TABLE organizations (
    organization_id text PRIMARY KEY CHECK (organization_id ~ '^o-[a-z0-9]{10,32}$'),
    management_account_id text NOT NULL UNIQUE REFERENCES accounts (account_id),
    feature_set text NOT NULL DEFAULT 'ALL' CHECK (feature_set IN ('ALL', 'CONSOLIDATED_BILLING')),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The root and the OUs of an organization: every node an account or an OU can sit in (a "parent").
-- The root has no parent and depth 0; an OU is at most 5 levels below the root. OUs never move
-- (AWS has no MoveOrganizationalUnit), so depth is fixed and cycles cannot arise.
CREATE TABLE org_units (
    unit_id text PRIMARY KEY CHECK (unit_id ~ '^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$'),
    organization_id text NOT NULL REFERENCES organizations ON DELETE CASCADE,
    parent_id text REFERENCES org_units (unit_id),
    kind text NOT NULL CHECK (kind IN ('ROOT', 'ORGANIZATIONAL_UNIT')),
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 128),
    depth integer NOT NULL CHECK (depth BETWEEN 0 AND 5),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'ROOT') = (parent_id IS NULL)),
    CHECK ((kind = 'ROOT') = (depth = 0))
);

CREATE UNIQUE INDEX org_units_one_root ON org_units (organization_id) WHERE kind = 'ROOT';
-- AWS refuses a second OU of the same name under one parent (DuplicateOrganizationalUnitException).
CREATE UNIQUE INDEX org_units_name_key ON org_units (parent_id, name) WHERE parent_id IS NOT NULL;
CREATE INDEX org_units_organization ON org_units (organization_id);

-- The policy types enabled on a root (ListRoots' PolicyTypes).
CREATE TABLE org_policy_types (
    root_id text NOT NULL REFERENCES org_units (unit_id) ON DELETE CASCADE,
    policy_type text NOT NULL,
    status text NOT NULL DEFAULT 'ENABLED' CHECK (status IN ('ENABLED', 'PENDING_ENABLE', 'PENDING_DISABLE')),
    PRIMARY KEY (root_id, policy_type)
);

-- Membership: one organization per account; the account sits in exactly one parent.
CREATE TABLE org_accounts (
    account_id text PRIMARY KEY REFERENCES accounts (account_id),
    organization_id text NOT NULL REFERENCES organizations,
    parent_id text NOT NULL REFERENCES org_units (unit_id),
    joined_method text NOT NULL CHECK (joined_method IN ('INVITED', 'CREATED')),
    joined_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX org_accounts_parent ON org_accounts (parent_id);
CREATE INDEX org_accounts_organization ON org_accounts (organization_id);

-- Policies of an organization; AWS-managed ones (FullAWSAccess, RCPFullAWSAccess) have no organization
-- and are shared by all.
CREATE TABLE org_policies (
    policy_id text PRIMARY KEY CHECK (policy_id ~ '^p-[0-9a-zA-Z_]{8,128}$'),
    organization_id text REFERENCES organizations ON DELETE CASCADE,
    policy_type text NOT NULL,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 128),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 512),
    content text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (organization_id IS NOT NULL OR policy_id IN ('p-FullAWSAccess', 'p-RCPFullAWSAccess'))
);

CREATE UNIQUE INDEX org_policies_name_key ON org_policies (organization_id, policy_type, name);

INSERT INTO org_policies (policy_id, organization_id, policy_type, name, description, content) VALUES
    ('p-FullAWSAccess', NULL, 'SERVICE_CONTROL_POLICY', 'FullAWSAccess',
     'Allows access to every operation',
     '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'),
    ('p-RCPFullAWSAccess', NULL, 'RESOURCE_CONTROL_POLICY', 'RCPFullAWSAccess',
     'Allows access to every resource',
     '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}');

-- A policy attached to a root, an OU or an account; it goes when its target goes.
CREATE TABLE org_policy_attachments (
    organization_id text NOT NULL REFERENCES organizations ON DELETE CASCADE,
    policy_id text NOT NULL REFERENCES org_policies,
    policy_type text NOT NULL,
    unit_id text REFERENCES org_units (unit_id) ON DELETE CASCADE,
    account_id text REFERENCES org_accounts (account_id) ON DELETE CASCADE,
    attached_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((unit_id IS NULL) <> (account_id IS NULL))
);

CREATE UNIQUE INDEX org_policy_attachments_key ON org_policy_attachments (policy_id, coalesce(unit_id, account_id));
CREATE INDEX org_policy_attachments_unit ON org_policy_attachments (unit_id) WHERE unit_id IS NOT NULL;
CREATE INDEX org_policy_attachments_account ON org_policy_attachments (account_id) WHERE account_id IS NOT NULL;

-- CreateAccount requests: IN_PROGRESS until the background worker (or a restart) finishes them.
CREATE TABLE org_create_account_requests (
    request_id text PRIMARY KEY CHECK (request_id ~ '^car-[a-z0-9]{8,32}$'),
    organization_id text NOT NULL REFERENCES organizations ON DELETE CASCADE,
    account_name text NOT NULL,
    email text NOT NULL,
    role_name text NOT NULL,
    iam_user_access_to_billing text NOT NULL DEFAULT 'ALLOW',
    tags jsonb NOT NULL DEFAULT '[]',
    state text NOT NULL DEFAULT 'IN_PROGRESS' CHECK (state IN ('IN_PROGRESS', 'SUCCEEDED', 'FAILED')),
    account_id text,
    failure_reason text,
    requested_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz
);

CREATE INDEX org_create_account_requests_pending ON org_create_account_requests (requested_at) WHERE state = 'IN_PROGRESS';

-- Handshakes (invitations of standalone accounts, and the like).
CREATE TABLE org_handshakes (
    handshake_id text PRIMARY KEY CHECK (handshake_id ~ '^h-[0-9a-z]{8,32}$'),
    organization_id text NOT NULL REFERENCES organizations ON DELETE CASCADE,
    action text NOT NULL,
    state text NOT NULL CHECK (state IN ('REQUESTED', 'OPEN', 'CANCELED', 'ACCEPTED', 'DECLINED', 'EXPIRED')),
    -- The invited party: an account id or an email address.
    target_type text NOT NULL CHECK (target_type IN ('ACCOUNT', 'EMAIL')),
    target text NOT NULL,
    notes text,
    -- Tags the invited account gets when it accepts (InviteAccountToOrganization's Tags).
    tags jsonb NOT NULL DEFAULT '[]',
    requested_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    -- When it was accepted, declined or canceled: AWS shows closed handshakes for 30 days after.
    responded_at timestamptz
);

CREATE INDEX org_handshakes_organization ON org_handshakes (organization_id);
-- One open invitation per target in an organization (DuplicateHandshakeException); expired ones are
-- marked EXPIRED before a new one is sent.
CREATE UNIQUE INDEX org_handshakes_open_key ON org_handshakes (organization_id, action, lower(target)) WHERE state = 'OPEN';
CREATE INDEX org_handshakes_target ON org_handshakes (lower(target));

CREATE TABLE org_delegated_administrators (
    account_id text NOT NULL REFERENCES org_accounts (account_id) ON DELETE CASCADE,
    service_principal text NOT NULL,
    delegated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, service_principal)
);

-- The services with trusted access (EnableAWSServiceAccess).
CREATE TABLE org_service_access (
    organization_id text NOT NULL REFERENCES organizations ON DELETE CASCADE,
    service_principal text NOT NULL,
    enabled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, service_principal)
);

-- The organization's resource policy (PutResourcePolicy): one per organization.
CREATE TABLE org_resource_policies (
    organization_id text PRIMARY KEY REFERENCES organizations ON DELETE CASCADE,
    policy_id text NOT NULL UNIQUE CHECK (policy_id ~ '^rp-[0-9a-zA-Z_]{4,128}$'),
    content text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Tags on accounts, OUs, roots, policies and the resource policy.
CREATE TABLE org_tags (
    organization_id text NOT NULL REFERENCES organizations ON DELETE CASCADE,
    resource_id text NOT NULL,
    key text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 128),
    value text NOT NULL CHECK (char_length(value) <= 256),
    PRIMARY KEY (resource_id, key)
);

CREATE INDEX org_tags_organization ON org_tags (organization_id);

-- A resource's tags go with it (org_tags names roots, OUs, accounts and policies by id alone).
CREATE FUNCTION warden_delete_org_tags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM org_tags WHERE resource_id = to_jsonb(OLD) ->> TG_ARGV[0];
    RETURN NULL;
END;
$$;

CREATE TRIGGER org_units_delete_tags AFTER DELETE ON org_units
    FOR EACH ROW EXECUTE FUNCTION warden_delete_org_tags('unit_id');
CREATE TRIGGER org_accounts_delete_tags AFTER DELETE ON org_accounts
    FOR EACH ROW EXECUTE FUNCTION warden_delete_org_tags('account_id');
CREATE TRIGGER org_policies_delete_tags AFTER DELETE ON org_policies
    FOR EACH ROW EXECUTE FUNCTION warden_delete_org_tags('policy_id');

-- Any change to an organization's shape or policies can change decisions in every account of it:
-- notify everything ('*'), delivered on commit to every replica.
CREATE FUNCTION warden_notify_organization_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('warden_policies', '*');
    RETURN NULL;
END;
$$;

CREATE TRIGGER organizations_notify AFTER INSERT OR UPDATE OR DELETE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION warden_notify_organization_change();
CREATE TRIGGER org_accounts_notify AFTER INSERT OR UPDATE OR DELETE ON org_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION warden_notify_organization_change();
CREATE TRIGGER org_policies_notify AFTER UPDATE OR DELETE ON org_policies
    FOR EACH STATEMENT EXECUTE FUNCTION warden_notify_organization_change();
CREATE TRIGGER org_policy_attachments_notify AFTER INSERT OR UPDATE OR DELETE ON org_policy_attachments
    FOR EACH STATEMENT EXECUTE FUNCTION warden_notify_organization_change();
CREATE TRIGGER org_policy_types_notify AFTER INSERT OR UPDATE OR DELETE ON org_policy_types
    FOR EACH STATEMENT EXECUTE FUNCTION warden_notify_organization_change();
CREATE TRIGGER org_resource_policies_notify AFTER INSERT OR UPDATE OR DELETE ON org_resource_policies
    FOR EACH STATEMENT EXECUTE FUNCTION warden_notify_organization_change();
CREATE TRIGGER org_delegated_administrators_notify AFTER INSERT OR UPDATE OR DELETE ON org_delegated_administrators
    FOR EACH STATEMENT EXECUTE FUNCTION warden_notify_organization_change();
