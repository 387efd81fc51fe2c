"""User formulas: text -> a whitelisted tree -> a function of tensors, and the PyTorch code for it.

The text is parsed by Python's ``ast`` module, which parses without running
anything; the parse tree is then walked and every node is either translated
into one of the few node types below or refused with a message that points
at its position. The function of tensors is built from those nodes by this
module, so user text never reaches ``eval``, ``exec`` or ``compile``: there
is no attribute access, subscript, lambda, comprehension or name outside the
fixed tables, and constants are bounded. Evaluation uses torch operations on
tensors only, so ``9 ** 9 ** 9`` is ``inf``, not an hour of big-integer work.
"""

from __future__ import annotations

import ast
import keyword
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import InputError

MAX_LENGTH = 500
MAX_DEPTH = 64
MAX_CONSTANT = 1e12
MAX_PARAMS = 8
CONSTANTS = {"pi": math.pi, "e": math.e}
UNARY_TORCH = {
    name: f"torch.{name}"
    for name in ("exp", "log", "log1p", "expm1", "sqrt", "abs", "sign", "sin", "cos", "erf", "erfc")
}
"""Functions of one tensor, by the torch function they call."""
FIXED = {**{name: 1 for name in UNARY_TORCH}, "clamp": 3, "minimum": 2, "maximum": 2, "where": 3}
"""The fixed table beside the catalog's activations: name -> number of arguments."""
COMPARISONS: dict[type, str] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
OPERATORS: dict[type, str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


MESSAGES: dict[str, str] = {
    "not_text": "the formula must be text",
    "too_long": "the formula is %(length)s characters long; at most %(max)s are allowed",
    "control": "the formula contains a control character",
    "empty": "the formula is empty",
    "nested_brackets": "the formula nests %(depth)s levels deep; at most %(max)s are allowed",
    "too_many_params": "at most %(max)s parameters are allowed",
    "syntax": "this is not a formula: %(detail)s",
    "not_formula": "this is not a formula",
    "nested_operations": "the formula nests more than %(max)s operations deep",
    "comparison": "comparisons are allowed only as the first argument of where(cond, a, b)",
    "attribute": "attribute access (a.b) is not allowed",
    "subscript": "subscripts (a[i]) are not allowed",
    "operator": "only + - * / ** are allowed between terms",
    "expression": "%(kind)s expressions are not allowed",
    "not_number": "%(value)s is not a number; text is allowed only as gelu's approximate",
    "constant": "constants must be finite and at most %(max)s in size",
    "function_name": "%(name)s is a function: write %(name)s(...)",
    "unknown_name": "unknown name '%(name)s' (use %(known)s, pi, e or a function)",
    "method": "attribute access (.%(name)s) is not allowed; write e.g. exp(x)",
    "call": "only the listed functions can be called, by name",
    "unknown_function": "unknown function '%(name)s'",
    "starred": "* and ** arguments are not allowed",
    "keywords": "%(name)s takes no keyword arguments",
    "arity": "%(name)s takes %(count)s argument(s), got %(got)s",
    "one_input": "%(name)s takes one positional argument (the input), got %(got)s",
    "condition": "where's first argument must be one comparison, e.g. x >= 0",
    "keyword_value": "%(name)s must be a constant or a parameter name",
    "keyword_number": "%(name)s must be a number",
    "repeated_keyword": "%(name)s is given twice",
    "clamp_order": "clamp's lower bound %(low)s is above its upper bound %(high)s",
}
"""Every reason a formula is refused, by key: the English the CLI prints; the window shows the
same key in its own language (``actviewer.gui.messages``; a test keeps the two lists equal)."""


def fill(template: str, args: dict[str, object]) -> str:
    for name, value in args.items():
        template = template.replace(f"%({name})s", str(value))
    return template


class FormulaError(InputError):
    """A formula that cannot be used: the reason and the 0-based character position it refers to.

    ``key`` names the reason in :data:`MESSAGES` (with ``values``), or ``inner`` is the
    parameter's own error (a keyword argument outside its range).
    """

    def __init__(
        self, key: str, position: int | None = None, inner: InputError | None = None, **values: object
    ) -> None:
        reason = str(inner) if inner is not None else fill(MESSAGES[key], values)
        where = f" at position {position + 1}" if position is not None else ""
        super().__init__(f"{reason}{where}")
        self.reason = reason
        self.position = position
        self.formula_key = key
        self.values = values
        self.inner = inner


# --- the tree ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Var:
    name: str  # "x" or a parameter


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class Bin:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Cmp:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]
    keywords: tuple[tuple[str, KeywordValue], ...] = ()


