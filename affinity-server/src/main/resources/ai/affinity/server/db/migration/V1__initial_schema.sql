-- Affinity serving store, version 1. One script for SQLite and PostgreSQL: the few types that differ
-- come from placeholders set by Store (${id_pk}: auto-increment key, ${blob}: binary column).
-- Times are epoch milliseconds (BIGINT) so both databases order and compare them the same way.

CREATE TABLE items (
    item_id     VARCHAR(200) PRIMARY KEY,
    title       TEXT,
    body        TEXT,
    attributes  TEXT,            -- JSON: {"categorical": {name: [values]}, "numeric": {name: number}}
    image       ${blob},
    image_type  VARCHAR(100),
    audio       ${blob},
    audio_type  VARCHAR(100),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE users (
    user_id     VARCHAR(200) PRIMARY KEY,
    attributes  TEXT,            -- JSON: {"categorical": {name: value}, "numeric": {name: number}}
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE events (
    seq              ${id_pk},
    user_id          VARCHAR(200) NOT NULL,
    item_id          VARCHAR(200) NOT NULL,
    event_type       VARCHAR(16)  NOT NULL,
    event_value      DOUBLE PRECISION NOT NULL,
    event_time       BIGINT NOT NULL,
    client_event_id  VARCHAR(200),
    request_id       VARCHAR(100),
    arm              VARCHAR(100),
    received_at      BIGINT NOT NULL,
    CONSTRAINT events_client_event_id_unique UNIQUE (client_event_id),
    CONSTRAINT events_type_check CHECK (event_type IN ('view', 'click', 'rating', 'purchase', 'impression'))
);
CREATE INDEX events_user_time ON events (user_id, event_time);
CREATE INDEX events_time ON events (event_time);

CREATE TABLE model_versions (
    version         ${id_pk},
    arm             VARCHAR(100) NOT NULL,
    model_spec      VARCHAR(500) NOT NULL,
    events_through  BIGINT NOT NULL,   -- highest events.seq the model was fitted on
    num_users       INTEGER NOT NULL,
    num_items       INTEGER NOT NULL,
    fit_seconds     DOUBLE PRECISION NOT NULL,
    created_at      BIGINT NOT NULL,
    payload         ${blob}            -- optional ModelStore bytes (null when the model is refitted at start-up)
);
