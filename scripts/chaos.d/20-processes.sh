# Issue 17.3/17.4/17.5: daemons, signals, broken pipes, and runs judged alive by their lock.

# The daemon each case plants writes its pid to $CASE_DIR/daemon.pid.
daemon_cmd() { printf "setsid sh -c 'echo \$\$ > %s/daemon.pid; exec sleep 300'" "$CASE_DIR"; }
daemon_pid() { cat "$CASE_DIR/daemon.pid" 2>/dev/null; }
await_daemon() { printf 'while [ ! -s %s/daemon.pid ]; do sleep 0.05; done; ' "$CASE_DIR"; }

chaos_case daemon-keeps-stdout "setsid daemon holding stdout: SUCCEEDED at once, daemon killed" case_daemon_stdout
case_daemon_stdout() {
  local start; start=$(now)
  tarmac_run "$(fixture shell-task)" --runner subprocess -q --param "script=$(daemon_cmd) & $(await_daemon) echo hi > \"\$1\""
  local took pid
  took=$(since "$start"); pid=$(daemon_pid)
  sleep 0.5
  if alive "$pid"; then observed "exit $EXIT in ${took} s; daemon $pid STILL RUNNING"; return 1; fi
  observed "exit $EXIT, t $(task_field t state) in ${took} s; daemon $pid gone"
  [[ $EXIT == 0 ]]
}

chaos_case daemon-redirected "setsid daemon with >/dev/null 2>&1: killed when the task ends" case_daemon_redirected
case_daemon_redirected() {
  tarmac_run "$(fixture shell-task)" --runner subprocess -q --param "script=$(daemon_cmd) >/dev/null 2>&1 & $(await_daemon) echo hi > \"\$1\""
  local pid; pid=$(daemon_pid)
  sleep 0.5
  if alive "$pid"; then observed "exit $EXIT; daemon $pid outlived the run"; return 1; fi
  observed "exit $EXIT, t $(task_field t state); daemon $pid gone"
  [[ $EXIT == 0 ]]
}

chaos_case double-fork "double fork ((setsid daemon &)): killed when the task ends" case_double_fork
case_double_fork() {
  tarmac_run "$(fixture shell-task)" --runner subprocess -q --param "script=($(daemon_cmd) >/dev/null 2>&1 &); $(await_daemon) echo hi > \"\$1\""
  local pid; pid=$(daemon_pid)
  sleep 0.5
  if alive "$pid"; then observed "exit $EXIT; daemon $pid outlived the run"; return 1; fi
  observed "exit $EXIT, t $(task_field t state); daemon $pid gone"
  [[ $EXIT == 0 ]]
}

# An unmarked daemon: env -i clears TARMAC_PROCESS, setsid leaves the group and the session.
unmarked_daemon_cmd() { printf "env -i /usr/bin/setsid /bin/sh -c '%secho \$\$ > %s/daemon.pid; exec sleep 300'" "${1:-}" "$CASE_DIR"; }

# The task starts an unmarked daemon (after PREFIX, e.g. `cd /; `) and ends; the daemon must be gone by the time the
# run is (WHEN says which end kills it).
unmarked_daemon_case() {
  local prefix=$1 when=$2
  tarmac_run "$(fixture shell-task)" --runner subprocess -q --param "script=$(unmarked_daemon_cmd "$prefix") >/dev/null 2>&1 & $(await_daemon) echo hi > \"\$1\""
  local pid; pid=$(daemon_pid)
  sleep 0.5
  if alive "$pid"; then observed "exit $EXIT; daemon $pid outlived $when"; return 1; fi
  observed "exit $EXIT, t $(task_field t state); daemon $pid gone"
  [[ $EXIT == 0 && -n $pid ]]
}

chaos_case env-i-daemon "env -i setsid daemon, output redirected: killed when the task ends" case_env_i_daemon
case_env_i_daemon() { unmarked_daemon_case "" "its task"; }

chaos_case env-i-daemon-elsewhere "env -i setsid daemon that cd's away: killed at the end of the run" case_env_i_elsewhere
case_env_i_elsewhere() { unmarked_daemon_case "cd /; " "the run"; }

chaos_case daemon-podman "setsid daemon inside a podman task: gone with its container" case_daemon_podman
case_daemon_podman() {
  podman_or_note || return 1
  local marker="chaos-podman-$RANDOM$RANDOM"
  tarmac_run "$(fixture shell-task)" --runner podman -q --param "script=setsid sh -c 'sleep 300; :' $marker >/dev/null 2>&1 & sleep 1; echo hi > \"\$1\""
  local run; run=$(sql "SELECT id FROM runs ORDER BY started DESC LIMIT 1")
  sleep 0.5
  local left containers
  left=$(pids_mentioning "$marker" | wc -l)
  containers=$(podman ps -a --filter "label=tarmac.run=$run" --format '{{.ID}}' 2>/dev/null | wc -l)
  observed "exit $EXIT, t $(task_field t state); $left daemon processes, $containers containers left"
  [[ $EXIT == 0 && $left == 0 && $containers == 0 ]]
}

chaos_case timeout-daemon "--task-timeout 3, daemon holds stdout: FAILED 'timed out' by ~5 s" case_timeout_daemon
case_timeout_daemon() {
  local start; start=$(now)
  tarmac_run "$(fixture shell-task)" --runner subprocess -q --task-timeout 3 --param "script=$(daemon_cmd) & sleep 300"
  local took pid error
  took=$(since "$start"); pid=$(daemon_pid); error=$(task_field t error)
  sleep 0.5
  local fate=gone; alive "$pid" && fate="STILL RUNNING"
  observed "exit $EXIT in ${took} s: ${error:0:45}; daemon $fate"
  [[ $EXIT == 1 && $error == *"timed out after 3 s"* && $fate == gone ]] && awk -v t="$took" 'BEGIN { exit !(t < 15) }'
}

