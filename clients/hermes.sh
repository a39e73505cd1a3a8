# Hermes client for shell scripts: POSIX sh and curl. Source it:
#
#   . /path/to/hermes.sh
#   hermes_report job.phase loading          # KEY VALUE [TTL seconds]
#   hermes_report job.progress 40 30
#   hermes_remove job.phase                  # KEY
#
# Sourced by a script that an instrumented JVM started (HERMES_PARENT and HERMES_TOKEN in its
# environment), it joins that parent as the child the parent spawned (its name: HERMES_NAME if
# the script sets one, else the parent's choice), and keeps a heartbeat running in the background
# while the script runs, so the parent shows it running; the parent sees its exit code itself.
# It sends HERMES_SECRET (or the content of HERMES_SECRET_FILE) when set, and trusts
# HERMES_PARENT_CERT over https. With no HERMES_PARENT, or without curl, every function does
# nothing and returns 0. It never prints: a failed request is dropped (the next heartbeat,
# which re-joins when the parent forgot the session, repairs the link).
#
# Safe under set -e and set -u: no call fails the script. The protocol it speaks is
# docs/protocol.md. Names it defines start with hermes_ or _hermes_.

_hermes_on=
_hermes_dir=
_hermes_me=main
_hermes_tab=$(printf '\t')
_hermes_cr=$(printf '\r')

# _hermes_post PATH BODY: POSTs BODY (JSON) to the parent; sets _hermes_status and _hermes_body.
_hermes_post() {
  _hermes_status=000
  _hermes_body=
  # Files of its own for each of the script and its heartbeat, which may post at once.
  if [ -s "$_hermes_dir/session" ] && [ "$1" = /hermes/update ]; then
    printf 'Hermes-Session: %s\n' "$(cat "$_hermes_dir/session")" > "$_hermes_dir/h.$_hermes_me"
  else
    : > "$_hermes_dir/h.$_hermes_me"
  fi
  _hermes_status=$(printf '%s' "$2" | curl -s --max-time 2 -o "$_hermes_dir/a.$_hermes_me" \
    -w '%{http_code}' -H 'Content-Type: application/json' -H @"$_hermes_dir/headers" \
    -H @"$_hermes_dir/h.$_hermes_me" $_hermes_tls --data-binary @- "$HERMES_PARENT$1" \
    2>/dev/null) || _hermes_status=000
  _hermes_body=$(cat "$_hermes_dir/a.$_hermes_me" 2>/dev/null || :)
}

# _hermes_json TEXT: TEXT as a JSON string, quotes included.
_hermes_json() {
  # sed escapes (the same in every sed, unlike awk's gsub); awk joins the lines with \n.
  printf '%s' "$1" \
    | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e "s/$_hermes_tab/\\\\t/g" -e "s/$_hermes_cr/\\\\r/g" \
    | awk 'BEGIN { ORS = ""; print "\"" } NR > 1 { print "\\n" } { print } END { print "\"" }'
}

# _hermes_join [TOKEN]: joins the parent (with the one-time token the first time); keeps the
# session and the name the parent gave.
_hermes_join() {
  _hermes_req="{\"pid\":$_hermes_pid,\"main\":$(_hermes_json "$_hermes_main")"
  [ -n "${1:-}" ] && _hermes_req="$_hermes_req,\"token\":$(_hermes_json "$1")"
  [ -n "$_hermes_name" ] && _hermes_req="$_hermes_req,\"name\":$(_hermes_json "$_hermes_name")"
  _hermes_post /hermes/join "$_hermes_req}"
  [ "$_hermes_status" = 200 ] || return 1
  printf '%s' "$_hermes_body" | sed -n 's/.*"session" *: *"\([^"]*\)".*/\1/p' \
    > "$_hermes_dir/session.$_hermes_me" && mv -f "$_hermes_dir/session.$_hermes_me" "$_hermes_dir/session"
  # Joining again later (the parent forgot the session) keeps the name it gave.
  _hermes_name=$(printf '%s' "$_hermes_body" | sed -n 's/.*"name" *: *"\([^"]*\)".*/\1/p')
  printf '%s' "$_hermes_name" > "$_hermes_dir/name"
}

# _hermes_update BODY: sends a batch. When the parent no longer knows the session (it restarted,
# or forgot this script after a long silence) joins again without a token under the name it had,
# and sends everything reported so far as a full push, each key aged since it was reported.
_hermes_update() {
  [ -n "$_hermes_on" ] || return 0
  _hermes_post /hermes/update "$1"
  if [ "$_hermes_status" = 403 ]; then
    _hermes_name=$(cat "$_hermes_dir/name" 2>/dev/null || :)
    _hermes_join && _hermes_resend
  fi
  return 0
}

