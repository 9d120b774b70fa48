-- wrk script for `make bench` (bench/run.py): one path per run, "{n}" in it replaced by a
-- number unique to each request (a cache miss), and a JSON report of the run on the last line.
-- Usage: wrk ... -s bench/wrk_report.lua http://host:port -- <path> <unique prefix>

local threads = {}
local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("id", thread_count)
   table.insert(threads, thread)
end

function init(args)
   template = args[1]
   prefix = args[2] or "wrk"
   counter = 0
   statuses = {}
end

function request()
   counter = counter + 1
   local path = template:gsub("{n}", prefix .. "-" .. id .. "-" .. counter)
   return wrk.format(nil, path)
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
   local merged = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         merged[status] = (merged[status] or 0) + count
      end
   end
   local parts = {}
   for status, count in pairs(merged) do
      table.insert(parts, string.format('"%s": %d', status, count))
   end
   local errors = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
         .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
         .. '"statuses": {%s}}\n',
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      table.concat(parts, ", ")
   ))
end
