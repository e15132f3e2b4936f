# dnsperf runs for bench/edge.sh (sourced): timed runs, warm-up, and the summary lines printed above the table.
# Uses PORT, DURATION, DNSPERF_ARGS, CLIENT_CPU, WARMUP from edge.sh.

# run_dnsperf OUT LABEL QUERYFILE [extra dnsperf args]: one timed run, client pinned to CLIENT_CPU.
run_dnsperf() {
  local out=$1 label=$2 queries=$3
  shift 3
  mkdir -p "$(dirname "$out")"
  taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$PORT" -d "$queries" -l "$DURATION" "${DNSPERF_ARGS[@]}" "$@" >"$out" 2>&1 || true
  echo "--- $label"
  raw_lines "$out" || { echo "  (dnsperf failed)"; tail -n 3 "$out"; }
}

# dnsperf's summary lines; only the first latency line (TCP runs add a connection latency line).
raw_lines() {
  awk '/Queries (sent|completed|lost|interrupted)|Queries per second|Response codes/ {print; n++}
       /Average Latency/ && !seen {print; seen = 1; n++}
       END {exit n == 0}' "$1"
}

# Unrecorded load after a start, so JIT warm-up and first-touch page faults are not in round 1.
warm_up() {
  ((WARMUP > 0)) || return 0
  taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$PORT" -d "$1" -l "$WARMUP" "${DNSPERF_ARGS[@]}" >/dev/null 2>&1 || true
}

# Queries per second (integer) from one dnsperf output file.
qps_of() { awk '/Queries per second/ {print int($4)}' "$1"; }
