-- One analysis job per object version (bucket, key, ETag): MinIO's webhook and the nightly rescan both
-- insert here before anything is published, so PostgreSQL, not RabbitMQ, is where no work gets lost.
CREATE TABLE analysis_jobs (
    id              uuid PRIMARY KEY,
    bucket          text NOT NULL,
    object_key      text NOT NULL,
    etag            text NOT NULL,
    version_id      text,
    size_bytes      bigint,
    owner           text NOT NULL,
    origin          text NOT NULL,
    state           text NOT NULL DEFAULT 'queued',
    attempts        integer NOT NULL DEFAULT 0,
    error           text,
    table_name      text,
    -- The claim of the attempt in progress: finishing requires the same token, so a worker that lost its
    -- lease (presumed dead, job handed to another) cannot overwrite the other attempt's outcome.
    attempt_token   uuid,
    lease_until     timestamptz,
    event_time      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    queued_at       timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz,
    publish_count   integer NOT NULL DEFAULT 0,
    started_at      timestamptz,
    finished_at     timestamptz,
    CONSTRAINT analysis_jobs_object_version_key UNIQUE (bucket, object_key, etag),
    CONSTRAINT analysis_jobs_state_check CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    CONSTRAINT analysis_jobs_origin_check CHECK (origin IN ('webhook', 'rescan')),
    CONSTRAINT analysis_jobs_running_check CHECK (state <> 'running' OR (attempt_token IS NOT NULL AND lease_until IS NOT NULL))
);

-- GET /jobs: one owner's jobs, newest first, keyset-paginated on (created_at, id).
CREATE INDEX analysis_jobs_owner_created_idx ON analysis_jobs (owner, created_at DESC, id DESC);

-- The sweeper: queued jobs to (re)publish and running jobs whose lease ran out.
CREATE INDEX analysis_jobs_unfinished_idx ON analysis_jobs (state, published_at) WHERE state IN ('queued', 'running');
