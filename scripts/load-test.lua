-- wrk script for scripts/load-test: every request POSTs the JSON body stored in the file named
-- by the first script argument (wrk ... -s load-test.lua URL -- BODY_FILE) to the URL.
function init(args)
  local f = assert(io.open(args[1], "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
