#!/usr/bin/env bash
# Edge benchmark (issue 6): NSD, Knot and the DNSCove edge under the same dnsperf load, big-zone load, reload under load.
#
# Usage: bench/edge.sh            (full run, roughly 15 minutes)
#        QUICK=1 bench/edge.sh    (smoke run: 3 s per dnsperf run, one round, smaller zones)
# Knobs (environment): DURATION (s per dnsperf run, 10), ROUNDS (3), QUICK, BIG_RECORDS (1000000),
# RELOAD_RECORDS (100000), RELOAD_VERSIONS (10), RELOAD_QPS (half the edge's measured mix rate),
# LAT_QPS (offered load for the latency comparison, 20000), LAT_ROUNDS (its interleaved rounds, max(ROUNDS, 5)), BASE_PORT (25300), WARMUP (s of unrecorded load after each start, 1), BUILD (1: run tsc first),
# KEEP_WORK (1: keep the temp dir), SECTIONS ("throughput workers big reload rrl": which parts to run),
# RRL_SOURCES (client networks in the rrl section, 16).
# Helpers: bench/edge/*.sh (sourced) and bench/edge/*.ts (run from dist/bench/edge/).
# See bench/README.md ("Edge") for how to read the table.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
  DURATION=${DURATION:-3} ROUNDS=${ROUNDS:-1} BIG_RECORDS=${BIG_RECORDS:-100000} RELOAD_RECORDS=${RELOAD_RECORDS:-20000}
else
  DURATION=${DURATION:-10} ROUNDS=${ROUNDS:-3} BIG_RECORDS=${BIG_RECORDS:-1000000} RELOAD_RECORDS=${RELOAD_RECORDS:-100000}
fi
RELOAD_VERSIONS=${RELOAD_VERSIONS:-10}
RELOAD_QPS=${RELOAD_QPS:-}
# The fixed offered load (queries/s) at which every server's latency is compared.
LAT_QPS=${LAT_QPS:-20000}
LAT_ROUNDS=${LAT_ROUNDS:-$((ROUNDS > 5 ? ROUNDS : 5))}
BASE_PORT=${BASE_PORT:-25300}
BUILD=${BUILD:-1}
KEEP_WORK=${KEEP_WORK:-0}
SECTIONS=${SECTIONS:-throughput signed workers big reload rrl}
RRL_SOURCES=${RRL_SOURCES:-16}
# NSD runs without response rate limiting in every section but "rrl", and so does the edge:
# one dnsperf from one address asks the same names thousands of times a second, which RRL
# (rightly) cuts. The rrl section turns it on in both, from many client networks.
export DNSCOVE_RRL_RATE=0
LOAD_TIMEOUT=${LOAD_TIMEOUT:-600}
WARMUP=${WARMUP:-1}
SERVER_CPU=0
CLIENT_CPU=1
DNSPERF_ARGS=(-c 4 -q 100)
# dnsperf's default: a query without a reply after this many seconds counts as lost.
DNSPERF_TIMEOUT=5

NSD=/usr/sbin/nsd
KNOTD=/usr/sbin/knotd
NODE=$(command -v node || true)

