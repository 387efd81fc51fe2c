"""Mean-field signal propagation: where an activation's deep networks are ordered, chaotic or critical.

For a deep network ``h^l = W^l φ(h^{l-1}) + b^l`` with weights ~ N(0, σ_w²/N) and
biases ~ N(0, σ_b²), wide enough that pre-activations are Gaussian (Poole et
al. 2016; Schoenholz et al. 2017):

- the length map ``q ← σ_w² E[φ(√q z)²] + σ_b²`` has a fixed point q*;
- ``χ₁ = σ_w² E[φ′(√q* z)²]`` is the gradient's gain per layer: < 1 ordered
  (inputs become alike, gradients vanish), > 1 chaotic (they decorrelate,
  gradients explode), = 1 critical;
- the correlation map ``c ← (σ_w² E[φ(u₁)φ(u₂)] + σ_b²)/q*`` (u₁, u₂ of
  variance q*, correlation c) has the fixed point c* (1 when ordered);
- the depth scales ξ_q = −1/ln χ_q (χ_q the slope of the length map at q*) and
  ξ_c = −1/ln χ_c (χ_c the slope of the correlation map at c*) say over how many
  layers a network forgets the length and the correlation of its input.

Expectations over Gaussians are quadrature sums in float64, f′ by autograd (so a
custom formula needs no code). Plain Gauss-Hermite converges only as 1/n on a
kinked φ (SELU's χ₁ was 0.4 % off with 256 nodes), so the rule is Gauss-Legendre
on the Gaussian's ±12σ split at the activation's declared kinks and at 0: exact
to ~1e-10 for smooth pieces, kinks included. For a whole σ_w² × σ_b² grid the maps are
tabulated once over q (they depend on q only, not on σ_w², σ_b²) and each grid
point's fixed point is read off the table: a 64 × 64 grid costs one table, not
4,096 iterations. The correlation map uses the Hermite (Mehler) expansion
``E[φ(u₁)φ(u₂)] = Σ_k â_k² c^k``, so finding c* is a polynomial's root. The
numbers at the current point and the per-depth maps are computed directly.

The deep stack is then measured at the current point: two inputs of the same
length and a given correlation through L layers of random weights, beside the
theory, and the input-output Jacobian's singular values for Gaussian and
orthogonal weights (Pennington et al. 2017, dynamical isometry).
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .cancel import StopCheck, check
from .errors import InputError
from .memory import check_fits
from .request import ActivationRequest

GridAxis = tuple[float, float, int]
"""(first, last, steps) of one axis of the phase diagram."""

DEFAULT_SW2: GridAxis = (0.5, 4.0, 64)
DEFAULT_SB2: GridAxis = (0.0, 0.5, 64)
DEFAULT_POINT = (1.5, 0.05)
DEFAULT_DEPTH = 50
DEFAULT_WIDTH = 256
DEFAULT_Q0 = 1.0
DEFAULT_C0 = 0.5
MAX_STEPS = 128
MAX_DEPTH = 500
MIN_WIDTH, MAX_WIDTH = 16, 1024
MAX_JACOBIAN_WIDTH = 256
"""The Jacobian is an N x N product per layer (N³ each): 256 keeps 50 layers under ~0.3 s."""
MAX_VARIANCE = 1e100
MAX_SIGMA2 = 100.0
PAIRS = 8
"""Input pairs measured at once: the measured curves average over them."""

NODES_PER_PIECE = 64
"""Gauss-Legendre nodes on each piece between kinks (1-D maps)."""
NODES_PER_PIECE_2D = 32
"""Per piece and dimension of the correlation map's double integral."""
Z_EDGE = 12.0
"""The rules cover z in ±12: the Gaussian mass beyond is 4e-33."""
HERMITE_TERMS = 40
TABLE_POINTS = 1600
TABLE_LOG10 = (-12.0, 12.0)
C_POINTS = 801
FLAT = 1e-9
"""A length-map step smaller than this (relative) counts as no step: ReLU at σ_w² = 2, σ_b² = 0
keeps every q, and rounding must not pick a direction for it."""


def _axis(name: str, value: object) -> GridAxis:
    if not (isinstance(value, (tuple, list)) and len(value) == 3):
        raise InputError(f"{name} takes FIRST:LAST:STEPS, got {value!r}")
    first, last, steps = value
    for end in (first, last):
        if isinstance(end, bool) or not isinstance(end, (int, float)) or not math.isfinite(end):
            raise InputError(f"{name}: the ends must be finite numbers, got {end!r}")
        if not 0 <= end <= MAX_SIGMA2:
            raise InputError(f"{name}: the ends must lie in 0..{MAX_SIGMA2:g}, got {end:g}")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 2 <= steps <= MAX_STEPS:
        raise InputError(f"{name}: steps must be a whole number from 2 to {MAX_STEPS}, got {steps!r}")
    if not first < last:
        raise InputError(f"{name}: the first value must be below the last, got {first:g} and {last:g}")
    return (float(first), float(last), steps)


