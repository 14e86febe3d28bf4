"""Grows a real Tarmac store into a large one, for the store-10k benchmark, in seconds instead of hours.

Usage: python gen_store.py STORE RUNS OBJECTS

STORE must hold exactly one run recorded by tarmac (the bench runs examples/01-shell-components with
--cache-mode write into it), so the schema, the JSON columns and the object layout are the real ones.
Its run is cloned RUNS - 1 times with new run ids, one second apart (tasks, artifacts,
invocations and cache entries with new cache keys), and OBJECTS blobs are written under objects/
(each a small file named by the sha256 of its bytes, as `cache ingest` writes them): each cloned cache
entry references its own blobs, and the clone's artifacts reference the first of them, as a real run's do.
Nothing is run 10,000 times: rows are copied with SQL, one transaction.
"""
import hashlib
import os
import sqlite3
import sys
import uuid


def columns(con, table):
    return [r[1] for r in con.execute(f"PRAGMA table_info({table})")]


def clone(con, table, replace, where, args):
    cols = columns(con, table)
    select = ", ".join(replace.get(c, c) for c in cols)
    con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {select} FROM {table} WHERE {where}", args)


def main(store, n_runs, n_objects):
    db = os.path.join(store, "tarmac.sqlite")
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA foreign_keys=OFF")
    (template, started), = con.execute("SELECT id, started FROM runs").fetchall()
    # Looked up by primary key below (cache_entries has no run_id index: a scan per clone would be quadratic).
    pipeline, = con.execute("SELECT pipeline_name FROM runs WHERE id = ?", (template,)).fetchone()
    entries = con.execute("SELECT cache_key, task_name FROM cache_entries WHERE run_id = ? ORDER BY cache_key",
                          (template,)).fetchall()
    per_run = max(1, n_objects // max(1, n_runs))
    objects_dir = os.path.join(store, "objects")
    written = 0

    def blob(seed):
        nonlocal written
        data = f"tarmac bench blob {seed}\n".encode()
        hex_ = hashlib.sha256(data).hexdigest()
        shard = os.path.join(objects_dir, hex_[:2])
        os.makedirs(shard, exist_ok=True)
        with open(os.path.join(shard, hex_), "wb") as f:
            f.write(data)
        os.utime(os.path.join(shard, hex_), (started - 86400, started - 86400))
        written += 1
        return "sha256:" + hex_

    con.execute("BEGIN")
    for i in range(1, n_runs):
        run = str(uuid.UUID(int=i))
        shift = float(i)
        q = lambda s: "'" + s.replace("'", "''") + "'"
        fix = lambda col: f"replace({col}, {q(template)}, {q(run)})"
        clone(con, "runs", {"id": q(run), "started": f"started + {shift}", "finished": f"finished + {shift}",
                            "outputs_json": fix("outputs_json"), "pipeline_root": "pipeline_root"}, "id = ?", (template,))
        clone(con, "tasks", {"run_id": q(run), "started": f"started + {shift}", "finished": f"finished + {shift}",
                             "cache_key": f"cache_key || '-{i}'", "logs_json": fix("logs_json"),
                             "outputs_json": fix("outputs_json")}, "run_id = ?", (template,))
        blobs = [blob(f"{i}/{k}") for k in range(per_run)]
        for k, (key, task) in enumerate(entries):
            mine = blobs[k::len(entries)] or blobs[:1]
            clone(con, "cache_entries", {"cache_key": f"cache_key || '-{i}'", "run_id": q(run),
                                         "created": f"created + {shift}", "last_used": f"last_used + {shift}",
                                         "objects": q(" ".join(mine)), "outputs_json": fix("outputs_json")},
                  "pipeline_name = ? AND cache_key = ?", (pipeline, key))
            clone(con, "artifacts", {"id": q(str(uuid.uuid4())), "run_id": q(run), "uri": fix("uri"),
                                     "created": f"created + {shift}", "digest": q(mine[0])},
                  "run_id = ? AND producer_task = ?", (template, task))
        clone(con, "task_invocations", {"run_id": q(run), "record_json": fix("record_json")}, "run_id = ?", (template,))
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("runs", "tasks", "artifacts", "cache_entries")}
    print(f"store {store}: {counts}, {written} blobs written")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
