-- POST /minio-event: MinIO's notification for one .h5 object version in the bench bucket, with the
-- webhook token (MINIO_WEBHOOK_TOKEN, MINIO_BUCKET in the environment). The first request records the job;
-- the rest find it already there (a PostgreSQL round trip each), as MinIO's retries and duplicates do.
wrk.method = "POST"
wrk.path = "/minio-event"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MINIO_WEBHOOK_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"EventName":"s3:ObjectCreated:Put","Key":"' .. os.getenv("MINIO_BUCKET") .. '/bench/webhook.h5",'
  .. '"Records":[{"eventName":"s3:ObjectCreated:Put","eventTime":"2026-01-01T00:00:00Z",'
  .. '"s3":{"bucket":{"name":"' .. os.getenv("MINIO_BUCKET") .. '"},'
  .. '"object":{"key":"bench/webhook.h5","size":4096,"eTag":"0123456789abcdef0123456789abcdef"}}}]}'

function response(status, headers, body)
  if status ~= 200 then io.stderr:write("minio webhook: HTTP " .. status .. "\n") end
end
