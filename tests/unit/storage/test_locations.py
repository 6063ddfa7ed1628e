"""Synced and network folders are recognised, so the app can warn before edits clash."""
from __future__ import annotations

from pathlib import Path

import pytest

from mutual_checklist.storage.locations import shared_folder_kind, shared_folder_warning


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/sam/OneDrive - Anytown Council/Projects/team.mutual", "OneDrive"),
    ("/Users/sam/Dropbox/team.mutual", "Dropbox"),
    ("/Users/sam/Library/CloudStorage/GoogleDrive-sam@x.org/My Drive/team.mutual",
     "Google Drive"),
    ("/Users/sam/Library/Mobile Documents/com~apple~CloudDocs/team.mutual", "iCloud Drive"),
    ("\\\\fileserver\\shared\\team.mutual", "a network folder"),
    ("//fileserver/shared/team.mutual", "a network folder"),
])
def test_synced_and_network_folders_are_recognised(path, kind):
    assert shared_folder_kind(Path(path) if not path.startswith("\\") else path) == kind
    assert kind in shared_folder_warning(kind)


def test_an_ordinary_local_folder_is_not_flagged(tmp_path):
    assert shared_folder_kind(tmp_path / "team.mutual") is None
