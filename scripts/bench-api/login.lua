-- POST /auth/login with the bench user's credentials (BENCH_USER, BENCH_PASSWORD).
wrk.method = "POST"
wrk.path = "/auth/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"username":"%s","password":"%s"}', os.getenv("BENCH_USER"), os.getenv("BENCH_PASSWORD"))

function response(status, headers, body)
  if status ~= 200 then io.stderr:write("login: HTTP " .. status .. "\n") end
end
