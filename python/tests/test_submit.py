"""Contract tests of ``tarmac submit`` and ``tarmac watch`` against a recording KFP API stand-in.

The oracle is the real SDK: ``kfp.Client(host=<fake>).create_run_from_pipeline_package(...)`` on the same
compiled YAML and parameters. Tarmac's recorded requests must equal the SDK's (method, path, query, the
headers that matter, the JSON body as data). The fake's replies are checked against kfp_server_api's models.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import kfp
import pytest

import tarmac
from kfp_fake_server import FakeKFP, snapshot, task

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEADERS = ("accept", "content-type", "authorization", "cookie")
LINE = re.compile(r"^\d\d:\d\d:\d\d (PENDING|RUNNING|SUCCEEDED|CACHED|SKIPPED|FAILED|NOT_RUN|CANCELED) +(.+)$")


def run_tarmac(*args: str, env: Optional[Dict[str, str]] = None, timeout: float = 120) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KFP_") and not k.startswith("KF_PIPELINES")}
    environment.update(env or {})
    return subprocess.run([tarmac.binary(), *args], capture_output=True, text=True, env=environment, timeout=timeout)


def comparable(requests: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Requests as data: the headers that matter; query values and bodies as parsed."""
    out = []
    for r in requests:
        query = {k: [json.loads(v) if k == "filter" else v for v in vs] for k, vs in r["query"].items()}
        out.append({"method": r["method"], "path": r["path"], "query": query, "body": r["body"],
                    "headers": {h: r["headers"].get(h) for h in HEADERS}})
    return out


def sdk_requests(pipeline: Path, arguments: Dict[str, Any], experiments=(), token=None, headers=None, **kwargs):
    fake = FakeKFP().start()
    try:
        for name, namespace in experiments:
            fake.add_experiment(name, namespace)
        client = kfp.Client(host=fake.url, existing_token=token, cookies=(headers or {}).get("Cookie"))
        client.create_run_from_pipeline_package(str(pipeline), arguments=arguments, **kwargs)
        assert fake.model_errors == []
        return comparable(fake.api_requests())
    finally:
        fake.stop()


def tarmac_requests(pipeline: Path, args: List[str], experiments=(), env=None):
    fake = FakeKFP().start()
    try:
        for name, namespace in experiments:
            fake.add_experiment(name, namespace)
        result = run_tarmac("submit", str(pipeline), "--host", fake.url, *args, env=env)
        assert result.returncode == 0, result.stderr
        assert fake.model_errors == []
        return comparable(fake.api_requests()), result, fake.url
    finally:
        fake.stop()


