-- GET /healthz: a function that does nothing, the floor of host -> gRPC invocation -> worker HTTP.
wrk.method = "GET"
wrk.path = "/healthz"

function response(status, headers, body)
  if status ~= 200 then io.stderr:write("healthz: HTTP " .. status .. "\n") end
end