Node = Num | Var | Neg | Bin | Cmp | Call
KeywordValue = float | str | bool | Var


@dataclass(frozen=True)
class Formula:
    text: str
    tree: Node
    params: tuple[str, ...]

    @property
    def depends_on_x(self) -> bool:
        return "x" in names_used(self.tree)

    @property
    def unused_params(self) -> tuple[str, ...]:
        """Declared parameters the formula never reads: their sliders would move nothing."""
        used = names_used(self.tree)
        return tuple(p for p in self.params if p not in used)


def names_used(node: Node) -> set[str]:
    """``x`` and the parameters the tree reads, in arguments and in keyword values."""
    if isinstance(node, Var):
        return {node.name}
    if isinstance(node, Neg):
        return names_used(node.operand)
    if isinstance(node, (Bin, Cmp)):
        return names_used(node.left) | names_used(node.right)
    if isinstance(node, Call):
        used = set().union(*(names_used(a) for a in node.args)) if node.args else set()
        return used | {v.name for _, v in node.keywords if isinstance(v, Var)}
    return set()


# --- parsing ----------------------------------------------------------------------------------


def callable_activations() -> dict[str, Any]:
    """Catalog activations a formula may call by id: elementwise ones that are ``F.f(x, **kw)``."""
    from . import catalog

    return {
        s.id: s
        for s in catalog.ACTIVATIONS
        if s.layout == "elementwise" and s.forward is None and s.functional is not None
    }


def check_param_name(name: str) -> str:
    if not name.isidentifier() or name.startswith("_"):
        raise InputError(f"parameter name {name!r} must be a letter followed by letters, digits or _")
    reserved = {"x", *CONSTANTS, *FIXED, *callable_activations(), "True", "False", "None"}
    if name in reserved or keyword.iskeyword(name):
        raise InputError(f"parameter name {name!r} is taken by the formula language; choose another")
    return name


def parse(text: str, params: tuple[str, ...] = ()) -> Formula:
    """The formula in ``text`` over ``x`` and ``params``, or a :class:`FormulaError`."""
    if not isinstance(text, str):
        raise FormulaError("not_text")
    if len(text) > MAX_LENGTH:
        raise FormulaError("too_long", length=len(text), max=MAX_LENGTH)
    bad = next(
        (i for i, ch in enumerate(text) if ch == "\0" or (not ch.isprintable() and ch not in " \t")), None
    )
    if bad is not None:
        raise FormulaError("control", bad)
    if not text.strip():
        raise FormulaError("empty")
    depth = max_bracket_depth(text)
    if depth > MAX_DEPTH:
        raise FormulaError("nested_brackets", depth=depth, max=MAX_DEPTH)
    if len(params) > MAX_PARAMS:
        raise FormulaError("too_many_params", max=MAX_PARAMS)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as err:
        offset = (err.offset or 1) - 1 + (len(text) - len(text.lstrip()))
        raise FormulaError("syntax", max(0, min(offset, len(text) - 1)), detail=err.msg) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError("not_formula") from None
    builder = _Builder(text, set(params))
    node = builder.build(tree.body, 1)
    return Formula(text, node, tuple(params))


