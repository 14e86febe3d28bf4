# Helpers for scripts/chaos cases (sourced). A case function runs with:
#   CASE_DIR  a fresh directory of its own     STORE  a fresh store directory (CASE_DIR/store)
# and reports with `observed "text"`; it returns 0 when the case held.

CASE_IDS=()
CASE_EXPECTED=()
CASE_FUNCTIONS=()

# chaos_case ID "expected" FUNCTION: registers a case (in file order).
chaos_case() {
  CASE_IDS+=("$1")
  CASE_EXPECTED+=("$2")
  CASE_FUNCTIONS+=("$3")
}

# observed "text": what the case saw (the last call wins); no '|' in it.
observed() { printf '%s' "${*//|//}" > "$CASE_DIR/observed"; }

# The fixture pipelines cases use, compiled once with the real KFP compiler into $CHAOS_TMP/fixtures.
CHAOS_FIXTURES=(sleeper stubborn shell-task odd-log fill-store wide-naps)
chaos_compile_fixtures() {
  mkdir -p "$CHAOS_TMP/fixtures"
  local name
  for name in "${CHAOS_FIXTURES[@]}"; do
    (cd "$ROOT/Tests/Fixtures/pipelines/$name" && "$KFP_PYTHON" pipeline.py "$CHAOS_TMP/fixtures/$name.yaml") \
      >"$CHAOS_TMP/compile-$name.log" 2>&1 || { cat "$CHAOS_TMP/compile-$name.log" >&2; return 1; }
  done
}
fixture() { printf '%s' "$CHAOS_TMP/fixtures/$1.yaml"; }

# chaos_run_case ID FUNCTION LIMIT: runs FUNCTION in its own process group, kills the group after LIMIT
# seconds; prints "held|observed", "failed|observed" or "HANG|…".
chaos_run_case() {
  local id=$1 function=$2 limit=$3
  CASE_DIR="$CHAOS_TMP/case-$id"
  STORE="$CASE_DIR/store"
  mkdir -p "$STORE"
  export CASE_DIR STORE
  set -m
  ( "$function" >"$CASE_DIR/case.log" 2>&1; echo $? > "$CASE_DIR/status" ) &
  local group=$!
  set +m
  local waited=0
  while kill -0 "$group" 2>/dev/null && ((waited < limit * 10)); do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 "$group" 2>/dev/null; then
    kill -KILL -- "-$group" 2>/dev/null
    chaos_kill_store_processes
    wait "$group" 2>/dev/null
    printf 'HANG|did not finish within %s s: killed (%s)' "$limit" "$(cat "$CASE_DIR/observed" 2>/dev/null)"
    return
  fi
  wait "$group" 2>/dev/null
  chaos_kill_store_processes
  local status
  status=$(cat "$CASE_DIR/status" 2>/dev/null || echo 1)
  if [[ $status == 0 ]]; then printf 'held|'; else printf 'failed|'; fi
  cat "$CASE_DIR/observed" 2>/dev/null || printf '(no observation; see %s)' "$CASE_DIR/case.log"
}

# Kills whatever a case left that mentions its directory (a tarmac, a task): a case must not leak into the next.
chaos_kill_store_processes() {
  local pid
  [[ -s $CASE_DIR/daemon.pid ]] && kill -KILL "$(cat "$CASE_DIR/daemon.pid")" 2>/dev/null
  for pid in $(pids_mentioning "$CASE_DIR"); do kill -KILL "$pid" 2>/dev/null; done
  # The task processes of a tarmac killed here: the next command's recovery ends them (TARMAC_RUN_ID).
  [[ -f $STORE/tarmac.sqlite ]] && timeout 60 "$TARMAC" runs list --store "$STORE" >/dev/null 2>&1
  return 0
}

# pids_mentioning TEXT: live processes whose command line contains TEXT (not this script's own).
# (Arguments are NUL-separated in /proc/PID/cmdline; TEXT is matched within one argument.)
pids_mentioning() {
  local file pid
  for file in $(grep -laF -- "$1" /proc/[0-9]*/cmdline 2>/dev/null); do
    pid=${file#/proc/}; pid=${pid%/cmdline}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null || echo "$pid"
  done
}

# alive PID: the process exists and is not a zombie.
alive() { [[ -n ${1:-} && -e /proc/$1 ]] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }

# now: seconds since the epoch, with decimals.
now() { date +%s.%N; }
# since START: seconds elapsed since START, one decimal.
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# sql QUERY: runs QUERY on the case's store database.
sql() { sqlite3 -readonly "$STORE/tarmac.sqlite" "$1" 2>/dev/null; }
run_state() { sql "SELECT state FROM runs ORDER BY started DESC LIMIT 1"; }
# task_field TASK-DISPLAY-NAME COLUMN: a column of a task of the latest run.
task_field() { sql "SELECT $2 FROM tasks WHERE display_name = '$1' AND run_id = (SELECT id FROM runs ORDER BY started DESC LIMIT 1)"; }

# tarmac_run ARGS...: `tarmac run ARGS --store $STORE`; sets EXIT, OUT (stdout), ERR (stderr file).
tarmac_run() {
  ERR="$CASE_DIR/run-$RANDOM.err"
  OUT=$("$TARMAC" run "$@" --store "$STORE" 2>"$ERR")
  EXIT=$?
}

# wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s; fails when it never succeeded.
wait_for() {
  local limit=$1 tries=0
  shift
  until "$@"; do
    tries=$((tries + 1))
    ((tries > limit * 10)) && return 1
    sleep 0.1
  done
}

# podman_or_note: fails (with an observation) when podman cannot run containers here.
podman_or_note() {
  command -v podman >/dev/null && podman image exists docker.io/library/busybox:1.36 2>/dev/null && return 0
  observed "podman or the busybox image is missing (scripts/install-deps installs them)"
  return 1
}
