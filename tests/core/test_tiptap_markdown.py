"""TipTap JSON <-> Markdown: validation, and round trips both ways (property tests)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stellary_core.tiptap_markdown import TipTapError, from_markdown, normalize, to_markdown, validate

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))

# Text full of what Markdown reads as syntax, spaces where they are stripped, and some non-ASCII.
TRICKY = list("ab *_`~[]()<>#!&\\-+=.1)|:;\"'") + ["\t", "\u00a0", "é", "中", "😀", "&amp;", "1. ", "- ", "# ", "  "]
texts = st.lists(st.sampled_from(TRICKY), min_size=1, max_size=8).map("".join)
hrefs = st.sampled_from(["https://example.com", "https://ex.com/a b", "/docs/(x)", "mailto:a@b.c", "a&b<c>\\d", "#top"])
mark_sets = st.lists(
    st.one_of(
        st.sampled_from([{"type": "bold"}, {"type": "italic"}, {"type": "strike"}]),
        hrefs.map(lambda href: {"type": "link", "attrs": {"href": href}}),
    ),
    max_size=3,
    unique_by=lambda mark: mark["type"],
)


@st.composite
def inline_nodes(draw: Any, *, breaks: bool = True) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, 5))):
        if breaks and nodes and draw(st.integers(0, 6)) == 0:
            nodes.append({"type": "hardBreak"})
            continue
        marks = draw(mark_sets)
        if draw(st.integers(0, 4)) == 0:  # code excludes the emphasis marks, as in TipTap; a link may hold it
            marks = [m for m in marks if m["type"] == "link"] + [{"type": "code"}]
        node: dict[str, Any] = {"type": "text", "text": draw(texts)}
        if marks:
            node["marks"] = marks
        nodes.append(node)
    if nodes[-1]["type"] == "hardBreak":
        nodes.pop()
    return nodes


def paragraph(draw: Any) -> dict[str, Any]:
    return {"type": "paragraph", "content": draw(inline_nodes())}


@st.composite
def blocks(draw: Any, depth: int = 0) -> list[dict[str, Any]]:
    found = []
    kinds = ["paragraph", "heading", "codeBlock", "horizontalRule"] + (
        ["bulletList", "orderedList", "taskList", "blockquote"] if depth < 2 else []
    )
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(kinds))
        if kind == "paragraph":
            found.append(paragraph(draw))
        elif kind == "heading":
            found.append({"type": "heading", "attrs": {"level": draw(st.integers(1, 6))}, "content": draw(inline_nodes(breaks=False))})
        elif kind == "codeBlock":
            code = draw(st.lists(st.sampled_from(["x", "  y", "", "```", "~~~", "\\*", "    z", "- a", "> q"]), max_size=4))
            node: dict[str, Any] = {"type": "codeBlock", "attrs": {"language": draw(st.sampled_from([None, "python", "c++"]))}}
            text = "\n".join(code) + draw(st.sampled_from(["", "\n"]))
            if text:
                node["content"] = [{"type": "text", "text": text}]
            found.append(node)
        elif kind == "horizontalRule":
            found.append({"type": "horizontalRule"})
        elif kind == "blockquote":
            found.append({"type": "blockquote", "content": draw(blocks(depth + 1))})
        else:
            items = []
            for _ in range(draw(st.integers(1, 3))):
                rest = draw(st.one_of(st.just([]), blocks(depth + 1)))
                item: dict[str, Any] = {"type": "taskItem" if kind == "taskList" else "listItem", "content": [paragraph(draw), *rest]}
                if kind == "taskList":
                    item["attrs"] = {"checked": draw(st.booleans())}
                items.append(item)
            listed: dict[str, Any] = {"type": kind, "content": items}
            if kind == "orderedList":
                listed["attrs"] = {"start": draw(st.integers(0, 120))}
            found.append(listed)
    return found


documents = blocks().map(lambda content: {"type": "doc", "content": content})


@PROPERTY
@given(documents)
def test_tiptap_to_markdown_and_back_gives_the_same_document(doc: dict[str, Any]) -> None:
    validate(doc)
    markdown = to_markdown(doc)
    assert normalize(from_markdown(markdown)) == normalize(doc), markdown


@PROPERTY
@given(documents)
def test_markdown_to_tiptap_and_back_gives_the_same_markdown(doc: dict[str, Any]) -> None:
    markdown = to_markdown(doc)
    parsed = from_markdown(markdown)
    validate(parsed)
    assert to_markdown(parsed) == markdown


def _link_first(code: str, *after: dict[str, Any]) -> dict[str, Any]:
    link = {"type": "link", "attrs": {"href": "https://example.com"}}
    first = {"type": "text", "text": code, "marks": [link, {"type": "code"}]}
    return {"type": "doc", "content": [{"type": "paragraph", "content": [first, *after]}]}


@pytest.mark.parametrize(
    "doc",
    [
        _link_first("]:"),  # found by the property test: `]:`](url) read as a bare destination
        _link_first("]: x ("),  # a parenthesised title reaching to the line's end
        _link_first(']: x "', {"type": "text", "text": ' y"'}),  # a quoted title closed by the text after
        _link_first("]: x '", {"type": "hardBreak"}, {"type": "text", "text": "y'"}),  # ... on the next line
        {"type": "doc", "content": [{"type": "bulletList", "content": [{"type": "listItem", "content": [_link_first("]:")["content"][0]]}]}]},
    ],
)
def test_a_paragraph_opening_with_a_link_is_not_read_as_a_reference_definition(doc: dict[str, Any]) -> None:
    markdown = to_markdown(doc)
    assert normalize(from_markdown(markdown)) == normalize(doc), markdown
    assert to_markdown(from_markdown(markdown)) == markdown


def test_everyday_markdown_reads_as_the_nodes_it_shows() -> None:
    markdown = (
        "# Billing\n\nUse **Stripe** with _care_ and `code`, see [docs](https://stripe.com).\n\n"
        "- [x] spec\n- [ ] build\n\n1. one\n2. two\n\n```python\nprint(1)\n```\n\n> quoted\n"
    )
    doc = from_markdown(markdown)
    kinds = [node["type"] for node in doc["content"]]
    assert kinds == ["heading", "paragraph", "taskList", "orderedList", "codeBlock", "blockquote"]
    assert doc["content"][2]["content"][0]["attrs"] == {"checked": True}
    assert doc["content"][4]["attrs"] == {"language": "python"}
    assert {"type": "text", "text": "Stripe", "marks": [{"type": "bold"}]} in doc["content"][1]["content"]
    assert to_markdown(doc) == markdown


def test_plain_text_stays_plain() -> None:
    doc = {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Hello, world. 3 + 4"}]}]}
    assert to_markdown(doc) == "Hello, world. 3 + 4\n"


@pytest.mark.parametrize(
    ("doc", "where"),
    [
        ({"type": "paragraph"}, ""),
        ({"type": "doc", "content": [{"type": "table"}]}, "content.0"),
        ({"type": "doc", "content": [{"type": "text", "text": "loose"}]}, "content.0"),
        ({"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": ""}]}]}, "content.0.content.0.text"),
        (
            {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "a", "marks": [{"type": "underline"}]}]}]},
            "content.0.content.0.marks.0",
        ),
        (
            {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "a", "marks": [{"type": "link", "attrs": {"href": "javascript:alert(1)"}}]}]}]},
            "content.0.content.0.marks.0.attrs.href",
        ),
        ({"type": "doc", "content": [{"type": "heading", "attrs": {"level": 9}}]}, "content.0.attrs.level"),
        ({"type": "doc", "content": [{"type": "bulletList", "content": [{"type": "paragraph"}]}]}, "content.0.content.0"),
        ({"type": "doc", "content": [{"type": "paragraph", "colour": "red"}]}, "content.0"),
    ],
)
def test_a_bad_document_is_refused_saying_where(doc: dict[str, Any], where: str) -> None:
    with pytest.raises(TipTapError) as refused:
        validate(doc)
    assert refused.value.where == where
