"""Which files of a folder are reports: the reports are found, the README beside them is not."""

import shutil

from graph.files import find_reports
from tests.conftest import seed


def _folder(tmp_path, names):
    for name in names:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(seed("004").read_bytes() if name.endswith((".txt", ".html")) else b"# notes\n")
    return tmp_path


def test_a_readme_and_hidden_files_beside_reports_are_left_out_and_named(tmp_path):
    folder = _folder(
        tmp_path,
        [
            "r1.txt",
            "sub/r2.html",
            "README.md",
            "LICENSE",
            "readme.txt",
            ".DS_Store",
            ".git/HEAD.txt",
            "notes.md",
        ],
    )
    found = find_reports([folder])
    assert [p.relative_to(folder).as_posix() for p in found.files] == ["r1.txt", "sub/r2.html"]
    assert found.skipped == []  # nothing went wrong: these are simply not reports
    line = found.left_out_line()
    assert line.startswith("not reports, left out: ") and "\n" not in line
    for name in ("README.md", "LICENSE", "readme.txt", ".DS_Store", ".git/", "notes.md"):
        assert name in line


def test_a_folder_of_markdown_pages_is_built_but_its_readme_is_not(tmp_path):
    folder = _folder(tmp_path, ["a.md", "b.md", "README.md"])
    found = find_reports([folder])
    assert [p.name for p in found.files] == ["a.md", "b.md"]
    assert found.left_out_line() == "not reports, left out: README.md (project files)"


def test_a_file_named_directly_is_read_whatever_its_name(tmp_path):
    readme = _folder(tmp_path, ["README.md"]) / "README.md"
    assert find_reports([readme]).files == [readme]


def test_files_of_other_kinds_are_counted_by_kind(tmp_path):
    folder = _folder(tmp_path, ["r.txt", "a.json", "b.json", "c.png"])
    assert find_reports([folder]).left_out_line() == (
        "not reports, left out: 3 files of other kinds (.json 2, .png 1)"
    )


def test_the_seeds_folder_with_a_readme_builds_the_five_seeds(tmp_path, seed_paths):
    for p in seed_paths:
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "README.md").write_text("# 五篇报道\n这些是种子报道。\n", encoding="utf-8")
    assert [p.name for p in find_reports([tmp_path]).files] == [p.name for p in seed_paths]
