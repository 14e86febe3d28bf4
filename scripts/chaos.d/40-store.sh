# Issue 17.7–17.10 and 17.12: the store's faults, one executable each in this directory (store-*, logs-*,
# runs-*, max-parallel-*, validate-*: see README.md here). Each prints `case | expected | observed` and
# exits 0 when it held; this file registers each as a case, its expected text read from its last row.

store_case() {
  local out
  out=$(cd "$ROOT" && "$1" 2>>"$CASE_DIR/case.log")
  local status=$?
  IFS='|' read -r _ _ seen <<<"$(printf '%s\n' "$out" | tail -1)"
  observed "${seen# }"
  return $status
}

for executable in "$ROOT"/scripts/chaos.d/[a-z]*; do
  [[ -x $executable && $executable != *.sh && $executable != */README.md ]] || continue
  name=$(basename "$executable")
  row=$(grep -E '^ *echo "' "$executable" | tail -1)
  IFS='|' read -r _ expected _ <<<"$row"
  expected=$(sed -E 's/ ?\$\([^)]*\)\)?//g; s/^ //; s/ $//' <<<"$expected")
  eval "store_case_${name//-/_}() { store_case \"$executable\"; }"
  chaos_case "$name" "$expected" "store_case_${name//-/_}"
done
