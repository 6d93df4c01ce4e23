"""Chart archives (``.tgz``): safe reading as Helm reads them, and deterministic writing.

Reading follows Helm's ``LoadArchiveFiles``: the gzip stream and the tar entries are
consumed lazily, the way Go's ``compress/gzip`` and ``archive/tar`` readers do, so a
truncated or corrupt archive fails with the same error at the same point ("unexpected
EOF", "gzip: invalid header", "archive/tar: invalid tar header"...). Entry names lose
their first path element (the chart directory), are normalised, and are refused when
absolute or escaping the chart; a UTF-8 BOM at the start of a file is dropped; the sum
of file sizes and each file's size are bounded.
"""

from __future__ import annotations

import datetime as _dt
import posixpath
import re
import struct
import zlib
from collections.abc import Iterable

from pyhelm.chart.model import Chart, File
from pyhelm.engine.runtime import go_quote as _go_quote

MAX_DECOMPRESSED_CHART_SIZE = 100 * 1024 * 1024
"""Helm's limit on the total decompressed size of an archive's files (100 MiB)."""

MAX_DECOMPRESSED_FILE_SIZE = 5 * 1024 * 1024
"""Helm's limit on one file of a chart (5 MiB), in archives and directories."""

UTF8_BOM = b"\xef\xbb\xbf"

_BLOCK = 512
_CHUNK = 64 * 1024
_DRIVE_PATH = re.compile(r"^[a-zA-Z]:/")


class ChartLoadError(Exception):
    """A chart could not be loaded; ``str(err)`` is Helm's message."""


class _CleanEOF(Exception):
    """Go's ``io.EOF``: the stream ended exactly at a read boundary."""


# ---------------------------------------------------------------------------
# gzip, read lazily like Go's compress/gzip (multistream)