def parse_axis(name: str, text: str) -> GridAxis:
    """``"0.5:4:64"`` -> (0.5, 4.0, 64) (the command line's A:B:N)."""
    parts = text.split(":")
    if len(parts) != 3:
        raise InputError(f"{name} takes FIRST:LAST:STEPS such as 0.5:4:64, got {text!r}")
    try:
        first, last = float(parts[0]), float(parts[1])
        steps = int(parts[2])
    except ValueError:
        raise InputError(f"{name} takes FIRST:LAST:STEPS such as 0.5:4:64, got {text!r}") from None
    return _axis(name, (first, last, steps))


def _positive_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return value


def _number(name: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"{name} must be a finite number, got {value!r}")
    if not low <= value <= high:
        raise InputError(f"{name} must lie in {low:g}..{high:g}, got {value:g}")
    return float(value)


@dataclass(frozen=True)
class CriticalRequest(ActivationRequest):
    """The phase diagram over ``sw2`` × ``sb2`` and the maps at ``point`` down to ``depth``."""

    sw2: GridAxis = DEFAULT_SW2
    sb2: GridAxis = DEFAULT_SB2
    point: tuple[float, float] = DEFAULT_POINT
    """(σ_w², σ_b²) where the per-depth maps are drawn and the stack is measured."""
    depth: int = DEFAULT_DEPTH
    width: int = DEFAULT_WIDTH
    q0: float = DEFAULT_Q0
    """The input's length (1/N)|x|²."""
    c0: float = DEFAULT_C0
    """The correlation of the two inputs."""
    seed: int = 0
    grid: bool = True
    """Compute the phase diagram (the command line's --point alone skips it)."""
    measure: bool = True
    """Measure the finite stack and its Jacobian at ``point`` beside the theory."""
    orthogonal: bool = field(default=False, metadata={"stored": False})

    def validated(self) -> CriticalRequest:
        spec = self.spec
        if spec.layout != "elementwise":
            raise InputError(f"{spec.name} is not elementwise; criticality needs an elementwise activation")
        params = spec.resolve(self.params or {})
        sw2, sb2 = _axis("σ_w² (--sw2)", self.sw2), _axis("σ_b² (--sb2)", self.sb2)
        if not (isinstance(self.point, (tuple, list)) and len(self.point) == 2):
            raise InputError(f"the point takes SW2,SB2, got {self.point!r}")
        point = (
            _number("σ_w² of the point", self.point[0], 1e-6, MAX_SIGMA2),
            _number("σ_b² of the point", self.point[1], 0.0, MAX_SIGMA2),
        )
        self.check_placement()
        return replace(
            self,
            params=params,
            sw2=sw2,
            sb2=sb2,
            point=point,
            depth=_positive_int("depth", self.depth, 1, MAX_DEPTH),
            width=_positive_int("width", self.width, MIN_WIDTH, MAX_WIDTH),
            q0=_number("input length q0", self.q0, 1e-6, 1e6),
            c0=_number("input correlation c0", self.c0, -1.0, 1.0),
            seed=_positive_int("seed", self.seed, 0, 2**31 - 1),
        )

    def program(self) -> str:
        """PyTorch that computes q* and χ₁ at the point as the view does (the Learn panel shows it)."""
        from .snippets import snippet

        body = "\n".join("    " + line for line in snippet(self.spec, self.params).functional.splitlines())
        sw2, sb2 = self.point
        return (
            "import math\n\nimport torch\nimport torch.nn.functional as F\n"
            "from numpy.polynomial.hermite_e import hermegauss\n\n\n"
            f"def activation(x):\n{body}\n    return output\n\n\n"
            "# E[g(z)] = sum(w * g(z)) / sqrt(2 pi) for z ~ N(0, 1). The view also splits the integral\n"
            "# at the activation's kinks (Gauss-Legendre per piece), more accurate where f′ jumps.\n"
            "z, w = hermegauss(256)\n"
            "z, w = torch.tensor(z), torch.tensor(w) / math.sqrt(2 * math.pi)\n"
            f"sw2, sb2, q = {sw2!r}, {sb2!r}, {self.q0!r}\n"
            "for _ in range(2000):  # the length map: q <- sw2 E[f(sqrt(q) z)^2] + sb2\n"
            "    q = sw2 * (w * activation(math.sqrt(q) * z) ** 2).sum().item() + sb2\n"
            "x = (math.sqrt(q) * z).requires_grad_()\n"
            "(slope,) = torch.autograd.grad(activation(x).sum(), x)\n"
            "chi1 = sw2 * (w * slope**2).sum().item()  # < 1 ordered, > 1 chaotic\n"
            'print(f"q* = {q:.6g}, chi1 = {chi1:.6g}")\n'
        )

    @property
    def jacobian_width(self) -> int:
        return min(self.width, MAX_JACOBIAN_WIDTH)

    def estimated_bytes(self) -> int:
        """Peak memory of :func:`compute_critical`, the largest arrays it holds at once."""
        grid = self.sw2[2] * self.sb2[2] if self.grid else 0
        table = TABLE_POINTS // 8 * NODES_PER_PIECE * 4 * (HERMITE_TERMS + 6) * 8
        series = grid * (HERMITE_TERMS + 2) * 8 * 3 + grid * C_POINTS * 8 * 3
        stack = (self.width**2 + self.width * 2 * PAIRS * 4) * 8 * 3 if self.measure else 0
        jac = self.jacobian_width**2 * 8 * 6 if self.measure else 0
        return table + series + stack + jac


