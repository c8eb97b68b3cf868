# OpenStack Swift with the s3api middleware: the S3 server the tests talk to. It checks SigV4
# signatures, so auth and presigned-URL tests mean something. Four processes, one device, one replica.
# Sourced.

SWIFT_PYTHON=/usr/bin/python3 # Swift's tools need Debian's python, not whatever python3 is first on PATH
SWIFT_HOME="$STATE_DIR/swift"
SWIFT_ETC="$SWIFT_HOME/etc"
SWIFT_DEVICES="$SWIFT_HOME/srv"
SWIFT_SERVERS=(account container object proxy)

swift_port() {
  case $1 in
    account) echo "$SWIFT_ACCOUNT_PORT" ;;
    container) echo "$SWIFT_CONTAINER_PORT" ;;
    object) echo "$SWIFT_OBJECT_PORT" ;;
    proxy) echo "$S3_PORT" ;;
  esac
}

swift_conf_file() { echo "$SWIFT_ETC/$1-server.conf"; }
swift_pidfile() { echo "$RUN_DIR/swift-$1.pid"; }
swift_log() { echo "$LOG_DIR/swift-$1.log"; }

# Settings every server shares. Logs go to the console (-v, redirected to a file); the syslog
# fallback goes to a port of ours where nothing listens.
swift_default_section() {
  cat <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $(swift_port "$1")
# One process per server, no forked workers: its PID is the one we stop.
workers = 0
user = $(id -un)
swift_dir = $SWIFT_ETC
devices = $SWIFT_DEVICES
mount_check = false
disable_fallocate = true
log_name = swift-$1
log_udp_host = 127.0.0.1
log_udp_port = $SWIFT_SYSLOG_UDP_PORT
CONF
}

swift_write_config() {
  mkdir -p "$SWIFT_ETC" "$SWIFT_DEVICES/d1"
  cat >"$SWIFT_ETC/swift.conf" <<CONF
[swift-hash]
swift_hash_path_suffix = $SWIFT_HASH_SUFFIX
swift_hash_path_prefix = bench

[storage-policy:0]
name = Policy-0
default = yes
CONF
  local kind
  for kind in account container object; do
    {
      swift_default_section "$kind"
      cat <<CONF

[pipeline:main]
pipeline = healthcheck $kind-server

[app:$kind-server]
use = egg:swift#$kind

[filter:healthcheck]
use = egg:swift#healthcheck
CONF
    } >"$(swift_conf_file "$kind")"
  done
  (
    umask 077
    {
      swift_default_section proxy
      cat <<CONF

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
# The answers to those PUTs (and GETs) carry Access-Control-Allow-Origin for any origin (see s3api below);
# per-container CORS metadata would need Swift's own API, whose tokens live in memcache (not run here).
cors_allow_origin = *

[filter:tempauth]
use = egg:swift#tempauth
# S3 access key 'test:tester'; the secret is generated per state dir.
user_test_tester = $S3_SECRET_KEY .admin

[filter:s3api]
use = egg:swift#s3api
location = us-east-1
# Browsers PUT to presigned URLs from the dashboard's origin (the test worker's random loopback port):
# s3api answers their CORS preflight itself (it refuses the S3 ?cors API). A loopback test server only;
# a deployment lists the dashboard's origin (MinIO: MINIO_API_CORS_ALLOW_ORIGIN, docs/deploy.md).
cors_preflight_allow_origin = *

[filter:cache]
use = egg:swift#memcache
# No memcached runs: a port of ours where nothing listens, so lookups miss quickly.
memcache_servers = 127.0.0.1:$SWIFT_MEMCACHE_PORT

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo
CONF
    } >"$(swift_conf_file proxy)"
  )
}

