"""The program a user can run to train the training lab's network outside actviewer.

The data set's generator, the split, the features, the model's building blocks, the batch
order and the training step are copied from their source (``inspect.getsource``), so the
program runs the same code as the window; the init calls are the deep stack's, written out.
It imports torch and numpy only, and prints the final train loss, which equals the result's.
"""

from __future__ import annotations

import inspect

from . import catalog, datasets
from . import training_model as tm
from .datasets import OWN
from .snippets import snippet
from .training import TrainRequest, init_lines

MAX_LITERAL_POINTS = 200


def _source(obj: object) -> str:
    return inspect.getsource(obj).rstrip() + "\n\n\n"  # type: ignore[arg-type]


def _data_lines(request: TrainRequest) -> str:
    if request.dataset != OWN:
        generator = datasets.GENERATORS[request.dataset]
        return (
            f"{_source(generator)}"
            f"rng = np.random.default_rng({request.data_seed})\n"
            f"points, target = {generator.__name__}({request.points}, {request.noise!r}, rng)\n"
        )
    if len(request.own_points) <= MAX_LITERAL_POINTS:
        rows = ",\n".join(f"    ({a!r}, {b!r}, {c!r})" for a, b, c in request.own_points)
        table = f"table = np.array([\n{rows},\n], dtype=np.float64)\n"
    else:
        table = (
            f"# {len(request.own_points):,} points: load your CSV of x1,x2,label (or x1,x2,y) here, e.g.\n"
            'table = np.loadtxt("points.csv", delimiter=",", skiprows=1, ndmin=2)\n'
        )
    return (
        f"{table}"
        f"rng = np.random.default_rng({request.data_seed})\n"
        "points, target = table[:, :2], table[:, 2]\n"
    )


def _own_split_line(request: TrainRequest) -> str:
    """Points edited by hand keep the split they were given (as literal flags when the points are)."""
    if request.dataset != OWN or not request.own_split:
        return ""
    if len(request.own_split) <= MAX_LITERAL_POINTS:
        return f"train = np.array({[int(f) for f in request.own_split]}, dtype=bool)  # the split as edited\n"
    return "# the points were split by hand: load that split (one 0/1 per point) into train here\n"


def train_code(request: TrainRequest) -> str:
    """A standalone PyTorch program training the request's (main) activation for ``steps`` steps."""
    request = request.validated()
    run = request.choices()[0]
    layers = request.layer_choices(run)
    classification = request.task == "classification"
    names: dict[tuple[str, object], str] = {}
    functions = ""
    for activation, params in layers:
        if (activation, params) in names:
            continue
        name = f"act{len(names) + 1}"
        names[(activation, params)] = name
        spec = catalog.get(activation)
        body = snippet(spec, dict(params)).functional.splitlines()
        functions += (
            f"def {name}(x):\n"
            f'    """{spec.signature(dict(params))}"""\n'
            + "".join(f"    {line}\n" for line in body)
            + "    return output\n\n\n"
        )
    init = ""
    all_lines = [init_lines(request, a, dict(p)) for a, p in layers] + [init_lines(request, "", {})]
    for index, lines in enumerate(all_lines, start=1):
        if lines:
            init += f"        if index == {index}:\n" + "".join(f"            {line}\n" for line in lines)
    init = init or "        pass\n"
    dtype = f"torch.{request.dtype}"
    if request.optimizer == "adam":
        optimizer = f"torch.optim.Adam(model.parameters(), lr={request.lr!r})"
    else:
        optimizer = f"torch.optim.SGD(model.parameters(), lr={request.lr!r}, momentum={request.momentum!r})"
    target_dtype = "torch.int64" if classification else dtype
    outputs = "max(2, int(target.max()) + 1)" if classification else "1"
    activations = ", ".join(f"Activation({names[c]})" for c in layers)
    return (
        "# Trains the network of actviewer's training lab and prints the final train loss.\n"
        "import numpy as np\n"
        "import torch\n"
        "import torch.nn as nn\n"
        "import torch.nn.functional as F\n\n\n"
        f"{_data_lines(request)}"
        f"\n\n{_source(datasets.split)}"
        f"train = split(len(points), {request.train_share!r}, rng)\n"
        f"{_own_split_line(request)}"
        f"\n\n{_source(datasets.feature_columns)}"
        f"features = torch.as_tensor(feature_columns(points, {request.features!r}), dtype={dtype})\n"
        "mask = torch.as_tensor(train)\n"
        f"labels = torch.as_tensor(target, dtype={target_dtype})\n"
        "x_train, y_train = features[mask], labels[mask]\n"
        "x_test, y_test = features[~mask], labels[~mask]\n"
        f"\n\n{functions}"
        f"{_source(tm.Activation)}{_source(tm.Residual)}{_source(tm.build_model)}"
        "def initialise(layer, index):\n"
        '    """torch.nn.init for hidden layer ``index`` (the output layer is the last)."""\n'
        "    with torch.no_grad():\n"
        f"{init}\n\n"
        f"torch.manual_seed({request.seed})\n"
        "model = build_model(\n"
        f"    {len(request.features)}, {list(request.hidden)!r}, [{activations}],\n"
        f"    {request.layernorm!r}, {request.residual!r}, {outputs}, initialise,\n"
        f").to({dtype})\n"
        f"optimizer = {optimizer}\n"
        f"\n\n{_source(tm.Batches)}{_source(tm.data_loss)}{_source(tm.penalty)}{_source(tm.train_step)}"
        f"batches = Batches(len(x_train), {request.batch}, {request.seed})\n"
        f"for step in range({request.steps}):\n"
        "    index = batches.next()\n"
        f"    train_step(model, optimizer, x_train[index], y_train[index], {classification!r}, {request.l1!r}, {request.l2!r})\n"
        "    # (actviewer stops at the first non-finite loss; see its message)\n"
        "\n"
        "with torch.no_grad():\n"
        f"    train_loss = data_loss(model(x_train), y_train, {classification!r})\n"
        f"    test_loss = data_loss(model(x_test), y_test, {classification!r})\n"
        'print(f"train loss {train_loss.item()!r}")\n'
        'print(f"test loss {test_loss.item()!r}")\n'
    )
