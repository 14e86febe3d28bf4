# Issue 17.7–17.10 and 17.12: the store's faults (damage, a full disk, odd logs, exit codes, ordering, validation).
# Cases that mount a tmpfs need root (as CI runs); the mount is undone when the case ends.

# tmpfs_at DIR SIZE: mounts a tmpfs of SIZE on DIR (made first) until the case's shell exits.
tmpfs_at() {
  mkdir -p "$1"
  mount -t tmpfs -o "size=$2" tmpfs "$1" || { observed "cannot mount a tmpfs (needs root)"; return 1; }
  trap "umount -l '$1'" EXIT
}

# damage_page TABLE: overwrites the page-type byte of TABLE's root page (after moving the WAL into the file).
damage_page() {
  local db=$STORE/tarmac.sqlite root page
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  read -r root page <<<"$(sqlite3 "$db" "SELECT rootpage FROM sqlite_master WHERE name = '$1';" "PRAGMA page_size;" | tr '\n' ' ')"
  printf '\0' | dd of="$db" bs=1 seek=$(( (root - 1) * page )) conv=notrunc status=none
}

chaos_case store-damaged-index "check exit 1, repair exit 0, 200 runs, integrity ok" case_damaged_index
case_damaged_index() {
  local db=$STORE/tarmac.sqlite i
  "$TARMAC" runs list --store "$STORE" >/dev/null
  for i in $(seq 1 200); do
    echo "INSERT INTO runs (id, pipeline_name, pipeline_file, state, parameters_json, pipeline_root, started) VALUES (lower(hex(randomblob(16))), 'p', '/p.yaml', 'SUCCEEDED', '{}', '/r', $i);"
  done | sqlite3 "$db"
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  local root page
  read -r root page <<<"$(sqlite3 "$db" "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_runs_1';" "PRAGMA page_size;" | tr '\n' ' ')"
  # Digits in the index's cells shifted by one: the rows stay intact, the index no longer matches them.
  python3 - "$db" "$root" "$page" <<'PY'
import sys
path, root, page = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, 'r+b') as f:
    f.seek(root * page - 200); data = bytearray(f.read(200))
    data = bytearray((0x30 + (b - 0x30 + 1) % 10) if 0x30 <= b <= 0x39 else b for b in data)
    f.seek(root * page - 200); f.write(data)
PY
  "$TARMAC" store check --store "$STORE" >/dev/null 2>&1; local check=$?
  "$TARMAC" store repair --store "$STORE" >/dev/null 2>&1; local repair=$?
  local runs integrity
  runs=$(sql "SELECT count(*) FROM runs"); integrity=$(sql "PRAGMA integrity_check" | head -1)
  observed "check exit $check, repair exit $repair, $runs runs, integrity $integrity"
  [[ $check == 1 && $repair == 0 && $runs == 200 && $integrity == ok ]]
}

chaos_case store-damaged-pages "run refuses damaged pages first: exit 74, quick_check, repair hint, no run" case_damaged_pages
case_damaged_pages() {
  tarmac_run "$(fixture odd-log)" --runner subprocess -q
  damage_page artifact_uses  # a table this run never reads: only the check at the start can notice
  tarmac_run "$(fixture odd-log)" --runner subprocess -q
  local runs; runs=$(sql "SELECT count(*) FROM runs")
  local said=no; grep -q 'quick_check found' "$ERR" && grep -q 'tarmac store repair' "$ERR" && said=yes
  observed "exit $EXIT, names quick_check and store repair: $said, $runs runs recorded"
  [[ $EXIT == 74 && $said == yes && $runs == 1 ]]
}

chaos_case store-empty-database "0-byte tarmac.sqlite next to artifacts/: exit 74, file untouched, says empty" case_empty_database
case_empty_database() {
  mkdir -p "$STORE/artifacts/p/run" && echo weights > "$STORE/artifacts/p/run/model" && : > "$STORE/tarmac.sqlite"
  "$TARMAC" runs list --store "$STORE" >/dev/null 2>"$CASE_DIR/err"; local code=$?
  local size; size=$(stat -c %s "$STORE/tarmac.sqlite")
  observed "exit $code, file $size bytes, $(grep -o 'empty (0 bytes)' "$CASE_DIR/err" | head -1)"
  [[ $code == 74 && $size == 0 ]] && grep -q 'empty (0 bytes)' "$CASE_DIR/err"
}

chaos_case store-foreign-database "foreign SQLite file as tarmac.sqlite: exit 65, file untouched" case_foreign_database
case_foreign_database() {
  sqlite3 "$STORE/tarmac.sqlite" "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');"
  local before after; before=$(sha256sum < "$STORE/tarmac.sqlite")
  "$TARMAC" runs list --store "$STORE" >/dev/null 2>&1; local code=$?
  after=$(sha256sum < "$STORE/tarmac.sqlite")
  local same=written; [[ $before == "$after" && ! -e $STORE/tarmac.sqlite-wal ]] && same=untouched
  observed "exit $code, file $same"
  [[ $code == 65 && $same == untouched ]]
}

