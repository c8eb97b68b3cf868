# RabbitMQ 3.10: our own node and our own epmd, every path and port set per instance. Sourced.
# Started first and in the background (the node boots in 5-13 s); rabbit_wait checks it last.

RABBIT_BIN=/usr/lib/rabbitmq/bin
RABBIT_HOME="$STATE_DIR/rabbitmq"
RABBIT_LOG="$LOG_DIR/rabbitmq.log"
EPMD_LOG="$LOG_DIR/epmd.log"
RABBIT_WRAPPER_PIDFILE="$RUN_DIR/rabbitmq.pid"
RABBIT_BEAM_PIDFILE="$RABBIT_HOME/beam.pid"
EPMD_PIDFILE="$RUN_DIR/epmd.pid"
RABBIT_NODENAME="bench$AMQP_PORT@localhost"

# The environment RabbitMQ's scripts and the Erlang VM read; nothing falls back to /etc or /var/lib.
RABBIT_ENV=(
  env HOME="$RABBIT_HOME/home"
    RABBITMQ_NODENAME="$RABBIT_NODENAME"
    RABBITMQ_USE_LONGNAME=false
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    RABBITMQ_NODE_PORT="$AMQP_PORT"
    RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT"
    ERL_EPMD_PORT="$EPMD_PORT"
    ERL_EPMD_ADDRESS=127.0.0.1
    RABBITMQ_MNESIA_BASE="$RABBIT_HOME/mnesia"
    RABBITMQ_LOG_BASE="$RABBIT_HOME/log"
    RABBITMQ_PID_FILE="$RABBIT_BEAM_PIDFILE"
    RABBITMQ_CONFIG_FILE="$RABBIT_HOME/rabbitmq.conf"
    RABBITMQ_ADVANCED_CONFIG_FILE="$RABBIT_HOME/advanced.config"
    RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_HOME/enabled_plugins"
    RABBITMQ_CONF_ENV_FILE="$RABBIT_HOME/rabbitmq-env.conf"
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}"
)

rabbit_write_config() {
  mkdir -p "$RABBIT_HOME/home" "$RABBIT_HOME/mnesia" "$RABBIT_HOME/log"
  # The Erlang cookie lives in HOME; ours, so the system's (or another checkout's) is never read.
  if [[ ! -s $RABBIT_HOME/home/.erlang.cookie ]]; then
    (umask 077 && printf '%s' "$RABBIT_COOKIE" >"$RABBIT_HOME/home/.erlang.cookie")
  fi
  chmod 400 "$RABBIT_HOME/home/.erlang.cookie"
  (
    umask 077
    cat >"$RABBIT_HOME/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$AMQP_PORT
# Applied when the node first creates its database; the credentials file keeps them for restarts.
default_user = $RABBIT_USER
default_pass = $RABBIT_PASSWORD
default_vhost = /
# Clients reach the node over loopback anyway; the generated user may log in from there.
loopback_users = none
log.console = false
log.file.level = info
CONF
  )
  echo '[].' >"$RABBIT_HOME/enabled_plugins"
  echo '[].' >"$RABBIT_HOME/advanced.config"
  : >"$RABBIT_HOME/rabbitmq-env.conf"
}

epmd_start() {
  if owned_pid "$EPMD_PIDFILE" "$EPMD_PORT" >/dev/null; then
    return 0
  fi
  require_port_free "$EPMD_PORT" "epmd (RabbitMQ's Erlang port mapper)"
  spawn "$EPMD_PIDFILE" "$EPMD_LOG" env ERL_EPMD_PORT="$EPMD_PORT" epmd -address 127.0.0.1 -port "$EPMD_PORT"
  if ! wait_until "epmd" 10 "$EPMD_PIDFILE" "$EPMD_PORT" bash -c "exec 3<>/dev/tcp/127.0.0.1/$EPMD_PORT"; then
    show_log_tail "$EPMD_LOG"
    die "rabbitmq: epmd did not start on 127.0.0.1:$EPMD_PORT"
  fi
}

