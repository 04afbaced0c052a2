"""Files with personal data are their owner's alone and appear only whole."""

import os
import stat

import pytest

from hangzhou_mice.files import atomic_private_file


def test_a_private_file_is_the_owners_alone_and_appears_only_whole(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("an older export")
    os.chmod(path, 0o644)
    with pytest.raises(RuntimeError), atomic_private_file(path) as stream:
        stream.write(b"half a roster")
        raise RuntimeError("the disk filled up")
    assert path.read_text() == "an older export"  # untouched by the failure
    assert list(tmp_path.iterdir()) == [path]  # no .part left behind

    with atomic_private_file(path) as stream:
        stream.write(b"the roster")
    assert path.read_bytes() == b"the roster"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_exclusive_private_file_refuses_an_existing_one(tmp_path):
    path = tmp_path / "backup.tar"
    path.write_text("an older backup")

    with pytest.raises(FileExistsError), atomic_private_file(path, exclusive=True):
        pass

    assert path.read_text() == "an older backup"
    assert list(tmp_path.iterdir()) == [path]


def test_an_exclusive_private_file_refuses_a_write_under_way(tmp_path):
    path = tmp_path / "backup.tar"
    partial = tmp_path / "backup.tar.part"
    partial.write_text("another backup, half written")

    with pytest.raises(FileExistsError), atomic_private_file(path, exclusive=True):
        pass

    assert partial.read_text() == "another backup, half written"
    assert not path.exists()


def test_an_exclusive_private_file_is_the_owners_alone(tmp_path):
    path = tmp_path / "backup.tar"

    with atomic_private_file(path, exclusive=True) as stream:
        stream.write(b"archive")

    assert path.read_bytes() == b"archive"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
