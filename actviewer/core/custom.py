"""The user's own activations: a name, a formula and its parameters, kept in a library file.

A :class:`CustomActivation` becomes an :class:`~actviewer.core.catalog.ActivationSpec`
like any other (family "Custom"), so every view, export and the Learn panel
treat it the same way; its forward function is built from the parsed formula
(:mod:`.formula`), never from running the text. The library is one JSON file
with a schema version in the platform's app-data folder, written atomically;
a malformed or hostile file is read entry by entry, and each entry that is
not a valid activation is left out with a message.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from . import catalog, formula
from .atomic import write_atomic
from .errors import InputError
from .params import ParamSpec

LIBRARY_SCHEMA = 1
LIBRARY_NAME = "custom_activations.json"
MAX_LIBRARY_BYTES = 1_000_000
MAX_ENTRIES = 200
MAX_NAME = 40
PREVIEW_ID = "_preview"


@dataclass(frozen=True)
class ParamDef:
    """A parameter of a custom activation: its default and the slider's range."""

    name: str
    default: float = 1.0
    minimum: float = 0.0
    maximum: float = 10.0

    def checked(self) -> ParamDef:
        formula.check_param_name(self.name)
        for label, value in (("default", self.default), ("minimum", self.minimum), ("maximum", self.maximum)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise InputError(f"{self.name}: {label} must be a finite number, got {value!r}")
        if not self.minimum < self.maximum:
            raise InputError(
                f"{self.name}: the minimum ({self.minimum:g}) must be below the maximum ({self.maximum:g})",
                "custom.range",
                name=self.name,
                minimum=self.minimum,
                maximum=self.maximum,
            )
        if not self.minimum <= self.default <= self.maximum:
            raise InputError(
                f"{self.name}: the default {self.default:g} lies outside {self.minimum:g}..{self.maximum:g}",
                "custom.default",
                name=self.name,
                default=self.default,
                minimum=self.minimum,
                maximum=self.maximum,
            )
        return ParamDef(self.name, float(self.default), float(self.minimum), float(self.maximum))

    def spec(self) -> ParamSpec:
        return ParamSpec(
            self.name,
            "float",
            self.default,
            self.name,
            f"Your parameter {self.name}; the slider spans {self.minimum:g}..{self.maximum:g}.",
            ui_min=self.minimum,
            ui_max=self.maximum,
            step=(self.maximum - self.minimum) / 100,
        )


def parse_param_def(text: str) -> ParamDef:
    """``NAME=DEFAULT:MIN:MAX`` (the CLI's ``--param-def``); MIN and MAX may be left out."""
    name, sep, rest = text.partition("=")
    if not sep:
        raise InputError(f"--param-def takes NAME=DEFAULT[:MIN:MAX], got {text!r}")
    parts = rest.split(":")
    if len(parts) not in (1, 3):
        raise InputError(f"--param-def takes NAME=DEFAULT[:MIN:MAX], got {text!r}")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise InputError(f"--param-def {text!r}: DEFAULT, MIN and MAX must be numbers") from None
    default = numbers[0]
    low, high = (
        (numbers[1], numbers[2]) if len(numbers) == 3 else (min(0.0, default), max(10.0, 2 * abs(default)))
    )
    return ParamDef(name.strip(), default, low, high).checked()


def slug(name: str) -> str:
    """The id a name is known by (``My Swish`` -> ``my_swish``)."""
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


@dataclass(frozen=True)
class CustomActivation:
    name: str
    formula: str
    params: tuple[ParamDef, ...] = ()

    @property
    def id(self) -> str:
        return slug(self.name)

    def checked(self) -> CustomActivation:
        """This activation with every part validated, or an InputError saying what is wrong."""
        if not isinstance(self.name, str) or not self.name.strip() or len(self.name) > MAX_NAME:
            raise InputError(
                f"the name must be 1 to {MAX_NAME} characters", "custom.name_length", max=MAX_NAME
            )
        if not self.id or not self.id[0].isalpha():
            raise InputError(
                f"the name {self.name!r} must start with a letter", "custom.name_letter", name=self.name
            )
        if self.id in catalog._BY_ID or self.id in formula.FIXED or self.id in formula.CONSTANTS:
            raise InputError(
                f"{self.id!r} is already a built-in name; choose another", "custom.builtin", name=self.id
            )
        params = tuple(p.checked() for p in self.params)
        names = [p.name for p in params]
        if len(set(names)) != len(names):
            raise InputError("two parameters have the same name", "custom.duplicate")
        formula.parse(self.formula, tuple(names))
        return CustomActivation(self.name.strip(), self.formula, params)

    def spec(self, activation_id: str | None = None) -> catalog.ActivationSpec:
        checked = self.checked()
        parsed = formula.parse(checked.formula, tuple(p.name for p in checked.params))
        forward = formula.build_function(parsed)
        class_name = _class_name(checked.name)

        def code(values: catalog.Params) -> tuple[str, str]:
            literal = formula.code(parsed, lambda n: repr(float(values[n])))
            attribute = formula.code(parsed, lambda n: f"self.{n}")
            arguments = ", ".join(f"{p.name}={p.default!r}" for p in checked.params)
            assignments = "".join(f"        self.{p.name} = {p.name}\n" for p in checked.params)
            module = (
                f"class {class_name}(nn.Module):\n"
                f'    """{checked.name}: f(x) = {checked.formula}"""\n\n'
                f"    def __init__(self{', ' + arguments if arguments else ''}):\n"
                f"        super().__init__()\n{assignments}\n"
                f"    def forward(self, x):\n"
                f"        return {attribute}\n\n\n"
                f"m = {class_name}({', '.join(f'{p.name}={float(values[p.name])!r}' for p in checked.params)})\n"
                f"output = m(x)"
            )
            return f"output = {literal}", module

        return catalog.ActivationSpec(
            activation_id or checked.id,
            checked.name,
            catalog.CUSTOM_FAMILY,
            f"Your activation: f(x) = {checked.formula}",
            None,
            None,
            params=tuple(p.spec() for p in checked.params),
            forward=forward,
            code=code,
            formula=checked.formula,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "formula": self.formula,
            "params": [
                {"name": p.name, "default": p.default, "min": p.minimum, "max": p.maximum}
                for p in self.params
            ],
        }

    @classmethod
    def from_json(cls, data: object) -> CustomActivation:
        """One library entry, validated; anything else is an InputError (nothing in it is run)."""
        if not isinstance(data, Mapping):
            raise InputError("an entry is not an object")
        name, text, params = data.get("name"), data.get("formula"), data.get("params", [])
        if not isinstance(name, str) or not isinstance(text, str):
            raise InputError("an entry needs a text name and a text formula")
        if not isinstance(params, list) or len(params) > formula.MAX_PARAMS:
            raise InputError(f"{name!r}: params must be a list of at most {formula.MAX_PARAMS}")
        defs = []
        for raw in params:
            if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
                raise InputError(f"{name!r}: a parameter is not an object with a name")
            defs.append(
                ParamDef(raw["name"], raw.get("default", 1.0), raw.get("min", 0.0), raw.get("max", 10.0))
            )
        return cls(name, text, tuple(defs)).checked()


def _class_name(name: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", name)
    text = "".join(w[:1].upper() + w[1:] for w in words) or "Custom"
    return text if text[0].isalpha() else f"Act{text}"


# --- the library --------------------------------------------------------------------------------


def library_path() -> Path:
    """Where the library lives: ``ACTVIEWER_LIBRARY`` if set, else the platform's app-data folder
    (the folder Qt's ``QStandardPaths.AppDataLocation`` names for actviewer)."""
    override = os.environ.get("ACTVIEWER_LIBRARY")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "actviewer" / "actviewer" / LIBRARY_NAME


def read_library(path: Path) -> tuple[list[CustomActivation], list[str]]:
    """The valid entries of the library at ``path`` and one message per entry left out.

    A missing file is an empty library. Nothing in the file is executed: each
    formula is parsed into the whitelisted tree or refused.
    """
    if not path.exists():
        return [], []
    if not path.is_file():  # a pipe would be waited on forever, /dev/zero read forever
        return [], [f"{path} is not a regular file; not read"]
    try:
        if path.stat().st_size > MAX_LIBRARY_BYTES:
            return [], [f"{path} is larger than {MAX_LIBRARY_BYTES:,} bytes; not read"]
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        return [], [f"{path} could not be read: {err}"]
    if not isinstance(data, Mapping) or not isinstance(data.get("activations"), list):
        return [], [f"{path} is not an actviewer library (no list of activations)"]
    if data.get("schema") != LIBRARY_SCHEMA:
        return [], [f"{path} has schema {data.get('schema')!r}; this version reads schema {LIBRARY_SCHEMA}"]
    entries: list[CustomActivation] = []
    problems: list[str] = []
    for index, raw in enumerate(data["activations"][:MAX_ENTRIES], start=1):
        try:
            entry = CustomActivation.from_json(raw)
        except InputError as err:
            problems.append(f"entry {index} left out: {err}")
            continue
        if any(e.id == entry.id for e in entries):
            problems.append(f"entry {index} left out: {entry.id!r} appears twice")
            continue
        entries.append(entry)
    if len(data["activations"]) > MAX_ENTRIES:
        problems.append(f"only the first {MAX_ENTRIES} entries were read")
    return entries, problems


def write_library(path: Path, entries: Iterable[CustomActivation]) -> Path:
    """Write ``entries`` to ``path`` atomically (the folder is created if missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"schema": LIBRARY_SCHEMA, "activations": [e.to_json() for e in entries]}
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"

    def write(handle: IO[str]) -> None:
        handle.write(text)

    return write_atomic(path, write)


def install(entries: Iterable[CustomActivation]) -> list[catalog.ActivationSpec]:
    """Make ``entries`` the registered custom activations (the previous ones are removed)."""
    for spec in catalog.custom_specs():
        catalog.unregister(spec.id)
    specs = [entry.spec() for entry in entries]
    for spec in specs:
        catalog.register(spec)
    return specs


def load_installed(path: Path | None = None) -> list[str]:
    """Read the library and register it; returns the messages about entries left out."""
    entries, problems = read_library(path or library_path())
    install(entries)
    return problems


def entry_for(activation_id: str, entries: Iterable[CustomActivation]) -> CustomActivation | None:
    return next((e for e in entries if e.id == activation_id), None)
