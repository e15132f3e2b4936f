#!/usr/bin/env bash
# Many-zones benchmark (issue 12): NSD, Knot and the DNSCove edge serving 1,000 to 100,000 small zones:
# start until the last zone answers, memory, and adding, changing and removing one zone under load.
#
# Usage: bench/many-zones.sh                 (ZONES="1000 10000 100000")
#        QUICK=1 bench/many-zones.sh         (ZONES="1000 10000")
# Knobs (environment): ZONES, LOAD_QPS (dnsperf's offered load, 20000), PROBE_QPS (the latency probe's rate, 1000),
# BASELINE (s of load without changes, 5), SETTLE (s between changes, 1), SAMPLE (zones checked besides the last, 50),
# SERVERS ("nsd knot edge"), BASE_PORT (25500), WARMUP (s of unrecorded load after start, 1), BUILD (1: run tsc first),
# LOAD_TIMEOUT (s a server may take to answer every zone, 1800), KEEP_WORK (1: keep the temp dir).
# Helpers: bench/edge/{processes,servers,dnsperf}.sh and bench/many-zones/servers.sh (sourced), and
# bench/many-zones/*.ts (run from dist/bench/many-zones/). See bench/README.md ("Many zones").
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then ZONES=${ZONES:-1000 10000}; else ZONES=${ZONES:-1000 10000 100000}; fi
LOAD_QPS=${LOAD_QPS:-20000}
PROBE_QPS=${PROBE_QPS:-1000}
# NSD runs here without response rate limiting (rrl-ratelimit: 0), and so does the edge: one
# dnsperf and a 1 kHz probe from one address are load, not an attack (bench/edge.sh's rrl section measures RRL).
export DNSCOVE_RRL_RATE=0
BASELINE=${BASELINE:-5}
SETTLE=${SETTLE:-1}
SAMPLE=${SAMPLE:-50}
SERVERS=${SERVERS:-nsd knot edge}
BASE_PORT=${BASE_PORT:-25500}
WARMUP=${WARMUP:-1}
BUILD=${BUILD:-1}
LOAD_TIMEOUT=${LOAD_TIMEOUT:-1800}
KEEP_WORK=${KEEP_WORK:-0}
SERVER_CPU=0
CLIENT_CPU=1
DNSPERF_ARGS=(-c 4 -q 100)
# Control commands may take long with 100,000 zones; knotc's own default timeout is 5 s.
CONTROL_TIMEOUT=600

NSD=/usr/sbin/nsd
KNOTD=/usr/sbin/knotd
NODE=$(command -v node || true)

