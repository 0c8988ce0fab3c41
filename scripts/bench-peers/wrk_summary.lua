-- wrk's summary as one JSON line after its own text, for download.sh to parse. Only `done`
-- is defined: a `response` function would make wrk hand every body to Lua, which for a
-- 5 MB file costs more than serving it.
done = function(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        'wrk-summary {"requests": %d, "bytes": %d, "duration_us": %d, "connect_errors": %d, '
            .. '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, '
            .. '"latency_p50_us": %d, "latency_p99_us": %d}\n',
        summary.requests, summary.bytes, summary.duration, errors.connect, errors.read,
        errors.write, errors.status, errors.timeout, latency:percentile(50), latency:percentile(99)))
end
