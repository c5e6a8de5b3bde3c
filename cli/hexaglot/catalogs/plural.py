"""The Plural-Forms header, judged as GNU gettext judges it.

A paper has no plural messages, but a catalogue's header still carries
Plural-Forms, and ``msgfmt --check`` rejects a catalogue whose formula does
not parse or can give a form outside 0 … nplurals-1 (or divide by zero)
for some n from 0 to 1000. The formula language is gettext's: C
expressions over ``n`` and unsigned integers, with ``?:``, ``||``, ``&&``,
comparisons, ``+ - * / %`` and ``!``, evaluated in 64-bit unsigned
arithmetic; it ends at ``;``, a line break or the end of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_MASK = 2**64 - 1

#: Binary operators by precedence, loosest first.
_LEVELS: tuple[tuple[str, ...], ...] = (
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", ">", "<=", ">="),
    ("+", "-"),
    ("*", "/", "%"),
)
_TOKEN = re.compile(r"[ \t]*(\d+|\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()n]|[;\n]|$|.)")

Expr = Callable[[int], int]


class PluralError(ValueError):
    """A Plural-Forms header that gettext rejects; the text says why."""


class _Parser:
    def __init__(self, text: str):
        self.tokens: list[str] = []
        pos = 0
        while True:
            found = _TOKEN.match(text, pos)
            assert found  # the pattern matches anything, the end included
            token = found.group(1)
            if token in ("", ";", "\n"):
                break
            self.tokens.append(token)
            pos = found.end()
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise PluralError("the plural expression does not parse")
        self.pos += 1
        return token

    def parse(self) -> Expr:
        expr = self.conditional()
        if self.peek() is not None:
            raise PluralError("the plural expression does not parse")
        return expr

    def conditional(self) -> Expr:
        test = self.binary(0)
        if self.peek() != "?":
            return test
        self.take("?")
        yes = self.conditional()
        self.take(":")
        no = self.conditional()
        return lambda n: yes(n) if test(n) else no(n)

    def binary(self, level: int) -> Expr:
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _LEVELS[level]:
            left = _apply(self.take(), left, self.binary(level + 1))
        return left

    def unary(self) -> Expr:
        token = self.take()
        if token == "!":
            operand = self.unary()
            return lambda n: int(not operand(n))
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token) & _MASK
            return lambda n: value
        if token == "(":
            inner = self.conditional()
            self.take(")")
            return inner
        raise PluralError("the plural expression does not parse")


def _divide(a: int, b: int) -> int:
    if b == 0:
        raise ZeroDivisionError
    return a // b


def _modulo(a: int, b: int) -> int:
    if b == 0:
        raise ZeroDivisionError
    return a % b


_OPERATIONS: dict[str, Callable[[int, int], int]] = {
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
    "+": lambda a, b: (a + b) & _MASK,
    "-": lambda a, b: (a - b) & _MASK,
    "*": lambda a, b: (a * b) & _MASK,
    "/": _divide,
    "%": _modulo,
}


def _apply(op: str, left: Expr, right: Expr) -> Expr:
    if op == "||":
        return lambda n: int(bool(left(n)) or bool(right(n)))
    if op == "&&":
        return lambda n: int(bool(left(n)) and bool(right(n)))
    operation = _OPERATIONS[op]
    return lambda n: operation(left(n), right(n))


def check(header: str) -> None:
    """Raise PluralError if gettext would reject the plural formula in ``header``.

    As in gettext, the formula is judged only when the header has both
    ``nplurals=`` and ``plural=`` (anywhere in its text).
    """
    at_count, at_formula = header.find("nplurals="), header.find("plural=")
    if at_count < 0 or at_formula < 0:
        return
    count = re.match(r"\s*(\d+)", header[at_count + len("nplurals=") :])
    if not count:
        raise PluralError("nplurals is not a number")
    nplurals = int(count.group(1))
    formula = _Parser(header[at_formula + len("plural=") :]).parse()
    for n in range(1001):
        try:
            form = formula(n)
        except ZeroDivisionError:
            raise PluralError(f"the plural expression divides by zero (n = {n})") from None
        if form >= 2**63:
            raise PluralError(f"the plural expression gives a negative form (n = {n})")
        if form >= nplurals:
            raise PluralError(
                f"the plural expression gives form {form} for n = {n}, but nplurals is {nplurals}"
            )
