-- Uploads belong to Slurm jobs: each analysis_jobs row is one upload (GET /uploads); a Slurm job is
-- assembled from all uploads of one owner + cluster + Slurm job id (GET /jobs).
ALTER TABLE analysis_jobs
    ADD COLUMN kind          text NOT NULL DEFAULT 'profile',
    ADD COLUMN cluster       text NOT NULL DEFAULT '',
    ADD COLUMN slurm_job_id  text,
    ADD COLUMN benchmark     text,
    -- A perf upload's parsed counters (LIKWID CSV), JSON of Bench.Pipeline.Perf.PerfCounters.
    ADD COLUMN perf          jsonb,
    ADD CONSTRAINT analysis_jobs_kind_check CHECK (kind IN ('profile', 'perf'));

ALTER TABLE analysis_jobs DROP CONSTRAINT analysis_jobs_origin_check;
ALTER TABLE analysis_jobs ADD CONSTRAINT analysis_jobs_origin_check CHECK (origin IN ('webhook', 'rescan', 'reanalyze'));

-- A Slurm job's uploads, for assembly.
CREATE INDEX analysis_jobs_slurm_job_idx ON analysis_jobs (owner, cluster, slurm_job_id) WHERE slurm_job_id IS NOT NULL;

-- Change tokens for GET /jobs?since=: every change to a slurm_job_status row takes the next value, under
-- pg_advisory_xact_lock(SlurmJobChanges.LockKey) held to commit, so values become visible in order and a
-- poller that saw value N never misses a later commit with a smaller value.
CREATE SEQUENCE slurm_job_changes;

-- One row per Slurm job of an owner on a cluster: the assembly's bookkeeping. The figures live in the
-- pipeline's slurm_jobs table (row slurm_jobs.job_key = job_key) and its slurm_job_<id> timeline.
CREATE TABLE slurm_job_status (
    id                   uuid PRIMARY KEY,
    owner                text NOT NULL,
    cluster              text NOT NULL DEFAULT '',
    slurm_job_id         text NOT NULL,
    -- owner/cluster/slurm_job_id: the slurm_jobs row holding the figures.
    job_key              text NOT NULL,
    benchmark            text,
    -- pending: files arrived, not analysed yet (or again); running: an assembly holds the lease;
    -- done: figures match every file up to analyzed_generation; failed: no file could be used (error says why).
    state                text NOT NULL DEFAULT 'pending',
    -- Bumped whenever a file of the job lands, finishes its own analysis, or is removed.
    generation           bigint NOT NULL DEFAULT 1,
    -- The generation the current figures cover; figures are final once it equals generation and the job settled.
    analyzed_generation  bigint NOT NULL DEFAULT 0,
    -- How many assemblies ran (coalescing keeps this near one per burst of uploads).
    analyses             integer NOT NULL DEFAULT 0,
    files                integer NOT NULL DEFAULT 0,
    error                text,
    pipeline_version     text,
    attempt_token        uuid,
    lease_until          timestamptz,
    last_file_at         timestamptz NOT NULL DEFAULT now(),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    analyzed_at          timestamptz,
    change_seq           bigint NOT NULL DEFAULT nextval('slurm_job_changes'),
    CONSTRAINT slurm_job_status_job_key UNIQUE (owner, cluster, slurm_job_id),
    CONSTRAINT slurm_job_status_state_check CHECK (state IN ('pending', 'running', 'done', 'failed')),
    CONSTRAINT slurm_job_status_running_check CHECK (state <> 'running' OR (attempt_token IS NOT NULL AND lease_until IS NOT NULL))
);

-- GET /jobs: newest first, keyset-paginated on (updated_at, id).
CREATE INDEX slurm_job_status_owner_updated_idx ON slurm_job_status (owner, updated_at DESC, id DESC);
-- GET /jobs?since=: changes in order.
CREATE UNIQUE INDEX slurm_job_status_change_idx ON slurm_job_status (owner, change_seq);
-- GET /benchmarks and /benchmarks/{name}/runs.
CREATE INDEX slurm_job_status_benchmark_idx ON slurm_job_status (owner, benchmark, created_at DESC) WHERE benchmark IS NOT NULL;
-- The assembly sweeper: jobs whose figures lag their files, and assemblies whose lease may have run out.
CREATE INDEX slurm_job_status_unfinished_idx ON slurm_job_status (lease_until) WHERE analyzed_generation < generation OR state = 'running';

-- Deleted Slurm jobs stay visible to GET /jobs?since= pollers as tombstones until they age out.
CREATE TABLE slurm_job_deletions (
    owner         text NOT NULL,
    cluster       text NOT NULL,
    slurm_job_id  text NOT NULL,
    deleted_at    timestamptz NOT NULL DEFAULT now(),
    change_seq    bigint NOT NULL DEFAULT nextval('slurm_job_changes'),
    PRIMARY KEY (owner, change_seq)
);
