"""TipTap JSON documents: validation, and conversion to and from Markdown.

Documents are Markdown inside the product (the TUI shows and edits Markdown);
a ``tiptap_json`` document is converted to Markdown to be shown and back when
it is saved. The round trip is lossless for headings, paragraphs, bullet,
ordered and task lists, code blocks (with their language), blockquotes,
links, bold, italic, strike, code and hard breaks, which the property tests
check both ways. What Markdown cannot say is normalised: an empty paragraph
has no Markdown (it is dropped), a link keeps only its ``href`` (TipTap adds
its ``target``/``rel`` defaults back), and unknown attributes are ignored.

Parsing uses markdown-it-py (CommonMark, already installed with Rich and
Textual); writing is ours, because exact escaping is what makes the round trip
lossless: every ASCII character Markdown could read as syntax is escaped, and
a character next to an emphasis delimiter that would stop the delimiter from
opening or closing (a letter outside it, a space inside it) is written as a
numeric character reference, which CommonMark reads as the same character.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

Node = dict[str, Any]

BLOCK_TYPES = frozenset(
    {"paragraph", "heading", "bulletList", "orderedList", "taskList", "codeBlock", "blockquote", "horizontalRule"}
)
INLINE_TYPES = frozenset({"text", "hardBreak"})
# What each node may contain; a type absent here holds nothing.
CHILDREN: dict[str, frozenset[str]] = {
    "doc": BLOCK_TYPES,
    "paragraph": INLINE_TYPES,
    "heading": INLINE_TYPES,
    "codeBlock": frozenset({"text"}),
    "bulletList": frozenset({"listItem"}),
    "orderedList": frozenset({"listItem"}),
    "taskList": frozenset({"taskItem"}),
    "listItem": BLOCK_TYPES,
    "taskItem": BLOCK_TYPES,
    "blockquote": BLOCK_TYPES,
}
NODE_TYPES = frozenset(CHILDREN) | BLOCK_TYPES | INLINE_TYPES | {"listItem", "taskItem"}
# Canonical order of marks (outermost first when several open together and end together).
MARK_TYPES = ("link", "bold", "italic", "strike", "code")
MAX_DEPTH = 40
MAX_NODES = 50_000
LANGUAGE = re.compile(r"^[^\s`]{1,50}$")


class TipTapError(ValueError):
    """A TipTap document that is not one: ``where`` is the path to the bad node (``content.2.content.0``)."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}" if where else problem)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("strikethrough")
    # Links keep the href as written: percent-encoding it would change what was stored.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.normalizeLinkText = lambda link: link  # type: ignore[method-assign]
    return md


_MD = _parser()


# -- validation --------------------------------------------------------------


def validate(doc: Any) -> Node:
    """``doc`` if it is a TipTap document of known nodes and marks; TipTapError saying where it is not."""
    if not isinstance(doc, dict) or doc.get("type") != "doc":
        raise TipTapError("", "must be a TipTap document: an object with \"type\": \"doc\"")
    counter = [0]
    _check_node(doc, "", 0, counter)
    return doc


def _check_node(node: Any, where: str, depth: int, counter: list[int]) -> None:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise TipTapError(where, f"a document holds at most {MAX_NODES} nodes")
    if depth > MAX_DEPTH:
        raise TipTapError(where, f"nodes nest at most {MAX_DEPTH} deep")
    if not isinstance(node, dict):
        raise TipTapError(where, "must be an object")
    kind = node.get("type")
    if kind not in NODE_TYPES:
        raise TipTapError(where, f"unknown node type {kind!r}")
    unknown = set(node) - {"type", "attrs", "content", "marks", "text"}
    if unknown:
        raise TipTapError(where, f"unknown key {sorted(unknown)[0]!r} on a {kind} node")
    attrs = node.get("attrs", {})
    if attrs is not None and not isinstance(attrs, dict):
        raise TipTapError(_at(where, "attrs"), "must be an object")
    _check_attrs(kind, attrs or {}, _at(where, "attrs"))
    if kind == "text":
        text = node.get("text")
        if not isinstance(text, str) or not text:
            raise TipTapError(_at(where, "text"), "a text node needs a non-empty string")
    elif "text" in node:
        raise TipTapError(_at(where, "text"), f"only text nodes have text, not {kind}")
    _check_marks(node.get("marks"), _at(where, "marks"))
    content = node.get("content")
    if content is None:
        return
    allowed = CHILDREN.get(kind, frozenset())
    if not isinstance(content, list):
        raise TipTapError(_at(where, "content"), "must be a list")
    if content and not allowed:
        raise TipTapError(_at(where, "content"), f"a {kind} node holds no content")
    for index, child in enumerate(content):
        child_where = _at(where, f"content.{index}")
        _check_node(child, child_where, depth + 1, counter)
        if child["type"] not in allowed:
            raise TipTapError(child_where, f"a {child['type']} node cannot be inside a {kind}")
        if kind == "codeBlock" and child.get("marks"):
            raise TipTapError(child_where, "text in a code block has no marks")


