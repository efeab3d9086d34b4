-- +goose Up
-- People and systems that follow the page (store/subscriber.go): an email
-- address or a webhook URL, unique per kind. confirmed_at stays NULL until
-- the double opt-in is done; nonce is mixed into every signed link, so a
-- removed and re-added subscriber's old links stop working.
CREATE TABLE subscribers (
    id           BIGSERIAL PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('email', 'webhook')),
    address      TEXT NOT NULL,
    chat_kind    TEXT NOT NULL DEFAULT '' CHECK (chat_kind IN ('', 'slack', 'teams', 'mattermost', 'generic')),
    secret       TEXT NOT NULL DEFAULT '',
    news         TEXT NOT NULL DEFAULT 'both' CHECK (news IN ('incidents', 'maintenance', 'both')),
    whole_page   BOOLEAN NOT NULL DEFAULT true,
    nonce        TEXT NOT NULL,
    created_by   TEXT NOT NULL DEFAULT 'self',
    confirmed_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT subscribers_kind_address_key UNIQUE (kind, address)
);
CREATE INDEX subscribers_confirmed_idx ON subscribers (id) WHERE confirmed_at IS NOT NULL;

-- What a subscriber follows when not the whole page: each row names one
-- region, category or service.
CREATE TABLE subscriber_scopes (
    id            BIGSERIAL PRIMARY KEY,
    subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    region_id     BIGINT REFERENCES regions (id) ON DELETE CASCADE,
    category_id   BIGINT REFERENCES categories (id) ON DELETE CASCADE,
    service_id    BIGINT REFERENCES services (id) ON DELETE CASCADE,
    CHECK ((region_id IS NOT NULL)::int + (category_id IS NOT NULL)::int + (service_id IS NOT NULL)::int = 1)
);
CREATE INDEX subscriber_scopes_subscriber_idx ON subscriber_scopes (subscriber_id);
CREATE INDEX subscriber_scopes_region_idx ON subscriber_scopes (region_id) WHERE region_id IS NOT NULL;
CREATE INDEX subscriber_scopes_category_idx ON subscriber_scopes (category_id) WHERE category_id IS NOT NULL;
CREATE INDEX subscriber_scopes_service_idx ON subscriber_scopes (service_id) WHERE service_id IS NOT NULL;

-- +goose Down
DROP TABLE subscriber_scopes;
DROP TABLE subscribers;
