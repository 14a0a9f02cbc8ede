-- wrk script: POST one profile to /v1/check on every request (bench/serve/bench.py).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("TALENTRULES_PROFILE"), "rb"))
wrk.body = f:read("*a")
f:close()

-- Count non-200 answers, so a run that failed is not read as a fast one.
local errors = 0
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
