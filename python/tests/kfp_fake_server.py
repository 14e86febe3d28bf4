"""A recording stand-in for the KFP API server (REST v2beta1) on 127.0.0.1, for contract tests.

It records every request (method, path, query, headers, JSON body) and answers the endpoints that
``kfp.Client`` and ``tarmac submit``/``watch`` use. Every reply is checked against the real generated
client models (``kfp_server_api``): it must deserialize, and every key it carries must be a field of
the model, so the fake cannot drift from the API. Problems found are kept in ``model_errors``.
"""

from __future__ import annotations

import datetime
import email.parser
import email.policy
import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qs, urlsplit

import kfp_server_api

API = "/apis/v2beta1"
NOW = "2026-01-01T00:00:00Z"


class _Reply:
    """What ``ApiClient.deserialize`` reads: a ``.data`` attribute."""

    def __init__(self, data: str):
        self.data = data


def check_against_models(data: Any, model: str) -> List[str]:
    """Deserializes ``data`` as ``model`` with kfp_server_api and lists every key no model field takes."""
    errors: List[str] = []
    try:
        kfp_server_api.ApiClient().deserialize(_Reply(json.dumps(data)), model)
    except Exception as error:  # the generated client's own validation (enums, types)
        errors.append(f"{model}: {error}")
    _unknown_keys(data, model, "", errors)
    return errors


def _unknown_keys(data: Any, model: str, where: str, errors: List[str]) -> None:
    klass = getattr(kfp_server_api.models, model, None)
    allowed = getattr(klass, "allowable_values", None)
    if allowed is not None and data not in allowed:
        errors.append(f"{model}{where}: {data!r} is not one of {allowed}")
    if klass is None or not isinstance(data, dict) or not hasattr(klass, "attribute_map"):
        return
    fields = {json_name: attr for attr, json_name in klass.attribute_map.items()}
    for key, value in data.items():
        if key not in fields:
            errors.append(f"{model}{where}: '{key}' is not a field of the model")
            continue
        kind = klass.openapi_types[fields[key]]
        if kind.startswith("list["):
            for i, item in enumerate(value or []):
                _unknown_keys(item, kind[5:-1], f"{where}.{key}[{i}]", errors)
        else:
            _unknown_keys(value, kind, f"{where}.{key}", errors)


