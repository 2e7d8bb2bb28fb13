#!/bin/sh
# Start-up of the nginx container: turns the run-time settings (environment variables,
# never baked into the image) into small nginx config files in /tmp, then runs nginx.
# A wrong value stops the container with a message naming the variable.
set -eu

out=${RERUNLAB_RUNTIME_DIR:-/tmp/rerun-lab}  # a tmpfs in the container
mkdir -p "$out"
umask 077

fail() {
  echo "rerun-lab: $*" >&2
  echo "rerun-lab: see .env.example for every setting and its allowed values." >&2
  exit 64
}

# --- the class URL shown on the landing page (default: the address the browser used) ---
public_url=${RERUNLAB_PUBLIC_URL:-}
if [ -n "$public_url" ]; then
  if ! printf '%s' "$public_url" | grep -Eq '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$'; then
    fail "RERUNLAB_PUBLIC_URL must be a plain http(s) address such as http://192.168.1.20:8080/ (got: '$public_url')"
  fi
  case "$public_url" in */) ;; *) public_url="$public_url/" ;; esac
fi
cat > "$out/class.conf" <<CONF
location = /_lab/class.json {
    default_type application/json;
    expires -1;
    return 200 '{"public_url": "$public_url"}';
}
CONF

# --- per-IP limits, sized for a class of 300 behind one NAT address (nginx.conf says what
# each counts): 300 websockets, up to 6 requests in progress per browser while pages load
# (slow Wi-Fi keeps them in progress longer), 4 Python requests per page (bench/burst.py).
whole_number() {  # whole_number VARIABLE DEFAULT MAX
  eval "value=\${$1:-$2}"
  case "$value" in ''|*[!0-9]*) fail "$1 must be a whole number (got: '$value')" ;; esac
  [ "${#value}" -le 6 ] && [ "$value" -ge 1 ] && [ "$value" -le "$3" ] || fail "$1 must be between 1 and $3 (got: $value)"
  echo "$value"
}
connections=$(whole_number RERUNLAB_MAX_CONNECTIONS_PER_IP 2048 65535)  # nginx's own ceiling
websockets=$(whole_number RERUNLAB_MAX_WEBSOCKETS_PER_IP 600 65535)
requests=$(whole_number RERUNLAB_MAX_REQUESTS_PER_IP 200 100000)
echo "limit_req_zone \$python_client zone=per_ip_requests:10m rate=${requests}r/s;" > "$out/limits-http.conf"
cat > "$out/limits-server.conf" <<CONF
limit_conn per_ip_connections $connections;
limit_conn per_ip_websockets $websockets;
limit_req zone=per_ip_requests burst=$((requests * 10)) nodelay;
CONF

# --- optional passwords: HTTP basic auth for the whole site and for /teacher/ ---------
# write_auth NAME VARIABLE USER REALM: an auth include (empty when the variable is unset).
write_auth() {
  name=$1 variable=$2 user=$3 realm=$4
  eval "password=\${$variable:-}"
  if [ -z "$password" ]; then
    echo "# $variable is not set: no password" > "$out/$name-auth.conf"
    return
  fi
  case "$password" in *"
"*) fail "$variable must be a single line" ;; esac
  [ "${#password}" -ge 4 ] || fail "$variable must be at least 4 characters long"
  # {PLAIN}: the file lives only in this container's memory (tmpfs), like the variable itself.
  printf '%s:{PLAIN}%s\n' "$user" "$password" > "$out/$name.htpasswd"
  printf 'auth_basic "%s";\nauth_basic_user_file %s/%s.htpasswd;\n' "$realm" "$out" "$name" > "$out/$name-auth.conf"
}
write_auth class RERUNLAB_CLASS_PASSWORD student "Rerun Lab: log in as student with the class password"
# The teacher's pages show the class's answers and can clear them: never open by default.
# Without RERUNLAB_TEACHER_PASSWORD, a new password is made at every start and said in
# this log (and by scripts/class-url), the way Jupyter prints its token.
teacher_said="the password set in RERUNLAB_TEACHER_PASSWORD"
if [ -z "${RERUNLAB_TEACHER_PASSWORD:-}" ]; then
  RERUNLAB_TEACHER_PASSWORD=$(LC_ALL=C tr -dc 'abcdefghjkmnpqrstuvwxyz23456789' </dev/urandom | head -c 12)
  teacher_said="password $RERUNLAB_TEACHER_PASSWORD (made at this start; set RERUNLAB_TEACHER_PASSWORD to choose one)"
fi
write_auth teacher RERUNLAB_TEACHER_PASSWORD teacher "Rerun Lab teacher dashboard: log in as teacher"
echo "rerun-lab: teacher dashboard at /teacher/: user teacher, $teacher_said"

# The one line `docker compose up` should greet the instructor with, once every lesson
# answers through this nginx. nginx doesn't wait for the lessons to start (neither Compose
# nor Swarm holds it back): meanwhile a lesson still starting shows its "restarting" page,
# which reloads itself. The check runs beside nginx (reaped by nginx's master process).
port=${RERUNLAB_PORT:-8080}
case "$port" in *[!0-9]* | "") port=8080 ;; esac
announce() {
  waited=0
  while :; do
    missing=""
    while read -r slug; do
      if [ -n "${RERUNLAB_CLASS_PASSWORD:-}" ]; then
        set -- --user "student:$RERUNLAB_CLASS_PASSWORD"
      else
        set --
      fi
      curl -fsS -o /dev/null --max-time 2 "$@" "http://127.0.0.1:8080/$slug/_stcore/health" 2>/dev/null \
        || missing="$missing $slug"
    done < /etc/nginx/rerun-lab/lessons.txt
    [ -z "$missing" ] && break
    waited=$((waited + 1))
    # Every minute, say which lessons keep the class waiting, and where to look.
    [ $((waited % 60)) -eq 0 ] && echo "rerun-lab: still starting:$missing (docker compose ps; docker compose logs <lesson>)"
    sleep 1
  done
  echo "rerun-lab: ready. On this computer open http://localhost:$port/ ; the address for students: ${public_url:-run scripts/class-url (it prints the LAN address and a QR code)}"
  echo "rerun-lab: the teacher dashboard: http://localhost:$port/teacher/ with user teacher, $teacher_said"
}
announce &

exec "$@"
