-- POST /minio-event: MinIO's notification for a NEW .h5 object version on every request (the real
-- traffic: each one records a job, publishes it and marks it published), with the webhook token
-- (MINIO_WEBHOOK_TOKEN, MINIO_BUCKET in the environment). Keys are <random per-run prefix>-<thread>-<n>,
-- so they repeat neither within a run nor across runs (warm-up and repeats share one database).
local threads = {}
local run = nil

-- 8 random bytes as hex, read once per wrk run (setup runs in wrk's main thread).
local function random_hex()
  local f = assert(io.open("/dev/urandom", "rb"))
  local bytes = f:read(8)
  f:close()
  return (bytes:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

function setup(thread)
  if run == nil then run = random_hex() end
  table.insert(threads, thread)
  thread:set("run", run)
  thread:set("index", #threads)
end

function init(args)
  counter = 0
  bucket = os.getenv("MINIO_BUCKET")
  headers = {
    ["Authorization"] = "Bearer " .. os.getenv("MINIO_WEBHOOK_TOKEN"),
    ["Content-Type"] = "application/json",
  }
end

function request()
  counter = counter + 1
  local name = string.format("%s-%d-%d", run, index, counter)
  local key = "bench/new-" .. name .. ".h5"
  -- A 32-hex ETag unique to the object: the run's 16 hex digits, the thread's 4, the counter's 12.
  local etag = string.format("%s%04x%012x", run, index, counter)
  local body = '{"EventName":"s3:ObjectCreated:Put","Key":"' .. bucket .. '/' .. key .. '",'
    .. '"Records":[{"eventName":"s3:ObjectCreated:Put","eventTime":"2026-01-01T00:00:00Z",'
    .. '"s3":{"bucket":{"name":"' .. bucket .. '"},'
    .. '"object":{"key":"bench%2Fnew-' .. name .. '.h5","size":4096,"eTag":"' .. etag .. '"}}}]}'
  return wrk.format("POST", "/minio-event", headers, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("minio webhook (new): HTTP " .. status .. "\n")
  elseif not string.find(body, '"duplicate":false', 1, true) then
    io.stderr:write("minio webhook (new): not recorded as new: " .. string.sub(body, 1, 200) .. "\n")
  end
end