log() { printf '[many-zones %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ms() { date +%s%3N; }

# --- prerequisites: install nothing, say what is missing -----------------------------------
missing=() packages=()
need() { # need PACKAGE PROGRAM...: notes the programs not found and the package that has them
  local package=$1 program absent=()
  shift
  for program in "$@"; do
    if [[ $program == /* ]]; then [[ -x $program ]] || absent+=("$program"); else command -v "$program" >/dev/null || absent+=("$program"); fi
  done
  if ((${#absent[@]} > 0)); then missing+=("${absent[@]}") && packages+=("$package"); fi
}
need nsd "$NSD" nsd-control nsd-control-setup
need knot "$KNOTD" knotc
need dnsperf dnsperf
need util-linux taskset
need iproute2 ss
if ((${#missing[@]} > 0)); then
  die "missing programs: ${missing[*]}; install them with: apt-get update && apt-get install -y ${packages[*]}"
fi
[[ -n $NODE ]] || die "node (20 or later) is not on PATH"
if (($(nproc) < 2)); then
  log "warning: fewer than 2 CPUs; server and load share core 0 and latencies mean little"
  CLIENT_CPU=0
fi

if [[ $BUILD == 1 ]]; then
  log "building (npx tsc -p tsconfig.json; errors in files under work elsewhere are ignored)"
  (cd "$ROOT" && npx tsc -p tsconfig.json >/dev/null 2>&1) || true
fi
MZ=$ROOT/dist/bench/many-zones
for f in gen-zones wait-zones watch-change latency-probe print-table; do
  [[ -f $MZ/$f.js ]] || die "$MZ/$f.js is missing: build first (npx tsc -p tsconfig.json)"
done
[[ -f $ROOT/dist/bin/cli/main.js ]] || die "dist/bin/cli/main.js is missing: build first (npx tsc -p tsconfig.json)"
DNSCOVE=("$NODE" "$ROOT/bin/dnscove.js")
# bench/edge/servers.sh's wait_answer looks here (this script waits with wait-zones instead).
DIST=$ROOT/dist/bench/edge

# --- temp dir, helpers, process bookkeeping --------------------------------------------------
# shellcheck source=edge/processes.sh
source "$HERE/edge/processes.sh"
# shellcheck source=edge/servers.sh
source "$HERE/edge/servers.sh"
# shellcheck source=edge/dnsperf.sh
source "$HERE/edge/dnsperf.sh"
# shellcheck source=many-zones/servers.sh
source "$HERE/many-zones/servers.sh"
start_bench_work dnscove-many-zones

NSD_KEYS=$WORK/nsd-keys
mkdir -p "$NSD_KEYS"
nsd-control-setup -d "$NSD_KEYS" >/dev/null 2>&1 || die "nsd-control-setup -d $NSD_KEYS failed"

{
  echo "date $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "zones $ZONES"
  echo "servers $SERVERS"
  echo "load_qps $LOAD_QPS"
  echo "probe_qps $PROBE_QPS"
  echo "baseline $BASELINE"
  echo "settle $SETTLE"
  echo "sample $SAMPLE"
  echo "dnsperf ${DNSPERF_ARGS[*]}"
  echo "cpus $(nproc)"
  echo "load_start $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$RES/meta"

# start_load OUT_PREFIX ZONES [SECONDS]: dnsperf at LOAD_QPS and the latency probe at PROBE_QPS, both on
# CLIENT_CPU, in the background; without SECONDS they run until finish_load stop.
start_load() {
  local out=$1 zones=$2 secs=${3:-}
  taskset -c "$CLIENT_CPU" dnsperf -s 127.0.0.1 -p "$PORT" -d "$GEN/queries.txt" -l "${secs:-3600}" -Q "$LOAD_QPS" "${DNSPERF_ARGS[@]}" \
    >"$out-dnsperf.txt" 2>&1 &
  LOAD_DNSPERF=$!
  PIDS+=("$LOAD_DNSPERF")
  local limit=()
  [[ -z $secs ]] || limit=(--seconds "$secs")
  taskset -c "$CLIENT_CPU" "$NODE" "$MZ/latency-probe.js" --port "$PORT" --zones "$zones" --rate "$PROBE_QPS" "${limit[@]}" \
    >"$out-probe.json" 2>"$out-probe.err" &
  LOAD_PROBE=$!
  PIDS+=("$LOAD_PROBE")
}

# finish_load [stop]: waits for the load; with "stop" interrupts it first (dnsperf prints its statistics on SIGINT).
finish_load() {
  if [[ ${1:-} == stop ]]; then
    kill -INT "$LOAD_DNSPERF" 2>/dev/null || true
    kill -TERM "$LOAD_PROBE" 2>/dev/null || true
  fi
  wait "$LOAD_DNSPERF" 2>/dev/null || true
  forget_pid "$LOAD_DNSPERF"
  wait "$LOAD_PROBE" 2>/dev/null || true
  forget_pid "$LOAD_PROBE"
}

# change SERVER KIND OUT: makes one change (add | change | remove) the server's own way, timed by watch-change.
change() {
  local s=$1 kind=$2 out=$3 expect=() action=()
  case $kind in
    add) expect=(--name "${M[add_name]}" --type A --expect "${M[add_value]}") ;;
    change) expect=(--name "${M[change_name]}" --type A --expect "${M[change_value]}") ;;
    remove) expect=(--name "${M[remove_name]}" --type A --expect-rcode 5) ;; # REFUSED: a zone not served
  esac
  local knotc="knotc -t $CONTROL_TIMEOUT -s ${KNOT_SOCK:-}" nsdc="nsd-control -c ${NSD_CONF:-}"
  case $s/$kind in
    # The edge: publish as the control plane does (temp name, rename) and delete to remove.
    edge/add)
      cp "$GEN/stage/add.snap" "$SNAPS/.tmp-bench-add"
      action=(--rename "$SNAPS/.tmp-bench-add" --to "$SNAPS/${M[add_snap]}") ;;
    edge/change)
      cp "$GEN/stage/change-v1.snap" "$SNAPS/.tmp-bench-change"
      action=(--rename "$SNAPS/.tmp-bench-change" --to "$SNAPS/${M[change_snap]}") ;;
    edge/remove) action=(--unlink "$SNAPS/${M[remove_snap]}") ;;
    # NSD and Knot read zone files only when told to, so the file is put in place before the clock starts.
    nsd/add)
      cp "$GEN/stage/add.zone" "$GEN/zones/${M[add_file]}"
      action=(--run "$nsdc addzone ${M[add_zone]%.} many") ;;
    nsd/change)
      cp "$GEN/stage/change-v1.zone" "$GEN/zones/${M[change_file]}"
      action=(--run "$nsdc reload ${M[change_zone]%.}") ;;
    nsd/remove) action=(--run "$nsdc delzone ${M[remove_zone]%.}") ;;
    knot/add)
      cp "$GEN/stage/add.zone" "$GEN/zones/${M[add_file]}"
      action=(--run "$knotc conf-begin && $knotc conf-set 'zone[${M[add_zone]}]' && $knotc conf-commit") ;;
    knot/change)
      cp "$GEN/stage/change-v1.zone" "$GEN/zones/${M[change_file]}"
      action=(--run "$knotc zone-reload ${M[change_zone]}") ;;
    knot/remove) action=(--run "$knotc conf-begin && $knotc conf-unset 'zone[${M[remove_zone]}]' && $knotc conf-commit") ;;
  esac
  if ! taskset -c "$CLIENT_CPU" "$NODE" "$MZ/watch-change.js" --port "$PORT" "${expect[@]}" "${action[@]}" --timeout "$CONTROL_TIMEOUT" >"$out"; then
    tail -n 5 "$SERVER_LOG" >&2 || true
    echo '{"failed":true}' >"$out"
    log "$s: the $kind was not served"
  fi
  echo "--- $s $kind: $(cat "$out")"
}

# Puts the zone files and snapshots back as generated, so every server starts from the same zones.
reset_zones() {
  rm -f "$GEN/zones/${M[add_file]}" "$GEN/snap/${M[add_snap]}" "$GEN/snap"/.tmp-bench-*
  cp "$GEN/stage/change-v0.zone" "$GEN/zones/${M[change_file]}"
  cp "$GEN/stage/change-v0.snap" "$GEN/snap/${M[change_snap]}"
  cp "$GEN/stage/remove.zone" "$GEN/zones/${M[remove_file]}"
  cp "$GEN/stage/remove.snap" "$GEN/snap/${M[remove_snap]}"
}

log "work dir $WORK; ZONES=\"$ZONES\" SERVERS=\"$SERVERS\" LOAD_QPS=$LOAD_QPS PROBE_QPS=$PROBE_QPS"
for N in $ZONES; do
  GEN=$WORK/gen-$N
  log "$N zones: generating"
  "$NODE" "$MZ/gen-zones.js" --zones "$N" --out "$GEN" >&2
  declare -A M=()
  while read -r k v; do M[$k]=$v; done <"$GEN/meta"
  mkdir -p "$RES/$N"
  cp "$GEN/meta" "$RES/$N/gen"
  SNAPS=$GEN/snap
  for s in $SERVERS; do
    reset_zones
    R=$RES/$N/$s
    mkdir -p "$R"
    log "$N zones: $s on core $SERVER_CPU; waiting for zone $N and $SAMPLE others to answer"
    case $s in
      nsd) start_nsd_many "$GEN" "$SERVER_CPU" ;;
      knot) start_knot_many "$GEN" "$SERVER_CPU" ;;
      edge) start_edge "$SNAPS" 1 "$SERVER_CPU" || die "cannot start the edge" ;;
      *) die "unknown server $s (SERVERS takes nsd, knot, edge)" ;;
    esac
    t0=$LAUNCH_MS
    if ! answered=$(taskset -c "$CLIENT_CPU" "$NODE" "$MZ/wait-zones.js" --port "$PORT" --zones "$N" --sample "$SAMPLE" \
      --timeout "$LOAD_TIMEOUT" --exit-pid "$PID"); then
      tail -n 20 "$SERVER_LOG" >&2 || true
      die "$s never answered all of its $N zones"
    fi
    read -r last_ms all_ms <<<"$answered"
    sleep 1 # let the tree settle (NSD's children, Knot's threads) before reading RSS
    rss=$(tree_rss_kb "$PID")
    {
      echo "last_ms $((last_ms - t0))"
      echo "all_ms $((all_ms - t0))"
      echo "rss_kb $rss"
      if [[ $s == edge ]]; then
        echo "loader_ms $(sed -n 's/.*"edge: snapshots loaded".*"ms":\([0-9]*\).*/\1/p' "$SERVER_LOG" | head -n 1)"
      fi
    } >"$R/start"
    echo "--- $N zones, $s: zone $N answered $((last_ms - t0)) ms after spawn, it and $SAMPLE others by $((all_ms - t0)) ms; RSS $rss kB"

    warm_up "$GEN/queries.txt"
    log "$N zones: $s baseline, ${BASELINE} s of dnsperf -Q $LOAD_QPS and the probe at $PROBE_QPS/s"
    start_load "$R/base" "$N" "$BASELINE"
    finish_load
    log "$N zones: $s add, change, remove under the same load"
    start_load "$R/changes" "$N"
    sleep "$SETTLE"
    for kind in add change remove; do
      change "$s" "$kind" "$R/$kind.json"
      sleep "$SETTLE"
    done
    finish_load stop
    for w in base changes; do
      echo "--- $N zones, $s, $w window: probe $(cat "$R/$w-probe.json" 2>/dev/null || echo failed)"
      raw_lines "$R/$w-dnsperf.txt" | sed 's/^/  /' || tail -n 3 "$R/$w-dnsperf.txt"
    done
    stop_pid "$PID"
  done
  reset_zones
  # Each size's files go once it is done (100,000 zones are 200,000 files), unless KEEP_WORK.
  [[ $KEEP_WORK == 1 ]] || rm -rf "$GEN"
done

echo "load_end $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RES/meta"
echo
"$NODE" "$MZ/print-table.js" "$RES"