CASES = {
    "ml-new-experiment": dict(
        pipeline=EXAMPLES / "03-ml-pipeline" / "pipeline.yaml",
        arguments={"n_estimators": 10, "test_size": 0.3},
        flags=["--param", "n_estimators=10", "--param", "test_size=0.3", "--experiment", "ml-nightly"],
        sdk=dict(experiment_name="ml-nightly"), experiments=[]),
    "kubernetes-platform-spec-existing-experiment": dict(
        pipeline=EXAMPLES / "11-kubernetes" / "pipeline.yaml",
        arguments={"text": "from the cluster"},
        flags=["--param", "text=from the cluster"],
        sdk=dict(), experiments=[("Default", "")]),
    "every-type-namespace-token-root-account": dict(
        pipeline=EXAMPLES / "02-python-types" / "pipeline.yaml",
        arguments={"text": "héllo \"q\"", "count": 7, "ratio": 0.25, "enabled": False, "tags": ["x", "y"],
                   "options": {"level": 3, "mode": "lite"}, "note": "n"},
        flags=["--param", "text=héllo \"q\"", "--param", "count=7", "--param", "ratio=0.25", "--param", "enabled=false",
               "--param", 'tags=["x", "y"]', "--param", 'options={"level": 3, "mode": "lite"}', "--param", "note=n",
               "--namespace", "team-a", "--experiment", "typed", "--pipeline-root", "minio://mlpipeline/v2/artifacts",
               "--service-account", "pipeline-runner", "--token", "tok-abc.def", "--header", "Cookie=session=abc"],
        sdk=dict(experiment_name="typed", namespace="team-a", pipeline_root="minio://mlpipeline/v2/artifacts",
                 service_account="pipeline-runner"),
        token="tok-abc.def", headers={"Cookie": "session=abc"}, experiments=[("typed", "team-b")]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_submit_sends_what_the_sdk_sends(case: str):
    c = CASES[case]
    expected = sdk_requests(c["pipeline"], c["arguments"], experiments=c["experiments"], token=c.get("token"),
                            headers=c.get("headers"), run_name="contract run", **c["sdk"])
    actual, result, url = tarmac_requests(c["pipeline"], c["flags"] + ["--run-name", "contract run"], experiments=c["experiments"])
    assert [r["path"] for r in actual] == [r["path"] for r in expected]
    for mine, theirs in zip(actual, expected):
        assert mine == theirs
    run_id = result.stdout.split()[1]
    assert run_id.startswith("run-")
    assert result.stdout.strip() == f"run {run_id}  {url}/#/runs/details/{run_id}"


def test_default_run_name_is_the_sdks():
    pipeline = EXAMPLES / "01-shell-components" / "pipeline.yaml"
    expected = sdk_requests(pipeline, {})
    actual, _, _ = tarmac_requests(pipeline, [])
    stamp = re.compile(r"^pipeline\.yaml \d{4}-\d\d-\d\d \d\d-\d\d-\d\d$")
    assert stamp.match(expected[-1]["body"]["display_name"]) and stamp.match(actual[-1]["body"]["display_name"])
    for r in expected + actual:
        if r["body"] and "display_name" in r["body"] and r["path"].endswith("/runs"):
            r["body"]["display_name"] = "<stamp>"
    assert actual == expected


def sdk_upload_requests(pipeline: Path, name: str, arguments: Dict[str, Any], run_name: str, version_name=None,
                        existing=False, namespace=None, experiment="Default", token=None, **run_kwargs):
    """What an SDK user's upload-then-run sends: get_pipeline_id; upload_pipeline (and the version the server made)
    or upload_pipeline_version; create_experiment; run_pipeline with the version."""
    fake = FakeKFP().start()
    try:
        if existing:
            fake.add_pipeline(name)
        client = kfp.Client(host=fake.url, existing_token=token)
        pipeline_id = client.get_pipeline_id(name)
        if pipeline_id is None:
            pipeline_id = client.upload_pipeline(str(pipeline), pipeline_name=name, namespace=namespace).pipeline_id
            versions = client.list_pipeline_versions(pipeline_id, page_size=1, sort_by="created_at desc")
            version_id = versions.pipeline_versions[0].pipeline_version_id
        else:
            version_id = client.upload_pipeline_version(str(pipeline), pipeline_version_name=version_name,
                                                        pipeline_id=pipeline_id).pipeline_version_id
        experiment_id = client.create_experiment(experiment, namespace=namespace).experiment_id
        client.run_pipeline(experiment_id, run_name, pipeline_id=pipeline_id, version_id=version_id, params=arguments, **run_kwargs)
        assert fake.model_errors == []
        return comparable(fake.api_requests()), fake
    finally:
        fake.stop()


def tarmac_upload_requests(pipeline: Path, args: List[str], existing_name=None):
    fake = FakeKFP().start()
    try:
        if existing_name:
            fake.add_pipeline(existing_name)
        result = run_tarmac("submit", str(pipeline), "--host", fake.url, *args)
        assert result.returncode == 0, result.stderr
        assert fake.model_errors == []
        return comparable(fake.api_requests()), result, fake
    finally:
        fake.stop()


def test_upload_new_pipeline_sends_what_the_sdk_sends():
    pipeline = EXAMPLES / "03-ml-pipeline" / "pipeline.yaml"
    expected, sdk_fake = sdk_upload_requests(pipeline, "ml pipeline", {"n_estimators": 10}, "contract run", namespace="team-a",
                                             experiment="ml-nightly", token="tok-1", pipeline_root="minio://b/root",
                                             service_account="runner")
    actual, result, fake = tarmac_upload_requests(pipeline, [
        "--upload", "ml pipeline", "--param", "n_estimators=10", "--run-name", "contract run", "--namespace", "team-a",
        "--experiment", "ml-nightly", "--token", "tok-1", "--pipeline-root", "minio://b/root", "--service-account", "runner",
        "--json"])
    assert [(r["method"], r["path"]) for r in actual] == [
        ("GET", "/apis/v2beta1/pipelines"), ("POST", "/apis/v2beta1/pipelines/upload"),
        ("GET", f"/apis/v2beta1/pipelines/{fake.pipelines[0]['pipeline_id']}/versions"),
        ("GET", "/apis/v2beta1/experiments"), ("POST", "/apis/v2beta1/experiments"), ("POST", "/apis/v2beta1/runs")]
    assert_same_upload_requests(actual, expected, pipeline)
    assert actual[1]["query"] == {"name": ["ml pipeline"], "namespace": ["team-a"]}
    run = actual[-1]["body"]
    assert "pipeline_spec" not in run
    version = fake.versions[0]
    assert run["pipeline_version_reference"] == {"pipeline_id": version["pipeline_id"], "pipeline_version_id": version["pipeline_version_id"]}
    assert version["pipeline_spec"]["pipelineInfo"]["name"] == sdk_fake.versions[0]["pipeline_spec"]["pipelineInfo"]["name"]
    document = json.loads(result.stdout)
    assert document["pipeline_id"] == version["pipeline_id"] and document["pipeline_version_id"] == version["pipeline_version_id"]


def test_upload_existing_pipeline_makes_a_new_version_as_the_sdk_does():
    pipeline = EXAMPLES / "11-kubernetes" / "pipeline.yaml"
    expected, _ = sdk_upload_requests(pipeline, "k8s", {"text": "t"}, "r", version_name="v2", existing=True)
    actual, result, fake = tarmac_upload_requests(pipeline, ["--upload", "k8s", "--version-name", "v2", "--param", "text=t",
                                                             "--run-name", "r"], existing_name="k8s")
    assert [(r["method"], r["path"]) for r in actual] == [
        ("GET", "/apis/v2beta1/pipelines"), ("POST", "/apis/v2beta1/pipelines/upload_version"),
        ("GET", "/apis/v2beta1/experiments"), ("POST", "/apis/v2beta1/experiments"), ("POST", "/apis/v2beta1/runs")]
    assert_same_upload_requests(actual, expected, pipeline)
    pipeline_id = fake.pipelines[0]["pipeline_id"]
    assert actual[1]["query"] == {"name": ["v2"], "pipelineid": [pipeline_id]}
    new = fake.versions[-1]
    assert [v["display_name"] for v in fake.versions] == ["k8s", "v2"]
    assert actual[-1]["body"]["pipeline_version_reference"] == {"pipeline_id": pipeline_id, "pipeline_version_id": new["pipeline_version_id"]}
    assert f"uploaded version 'v2' of pipeline 'k8s'  {fake.url}/#/pipelines/details/{pipeline_id}/version/{new['pipeline_version_id']}" in result.stderr
    # Without --version-name: the pipeline name and the time (version names are unique per pipeline on the backend).
    again, _, fake = tarmac_upload_requests(pipeline, ["--upload", "k8s"], existing_name="k8s")
    assert re.match(r"^k8s \d{4}-\d\d-\d\d \d\d-\d\d-\d\d$", again[1]["query"]["name"][0])


def assert_same_upload_requests(actual, expected, pipeline: Path):
    """Equal as data; the multipart bodies as their parts (field name, file name, bytes), the ids as the fake made them."""
    assert len(actual) == len(expected)
    for mine, theirs in zip(actual, expected):
        if mine["path"].endswith(("/upload", "/upload_version")):
            assert mine["headers"]["content-type"].startswith("multipart/form-data; boundary=")
            assert theirs["headers"]["content-type"].startswith("multipart/form-data; boundary=")
            assert [(p["name"], p["filename"], p["content"]) for p in mine["body"]] == \
                [(p["name"], p["filename"], p["content"]) for p in theirs["body"]] == \
                [("uploadfile", pipeline.name, pipeline.read_bytes())]
            assert mine["body"][0]["content_type"] == theirs["body"][0]["content_type"]
            other = lambda r: dict(r, headers={h: v for h, v in r["headers"].items() if h != "content-type"})
            mine, theirs = other(mine), other(theirs)
        assert mine == theirs


def test_upload_errors():
    pipeline = str(EXAMPLES / "01-shell-components" / "pipeline.yaml")
    alone = run_tarmac("submit", pipeline, "--host", "http://127.0.0.1:9", "--version-name", "v")
    assert alone.returncode == 2 and "tarmac: error: --version-name needs --upload NAME" in alone.stderr
    fake = FakeKFP().start()
    try:
        fake.add_pipeline("twin")
        fake.add_pipeline("twin")
        twins = run_tarmac("submit", pipeline, "--host", fake.url, "--upload", "twin")
        fake.add_pipeline("p")
        taken = run_tarmac("submit", pipeline, "--host", fake.url, "--upload", "p", "--version-name", "p")
    finally:
        fake.stop()
    assert twins.returncode == 2 and "tarmac: error: 2 pipelines are named 'twin'" in twins.stderr
    assert taken.returncode == 65, taken.stderr
    assert "answered POST /apis/v2beta1/pipelines/upload_version with HTTP 409" in taken.stderr
    assert "The name p already exists" in taken.stderr
    assert not [r for r in fake.requests if r["path"] == "/apis/v2beta1/runs"]


def local_lines(pipeline: Path, store: Path) -> List[tuple]:
    result = run_tarmac("run", str(pipeline), "--runner", "subprocess", "--store", str(store), "--no-cache")
    assert result.returncode == 0, result.stderr
    return [LINE.match(l).groups() for l in result.stderr.splitlines() if LINE.match(l)]


def test_submit_watch_prints_the_lines_of_a_local_run(tmp_path: Path):
    pipeline = EXAMPLES / "01-shell-components" / "pipeline.yaml"
    lines = local_lines(pipeline, tmp_path / "store")
    assert lines, "the local run printed no state lines"
    states: Dict[str, str] = {}
    steps = [snapshot("PENDING")]
    for state, title in lines:  # one state change per poll, in the local run's order
        states[title] = state
        steps.append(snapshot("RUNNING", *[task(t, s) for t, s in states.items()]))
    steps.append(snapshot("SUCCEEDED", *[task(t, s) for t, s in states.items()]))
    fake = FakeKFP().start()
    fake.next_run_states = steps
    try:
        result = run_tarmac("submit", str(pipeline), "--host", fake.url, "--watch", "--poll-interval", "0.05",
                            "--junit", str(tmp_path / "junit.xml"))
    finally:
        fake.stop()
    assert result.returncode == 0, result.stderr
    assert [LINE.match(l).groups() for l in result.stderr.splitlines() if LINE.match(l)] == lines
    assert "remote run run-" in result.stderr and "SUCCEEDED" in result.stderr
    assert fake.model_errors == []
    junit = (tmp_path / "junit.xml").read_text()
    assert "<failure" not in junit and f'tests="{len(states)}"' in junit


def failing_replay():
    return [
        snapshot("PENDING"),
        snapshot("RUNNING", task("root-driver", "SUCCEEDED"), task("train", "RUNNING")),
        snapshot("RUNNING", task("train", "FAILED", error="exit status 3"), task("evaluate", "PENDING")),
        snapshot("FAILED", task("train", "FAILED", error="exit status 3", end="2026-01-01T00:00:30Z"),
                 task("evaluate", "SKIPPED"), error="task train failed"),
    ]


def test_watch_a_failing_run_exit_code_lines_and_junit(tmp_path: Path):
    fake = FakeKFP().start()
    fake.next_run_states = failing_replay()
    secret = "tok-SECRET-4242"
    store = tmp_path / "store"
    try:
        result = run_tarmac("submit", str(EXAMPLES / "01-shell-components" / "pipeline.yaml"), "--host", fake.url,
                            "--watch", "--poll-interval", "0.05", "--junit", str(tmp_path / "junit.xml"),
                            env={"KFP_TOKEN": secret, "TARMAC_STORE": str(store)})
        as_json = run_tarmac("watch", "run-2", "--host", fake.url, "--json", "--token-file", str(write(tmp_path / "t", secret)))
    finally:
        fake.stop()
    assert result.returncode == 1, result.stderr
    seen = [LINE.match(l).groups() for l in result.stderr.splitlines() if LINE.match(l)]
    assert seen == [("RUNNING", "train"), ("FAILED", "train: exit status 3"), ("PENDING", "evaluate"), ("SKIPPED", "evaluate")]
    assert "remote run run-2 FAILED (task train failed): 1 skipped, 1 failed" in result.stderr
    junit = (tmp_path / "junit.xml").read_text()
    assert '<testcase name="train"' in junit and "exit status 3" in junit and 'failures="1"' in junit
    assert as_json.returncode == 1
    document = json.loads(as_json.stdout)
    assert document["state"] == "FAILED" and {t["name"]: t["state"] for t in document["tasks"]} == {"train": "FAILED", "evaluate": "SKIPPED"}
    assert all(r["headers"]["authorization"] == f"Bearer {secret}" for r in fake.api_requests())
    # The token is nowhere but in the requests' headers.
    for text in (result.stdout, result.stderr, as_json.stdout, as_json.stderr, (tmp_path / "junit.xml").read_text()):
        assert secret not in text
    for path in list(store.rglob("*")) if store.exists() else []:
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def write(path: Path, text: str) -> Path:
    path.write_text(text + "\n")
    return path


def test_ctrl_c_stops_watching_and_terminates_only_when_asked(tmp_path: Path):
    fake = FakeKFP().start()
    try:
        fake.next_run_states = [snapshot("RUNNING", task("train", "RUNNING"))]
        for flags, terminated in (([], False), (["--cancel-on-interrupt"], True)):
            created = run_tarmac("submit", str(EXAMPLES / "01-shell-components" / "pipeline.yaml"), "--host", fake.url)
            run_id = created.stdout.split()[1]
            watcher = subprocess.Popen([tarmac.binary(), "watch", run_id, "--host", fake.url, "--poll-interval", "0.1", *flags],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            deadline = time.time() + 30
            while not any(r["path"].endswith(run_id) for r in fake.requests) and time.time() < deadline:
                time.sleep(0.05)
            watcher.send_signal(signal.SIGINT)
            _, err = watcher.communicate(timeout=30)
            assert watcher.returncode == 130, err
            terminate = [r for r in fake.requests if r["path"] == f"/apis/v2beta1/runs/{run_id}:terminate"]
            assert bool(terminate) == terminated, err
            assert ("goes on" in err) != terminated
    finally:
        fake.stop()


def test_server_going_away_mid_watch():
    fake = FakeKFP().start()
    fake.next_run_states = [snapshot("RUNNING", task("train", "RUNNING"))]
    created = run_tarmac("submit", str(EXAMPLES / "01-shell-components" / "pipeline.yaml"), "--host", fake.url)
    fake.stop_after_gets = 2
    result = run_tarmac("watch", created.stdout.split()[1], "--host", fake.url, "--poll-interval", "0.1")
    assert result.returncode == 74, result.stderr
    assert "tarmac: error: cannot reach the KFP API at 127.0.0.1:" in result.stderr
    assert "while watching run run-2" in result.stderr and "the run is not affected" in result.stderr


@pytest.mark.parametrize("kind", ["401", "403", "404", "not-json", "retried-503"])
def test_api_errors_name_host_endpoint_status_and_credential(kind: str, tmp_path: Path):
    fake = FakeKFP(token="right-token" if kind == "401" else None, forbidden=kind == "403").start()
    try:
        fake.not_json = kind == "not-json"
        if kind == "retried-503":
            fake.fail_next = [503, 503]
        pipeline = str(EXAMPLES / "01-shell-components" / "pipeline.yaml")
        if kind == "404":
            result = run_tarmac("watch", "run-nope", "--host", fake.url)
        else:
            result = run_tarmac("submit", pipeline, "--host", fake.url, "--token-file", str(write(tmp_path / "tok", "wrong-token")))
    finally:
        fake.stop()
    err = result.stderr
    assert "wrong-token" not in err + result.stdout
    if kind == "retried-503":
        assert result.returncode == 0, err
        assert [r["method"] for r in fake.requests][:3] == ["GET", "GET", "GET"]
        return
    host = fake.url.split("//")[1]
    expected = {
        "401": (74, f"the KFP API at {host} answered GET /apis/v2beta1/experiments with HTTP 401 Unauthorized: Unauthorized: the token is missing or invalid",
                f"hint: Tarmac sent the bearer token from --token-file {tmp_path / 'tok'}"),
        "403": (74, "with HTTP 403 Forbidden: Forbidden: user is not allowed to access namespace", "check the account's access to the namespace"),
        "404": (65, "answered GET /apis/v2beta1/runs/run-nope with HTTP 404 Not Found: Failed to get run: Run run-nope not found", "check the run id"),
        "not-json": (74, "answered GET /apis/v2beta1/experiments with HTTP 200 but not with the JSON expected (it begins '<html>", "is --host the KFP API"),
    }[kind]
    assert result.returncode == expected[0], err
    assert "\ntarmac: error: the KFP API at " in "\n" + err and expected[1] in err and expected[2] in err
    assert f"  at GET {fake.url}/apis/v2beta1/" in err


def test_bad_hosts_fail_fast():
    pipeline = str(EXAMPLES / "01-shell-components" / "pipeline.yaml")
    result = run_tarmac("submit", pipeline, "--host", "127.0.0.1:8888")
    assert result.returncode == 2
    assert "tarmac: error: '127.0.0.1:8888' is not a KFP API address: it has no http:// or https:// scheme" in result.stderr
    closed = run_tarmac("watch", "r", "--host", "http://127.0.0.1:9")  # discard port: nothing listens
    assert closed.returncode == 74 and "cannot reach the KFP API at 127.0.0.1:9" in closed.stderr
    # A server that accepts the connection and never answers: an error within --request-timeout, not a hang
    # (subprocess's timeout fails the test). A routed blackhole address is no use here: this machine's
    # network answers for every outside address.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        port = silent.getsockname()[1]
        hung = run_tarmac("watch", "r", "--host", f"http://127.0.0.1:{port}", "--request-timeout", "2", timeout=60)
    finally:
        silent.close()
    assert hung.returncode == 74, hung.stderr
    assert f"the KFP API at 127.0.0.1:{port} did not answer GET /apis/v2beta1/runs/r within 2 s" in hung.stderr
    missing = run_tarmac("submit", pipeline)
    assert missing.returncode == 2 and "no KFP host: pass --host URL, set KFP_HOST" in missing.stderr
