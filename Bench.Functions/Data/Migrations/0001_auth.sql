-- Users and refresh tokens for the auth functions.
CREATE TABLE users (
    id              uuid PRIMARY KEY,
    username        text NOT NULL,
    username_lower  text NOT NULL,
    password_hash   text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_username_lower_key UNIQUE (username_lower),
    CONSTRAINT users_username_lower_check CHECK (username_lower = lower(username))
);

-- Only a SHA-256 of each refresh token is stored. A family is one login's chain of rotations;
-- presenting a token that was already rotated revokes the whole family.
CREATE TABLE refresh_tokens (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id    uuid NOT NULL,
    token_hash   bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    revoked_at   timestamptz,
    replaced_by  uuid REFERENCES refresh_tokens (id),
    CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash)
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