def _check_attrs(kind: str, attrs: dict[str, Any], where: str) -> None:
    if kind == "heading" and "level" in attrs:
        level = attrs["level"]
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 6:
            raise TipTapError(_at(where, "level"), "must be an integer from 1 to 6")
    if kind == "orderedList" and attrs.get("start") is not None:
        start = attrs["start"]
        if not isinstance(start, int) or isinstance(start, bool) or not 0 <= start <= 999_999_999:
            raise TipTapError(_at(where, "start"), "must be an integer from 0 to 999999999")
    if kind == "taskItem" and "checked" in attrs and not isinstance(attrs["checked"], bool):
        raise TipTapError(_at(where, "checked"), "must be true or false")
    if kind == "codeBlock" and attrs.get("language") not in (None, ""):
        language = attrs["language"]
        if not isinstance(language, str) or not LANGUAGE.match(language):
            raise TipTapError(_at(where, "language"), "must be a word of at most 50 characters (no spaces or backticks)")


def _check_marks(marks: Any, where: str) -> None:
    if marks is None:
        return
    if not isinstance(marks, list):
        raise TipTapError(where, "must be a list")
    seen: set[str] = set()
    for index, mark in enumerate(marks):
        mark_where = _at(where, str(index))
        if not isinstance(mark, dict) or mark.get("type") not in MARK_TYPES:
            kind = mark.get("type") if isinstance(mark, dict) else mark
            raise TipTapError(mark_where, f"unknown mark type {kind!r}")
        if set(mark) - {"type", "attrs"}:
            raise TipTapError(mark_where, f"unknown key {sorted(set(mark) - {'type', 'attrs'})[0]!r} on a mark")
        if mark["type"] in seen:
            raise TipTapError(mark_where, f"the {mark['type']} mark is given twice")
        seen.add(mark["type"])
        if mark["type"] == "link":
            attrs = mark.get("attrs")
            href = attrs.get("href") if isinstance(attrs, dict) else None
            if not isinstance(href, str) or not href or len(href) > 2000:
                raise TipTapError(_at(mark_where, "attrs.href"), "a link needs an href of 1 to 2000 characters")
            if any(ord(c) < 32 or ord(c) == 127 for c in href) or not _MD.validateLink(href):
                raise TipTapError(_at(mark_where, "attrs.href"), "is not a link a document may hold")


def _at(where: str, part: str) -> str:
    return f"{where}.{part}" if where else part


# -- normal form -------------------------------------------------------------


def normalize(doc: Node) -> Node:
    """The document as Markdown can say it: what a round trip must give back (see the module's docstring)."""
    return {"type": "doc", "content": _normal_blocks(doc.get("content") or [])}


def _normal_blocks(nodes: list[Node]) -> list[Node]:
    out = []
    for node in nodes:
        kind = node["type"]
        if kind == "paragraph":
            inline = _normal_inline(node.get("content") or [])
            if inline:
                out.append({"type": "paragraph", "content": inline})
        elif kind == "heading":
            out.append(_with_content({"type": "heading", "attrs": {"level": _level(node)}}, _normal_inline(node.get("content") or [])))
        elif kind == "codeBlock":
            text = "".join(child["text"] for child in node.get("content") or [])
            block: Node = {"type": "codeBlock", "attrs": {"language": _language(node)}}
            out.append(_with_content(block, [{"type": "text", "text": text}] if text else []))
        elif kind in ("bulletList", "orderedList", "taskList"):
            items = [_normal_item(item) for item in node.get("content") or []]
            listed: Node = {"type": kind, "content": items}
            if kind == "orderedList":
                listed["attrs"] = {"start": _start(node)}
            out.append(listed)
        elif kind == "blockquote":
            out.append({"type": "blockquote", "content": _normal_blocks(node.get("content") or [])})
        elif kind == "horizontalRule":
            out.append({"type": "horizontalRule"})
    return out


