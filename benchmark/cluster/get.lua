-- wrk script (benchmark/cluster.sh): GETs of the URL given to wrk; a response is a success on 200.
-- Its counting (per thread, summed in done) is shared: payin.lua loads this file and replaces
-- request() and response().
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  ok, bad = 0, 0
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else bad = bad + 1 end
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