log() { printf '[edge-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ms() { date +%s%3N; }

# --- prerequisites: install nothing, say what is missing -----------------------------------
missing=()
[[ -x $NSD ]] || missing+=(nsd)
[[ -x $KNOTD ]] || missing+=(knot)
command -v dnsperf >/dev/null || missing+=(dnsperf)
command -v taskset >/dev/null || missing+=(util-linux)
if ((${#missing[@]} > 0)); then
  die "missing programs; install them with: apt-get update && apt-get install -y ${missing[*]}"
fi
[[ -n $NODE ]] || die "node (20 or later) is not on PATH"
if (($(nproc) < 2)); then
  log "warning: fewer than 2 CPUs; server and dnsperf share core 0 and ratios mean little"
  CLIENT_CPU=0
fi

if [[ $BUILD == 1 ]]; then
  log "building (npx tsc -p tsconfig.json; errors in files under work elsewhere are ignored)"
  (cd "$ROOT" && npx tsc -p tsconfig.json >/dev/null 2>&1) || true
fi
DIST=$ROOT/dist/bench/edge
for f in gen-zone gen-queries wait-answer verify-reload print-table sign-zone; do
  [[ -f $DIST/$f.js ]] || die "$DIST/$f.js is missing: build first (npx tsc -p tsconfig.json)"
done
[[ -f $ROOT/dist/bin/cli/main.js ]] || die "dist/bin/cli/main.js is missing: build first (npx tsc -p tsconfig.json)"
DNSCOVE=("$NODE" "$ROOT/bin/dnscove.js")

# --- temp dir, helpers, process bookkeeping --------------------------------------------------
# shellcheck source=edge/processes.sh
source "$HERE/edge/processes.sh"
# shellcheck source=edge/servers.sh
source "$HERE/edge/servers.sh"
# shellcheck source=edge/dnsperf.sh
source "$HERE/edge/dnsperf.sh"
start_bench_work dnscove-edge-bench

cat >"$RES/meta" <<EOF
date $(date -u +%Y-%m-%dT%H:%MZ)
duration $DURATION
rounds $ROUNDS
quick $QUICK
dnsperf ${DNSPERF_ARGS[*]}
cpus $(nproc)
load_start $(cut -d' ' -f1-3 /proc/loadavg)
big_records $BIG_RECORDS
reload_records $RELOAD_RECORDS
lat_qps $LAT_QPS
lat_rounds $LAT_ROUNDS
reload_versions $RELOAD_VERSIONS
EOF

# --- generate ---------------------------------------------------------------------------------
log "work dir $WORK; DURATION=$DURATION ROUNDS=$ROUNDS QUICK=$QUICK"
GEN=$WORK/gen
mkdir -p "$GEN/mix-snap"
read -r _ PROBE_NAME PROBE_TYPE PROBE_VALUE < <("$NODE" "$DIST/gen-zone.js" mix --out "$GEN/mix.zone")
for q in mix hits halfnx; do "$NODE" "$DIST/gen-queries.js" "$q" --out "$GEN/$q.txt" --lines 100000; done
"${DNSCOVE[@]}" snapshot build --zone "$GEN/mix.zone" --out "$GEN/mix-snap" >/dev/null
MIX_ORIGIN=bench.example.
PROBE=("$PROBE_NAME" "$PROBE_TYPE" "$PROBE_VALUE")

start_server() { # start_server nsd|knot|edge CPU [count]: the mix zone
  case $1 in
    nsd) start_nsd "$GEN/mix.zone" "$MIX_ORIGIN" "${3:-1}" "$2" ;;
    knot) start_knot "$GEN/mix.zone" "$MIX_ORIGIN" "$2" ;;
    edge) start_edge "$GEN/mix-snap" "${3:-1}" "$2" ;;
  esac
}

# --- 1. throughput, one core each -----------------------------------------------------------
if [[ " $SECTIONS " == *" throughput "* ]]; then
  log "throughput: server on core $SERVER_CPU, dnsperf on core $CLIENT_CPU, $ROUNDS round(s) of ${DURATION}s runs"
  for ((r = 1; r <= ROUNDS; r++)); do
    for s in nsd knot edge; do
      start_server "$s" "$SERVER_CPU"
      require_answer "${PROBE[@]}"
      warm_up "$GEN/mix.txt"
      for q in mix hits halfnx; do
        run_dnsperf "$RES/tput/udp-$q/$s/r$r.txt" "udp-$q $s round $r" "$GEN/$q.txt"
      done
      run_dnsperf "$RES/tput/tcp-mix/$s/r$r.txt" "tcp-mix $s round $r" "$GEN/mix.txt" -m tcp
      stop_pid "$PID"
    done
  done

  # Latency is compared at one offered load with the three servers running side by side and
  # their runs interleaved, so a burst of load from elsewhere on the machine hits each alike.
  log "latency: udp mix at $LAT_QPS queries/s, servers side by side on core $SERVER_CPU, $LAT_ROUNDS interleaved round(s)"
  declare -A LAT_PORT LAT_PID
  for s in nsd knot edge; do
    start_server "$s" "$SERVER_CPU"
    require_answer "${PROBE[@]}"
    warm_up "$GEN/mix.txt"
    LAT_PORT[$s]=$PORT
    LAT_PID[$s]=$PID
  done
  for ((r = 1; r <= LAT_ROUNDS; r++)); do
    for s in nsd knot edge; do
      PORT=${LAT_PORT[$s]}
      run_dnsperf "$RES/tput/udp-mix-rate/$s/r$r.txt" "udp-mix-rate $s round $r" "$GEN/mix.txt" -Q "$LAT_QPS"
    done
  done
  for s in nsd knot edge; do stop_pid "${LAT_PID[$s]}"; done
fi

# --- 1b. signed: the mix zone signed (NSEC3), the same pre-signed file in NSD and the edge, DO=1 ---
if [[ " $SECTIONS " == *" signed "* ]]; then
  log "signed: the mix zone signed, udp mix with DO=1 (dnsperf -D), server on core $SERVER_CPU, $ROUNDS round(s)"
  "$NODE" "$DIST/sign-zone.js" --in "$GEN/mix.zone" --origin "$MIX_ORIGIN" --out "$GEN/mix-signed.zone"
  mkdir -p "$GEN/mix-signed-snap"
  "${DNSCOVE[@]}" snapshot build --zone "$GEN/mix-signed.zone" --out "$GEN/mix-signed-snap" >/dev/null
  for ((r = 1; r <= ROUNDS; r++)); do
    for s in nsd edge; do
      case $s in
        nsd) start_nsd "$GEN/mix-signed.zone" "$MIX_ORIGIN" 1 "$SERVER_CPU" ;;
        edge) start_edge "$GEN/mix-signed-snap" 1 "$SERVER_CPU" ;;
      esac
      require_answer "${PROBE[@]}"
      warm_up "$GEN/mix.txt"
      run_dnsperf "$RES/tput/udp-mix-do/$s/r$r.txt" "signed udp-mix DO=1 $s round $r" "$GEN/mix.txt" -D
      stop_pid "$PID"
    done
  done
