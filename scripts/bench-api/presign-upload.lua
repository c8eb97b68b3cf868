-- POST /storage/presign/upload with the bench user's access token (BENCH_ACCESS in the environment).
wrk.method = "POST"
wrk.path = "/storage/presign/upload?object_name=bench-profile.h5"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_ACCESS")

function response(status, headers, body)
  if status ~= 200 then io.stderr:write("presign upload: HTTP " .. status .. "\n") end
end
