"""The optional "appraisal" section of interchange JSON: exact round trip, bad input rejected."""
from __future__ import annotations

import json

import pytest

from mutual_checklist.cli import template_lookup
from mutual_checklist.export import interchange
from mutual_checklist.export.interchange import ImportRejected
from tests.unit.export.test_interchange import _import_rejected, demo_export  # noqa: F401


def test_demo_export_carries_the_appraisal_and_round_trips(tmp_path, demo_export):  # noqa: F811
    document = json.loads(demo_export)
    section = document["appraisal"]
    assert len(section["options"]) == 7 and len(section["scores"]) == 49
    assert section["funding_answers"]["outcomes"] == "partly"
    source = tmp_path / "in.json"
    source.write_text(demo_export, encoding="utf-8")
    with interchange.import_file(source, tmp_path / "copy.mutual", template_lookup) as repo:
        assert repo.appraisal().funding_answers == section["funding_answers"]
        assert interchange.export_text(repo) == demo_export


def test_project_file_to_json_and_back_keeps_the_appraisal_exactly(tmp_path):
    from dataclasses import replace

    from mutual_checklist.domain import appraisal as ap
    from mutual_checklist.domain.appraisal import Score
    from mutual_checklist.storage.repository import ProjectRepository, new_id
    from tests.unit.storage.test_repository import make_project

    with ProjectRepository.create(tmp_path / "a.mutual", make_project()) as repo:
        start = ap.default_appraisal(new_id)
        option, criterion = start.options[3], start.criteria[0]
        start = replace(start.with_cell(Score(option.id, criterion.id, 4, "<b>&</b> ✓")),
                        funding_answers={"market": "none"})
        saved = repo.save_appraisal(start)
        text = interchange.export_text(repo)
    (tmp_path / "a.json").write_text(text, encoding="utf-8")
    with interchange.import_file(tmp_path / "a.json", tmp_path / "b.mutual",
                                 template_lookup) as repo:
        assert repo.appraisal() == saved
        assert interchange.export_text(repo) == text


def test_a_file_without_the_section_imports_with_no_appraisal(tmp_path, demo_export):  # noqa: F811
    document = json.loads(demo_export)
    del document["appraisal"]
    source = tmp_path / "old.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    with interchange.import_file(source, tmp_path / "old.mutual", template_lookup) as repo:
        assert repo.appraisal() is None
        assert "appraisal" not in json.loads(interchange.export_text(repo))


@pytest.mark.parametrize("mutate, expected", [
    (lambda a: a["scores"][0].update(score=6), "$.appraisal.scores[0].score"),
    (lambda a: a["scores"][0].update(option_id="ghost"), "$.appraisal.scores[0].option_id"),
    (lambda a: a["criteria"][0].update(weight=-1), "$.appraisal.criteria[0].weight"),
    (lambda a: a["funding_answers"].update(market="lots"), "$.appraisal.funding_answers.market"),
    (lambda a: a["options"][1].update(id=a["options"][0]["id"]), "$.appraisal.options[1].id"),
    (lambda a: a["options"].pop(0), "Keep as is"),
    (lambda a: a["options"][0].update(kind="castle"), "$.appraisal.options[0].kind"),
])
def test_bad_appraisal_is_rejected_whole(tmp_path, demo_export, mutate, expected):  # noqa: F811
    document = json.loads(demo_export)
    if expected == "Keep as is":  # drop the option and its scores: only the rule is broken
        keep = document["appraisal"]["options"][0]["id"]
        document["appraisal"]["scores"] = [s for s in document["appraisal"]["scores"]
                                           if s["option_id"] != keep]
    mutate(document["appraisal"])
    message = _import_rejected(tmp_path, document)
    assert expected in message


def test_parse_rejects_an_appraisal_that_is_not_an_object(demo_export):  # noqa: F811
    document = json.loads(demo_export)
    document["appraisal"] = ["not", "an", "object"]
    with pytest.raises(ImportRejected, match=r"\$\.appraisal"):
        interchange.parse(json.dumps(document).encode())


def test_redaction_scrubs_contact_names_from_the_appraisal(tmp_path):
    import dataclasses

    from mutual_checklist import resources
    from mutual_checklist.demo import build_demo
    from mutual_checklist.domain.appraisal import Score
    from mutual_checklist.export import redaction

    template = resources.find_bundled_template("mutual-2011")
    with build_demo(tmp_path / "d.mutual", template,
                    resources.template_text("mutual-2011")) as repo:
        data = repo.load_all()
    person = next(c for c in data.contacts if not c.anonymised)
    option, criterion = data.appraisal.options[3], data.appraisal.criteria[0]
    noted = data.appraisal.with_cell(Score(option.id, criterion.id, 5,
                                           f"Agreed with {person.name} on 3 May"))
    redacted = redaction.redact(dataclasses.replace(data, appraisal=noted)).appraisal
    assert person.name not in redacted.cell(option.id, criterion.id).evidence
    assert redacted.cell(option.id, criterion.id).score == 5
    assert [o.id for o in redacted.options] == [o.id for o in noted.options]
