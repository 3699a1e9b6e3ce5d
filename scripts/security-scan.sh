#!/usr/bin/env bash
# Runs the external scanners against the reference app on loopback, each against a throwaway
# instance, and writes their reports under test-artifacts/security-scan/ (see docs/security.md):
#   sqlmap  the login, register and reset forms, a fresh CSRF token fetched for every request;
#   wapiti  the whole app (crawl, then its attack modules);
#   hydra   the login form with a password list, on the real clock: it must meet 429;
#   nikto   the whole app.
# wapiti and nikto run against an app whose clock runs SCAN_CLOCK_SPEED times fast (default
# 1000), so throttle windows pass in about a second and their probes reach the forms instead of
# a 429; sqlmap gets a fresh app per form at SQLMAP_CLOCK_SPEED (default 100000), so no window
# outlasts a few milliseconds and every probe of the login form reaches the password check. Install the tools first with scripts/security-tools.sh. Usage: npm run security:scan
# (ONLY=sqlmap,hydra to run some tools, SQLMAP_FORMS=/auth/login to test some forms; SCAN_MINUTES
# caps wapiti and nikto, default 10 each). A failed login answers 401 (see docs/security.md), which
# sqlmap takes for HTTP authentication unless told to ignore it.
set -uo pipefail
cd "$(dirname "$0")/.."

OUT=test-artifacts/security-scan
ONLY=${ONLY:-sqlmap,wapiti,hydra,nikto}
SCAN_MINUTES=${SCAN_MINUTES:-10}
mkdir -p "$OUT"

for tool in sqlmap wapiti hydra nikto; do
  if [[ ",$ONLY," == *",$tool,"* ]] && ! command -v "$tool" >/dev/null; then
    echo "$tool is not installed: run scripts/security-tools.sh (as root) first." >&2
    exit 1
  fi
done

APP_PID=""
BASE=""

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# start_app SPEED LOGFILE: starts scripts/security/scan-app.ts, sets APP_PID and BASE.
start_app() {
  local port
  port=$(free_port)
  # node itself, not npx: stop_app's signal must reach the app, or each instance outlives the run.
  SCAN_CLOCK_SPEED=$1 PORT=$port LOG_LEVEL=info node --import tsx scripts/security/scan-app.ts >"$2" 2>&1 &
  APP_PID=$!
  BASE="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "the app did not start; see $2" >&2
  exit 1
}