@dataclass(frozen=True)
class PointStats:
    """The mean-field numbers at one (σ_w², σ_b²)."""

    sw2: float
    sb2: float
    q_star: float
    """inf where q grows without bound (an unbounded φ in its chaotic phase)."""
    chi1: float
    c_star: float
    chi_c: float
    xi_q: float
    xi_c: float

    def as_json(self) -> dict[str, float | None]:
        return {k: _finite(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True, eq=False)
class PhaseGrid:
    sw2: np.ndarray
    sb2: np.ndarray
    q_star: np.ndarray
    """Shape (len(sb2), len(sw2)), like every map below: row j is σ_b² = sb2[j]."""
    chi1: np.ndarray
    c_star: np.ndarray
    chi_c: np.ndarray
    xi_q: np.ndarray
    xi_c: np.ndarray
    critical_sw2: np.ndarray
    """The σ_w² where χ₁ = 1 for each σ_b² (nan where the line leaves the grid's σ_w² range)."""


@dataclass(frozen=True, eq=False)
class Measured:
    """The finite stack at the current point, beside the theory."""

    q: np.ndarray
    """Pre-activation length per layer 0..L, averaged over units and inputs."""
    c: np.ndarray
    """Correlation of the two inputs' pre-activations per layer 0..L (mean over pairs)."""
    jacobian_mean: dict[str, np.ndarray]
    """'gaussian' / 'orthogonal': mean squared singular value of ∂h^l/∂h^0 for l = 1..L."""
    jacobian_spread: dict[str, np.ndarray]
    """The variance of the squared singular values, per layer."""
    singular_values: dict[str, np.ndarray]
    """Singular values of the whole Jacobian ∂h^L/∂h^0."""
    jacobian_width: int


@dataclass(frozen=True, eq=False)
class CriticalResult:
    request: CriticalRequest
    grid: PhaseGrid | None
    point: PointStats
    q: np.ndarray
    """Theory: q^l for l = 0..L from q0."""
    c: np.ndarray
    """Theory: c^l for l = 0..L from c0 (with q^l changing along the way)."""
    chi1_depth: np.ndarray
    """Theory: the gradient's gain χ₁ at each layer's q^{l-1}, l = 1..L (its product is E[σ²] of J)."""
    measured: Measured | None
    elapsed_s: float


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


# --- quadrature ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _legendre(m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.polynomial.legendre.leggauss(m)


def gaussian_rule(breaks: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes z and weights w with ``Σ w g(z) ≈ E[g(z)]``, z ~ N(0, 1), per row of ``breaks``
    (shape (R, B): where g has a kink, in z), as Gauss-Legendre on the pieces of [-12, 12]
    between them; each row gets (B + 1) * m nodes (a piece outside the range has no width)."""
    rows = breaks.shape[0]
    inner = np.sort(
        np.clip(np.nan_to_num(breaks, nan=0.0, posinf=Z_EDGE, neginf=-Z_EDGE), -Z_EDGE, Z_EDGE), axis=1
    )
    edges = np.concatenate([np.full((rows, 1), -Z_EDGE), inner, np.full((rows, 1), Z_EDGE)], axis=1)
    x, w = _legendre(m)
    half = (edges[:, 1:] - edges[:, :-1]) / 2
    mid = (edges[:, 1:] + edges[:, :-1]) / 2
    nodes = mid[..., None] + half[..., None] * x
    weights = half[..., None] * w * np.exp(-nodes * nodes / 2) / math.sqrt(2 * math.pi)
    return nodes.reshape(rows, -1), weights.reshape(rows, -1)


def _normalised_hermite(z: np.ndarray, terms: int) -> np.ndarray:
    """He_k(z)/√k! for k = 0..terms-1, shape (len(z), terms): orthonormal under N(0, 1)."""
    out = np.empty((len(z), terms))
    out[:, 0] = 1.0
    if terms > 1:
        out[:, 1] = z
    for k in range(1, terms - 1):
        out[:, k + 1] = (z * out[:, k] - math.sqrt(k) * out[:, k - 1]) / math.sqrt(k + 1)
    return out


def _values_and_slopes(f: Callable[[Any], Any], x: Any) -> tuple[np.ndarray, np.ndarray]:
    """φ and φ′ (by autograd) of a float64 tensor of any shape, as numpy arrays."""
    import torch

    flat = x.reshape(-1).detach().requires_grad_(True)
    y = f(flat)
    if y.requires_grad:
        (dy,) = torch.autograd.grad(y.sum(), flat)
    else:  # piecewise constant with no graph (binary step)
        dy = torch.zeros_like(y)
    shape = tuple(x.shape)
    return y.detach().reshape(shape).cpu().numpy(), dy.reshape(shape).cpu().numpy()


def activation_fn(request: CriticalRequest) -> Callable[[Any], Any]:
    from .compute import forward_fn

    return forward_fn(request.spec, request.params)


class Maps:
    """The length and correlation maps of one activation, by quadrature, on a device."""

    def __init__(self, f: Callable[[Any], Any], device: str, kinks: tuple[float, ...] = ()) -> None:
        self.f = f
        self.device = device
        self.kinks = np.array(sorted({0.0} | {float(k) for k in kinks if math.isfinite(k)}))

    def _eval(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        import torch

        return _values_and_slopes(self.f, torch.from_numpy(x).to(self.device))

    def _rule(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The 1-D rule for each q: pieces split where √q z meets a kink."""
        root = np.sqrt(np.maximum(q, 0.0))[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            breaks = np.where(root > 0, self.kinks[None, :] / root, np.sign(self.kinks)[None, :] * np.inf)
        return gaussian_rule(breaks, NODES_PER_PIECE)

    def length(self, q: np.ndarray) -> dict[str, np.ndarray]:
        """For each q: V = E[φ²], D = E[φ′²], S = dV/dq = E[φ φ′ z]/√q, and the Hermite
        coefficients â_k = E[φ(√q z) He_k(z)]/√k! (shape (len(q), HERMITE_TERMS))."""
        z, w = self._rule(q)
        root = np.sqrt(np.maximum(q, 0.0))
        values, slopes = self._eval(root[:, None] * z)
        v = (values * values * w).sum(axis=1)
        d = (slopes * slopes * w).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            s = np.where(root > 0, (values * slopes * z * w).sum(axis=1) / root, d)
        hermite = _normalised_hermite(z.reshape(-1), HERMITE_TERMS).reshape(*z.shape, HERMITE_TERMS)
        a = np.einsum("rn,rnk->rk", values * w, hermite)
        return {"V": v, "D": d, "S": s, "a": a}

    def next_q(self, q: float, sw2: float, sb2: float) -> float:
        return float(sw2 * self.length(np.array([q]))["V"][0] + sb2)

    def correlation(self, q: float, c: float, sw2: float, sb2: float, q_next: float) -> float:
        """The next layer's correlation, from two inputs of length q and correlation c: the double
        integral as an outer rule in z₁ and, for each z₁, an inner rule in z₂ split where
        u₂ = √q (c z₁ + √(1−c²) z₂) meets a kink."""
        import torch

        c = min(max(c, -1.0), 1.0)
        root = math.sqrt(max(q, 0.0))
        if root == 0 or q_next <= 0:
            return 1.0
        s = max(math.sqrt(max(1.0 - c * c, 0.0)), 1e-12)
        outer = self.kinks[None, :] / root
        z1, w1 = gaussian_rule(outer, NODES_PER_PIECE_2D)
        z1, w1 = z1[0], w1[0]
        with np.errstate(over="ignore", invalid="ignore"):
            inner = (self.kinks[None, :] / root - c * z1[:, None]) / s
        z2, w2 = gaussian_rule(inner, NODES_PER_PIECE_2D)
        u1 = root * z1
        u2 = root * (c * z1[:, None] + s * z2)
        with torch.no_grad():
            y1 = self.f(torch.from_numpy(u1).to(self.device)).cpu().numpy()
            y2 = self.f(torch.from_numpy(u2.reshape(-1)).to(self.device)).cpu().numpy().reshape(u2.shape)
        cross = float((w1 * y1 * (w2 * y2).sum(axis=1)).sum())
        return (sw2 * cross + sb2) / q_next


def _depth_scale(chi: np.ndarray) -> np.ndarray:
    """−1/ln χ where χ < 1; inf at and beyond 1 (no decay)."""
    chi = np.asarray(chi, dtype=float)
    out = np.full(chi.shape, np.inf)
    decays = np.isfinite(chi) & (chi < 1.0 - 1e-12) & (chi > 0.0)  # 1 - 1e-16 is 1, not 9e15 layers
    out[decays] = -1.0 / np.log(chi[decays])
    out[np.isfinite(chi) & (chi <= 0.0)] = 0.0
    out[~np.isfinite(chi)] = np.nan
    return out


# --- the table over q and the grid read off it ---------------------------------------------------


@dataclass(frozen=True, eq=False)
class Table:
    q: np.ndarray
    V: np.ndarray
    D: np.ndarray
    S: np.ndarray
    a: np.ndarray

    def at(self, q: np.ndarray) -> dict[str, np.ndarray]:
        """Every column linearly interpolated in ln q (q clipped to the table)."""
        lq = np.log(np.clip(q, self.q[0], self.q[-1]))
        grid = np.log(self.q)
        index = np.clip(np.searchsorted(grid, lq) - 1, 0, len(grid) - 2)
        t = ((lq - grid[index]) / (grid[index + 1] - grid[index]))[..., None]
        out = {}
        for name in ("V", "D", "S"):
            column = getattr(self, name)[:, None]
            out[name] = ((1 - t) * column[index] + t * column[index + 1])[..., 0]
        out["a"] = (1 - t) * self.a[index] + t * self.a[index + 1]
        return out


def build_table(maps: Maps, should_stop: StopCheck | None = None) -> Table:
    q = np.logspace(*TABLE_LOG10, TABLE_POINTS)
    parts = []
    for chunk in np.array_split(q, 8):
        check(should_stop)
        parts.append(maps.length(chunk))
    joined = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    return Table(q, joined["V"], joined["D"], joined["S"], joined["a"])


def _stable_q(table: Table, sw2: np.ndarray, sb2: np.ndarray, q0: float) -> np.ndarray:
    """The fixed point of q ← σ_w² V(q) + σ_b² that iterating from q0 reaches (monotone map):
    the first root above q0 when the map grows q there, the first below when it shrinks it;
    inf when q grows past the table, 0 when it shrinks to nothing."""
    q = table.q
    g = sw2[:, None] * table.V[None, :] + sb2[:, None] - q[None, :]
    g0 = sw2 * table.at(np.array([q0]))["V"][0] + sb2 - q0
    flat = np.abs(g0) <= FLAT * max(q0, 1e-300)
    out = np.empty(len(sw2))
    upward = (g0 > 0) & ~flat
    start = int(np.searchsorted(q, q0))
    for i in range(len(sw2)):
        if flat[i]:
            out[i] = q0
            continue
        if upward[i]:
            above = np.nonzero(g[i, start:] <= 0)[0]
            if len(above) == 0:
                out[i] = np.inf
                continue
            j = start + above[0]
        else:
            below = np.nonzero(g[i, :start] >= 0)[0]
            if len(below) == 0:
                out[i] = 0.0
                continue
            j = below[-1] + 1
        if j == 0:
            out[i] = q[0]
            continue
        ga, gb = g[i, j - 1], g[i, j]
        t = ga / (ga - gb) if ga != gb else 0.0
        out[i] = math.exp(math.log(q[j - 1]) + t * (math.log(q[j]) - math.log(q[j - 1])))
    return out


def _series(a: np.ndarray, tail: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Σ â_k² c^k (+ the truncated rest as one c^{K+1} term, so c = 1 stays a fixed point) and
    its derivative in c, for c of shape (P,) or (P, M)."""
    coefficients = np.concatenate([a * a, tail[:, None]], axis=1)  # (P, K+1)
    shape = (coefficients.shape[0],) + (1,) * (c.ndim - 1)
    value = np.zeros_like(c)
    slope = np.zeros_like(c)
    for k in range(coefficients.shape[1] - 1, -1, -1):  # Horner for the value and its derivative
        slope = slope * c + value
        value = value * c + coefficients[:, k].reshape(shape)
    return value, slope


def _stable_c(
    a: np.ndarray, tail: np.ndarray, sw2: np.ndarray, sb2: np.ndarray, q_star: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """c* below 1 in the chaotic phase (the largest root of C(c) = c under 1, which iteration from
    just below 1 reaches) and the map's slope χ_c there.

    The map is divided by σ_w² V(q*) + σ_b², which is q* up to the table's interpolation, so that
    c = 1 is a fixed point exactly: otherwise a 1e-5 error in q* made a spurious root just under 1
    near the critical line, where the map's own distance from c is as small."""
    q_star = sw2 * (a * a).sum(axis=1) + sw2 * tail + sb2
    c = np.linspace(-1.0, 1.0, C_POINTS)[None, :].repeat(len(sw2), axis=0)
    value, _ = _series(a, tail, c)
    g = (sw2[:, None] * value + sb2[:, None]) / q_star[:, None] - c
    g[:, -1] = 0.0
    c_star = np.full(len(sw2), -1.0)
    for i in range(len(sw2)):
        above = np.nonzero(g[i, :-1] > 0)[0]
        if len(above) == 0:
            continue
        j = above[-1]
        ga, gb = g[i, j], g[i, j + 1]
        c_star[i] = c[i, j] + (c[i, j + 1] - c[i, j]) * ga / (ga - gb)
    for _ in range(3):  # Newton on the series itself
        value, slope = _series(a, tail, c_star)
        g1 = (sw2 * value + sb2) / q_star - c_star
        d = sw2 * slope / q_star - 1.0
        step = np.where(np.abs(d) > 1e-12, g1 / np.where(d == 0, 1, d), 0.0)
        c_star = np.clip(c_star - step, -1.0, 1.0)
    _, slope = _series(a, tail, c_star)
    return c_star, sw2 * slope / q_star


def phase_grid(table: Table, request: CriticalRequest, should_stop: StopCheck | None = None) -> PhaseGrid:
    sw2_axis = np.linspace(request.sw2[0], request.sw2[1], request.sw2[2])
    sb2_axis = np.linspace(request.sb2[0], request.sb2[1], request.sb2[2])
    sw2, sb2 = (a.reshape(-1) for a in np.meshgrid(sw2_axis, sb2_axis))
    q_star = _stable_q(table, sw2, sb2, request.q0)
    check(should_stop)
    bounded = np.isfinite(q_star)
    at = table.at(np.where(bounded, np.maximum(q_star, table.q[0]), table.q[-1]))
    chi1 = sw2 * at["D"]
    chi_q = sw2 * at["S"]
    c_star = np.ones_like(sw2)
    chi_c = chi1.copy()
    chaotic = bounded & (chi1 > 1.0)
    if chaotic.any():
        a = at["a"][chaotic]
        tail = np.maximum(at["V"][chaotic] - (a * a).sum(axis=1), 0.0)
        c_star[chaotic], chi_c[chaotic] = _stable_c(a, tail, sw2[chaotic], sb2[chaotic], q_star[chaotic])
    c_star[~bounded] = np.nan
    chi_c[~bounded] = np.nan
    check(should_stop)
    shape = (len(sb2_axis), len(sw2_axis))
    xi_q = _depth_scale(chi_q)
    xi_q[~bounded] = np.inf
    return PhaseGrid(
        sw2_axis,
        sb2_axis,
        q_star.reshape(shape),
        chi1.reshape(shape),
        c_star.reshape(shape),
        chi_c.reshape(shape),
        xi_q.reshape(shape),
        _depth_scale(chi_c).reshape(shape),
        critical_line(table, sw2_axis, sb2_axis, chi1.reshape(shape)),
    )


def critical_line(table: Table, sw2_axis: np.ndarray, sb2_axis: np.ndarray, chi1: np.ndarray) -> np.ndarray:
    """The σ_w² of χ₁ = 1 at each σ_b², from the line's parametric form: a fixed point q* is critical
    at σ_w² = 1/D(q*), σ_b² = q* − V(q*)/D(q*) (no iteration, exact up to the table). Where no q*
    gives that σ_b² (ReLU, whose line sits at σ_b² = 0 alone), the χ₁ = 1 crossing on the grid."""
    with np.errstate(divide="ignore", invalid="ignore"):
        line_sw2 = 1.0 / table.D
        line_sb2 = table.q - table.V / table.D
    usable = np.isfinite(line_sw2) & np.isfinite(line_sb2)
    out = np.full(len(sb2_axis), np.nan)
    low, high = sw2_axis[0], sw2_axis[-1]
    for j, target in enumerate(sb2_axis):
        g = np.where(usable, line_sb2 - target, np.nan)
        # q* -> 0 below the table's first q is the line's end: σ_b² -> 0 (tanh: σ_w² -> 1/φ′(0)²).
        if usable[0] and target >= 0 and abs(g[0]) <= 1e-6:
            out[j] = line_sw2[0]
        for i in np.nonzero(((g[:-1] <= 0) & (g[1:] > 0)) | ((g[:-1] >= 0) & (g[1:] < 0)))[0]:
            if np.isfinite(out[j]):
                break
            t = g[i] / (g[i] - g[i + 1])
            candidate = line_sw2[i] + t * (line_sw2[i + 1] - line_sw2[i])
            if low <= candidate <= high:
                out[j] = candidate
        if not np.isfinite(out[j]):
            row = chi1[j]
            up = np.nonzero((row[:-1] < 1.0) & (row[1:] >= 1.0))[0]
            if len(up):
                i = up[0]
                t = (1.0 - row[i]) / (row[i + 1] - row[i])
                out[j] = sw2_axis[i] + t * (sw2_axis[i + 1] - sw2_axis[i])
    out[(out < sw2_axis[0]) | (out > sw2_axis[-1])] = np.nan
    return out


# --- at the current point: exact quadrature, the depth maps and the measured stack --------------


def point_stats(maps: Maps, sw2: float, sb2: float, q0: float) -> PointStats:
    """q* by iterating the length map (Newton near the end), χ₁, c*, χ_c, ξ_q, ξ_c at one point."""
    q = q0
    for _ in range(5000):
        stats = maps.length(np.array([q]))
        nxt = float(sw2 * stats["V"][0] + sb2)
        if not math.isfinite(nxt) or nxt > MAX_VARIANCE:
            q = math.inf
            break
        slope = float(sw2 * stats["S"][0])
        if abs(nxt - q) <= FLAT * max(q, 1e-300):
            break
        if slope < 0.95 and q > 0:
            newton = q - (q - nxt) / (1.0 - slope)  # g(q) = q - Q(q), g' = 1 - Q'
            q = newton if newton > 0 and abs(newton - nxt) < 0.5 * max(q, nxt) else nxt
        else:
            q = nxt
        if q < 1e-300:
            q = 0.0
            break
    if not math.isfinite(q):
        last = maps.length(np.array([MAX_VARIANCE]))
        return PointStats(
            sw2, sb2, math.inf, float(sw2 * last["D"][0]), math.nan, math.nan, math.inf, math.nan
        )
    stats = maps.length(np.array([q]))
    chi1 = float(sw2 * stats["D"][0])
    chi_q = float(sw2 * stats["S"][0])
    if chi1 <= 1.0 or q == 0.0:
        c_star, chi_c = 1.0, chi1
    else:
        a = stats["a"]
        tail = np.maximum(stats["V"] - (a * a).sum(axis=1), 0.0)
        cs, cc = _stable_c(a, tail, np.array([sw2]), np.array([sb2]), np.array([q]))
        c_star, chi_c = float(cs[0]), float(cc[0])
    return PointStats(
        sw2,
        sb2,
        q,
        chi1,
        c_star,
        chi_c,
        float(_depth_scale(np.array([chi_q]))[0]),
        float(_depth_scale(np.array([chi_c]))[0]),
    )


def depth_maps(
    maps: Maps, sw2: float, sb2: float, q0: float, c0: float, depth: int, should_stop: StopCheck | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """q^l and c^l for l = 0..depth (the theory the measured stack is set beside) and χ₁ per layer."""
    q, c = [q0], [c0]
    chi = []
    for _ in range(depth):
        check(should_stop)
        stats = maps.length(np.array([q[-1]]))
        chi.append(float(sw2 * stats["D"][0]))
        q_next = float(sw2 * stats["V"][0] + sb2)
        if not math.isfinite(q_next) or q_next > MAX_VARIANCE:
            q.append(math.inf)
            c.append(math.nan)
            break
        c_next = maps.correlation(q[-1], c[-1], sw2, sb2, q_next) if math.isfinite(c[-1]) else math.nan
        q.append(q_next)
        c.append(min(max(c_next, -1.0), 1.0) if math.isfinite(c_next) else math.nan)
    while len(q) < depth + 1:
        q.append(math.inf)
        c.append(math.nan)
    while len(chi) < depth:
        chi.append(math.nan)
    return np.array(q), np.array(c), np.array(chi)


def _two_inputs(torch: Any, generator: Any, width: int, q0: float, c0: float) -> Any:
    """PAIRS pairs of inputs, each of length q0 exactly ((1/N)|x|² = q0) and correlation c0 exactly:
    shape (width, 2 * PAIRS), columns 2i and 2i + 1 a pair."""
    base = torch.randn(width, 2 * PAIRS, generator=generator, dtype=torch.float64)
    columns = []
    for i in range(PAIRS):
        u = base[:, 2 * i] / base[:, 2 * i].norm()
        v = base[:, 2 * i + 1] - (base[:, 2 * i + 1] @ u) * u
        v = v / v.norm()
        scale = math.sqrt(q0 * width)
        columns += [scale * u, scale * (c0 * u + math.sqrt(max(1 - c0 * c0, 0.0)) * v)]
    return torch.stack(columns, dim=1)


def measure_stack(request: CriticalRequest, should_stop: StopCheck | None = None) -> Measured:
    """Two inputs through ``depth`` layers of ``width`` units at the point, and the Jacobian's
    singular values for Gaussian and orthogonal weights (float64, seeded)."""
    import torch

    f = activation_fn(request)
    sw2, sb2 = request.point
    n, depth = request.width, request.depth
    device = torch.device(request.device)
    generator = torch.Generator().manual_seed(request.seed)
    h = _two_inputs(torch, generator, n, request.q0, request.c0).to(device)
    q, c = [], []

    def record(h: Any) -> None:
        q.append(float((h * h).mean()))
        a, b = h[:, 0::2], h[:, 1::2]
        corr = (a * b).sum(0) / ((a * a).sum(0).sqrt() * (b * b).sum(0).sqrt())
        c.append(float(corr.mean()))

    with torch.no_grad():
        record(h)
        for _ in range(depth):
            check(should_stop)
            w = torch.randn(n, n, generator=generator, dtype=torch.float64).to(device) * math.sqrt(sw2 / n)
            b = torch.randn(n, 1, generator=generator, dtype=torch.float64).to(device) * math.sqrt(sb2)
            h = w @ f(h.reshape(-1)).reshape(h.shape) + b
            record(h)
            if not math.isfinite(q[-1]) or q[-1] > MAX_VARIANCE:
                break
    while len(q) < depth + 1:
        q.append(math.inf)
        c.append(math.nan)

    width = request.jacobian_width
    means: dict[str, np.ndarray] = {}
    spreads: dict[str, np.ndarray] = {}
    values: dict[str, np.ndarray] = {}
    for kind in ("gaussian", "orthogonal"):
        generator = torch.Generator().manual_seed(request.seed + 1)
        x = _two_inputs(torch, generator, width, request.q0, request.c0)[:, 0].to(device)
        jac = torch.eye(width, dtype=torch.float64, device=device)
        mean, spread = [], []
        for _ in range(depth):
            check(should_stop)
            if kind == "gaussian":
                w = torch.randn(width, width, generator=generator, dtype=torch.float64) * math.sqrt(
                    sw2 / width
                )
            else:
                a = torch.randn(width, width, generator=generator, dtype=torch.float64)
                qm, r = torch.linalg.qr(a)
                w = qm * torch.sign(torch.diagonal(r))[None, :] * math.sqrt(sw2)  # Haar-distributed
            w = w.to(device)
            b = (torch.randn(width, generator=generator, dtype=torch.float64) * math.sqrt(sb2)).to(device)
            y, dy = _values_and_slopes(f, x)
            slopes = torch.from_numpy(dy).to(device)
            jac = w @ (slopes[:, None] * jac)
            x = w @ torch.from_numpy(y).to(device) + b
            gram = jac.T @ jac
            m = float(torch.trace(gram)) / width
            mean.append(m)
            spread.append(float((gram * gram).sum()) / width - m * m)
            if not math.isfinite(m):
                break
        while len(mean) < depth:
            mean.append(math.nan)
            spread.append(math.nan)
        means[kind] = np.array(mean)
        spreads[kind] = np.array(spread)
        finite = bool(torch.isfinite(jac).all())
        values[kind] = torch.linalg.svdvals(jac).cpu().numpy() if finite else np.array([])
    return Measured(np.array(q), np.array(c), means, spreads, values, width)


_table_cache: dict[tuple[Any, ...], tuple[Any, Table]] = {}


def compute_critical(request: CriticalRequest, should_stop: StopCheck | None = None) -> CriticalResult:
    """The phase diagram, the point's numbers and depth maps, and the measured stack."""
    from .compute import user_errors

    start = time.perf_counter()
    request = request.validated()
    check_fits(request.estimated_bytes(), request.device, "the criticality computation")
    spec = request.spec
    with user_errors(spec, request.device, "float64", TABLE_POINTS * NODES_PER_PIECE):
        maps = Maps(activation_fn(request), request.device, spec.breakpoints(request.params))
        grid = None
        if request.grid:
            # Dragging the point or changing the grid's ranges reuses the table of the same activation.
            key = (spec.id, id(spec), tuple(sorted(request.params.items())), request.device)
            cached = _table_cache.get(key)
            table = cached[1] if cached is not None and cached[0] is spec else build_table(maps, should_stop)
            _table_cache.clear()
            _table_cache[key] = (spec, table)
            grid = phase_grid(table, request, should_stop)
        sw2, sb2 = request.point
        point = point_stats(maps, sw2, sb2, request.q0)
        q, c, chi = depth_maps(maps, sw2, sb2, request.q0, request.c0, request.depth, should_stop)
        measured = measure_stack(request, should_stop) if request.measure else None
    return CriticalResult(request, grid, point, q, c, chi, measured, time.perf_counter() - start)


QUANTITIES = ("xi_c", "log_chi1")
"""What the phase diagram colours: the correlation depth scale ξ_c, or ln χ₁."""


@dataclass(frozen=True)
class CriticalSettings:
    """The criticality view's own settings; defaults are the request's."""

    point_sw2: float = DEFAULT_POINT[0]
    point_sb2: float = DEFAULT_POINT[1]
    sw2_max: float = DEFAULT_SW2[1]
    sb2_max: float = DEFAULT_SB2[1]
    depth: int = DEFAULT_DEPTH
    width: int = DEFAULT_WIDTH
    c0: float = DEFAULT_C0
    seed: int = 0
    quantity: str = QUANTITIES[0]
    """Display only."""

    def request(self, activation: str, params: Any, device: str) -> CriticalRequest:
        return CriticalRequest(
            activation,
            params,
            sw2=(min(DEFAULT_SW2[0], self.sw2_max / 2), self.sw2_max, DEFAULT_SW2[2]),
            sb2=(0.0, self.sb2_max, DEFAULT_SB2[2]),
            point=(self.point_sw2, self.point_sb2),
            depth=self.depth,
            width=self.width,
            c0=self.c0,
            seed=self.seed,
            device=device,
        )

    @classmethod
    def from_dict(cls, data: object) -> tuple[CriticalSettings, list[str]]:
        from . import records

        def quantity(value: object) -> str:
            if value not in QUANTITIES:
                raise InputError(f"expected one of {', '.join(QUANTITIES)}, got {value!r}")
            return str(value)

        def whole(low: int, high: int) -> Callable[[object], int]:
            return lambda value: _positive_int("it", value, low, high)

        def number(low: float, high: float) -> Callable[[object], float]:
            return lambda value: _number("it", value, low, high)

        checks = {
            "quantity": quantity,
            "depth": whole(1, MAX_DEPTH),
            "width": whole(MIN_WIDTH, MAX_WIDTH),
            "seed": whole(0, 2**31 - 1),
            "point_sw2": number(1e-3, MAX_SIGMA2),
            "point_sb2": number(0.0, MAX_SIGMA2),
            "sw2_max": number(1.0, MAX_SIGMA2),
            "sb2_max": number(0.01, MAX_SIGMA2),
            "c0": number(-1.0, 1.0),
        }
        record, problems = records.from_json(cls, data, checks, "stored criticality settings")
        try:
            record.request("tanh", {}, "cpu").validated()
        except InputError as err:
            return cls(), [*problems, f"stored criticality settings reset to their defaults: {err}"]
        return record, problems
