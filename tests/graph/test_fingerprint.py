"""What a report's graph is made from: the file's digest is the one stored, another model is another
extractor."""

from graph.fingerprint import extractor_digest, file_digest
from loaders.model import DEFAULT_MODEL
from loaders.read import read
from tests.conftest import seed


def test_the_file_digest_is_the_one_the_report_is_stored_with(tmp_path):
    assert file_digest(seed("001")) == read(seed("001")).sha256
    assert file_digest(tmp_path / "missing.txt") is None
    assert file_digest(tmp_path) is None


def test_another_model_file_is_another_extractor(tmp_path):
    same = tmp_path / "copy.kgm"
    same.write_bytes(DEFAULT_MODEL.read_bytes())
    other = tmp_path / "other.kgm"
    other.write_bytes(DEFAULT_MODEL.read_bytes() + b"\0")
    assert extractor_digest() == extractor_digest(str(DEFAULT_MODEL)) == extractor_digest(str(same))
    assert extractor_digest(str(other)) != extractor_digest()
    assert len(extractor_digest()) == 32
