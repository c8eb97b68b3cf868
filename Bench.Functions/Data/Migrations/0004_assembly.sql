-- One row per assembly of a Slurm job (Jobs/SlurmJobAssembler): when it ran, on which worker, over which
-- generation and how it ended. Coalescing is judged from it (assemblies per job, never two at once), and
-- operators see why a job's figures are what they are. Rows go with their job.
CREATE TABLE slurm_job_assemblies (
    -- The attempt token the assembly held slurm_job_status' lease with.
    id           uuid PRIMARY KEY,
    job_id       uuid NOT NULL REFERENCES slurm_job_status (id) ON DELETE CASCADE,
    generation   bigint NOT NULL,
    worker       text NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at  timestamptz,
    -- done | failed | waiting (no profile yet) | released (retried later); NULL while running or when its worker was lost.
    outcome      text,
    CONSTRAINT slurm_job_assemblies_outcome_check CHECK (outcome IN ('done', 'failed', 'waiting', 'released'))
);

CREATE INDEX slurm_job_assemblies_job_idx ON slurm_job_assemblies (job_id, started_at);
