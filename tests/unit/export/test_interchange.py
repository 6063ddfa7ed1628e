"""Interchange JSON: exact round trip, and untrusted input rejected whole with no file left."""
from __future__ import annotations

import copy
import json

import pytest

from mutual_checklist.cli import template_lookup
from mutual_checklist.export import interchange
from mutual_checklist.export.interchange import ImportRejected


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory) -> str:
    from mutual_checklist import resources
    from mutual_checklist.demo import build_demo

    folder = tmp_path_factory.mktemp("demo")
    template = resources.find_bundled_template("mutual-2011")
    with build_demo(folder / "demo.mutual", template,
                    resources.template_text("mutual-2011")) as repo:
        repo.add_evidence("S1-14", "appraisal.pdf", b"%PDF-1.4 fake \x00\xff bytes")
        return interchange.export_text(repo)


def test_round_trip_is_byte_identical(tmp_path, demo_export):
    source = tmp_path / "in.json"
    source.write_text(demo_export, encoding="utf-8")
    with interchange.import_file(source, tmp_path / "copy.mutual", template_lookup) as repo:
        again = interchange.export_text(repo)
    assert again == demo_export
    assert len(json.loads(again)["step_states"]) > 30


def test_export_matches_the_published_schema(demo_export):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(json.loads(demo_export), interchange.schema())


def _import_rejected(tmp_path, document_or_text) -> str:
    source = tmp_path / "bad.json"
    text = document_or_text if isinstance(document_or_text, str) else json.dumps(document_or_text)
    source.write_text(text, encoding="utf-8")
    dest = tmp_path / "out.mutual"
    with pytest.raises(ImportRejected) as caught:
        interchange.import_file(source, dest, template_lookup)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]  # nothing left behind
    return str(caught.value)


@pytest.mark.parametrize("mutate, expected_path", [
    (lambda d: d["barriers"][0].update(likelihood=9), "$.barriers[0].likelihood"),
    (lambda d: d["barriers"][0].update(likelihood="high"), "$.barriers[0].likelihood"),
    (lambda d: d["step_states"][0].update(status="finished"), "$.step_states[0].status"),
    (lambda d: d["contacts"][1].pop("email"), "$.contacts[1].email"),
    (lambda d: d["project"].update(go_live_date="31/12/2027"), "$.project.go_live_date"),
    (lambda d: d["project"].update(go_live_date="2027-02-30"), "$.project.go_live_date"),
    (lambda d: d["interactions"][0].update(contact_id="nobody"), "$.interactions[0].contact_id"),
    (lambda d: d["contacts"][0].update(surprise="x"), "$.contacts[0].surprise"),
    (lambda d: d["barriers"].append(copy.deepcopy(d["barriers"][0])), "$.barriers[8].id"),
    (lambda d: d["comments"].append({"id": "c"}), "$.comments[1].target"),
    (lambda d: d["project"].update(name="x\ud800y"), "$.project.name"),
])
def test_bad_field_is_named_and_nothing_written(tmp_path, demo_export, mutate, expected_path):
    document = json.loads(demo_export)
    mutate(document)
    message = _import_rejected(tmp_path, document)
    assert expected_path in message


@pytest.mark.parametrize("text, expected", [
    ("not json at all", "not valid JSON"),
    ("[1, 2, 3]", "not a Mutual Checklist project export"),
    ('{"format": "something-else"}', "not a Mutual Checklist project export"),
    ('{"format": "mutual-checklist-project", "format_version": 7}', "newer version"),
    ("[" * 5000 + "]" * 5000, "nested too deeply"),
    ("[" * 200 + "]" * 200, "nested too deeply"),  # parsed fine, still refused
    ('{"format": "mutual-checklist-project", "format": "x"}', "appears twice"),
    ('{"format": "mutual-checklist-project", "format_version": NaN}', "not valid JSON"),
])
def test_wrong_shapes_are_rejected(tmp_path, text, expected):
    assert expected in _import_rejected(tmp_path, text)


def test_oversized_file_is_rejected_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(interchange, "MAX_IMPORT_BYTES", 100)
    assert "too large" in _import_rejected(tmp_path, "{" + " " * 200 + "}")


def test_killed_import_leaves_no_output(tmp_path, demo_export, monkeypatch):
    source = tmp_path / "in.json"
    source.write_text(demo_export, encoding="utf-8")
    from mutual_checklist.storage.repository import ProjectRepository

    def crash(self, *args, **kwargs):
        raise KeyboardInterrupt  # stands in for the process being stopped mid-write

    monkeypatch.setattr(ProjectRepository, "write_all", crash)
    with pytest.raises(KeyboardInterrupt):
        interchange.import_file(source, tmp_path / "out.mutual", template_lookup)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


def test_files_from_before_step_contacts_still_import(tmp_path, demo_export):
    document = json.loads(demo_export)
    for state in document["step_states"]:
        del state["contact_id"]  # written by the first release, which had no such field
    source = tmp_path / "older.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    with interchange.import_file(source, tmp_path / "older.mutual", template_lookup) as repo:
        assert all(s.contact_id is None for s in repo.step_states().values())


def test_profile_travels_in_the_export_and_older_files_import_without_it(tmp_path, demo_export):
    document = json.loads(demo_export)
    project = document["project"]
    assert (project["profile_nation"], project["profile_parent"],
            project["profile_regulated_care"], project["profile_runs_vehicles"]) == (
        "england", "council", False, True)
    for key in ("profile_nation", "profile_parent", "profile_regulated_care",
                "profile_runs_vehicles"):
        del project[key]  # written before the profile existed
    source = tmp_path / "older.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    with interchange.import_file(source, tmp_path / "older.mutual", template_lookup) as repo:
        imported = repo.project()
    assert (imported.profile_nation, imported.profile_parent, imported.profile_regulated_care,
            imported.profile_runs_vehicles) == ("", "", None, None)
    project["profile_nation"] = "atlantis"
    source.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ImportRejected, match="profile_nation"):
        interchange.import_file(source, tmp_path / "bad.mutual", template_lookup)
