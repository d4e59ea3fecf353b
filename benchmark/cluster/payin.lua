-- wrk script (benchmark/cluster.sh): POST /v1/payments, each request a new checkout and Idempotency-Key.
-- The bearer token comes in the environment (TOKEN); a response is counted as a success on 201.
-- Threads, counting and the RESULT line come from get.lua, next to this file.
dofile(debug.getinfo(1, "S").source:sub(2):match("^(.*/)") .. "get.lua")

local counter = 0
local run = os.time()

function request()
  counter = counter + 1
  local id = string.format("%d-%d-%d", run, tid, counter)
  local body = '{"checkout_id":"bench-' .. id .. '","buyer_info":{"name":"Bench"},"payment_orders":[' ..
      '{"payment_order_id":"bench-po-' .. id .. '","seller_account":"hotel-1","amount":"10.00","currency":"EUR"}]}'
  return wrk.format("POST", "/v1/payments", {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. id,
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  }, body)
end

function response(status, headers, body)
  if status == 201 or status == 202 then ok = ok + 1 else bad = bad + 1 end
end
