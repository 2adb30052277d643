-- IAM instance profiles: what hands a role to an EC2 instance. A profile holds at most one role (AWS's quota),
-- a role may be in several profiles, and a role in a profile cannot be deleted (DeleteConflict).
CREATE TABLE iam_instance_profiles (
    instance_profile_id text PRIMARY KEY CHECK (instance_profile_id ~ '^AIPA[A-Z2-7]{17}$'),
    account_id text NOT NULL REFERENCES accounts (account_id),
    name text NOT NULL CHECK (name ~ '^[A-Za-z0-9+=,.@_-]{1,128}$'),
    path text NOT NULL DEFAULT '/' CHECK (char_length(path) BETWEEN 1 AND 512),
    tags jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX iam_instance_profiles_name_key ON iam_instance_profiles (account_id, lower(name));

CREATE TABLE iam_instance_profile_roles (
    instance_profile_id text NOT NULL REFERENCES iam_instance_profiles (instance_profile_id) ON DELETE CASCADE,
    role_id text NOT NULL REFERENCES iam_roles (role_id),
    PRIMARY KEY (instance_profile_id, role_id)
);
CREATE INDEX iam_instance_profile_roles_role ON iam_instance_profile_roles (role_id);
