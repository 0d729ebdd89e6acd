"""MLflow's own Python client against a running llmops gateway, as a user on another machine.

Runs from a fresh working directory of its own (never the server's data directory), points the
client at the server only by URL, and checks artifacts, models and (MLflow 3) logged models end to
end. Prints one line per check (PASS/FAIL and why) and a JSON summary on the last line; the exit
code is the number of failed checks. See README.md beside this file.

    MLFLOW_TRACKING_URI=http://127.0.0.1:5000 python3 check_client.py [--walkthrough]
"""

import json
import os
import shutil
import sys
import tempfile
import traceback
import uuid

import mlflow
from mlflow import MlflowClient

MLFLOW_3 = int(mlflow.__version__.split(".")[0]) >= 3
RESULTS = []


def check(name):
    def wrap(fn):
        def run(*args, **kwargs):
            try:
                detail = fn(*args, **kwargs)
                RESULTS.append({"check": name, "ok": True, "detail": detail or ""})
                print(f"PASS {name}" + (f": {detail}" if detail else ""), flush=True)
            except Exception as error:  # noqa: BLE001 - every failure is a result
                RESULTS.append({"check": name, "ok": False, "detail": f"{type(error).__name__}: {error}"})
                print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
                if os.environ.get("CHECK_TRACEBACK"):
                    traceback.print_exc()

        return run

    return wrap


def fresh_dir(path):
    """A new download directory (MLflow's client wants it to exist)."""
    os.makedirs(path)
    return path


def files_under(root):
    out = set()
    for base, _, names in os.walk(root):
        for n in names:
            out.add(os.path.relpath(os.path.join(base, n), root))
    return out


class Summarizer(mlflow.pyfunc.PythonModel):
    """A tiny pyfunc model: the first sentence of each article."""

    def predict(self, context, model_input, params=None):
        return [str(a).split(". ")[0] for a in model_input["article"]]


