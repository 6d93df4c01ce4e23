"""Sprig's math functions (``numeric.go`` and the arithmetic in ``functions.go``).

Integer functions convert every argument with spf13/cast ``ToInt64`` (so ``add 1 2.7``
is 3 and ``add "2" 1`` is 3) and compute with Go int64 overflow. The ``...f``
functions convert with ``ToFloat64`` and compute in exact decimals
(shopspring/decimal) before returning a float64.
"""

from __future__ import annotations

import decimal
import math
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from pyhelm.engine.errors import FuncError
from pyhelm.engine.funcs._args import GoIntSlice, cast_float64, cast_int64, declare_params, go_int64, want_int

_DECIMALS = decimal.Context(prec=2000, rounding=decimal.ROUND_HALF_UP, Emax=999999, Emin=-999999)
_DIV_QUANTUM = decimal.Decimal(1).scaleb(-16)
_DIV_ZERO = "runtime error: integer divide by zero"


def add(*values: Any) -> int:
    """``add A B...``: int64 sum."""
    return go_int64(sum(cast_int64(v) for v in values))


def add1(value: Any) -> int:
    """``add1 A``: A + 1 as int64."""
    return go_int64(cast_int64(value) + 1)


def sub(a: Any, b: Any) -> int:
    """``sub A B``: A - B as int64."""
    return go_int64(cast_int64(a) - cast_int64(b))


def go_int_div(a: int, b: int) -> int:
    """Go int64 ``a / b``: truncates toward zero; b == 0 raises FuncError (Go's panic text)."""
    if b == 0:
        raise FuncError(_DIV_ZERO)
    q = abs(a) // abs(b)
    return go_int64(q if (a >= 0) == (b >= 0) else -q)


def go_int_mod(a: int, b: int) -> int:
    """Go int64 ``a % b``: the sign follows ``a``; b == 0 raises FuncError."""
    if b == 0:
        raise FuncError(_DIV_ZERO)
    r = abs(a) % abs(b)
    return go_int64(r if a >= 0 else -r)


def div(a: Any, b: Any) -> int:
    """``div A B``: int64 division truncating toward zero."""
    return go_int_div(cast_int64(a), cast_int64(b))


def mod(a: Any, b: Any) -> int:
    """``mod A B``: int64 remainder (sign of A)."""
    return go_int_mod(cast_int64(a), cast_int64(b))


def mul(a: Any, *values: Any) -> int:
    """``mul A B...``: int64 product."""
    result = cast_int64(a)
    for v in values:
        result = result * cast_int64(v)
    return go_int64(result)


def max_(a: Any, *values: Any) -> int:
    """``max A B...`` / ``biggest``: the largest as int64."""
    return go_int64(max([cast_int64(a), *(cast_int64(v) for v in values)]))


def min_(a: Any, *values: Any) -> int:
    """``min A B...``: the smallest as int64."""
    return go_int64(min([cast_int64(a), *(cast_int64(v) for v in values)]))


def _go_max(a: float, b: float) -> float:
    if math.isinf(a) and a > 0 or math.isinf(b) and b > 0:
        return math.inf
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if a == 0 and b == 0:
        return a if math.copysign(1, a) > 0 else b
    return a if a > b else b


def _go_min(a: float, b: float) -> float:
    if math.isinf(a) and a < 0 or math.isinf(b) and b < 0:
        return -math.inf
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if a == 0 and b == 0:
        return a if math.copysign(1, a) < 0 else b
    return a if a < b else b


def maxf(a: Any, *values: Any) -> float:
    """``maxf A B...``: the largest as float64 (Go ``math.Max``)."""
    result = cast_float64(a)
    for v in values:
        result = _go_max(result, cast_float64(v))
    return result


def minf(a: Any, *values: Any) -> float:
    """``minf A B...``: the smallest as float64 (Go ``math.Min``)."""
    result = cast_float64(a)
    for v in values:
        result = _go_min(result, cast_float64(v))
    return result


def _to_decimal(value: Any) -> decimal.Decimal:
    f = cast_float64(value)
    if math.isnan(f) or math.isinf(f):
        raise FuncError(f"Cannot create a Decimal from {_go_float_word(f)}")
    return decimal.Decimal(repr(f))


def _go_float_word(f: float) -> str:
    if math.isnan(f):
        return "NaN"
    return "+Inf" if f > 0 else "-Inf"


def _decimal_op(first: Any, rest: Iterable[Any], op: Callable[[decimal.Decimal, decimal.Decimal], decimal.Decimal]) -> float:
    result = _to_decimal(first)
    for v in rest:
        result = op(result, _to_decimal(v))
    return float(result) if result else 0.0  # decimal.Decimal has no negative zero


def _dec_add(a: decimal.Decimal, b: decimal.Decimal) -> decimal.Decimal:
    return _DECIMALS.add(a, b)


def _dec_sub(a: decimal.Decimal, b: decimal.Decimal) -> decimal.Decimal:
    return _DECIMALS.subtract(a, b)


def _dec_mul(a: decimal.Decimal, b: decimal.Decimal) -> decimal.Decimal:
    return _DECIMALS.multiply(a, b)


def _dec_div(a: decimal.Decimal, b: decimal.Decimal) -> decimal.Decimal:
    if b == 0:
        raise FuncError("decimal division by 0")
    return _DECIMALS.divide(a, b).quantize(_DIV_QUANTUM, rounding=decimal.ROUND_HALF_UP, context=_DECIMALS)


