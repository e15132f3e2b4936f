# Server starters for bench/edge.sh (sourced): NSD, Knot and the edge on 127.0.0.1, and the readiness probe.
# Uses WORK, NSD, KNOTD, DNSCOVE, NODE, DIST, CLIENT_CPU, LOAD_TIMEOUT from edge.sh and launch/pick_port.

# start_nsd ZONEFILE ORIGIN SERVER_COUNT CPU|any: NSD as in INTEROP.md (minimal responses; no RRL unless NSD_RRL sets its rate).
start_nsd() {
  local zone=$1 origin=$2 count=$3 cpu=$4 dir
  pick_port
  dir=$(mktemp -d "$WORK/nsd-XXXX")
  cat >"$dir/nsd.conf" <<EOF
server:
  ip-address: 127.0.0.1@$PORT
  server-count: $count
  username: ""
  database: ""
  pidfile: "$dir/nsd.pid"
  xfrdfile: "$dir/xfrd.state"
  zonelistfile: "$dir/zone.list"
  logfile: "$dir/nsd.log"
  verbosity: 1
  do-ip6: no
  minimal-responses: yes
  rrl-ratelimit: ${NSD_RRL:-0}
  hide-version: yes
remote-control:
  control-enable: no
zone:
  name: "${origin%.}"
  zonefile: "$zone"
EOF
  launch "$dir/stderr.log" "$cpu" "$NSD" -d -c "$dir/nsd.conf"
  SERVER_LOG=$dir/nsd.log
}

# start_knot ZONEFILE ORIGIN CPU|any: one UDP and one TCP worker thread, to match NSD's one process.
start_knot() {
  local zone=$1 origin=$2 cpu=$3 dir
  pick_port
  dir=$(mktemp -d "$WORK/knot-XXXX")
  cat >"$dir/knot.conf" <<EOF
server:
  rundir: "$dir"
  listen: 127.0.0.1@$PORT
  udp-workers: 1
  tcp-workers: 1
log:
  - target: stderr
    any: warning
database:
  storage: "$dir"
zone:
  - domain: "$origin"
    file: "$zone"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
EOF
  launch "$dir/knotd.log" "$cpu" "$KNOTD" -c "$dir/knot.conf"
  SERVER_LOG=$dir/knotd.log
}

EDGE_HAS_WORKERS=unknown
# start_edge SNAPDIR WORKERS CPU|any: returns 3 when --workers is needed but the edge lacks it.
start_edge() {
  local snaps=$1 workers=$2 cpu=$3 logfile
  pick_port
  logfile=$(mktemp "$WORK/edge-XXXX.log")
  SERVER_LOG=$logfile
  if [[ $EDGE_HAS_WORKERS != no ]]; then
    launch "$logfile" "$cpu" "${DNSCOVE[@]}" edge --snapshots "$snaps" --listen "127.0.0.1:$PORT" --workers "$workers"
    if [[ $EDGE_HAS_WORKERS == unknown ]]; then
      # An unknown flag is a usage error the CLI reports at once.
      local i
      for ((i = 0; i < 50; i++)); do
        grep -q 'unknown flag --workers' "$logfile" && break
        grep -q 'edge listening' "$logfile" && break
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.1
      done
      if grep -q 'unknown flag --workers' "$logfile"; then
        EDGE_HAS_WORKERS=no
        stop_pid "$PID"
        log "the edge has no --workers flag yet: 1-worker figures use the plain edge, 2-worker figures are n/a"
      else
        EDGE_HAS_WORKERS=yes
        return 0
      fi
    else
      return 0
    fi
  fi
  ((workers == 1)) || return 3
  launch "$logfile" "$cpu" "${DNSCOVE[@]}" edge --snapshots "$snaps" --listen "127.0.0.1:$PORT"
}

# wait_answer NAME TYPE VALUE: waits until the server on PORT answers correctly; prints the epoch ms.
wait_answer() {
  taskset -c "$CLIENT_CPU" "$NODE" "$DIST/wait-answer.js" --port "$PORT" --name "$1" --type "$2" --expect "$3" \
    --timeout "$LOAD_TIMEOUT" --exit-pid "$PID"
}

# Fails loudly with the server's log when it never answers.
require_answer() {
  if ! wait_answer "$@" >/dev/null; then
    log "server on port $PORT never answered $1 $2 = $3; its log:"
    tail -n 20 "$SERVER_LOG" >&2 || true
    return 1
  fi
}
