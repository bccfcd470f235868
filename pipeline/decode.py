"""Turning the bytes of an input file into text, or into a clear reason why not."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or DOCX/XLSX)",
    b"\x1f\x8b": "a gzip archive", b"\x7fELF": "an executable",
}
HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<\?xml)", re.I)
HTML_TAGS = re.compile(r"</(p|div|span|a|td|li|body|html|script)>", re.I)
CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)   # not tab, newlines, form feed
FALLBACK_ENCODINGS = ("cp1251", "koi8_r", "cp866", "mac_cyrillic", "utf_16", "latin_1")
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32"))


@dataclass
class Decoded:
    text: str | None
    encoding: str | None
    status: str          # ok, repaired, empty, binary, undecodable, too_large, unreadable
    error: str | None = None


def looks_binary(data: bytes) -> str | None:
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            return what
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary data (contains NUL bytes)"
    control = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    if control > len(sample) * 0.05:
        return "binary data (many control bytes)"
    return None


def _decode_utf8(data: bytes) -> Decoded | None:
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "ok")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:   # a multi-byte character cut off at the end
            text = data[:exc.start].decode("utf-8")
            return Decoded(text, "utf-8", "repaired",
                           f"the last {len(data) - exc.start} byte(s) are not valid UTF-8 "
                           "(a truncated character) and were dropped")
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        if bad <= max(1, len(text) // 200) and sum(ch > "\x7f" for ch in text) > 10 * bad:
            return Decoded(text, "utf-8", "repaired",
                           f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD "
                           f"(first at byte {exc.start})")
    return None


def decode(data: bytes) -> Decoded:
    if not data:
        return Decoded(None, None, "empty", "the file is empty")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding, "ok")
            except UnicodeDecodeError as exc:
                return Decoded(None, encoding, "undecodable",
                               f"starts with a {encoding} byte-order mark but byte {exc.start} "
                               f"is not valid {encoding}")
    what = looks_binary(data)
    if what:
        return Decoded(None, None, "binary", f"not a text file: looks like {what}")
    decoded = _decode_utf8(data)
    if decoded:
        return decoded
    best = from_bytes(data[:200_000], cp_isolation=list(FALLBACK_ENCODINGS)).best()
    if best is not None and best.encoding:
        try:
            return Decoded(data.decode(best.encoding), best.encoding, "ok")
        except (UnicodeDecodeError, LookupError):
            pass
    return Decoded(None, None, "undecodable",
                   "not valid UTF-8 and no known Cyrillic encoding fits; re-save it as UTF-8")


def stream_encoding(sample: bytes) -> str:
    """The encoding of a file too large to decode whole (a CSV archive), from its first bytes:
    a byte-order mark, else UTF-8 if the sample is (a character cut at its end allowed), else the
    Cyrillic encoding that fits best."""
    for bom, encoding in BOMS:
        if sample.startswith(bom):
            return encoding
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(sample, cp_isolation=list(FALLBACK_ENCODINGS)).best()
        return best.encoding if best is not None and best.encoding else "utf-8"


def is_html(text: str) -> bool:
    head = text[:4096]
    return bool(HTML_START.search(head)) or len(HTML_TAGS.findall(head)) >= 3


def html_to_text(html: str) -> str:
    """Visible text of a page: script and style content dropped, blocks on their own lines."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, noscript, template, head"):
        node.decompose()
    body = tree.body or tree.root
    if body is None:
        return ""
    text = body.text(separator="\n", strip=True)
    return re.sub(r"\n{3,}", "\n\n", text)