def addf(*values: Any) -> float:
    """``addf A B...``: decimal sum as float64."""
    return _decimal_op(0.0, values, _dec_add)


def add1f(value: Any) -> float:
    """``add1f A``: A + 1 as float64."""
    return _decimal_op(value, [1], _dec_add)


def subf(a: Any, *values: Any) -> float:
    """``subf A B...``: A minus each B, as float64."""
    return _decimal_op(a, values, _dec_sub)


def mulf(a: Any, *values: Any) -> float:
    """``mulf A B...``: decimal product as float64."""
    return _decimal_op(a, values, _dec_mul)


def divf(a: Any, *values: Any) -> float:
    """``divf A B...``: A divided by each B (16 decimal places, half away from zero) as float64.

    Division by zero raises FuncError ``decimal division by 0``.
    """
    return _decimal_op(a, values, _dec_div)


def ceil(value: Any) -> float:
    """``ceil A``: Go ``math.Ceil`` of ToFloat64(A)."""
    f = cast_float64(value)
    return f if math.isnan(f) or math.isinf(f) else float(math.ceil(f)) or math.copysign(0.0, f)


def floor(value: Any) -> float:
    """``floor A``: Go ``math.Floor`` of ToFloat64(A)."""
    f = cast_float64(value)
    return f if math.isnan(f) or math.isinf(f) else float(math.floor(f)) or math.copysign(0.0, f)


def round_(value: Any, places: Any, *round_on: Any) -> float:
    """``round A PLACES [ROUND_ON]``: Sprig's rounding: up when the fraction >= ROUND_ON (default .5)."""
    places = want_int(places)
    threshold = _want_float_arg(round_on[0]) if round_on else 0.5
    val = cast_float64(value)
    power = math.pow(10, float(places))
    digit = power * val
    if math.isnan(digit) or math.isinf(digit):
        return digit / power
    fraction = math.fmod(digit, 1.0)
    rounded = math.ceil(digit) if fraction >= threshold else math.floor(digit)
    return float(rounded) / power


def _want_float_arg(value: Any) -> float:
    from pyhelm.engine.funcs._args import want_float

    return want_float(value)


def rand_int(low: Any, high: Any) -> int:
    """``randInt MIN MAX``: a random int in [MIN, MAX); MAX <= MIN raises Go's ``invalid argument to Intn``."""
    low, high = want_int(low), want_int(high)
    if high - low <= 0:
        raise FuncError("invalid argument to Intn")
    return low + secrets.randbelow(high - low)


def until_step(start: Any, stop: Any, step: Any) -> list[int]:
    """``untilStep START STOP STEP``: ints from START toward STOP (exclusive) by STEP; [] if STEP goes the wrong way."""
    start, stop, step = want_int(start), want_int(stop), want_int(step)
    return _until_step(start, stop, step)


def _until_step(start: int, stop: int, step: int) -> list[int]:
    if stop < start:
        return GoIntSlice(range(start, stop, step)) if step < 0 else GoIntSlice()
    return GoIntSlice(range(start, stop, step)) if step > 0 else GoIntSlice()


def until(count: Any) -> list[int]:
    """``until N``: [0, 1, ... N-1], or [0, -1, ... N+1] when N is negative."""
    count = want_int(count)
    return _until_step(0, count, -1 if count < 0 else 1)


def seq(*params: Any) -> str:
    """``seq [START [STEP]] END``: the GNU ``seq`` numbers as a space-separated string."""
    nums = [want_int(p) for p in params]
    if len(nums) == 1:
        start, end = 1, nums[0]
        inc = -1 if end < start else 1
        return _join(_until_step(start, end + inc, inc))
    if len(nums) == 2:
        start, end = nums
        inc = -1 if end < start else 1
        return _join(_until_step(start, end + inc, inc))
    if len(nums) == 3:
        start, step, end = nums
        inc = 1
        if end < start:
            inc = -1
            if step > 0:
                return ""
        return _join(_until_step(start, end + inc, step))
    return ""


def _join(numbers: list[int]) -> str:
    return " ".join(str(n) for n in numbers)


FUNCS: dict[str, Callable[..., Any]] = {
    "add": add,
    "add1": add1,
    "sub": sub,
    "div": div,
    "mod": mod,
    "mul": mul,
    "max": max_,
    "biggest": max_,
    "min": min_,
    "maxf": maxf,
    "minf": minf,
    "addf": addf,
    "add1f": add1f,
    "subf": subf,
    "mulf": mulf,
    "divf": divf,
    "ceil": ceil,
    "floor": floor,
    "round": round_,
    "randInt": rand_int,
    "until": until,
    "untilStep": until_step,
    "seq": seq,
}


# Go parameter types (Sprig's signatures) for the compiler"s argument checks.
declare_params(
    FUNCS,
    {
        "add": ("any",),
        "add1": ("any",),
        "sub": ("any", "any"),
        "div": ("any", "any"),
        "mod": ("any", "any"),
        "mul": ("any", "any"),
        "max": ("any", "any"),
        "min": ("any", "any"),
        "maxf": ("any", "any"),
        "minf": ("any", "any"),
        "addf": ("any",),
        "add1f": ("any",),
        "subf": ("any", "any"),
        "mulf": ("any", "any"),
        "divf": ("any", "any"),
        "ceil": ("any",),
        "floor": ("any",),
        "round": ("any", "int", "float64"),
        "randInt": ("int", "int"),
        "until": ("int",),
        "untilStep": ("int", "int", "int"),
        "seq": ("int",),
    },
)
