"""Runs exported PyTorch models on the inputs Netoscope ran them on (tests/export/torch-compare.test.ts).

    python3 compare.py MANIFEST

MANIFEST (JSON) lists cases, each an export folder holding model.py, train.py, weights.json and
inputs.json (the fixed batch). For each case this script imports the two exported modules and
writes torch.json with torch.bin (the exporter's tensor format) beside them:

- eval.output: the outputs in evaluation mode, with Netoscope's weights;
- when the case asks for the training mode: train.output (one training-mode forward pass),
  step1.grad.<name> (every parameter's gradient as train_step left it: loss, penalty, clipping)
  and step2.<name> (every state_dict tensor after two train_step calls on the batch);
- the metrics of train.evaluate on train.load_data's test set, and whether train.fit trained a
  fresh model for a few steps (finite parameters that moved).

One process for every case, because importing torch dominates the time on a small machine.
"""
import contextlib
import copy
import importlib.util
import inspect
import io
import json
import math
import sys
from array import array
from pathlib import Path

import torch


def read_tensors(path):
    index = json.loads(path.read_text())
    data = bytearray((path.parent / index["data"]).read_bytes())
    tensors = {}
    for entry in index["tensors"]:
        count = math.prod(entry["shape"])
        tensors[entry["name"]] = torch.frombuffer(data, dtype=torch.float32, count=count, offset=entry["offset"]).view(entry["shape"]).clone()
    return tensors


def write_tensors(path, tensors, meta):
    entries, chunks, offset = [], [], 0
    for name, tensor in tensors.items():
        values = array("f", tensor.detach().double().flatten().tolist())
        if sys.byteorder != "little":
            values.byteswap()
        entries.append({"name": name, "shape": list(tensor.shape), "offset": offset})
        chunks.append(values.tobytes())
        offset += 4 * len(values)
    path.with_suffix(".bin").write_bytes(b"".join(chunks))
    path.write_text(json.dumps({**meta, "data": path.with_suffix(".bin").name, "tensors": entries}))


def import_exported(folder, name):
    """Imports folder/name.py under a name of its own; train.py's `from model import …` finds this folder's model.py."""
    sys.modules.pop("model", None)
    sys.path.insert(0, str(folder))
    try:
        spec = importlib.util.spec_from_file_location(f"{name}_{folder.name}", folder / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if name == "model":
            sys.modules["model"] = module
        return module
    finally:
        sys.path.pop(0)


def run_case(case):
    folder = Path(case["dir"])
    model_module = import_exported(folder, "model")
    train = import_exported(folder, "train")
    inputs = read_tensors(folder / "inputs.json")
    x, labels = inputs["inputs"], inputs["labels"].long()
    reconstructs = case["target"] == "input"
    batch = (x,) if reconstructs else (x, labels)

    model = model_module.Net()
    model_module.load_weights(model, folder / "weights.json")
    results = {}
    model.eval()
    with torch.no_grad():
        results["eval.output"] = model(x)

    (train_x, train_y), (test_x, test_y) = train.load_data(case["data"])
    metrics = train.evaluate(model, test_x) if reconstructs else train.evaluate(model, test_x, test_y)

    if case["trainMode"]:
        results["train.output"] = copy.deepcopy(model).train()(x).detach()
        optimizer = train.make_optimizer(model)
        scheduler = None
        if hasattr(train, "make_scheduler"):
            wants_steps = len(inspect.signature(train.make_scheduler).parameters) == 2
            scheduler = train.make_scheduler(optimizer, train.STEPS) if wants_steps else train.make_scheduler(optimizer)
        for step in (1, 2):
            train.train_step(model, optimizer, *batch)
            if scheduler:
                scheduler.step()
            if step == 1:
                for name, parameter in model.named_parameters():
                    results[f"step1.grad.{name}"] = parameter.grad.clone()
        for name, tensor in model.state_dict().items():
            if not name.endswith("num_batches_tracked"):
                results[f"step2.{name}"] = tensor.clone()

    torch.manual_seed(0)
    fresh = model_module.Net()
    before = [p.detach().clone() for p in fresh.parameters()]
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        train.fit(fresh, train_x, train_y, case["fitSteps"])
    after = list(fresh.parameters())
    fit = {
        "finite": all(bool(torch.isfinite(p).all()) for p in after),
        "changed": any(not torch.equal(a, b) for a, b in zip(after, before)),
        "reports": printed.getvalue().count("\n"),
    }
    write_tensors(folder / "torch.json", results, {"metrics": metrics, "fit": fit})


def main():
    manifest = json.loads(Path(sys.argv[1]).read_text())
    torch.set_num_threads(1)
    for case in manifest["cases"]:
        try:
            run_case(case)
        except Exception as error:
            raise SystemExit(f"case {case['name']}: {type(error).__name__}: {error}") from error


if __name__ == "__main__":
    main()
