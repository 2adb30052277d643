-- The IAM entities of an account: users, groups, roles, managed and inline policies, MFA devices,
-- login profiles and account settings. Names are unique per account regardless of case, as in AWS;
-- memberships and attachments are foreign keys, so nothing dangles.

ALTER TABLE iam_users
    ADD COLUMN permissions_boundary text,
    ADD COLUMN tags jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN password_last_used timestamptz;

ALTER TABLE access_keys
    ADD COLUMN last_used_at timestamptz,
    ADD COLUMN last_used_service text,
    ADD COLUMN last_used_region text;

CREATE TABLE iam_groups (
    group_id text PRIMARY KEY CHECK (group_id ~ '^AGPA[A-Z2-7]{17}$'),
    account_id text NOT NULL REFERENCES accounts (account_id),
    name text NOT NULL CHECK (name ~ '^[A-Za-z0-9+=,.@_-]{1,128}$'),
    path text NOT NULL DEFAULT '/' CHECK (char_length(path) BETWEEN 1 AND 512),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, group_id)
);
CREATE UNIQUE INDEX iam_groups_name_key ON iam_groups (account_id, lower(name));

CREATE TABLE iam_group_members (
    account_id text NOT NULL,
    group_id text NOT NULL,
    user_id text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, user_id),
    FOREIGN KEY (account_id, group_id) REFERENCES iam_groups (account_id, group_id),
    FOREIGN KEY (account_id, user_id) REFERENCES iam_users (account_id, user_id)
);
CREATE INDEX iam_group_members_user ON iam_group_members (user_id);

CREATE TABLE iam_roles (
    role_id text PRIMARY KEY CHECK (role_id ~ '^AROA[A-Z2-7]{17}$'),
    account_id text NOT NULL REFERENCES accounts (account_id),
    name text NOT NULL CHECK (name ~ '^[A-Za-z0-9+=,.@_-]{1,64}$'),
    path text NOT NULL DEFAULT '/' CHECK (char_length(path) BETWEEN 1 AND 512),
    assume_role_policy text NOT NULL,
    description text,
    max_session_duration integer NOT NULL DEFAULT 3600 CHECK (max_session_duration BETWEEN 3600 AND 43200),
    permissions_boundary text,
    tags jsonb NOT NULL DEFAULT '[]',
    -- The AWS service that owns a service-linked role, else NULL.
    service_linked_to text,
    last_used_at timestamptz,
    last_used_region text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, role_id)
);
CREATE UNIQUE INDEX iam_roles_name_key ON iam_roles (account_id, lower(name));

-- Permissions boundaries in use, for policies' PermissionsBoundaryUsageCount and ListEntitiesForPolicy.
CREATE INDEX iam_users_permissions_boundary ON iam_users (account_id, permissions_boundary) WHERE permissions_boundary IS NOT NULL;
CREATE INDEX iam_roles_permissions_boundary ON iam_roles (account_id, permissions_boundary) WHERE permissions_boundary IS NOT NULL;

CREATE TABLE iam_service_linked_role_deletions (
    task_id text PRIMARY KEY,
    account_id text NOT NULL REFERENCES accounts (account_id),
    role_name text NOT NULL,
    status text NOT NULL CHECK (status IN ('SUCCEEDED', 'IN_PROGRESS', 'FAILED', 'NOT_STARTED')),
    reason text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE iam_policies (
    policy_id text PRIMARY KEY CHECK (policy_id ~ '^ANPA[A-Z2-7]{17}$'),
    account_id text NOT NULL REFERENCES accounts (account_id),
    name text NOT NULL CHECK (name ~ '^[A-Za-z0-9+=,.@_-]{1,128}$'),
    path text NOT NULL DEFAULT '/' CHECK (char_length(path) BETWEEN 1 AND 512),
    description text,
    default_version text NOT NULL DEFAULT 'v1',
    -- The number the next version gets: AWS never reuses a version id.
    next_version integer NOT NULL DEFAULT 2,
    tags jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    arn text NOT NULL UNIQUE
);
CREATE UNIQUE INDEX iam_policies_name_key ON iam_policies (account_id, lower(name));

CREATE TABLE iam_policy_versions (
    policy_id text NOT NULL REFERENCES iam_policies (policy_id) ON DELETE CASCADE,
    version_id text NOT NULL CHECK (version_id ~ '^v[1-9][0-9]*$'),
    document text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (policy_id, version_id)
);

-- A managed policy attached to a user, group or role. AWS-managed policies have no row in iam_policies
-- (policy_id is NULL); their ARN is arn:aws:iam::aws:policy/….
CREATE TABLE iam_policy_attachments (
    account_id text NOT NULL REFERENCES accounts (account_id),
    policy_arn text NOT NULL,
    policy_id text REFERENCES iam_policies (policy_id),
    entity_type text NOT NULL CHECK (entity_type IN ('user', 'group', 'role')),
    entity_id text NOT NULL,
    attached_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity_type, entity_id, policy_arn)
);
CREATE INDEX iam_policy_attachments_policy ON iam_policy_attachments (account_id, policy_arn);

