"""One figure per catalog entry, and an index.html that shows them all."""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from .core import catalog
from .core.atomic import check_writable, destination, write_atomic
from .core.compute import compute
from .core.errors import InputError
from .core.request import ComputeRequest
from .formats import write


def write_gallery(
    folder: Path,
    suffix: str,
    options: Mapping[str, Any],
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Path]:
    """Write ``<id><suffix>`` for every activation with default parameters, then the index.

    Everything is written into a hidden folder inside ``folder`` first and moved into place only
    when all of it succeeded: a gallery that fails part-way leaves the old one as it was, not a
    mix of old and new figures.
    """
    names = [f"{spec.id}{suffix}" for spec in catalog.ACTIVATIONS] + ["index.html"]
    for name in names:
        check_writable(folder / name)  # before minutes of rendering: a pipe or a device is refused now
    try:
        staging = Path(tempfile.mkdtemp(prefix=".gallery-", suffix=".part", dir=folder))
    except OSError as err:
        raise InputError(f"cannot write into {folder}: {err.strerror or err}") from None
    try:
        written: list[Path] = []
        total = len(catalog.ACTIVATIONS)
        for done, spec in enumerate(catalog.ACTIVATIONS, start=1):
            path = staging / f"{spec.id}{suffix}"
            write(compute(ComputeRequest(spec.id)), path, **options)
            written.append(path)
            if progress is not None:
                progress(done, total, spec.id)
        page = index_html(written)

        def write_index(handle: IO[str]) -> None:
            handle.write(page)

        write_atomic(staging / "index.html", write_index)
        for name in names:
            check_writable(folder / name)  # still a file, or nothing, after the rendering
            os.replace(staging / name, destination(folder / name))
    except OSError as err:
        raise InputError(f"could not write the gallery in {folder}: {err.strerror or err}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / path.name for path in written]


def index_html(figures: list[Path]) -> str:
    cards = []
    for path in figures:
        spec = catalog.get(path.stem)
        title = html.escape(spec.signature(spec.defaults()))
        cards.append(
            f'<figure id="{spec.id}"><a href="{html.escape(path.name)}">'
            f'<img src="{html.escape(path.name)}" alt="{title}: output and derivative" loading="lazy"></a>'
            f"<figcaption><strong>{html.escape(spec.name)}</strong> <code>{title}</code>"
            f"<br>{html.escape(spec.summary)}</figcaption></figure>"
        )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>actviewer gallery</title><style>"
        "body{font-family:system-ui,sans-serif;margin:2rem;color:#111827}"
        "main{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:1.5rem}"
        "figure{margin:0;border:1px solid #e5e7eb;border-radius:8px;padding:.5rem}"
        "img{width:100%;height:auto}figcaption{font-size:.9rem;line-height:1.4}"
        "</style></head><body>"
        f"<h1>Activation functions and their derivatives</h1><p>{len(figures)} activations, "
        "default parameters, computed by PyTorch autograd with actviewer.</p><main>\n"
        + "\n".join(cards)
        + "\n</main></body></html>\n"
    )