class _GzipStream:
    """Decompress a gzip byte string on demand, reporting Go's errors when data runs out."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0
        self._out = bytearray()
        self._error: Exception | None = None
        self._done = False
        self._inflater: zlib._Decompress | None = None
        self._crc = 0
        self._size = 0
        self._member_start = 0
        self._read_header(first=True)

    # -- low level input -------------------------------------------------
    def _take(self, n: int) -> bytes:
        chunk = self._data[self._pos : self._pos + n]
        self._pos += len(chunk)
        if len(chunk) < n:
            raise ChartLoadError("unexpected EOF")
        return chunk

    def _take_cstring(self) -> bytes:
        end = self._data.find(b"\0", self._pos)
        if end < 0:
            self._pos = len(self._data)
            raise ChartLoadError("unexpected EOF")
        text = self._data[self._pos : end]
        self._pos = end + 1
        return text

    def _read_header(self, first: bool) -> None:
        """Parse a member header; raise (first member) or record the error."""
        start = self._pos
        try:
            if start >= len(self._data):
                raise _CleanEOF()
            head = self._take(10)
            if head[0] != 0x1F or head[1] != 0x8B or head[2] != 8:
                raise ChartLoadError("gzip: invalid header")
            flags = head[3]
            if flags & 4:
                (xlen,) = struct.unpack("<H", self._take(2))
                self._take(xlen)
            if flags & 8:
                self._take_cstring()
            if flags & 16:
                self._take_cstring()
            if flags & 2:
                (want,) = struct.unpack("<H", self._take(2))
                if zlib.crc32(self._data[start : self._pos - 2]) & 0xFFFF != want:
                    raise ChartLoadError("gzip: invalid header")
        except _CleanEOF:
            if first:
                raise ChartLoadError("EOF") from None
            self._done = True
            return
        except ChartLoadError as err:
            if first:
                raise
            self._error = err
            return
        self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        self._crc = 0
        self._size = 0
        self._member_start = self._pos

    def _finish_member(self, rest: bytes) -> None:
        """Verify a member's trailer, then look for a following member."""
        self._pos = len(self._data) - len(rest)
        self._inflater = None
        try:
            crc, size = struct.unpack("<II", self._take(8))
        except ChartLoadError as err:
            self._error = err
            return
        if crc != self._crc or size != (self._size & 0xFFFFFFFF):
            self._error = ChartLoadError("gzip: invalid checksum")
            return
        self._read_header(first=False)

    def _corrupt_offset(self) -> int:
        """Where Go's inflater notices corrupt data: the input length at which zlib first fails."""
        member = self._data[self._member_start : self._pos]
        probe = zlib.decompressobj(-zlib.MAX_WBITS)
        safe = max(0, len(member) - 2 * _CHUNK)
        try:
            probe.decompress(member[:safe])
        except zlib.error:
            probe, safe = zlib.decompressobj(-zlib.MAX_WBITS), 0
        for i in range(safe, len(member)):
            try:
                probe.decompress(member[i : i + 1])
            except zlib.error:
                return i + 1
        return len(member)

    def _fill(self, want: int) -> None:
        """Decompress until ``want`` bytes are buffered or the stream stops."""
        while len(self._out) < want and not self._done and self._error is None:
            inflater = self._inflater
            if inflater is None:
                return
            src = inflater.unconsumed_tail or self._data[self._pos : self._pos + _CHUNK]
            if not inflater.unconsumed_tail:
                self._pos += len(src)
            if not src:
                self._error = ChartLoadError("unexpected EOF")
                return
            try:
                chunk = inflater.decompress(src, _CHUNK)
            except zlib.error:
                offset = self._corrupt_offset()
                self._error = ChartLoadError(f"flate: corrupt input before offset {offset}")
                return
            self._crc = zlib.crc32(chunk, self._crc)
            self._size += len(chunk)
            self._out += chunk
            if inflater.eof:
                self._finish_member(inflater.unused_data + self._data[self._pos :])

    def read_full(self, n: int) -> bytes:
        """Go's ``io.ReadFull``: ``n`` bytes, :class:`_CleanEOF` if none are left, else the error."""
        self._fill(n)
        if len(self._out) >= n:
            chunk = bytes(self._out[:n])
            del self._out[:n]
            return chunk
        got = len(self._out)
        self._out.clear()
        if self._error is not None:
            raise self._error
        if got == 0:
            raise _CleanEOF()
        raise ChartLoadError("unexpected EOF")

    def read_upto(self, n: int) -> bytes:
        """Read up to ``n`` bytes; fewer only at a clean end. Raises the stream's error."""
        self._fill(n)
        chunk = bytes(self._out[:n])
        del self._out[:n]
        if len(chunk) < n and self._error is not None:
            raise self._error
        return chunk


# ---------------------------------------------------------------------------
# tar, parsed like Go's archive/tar reader


class _TarHeader:
    __slots__ = ("name", "mode", "size", "mtime", "typeflag")

    def __init__(self, name: str, mode: int, size: int, mtime: float, typeflag: str) -> None:
        self.name = name
        self.mode = mode
        self.size = size
        self.mtime = mtime
        self.typeflag = typeflag

    def is_dir(self) -> bool:
        return self.typeflag == "5" or (self.mode & ~0o7777) == 0o40000


_INVALID_HEADER = "archive/tar: invalid tar header"
_HEADER_ONLY = set("12345")  # links, devices, dirs and fifos carry no data