CREATE TABLE iam_inline_policies (
    account_id text NOT NULL REFERENCES accounts (account_id),
    entity_type text NOT NULL CHECK (entity_type IN ('user', 'group', 'role')),
    entity_id text NOT NULL,
    name text NOT NULL CHECK (name ~ '^[A-Za-z0-9+=,.@_-]{1,128}$'),
    document text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX iam_inline_policies_key ON iam_inline_policies (entity_type, entity_id, lower(name));

-- Virtual MFA devices. The seed is sealed under the master key like access-key secrets.
CREATE TABLE iam_mfa_devices (
    serial_number text PRIMARY KEY,
    account_id text NOT NULL REFERENCES accounts (account_id),
    name text NOT NULL,
    path text NOT NULL DEFAULT '/',
    sealed_seed bytea NOT NULL,
    -- The user it is enabled for; NULL with assigned_to_root false: not assigned.
    user_id text,
    assigned_to_root boolean NOT NULL DEFAULT false,
    enabled_at timestamptz,
    -- The last TOTP time step accepted: a code is never accepted twice.
    last_counter bigint NOT NULL DEFAULT 0,
    tags jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (account_id, user_id) REFERENCES iam_users (account_id, user_id)
);
CREATE UNIQUE INDEX iam_mfa_devices_name_key ON iam_mfa_devices (account_id, lower(name));

CREATE TABLE iam_login_profiles (
    user_id text PRIMARY KEY,
    account_id text NOT NULL,
    password_hash text NOT NULL,
    password_reset_required boolean NOT NULL DEFAULT false,
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (account_id, user_id) REFERENCES iam_users (account_id, user_id)
);

-- Earlier password hashes, for the password policy's reuse prevention. They go with the user, and are
-- deleted with its login profile.
CREATE TABLE iam_password_history (
    account_id text NOT NULL,
    user_id text NOT NULL,
    password_hash text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (account_id, user_id) REFERENCES iam_users (account_id, user_id) ON DELETE CASCADE
);
CREATE INDEX iam_password_history_user ON iam_password_history (account_id, user_id, changed_at DESC);

CREATE TABLE iam_password_policies (
    account_id text PRIMARY KEY REFERENCES accounts (account_id),
    minimum_length integer NOT NULL,
    require_symbols boolean NOT NULL,
    require_numbers boolean NOT NULL,
    require_uppercase boolean NOT NULL,
    require_lowercase boolean NOT NULL,
    allow_users_to_change boolean NOT NULL,
    max_age integer,
    reuse_prevention integer,
    hard_expiry boolean
);

CREATE TABLE iam_account_aliases (
    account_id text PRIMARY KEY REFERENCES accounts (account_id),
    alias text NOT NULL UNIQUE CHECK (alias ~ '^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$')
);

CREATE TABLE iam_credential_reports (
    account_id text PRIMARY KEY REFERENCES accounts (account_id),
    generated_at timestamptz NOT NULL,
    content bytea NOT NULL
);

-- A change of an account's status (suspension, closure) reaches every replica's policy cache at once, however
-- it was made: sessions of a suspended account must stop on their next request.
CREATE FUNCTION warden_notify_account_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('warden_policies', NEW.account_id);
    RETURN NEW;
END;
$$;

CREATE TRIGGER accounts_status_notifies AFTER UPDATE OF status ON accounts
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION warden_notify_account_status();