def _constant(node: Node) -> float | None:
    """The value of a constant (``2``, ``-2``), None for anything that varies."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Neg) and isinstance(node.operand, Num):
        return -node.operand.value
    return None


def max_bracket_depth(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth = max(0, depth - 1)
    return deepest


class _Builder:
    """Translates an ``ast`` tree node by node; anything not listed here is refused."""

    def __init__(self, text: str, params: set[str]) -> None:
        self.text, self.params = text, params
        self.lead = len(text) - len(text.lstrip())
        self.encoded = text.strip().encode("utf-8")

    def position(self, node: ast.AST) -> int:
        """The character position of ``node`` (ast counts UTF-8 bytes); of an attribute, its name's
        (``__import__('os').system``: at ``system``, not at the start of the expression)."""
        offset = getattr(node, "col_offset", 0)
        if isinstance(node, ast.Attribute) and getattr(node, "end_col_offset", None) is not None:
            offset = max(offset, node.end_col_offset - len(node.attr.encode("utf-8")))  # type: ignore[operator]
        return self.lead + len(self.encoded[:offset].decode("utf-8", errors="ignore"))

    def fail(
        self, key: str, node: ast.AST, inner: InputError | None = None, **values: object
    ) -> FormulaError:
        return FormulaError(key, self.position(node), inner, **values)

    def build(self, node: ast.AST, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise self.fail("nested_operations", node, max=MAX_DEPTH)
        if isinstance(node, ast.Constant):
            return Num(self.number(node))
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.build(node.operand, depth + 1)
            return Neg(operand) if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            return Bin(
                OPERATORS[type(node.op)], self.build(node.left, depth + 1), self.build(node.right, depth + 1)
            )
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.Compare):
            raise self.fail("comparison", node)
        if isinstance(node, ast.Attribute):
            raise self.fail("attribute", node)
        if isinstance(node, ast.Subscript):
            raise self.fail("subscript", node)
        if isinstance(node, ast.BinOp):
            raise self.fail("operator", node)
        raise self.fail("expression", node, kind=type(node).__name__.lower())

    def number(self, node: ast.Constant) -> float:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail("not_number", node, value=repr(value)[:40])
        # An int is compared as an int: float() of a 400-digit one raises OverflowError.
        if not (abs(value) <= MAX_CONSTANT and (isinstance(value, int) or math.isfinite(value))):
            raise self.fail("constant", node, max=f"{MAX_CONSTANT:g}")
        return float(value)

    def name(self, node: ast.Name) -> Node:
        if node.id == "x" or node.id in self.params:
            return Var(node.id)
        if node.id in CONSTANTS:
            return Num(CONSTANTS[node.id])
        if node.id in FIXED or node.id in callable_activations():
            raise self.fail("function_name", node, name=node.id)
        known = ", ".join(["x", *sorted(self.params)])
        raise self.fail("unknown_name", node, name=node.id, known=known)

    def call(self, node: ast.Call, depth: int) -> Node:
        if isinstance(node.func, ast.Attribute):
            raise self.fail("method", node.func, name=node.func.attr)
        if not isinstance(node.func, ast.Name):
            raise self.fail("call", node)
        name = node.func.id
        activations = callable_activations()
        if name not in FIXED and name not in activations:
            raise self.fail("unknown_function", node, name=name)
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            raise self.fail("starred", node)
        if name in FIXED:
            if node.keywords:
                raise self.fail("keywords", node.keywords[0].value, name=name)
            if len(node.args) != FIXED[name]:
                raise self.fail("arity", node, name=name, count=FIXED[name], got=len(node.args))
            if name == "where":
                return Call(name, (self.condition(node.args[0], depth + 1), *self.args(node.args[1:], depth)))
            args = self.args(node.args, depth)
            low, high = (_constant(a) for a in args[1:3]) if name == "clamp" else (None, None)
            if low is not None and high is not None and low > high:
                raise self.fail("clamp_order", node.args[1], low=f"{low:g}", high=f"{high:g}")
            return Call(name, args)
        if len(node.args) != 1:
            raise self.fail("one_input", node, name=name, got=len(node.args))
        spec = activations[name]
        seen: set[str] = set()
        for given in node.keywords:  # ast.parse accepts f(a=1, a=2); only the compiler refuses it
            if given.arg in seen:
                raise self.fail("repeated_keyword", given.value, name=given.arg)
            seen.add(given.arg or "")
        keywords = tuple((k.arg or "", self.keyword(spec, k)) for k in node.keywords)
        return Call(name, self.args(node.args, depth), keywords)

    def args(self, args: list[ast.expr], depth: int) -> tuple[Node, ...]:
        return tuple(self.build(a, depth + 1) for a in args)

    def condition(self, node: ast.AST, depth: int) -> Node:
        if not isinstance(node, ast.Compare) or len(node.ops) != 1 or type(node.ops[0]) not in COMPARISONS:
            raise self.fail("condition", node)
        return Cmp(
            COMPARISONS[type(node.ops[0])],
            self.build(node.left, depth + 1),
            self.build(node.comparators[0], depth + 1),
        )

    def keyword(self, spec: Any, given: ast.keyword) -> KeywordValue:
        name = given.arg or ""
        try:
            param = spec.param(name)
        except InputError as err:
            raise self.fail("parameter", given.value, err) from None
        value = given.value
        if isinstance(value, ast.Name) and value.id in self.params:
            return Var(value.id)
        negative = isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub)
        if negative:
            value = value.operand  # type: ignore[attr-defined]
        if not isinstance(value, ast.Constant):
            raise self.fail("keyword_value", given.value, name=name)
        raw = value.value
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            raw = -self.number(value) if negative else self.number(value)
        elif negative:
            raise self.fail("keyword_number", given.value, name=name)
        try:
            return param.validate(raw)
        except InputError as err:
            raise self.fail("parameter", given.value, err) from None


# --- evaluation -------------------------------------------------------------------------------


def build_function(formula: Formula) -> Callable[..., Any]:
    """``f(x, **params) -> tensor`` computed with torch from the tree (nothing is compiled)."""

    def forward(x: Any, **values: Any) -> Any:
        import torch

        result = _evaluate(formula.tree, x, values, torch)
        if not isinstance(result, torch.Tensor):
            return torch.full_like(x, float(result))
        return result if result.shape == x.shape else result.expand_as(x).clone()

    return forward


def _evaluate(node: Node, x: Any, values: Mapping[str, Any], torch: Any) -> Any:
    """Python floats for constant subexpressions (as the generated code computes them), tensors otherwise."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Var):
        return x if node.name == "x" else float(values[node.name])
    if isinstance(node, Neg):
        return -_evaluate(node.operand, x, values, torch)
    if isinstance(node, (Bin, Cmp)):
        a, b = _evaluate(node.left, x, values, torch), _evaluate(node.right, x, values, torch)
        if not isinstance(a, torch.Tensor) and not isinstance(b, torch.Tensor):
            return _constant_op(node.op, a, b)
        return _OPS[node.op](a, b)
    args = [_tensor(_evaluate(a, x, values, torch), x, torch) for a in node.args]
    if node.name in UNARY_TORCH:
        return getattr(torch, node.name)(args[0])
    if node.name == "clamp":
        return torch.clamp(args[0], min=args[1], max=args[2])
    if node.name in ("minimum", "maximum"):
        return getattr(torch, node.name)(args[0], args[1])
    if node.name == "where":
        return torch.where(args[0], args[1], args[2])
    from . import catalog
    from .compute import forward_fn

    spec = catalog.get(node.name)
    kwargs = {k: (float(values[v.name]) if isinstance(v, Var) else v) for k, v in node.keywords}
    return forward_fn(spec, spec.resolve(kwargs))(args[0])


