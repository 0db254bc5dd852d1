"""Reading operators' files: UTF-8 only, bounded sizes, errors that say where.

Every import reads UTF-8 (a UTF-8 byte-order mark is allowed and dropped).
Anything else is refused with the byte offset and line of the first byte that
is not UTF-8, rather than guessed at: Latin-1 and UTF-16 files look valid to a
lenient decoder and would store mojibake. Binary files (a NUL byte) and empty
files are refused too. Big record files are read in chunks, never whole.
"""

import codecs
import os
from dataclasses import dataclass

CHUNK_CHARS = 64 * 1024
# A summary page of the old site is a few kilobytes; anything this big is
# something else, refused before it is read.
MAX_PAGE_BYTES = 5 * 1024 * 1024

OTHER_BOMS = [
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
]


@dataclass(frozen=True, slots=True)
class Location:
    """Where something is in the input: a file with a line and/or record number."""

    path: str
    line: int | None = None
    record: int | None = None

    def __str__(self):
        if self.record is not None:
            where = f"{self.path} record {self.record}"
            return f"{where} (line {self.line})" if self.line else where
        if self.line is not None:
            return f"{self.path}:{self.line}"
        return self.path

    def seen_from(self, other):
        """Return this location as written in an error about other."""
        if other.path != self.path:
            return str(self)
        if self.record is not None:
            where = f"record {self.record}"
            return f"{where} (line {self.line})" if self.line else where
        return f"line {self.line}" if self.line else "this file"


class InputError(Exception):
    """Invalid input, located: file, line or record, field, what was expected."""

    def __init__(self, location, message, field=None):
        self.location = location
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self):
        where = str(self.location)
        if self.field:
            where += f", field “{self.field}”"
        return f"{where}: {self.message}"


def display_path(path):
    """Return path relative to the working directory when it is inside it."""
    path = os.fspath(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return os.path.abspath(path) if relative.startswith("..") else relative


def check_bom(head, location):
    for bom, name in OTHER_BOMS:
        if head.startswith(bom):
            raise InputError(
                location,
                f"the file is {name} text (it starts with a {name} byte-order "
                "mark); save it as UTF-8 and import it again.",
            )


def binary_error(location, offset):
    return InputError(
        location,
        f"this looks like a binary file, not text (a NUL byte at byte offset "
        f"{offset}); expected UTF-8 text.",
    )


def decode_error(path, data, err, offset_before=0, lines_before=0):
    """Return an InputError for a UnicodeDecodeError, naming the byte and line."""
    offset = offset_before + err.start
    line = lines_before + data[: err.start].count(b"\n") + 1
    byte = data[err.start : err.start + 1].hex().upper()
    return InputError(
        Location(path, line),
        f"the file is not UTF-8: byte 0x{byte} at byte offset {offset} cannot be "
        "decoded (is it Latin-1 or Windows-1252?); save it as UTF-8 and import it "
        "again.",
    )


def read_page(path, max_bytes=MAX_PAGE_BYTES):
    """Return the text of a small file (a summary page), or raise InputError."""
    name = display_path(path)
    location = Location(name)
    size = os.path.getsize(path)
    if size > max_bytes:
        raise InputError(
            location,
            f"the file is {size / 1024 / 1024:.1f} MB; a summary page may be at "
            f"most {max_bytes // 1024 // 1024} MB.",
        )
    with open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    check_bom(data[:4], location)
    if b"\x00" in data:
        raise binary_error(location, data.index(b"\x00"))
    skipped = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skipped:].decode("utf-8")
    except UnicodeDecodeError as err:
        raise decode_error(name, err.object, err, skipped) from None
    if not text.strip():
        raise InputError(location, "the file is empty; expected a summary page.")
    return text


class TextStream:
    """Decoded text of a file, chunk by chunk, with the bytes read so far.

    Iterating yields str chunks; a byte that is not UTF-8 raises an
    InputError naming its offset and line, whenever it is reached.
    """

    def __init__(self, path):
        self.filename = path
        self.path = display_path(path)
        self.size = os.path.getsize(path)
        self.bytes_read = 0
        self.lines_read = 0

    def __iter__(self):
        with open(self.filename, "rb") as handle:
            yield from self._chunks(handle)

    def _chunks(self, handle):
        location = Location(self.path)
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        first = True
        seen_text = False
        while True:
            data = handle.read(CHUNK_CHARS)
            if first:
                check_bom(data[:4], location)
                if data.startswith(codecs.BOM_UTF8):
                    data = data[3:]
                    self.bytes_read += 3
                first = False
            if b"\x00" in data:
                raise binary_error(location, self.bytes_read + data.index(b"\x00"))
            pending = decoder.getstate()[0]
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as err:
                raise decode_error(
                    self.path,
                    err.object,
                    err,
                    self.bytes_read - len(pending),
                    self.lines_read,
                ) from None
            self.bytes_read += len(data)
            if text:
                self.lines_read += text.count("\n")
                seen_text = seen_text or bool(text.strip())
                yield text
            if not data:
                break
        if not seen_text:
            raise InputError(location, "the file is empty.")

    def lines(self):
        """Yield lines with their endings, split on \\n only (as csv expects)."""
        rest = ""
        for chunk in self:
            rest += chunk
            start = 0
            while True:
                end = rest.find("\n", start)
                if end == -1:
                    break
                yield rest[start : end + 1]
                start = end + 1
            rest = rest[start:]
        if rest:
            yield rest