# start_background ARGS...: tarmac run in the background (pid in TARMAC_PID), stderr to $CASE_DIR/bg.err.
start_background() {
  "$TARMAC" run "$@" --store "$STORE" >/dev/null 2>"$CASE_DIR/bg.err" &
  TARMAC_PID=$!
}
tarmac_gone() { ! kill -0 "$TARMAC_PID" 2>/dev/null || grep -q '^State:.*Z' "/proc/$TARMAC_PID/status" 2>/dev/null; }
# has_tasks MARKER: a process other than the background tarmac mentions MARKER (its tasks have started).
has_tasks() { pids_mentioning "$1" | grep -qvx "$TARMAC_PID"; }

# finish_background SECONDS: waits for it; sets EXIT (or 255 when it had to be killed).
finish_background() {
  if wait_for "$1" tarmac_gone; then wait "$TARMAC_PID"; EXIT=$?; else kill -KILL "$TARMAC_PID"; EXIT=255; fi
}

chaos_case ctrl-c-daemon "Ctrl-C while a daemon runs: CANCELED, exit 130, daemon killed" case_ctrl_c_daemon
case_ctrl_c_daemon() {
  start_background "$(fixture shell-task)" --runner subprocess --param "script=$(daemon_cmd) >/dev/null 2>&1 & sleep 300"
  wait_for 60 test -s "$CASE_DIR/daemon.pid" || { observed "the daemon never started"; return 1; }
  local start; start=$(now)
  kill -INT "$TARMAC_PID"
  finish_background 30
  local took pid
  took=$(since "$start"); pid=$(daemon_pid)
  sleep 0.5
  local fate=gone; alive "$pid" && fate="STILL RUNNING"
  observed "exit $EXIT ${took} s after SIGINT, run $(run_state); daemon $fate"
  [[ $EXIT == 130 && $(run_state) == CANCELED && $fate == gone ]]
}

chaos_case sighup "SIGHUP mid-run: CANCELED, exit 130, no task left" case_sighup
case_sighup() {
  local marker="chaos-hup-$RANDOM$RANDOM"
  start_background "$(fixture sleeper)" --runner subprocess --param "marker=$marker"
  wait_for 60 has_tasks "$marker" || { observed "the tasks never started"; return 1; }
  kill -HUP "$TARMAC_PID"
  finish_background 30
  sleep 0.5
  local left; left=$(pids_mentioning "$marker" | wc -l)
  observed "exit $EXIT, run $(run_state), $left task processes left"
  [[ $EXIT == 130 && $(run_state) == CANCELED && $left == 0 ]]
}

chaos_case pipe-head "run 2>&1 piped to head -2: run recorded, nothing left" case_pipe_head
case_pipe_head() {
  local marker="chaos-pipe-$RANDOM$RANDOM" start
  start=$(now)
  timeout 90 bash -c "'$TARMAC' run '$(fixture sleeper)' --store '$STORE' --runner subprocess --param marker=$marker 2>&1 | head -2 > '$CASE_DIR/head.out'"
  local status=$? took; took=$(since "$start")
  sleep 0.5
  local left; left=$(pids_mentioning "$marker" | wc -l)
  observed "pipeline ended in ${took} s (status $status), run $(run_state), $left task processes left"
  [[ $status != 124 && $(run_state) == CANCELED && $left == 0 ]]
}

chaos_case second-ctrl-c "2nd Ctrl-C, task ignores SIGTERM: SIGKILLed before exit" case_second_ctrl_c
case_second_ctrl_c() {
  local marker="chaos-stubborn-$RANDOM$RANDOM"
  start_background "$(fixture stubborn)" --runner subprocess --param "marker=$marker"
  wait_for 60 has_tasks "$marker" || { observed "the task never started"; return 1; }
  sleep 0.5
  kill -INT "$TARMAC_PID"; sleep 0.3; kill -INT "$TARMAC_PID"
  finish_background 30
  local left; left=$(pids_mentioning "$marker" | wc -l)  # at once: nothing may wait for a grace period
  observed "exit $EXIT; $left task processes left right after tarmac exited"
  [[ $EXIT == 130 && $left == 0 ]]
}

chaos_case foreign-pid "live run, foreign pid recorded: runs rm refuses, not INTERRUPTED" case_foreign_pid
case_foreign_pid() {
  local marker="chaos-foreign-$RANDOM$RANDOM"
  start_background "$(fixture sleeper)" --runner subprocess --param "marker=$marker"
  wait_for 60 has_tasks "$marker" || { observed "the tasks never started"; return 1; }
  local run; run=$(sql "SELECT id FROM runs LIMIT 1")
  # As a tarmac in another PID namespace would look: a pid that names no process here.
  sqlite3 "$STORE/tarmac.sqlite" "UPDATE runs SET pid = 4194311 WHERE id = '$run'"
  "$TARMAC" runs rm "$run" --store "$STORE" >"$CASE_DIR/rm.out" 2>&1
  local rm=$? state; state=$(run_state)
  kill -INT "$TARMAC_PID"; finish_background 30
  observed "runs rm exit $rm ($(grep -o 'still running' "$CASE_DIR/rm.out" | head -1)); run was $state; then $(run_state) after Ctrl-C"
  [[ $rm != 0 && $state == RUNNING && $(run_state) == CANCELED ]]
}