chaos_case store-read-only "read-only store / read-only working directory: exit 74 / 74" case_read_only
case_read_only() {
  local mountpoint=$CASE_DIR/ro
  tmpfs_at "$mountpoint" 8m || return 1
  "$TARMAC" runs list --store "$mountpoint/s" >/dev/null 2>&1 && mount -o remount,ro "$mountpoint"
  "$TARMAC" cache stats --store "$mountpoint/s" >/dev/null 2>&1; local store=$?
  (cd "$mountpoint" && env -u TARMAC_STORE "$TARMAC" runs list >/dev/null 2>&1); local cwd=$?
  observed "exit $store / $cwd"
  [[ $store == 74 && $cwd == 74 ]]
}

chaos_case store-full-disk "20 MB store fills: exit 1, run FAILED, hog names the full disk, after NOT_RUN, no raw structs" case_full_disk
case_full_disk() {
  tmpfs_at "$CASE_DIR/small" 20m || return 1
  STORE=$CASE_DIR/small/s
  tarmac_run "$(fixture fill-store)" --runner subprocess -q
  local hog after error raw
  hog=$(task_field hog state); after=$(task_field after state); error=$(task_field hog error)
  raw=$(grep -c 'RunStoreError(\|Optional(' "$ERR")
  local named=no; [[ $error == *"no space left on device under $STORE/"* ]] && named=yes
  observed "exit $EXIT, run $(run_state), hog $hog (names the full disk: $named), after $after, $raw raw structs"
  [[ $EXIT == 1 && $(run_state) == FAILED && $hog == FAILED && $named == yes && $after == NOT_RUN && $raw == 0 ]]
}

chaos_case logs-not-utf8 "non-UTF-8 log / missing log: exit 0 with U+FFFD / exit 74" case_logs_not_utf8
case_logs_not_utf8() {
  tarmac_run "$(fixture odd-log)" --runner subprocess -q
  "$TARMAC" logs latest odd --store "$STORE" >"$CASE_DIR/out" 2>&1; local shown=$?
  local replaced=no; grep -q $'caf\xef\xbf\xbd' "$CASE_DIR/out" && replaced=yes
  rm -f "$STORE"/artifacts/odd-log/*/odd/attempt-0.log
  "$TARMAC" logs latest odd --store "$STORE" >/dev/null 2>&1; local gone=$?
  observed "exit $shown, U+FFFD $replaced / exit $gone"
  [[ $shown == 0 && $replaced == yes && $gone == 74 ]]
}

chaos_case runs-order-clock "runs list --limit 1 after a run recorded a day ahead: the later run" case_runs_order
case_runs_order() {
  tarmac_run "$(fixture shell-task)" --runner subprocess -q --param 'script=true'
  sqlite3 "$STORE/tarmac.sqlite" "UPDATE runs SET started = started + 86400, finished = finished + 86400;"  # the clock a day ahead
  tarmac_run "$(fixture shell-task)" --runner subprocess -q --json --param 'script=true'
  local second first
  second=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["run_id"][:8])' <<<"$OUT")
  first=$("$TARMAC" runs list --limit 1 --json --store "$STORE" | python3 -c "import json,sys; print(json.load(sys.stdin)['runs'][0]['id'][:8])")
  observed "the later run $second; listed first: $first"
  [[ -n $second && $first == "$second" ]]
}

chaos_case max-parallel-above-cores "16 tasks of 4 s, --max-parallel 16: all started before the first ended" case_max_parallel
case_max_parallel() {
  tarmac_run "$(fixture wide-naps)" --runner subprocess -q --max-parallel 16 --param seconds=4
  local count last first_end
  count=$(find "$STORE/artifacts" -path '*/parameters/started' | wc -l)
  last=$(find "$STORE/artifacts" -path '*/parameters/started' -exec cat {} + | sort -n | tail -1)
  first_end=$(sql "SELECT min(finished) FROM tasks WHERE display_name LIKE 'nap-%'")
  local before; before=$(python3 -c "print('yes' if ${last:-0} < ${first_end:-0} else 'no')")
  observed "$count of 16 started on $(nproc) cores; last start $(python3 -c "print(round(${last:-0} - ${first_end:-0}, 1))") s from the first end: $before"
  [[ $EXIT == 0 && $count == 16 && $before == yes ]]
}

chaos_case validate-output-names "validate: output names ../x, a/b, NUL, 5,000 characters: exit 65 each" case_validate_names
case_validate_names() {
  local long codes="" ok=yes name code
  long=$(head -c 5000 /dev/zero | tr '\0' n)
  # Hand-written IR: the KFP compiler never writes such names.
  for name in "'../x'" "a/b" '"a\0b"' "$long"; do
    cat > "$CASE_DIR/p.yaml" <<YAML
components:
  comp-t: {executorLabel: exec-t, outputDefinitions: {artifacts: {? $name : {artifactType: {schemaTitle: system.Artifact, schemaVersion: 0.0.1}}}}}
deploymentSpec: {executors: {exec-t: {container: {image: docker.io/library/busybox:1.36, command: [sh, -c, 'true']}}}}
pipelineInfo: {name: names}
root: {dag: {tasks: {t: {componentRef: {name: comp-t}, taskInfo: {name: t}}}}}
schemaVersion: 2.1.0
YAML
    "$TARMAC" validate "$CASE_DIR/p.yaml" >/dev/null 2>&1; code=$?; codes="$codes $code"; [[ $code == 65 ]] || ok=no
  done
  observed "exit$codes"
  [[ $ok == yes ]]
}
