"""Reading: encodings detected, bad files refused with one clear reason."""

import pytest

from kgerrors import InputError
from loaders.read import read
from tests.conftest import seed


def _seed_text():
    return seed("001").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"])
def test_the_same_report_in_any_encoding_reads_the_same(tmp_path, encoding):
    text = _seed_text().replace("\xa0", " ")  # GB18030 has no NBSP round trip issue, but keep it simple
    f = tmp_path / "r.txt"
    f.write_bytes(text.encode(encoding))
    assert read(f).raw == text


def test_big5_traditional_is_decoded(tmp_path):
    text = "濟南新舊動能轉換起步區比亞迪新能源整車項目加快推進。" * 5
    f = tmp_path / "big5.txt"
    f.write_bytes(text.encode("big5"))
    r = read(f)
    assert r.raw == text and r.encoding.replace("_", "").lower().startswith("big5")


def test_report_identity_and_digest():
    r = read(seed("000"))
    assert r.doc_id == seed("000").name
    assert len(r.sha256) == 64 and r.encoding == "utf-8"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read(f)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read(tmp_path)
