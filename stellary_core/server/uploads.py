"""The HTTP side of attachments: streaming a multipart upload in, and download headers.

Starlette's form parser spools every file to the system temp directory before
a route sees it, whatever its size. Here the body is parsed as it streams:
the ``file`` part's bytes go straight into a ``StagedFile`` (which counts them
and gives up past the limit), other parts are skipped, and the whole body is
capped, so an oversized upload is refused without ever being stored.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from stellary_core.errors import Invalid
from stellary_core.services.attachments import StagedFile, too_large

FILE_FIELD = "file"


@dataclass
class ReceivedFile:
    staged: StagedFile
    filename: str | None
    content_type: str | None


def _text(raw: bytes) -> str:
    """Header values are bytes; clients send UTF-8 names, old ones Latin-1."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


@dataclass
class _PartState:
    """What the parser callbacks learn about the part being read."""

    header_name: bytes = b""
    header_value: bytes = b""
    headers: dict[bytes, bytes] = field(default_factory=dict)
    is_file: bool = False


class _FileCollector:
    """Parser callbacks: collect the ``file`` part's bytes (written later, off the event loop)."""

    def __init__(self, open_sink: Callable[[], StagedFile]) -> None:
        self._open_sink = open_sink
        self.part = _PartState()
        self.received: ReceivedFile | None = None
        self.pending: list[bytes] = []
        self.file_finished = False
        self.ended = False

    def on_part_begin(self) -> None:
        self.part = _PartState()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.part.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.part.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.part.headers[self.part.header_name.strip().lower()] = self.part.header_value.strip()
        self.part.header_name = self.part.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.part.headers.get(b"content-disposition", b""))
        if _text(options.get(b"name", b"")) != FILE_FIELD:
            return
        if self.received is not None:
            raise Invalid.field(FILE_FIELD, "send one file per request")
        filename = options.get(b"filename")
        content_type = self.part.headers.get(b"content-type")
        self.received = ReceivedFile(
            staged=self._open_sink(),
            filename=_text(filename) if filename is not None else None,
            content_type=_text(content_type) if content_type else None,
        )
        self.part.is_file = True

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.part.is_file:
            self.pending.append(data[start:end])

    def on_part_end(self) -> None:
        if self.part.is_file:
            self.file_finished = True

    def on_end(self) -> None:
        self.ended = True


def _boundary(request: Request) -> bytes:
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise Invalid.field(FILE_FIELD, "send the file as multipart/form-data in a field named 'file'")
    return boundary


async def receive_file(request: Request, *, open_sink: Callable[[], StagedFile], body_limit: int) -> ReceivedFile:
    """Stream the request's multipart body; return its ``file`` part, staged and counted.

    Raises a 413 once the body passes ``body_limit`` or the file passes the
    sink's limit, and a 400 for a body without exactly one complete ``file``
    part. On any failure the staged file is deleted.
    """
    collector = _FileCollector(open_sink)
    callbacks = {name: getattr(collector, name) for name in dir(collector) if name.startswith("on_")}
    try:
        parser = MultipartParser(_boundary(request), callbacks)  # type: ignore[arg-type]
        received_bytes = 0
        async for chunk in request.stream():
            received_bytes += len(chunk)
            if received_bytes > body_limit:
                raise too_large()
            parser.write(chunk)
            if collector.pending and collector.received is not None:
                chunks, collector.pending = collector.pending, []
                await run_in_threadpool(_write_all, collector.received.staged, chunks)
        parser.finalize()
        if collector.received is None:
            raise Invalid.field(FILE_FIELD, "is required (multipart field 'file')")
        if not (collector.file_finished and collector.ended):
            raise Invalid.field(FILE_FIELD, "the multipart body ended before the file did")
        return collector.received
    except BaseException as error:
        if collector.received is not None:
            collector.received.staged.discard()
        if isinstance(error, FormParserError):
            raise Invalid.field(FILE_FIELD, "the multipart body is malformed") from None
        raise


def _write_all(staged: StagedFile, chunks: list[bytes]) -> None:
    for chunk in chunks:
        staged.write(chunk)


def content_length(request: Request) -> int | None:
    """The declared body length, if the client sent a readable one."""
    value = request.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


def content_disposition(name: str) -> str:
    """``attachment`` with an RFC 6266 ``filename*`` (UTF-8) and a plain-ASCII ``filename`` fallback."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    # RFC 6266 D: no quotes, backslashes or percent signs (some clients decode %XX) in the fallback.
    fallback = "".join(ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\;%' else "_" for ch in ascii_name).strip() or "file"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"

