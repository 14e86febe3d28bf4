"""An example pytest test of a KFP pipeline, run on this machine by Tarmac: copy it next to yours.

    pip install tarmac-kfp kfp pytest
    pytest examples/test_ml_pipeline.py              # tasks in containers (podman/docker), else on the host
    pytest examples/test_ml_pipeline.py --tarmac-runner subprocess   # tasks on the host, in venvs

The `tarmac` fixture (from the tarmac-kfp pytest plugin) keeps one store per project under
.pytest_cache, so the Python environments of the components are built by the first session only.
With --junitxml, each task's state is a <property> of the test case.
"""

from pathlib import Path

import pytest

HERE = Path(__file__).parent
PIPELINE = HERE / "03-ml-pipeline" / "pipeline.yaml"  # or "pipeline.py", or the @dsl.pipeline function itself


def test_the_model_is_accurate_and_deployed(tarmac):
    run = tarmac.run(PIPELINE, params={"threshold": 0.8})

    run.raise_for_state()  # on failure: the failing task's name and the last lines of its error
    assert run.outputs["accuracy"] == pytest.approx(0.9667, abs=0.02)
    assert run.metrics["accuracy"] >= 0.9
    assert run.tasks["deploy"].ran  # SUCCEEDED, or CACHED when nothing it depends on changed
    assert "deployed: accuracy" in run.tasks["deploy"].outputs.parameters["Output"]
    assert run.outputs["model"].path.is_file()


def test_a_high_threshold_skips_deploy(tarmac):
    run = tarmac.run(PIPELINE, params={"threshold": 0.99})

    assert run.succeeded
    assert run.tasks["condition-1"].state == "SKIPPED"  # the dsl.If group; as on a cluster,
    assert "deploy" not in run.tasks                     # the task inside a skipped group never exists
