"""griffe extensions for the documentation site; the library itself never imports them.

griffe reads the source without importing it, and mkdocstrings renders Markdown, so two
things in deepmarketing's source need help to show up well in the API reference:

* :class:`AttrsInit`: ``@attrs.frozen`` writes ``__init__`` at import time, so without help
  an attrs class shows no parameters and every entry of its ``Args:`` section is reported
  as unknown (a warning, fatal under ``mkdocs build --strict``). This rebuilds ``__init__``
  from the annotated fields, as griffe's built-in dataclasses extension does for
  dataclasses: fields in source order, ``kw_only``, ``init=False``, ``alias`` and defaults
  (``default=``, ``factory=``, ``attrs.Factory``) from ``attrs.field`` and the decorator.
* :class:`SphinxMarkup`: the docstrings use a little reStructuredText, as Sphinx reads it:
  cross-reference roles such as ``:class:`Period``` and ``:meth:`~a.b.C.method```, simple
  tables, ``::`` before a literal block, and ``#:`` comments above module constants. This
  turns each role into a Markdown cross-reference where the target is on a reference page
  (plain code otherwise), each simple table into a Markdown table, ``word::`` into
  ``word:``, and each ``#:`` comment into the constant's docstring.

Both are listed in ``mkdocs.yml`` under ``plugins > mkdocstrings > handlers > python >
options > extensions``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from griffe import (
    Alias,
    AliasResolutionError,
    Attribute,
    Class,
    CyclicAliasError,
    Docstring,
    Expr,
    ExprCall,
    ExprKeyword,
    Extension,
    Function,
    Module,
    Object,
    Parameter,
    ParameterKind,
    Parameters,
)

_CLASS_DECORATORS = {
    "attrs.define",
    "attrs.frozen",
    "attrs.mutable",
    "attr.s",
    "attr.attrs",
    "attr.define",
    "attr.frozen",
    "attr.mutable",
}
_FIELD_CALLS = {"attrs.field", "attr.ib", "attr.attrib", "attr.field"}
_FACTORY_CALLS = {"attrs.Factory", "attr.Factory"}


def _keywords(call: ExprCall) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for argument in call.arguments:
        if isinstance(argument, ExprKeyword):
            found[argument.name] = argument.value
    return found


def _decorator_args(cls: Class) -> dict[str, Any] | None:
    """The keyword arguments of the class's attrs decorator, or ``None`` if it has none."""
    for decorator in cls.decorators:
        value = decorator.value
        if not isinstance(value, Expr):
            continue
        if value.canonical_path in _CLASS_DECORATORS:
            return _keywords(value) if isinstance(value, ExprCall) else {}
    return None


def _field_args(attribute: Attribute) -> dict[str, Any] | None:
    value = attribute.value
    if isinstance(value, ExprCall) and value.canonical_path in _FIELD_CALLS:
        return _keywords(value)
    return None


def _default(attribute: Attribute, field: dict[str, Any] | None) -> str | Expr | None:
    if field is None:
        return attribute.value
    if "factory" in field:
        return ExprCall(function=field["factory"], arguments=[])
    default = field.get("default")
    if isinstance(default, ExprCall) and default.canonical_path in _FACTORY_CALLS:
        arguments = _keywords(default)
        if str(arguments.get("takes_self")) == "True":
            return "..."
        return ExprCall(function=default.arguments[0], arguments=[])
    return default


def _parameters(cls: Class, class_args: dict[str, Any]) -> list[Parameter]:
    if str(class_args.get("init")) == "False":
        return []
    all_kw_only = str(class_args.get("kw_only")) == "True"
    parameters = []
    for member in cls.members.values():
        if not isinstance(member, Attribute) or member.annotation is None:
            continue
        if "property" in member.labels or (
            "class-attribute" in member.labels and "instance-attribute" not in member.labels
        ):
            continue
        field = _field_args(member)
        if field is not None and str(field.get("init")) == "False":
            continue
        kw_only = all_kw_only or (field is not None and str(field.get("kw_only")) == "True")
        alias = field.get("alias") if field is not None else None
        name = str(alias).strip("'\"") if alias is not None else member.name.lstrip("_")
        parameters.append(
            Parameter(
                name,
                annotation=member.annotation,
                kind=ParameterKind.keyword_only if kw_only else ParameterKind.positional_or_keyword,
                default=_default(member, field),
                docstring=member.docstring,
            )
        )
    return parameters


def _set_init(cls: Class) -> None:
    class_args = _decorator_args(cls)
    if class_args is None or "__init__" in cls.members:
        return
    parameters = _parameters(cls, class_args)
    positional = [p for p in parameters if p.kind is not ParameterKind.keyword_only]
    keyword = [p for p in parameters if p.kind is ParameterKind.keyword_only]
    init = Function(
        "__init__",
        lineno=0,
        endlineno=0,
        parent=cls,
        parameters=Parameters(
            Parameter("self", kind=ParameterKind.positional_or_keyword),
            *positional,
            *keyword,
        ),
        returns="None",
    )
    cls.set_member("__init__", init)


def _walk(obj: Module | Class, seen: set[str]) -> None:
    if obj.path in seen:
        return
    seen.add(obj.path)
    if isinstance(obj, Class):
        _set_init(obj)
    for member in obj.members.values():
        if not member.is_alias and (member.is_module or member.is_class):
            _walk(member, seen)  # type: ignore[arg-type]


