"""Parse-tree nodes of Go's text/template (``text/template/parse/node.go``).

Every node has ``pos`` (character offset in the template text) and ``__str__`` giving
Go's ``Node.String()`` form, which execution errors quote as ``<...>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyhelm.engine.lexer import go_quote


class Node:
    """Base class: ``pos`` is the character offset of the node in its template text."""

    __slots__ = ("pos",)
    pos: int


@dataclass(eq=False, slots=True)
class TextNode(Node):
    pos: int
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(eq=False, slots=True)
class CommentNode(Node):
    pos: int
    text: str

    def __str__(self) -> str:
        return "{{" + self.text + "}}"


@dataclass(eq=False, slots=True)
class ListNode(Node):
    pos: int
    nodes: list[Node] = field(default_factory=list)

    def __str__(self) -> str:
        return "".join(str(n) for n in self.nodes)


@dataclass(eq=False, slots=True)
class IdentifierNode(Node):
    pos: int
    ident: str

    def __str__(self) -> str:
        return self.ident


@dataclass(eq=False, slots=True)
class VariableNode(Node):
    """``$x`` or ``$x.a.b``: ``ident`` is ``["$x", "a", "b"]``."""

    pos: int
    ident: list[str]

    def __str__(self) -> str:
        return ".".join(self.ident)


@dataclass(eq=False, slots=True)
class DotNode(Node):
    pos: int

    def __str__(self) -> str:
        return "."


@dataclass(eq=False, slots=True)
class NilNode(Node):
    pos: int

    def __str__(self) -> str:
        return "nil"


@dataclass(eq=False, slots=True)
class FieldNode(Node):
    """``.a.b``: ``ident`` is ``["a", "b"]``."""

    pos: int
    ident: list[str]

    def __str__(self) -> str:
        return "".join("." + i for i in self.ident)


@dataclass(eq=False, slots=True)
class ChainNode(Node):
    """``(pipeline).a.b`` or another term followed by fields."""

    pos: int
    node: Node
    field: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        s = str(self.node)
        if isinstance(self.node, PipeNode):
            s = "(" + s + ")"
        return s + "".join("." + f for f in self.field)


@dataclass(eq=False, slots=True)
class BoolNode(Node):
    pos: int
    value: bool

    def __str__(self) -> str:
        return "true" if self.value else "false"


class Overflow:
    """Value of an integer constant that fits uint64 but not int: executing it is an error."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


@dataclass(eq=False, slots=True)
class NumberNode(Node):
    """A numeric constant; ``value`` is the Python value execution uses (int/float/complex)."""

    pos: int
    text: str
    value: object

    def __str__(self) -> str:
        return self.text


@dataclass(eq=False, slots=True)
class StringNode(Node):
    pos: int
    quoted: str
    text: str

    def __str__(self) -> str:
        return self.quoted


@dataclass(eq=False, slots=True)
class CommandNode(Node):
    pos: int
    args: list[Node] = field(default_factory=list)

    def __str__(self) -> str:
        parts = []
        for a in self.args:
            if isinstance(a, PipeNode):
                parts.append("(" + str(a) + ")")
            else:
                parts.append(str(a))
        return " ".join(parts)


@dataclass(eq=False, slots=True)
class PipeNode(Node):
    pos: int
    line: int
    is_assign: bool = False
    decl: list[VariableNode] = field(default_factory=list)
    cmds: list[CommandNode] = field(default_factory=list)

    def __str__(self) -> str:
        s = ""
        if self.decl:
            s = ", ".join(str(v) for v in self.decl)
            s += " = " if self.is_assign else " := "
        return s + " | ".join(str(c) for c in self.cmds)


@dataclass(eq=False, slots=True)
class ActionNode(Node):
    pos: int
    line: int
    pipe: PipeNode

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


@dataclass(eq=False, slots=True)
class EndNode(Node):
    pos: int

    def __str__(self) -> str:
        return "{{end}}"


@dataclass(eq=False, slots=True)
class ElseNode(Node):
    pos: int
    line: int

    def __str__(self) -> str:
        return "{{else}}"


@dataclass(eq=False, slots=True)
class BreakNode(Node):
    pos: int
    line: int

    def __str__(self) -> str:
        return "{{break}}"


@dataclass(eq=False, slots=True)
class ContinueNode(Node):
    pos: int
    line: int

    def __str__(self) -> str:
        return "{{continue}}"


@dataclass(eq=False, slots=True)
class BranchNode(Node):
    """Common shape of ``if``, ``range`` and ``with``."""

    pos: int
    line: int
    pipe: PipeNode
    list: ListNode
    else_list: ListNode | None
    keyword: str = ""

    def __str__(self) -> str:
        s = "{{" + self.keyword + " " + str(self.pipe) + "}}" + str(self.list)
        if self.else_list is not None:
            s += "{{else}}" + str(self.else_list)
        return s + "{{end}}"


class IfNode(BranchNode):
    pass


class RangeNode(BranchNode):
    pass


class WithNode(BranchNode):
    pass


@dataclass(eq=False, slots=True)
class TemplateNode(Node):
    pos: int
    line: int
    name: str
    pipe: PipeNode | None

    def __str__(self) -> str:
        if self.pipe is None:
            return "{{template " + go_quote(self.name) + "}}"
        return "{{template " + go_quote(self.name) + " " + str(self.pipe) + "}}"


@dataclass(eq=False, slots=True)
class Tree:
    """One parsed template: ``name`` (template name), ``parse_name`` (file it came from),
    ``text`` (the whole file text, for error positions) and ``root``."""

    name: str
    parse_name: str
    text: str
    root: ListNode | None = None


def is_empty_tree(n: Node | None) -> bool:
    """Go's ``IsEmptyTree``: only whitespace text, comments and nothing else."""
    if n is None:
        return True
    if isinstance(n, ListNode):
        return all(is_empty_tree(c) for c in n.nodes)
    if isinstance(n, TextNode):
        return n.text.strip() == ""
    if isinstance(n, CommentNode):
        return True
    return False
