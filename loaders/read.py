"""Stage 1: a report file -> `Report` (bytes decoded with the encoding detected, not assumed)."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

from kgerrors import InputError
from loaders.records import Report

MAX_BYTES = 32 * 1024 * 1024  # larger files are refused: reports are articles, not archives

# Signatures of binary formats people rename to .txt, with a name for the message.
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x7fELF", "ELF executable"),
    (b"\x1f\x8b", "gzip"),
    (b"\xd0\xcf\x11\xe0", "OLE/Word"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7z"),
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Encodings a Chinese report comes in, tried in this order when the bytes are not UTF-8.
_CANDIDATES = ["gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be"]


def read(path: str | Path) -> Report:
    """Read and decode one report file; raise `InputError` with a one-line reason when it cannot be."""
    p = Path(path)
    name = shown(p)
    try:
        st = p.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:  # a path longer than the system allows, links in a loop, no permission
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{name}: is a directory, not a report file")
    if not stat.S_ISREG(st.st_mode):  # reading a pipe would wait for a writer forever
        raise InputError(f"{name}: not a regular file (a device, pipe or socket), not a report file")
    try:
        size = st.st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{name}: {size / 2**20:.0f} MB is larger than the {MAX_BYTES // 2**20} MB a report may have"
            )
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    text, encoding = decode(data, name)
    return Report(
        doc_id=shown(p.name),
        path=name,
        raw=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def shown(path: str | Path) -> str:
    """A path as it may be printed on one line and stored as a literal: bytes that are not UTF-8 (a
    file name from another system) as \\xNN, control characters (a newline in a name) as \\n, \\xNN."""
    text = os.fsencode(path).decode("utf-8", errors="backslashreplace")
    return text.translate(_CONTROL_ESCAPES)


_CONTROL_ESCAPES = {c: f"\\x{c:02x}" for c in [*range(32), 127]} | {10: "\\n", 13: "\\r", 9: "\\t"}


def decode(data: bytes, name: str = "input") -> tuple[str, str]:
    """Bytes -> (text, encoding name). BOM first, then strict UTF-8, then detection."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(enc), name), enc
            except UnicodeDecodeError:
                if enc == "utf-8" and (text := _mostly_utf8(data[len(bom) :])) is not None:
                    return _checked(text, name), enc
                raise InputError(
                    f"{name}: starts with a {enc} byte-order mark but is not valid {enc}"
                ) from None
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: binary file ({kind}), not a text report")
    if data.count(0) > len(data) // 100:  # UTF-16 without a byte-order mark, or a binary file
        for enc in _utf16_order(data):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _printable_share(text[:20000]) > 0.95:
                return _checked(text, name), enc
        raise InputError(f"{name}: binary file (NUL bytes), not a text report")
    controls = sum(1 for b in data[:65536] if b < 32 and b not in (9, 10, 12, 13)) + data[:65536].count(127)
    if controls > min(len(data), 65536) * 0.02:
        raise InputError(f"{name}: binary file (control bytes), not a text report")
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    if (text := _mostly_utf8(data)) is not None:
        return _checked(text, name), "utf-8"
    return _detect(data, name)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes (a download cut mid-character, a corrupted sector), or None.

    The damaged bytes become U+FFFD, which cleaning drops. Text in another encoding is not taken for
    damaged UTF-8: GB18030 or Big5 bytes read as UTF-8 give a replacement for nearly every character,
    here at most one per hundred well-formed non-ASCII characters is allowed."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    wide = len(text) - len(text.encode("ascii", errors="ignore")) - text.count("\ufffd")
    return text if bad * 100 <= wide else None


def _utf16_order(data: bytes) -> list[str]:
    """Little- or big-endian first, by which half of the byte pairs holds more NULs (ASCII) or
    more bytes of the CJK block's high half (0x4E-0x9F)."""
    sample = data[: 8192 - 8192 % 2]
    even, odd = sample[0::2], sample[1::2]
    le_votes = odd.count(0) + sum(1 for b in odd if 0x4E <= b <= 0x9F)
    be_votes = even.count(0) + sum(1 for b in even if 0x4E <= b <= 0x9F)
    return ["utf-16-le", "utf-16-be"] if le_votes >= be_votes else ["utf-16-be", "utf-16-le"]


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None or best.encoding is None:
        best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: cannot tell the text encoding (not UTF-8, GB18030, Big5 or UTF-16)")
    text = str(best)
    if _readable_share(text) < 0.8:  # a guess that gives Cyrillic, Hangul or symbols is not a Chinese report
        raise InputError(f"{name}: undecodable bytes (no encoding gives readable Chinese text)")
    return _checked(text, name), best.encoding


def _checked(text: str, name: str) -> str:
    """Refuse text that decoded but is not language: mostly control characters, or noise (a binary
    file in disguise, random bytes that some encoding happens to accept)."""
    sample = text[:20000]
    if sample and _printable_share(sample) < 0.85:
        raise InputError(f"{name}: binary content (mostly control characters), not a text report")
    if sample and (noise := _noise_share(sample)) > MAX_NOISE:
        raise InputError(
            f"{name}: not text: {noise:.0%} of its characters are control, unassigned or private-use"
            " code points (random or binary bytes), not a text report"
        )
    if not text.strip():
        raise InputError(f"{name}: empty file")
    return text


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\ufff0-\uffff]")


def _printable_share(text: str) -> float:
    if not text:
        return 1.0
    return 1 - len(_UNPRINTABLE.findall(text)) / len(text)


# Share of code points no writing uses (controls but line ends and tabs, unassigned, private use, lone
# surrogates) past which decoded bytes are noise: the seeds and the development corpus have none; random
# bytes behind a UTF-16 byte-order mark give 12 %, random code points in UTF-8 over 80 %.
MAX_NOISE = 0.05
_NOISE_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
_SPACES = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x85")


def _noise_share(text: str) -> float:
    category = unicodedata.category
    noise = sum(1 for c in text if c not in _SPACES and category(c) in _NOISE_CATEGORIES)
    return noise / len(text) if text else 0.0


# What a Chinese report is written with: ideographs, CJK and full-width punctuation, ASCII, spaces.
_READABLE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f\x20-\x7e\s\xa0·]")


def _readable_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_READABLE.findall(sample)) / len(sample)