class AttrsInit(Extension):
    """Create the ``__init__`` of every attrs class in a loaded package."""

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        """Add ``__init__`` to the package's attrs classes (griffe hook)."""
        _walk(pkg, set())


# -- Sphinx markup ------------------------------------------------------------------------

_ROLE = re.compile(r":(?:class|func|meth|attr|data|mod|exc|obj):`(?P<tilde>~?)(?P<target>[\w.]+)`")
_DOCS = Path(__file__).resolve().parent.parent / "docs"
#: The objects rendered by a ``::: path`` line on some page (a link elsewhere would dangle).
_RENDERED_ROOTS = {
    match[1]
    for page in _DOCS.rglob("*.md")
    for match in re.finditer(r"^::: *([\w.]+)", page.read_text(encoding="utf-8"), re.MULTILINE)
}


def _lookup(pkg: Module, path: str) -> Object | None:
    if path == pkg.path:
        return pkg
    if not path.startswith(pkg.path + "."):
        return None
    try:  # a path through an alias to another package (``json.loads``) does not resolve
        found = pkg[path[len(pkg.path) + 1 :]]
        if isinstance(found, Alias):
            found = found.final_target
    except (KeyError, ValueError, AliasResolutionError, CyclicAliasError):
        return None
    return found  # type: ignore[no-any-return]


def _rendered(obj: Object) -> bool:
    """Whether mkdocstrings renders ``obj`` on one of the documentation pages."""
    if any(part.startswith("_") for part in obj.path.split(".")):
        return False
    if not any(obj.path == root or obj.path.startswith(root + ".") for root in _RENDERED_ROOTS):
        return False
    return obj.is_module or obj.docstring is not None or isinstance(obj, Class | Function)


def _resolve(pkg: Module, scope: Object, target: str) -> str | None:
    """The full path of ``target`` as Sphinx would resolve it from ``scope``, if rendered."""
    scopes: list[str] = []
    current: Object | None = scope
    while current is not None:
        scopes.append(current.path)
        current = current.parent
    for candidate in (*(f"{s}.{target}" for s in scopes), target):
        found = _lookup(pkg, candidate)
        if found is not None:
            return found.path if _rendered(found) else None
    return None


_TABLE_FENCE = re.compile(r"=+(?: +=+)+")


def _columns(fence: str) -> list[int]:
    return [m.start() for m in re.finditer(r"=+", fence)]


def _cells(line: str, starts: list[int]) -> list[str]:
    ends = [*starts[1:], None]
    return [line[start:end].strip() for start, end in zip(starts, ends, strict=True)]


def _simple_tables(text: str) -> str:
    """Rewrite reStructuredText simple tables (one header row) as Markdown tables."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        fence = lines[i].rstrip()
        closing = None
        if _TABLE_FENCE.fullmatch(fence) and i + 2 < len(lines) and lines[i + 2].rstrip() == fence:
            closing = next(
                (j for j in range(i + 3, len(lines)) if lines[j].rstrip() == fence), None
            )
        if closing is None:
            out.append(lines[i])
            i += 1
            continue
        starts = _columns(fence)
        header = _cells(lines[i + 1], starts)
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "|".join(" --- " for _ in header) + "|")
        out.extend("| " + " | ".join(_cells(row, starts)) + " |" for row in lines[i + 3 : closing])
        i = closing + 1
    return "\n".join(out)


def _convert_markup(pkg: Module, obj: Object) -> None:
    docstring = obj.docstring
    if docstring is None or (":" not in docstring.value and "==" not in docstring.value):
        return

    def replace(match: re.Match[str]) -> str:
        target = match["target"]
        label = target.rsplit(".", 1)[-1] if match["tilde"] else target
        path = _resolve(pkg, obj, target)
        return f"[`{label}`][{path}]" if path else f"`{label}`"

    text = _simple_tables(docstring.value)
    text = re.sub(r"(\w)::$", r"\1:", text, flags=re.MULTILINE)  # "like this::" -> "like this:"
    docstring.value = _ROLE.sub(replace, text)


def _comment_docstring(obj: Attribute) -> None:
    """Use the ``#:`` comment lines right above ``obj`` as its docstring."""
    if obj.docstring is not None or obj.lineno is None:
        return
    lines = obj.module.lines
    index = obj.lineno - 2
    comment: list[str] = []
    while index >= 0 and lines[index].strip().startswith("#:"):
        comment.insert(0, lines[index].strip()[2:].strip())
        index -= 1
    if comment:
        obj.docstring = Docstring(
            "\n".join(comment), lineno=index + 2, endlineno=obj.lineno - 1, parent=obj
        )


def _walk_all(obj: Object, seen: set[str], visit: Any) -> None:
    if obj.path in seen:
        return
    seen.add(obj.path)
    visit(obj)
    for member in obj.members.values():
        if not member.is_alias:
            _walk_all(member, seen, visit)  # type: ignore[arg-type]


class SphinxMarkup(Extension):
    """Turn Sphinx roles into Markdown cross-references and ``#:`` comments into docstrings."""

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        """Rewrite the package's docstrings (griffe hook)."""

        def comments(obj: Object) -> None:
            if isinstance(obj, Attribute):
                _comment_docstring(obj)

        # Comments first: a role may point at a constant documented only by its comment.
        _walk_all(pkg, set(), comments)
        _walk_all(pkg, set(), lambda obj: _convert_markup(pkg, obj))
