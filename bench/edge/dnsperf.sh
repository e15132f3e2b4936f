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

# run_dnsperf_sources DIR LABEL QUERYFILE N: N dnsperf clients at once, client i from 127.0.i.1 (its own /24, as
# separate resolvers are), all pinned to CLIENT_CPU; writes DIR/i.txt and prints the summed queries/s and losses.
run_dnsperf_sources() {
  local dir=$1 label=$2 queries=$3 n=$4 i pids=()
  mkdir -p "$dir"
  for ((i = 1; i <= n; i++)); do
    taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$PORT" -a "127.0.$i.1" -d "$queries" -l "$DURATION" -c 1 -q 25 >"$dir/$i.txt" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}" || true
  echo "--- $label: $(sum_sources "$dir")"
}

# "qps Q lost L": queries/s and lost queries summed over the clients of one run_dnsperf_sources directory.
sum_sources() {
  awk '/Queries per second/ {q += $4} /Queries lost/ {l += $3} END {printf "qps %d lost %d\n", q, l}' "$1"/*.txt
}

# print_rrl_table DIR: per server, the median summed queries/s with RRL off and on, and on/off.
print_rrl_table() {
  local dir=$1 s mode
  echo
  echo "Response rate limiting: udp hits from $RRL_SOURCES client networks, median of $ROUNDS round(s)"
  printf '%-6s %12s %12s %8s %10s\n' server "off q/s" "on q/s" "on/off" "lost (on)"
  for s in nsd edge; do
    declare -A med lost
    for mode in off on; do
      med[$mode]=$(for r in "$dir/$s-$mode"/r*; do sum_sources "$r"; done | awk '{print $2}' | sort -n | awk '{a[n++] = $1} END {print a[int((n - 1) / 2)]}')
      lost[$mode]=$(for r in "$dir/$s-$mode"/r*; do sum_sources "$r"; done | awk '{l += $4} END {print l + 0}')
    done
    printf '%-6s %12s %12s %8s %10s\n' "$s" "${med[off]}" "${med[on]}" "$(awk -v a="${med[on]}" -v b="${med[off]}" 'BEGIN {printf "%.3f", b ? a / b : 0}')" "${lost[on]}"
  done
}
