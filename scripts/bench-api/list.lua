-- GET /storage/list (one page of the bench user's objects) with the bench user's access token.
wrk.method = "GET"
wrk.path = "/storage/list?limit=100"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_ACCESS")

function response(status, headers, body)
  if status ~= 200 then io.stderr:write("list: HTTP " .. status .. "\n") end
end