class FakeKFP:
    """The server's state and knobs; start with ``start()``, stop with ``stop()``."""

    def __init__(self, token: Optional[str] = None, forbidden: bool = False):
        self.requests: List[Dict[str, Any]] = []
        self.model_errors: List[str] = []
        self.experiments: List[Dict[str, Any]] = []
        self.runs: Dict[str, Dict[str, Any]] = {}
        self.pipelines: List[Dict[str, Any]] = []
        self.versions: List[Dict[str, Any]] = []  # of every pipeline, oldest first
        # run id -> states to replay: each GET of the run takes the next (the last one stays).
        self.replays: Dict[str, List[Dict[str, Any]]] = {}
        self.token = token          # when set, requests without "Bearer <token>" get 401
        self.forbidden = forbidden  # when set, every API request gets 403
        self.fail_next: List[int] = []  # statuses to answer before serving normally (503, 502, ...)
        self.not_json = False       # answer 200 with an HTML page
        self.stop_after_gets: Optional[int] = None  # close the server after this many run GETs
        self.next_run_states: Optional[List[Dict[str, Any]]] = None  # replay given to the next created run
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "FakeKFP":
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add_experiment(self, name: str, namespace: str = "") -> str:
        experiment_id = f"exp-{next(self._ids)}"
        self.experiments.append({"experiment_id": experiment_id, "display_name": name, "namespace": namespace,
                                 "created_at": NOW, "storage_state": "AVAILABLE"})
        return experiment_id

    def add_pipeline(self, name: str, namespace: Optional[str] = None, content: bytes = b"{}") -> Dict[str, Any]:
        """A pipeline and its first version (named as the pipeline, as the backend names it)."""
        pipeline = {"pipeline_id": f"pl-{next(self._ids)}", "display_name": name, "name": name, "created_at": NOW}
        if namespace:
            pipeline["namespace"] = namespace
        self.pipelines.append(pipeline)
        self.add_version(pipeline["pipeline_id"], name, content)
        return pipeline

    def add_version(self, pipeline_id: str, name: str, content: bytes) -> Dict[str, Any]:
        version = {"pipeline_id": pipeline_id, "pipeline_version_id": f"pv-{next(self._ids)}", "display_name": name,
                   "name": name, "created_at": NOW, "pipeline_spec": json.loads(json.dumps(_yaml(content)))}
        self.versions.append(version)
        return version

    def api_requests(self) -> List[Dict[str, Any]]:
        """The recorded requests but the SDK's healthz probe."""
        return [r for r in self.requests if not r["path"].endswith("/healthz")]

    # -- handling -----------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                fake._serve(self, "GET")

            def do_POST(self):
                fake._serve(self, "POST")

        return Handler

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        kind = handler.headers.get("Content-Type") or ""
        body = multipart_parts(kind, raw) if kind.startswith("multipart/") else (json.loads(raw) if raw else None)
        with self._lock:
            self.requests.append({
                "method": method, "path": parts.path, "query": parse_qs(parts.query, keep_blank_values=True),
                "headers": {k.lower(): v for k, v in handler.headers.items()}, "body": body,
            })
            status, reply, model = self._answer(handler, method, parts.path, parse_qs(parts.query, keep_blank_values=True), body)
        if model:
            self.model_errors += check_against_models(reply, model)
        if self.not_json and status == 200:
            data, kind = b"<html><body>Sign in</body></html>", "text/html"
        else:
            data, kind = json.dumps(reply).encode(), "application/json"
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        going = self.stop_after_gets is not None and self.stop_after_gets <= 0
        if going:  # no kept-alive connection may outlive the server
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        handler.wfile.write(data)
        if going:
            threading.Thread(target=self.stop, daemon=True).start()

    def _error(self, status: int, message: str):
        return status, {"code": {401: 16, 403: 7, 404: 5}.get(status, 13), "message": message, "details": []}, "GoogleRpcStatus"

    def _answer(self, handler, method, path, query, body):
        if path == f"{API}/healthz":
            return 200, {"multi_user": False}, "V2beta1GetHealthzResponse"
        if self.fail_next:
            status = self.fail_next.pop(0)
            return self._error(status, f"upstream answered {status}")
        auth = handler.headers.get("Authorization")
        if self.token is not None and auth != f"Bearer {self.token}":
            return self._error(401, "Unauthorized: the token is missing or invalid")
        if self.forbidden:
            return self._error(403, "Forbidden: user is not allowed to access namespace")
        if method == "GET" and path == f"{API}/experiments":
            predicate = json.loads(query["filter"][0])["predicates"][0]
            namespace = query.get("namespace", [""])[0]
            found = [e for e in self.experiments if e["display_name"] == predicate["stringValue"]
                     and (e["namespace"] == namespace or not namespace)]
            return 200, ({"experiments": found, "total_size": len(found)} if found else {}), "V2beta1ListExperimentsResponse"
        if method == "POST" and path == f"{API}/experiments":
            experiment_id = self.add_experiment(body["display_name"], body.get("namespace", ""))
            return 200, self.experiments[-1], "V2beta1Experiment"
        if method == "GET" and path == f"{API}/pipelines":
            predicate = json.loads(query["filter"][0])["predicates"][0]
            found = [p for p in self.pipelines if p["display_name"] == predicate["stringValue"]]
            return 200, ({"pipelines": found, "total_size": len(found)} if found else {}), "V2beta1ListPipelinesResponse"
        if method == "POST" and path in (f"{API}/pipelines/upload", f"{API}/pipelines/upload_version"):
            files = [p for p in body if p["name"] == "uploadfile" and p["filename"]]
            if len(files) != 1 or not files[0]["filename"].endswith((".yaml", ".yml")):
                return self._error(400, "Failed to create a pipeline due to error parsing pipeline spec filename")
            name = query["name"][0]
            if path.endswith("/upload"):
                if any(p["display_name"] == name for p in self.pipelines):
                    return self._error(409, f"Failed to create a new pipeline. The name {name} already exists")
                return 200, self.add_pipeline(name, query.get("namespace", [None])[0], files[0]["content"]), "V2beta1Pipeline"
            pipeline_id = query["pipelineid"][0]
            if not any(p["pipeline_id"] == pipeline_id for p in self.pipelines):
                return self._error(404, f"Pipeline {pipeline_id} not found")
            if any(v["pipeline_id"] == pipeline_id and v["display_name"] == name for v in self.versions):
                return self._error(409, f"Failed to create a new pipeline version. The name {name} already exists")
            return 200, self.add_version(pipeline_id, name, files[0]["content"]), "V2beta1PipelineVersion"
        if method == "GET" and path.startswith(f"{API}/pipelines/") and path.endswith("/versions"):
            pipeline_id = path[len(f"{API}/pipelines/"):-len("/versions")]
            versions = [v for v in self.versions if v["pipeline_id"] == pipeline_id]
            if query.get("sort_by") == ["created_at desc"]:
                versions.reverse()  # every created_at is NOW: the newest is the last added
            size = int(query.get("page_size", ["10"])[0])
            return 200, ({"pipeline_versions": versions[:size], "total_size": len(versions)} if versions else {}), \
                "V2beta1ListPipelineVersionsResponse"
        if method == "POST" and path == f"{API}/runs":
            run_id = f"run-{next(self._ids)}"
            run = {"run_id": run_id, "experiment_id": body.get("experiment_id"), "display_name": body["display_name"],
                   "pipeline_spec": body.get("pipeline_spec"), "pipeline_version_reference": body.get("pipeline_version_reference"),
                   "runtime_config": body.get("runtime_config"),
                   "service_account": body.get("service_account", ""), "storage_state": "AVAILABLE",
                   "created_at": NOW, "scheduled_at": NOW, "state": "PENDING"}
            self.runs[run_id] = run
            if self.next_run_states is not None:
                self.replays[run_id] = list(self.next_run_states)
            return 200, run, "V2beta1Run"
        if path.startswith(f"{API}/runs/"):
            run_id = path[len(f"{API}/runs/"):]
            if method == "POST" and run_id.endswith(":terminate"):
                run_id = run_id[:-len(":terminate")]
                if run_id not in self.runs:
                    return self._error(404, f"Run {run_id} not found")
                self.runs[run_id]["state"] = "CANCELING"
                return 200, {}, None
            if method == "GET":
                if run_id not in self.runs:
                    return self._error(404, f"Failed to get run: Run {run_id} not found")
                if self.stop_after_gets is not None:
                    self.stop_after_gets -= 1
                replay = self.replays.get(run_id)
                if replay:
                    step = replay.pop(0) if len(replay) > 1 else replay[0]
                    self.runs[run_id].update(step)
                return 200, self.runs[run_id], "V2beta1Run"
        return self._error(404, f"no such endpoint: {method} {path}")