fi

# --- 2. two processes -------------------------------------------------------------------------
if [[ " $SECTIONS " == *" workers "* ]]; then
  log "workers: servers unpinned with 1 and 2 processes, dnsperf on core $CLIENT_CPU, udp mix"
  for ((r = 1; r <= ROUNDS; r++)); do
    for s in nsd edge; do
      for n in 1 2; do
        status=0
        start_server "$s" any "$n" || status=$?
        if ((status == 3)); then
          mkdir -p "$RES/workers/$s-$n" && echo "--workers not supported" >"$RES/workers/$s-$n/na"
          echo "--- workers udp-mix $s x$n round $r: n/a (edge has no --workers)"
          continue
        fi
        ((status == 0)) || die "cannot start $s with $n processes"
        require_answer "${PROBE[@]}"
        warm_up "$GEN/mix.txt"
        run_dnsperf "$RES/workers/$s-$n/r$r.txt" "workers udp-mix $s x$n round $r" "$GEN/mix.txt"
        stop_pid "$PID"
      done
    done
  done
fi

# --- 3. big zone: load time and memory ----------------------------------------------------------
if [[ " $SECTIONS " == *" big "* ]]; then
  log "big zone: $BIG_RECORDS records"
  mkdir -p "$RES/big" "$GEN/big-snap"
  t0=$(now_ms)
  read -r _ BIG_NAME BIG_TYPE BIG_VALUE < <("$NODE" "$DIST/gen-zone.js" big --records "$BIG_RECORDS" --out "$GEN/big.zone")
  echo "generate_ms $(($(now_ms) - t0))" >>"$RES/big/prep"
  t0=$(now_ms)
  taskset -c "$SERVER_CPU" "${DNSCOVE[@]}" snapshot build --zone "$GEN/big.zone" --out "$GEN/big-snap" >/dev/null
  echo "compile_ms $(($(now_ms) - t0))" >>"$RES/big/prep"
  echo "zone_bytes $(stat -c %s "$GEN/big.zone")" >>"$RES/big/prep"
  echo "snapshot_bytes $(cat "$GEN"/big-snap/*.snap | wc -c)" >>"$RES/big/prep"
  cat "$RES/big/prep"
  for ((r = 1; r <= ROUNDS; r++)); do
    for s in nsd knot edge; do
      case $s in
        nsd) start_nsd "$GEN/big.zone" big.example. 1 "$SERVER_CPU" ;;
        knot) start_knot "$GEN/big.zone" big.example. "$SERVER_CPU" ;;
        edge) start_edge "$GEN/big-snap" 1 "$SERVER_CPU" ;;
      esac
      # The wait runs in the background so the edge's "edge listening" line can be timed too.
      t0=$LAUNCH_MS
      wait_answer "$BIG_NAME" "$BIG_TYPE" "$BIG_VALUE" >"$WORK/answered" 2>"$WORK/answer-err" &
      waiter=$!
      PIDS+=("$waiter")
      listen_ms=
      while kill -0 "$waiter" 2>/dev/null; do
        if [[ $s == edge && -z $listen_ms ]] && grep -q 'edge listening' "$SERVER_LOG"; then listen_ms=$(($(now_ms) - t0)); fi
        sleep 0.02
      done
      waited=0
      wait "$waiter" || waited=$?
      forget_pid "$waiter"
      if ((waited != 0)); then
        cat "$WORK/answer-err" >&2
        tail -n 20 "$SERVER_LOG" >&2 || true
        die "$s never answered the big zone's probe"
      fi
      load_ms=$(($(<"$WORK/answered") - t0))
      sleep 1 # let the tree settle (NSD's children, Knot's threads) before reading RSS
      rss=$(tree_rss_kb "$PID")
      mkdir -p "$RES/big/$s"
      {
        echo "load_ms $load_ms"
        echo "rss_kb $rss"
        if [[ -n $listen_ms ]]; then echo "listen_ms $listen_ms"; fi
      } >"$RES/big/$s/r$r"
      echo "--- big $s round $r: first correct answer after ${load_ms} ms${listen_ms:+ (listening after ${listen_ms} ms)}, RSS ${rss} kB"
      stop_pid "$PID"
    done
  done