epmd_stop() {
  local pid
  if pid=$(owned_pid "$EPMD_PIDFILE" "$EPMD_PORT"); then
    stop_pid "$pid" epmd 5
  fi
  rm -f "$EPMD_PIDFILE"
}

# Starts the node and returns at once; rabbit_wait tells when it accepts AMQP.
rabbit_start() {
  if owned_pid "$RABBIT_WRAPPER_PIDFILE" "$RABBIT_BIN" >/dev/null; then
    say "rabbitmq: already running on 127.0.0.1:$AMQP_PORT"
    return 0
  fi
  require_port_free "$AMQP_PORT" "rabbitmq (AMQP)"
  require_port_free "$RABBIT_DIST_PORT" "rabbitmq (Erlang distribution)"
  rabbit_write_config
  epmd_start
  rm -f "$RABBIT_BEAM_PIDFILE"
  echo "=== $(date -Is) starting $RABBIT_NODENAME" >>"$RABBIT_LOG"
  spawn "$RABBIT_WRAPPER_PIDFILE" "$RABBIT_LOG" "${RABBIT_ENV[@]}" "$RABBIT_BIN/rabbitmq-server"
  say "rabbitmq: starting in the background on 127.0.0.1:$AMQP_PORT (log $RABBIT_LOG)"
}

# Readiness is the broker's own answer: an AMQP 0-9-1 header gets a Connection.Start method frame
# (frame type 1). The CLI tools would cost 0.6 s per call.
amqp_handshake() {
  local first
  first=$(timeout 3 bash -c '
    exec 3<>/dev/tcp/127.0.0.1/'"$AMQP_PORT"' || exit 1
    printf "AMQP\x00\x00\x09\x01" >&3
    head -c 1 <&3 | od -An -tx1' 2>/dev/null) || return 1
  [[ ${first// /} == 01 ]]
}

rabbit_wait() {
  local seconds=90
  if ! wait_until "rabbitmq" "$seconds" "$RABBIT_WRAPPER_PIDFILE" "$RABBIT_BIN" amqp_handshake; then
    rabbit_show_logs
    die "rabbitmq: no AMQP handshake on 127.0.0.1:$AMQP_PORT"
  fi
  say "rabbitmq: ready on 127.0.0.1:$AMQP_PORT"
}

rabbit_stop() {
  local wrapper beam
  wrapper=$(owned_pid "$RABBIT_WRAPPER_PIDFILE" "$RABBIT_BIN") || wrapper=""
  beam=$(owned_pid "$RABBIT_BEAM_PIDFILE" "$RABBIT_HOME") || beam=""
  if [[ -z $wrapper && -z $beam ]]; then
    say "rabbitmq: not running"
  else
    # The wrapper passes SIGTERM to the VM, which shuts the broker down cleanly (queues flushed).
    [[ -n $wrapper ]] && stop_pid "$wrapper" rabbitmq 60
    [[ -n $beam ]] && stop_pid "$beam" "rabbitmq (beam)" 30
    say "rabbitmq: stopped"
  fi
  rm -f "$RABBIT_WRAPPER_PIDFILE" "$RABBIT_BEAM_PIDFILE"
  epmd_stop
}

rabbit_status() {
  if owned_pid "$RABBIT_WRAPPER_PIDFILE" "$RABBIT_BIN" >/dev/null; then
    if amqp_handshake; then
      echo "rabbitmq: running on 127.0.0.1:$AMQP_PORT (node $RABBIT_NODENAME)"
    else
      echo "rabbitmq: starting (no AMQP handshake yet on 127.0.0.1:$AMQP_PORT)"
    fi
  else
    echo "rabbitmq: stopped"
    return 1
  fi
}

rabbit_log_files() {
  echo "$RABBIT_LOG"
  ls -1 "$RABBIT_HOME"/log/*.log 2>/dev/null || true
}

rabbit_show_logs() {
  local f
  while read -r f; do show_log_tail "$f"; done < <(rabbit_log_files)
  show_log_tail "$EPMD_LOG" 10
}