# What was reported and not removed, one line a key in $_hermes_dir/state: when (seconds since
# the epoch), the key and the value as JSON strings, the ttl; written by the script alone.
_hermes_remember() {
  _hermes_forget "$1"
  [ -n "$2" ] && printf '%s\t%s\t%s\t%s\n' "$(date +%s)" "$1" "$2" "$3" >> "$_hermes_dir/state"
  return 0
}

_hermes_forget() {
  { grep -v -F "$_hermes_tab$1$_hermes_tab" "$_hermes_dir/state" 2>/dev/null || :; } \
    > "$_hermes_dir/state.new"
  mv -f "$_hermes_dir/state.new" "$_hermes_dir/state" 2>/dev/null || :
}

_hermes_resend() {
  _hermes_set=$(awk -F "$_hermes_tab" -v now="$(date +%s)" 'BEGIN { ORS = "" }
    { if (NR > 1) print ","; print $2 ":{\"value\":" $3 ",\"age\":" (now - $1)
      if ($4 != "") print ",\"ttl\":" $4; print "}" }' "$_hermes_dir/state" 2>/dev/null)
  _hermes_post /hermes/update "{\"full\":true,\"set\":{$_hermes_set},\"removed\":[]}"
}

# hermes_report KEY VALUE [TTL]: sets KEY (the key rule: letters, digits, '_', '.') to VALUE,
# expiring TTL seconds from now (fractions allowed) when given.
hermes_report() {
  [ -n "$_hermes_on" ] || return 0
  _hermes_key=$(_hermes_json "$1")
  _hermes_value=$(_hermes_json "$2")
  _hermes_entry="{\"value\":$_hermes_value,\"age\":0"
  [ -n "${3:-}" ] && _hermes_entry="$_hermes_entry,\"ttl\":$3"
  _hermes_remember "$_hermes_key" "$_hermes_value" "${3:-}"
  _hermes_update "{\"full\":false,\"set\":{$_hermes_key:$_hermes_entry}},\"removed\":[]}"
}

# hermes_remove KEY: removes KEY.
hermes_remove() {
  [ -n "$_hermes_on" ] || return 0
  _hermes_key=$(_hermes_json "$1")
  _hermes_forget "$_hermes_key"
  _hermes_update "{\"full\":false,\"set\":{},\"removed\":[$_hermes_key]}"
}

# The heartbeat: an empty batch every second while the script (pid _hermes_pid) lives.
_hermes_heartbeat() {
  _hermes_me=beat
  set +e
  trap 'rm -rf "$_hermes_dir"; exit 0' HUP INT TERM
  while kill -0 "$_hermes_pid" 2>/dev/null; do
    sleep 1
    kill -0 "$_hermes_pid" 2>/dev/null || break
    _hermes_update '{"full":false,"set":{},"removed":[]}'
  done
  rm -rf "$_hermes_dir"
}

_hermes_start() {
  # Every variable of the environment read with a default: the script may run with set -u.
  HERMES_PARENT=${HERMES_PARENT:-}
  [ -n "$HERMES_PARENT" ] || return 0
  command -v curl > /dev/null 2>&1 || return 0
  _hermes_pid=$$
  _hermes_main=${0##*/}
  _hermes_name=${HERMES_NAME:-}
  _hermes_dir=$(umask 077 && mktemp -d "${TMPDIR:-/tmp}/hermes-sh.XXXXXX" 2>/dev/null) || return 0
  # The secret goes in a header file (mode 600), never on curl's command line (ps shows that).
  _hermes_secret=${HERMES_SECRET:-}
  if [ -n "${HERMES_SECRET_FILE:-}" ]; then
    _hermes_secret=$(cat "$HERMES_SECRET_FILE" 2>/dev/null || :)
  fi
  if [ -n "$_hermes_secret" ]; then
    printf 'Hermes-Secret: %s\n' "$_hermes_secret" > "$_hermes_dir/headers"
  else
    : > "$_hermes_dir/headers"
  fi
  _hermes_tls=
  if [ -n "${HERMES_PARENT_CERT:-}" ]; then
    _hermes_tls="--cacert $HERMES_PARENT_CERT"
  fi
  if ! _hermes_join "${HERMES_TOKEN:-}"; then
    # A token that is taken or unknown (403: the script was run again by hand) is dropped; the
    # parent is asked once more without it. Anything else: the script runs on without a parent.
    if [ "$_hermes_status" != 403 ] || [ -z "${HERMES_TOKEN:-}" ] || ! _hermes_join; then
      rm -rf "$_hermes_dir"
      return 0
    fi
  fi
  : > "$_hermes_dir/state"
  _hermes_on=1
  _hermes_heartbeat < /dev/null > /dev/null 2>&1 &
}

_hermes_start
