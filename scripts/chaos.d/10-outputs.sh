# Issue 17.1/17.2: outputs that are not files, and big sparse ones.

# what_it_is ERROR: the part of an output error that says what the path is.
what_it_is() { local rest=${1##*/out is }; printf '%s' "${rest%%, not a file*}"; }

chaos_case fifo-output "FIFO as output (subprocess): task FAILED at once, no hang" case_fifo_output
case_fifo_output() {
  local start; start=$(now)
  tarmac_run "$(fixture shell-task)" --runner subprocess --task-timeout 20 -q --param 'script=mkfifo "$1"'
  local took; took=$(since "$start")
  local error; error=$(task_field t error)
  observed "exit $EXIT in ${took} s; t $(task_field t state): out is $(what_it_is "$error")"
  [[ $(task_field t state) == FAILED && $error == *"FIFO (named pipe)"* ]]
}

chaos_case fifo-output-podman "FIFO as output (podman): task FAILED at once, no hang" case_fifo_output_podman
case_fifo_output_podman() {
  podman_or_note || return 1
  local start; start=$(now)
  tarmac_run "$(fixture shell-task)" --runner podman --task-timeout 20 -q --param 'script=mkfifo "$1"'
  local took; took=$(since "$start")
  local error; error=$(task_field t error)
  observed "exit $EXIT in ${took} s; t $(task_field t state): out is $(what_it_is "$error")"
  [[ $(task_field t state) == FAILED && $error == *"FIFO (named pipe)"* ]]
}

chaos_case device-output "char device (/dev/zero) as output: task FAILED, store stays small" case_device_output
case_device_output() {
  local start; start=$(now)
  tarmac_run "$(fixture shell-task)" --runner subprocess --task-timeout 20 -q --param 'script=mknod "$1" c 1 5'
  local took; took=$(since "$start")
  local error size; error=$(task_field t error); size=$(du -sm "$STORE/objects" 2>/dev/null | cut -f1)
  observed "exit $EXIT in ${took} s; t $(task_field t state): out is $(what_it_is "$error"); objects/ ${size:-0} MB"
  [[ $(task_field t state) == FAILED && $error == *"character device"* && ${size:-0} -lt 20 ]]
}

chaos_case sparse-3g "3 GB sparse output: SUCCEEDED, stored with its holes" case_sparse
case_sparse() {
  local start; start=$(now)
  tarmac_run "$(fixture shell-task)" --runner subprocess --task-timeout 120 -q --param 'script=truncate -s 3G "$1"; printf end >> "$1"'
  local took; took=$(since "$start")
  local used; used=$(du -sm "$STORE/objects" 2>/dev/null | cut -f1)
  local blob; blob=$(find "$STORE/objects" -type f -size +1G | head -1)
  local apparent; apparent=$(stat -c %s "$blob" 2>/dev/null)
  observed "t $(task_field t state) in ${took} s; blob ${apparent:-none} bytes, objects/ ${used:-?} MB on disk"
  [[ $(task_field t state) == SUCCEEDED && ${apparent:-0} -gt 3000000000 && ${used:-999} -lt 50 ]]
}

chaos_case dir-specials "FIFO+socket inside an output dir: dropped with a warning" case_dir_specials
case_dir_specials() {
  tarmac_run "$(fixture shell-task)" --runner subprocess --task-timeout 20 --param \
    'script=mkdir -p "$1/sub"; echo kept > "$1/sub/file.txt"; mkfifo "$1/pipe"; cd "$1/sub" && python3 -c "import socket; socket.socket(socket.AF_UNIX).bind(\"sock\")"'
  local warnings; warnings=$(grep -c "was not stored (not artifact content)" "$ERR")
  observed "exit $EXIT, t $(task_field t state); ${warnings} warnings naming the dropped entries"
  [[ $(task_field t state) == SUCCEEDED && $warnings -eq 2 ]]
}

chaos_case fifo-in-objects "FIFO planted in objects/: cache hit is a miss; cache verify exits 1 naming it" case_fifo_in_objects
# plant_fifo: replaces the first stored blob by a FIFO; prints the blob's hex name.
plant_fifo() {
  local blob; blob=$(find "$STORE/objects" -mindepth 2 -type f ! -path "$STORE/objects/tmp/*" | head -1)
  [[ -n $blob ]] || return 1
  chmod u+w "$(dirname "$blob")"; rm -f "$blob"; mkfifo "$blob"
  basename "$blob"
}
case_fifo_in_objects() {
  tarmac_run "$(fixture shell-task)" --runner subprocess -q
  plant_fifo >/dev/null || { observed "no blob was stored"; return 1; }
  local start; start=$(now)
  tarmac_run "$(fixture shell-task)" --runner subprocess -q
  local rerun=$EXIT took; took=$(since "$start")
  local planted; planted=$(plant_fifo) || { observed "rerun exit $rerun, and no blob to plant into again"; return 1; }
  timeout 60 "$TARMAC" cache verify --store "$STORE" >"$CASE_DIR/verify.out" 2>&1
  local verify=$? named=no
  grep -q "damaged (removed): sha256:${planted}" "$CASE_DIR/verify.out" && named=yes
  observed "rerun exit $rerun in ${took} s (t $(task_field t state)); cache verify exit $verify, names the FIFO's object: $named"
  [[ $rerun == 0 && $(task_field t state) == SUCCEEDED && $verify == 1 && $named == yes ]]
}
