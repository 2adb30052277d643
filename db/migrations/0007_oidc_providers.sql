-- IAM's OpenID Connect identity providers: the issuers whose tokens AssumeRoleWithWebIdentity exchanges for a
-- role's session. One per issuer URL per account; the URL is kept without its https:// scheme, as the
-- provider's ARN (arn:aws:iam::<account>:oidc-provider/<url>) and GetOpenIDConnectProvider show it.
CREATE TABLE iam_oidc_providers (
    account_id text NOT NULL REFERENCES accounts (account_id),
    url text NOT NULL,
    -- The audiences its tokens may be for, in the order they were added.
    client_ids text[] NOT NULL DEFAULT '{}',
    -- SHA-1 thumbprints (40 hex digits) of the certificates its keys are served under.
    thumbprints text[] NOT NULL DEFAULT '{}',
    tags jsonb NOT NULL DEFAULT '[]',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, url)
);
CREATE UNIQUE INDEX iam_oidc_providers_url_key ON iam_oidc_providers (account_id, lower(url));
