-- Each Slurm job's power series per node, downsampled when it is assembled (Jobs/JobSeriesStore), so
-- GET /jobs/{id}/series?points=N (N <= resolution) never scans the job's timeline table. Replaced with the
-- job's figures in the same transaction; removed with the job. A job with no rows here (assembled before
-- this table) is read from its timeline.
CREATE TABLE slurm_job_series (
    -- slurm_jobs.job_key: <owner>/<cluster>/<slurm_job_id>.
    job_key            text NOT NULL,
    node               text NOT NULL,
    -- Buckets the job's time was cut into (shared by its nodes), and that time: last minus first sample, s.
    resolution         integer NOT NULL CHECK (resolution > 0),
    span_s             double precision NOT NULL,
    -- Samples of the node in all.
    samples            integer NOT NULL,
    -- One entry per non-empty bucket: its number, sample count, last sample's time, mean and peak power,
    -- energy at its last sample; cost (last) and price (mean) are NULL arrays when no tariff applied.
    bucket             integer[] NOT NULL,
    bucket_samples     integer[] NOT NULL,
    elapsed_s          double precision[] NOT NULL,
    power_w            double precision[] NOT NULL,
    peak_power_w       double precision[] NOT NULL,
    energy_j           double precision[] NOT NULL,
    cost_eur           double precision[],
    price_eur_per_mwh  double precision[],
    PRIMARY KEY (job_key, node)
);