stop_app() {
  [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
  APP_PID=""
}
trap stop_app EXIT

# register EMAIL USERNAME PASSWORD: one account through the real form (CSRF token included).
register() {
  local jar token
  jar=$(mktemp)
  token=$(curl -fs -c "$jar" -b "$jar" "$BASE/auth/register" |
    grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" "$BASE/auth/register" \
    --data-urlencode "csrf_token=$token" --data-urlencode "email=$1" \
    --data-urlencode "username=$2" --data-urlencode "password=$3" \
    --data-urlencode "password2=$3"
  rm -f "$jar"
}

server_errors() {
  # Any 5xx the app answered, or a request that failed on our side, shows up in its log.
  grep -c '"level":50' "$1" || true
}

PASSWORD='plum velvet orbit cascade 42'

if [[ ",$ONLY," == *",sqlmap,"* ]]; then
  : >"$OUT/sqlmap.txt"
  for form in \
    "/auth/login|login|email=alice%40example.com&password=wrong-password-123456&remember_me=y&csrf_token=x" \
    "/auth/register|register|email=bob%40example.com&username=bobby&password=quiet+harbour+lantern+meadow+7&password2=quiet+harbour+lantern+meadow+7&csrf_token=x" \
    "/auth/reset|reset|email=alice%40example.com&csrf_token=x"; do
    path=${form%%|*}
    rest=${form#*|}
    name=${rest%%|*}
    data=${rest#*|}
    [[ ",${SQLMAP_FORMS:-/auth/login,/auth/register,/auth/reset}," == *",$path,"* ]] || continue
    # A fresh app for each form, its clock so fast (SQLMAP_CLOCK_SPEED, default 100000) that a
    # 15-minute throttle window passes in 9 ms: sqlmap's probes reach the password check and
    # the forms instead of a 429, which would read as a changing page.
    start_app "${SQLMAP_CLOCK_SPEED:-100000}" "$OUT/sqlmap-$name-app.log"
    register alice@example.com alice "$PASSWORD" >/dev/null
    echo "== sqlmap $path" | tee -a "$OUT/sqlmap.txt"
    # --ignore-code=401: a failed login answers 401 without WWW-Authenticate, which sqlmap
    # would otherwise take for HTTP authentication and stop at.
    sqlmap -u "$BASE$path" --data "$data" --csrf-token=csrf_token --csrf-url="$BASE$path" \
      --batch --level=3 --risk=2 --flush-session --disable-coloring --ignore-code=401 \
      --output-dir="$OUT/sqlmap" >"$OUT/sqlmap-$name.txt" 2>&1
    cat "$OUT/sqlmap-$name.txt" >>"$OUT/sqlmap.txt"
    grep -E "does not seem to be injectable|might be injectable|is vulnerable|identified the following|all tested parameters|HTTP error codes|CRITICAL|ERROR" \
      "$OUT/sqlmap-$name.txt" | sed 's/^/  /' | head -20
    grep -A1 "HTTP error codes" "$OUT/sqlmap-$name.txt" | tail -1 | sed 's/^/  HTTP codes: /'
    log="$OUT/sqlmap-$name-app.log"
    echo "  app: failed logins $(grep -c '"event":"login_failed"' "$log" || true)," \
      "registrations $(grep -c '"event":"regist' "$log" || true)," \
      "reset requests $(grep -c '"event":"reset_requested"' "$log" || true)," \
      "throttled $(grep -c '_throttled"' "$log" || true)," \
      "CSRF refusals $(grep -c '"event":"csrf_failed"' "$log" || true)," \
      "errors (level 50) $(server_errors "$log")"
    stop_app
  done
fi

if [[ ",$ONLY," == *",wapiti,"* ]]; then
  start_app "${SCAN_CLOCK_SPEED:-1000}" "$OUT/wapiti-app.log"
  register alice@example.com alice "$PASSWORD" >/dev/null
  echo "== wapiti $BASE/"
  # Only loopback: no ssrf module and no wapp fingerprints (both reach out to the internet), and
  # the out-of-band endpoint points at a closed local port.
  wapiti -u "$BASE/" --scope folder --flush-session --endpoint http://127.0.0.1:9/ --no-bugreport \
    -m "backup,blindsql,cookieflags,crlf,csp,csrf,exec,file,htaccess,http_headers,methods,permanentxss,redirect,sql,xss,xxe" \
    --max-scan-time $((SCAN_MINUTES * 60)) -f txt -o "$OUT/wapiti.txt" >"$OUT/wapiti-run.txt" 2>&1
  grep -A3 -E "^(Summary|.*Vulnerabilit|.*Anomal)" "$OUT/wapiti.txt" | head -40
  echo "wapiti: app log errors (level 50): $(server_errors "$OUT/wapiti-app.log")"
  stop_app
fi

if [[ ",$ONLY," == *",hydra,"* ]]; then
  # The real clock: the throttle must stop hydra long before its list runs out.
  start_app 1 "$OUT/hydra-app.log"
  register carol@example.com carol "$PASSWORD" >/dev/null
  jar=$(mktemp)
  token=$(curl -fs -c "$jar" -b "$jar" "$BASE/auth/login" |
    grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  csrf_cookie=$(awk '$6 == "csrf" { print $7 }' "$jar")
  rm -f "$jar"
  words="$OUT/hydra-passwords.txt"
  # 60 wrong guesses, then the right password: a working throttle refuses it too.
  { for i in $(seq 1 60); do echo "guess number $i is wrong"; done; echo "$PASSWORD"; } >"$words"
  port=${BASE##*:}
  echo "== hydra $BASE/auth/login"
  # hydra 9.4 reads the condition last once an option holds an escaped colon.
  start=$(date +%s)
  hydra -I -l carol@example.com -P "$words" -s "$port" -t 4 -f -V 127.0.0.1 http-post-form \
    "/auth/login:email=^USER^&password=^PASS^&csrf_token=$token:H=Cookie\: csrf=$csrf_cookie:S=session=" \
    >"$OUT/hydra.txt" 2>&1
  echo "hydra ran $(($(date +%s) - start)) s; passwords found: $(grep -c '^\[[0-9]*\]\[http-post-form\] host:' "$OUT/hydra.txt" || true)"
  echo "app: failed logins $(grep -c '"event":"login_failed"' "$OUT/hydra-app.log" || true)," \
    "throttled $(grep -c '"event":"login_throttled"' "$OUT/hydra-app.log" || true)," \
    "successful $(grep -c '"event":"login_ok"' "$OUT/hydra-app.log" || true);" \
    "failures before the first 429: $(awk '/"event":"login_throttled"/ { exit } /"event":"login_failed"/ { n++ } END { print n + 0 }' "$OUT/hydra-app.log")"
  stop_app
fi

if [[ ",$ONLY," == *",nikto,"* ]]; then
  start_app "${SCAN_CLOCK_SPEED:-1000}" "$OUT/nikto-app.log"
  echo "== nikto $BASE/"
  nikto -h "$BASE/" -nointeractive -maxtime $((SCAN_MINUTES * 60)) \
    -o "$OUT/nikto.txt" -Format txt >"$OUT/nikto-run.txt" 2>&1
  grep -E '^\+ ' "$OUT/nikto.txt" | head -40
  echo "nikto: app log errors (level 50): $(server_errors "$OUT/nikto-app.log")"
  stop_app
fi

echo "reports in $OUT/"
