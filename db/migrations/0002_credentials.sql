-- IAM users and the long-term access keys of users and of account root users.
CREATE TABLE iam_users (
    user_id text PRIMARY KEY CHECK (user_id ~ '^AIDA[A-Z2-7]{17}$'),
    account_id text NOT NULL REFERENCES accounts (account_id),
    name text NOT NULL CHECK (name ~ '^[A-Za-z0-9+=,.@_-]{1,64}$'),
    path text NOT NULL DEFAULT '/' CHECK (path ~ '^/([!-~]*/)?$' AND char_length(path) <= 512),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, user_id)
);

-- IAM names are unique per account regardless of case, as in AWS.
CREATE UNIQUE INDEX iam_users_name_key ON iam_users (account_id, lower(name));

CREATE TABLE access_keys (
    access_key_id text PRIMARY KEY CHECK (access_key_id ~ '^[A-Z0-9]{16,128}$'),
    account_id text NOT NULL REFERENCES accounts (account_id),
    -- NULL: the key belongs to the account's root user. A user's key is in that user's account.
    user_id text,
    status text NOT NULL DEFAULT 'Active' CHECK (status IN ('Active', 'Inactive')),
    -- AES-GCM under the master key, bound to (access key id, account, owner); never the plain secret.
    sealed_secret bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (account_id, user_id) REFERENCES iam_users (account_id, user_id) ON DELETE CASCADE
);

CREATE INDEX access_keys_user_id ON access_keys (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX access_keys_root ON access_keys (account_id) WHERE user_id IS NULL;

-- One row: proof that the master key in use is the one the secrets were sealed with.
CREATE TABLE master_key_check (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    sealed_probe bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