def _cstr(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("utf-8", errors="surrogateescape")


def _parse_number(raw: bytes) -> int:
    if raw and raw[0] & 0x80:
        value = raw[0] & 0x7F
        for byte in raw[1:]:
            value = (value << 8) | byte
        return value
    text = raw.split(b"\0", 1)[0].strip(b" \0")
    if not text:
        return 0
    try:
        return int(text, 8)
    except ValueError:
        raise ChartLoadError(_INVALID_HEADER) from None


def _checksum_ok(block: bytes) -> bool:
    want = _parse_number(block[148:156])
    unsigned = sum(block[:148]) + 8 * 32 + sum(block[156:])
    signed = sum(b - 256 if b > 127 else b for b in block[:148] + block[156:]) + 8 * 32
    return want in (unsigned, signed)


def _pax_records(data: bytes) -> dict[str, str]:
    records: dict[str, str] = {}
    while data:
        space = data.find(b" ")
        if space <= 0:
            raise ChartLoadError(_INVALID_HEADER)
        try:
            length = int(data[:space])
        except ValueError:
            raise ChartLoadError(_INVALID_HEADER) from None
        record, data = data[space + 1 : length], data[length:]
        if length <= space or not record.endswith(b"\n") or b"=" not in record:
            raise ChartLoadError(_INVALID_HEADER)
        key, _, value = record[:-1].partition(b"=")
        records[key.decode("utf-8", "surrogateescape")] = value.decode("utf-8", "surrogateescape")
    return records


class _TarReader:
    """Sequential tar entries over a :class:`_GzipStream`."""

    def __init__(self, stream: _GzipStream) -> None:
        self._stream = stream
        self._pending = 0  # unread data + padding of the current entry
        self._data_left = 0

    def _skip_pending(self) -> None:
        while self._pending:
            chunk = self._stream.read_upto(min(self._pending, _CHUNK))
            if not chunk:
                raise ChartLoadError("unexpected EOF")
            self._pending -= len(chunk)

    def _read_block(self) -> bytes | None:
        try:
            return self._stream.read_full(_BLOCK)
        except _CleanEOF:
            return None

    def _read_data(self, size: int) -> bytes:
        padded = -(-size // _BLOCK) * _BLOCK
        try:
            data = self._stream.read_full(padded) if padded else b""
        except _CleanEOF:
            raise ChartLoadError("unexpected EOF") from None
        return data[:size]

    def next(self) -> _TarHeader | None:
        """The next entry header, or ``None`` at the end of the archive."""
        self._skip_pending()
        overrides: dict[str, str] = {}
        while True:
            block = self._read_block()
            if block is None:
                return None
            if block == bytes(_BLOCK):
                second = self._read_block()
                if second is None or second == bytes(_BLOCK):
                    return None
                raise ChartLoadError(_INVALID_HEADER)
            if not _checksum_ok(block):
                raise ChartLoadError(_INVALID_HEADER)
            typeflag = chr(block[156]) if block[156] else "\0"
            size = _parse_number(block[124:136])
            if typeflag in ("x", "L", "K"):
                data = self._read_data(size)
                if typeflag == "x":
                    overrides.update(_pax_records(data))
                elif typeflag == "L":
                    overrides["path"] = _cstr(data)
                continue
            header = self._build(block, typeflag, size, overrides)
            data_size = 0 if typeflag in _HEADER_ONLY else header.size
            self._pending = -(-data_size // _BLOCK) * _BLOCK
            self._data_left = data_size
            return header

    @staticmethod
    def _build(block: bytes, typeflag: str, size: int, overrides: dict[str, str]) -> _TarHeader:
        name = _cstr(block[0:100])
        magic = block[257:265]
        if magic[:6] == b"ustar\x00":
            prefix = _cstr(block[345:500])
            if prefix:
                name = f"{prefix}/{name}"
        name = overrides.get("path", name)
        if "size" in overrides:
            try:
                size = int(overrides["size"])
            except ValueError:
                raise ChartLoadError(_INVALID_HEADER) from None
        mtime = float(_parse_number(block[136:148]))
        if "mtime" in overrides:
            try:
                mtime = float(overrides["mtime"])
            except ValueError:
                pass
        if typeflag == "\0":
            typeflag = "5" if name.endswith("/") else "0"
        return _TarHeader(name, _parse_number(block[100:108]), size, mtime, typeflag)

    def read(self, limit: int) -> bytes:
        """Read the current entry's data, at most ``limit`` bytes (Go ``io.LimitReader``)."""
        want = min(self._data_left, limit)
        data = self._stream.read_upto(want) if want else b""
        self._pending -= len(data)
        self._data_left -= len(data)
        if len(data) < want:
            raise ChartLoadError("unexpected EOF")
        return data


# ---------------------------------------------------------------------------
# public API


def _clean_entry_name(raw: str) -> tuple[str, str]:
    """Drop the first path element and normalise; return (first element, chart-relative name)."""
    delimiter = "\\" if "\\" in raw else "/"
    parts = raw.split(delimiter)
    name = delimiter.join(parts[1:]).replace(delimiter, "/")
    if name.startswith("/"):
        raise ChartLoadError("chart illegally contains absolute paths")
    name = posixpath.normpath(name) if name else "."
    if name == ".":
        raise ChartLoadError(f"chart illegally contains content outside the base directory: {_go_quote(raw)}")
    if name.startswith(".."):
        raise ChartLoadError("chart illegally references parent directory")
    if _DRIVE_PATH.match(name):
        raise ChartLoadError("chart contains illegally named files")
    return parts[0], name


def read_archive_files(
    data: bytes,
    *,
    max_chart_size: int = MAX_DECOMPRESSED_CHART_SIZE,
    max_file_size: int = MAX_DECOMPRESSED_FILE_SIZE,
) -> list[File]:
    """The files of a chart archive, in archive order (Helm ``LoadArchiveFiles``).

    ``data`` is the raw ``.tgz``. Returns :class:`~pyhelm.chart.model.File` objects whose
    names are relative to the chart (first path element removed) and whose data has
    a leading UTF-8 BOM removed. Raises :class:`ChartLoadError` with Helm's message for
    corrupt or truncated gzip/tar data, unsafe names, oversized content, a
    ``Chart.yaml`` outside a directory, or an archive with no files.
    """
    tar = _TarReader(_GzipStream(data))
    files: list[File] = []
    remaining = max_chart_size
    while True:
        header = tar.next()
        if header is None:
            break
        if header.is_dir() or header.typeflag in ("g",):
            continue
        first, name = _clean_entry_name(header.name)
        if first == "Chart.yaml":
            raise ChartLoadError("chart yaml not in base directory")
        if header.size > remaining:
            raise ChartLoadError(f"decompressed chart is larger than the maximum size {max_chart_size}")
        if header.size > max_file_size:
            raise ChartLoadError(
                f"decompressed chart file {_go_quote(header.name)} is larger than the maximum file size {max_file_size}"
            )
        body = tar.read(remaining)
        remaining -= len(body)
        if len(body) < header.size or remaining <= 0:
            raise ChartLoadError(f"decompressed chart is larger than the maximum size {max_chart_size}")
        if body.startswith(UTF8_BOM):
            body = body[len(UTF8_BOM) :]
        modtime = _dt.datetime.fromtimestamp(header.mtime, tz=_dt.UTC)
        files.append(File(name=name, data=body, modtime=modtime))
    if not files:
        raise ChartLoadError("no files in chart archive")
    return files


# ---------------------------------------------------------------------------
# content sniffing for `helm install values.yaml`-style mistakes (Go net/http.DetectContentType)

_SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"%!PS-Adobe-", "application/postscript"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"BM", "image/bmp"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
    (b"\x00\x00\x02\x00", "image/x-icon"),
    (b"OggS\x00", "application/ogg"),
    (b"MThd\x00\x00\x00\x06", "audio/midi"),
    (b"ID3", "audio/mpeg"),
    (b"\x1a\x45\xdf\xa3", "video/webm"),
    (b"Rar!\x1a\x07\x00", "application/x-rar-compressed"),
    (b"Rar!\x1a\x07\x01\x00", "application/x-rar-compressed"),
    (b"\x00asm", "application/wasm"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b\x08", "application/x-gzip"),
    (b"wOFF", "font/woff"),
    (b"wOF2", "font/woff2"),
    (b"\x00\x01\x00\x00", "font/ttf"),
    (b"OTTO", "font/otf"),
    (b"ttcf", "font/collection"),
]

_TEXT_BOMS = [
    (b"\xfe\xff", "text/plain; charset=utf-16be"),
    (b"\xff\xfe", "text/plain; charset=utf-16le"),
    (b"\xef\xbb\xbf", "text/plain; charset=utf-8"),
]

_HTML_TAGS = [
    b"<!DOCTYPE HTML", b"<HTML", b"<HEAD", b"<SCRIPT", b"<IFRAME", b"<H1", b"<DIV", b"<FONT",
    b"<TABLE", b"<A", b"<STYLE", b"<TITLE", b"<B", b"<BODY", b"<BR", b"<P", b"<!--",
]  # fmt: skip


def detect_content_type(data: bytes) -> str:
    """A subset of Go's ``http.DetectContentType`` (first 512 bytes), enough for Helm's archive hint."""
    data = data[:512]
    stripped = data.lstrip(b"\t\n\x0c\r ")
    for tag in _HTML_TAGS:
        head = stripped[: len(tag)]
        if len(stripped) > len(tag) and head.upper() == tag and stripped[len(tag)] in b" >":
            return "text/html; charset=utf-8"
    if stripped.startswith(b"<?xml"):
        return "text/xml; charset=utf-8"
    for bom, kind in _TEXT_BOMS:
        if data.startswith(bom):
            return kind
    for sig, kind in _SIGNATURES:
        if data.startswith(sig):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wave"
    if data[:4] == b"RIFF" and data[8:12] == b"AVI ":
        return "video/avi"
    if data[:4] == b"RIFF" and data[8:14] == b"WEBPVP":
        return "image/webp"
    if len(data) >= 12 and data[4:8] == b"ftyp":
        return "video/mp4"
    if any(b <= 0x08 or b == 0x0B or 0x0E <= b <= 0x1A or 0x1C <= b <= 0x1F for b in data):
        return "application/octet-stream"
    return "text/plain; charset=utf-8"


def ensure_archive(name: str, data: bytes) -> None:
    """Reject a file that is clearly not a gzipped archive (Helm ``ensureArchive``).

    Raises :class:`ChartLoadError`: ``file 'NAME' seems to be a YAML file, but expected a
    gzipped archive`` or ``file 'NAME' does not appear to be a gzipped archive; got 'TYPE'``.
    """
    head = data[:512].ljust(512, b"\0")  # Helm sniffs a zero-filled 512-byte buffer
    kind = detect_content_type(head)
    if kind == "application/x-gzip" or data[:3] == b"\x1f\x8b\x08":
        return
    if name.endswith(".yml") or name.endswith(".yaml"):
        raise ChartLoadError(f"file '{name}' seems to be a YAML file, but expected a gzipped archive")
    raise ChartLoadError(f"file '{name}' does not appear to be a gzipped archive; got '{kind}'")


# ---------------------------------------------------------------------------
# writing


Entry = tuple[str, bytes] | tuple[str, bytes, "_dt.datetime | None"]
"""An archive entry: ``(path, data)`` or ``(path, data, modification time)``."""


def write_archive(
    entries: Iterable[Entry],
    *,
    mtime: _dt.datetime | None = None,
) -> bytes:
    """A deterministic ``.tgz`` of ``(path, data[, mtime])`` entries, in the given order.

    Written as Helm's ``chartutil.Save`` writes archives with Go's ``archive/tar``: USTAR
    entries with mode 0644, uid/gid 0, empty owner names, the entry's modification time
    (else ``mtime``, else the Unix epoch) in whole seconds, two zero blocks at the end and
    no record padding; in a gzip stream whose header carries Helm's extra field and the
    comment ``Helm`` (gzip mtime 0, OS 255). Paths are written as given (callers prefix
    the chart directory); names too long for USTAR get a PAX record as Go writes them.
    """
    default = mtime or _dt.datetime.fromtimestamp(0, tz=_dt.UTC)
    out = bytearray()
    for entry in entries:
        path, body = entry[0], entry[1]
        stamp = entry[2] if len(entry) > 2 and entry[2] is not None else default  # type: ignore[misc]
        out += _tar_entry(path, body, _round_seconds(stamp))
    out += bytes(2 * _BLOCK)
    return _gzip_helm(bytes(out))


def _round_seconds(moment: _dt.datetime) -> int:
    """Go's ``time.Round(time.Second)`` as Unix seconds (halves away from zero), what ``tar.Writer`` stores."""
    whole = int(moment.replace(microsecond=0).timestamp())
    return whole + 1 if moment.microsecond >= 500_000 else whole


_RFC3339 = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d+))?([Zz]|[+-]\d\d:\d\d)$")


def _parse_go_time(text: str) -> _dt.datetime | None:
    """An RFC 3339 time as Go's ``time.Time`` JSON decoding reads it (``None`` when unparsable)."""
    m = _RFC3339.match(text or "")
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    micro = int((m.group(7) or "0")[:6].ljust(6, "0"))
    zone = m.group(8)
    tz = _dt.UTC
    if zone not in ("Z", "z"):
        sign = 1 if zone[0] == "+" else -1
        tz = _dt.timezone(sign * _dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
    try:
        return _dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)
    except ValueError:
        return None


def _octal(value: int, width: int) -> bytes:
    """Go tar's octal field: zero-padded digits and a NUL, ``width`` bytes in all."""
    return f"{value:0{width - 1}o}".encode() + b"\0"


def _split_ustar(path: bytes) -> tuple[bytes, bytes] | None:
    """Go's ``splitUSTARPath``: ``(prefix, name)`` for a path that fits USTAR, else ``None``."""
    if not path.isascii():
        return None
    if len(path) <= 100:
        return b"", path
    cut = min(len(path) - 1, 155 + 1)
    idx = path.rfind(b"/", 0, cut)
    if idx <= 0:
        return None
    prefix, name = path[:idx], path[idx + 1 :]
    if not name or len(prefix) > 155 or len(name) > 100:
        return None
    return prefix, name


def _header_block(
    name: bytes, prefix: bytes, size: int, mtime: int, typeflag: bytes, mode: int = 0o644, dev: bool = True
) -> bytes:
    block = bytearray(_BLOCK)
    block[0 : len(name)] = name
    block[100:108] = _octal(mode, 8)
    block[108:116] = _octal(0, 8)
    block[116:124] = _octal(0, 8)
    block[124:136] = _octal(size, 12)
    block[136:148] = _octal(mtime, 12)
    block[156:157] = typeflag
    block[257:265] = b"ustar\x0000"
    if dev:  # Go leaves the device numbers empty in PAX extended headers
        block[329:337] = _octal(0, 8)
        block[337:345] = _octal(0, 8)
    block[345 : 345 + len(prefix)] = prefix
    block[148:156] = b" " * 8
    block[148:155] = f"{sum(block):06o}".encode() + b"\0"
    return bytes(block)


def _padded(body: bytes) -> bytes:
    return body + bytes(-len(body) % _BLOCK)


def _tar_entry(path: str, body: bytes, mtime: int) -> bytes:
    """One regular-file entry (header, data, padding) as Go's ``tar.Writer`` writes it."""
    raw = path.encode("utf-8")
    split = _split_ustar(raw)
    if split is not None:
        prefix, name = split
        return _header_block(name, prefix, len(body), mtime, b"0") + _padded(body)
    record = b" path=" + raw + b"\n"
    length = len(record)
    while len(str(length).encode()) + len(record) != length:
        length = len(str(length).encode()) + len(record)
    pax = str(length).encode() + record
    directory, _, base = path.rpartition("/")
    pax_name = posixpath.join(directory, "PaxHeaders.0", base).encode("ascii", "ignore")[:100]
    head = _header_block(pax_name, b"", len(pax), 0, b"x", mode=0, dev=False) + _padded(pax)
    plain = path.encode("ascii", "ignore")[:100]
    return head + _header_block(plain, b"", len(body), mtime, b"0") + _padded(body)


_HELM_GZIP_EXTRA = b"+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo="


def _gzip_helm(data: bytes) -> bytes:
    """gzip ``data`` with the header Helm's packager writes (FEXTRA + FCOMMENT, mtime 0, OS 255)."""
    header = b"\x1f\x8b\x08\x14" + struct.pack("<I", 0) + b"\x00\xff"
    header += struct.pack("<H", len(_HELM_GZIP_EXTRA)) + _HELM_GZIP_EXTRA + b"Helm\x00"
    deflater = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflater.compress(data) + deflater.flush()
    trailer = struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)
    return header + body + trailer


