-- The keys that seal STS session tokens and derive temporary secrets. Each key is 32 random bytes sealed
-- (AES-GCM) under the master key, never stored in the clear. The current key (retired_at NULL; at most one)
-- seals new tokens; a retired key still opens the tokens sealed under it until it is deleted, so the key
-- can be rotated (`warden keys rotate`) without ending live sessions.
CREATE TABLE session_token_keys (
    key_id text PRIMARY KEY CHECK (key_id ~ '^k[0-9a-f]{16}$'),
    sealed_key bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    retired_at timestamptz
);

CREATE UNIQUE INDEX session_token_keys_current ON session_token_keys ((true)) WHERE retired_at IS NULL;