fi

# --- 4. reload under load ----------------------------------------------------------------------
if [[ " $SECTIONS " == *" reload "* ]]; then
  if [[ -z $RELOAD_QPS ]]; then
    # Half the edge's own measured mix rate: heavy, but below the point where queries queue up.
    rates=$(for f in "$RES"/tput/udp-mix/edge/r*.txt; do [[ -f $f ]] && qps_of "$f"; done | sort -n || true)
    median=$(echo "$rates" | awk 'NF {a[n++] = $1} END {if (n) print a[int((n - 1) / 2)]}')
    RELOAD_QPS=$(( ${median:-20000} / 2 ))
    ((RELOAD_QPS >= 1000)) || RELOAD_QPS=1000
  fi
  log "reload under load: $RELOAD_RECORDS records, $RELOAD_VERSIONS new versions, dnsperf -Q $RELOAD_QPS"
  RL=$WORK/reload
  mkdir -p "$RL/serve" "$RES/reload"
  for ((v = 0; v <= RELOAD_VERSIONS; v++)); do
    "$NODE" "$DIST/gen-zone.js" reload --records "$RELOAD_RECORDS" --version "$v" --out "$RL/v$v.zone" >/dev/null
    "${DNSCOVE[@]}" snapshot build --zone "$RL/v$v.zone" --out "$RL/v$v" >/dev/null
  done
  SNAP_NAME=$(basename "$(ls "$RL"/v0/*.snap)")
  cp "$RL/v0/$SNAP_NAME" "$RL/serve/$SNAP_NAME"
  "$NODE" "$DIST/gen-queries.js" reload --records "$RELOAD_RECORDS" --out "$RL/queries.txt" --lines 100000
  start_edge "$RL/serve" 1 "$SERVER_CPU"
  EDGE_PID=$PID
  # Version v's serial is 1000 + v (SERIAL_BASE in bench/edge/reload-zone.ts).
  require_answer reload.example. SOA 1000
  taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$PORT" -d "$RL/queries.txt" -l 3600 -Q "$RELOAD_QPS" "${DNSPERF_ARGS[@]}" \
    >"$RES/reload/dnsperf.txt" 2>&1 &
  DNSPERF_PID=$!
  PIDS+=("$DNSPERF_PID")
  taskset -c "$CLIENT_CPU" "$NODE" "$DIST/verify-reload.js" --port "$PORT" --records "$RELOAD_RECORDS" --max-version "$RELOAD_VERSIONS" \
    >"$RES/reload/verify.json" 2>"$RL/verify.err" &
  VERIFY_PID=$!
  PIDS+=("$VERIFY_PID")
  sleep 2
  for ((v = 1; v <= RELOAD_VERSIONS; v++)); do
    # Publish as the control plane does: a temp name the edge ignores, then rename over the file.
    cp "$RL/v$v/$SNAP_NAME" "$RL/serve/.tmp-$SNAP_NAME"
    t0=$(now_ms)
    mv "$RL/serve/.tmp-$SNAP_NAME" "$RL/serve/$SNAP_NAME"
    PID=$EDGE_PID
    if ! t1=$(wait_answer reload.example. SOA $((1000 + v))); then
      tail -n 20 "$SERVER_LOG" >&2 || true
      die "the edge never served version $v"
    fi
    echo "$((t1 - t0))" >>"$RES/reload/publish-ms"
    echo "--- reload: version $v served $((t1 - t0)) ms after the rename"
    sleep 1
  done
  # A query dropped during the last reload only counts as lost once its timeout has passed.
  sleep $((DNSPERF_TIMEOUT + 1))
  kill -INT "$DNSPERF_PID" 2>/dev/null || true
  wait "$DNSPERF_PID" 2>/dev/null || true
  forget_pid "$DNSPERF_PID"
  kill -TERM "$VERIFY_PID" 2>/dev/null || true
  wait "$VERIFY_PID" 2>/dev/null || true
  forget_pid "$VERIFY_PID"
  {
    echo "qps $RELOAD_QPS"
    # The edge logs one "snapshots loaded" summary for what it finds at start, then one "zone loaded" per change.
    echo "initial_loads $(grep -c 'edge: snapshots loaded' "$SERVER_LOG" || true)"
    echo "loads $(grep -c 'edge: zone loaded' "$SERVER_LOG" || true)"
  } >"$RES/reload/meta"
  echo "--- reload dnsperf (-Q $RELOAD_QPS)"
  raw_lines "$RES/reload/dnsperf.txt" || tail -n 5 "$RES/reload/dnsperf.txt"
  echo "--- reload verifier: $(cat "$RES/reload/verify.json")"
  if [[ -s $RL/verify.err ]]; then cat "$RL/verify.err" >&2; fi
  stop_pid "$EDGE_PID"