def _raw_modtime(chart: Chart, name: str) -> _dt.datetime | None:
    for f in chart.raw:
        if f.name == name:
            return f.modtime
    return None


def chart_archive_entries(chart: Chart, prefix: str = "") -> list[tuple[str, bytes, _dt.datetime | None]]:
    """The ``(path, data, modtime)`` entries Helm's ``Save`` writes for ``chart`` and its subcharts.

    Order: ``Chart.yaml`` (metadata re-marshalled; v1 charts without dependencies),
    ``Chart.lock`` (v2 charts with a lock), the raw ``values.yaml``,
    ``values.schema.json``, templates, other files, then each subchart under
    ``<name>/charts/``. Each entry keeps its source file's modification time, as Helm
    v4 does (``None`` when the chart was built in memory); ``Chart.lock`` gets the lock's
    ``generated`` time.
    """
    from pyhelm.chart.metadata import lock_go_json, to_go_json
    from pyhelm.codec import yaml as goyaml

    md = chart.metadata
    base = f"{prefix}/{md.name}" if prefix else md.name
    shape = to_go_json(md)
    if md.api_version == "v1":
        shape.pop("dependencies", None)
    entries: list[tuple[str, bytes, _dt.datetime | None]] = [
        (f"{base}/Chart.yaml", goyaml.dump(shape).encode(), _raw_modtime(chart, "Chart.yaml"))
    ]
    if md.api_version == "v2" and chart.lock is not None:
        lock_data = goyaml.dump(lock_go_json(chart.lock)).encode()
        # Helm stamps Chart.lock with the lock's own ``generated`` time
        stamp = _parse_go_time(chart.lock.generated) or _raw_modtime(chart, "Chart.lock")
        entries.append((f"{base}/Chart.lock", lock_data, stamp))
    entries += [(f"{base}/values.yaml", f.data, f.modtime) for f in chart.raw if f.name == "values.yaml"]
    if chart.schema is not None:
        entries.append((f"{base}/values.schema.json", chart.schema, _raw_modtime(chart, "values.schema.json")))
    entries += [(f"{base}/{f.name}", f.data, f.modtime) for f in chart.templates]
    entries += [(f"{base}/{f.name}", f.data, f.modtime) for f in chart.files]
    for sub in chart.dependencies:
        entries += chart_archive_entries(sub, f"{base}/charts")
    return entries


def save_archive(chart: Chart, *, mtime: _dt.datetime | None = None) -> tuple[str, bytes]:
    """Helm's ``chartutil.Save`` in memory: ``(file name "<name>-<version>.tgz", archive bytes)``.

    Raises :class:`ChartLoadError` (``chart validation: ...``) when the metadata is invalid.
    """
    from pyhelm.chart.metadata import validate

    try:
        validate(chart.metadata)
    except ChartLoadError as err:
        raise ChartLoadError(f"chart validation: {err}") from None
    name = f"{chart.metadata.name}-{chart.metadata.version}.tgz"
    return name, write_archive(chart_archive_entries(chart), mtime=mtime)
