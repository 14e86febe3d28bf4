# Issue 17.6: task keys that used to share a task directory or a container name. The KFP compiler never
# writes such keys (it sanitises names), so this IR is written by hand, as the probe did.

names_ir() {
  local tasks="" key
  for key in a 'a]' 'for-loop-2.0' 'tâsk' 'tésk'; do
    tasks+="      '$key': {componentRef: {name: comp-w}, taskInfo: {name: '$key'}, inputs: {parameters: {text: {runtimeValue: {constant: 'from $key'}}}}}
"
  done
  cat <<YAML
components:
  comp-w:
    executorLabel: exec-w
    inputDefinitions: {parameters: {text: {parameterType: STRING}}}
    outputDefinitions: {artifacts: {out: {artifactType: {schemaTitle: system.Artifact, schemaVersion: 0.0.1}}}}
deploymentSpec:
  executors:
    exec-w:
      container:
        image: docker.io/library/busybox:1.36
        command: [sh, -c, 'mkdir -p "\$(dirname "\$1")"; sleep 2; printf %s "\$0" > "\$1"']
        args: ["{{\$.inputs.parameters['text']}}", "{{\$.outputs.artifacts['out'].path}}"]
pipelineInfo: {name: names}
root:
  dag:
    tasks:
$tasks
schemaVersion: 2.1.0
sdkVersion: kfp-2.17.3
YAML
}

# names_check RUNNER: runs the five tasks side by side; each output must hold its own task's text.
names_check() {
  names_ir > "$CASE_DIR/names.yaml"
  tarmac_run "$CASE_DIR/names.yaml" --runner "$1" --max-parallel 5 -q --json
  local directories wrong=0 key file
  directories=$(find "$STORE/artifacts/names" -mindepth 2 -maxdepth 2 -type d ! -name '.*' | wc -l)
  for key in a 'a]' 'for-loop-2.0' 'tâsk' 'tésk'; do
    file=$(sql "SELECT uri FROM artifacts WHERE producer_task = '$key'")
    [[ -f $file && $(cat "$file") == "from $key" ]] || wrong=$((wrong + 1))
  done
  observed "exit $EXIT; $directories task directories for 5 tasks; $wrong outputs with another task's bytes$(grep -o 'already in use' "$ERR" | head -1)"
  [[ $EXIT == 0 && $directories == 5 && $wrong == 0 ]]
}

chaos_case names-subprocess "keys a, a], for-loop-2.0, tâsk, tésk: 5 dirs, own bytes" case_names_subprocess
case_names_subprocess() { names_check subprocess; }

chaos_case names-podman "the same 5 keys in podman: 5 containers at once, no clash" case_names_podman
case_names_podman() { podman_or_note || return 1; names_check podman; }
