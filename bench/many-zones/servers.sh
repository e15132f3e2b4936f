# Server starters for bench/many-zones.sh (sourced): NSD and Knot serving every generated zone, with their control channels.
# Uses WORK, NSD, KNOTD, NSD_KEYS from many-zones.sh and launch/pick_port from bench/edge/processes.sh.
# The edge needs nothing new: start_edge from bench/edge/servers.sh serves a snapshot directory.

# start_nsd_many GEN CPU: NSD (server-count 1, settings as bench/edge/servers.sh) with every zone of GEN
# in its zone list under pattern "many", and remote control on its own port; sets NSD_CONF.
start_nsd_many() {
  local gen=$1 cpu=$2 dir control_port
  pick_port
  local port=$PORT
  pick_port
  control_port=$PORT
  PORT=$port
  dir=$(mktemp -d "$WORK/nsd-XXXX")
  # NSD rewrites its zone list on addzone/delzone, so each run gets a fresh copy.
  cp "$gen/nsd-zone.list" "$dir/zone.list"
  cat >"$dir/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1@$PORT
  server-count: 1
  username: ""
  database: ""
  pidfile: "$dir/nsd.pid"
  xfrdfile: "$dir/xfrd.state"
  zonelistfile: "$dir/zone.list"
  logfile: "$dir/nsd.log"
  verbosity: 1
  do-ip6: no
  minimal-responses: yes
  rrl-ratelimit: 0
  hide-version: yes
remote-control:
  control-enable: yes
  control-interface: 127.0.0.1
  control-port: $control_port
  server-key-file: "$NSD_KEYS/nsd_server.key"
  server-cert-file: "$NSD_KEYS/nsd_server.pem"
  control-key-file: "$NSD_KEYS/nsd_control.key"
  control-cert-file: "$NSD_KEYS/nsd_control.pem"
pattern:
  name: "many"
  zonefile: "$gen/zones/%s.zone"
CONF
  NSD_CONF=$dir/nsd.conf
  launch "$dir/stderr.log" "$cpu" "$NSD" -d -c "$dir/nsd.conf"
  SERVER_LOG=$dir/nsd.log
}

# start_knot_many GEN CPU: Knot (1 UDP and 1 TCP worker, as bench/edge/servers.sh) with every zone of GEN
# through a default template (zone files by name, no journal), and its control socket; sets KNOT_SOCK.
start_knot_many() {
  local gen=$1 cpu=$2 dir
  pick_port
  dir=$(mktemp -d "$WORK/knot-XXXX")
  KNOT_SOCK=$dir/knot.sock
  cat >"$dir/knot.conf" <<CONF
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
control:
  listen: "$KNOT_SOCK"
template:
  - id: default
    storage: "$gen/zones"
    file: "%s.zone"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
include: "$gen/knot-zones.conf"
CONF
  launch "$dir/knotd.log" "$cpu" "$KNOTD" -c "$dir/knot.conf"
  SERVER_LOG=$dir/knotd.log
}