def main():
    workdir = tempfile.mkdtemp(prefix="mlflow-compat-client-")
    os.chdir(workdir)
    client = MlflowClient()
    suffix = uuid.uuid4().hex[:8]
    exp_id = client.create_experiment(f"compat-{mlflow.__version__}-{suffix}")
    mlflow.set_experiment(experiment_id=exp_id)
    src = os.path.join(workdir, "src")
    os.makedirs(os.path.join(src, "dir", "sub"))
    with open(os.path.join(src, "notes.txt"), "w") as f:
        f.write("hello from another machine\n")
    with open(os.path.join(src, "dir", "a.json"), "w") as f:
        f.write('{"a": 1}\n')
    with open(os.path.join(src, "dir", "sub", "b.txt"), "w") as f:
        f.write("b\n")
    big = os.path.join(src, "big.bin")
    with open(big, "wb") as f:
        f.write(os.urandom(3 * 1024 * 1024 + 17))
    state = {}

    @check("experiment and run get served (mlflow-artifacts:/) locations")
    def locations():
        exp = client.get_experiment(exp_id)
        with mlflow.start_run() as run:
            state["run_id"] = run.info.run_id
        uri = client.get_run(state["run_id"]).info.artifact_uri
        assert exp.artifact_location.startswith("mlflow-artifacts:/"), exp.artifact_location
        assert uri.startswith("mlflow-artifacts:/"), uri
        return uri

    @check("log_artifact, log_artifacts, list_artifacts, download_artifacts")
    def artifacts():
        run_id = state["run_id"]
        client.log_artifact(run_id, os.path.join(src, "notes.txt"))
        client.log_artifacts(run_id, os.path.join(src, "dir"), "dir")
        top = sorted((f.path, f.is_dir) for f in client.list_artifacts(run_id))
        assert top == [("dir", True), ("notes.txt", False)], top
        inner = sorted(f.path for f in client.list_artifacts(run_id, "dir"))
        assert inner == ["dir/a.json", "dir/sub"], inner
        out = client.download_artifacts(run_id, "dir", fresh_dir(os.path.join(workdir, "dl1")))
        assert files_under(out) == {"a.json", "sub/b.txt"}, files_under(out)
        return f"{len(top)} top-level entries"

    @check("large file through the proxy's multipart upload")
    def multipart():
        os.environ["MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD"] = "true"
        os.environ["MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE"] = str(1024 * 1024)
        os.environ["MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE"] = str(1024 * 1024)
        from mlflow.store.artifact.http_artifact_repo import HttpArtifactRepository

        original = HttpArtifactRepository._try_multipart_upload
        used = []

        def counted(self, local_file, artifact_path=None):
            # Raises when the server says multipart is unsupported (the client then falls back to one PUT).
            result = original(self, local_file, artifact_path)
            used.append(local_file)
            return result

        HttpArtifactRepository._try_multipart_upload = counted
        try:
            client.log_artifact(state["run_id"], big, "data")
        finally:
            HttpArtifactRepository._try_multipart_upload = original
            for k in ("MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD", "MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE",
                      "MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE"):
                os.environ.pop(k, None)
        out = client.download_artifacts(state["run_id"], "data/big.bin", fresh_dir(os.path.join(workdir, "dl2")))
        with open(out, "rb") as a, open(big, "rb") as b:
            assert a.read() == b.read(), "bytes differ"
        assert used, "the client did not use multipart upload"
        return "multipart upload used (1 MB parts), bytes identical"

    @check("pyfunc log_model, get_model_info, load_model + predict")
    def log_model():
        with mlflow.start_run(run_id=state["run_id"]):
            if MLFLOW_3:
                info = mlflow.pyfunc.log_model(name="model", python_model=Summarizer())
            else:
                info = mlflow.pyfunc.log_model(artifact_path="model", python_model=Summarizer())
        state["model_uri"] = info.model_uri
        state["model_id"] = getattr(info, "model_id", None)
        got = mlflow.models.get_model_info(info.model_uri)
        loaded = mlflow.pyfunc.load_model(info.model_uri)
        import pandas as pd

        pred = loaded.predict(pd.DataFrame({"article": ["First sentence. Second sentence."]}))
        assert list(pred) == ["First sentence"], pred
        return f"{info.model_uri} flavors={sorted(got.flavors)}"

    @check("register_model and download_artifacts('models:/<name>/<version>')")
    def register():
        name = f"compat-{suffix}"
        mv = mlflow.register_model(state["model_uri"], name)
        out = mlflow.artifacts.download_artifacts(f"models:/{name}/{mv.version}", dst_path=fresh_dir(os.path.join(workdir, "dl3")))
        assert "MLmodel" in files_under(out), files_under(out)
        state["registered"] = name
        return f"version {mv.version}, download URI {client.get_model_version_download_uri(name, mv.version)}"

    if MLFLOW_3:

        @check("3.x get_logged_model / search_logged_models / list_artifacts(run, 'model')")
        def logged_models():
            model = mlflow.get_logged_model(state["model_id"])
            assert model.status.to_int() == 2 or str(model.status).endswith("READY"), model.status
            assert model.artifact_location.startswith("mlflow-artifacts:/"), model.artifact_location
            found = mlflow.search_logged_models(experiment_ids=[exp_id], filter_string="name = 'model'",
                                                output_format="list")
            assert [m.model_id for m in found] == [state["model_id"]], found
            listed = sorted(f.path for f in client.list_artifacts(state["run_id"], "model"))
            assert "model/MLmodel" in listed, listed
            return f"{model.model_id} at {model.artifact_location}"

    @check("tracing: @mlflow.trace, get_trace, search_traces, trace tags" + (", log_feedback / log_expectation" if MLFLOW_3 else "") + ", delete_traces")
    def tracing():
        @mlflow.trace(span_type="LLM")
        def generate(article):
            return article.split(". ")[0] + "."

        @mlflow.trace(name="summarize", span_type="CHAIN")
        def summarize(article):
            return generate(article)

        summary = summarize("Markets rallied on Monday. Stocks rose across the board.")
        assert summary == "Markets rallied on Monday.", summary
        if MLFLOW_3:
            trace_id = mlflow.get_last_active_trace_id()
        else:
            trace_id = mlflow.get_last_active_trace().info.request_id
        trace = client.get_trace(trace_id)
        names = sorted(span.name for span in trace.data.spans)
        assert names == ["generate", "summarize"], names
        root = [span for span in trace.data.spans if span.parent_id is None][0]
        assert root.inputs == {"article": "Markets rallied on Monday. Stocks rose across the board."}, root.inputs
        assert root.outputs == "Markets rallied on Monday.", root.outputs
        if MLFLOW_3:
            found = mlflow.search_traces(locations=[exp_id], filter_string="trace.status = 'OK'", return_type="list")
        else:
            found = client.search_traces(experiment_ids=[exp_id], filter_string="status = 'OK'")
        found_ids = [t.info.trace_id if MLFLOW_3 else t.info.request_id for t in found]
        assert trace_id in found_ids, found_ids
        client.set_trace_tag(trace_id, "reviewed", "yes")
        tags = (client.get_trace(trace_id)).info.tags
        assert tags.get("reviewed") == "yes", tags
        client.delete_trace_tag(trace_id, "reviewed")
        detail = f"{trace_id}: spans {names}, found by search"
        if MLFLOW_3:
            from mlflow.entities import AssessmentSource

            mlflow.log_feedback(trace_id=trace_id, name="summary_quality", value=4, rationale="faithful",
                                source=AssessmentSource(source_type="HUMAN", source_id="reviewer@news"))
            mlflow.log_expectation(trace_id=trace_id, name="expected_summary", value="Markets rose.")
            assessments = client.get_trace(trace_id).info.assessments
            assert sorted(a.name for a in assessments) == ["expected_summary", "summary_quality"], assessments
            detail += f", {len(assessments)} assessments"
        if MLFLOW_3:
            deleted = client.delete_traces(exp_id, trace_ids=[trace_id])
        else:
            deleted = client.delete_traces(exp_id, request_ids=[trace_id])
        assert deleted == 1, deleted
        return detail

    if "--walkthrough" in sys.argv:

        @check("walkthrough: download_artifacts('models:/news-summarizer/Production'), Model.load, get_model_info")
        def walkthrough():
            out = mlflow.artifacts.download_artifacts("models:/news-summarizer/Production",
                                                      dst_path=fresh_dir(os.path.join(workdir, "dl4")))
            model = mlflow.models.Model.load(os.path.join(out, "MLmodel"))
            assert "llmops_summarizer" in model.flavors, model.flavors
            info = mlflow.models.get_model_info("models:/news-summarizer/Production")
            return f"files {sorted(files_under(out))[:6]}..., flavors {sorted(info.flavors)}"

        @check("walkthrough: requirements.txt holds no Python package that does not exist (Node runtime apart)")
        def requirements():
            from packaging.requirements import Requirement

            out = mlflow.artifacts.download_artifacts("models:/news-summarizer/Production",
                                                      dst_path=fresh_dir(os.path.join(workdir, "dl5")))
            lines = [l.strip() for l in open(os.path.join(out, "requirements.txt")) if l.strip()]
            pins = [Requirement(l).name for l in lines if not l.startswith("#")]
            assert not pins, f"pip would look for {pins}"
            assert os.path.exists(os.path.join(out, "node_env.yaml")), "no node_env.yaml"
            deps = mlflow.pyfunc.get_model_dependencies("models:/news-summarizer/Production")
            return f"pip requirements: none; node_env.yaml present; get_model_dependencies -> {os.path.basename(deps)}"

        if MLFLOW_3:

            @check("walkthrough: its packaged models are 3.x logged models")
            def walkthrough_logged():
                exp = client.get_experiment_by_name("news-summarization-dev")
                found = mlflow.search_logged_models(experiment_ids=[exp.experiment_id], output_format="list")
                assert found, "no logged models in the walkthrough's experiment"
                model = mlflow.get_logged_model(found[0].model_id)
                listed = client.list_logged_model_artifacts(model.model_id)
                assert any(f.path == "MLmodel" for f in listed), listed
                return f"{len(found)} logged models, e.g. {model.name} ({model.model_id})"

    for fn in [locations, artifacts, multipart, log_model, register]:
        fn()
    if MLFLOW_3:
        logged_models()
    tracing()
    if "--walkthrough" in sys.argv:
        walkthrough()
        requirements()
        if MLFLOW_3:
            walkthrough_logged()

    @check("nothing was written as a local artifact store in the client's directory")
    def no_local_store():
        stray = [p for p in files_under(workdir) if p.startswith("mlruns") or p.startswith("mlartifacts")]
        assert not stray, stray[:5]

    no_local_store()
    failed = [r for r in RESULTS if not r["ok"]]
    print(json.dumps({"mlflow": mlflow.__version__, "passed": len(RESULTS) - len(failed), "failed": len(failed),
                      "results": RESULTS}))
    shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(len(failed))


if __name__ == "__main__":
    main()