_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "**": lambda a, b: a**b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def _constant_op(op: str, a: float, b: float) -> float | bool:
    """IEEE results for constants, where Python would raise (1/0, 10.0**400)."""
    try:
        value = _OPS[op](a, b)
    except ZeroDivisionError:
        value = math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a)
    except OverflowError:
        value = math.inf
    if isinstance(value, complex):  # (-8) ** (1/3)
        return math.nan
    return value


def _tensor(value: Any, x: Any, torch: Any) -> Any:
    """A function's constant argument as a tensor of x's dtype (a condition as a bool tensor)."""
    if isinstance(value, torch.Tensor):
        return value
    if isinstance(value, bool):
        return torch.as_tensor(value, device=x.device)
    return torch.as_tensor(value, dtype=x.dtype, device=x.device)


# --- code ------------------------------------------------------------------------------------


def code(formula: Formula, param: Callable[[str], str]) -> str:
    """The formula as a PyTorch expression in ``x``; ``param(name)`` writes a parameter
    (a literal for the functional form, ``self.beta`` for a module)."""
    body = _code(formula.tree, param, top=True)
    if not formula.depends_on_x:
        return f"torch.full_like(x, {body})"
    return body


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "**": 4}


def _code(node: Node, param: Callable[[str], str], top: bool = False) -> str:
    if isinstance(node, Num):
        return repr(node.value)
    if isinstance(node, Var):
        return "x" if node.name == "x" else param(node.name)
    if isinstance(node, Neg):
        return f"(-{_code(node.operand, param)})"
    if isinstance(node, (Bin, Cmp)):
        text = f"{_code(node.left, param)} {node.op} {_code(node.right, param)}"
        return text if top else f"({text})"
    args = [_argument(a, param) for a in node.args]
    if node.name in UNARY_TORCH:
        return f"{UNARY_TORCH[node.name]}({args[0]})"
    if node.name == "clamp":
        return f"torch.clamp({args[0]}, min={args[1]}, max={args[2]})"
    if node.name in ("minimum", "maximum", "where"):
        return f"torch.{node.name}({', '.join(args)})"
    from . import catalog
    from .snippets import call_name

    spec = catalog.get(node.name)
    keywords = "".join(f", {k}={param(v.name) if isinstance(v, Var) else repr(v)}" for k, v in node.keywords)
    return f"{call_name(spec.functional or '')}({args[0]}{keywords})"


def _argument(node: Node, param: Callable[[str], str]) -> str:
    text = _code(node, param, top=True)
    if "x" in names_used(node):
        return text
    dtype = "" if isinstance(node, Cmp) else "dtype=x.dtype, "
    return f"torch.as_tensor({text}, {dtype}device=x.device)"
