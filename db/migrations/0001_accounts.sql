-- Accounts: the unit of ownership for every IAM entity and the members of an organization.
CREATE TABLE accounts (
    account_id text PRIMARY KEY CHECK (account_id ~ '^[0-9]{12}$'),
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 50),
    email text NOT NULL CHECK (char_length(email) BETWEEN 6 AND 64),
    status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));