def _normal_item(item: Node) -> Node:
    children = _normal_blocks(item.get("content") or [])
    if not children or children[0]["type"] != "paragraph":
        # An item starts with a paragraph (TipTap's schema); Markdown's empty item is an empty one.
        children.insert(0, {"type": "paragraph"})
    normal: Node = {"type": item["type"], "content": children}
    if item["type"] == "taskItem":
        normal["attrs"] = {"checked": bool((item.get("attrs") or {}).get("checked", False))}
    return normal


def _with_content(node: Node, content: list[Node]) -> Node:
    if content:
        node["content"] = content
    return node


def _mark_key(mark: Node) -> tuple[str, str]:
    return (mark["type"], (mark.get("attrs") or {}).get("href", "") if mark["type"] == "link" else "")


def _normal_marks(marks: list[Node] | None) -> list[Node]:
    keys = sorted({_mark_key(m) for m in marks or []}, key=lambda k: MARK_TYPES.index(k[0]))
    return [{"type": "link", "attrs": {"href": href}} if kind == "link" else {"type": kind} for kind, href in keys]


def _normal_inline(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if node["type"] == "hardBreak":
            out.append({"type": "hardBreak"})
            continue
        marks = _normal_marks(node.get("marks"))
        if out and out[-1]["type"] == "text" and out[-1].get("marks", []) == marks:
            out[-1]["text"] += node["text"]
            continue
        text: Node = {"type": "text", "text": node["text"]}
        if marks:
            text["marks"] = marks
        out.append(text)
    while out and out[-1]["type"] == "hardBreak":
        out.pop()  # a break that ends a paragraph has no Markdown
    return out


def _level(node: Node) -> int:
    level = (node.get("attrs") or {}).get("level", 1)
    return level if isinstance(level, int) else 1


def _start(node: Node) -> int:
    start = (node.get("attrs") or {}).get("start")
    return start if isinstance(start, int) else 1


def _language(node: Node) -> str | None:
    language = (node.get("attrs") or {}).get("language")
    return language or None


# -- TipTap to Markdown --------------------------------------------------------


def to_markdown(doc: Node) -> str:
    """The Markdown of a (valid) TipTap document; empty for an empty one."""
    text = _blocks(normalize(doc)["content"])
    return text + "\n" if text else ""


def _blocks(nodes: list[Node]) -> str:
    parts = []
    previous_bullet: str | None = None
    previous_delimiter: str | None = None
    for node in nodes:
        kind = node["type"]
        bullet = delimiter = None
        if kind in ("bulletList", "taskList"):
            # Two lists in a row would read as one: the second takes the other bullet.
            bullet = "*" if previous_bullet == "-" else "-"
            parts.append(_list(node, lambda _i, b=bullet: f"{b} "))
        elif kind == "orderedList":
            delimiter = ")" if previous_delimiter == "." else "."
            start = _start(node)
            parts.append(_list(node, lambda i, d=delimiter, s=start: f"{s + i}{d} "))
        else:
            parts.append(_block(node))
        previous_bullet, previous_delimiter = bullet, delimiter
    return "\n\n".join(parts)


def _block(node: Node) -> str:
    kind = node["type"]
    if kind == "paragraph":
        return _inline(node.get("content") or [])
    if kind == "heading":
        text = _inline(node.get("content") or [], heading=True)
        return "#" * _level(node) + (" " + text if text else "")
    if kind == "codeBlock":
        code = "".join(child["text"] for child in node.get("content") or [])
        longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
        fence = "`" * max(3, longest + 1)
        body = code + "\n" if code else ""
        return f"{fence}{_language(node) or ''}\n{body}{fence}"
    if kind == "blockquote":
        inner = _blocks(node.get("content") or [])
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if kind == "horizontalRule":
        return "---"
    raise AssertionError(f"not a block: {kind}")


def _list(node: Node, marker: Any) -> str:
    items = []
    for index, item in enumerate(node.get("content") or []):
        lead = marker(index)
        children = item.get("content") or []
        if item["type"] == "taskItem":
            checked = (item.get("attrs") or {}).get("checked", False)
            first = _inline(children[0].get("content") or []) if children and children[0]["type"] == "paragraph" else ""
            head = f"{lead}[{'x' if checked else ' '}]" + (f" {first}" if first else "")
            rest = children[1:] if children and children[0]["type"] == "paragraph" else children
        else:
            head_block = _blocks(children[:1]) if children else ""
            head, rest = lead + head_block, children[1:]
        indent = " " * len(lead)
        text = head if not rest else head + "\n\n" + _blocks(rest)
        lines = text.split("\n")
        items.append("\n".join([lines[0].rstrip(" ")] + [indent + line if line else "" for line in lines[1:]]))
    return "\n".join(items)


# Inline writing. Text becomes a list of atoms, each one character of text or one piece of syntax,
# so the neighbours of each emphasis delimiter can be looked at (and re-encoded) before joining.

_ALWAYS_ESCAPED = set("\\`*_[]<~&")
_LINE_START_ESCAPED = set("#>-+=")
_ASCII_PUNCT = set(string.punctuation)
_DELIMITERS = {"bold": "**", "italic": "_", "strike": "~~"}
_PLAIN_HREF = re.compile(r"^[A-Za-z0-9:/?#@!$%'*+,;=._~\-]+$")


@dataclass
class _Atom:
    text: str  # as written
    char: str | None = None  # the character of a text atom
    opens: bool = False  # an emphasis delimiter that opens
    closes: bool = False  # one that closes
    at_line_start: bool = False

    def encode(self) -> None:
        assert self.char is not None
        self.text = f"&#{ord(self.char)};"


@dataclass
class _Writer:
    heading: bool = False
    atoms: list[_Atom] = field(default_factory=list)
    stack: list[tuple[str, str]] = field(default_factory=list)

    def open(self, key: tuple[str, str]) -> None:
        self.stack.append(key)
        if key[0] == "link":
            self.atoms.append(_Atom("["))
        else:
            self.atoms.append(_Atom(_DELIMITERS[key[0]], opens=True))

    def close(self) -> None:
        kind, href = self.stack.pop()
        if kind == "link":
            self.atoms.append(_Atom(f"]({_destination(href)})"))
        else:
            self.atoms.append(_Atom(_DELIMITERS[kind], closes=True))

    def text(self, text: str) -> None:
        for number, line in enumerate(text.split("\n")):
            if number:
                self.hard_break()  # a line break inside text is a hard break in Markdown
            self._line(line)

    def _line(self, text: str) -> None:
        line_start = not self.atoms or self.atoms[-1].text == "\\\n"
        for char in text:
            escaped = char in _ALWAYS_ESCAPED or (self.heading and char == "#")
            self.atoms.append(_Atom("\\" + char if escaped else char, char=char, at_line_start=line_start))
            line_start = False

    def code(self, text: str) -> None:
        longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
        fence = "`" * (longest + 1)
        pad = " " if (text[0] in "` " or text[-1] in "` ") and text.strip(" ") else ""
        self.atoms.append(_Atom(f"{fence}{pad}{text}{pad}{fence}".replace("\n", " ")))

    def hard_break(self) -> None:
        self.atoms.append(_Atom(" " if self.heading else "\\\n"))


def _destination(href: str) -> str:
    if _PLAIN_HREF.match(href) and href.count("(") == 0 and href.count(")") == 0:
        return href
    return "<" + re.sub(r"([\\<>&])", r"\\\1", href) + ">"


def _runs(nodes: list[Node]) -> Iterator[tuple[Node, list[tuple[str, str]]]]:
    for node in nodes:
        yield node, [_mark_key(m) for m in node.get("marks") or [] if m["type"] != "code"]


def _inline(nodes: list[Node], *, heading: bool = False) -> str:
    writer = _Writer(heading=heading)
    runs = list(_runs(nodes))
    for index, (node, keys) in enumerate(runs):
        wanted = set(keys)
        keep = 0
        while keep < len(writer.stack) and writer.stack[keep] in wanted:
            keep += 1
        while len(writer.stack) > keep:
            writer.close()
        # Marks that go on longest open first (outermost), so they need not close and reopen.
        new = [k for k in keys if k not in writer.stack]
        new.sort(key=lambda k: (-_reach(runs, index, k), MARK_TYPES.index(k[0])))
        for key in new:
            writer.open(key)
        if node["type"] == "hardBreak":
            writer.hard_break()
        elif any(m["type"] == "code" for m in node.get("marks") or []):
            writer.code(node["text"])
        else:
            writer.text(node["text"].replace("\n", " ") if heading else node["text"])
    while writer.stack:
        writer.close()
    _protect(writer.atoms)
    if not heading:
        _not_a_definition(writer.atoms)
    return "".join(atom.text for atom in writer.atoms)


def _not_a_definition(atoms: list[_Atom]) -> None:
    """Keep a paragraph that opens with a link from reading as a link reference definition.

    Text's brackets are escaped, but a code span's are not: ``[`]: x`](url)`` at a paragraph's
    start is the definition of "`" and the paragraph vanishes. Such a definition must end its line
    after its destination or title. Spaces inside the link's parentheses stop a bare destination
    at an unbalanced "(", which also ends any parenthesised title; escaping the quotes that follow
    leaves a quoted title nothing to close on.
    """
    if not atoms or atoms[0].text != "[":
        return
    close = next(i for i, atom in enumerate(atoms) if atom.char is None and atom.text.startswith("]("))
    if not any(atom.char is None and "]" in atom.text for atom in atoms[1:close]):
        return
    atoms[close].text = f"]( {atoms[close].text[2:-1]} )"
    for atom in atoms[close + 1 :]:
        if atom.char in ('"', "'") and atom.text == atom.char:
            atom.text = "\\" + atom.char


def _reach(runs: list[tuple[Node, list[tuple[str, str]]]], index: int, key: tuple[str, str]) -> int:
    count = 0
    for _node, keys in runs[index:]:
        if key not in keys:
            break
        count += 1
    return count


def _protect(atoms: list[_Atom]) -> None:
    """Re-encode the characters that would change how Markdown reads the atoms around them."""
    for index, atom in enumerate(atoms):
        if atom.char is None:
            continue
        if atom.at_line_start and atom.text == atom.char:
            if atom.char in _LINE_START_ESCAPED:
                atom.text = "\\" + atom.char
            elif atom.char.isdigit():
                _escape_list_number(atoms, index)
        if atom.char == "\r":
            atom.encode()
        elif atom.char == "!" and index + 1 < len(atoms) and atoms[index + 1].text == "[":
            atom.text = "\\!"  # not an image
    lines = _lines(atoms)
    for line in lines:
        # Markdown strips the spaces around a line (and reads leading ones as indentation).
        for atom in _edge(line):
            atom.encode()
    for index, atom in enumerate(atoms):
        if atom.opens:
            _guard(atoms, index - 1, outer=True)
            _guard(atoms, index + 1, outer=False)
        elif atom.closes:
            _guard(atoms, index + 1, outer=True)
            _guard(atoms, index - 1, outer=False)


def _escape_list_number(atoms: list[_Atom], index: int) -> None:
    end = index
    while end < len(atoms) and atoms[end].char is not None and atoms[end].char.isdigit():  # type: ignore[union-attr]
        end += 1
    if end < len(atoms) and atoms[end].char in (".", ")") and atoms[end].text == atoms[end].char:
        atoms[end].text = "\\" + atoms[end].text


def _lines(atoms: list[_Atom]) -> list[list[_Atom]]:
    lines: list[list[_Atom]] = [[]]
    for atom in atoms:
        if atom.text == "\\\n" and atom.char is None:
            lines.append([])
        else:
            lines[-1].append(atom)
    return lines


def _edge(line: list[_Atom]) -> Iterator[_Atom]:
    for ordered in (line, list(reversed(line))):
        for atom in ordered:
            if atom.char is None:
                if atom.opens or atom.closes:
                    continue  # a delimiter is no text: look past it
                break
            if not atom.char.isspace():
                break
            yield atom


def _guard(atoms: list[_Atom], index: int, *, outer: bool) -> None:
    """Make the neighbour of a delimiter one that lets it open or close (CommonMark's flanking rules)."""
    if not 0 <= index < len(atoms):
        return
    atom = atoms[index]
    if atom.char is None or atom.text != atom.char:
        return  # syntax, an escape or a character reference: punctuation already
    if outer and atom.char not in " \t" and atom.char not in _ASCII_PUNCT:
        atom.encode()
    elif not outer and atom.char.isspace():
        atom.encode()


# -- Markdown to TipTap --------------------------------------------------------


def from_markdown(markdown: str) -> Node:
    """The TipTap document of some Markdown (anything outside the subset is kept as text)."""
    tokens = _MD.parse(markdown)
    content, _ = _parse_blocks(tokens, 0, None)
    return {"type": "doc", "content": content}


def _parse_blocks(tokens: list[Token], index: int, until: str | None) -> tuple[list[Node], int]:
    nodes: list[Node] = []
    while index < len(tokens):
        token = tokens[index]
        if until is not None and token.type == until:
            return nodes, index + 1
        if token.type == "paragraph_open":
            nodes.append(_with_content({"type": "paragraph"}, _parse_inline(tokens[index + 1])))
            index += 3
        elif token.type == "heading_open":
            heading = {"type": "heading", "attrs": {"level": int(token.tag[1])}}
            nodes.append(_with_content(heading, _parse_inline(tokens[index + 1])))
            index += 3
        elif token.type in ("fence", "code_block"):
            code = token.content[:-1] if token.content.endswith("\n") else token.content
            language = token.info.strip() or None if token.type == "fence" else None
            block: Node = {"type": "codeBlock", "attrs": {"language": language}}
            nodes.append(_with_content(block, [{"type": "text", "text": code}] if code else []))
            index += 1
        elif token.type == "hr":
            nodes.append({"type": "horizontalRule"})
            index += 1
        elif token.type == "blockquote_open":
            inner, index = _parse_blocks(tokens, index + 1, "blockquote_close")
            nodes.append({"type": "blockquote", "content": inner})
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            listed, index = _parse_list(tokens, index)
            nodes.append(listed)
        else:
            index += 1  # html is off; nothing else opens a block
    return nodes, index


def _parse_list(tokens: list[Token], index: int) -> tuple[Node, int]:
    opening = tokens[index]
    ordered = opening.type == "ordered_list_open"
    closing = "ordered_list_close" if ordered else "bullet_list_close"
    items: list[tuple[list[Node], bool | None]] = []
    index += 1
    while tokens[index].type != closing:
        task = None if ordered else _task_state(tokens, index)
        children, index = _parse_blocks(tokens, index + 1, "list_item_close")
        items.append((children, task))
    if not ordered and items and all(task is not None for _, task in items):
        task_items = []
        for children, checked in items:
            _strip_task_marker(children)
            task_items.append({"type": "taskItem", "attrs": {"checked": bool(checked)}, "content": _item(children)})
        return {"type": "taskList", "content": task_items}, index + 1
    listed: Node = {"type": "orderedList" if ordered else "bulletList"}
    if ordered:
        start = opening.attrGet("start")
        listed["attrs"] = {"start": int(start) if start is not None else 1}
    listed["content"] = [{"type": "listItem", "content": _item(children)} for children, _ in items]
    return listed, index + 1


def _item(children: list[Node]) -> list[Node]:
    if not children or children[0]["type"] != "paragraph":
        return [{"type": "paragraph"}, *children]
    return children


_TASK = re.compile(r"^\[([ xX])\](?: |$)")


def _task_state(tokens: list[Token], item_index: int) -> bool | None:
    """Whether a list item is a checked (True) or open (False) task, or None: from what was written."""
    if tokens[item_index + 1].type != "paragraph_open":
        return None
    found = _TASK.match(tokens[item_index + 2].content)
    return None if found is None else found.group(1) != " "


def _strip_task_marker(children: list[Node]) -> None:
    paragraph = children[0]
    first = paragraph["content"][0]
    first["text"] = first["text"][4:] if first["text"][3:4] == " " else first["text"][3:]
    if not first["text"]:
        paragraph["content"].pop(0)
    if not paragraph["content"]:
        del paragraph["content"]


def _parse_inline(inline: Token) -> list[Node]:
    out: list[Node] = []
    marks: list[Node] = []

    def add_text(text: str, extra: list[Node]) -> None:
        if not text:
            return
        node_marks = _normal_marks(marks + extra)
        if out and out[-1]["type"] == "text" and out[-1].get("marks", []) == node_marks:
            out[-1]["text"] += text
            return
        node: Node = {"type": "text", "text": text}
        if node_marks:
            node["marks"] = node_marks
        out.append(node)

    opening = {"strong_open": "bold", "em_open": "italic", "s_open": "strike"}
    closing = {"strong_close": "bold", "em_close": "italic", "s_close": "strike", "link_close": "link"}
    for child in inline.children or []:
        if child.type in opening:
            marks.append({"type": opening[child.type]})
        elif child.type == "link_open":
            marks.append({"type": "link", "attrs": {"href": str(child.attrGet("href") or "")}})
        elif child.type in closing:
            for position in range(len(marks) - 1, -1, -1):
                if marks[position]["type"] == closing[child.type]:
                    del marks[position]
                    break
        elif child.type == "code_inline":
            add_text(child.content, [{"type": "code"}])
        elif child.type == "hardbreak":
            out.append({"type": "hardBreak"})
        elif child.type == "softbreak":
            add_text(" ", [])
        elif child.type == "image":
            add_text(child.content, [])
        else:
            add_text(child.content, [])
    return out