fi

# --- 5. response rate limiting: its cost to legitimate load -----------------------------------
if [[ " $SECTIONS " == *" rrl "* ]]; then
  # Legitimate load: each client network asks the all-hits workload at its own pace, so no
  # (network, name, type) comes near 200/s; what is measured is what RRL's bookkeeping costs.
  # (The mix's NXDOMAINs, 20% of a client's thousands a second, are one bucket per network:
  # RRL cuts those, in NSD as here, which is its job, not its cost.)
  log "rrl: udp hits from $RRL_SOURCES client networks (127.0.N.1), RRL off and on (200/s per network, name and type: NSD's default), server on core $SERVER_CPU"
  for ((r = 1; r <= ROUNDS; r++)); do
    for s in nsd edge; do
      for mode in off on; do
        rate=0
        [[ $mode == on ]] && rate=200
        NSD_RRL=$rate DNSCOVE_RRL_RATE=$rate start_server "$s" "$SERVER_CPU"
        require_answer "${PROBE[@]}"
        warm_up "$GEN/hits.txt"
        run_dnsperf_sources "$RES/rrl/$s-$mode/r$r" "rrl $s $mode round $r" "$GEN/hits.txt" "$RRL_SOURCES"
        stop_pid "$PID"
      done
    done
  done
  print_rrl_table "$RES/rrl"
fi

echo "load_end $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RES/meta"
echo
"$NODE" "$DIST/print-table.js" "$RES"