# Rings record each server's port, so they are rebuilt on every start. With one device and one replica
# every partition lands on d1 again: stored objects stay reachable. One python process builds all three
# (swift-ring-builder would take nine, ~0.5 s each).
swift_build_rings() {
  rm -f "$SWIFT_ETC"/*.ring.gz
  if ! "$SWIFT_PYTHON" - "$SWIFT_ETC" "$SWIFT_ACCOUNT_PORT" "$SWIFT_CONTAINER_PORT" "$SWIFT_OBJECT_PORT" \
    >>"$LOG_DIR/swift-rings.log" 2>&1 <<'PY'; then
import os, sys
from swift.common.ring import RingBuilder

etc = sys.argv[1]
for kind, port in zip(("account", "container", "object"), sys.argv[2:5]):
    builder = RingBuilder(6, 1, 1)  # 2^6 partitions, 1 replica, min_part_hours 1
    builder.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": int(port),
                     "device": "d1", "weight": 100})
    builder.rebalance()
    builder.get_ring().save(os.path.join(etc, kind + ".ring.gz"))
PY
    show_log_tail "$LOG_DIR/swift-rings.log"
    die "swift: building the rings failed"
  fi
}

swift_running_pid() { owned_pid "$(swift_pidfile "$1")" "$(swift_conf_file "$1")"; }

swift_start() {
  local kind any_running="" all_running=1
  for kind in "${SWIFT_SERVERS[@]}"; do
    if swift_running_pid "$kind" >/dev/null; then any_running=1; else all_running=""; fi
  done
  if [[ -n $all_running ]]; then
    say "swift: already running (S3 on 127.0.0.1:$S3_PORT)"
    return 0
  fi
  # Partly running (one server died): start clean rather than mix.
  [[ -n $any_running ]] && swift_stop
  for kind in "${SWIFT_SERVERS[@]}"; do
    require_port_free "$(swift_port "$kind")" "swift $kind server"
  done
  swift_write_config
  swift_build_rings
  for kind in "${SWIFT_SERVERS[@]}"; do
    echo "=== $(date -Is) starting swift-$kind-server" >>"$(swift_log "$kind")"
    spawn "$(swift_pidfile "$kind")" "$(swift_log "$kind")" \
      "$SWIFT_PYTHON" "/usr/bin/swift-$kind-server" "$(swift_conf_file "$kind")" -v
  done
  say "swift: starting (S3 on 127.0.0.1:$S3_PORT)"
}

swift_healthy() { curl -fsS -m 2 "http://127.0.0.1:$1/healthcheck" >/dev/null; }

# A SigV4-signed request: proves s3api, tempauth and the whole chain down to the account server.
# The access key holds a ':', which curl's --user would split on: it goes percent-encoded in the
# URL's user part, passed on stdin so the secret stays out of the process list. s3api requires
# x-amz-content-sha256 (here the hash of an empty body).
s3_signed_request() {
  local user=${S3_ACCESS_KEY//:/%3A}
  curl -fsS -m 5 -o /dev/null --aws-sigv4 "aws:amz:us-east-1:s3" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
    -K - <<<"url = \"http://$user:$S3_SECRET_KEY@127.0.0.1:$S3_PORT/\""
}

swift_wait() {
  local kind port
  for kind in "${SWIFT_SERVERS[@]}"; do
    port=$(swift_port "$kind")
    if ! wait_until "swift $kind server" 60 "$(swift_pidfile "$kind")" "$(swift_conf_file "$kind")" \
      swift_healthy "$port"; then
      show_log_tail "$(swift_log "$kind")"
      die "swift: $kind server not healthy on 127.0.0.1:$port"
    fi
  done
  if ! wait_until "swift S3 API" 30 "" "" s3_signed_request; then
    s3_signed_request || true
    show_log_tail "$(swift_log proxy)"
    die "swift: a signed S3 request to 127.0.0.1:$S3_PORT failed"
  fi
  say "swift: ready, S3 on 127.0.0.1:$S3_PORT (logs $LOG_DIR/swift-*.log)"
}

swift_stop() {
  local kind pid pids=()
  for kind in "${SWIFT_SERVERS[@]}"; do
    if pid=$(swift_running_pid "$kind"); then pids+=("$pid"); fi
  done
  if [[ ${#pids[@]} -gt 0 ]]; then
    # Independent processes (each ~1-2 s to exit): stopped together.
    stop_pids "swift servers" 15 "${pids[@]}"
    say "swift: stopped"
  else
    say "swift: not running"
  fi
  for kind in "${SWIFT_SERVERS[@]}"; do rm -f "$(swift_pidfile "$kind")"; done
}

swift_status() {
  local kind rc=0
  for kind in "${SWIFT_SERVERS[@]}"; do
    if swift_running_pid "$kind" >/dev/null; then
      echo "swift $kind: running on 127.0.0.1:$(swift_port "$kind")"
    else
      echo "swift $kind: stopped"
      rc=1
    fi
  done
  return $rc
}

swift_log_files() {
  local kind
  for kind in "${SWIFT_SERVERS[@]}"; do swift_log "$kind"; done
}
