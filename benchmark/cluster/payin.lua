-- wrk script (benchmark/cluster.sh): POST /v1/payments, each request a new checkout and Idempotency-Key.
-- The bearer token comes in the environment (TOKEN); a response is counted as a success on 201.
local threads = {}
local counter = 0
local run = os.time()

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  ok, bad = 0, 0
end

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

function done(summary, latency, requests)
  local good, failed = 0, 0
  for _, t in ipairs(threads) do
    good = good + t:get("ok")
    failed = failed + t:get("bad")
  end
  io.write(string.format("RESULT ok=%d failed=%d seconds=%.1f p50_ms=%.1f p99_ms=%.1f\n", good, failed,
      summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
