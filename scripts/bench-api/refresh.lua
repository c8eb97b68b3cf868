-- POST /auth/refresh?rid=<token>. Every use rotates the token and a reused one revokes its family,
-- so each thread keeps a pool of live tokens (one per connection plus spares, from BENCH_REFRESH_FILE): a request
-- takes one out, its response puts the successor back.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

function init(args)
  pool = {}
  local per_thread = tonumber(os.getenv("BENCH_REFRESH_PER_THREAD"))
  local n = 0
  for line in io.lines(os.getenv("BENCH_REFRESH_FILE")) do
    n = n + 1
    if math.ceil(n / per_thread) == index then table.insert(pool, line) end
  end
  failures = 0
end

function request()
  local token = table.remove(pool)
  if token == nil then
    token = "pool-empty"
    io.stderr:write("refresh: no live token left in this thread's pool\n")
  end
  return wrk.format("POST", "/auth/refresh?rid=" .. token, nil, "")
end

function response(status, headers, body)
  if status == 200 then
    table.insert(pool, string.match(body, '"refresh":"([^"]+)"'))
  else
    failures = failures + 1
    io.stderr:write("refresh: HTTP " .. status .. " " .. string.sub(body, 1, 200) .. "\n")
  end
end