def multipart_parts(content_type: str, raw: bytes) -> List[Dict[str, Any]]:
    """A multipart/form-data body as data: each part's field name, file name, content type and bytes (no boundary)."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    return [{"name": part.get_param("name", header="content-disposition"), "filename": part.get_filename(),
             "content_type": part.get_content_type(), "content": part.get_payload(decode=True)}
            for part in message.iter_parts()]


def _yaml(content: bytes) -> Any:
    import yaml  # kfp's own dependency
    return next(iter(yaml.safe_load_all(content)), None)


def task(name: str, state: str, error: Optional[str] = None, start: str = NOW, end: Optional[str] = None) -> Dict[str, Any]:
    """One ``task_details`` entry as the KFP backend returns it."""
    detail = {"task_id": f"t-{name}", "display_name": name, "create_time": NOW, "start_time": start, "state": state}
    if end:
        detail["end_time"] = end
    if error:
        detail["error"] = {"code": 2, "message": error, "details": []}
    return detail


def snapshot(state: str, *tasks: Dict[str, Any], error: Optional[str] = None) -> Dict[str, Any]:
    """A run's state and task details at one poll."""
    step: Dict[str, Any] = {"state": state, "run_details": {"task_details": list(tasks)}}
    if state in ("SUCCEEDED", "FAILED", "CANCELED"):
        step["finished_at"] = "2026-01-01T00:01:00Z"
    if error:
        step["error"] = {"code": 2, "message": error, "details": []}
    return step
