# Process bookkeeping for the shell benchmarks (sourced): start, stop, find and measure what they run.
# Uses PIDS (every PID still to stop on exit), NEXT_PORT and now_ms (set up by start_bench_work and the caller).

# PID and all its descendants (NSD forks; the edge may run worker processes).
tree_pids() {
  local pid=$1 child
  [[ -d /proc/$pid ]] || return 0
  echo "$pid"
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do tree_pids "$child"; done
}

# Sum of VmRSS (kB) over a process tree.
tree_rss_kb() {
  local sum=0 pid kb
  for pid in $(tree_pids "$1"); do
    kb=$(awk '/^VmRSS:/ {print $2}' /proc/"$pid"/status 2>/dev/null || true)
    sum=$((sum + ${kb:-0}))
  done
  echo "$sum"
}

# Stops one process we started and whatever it forked: SIGTERM, up to 10 s, then SIGKILL.
stop_pid() {
  local pid=$1 tree i p
  tree=$(tree_pids "$pid")
  if [[ -z $tree ]]; then
    wait "$pid" 2>/dev/null || true
    forget_pid "$pid"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  for p in $tree; do kill -KILL "$p" 2>/dev/null || true; done
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}

# Drops a PID from the cleanup list once it is gone, so a recycled number is never signalled.
forget_pid() {
  local keep=() p
  for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}

# Sets PORT to a port no UDP or TCP socket on this host uses.
pick_port() {
  while ss -Hlnut "( sport = :$NEXT_PORT )" 2>/dev/null | grep -q .; do NEXT_PORT=$((NEXT_PORT + 1)); done
  PORT=$NEXT_PORT
  NEXT_PORT=$((NEXT_PORT + 1))
}

# launch LOGFILE CPU|any CMD...: starts CMD in the background (pinned unless "any"); sets PID.
launch() {
  local logfile=$1 cpu=$2
  shift 2
  if [[ $cpu == any ]]; then "$@" >"$logfile" 2>&1 &
  else taskset -c "$cpu" "$@" >"$logfile" 2>&1 &
  fi
  PID=$!
  LAUNCH_MS=$(now_ms)
  PIDS+=("$PID")
}

# Sets up a benchmark's temp work directory (WORK, RES), its PID list and port counter, and the
# traps that stop every process it started and remove WORK on exit (KEEP_WORK=1 keeps it).
# $1: the directory name's prefix. Needs log and BASE_PORT from the caller.
start_bench_work() {
  WORK=$(mktemp -d "/tmp/$1-XXXXXX")
  RES=$WORK/results
  mkdir -p "$RES"
  PIDS=()
  NEXT_PORT=$BASE_PORT
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  if [[ $KEEP_WORK == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
