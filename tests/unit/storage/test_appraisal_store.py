"""The appraisal in the project file: what is saved comes back, with history, and rules hold."""
from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from mutual_checklist import resources
from mutual_checklist.domain import appraisal as ap
from mutual_checklist.domain.appraisal import Criterion, LegalForm, OptionKind, Score
from mutual_checklist.domain.rules import RuleViolation
from mutual_checklist.storage.migrations import MIGRATIONS
from mutual_checklist.storage.repository import ProjectRepository, new_id
from tests.unit.storage.test_repository import make_project


@pytest.fixture
def repo(tmp_path):
    with ProjectRepository.create(tmp_path / "p.mutual", make_project()) as r:
        yield r


def scored(repo: ProjectRepository) -> ap.Appraisal:
    appraisal = ap.default_appraisal(new_id)
    for n, option in enumerate(appraisal.options):
        for criterion in appraisal.criteria:
            appraisal = appraisal.with_cell(Score(option.id, criterion.id, 1 + (n + len(
                criterion.id)) % 5, f"Note for {option.name} on {criterion.name}"))
    return replace(appraisal, funding_answers={"outcomes": "partly", "market": "few"})


def test_no_appraisal_until_one_is_started(repo):
    assert repo.appraisal() is None
    assert repo.load_all().appraisal is None


def test_saved_appraisal_reads_back_exactly(repo):
    saved = repo.save_appraisal(scored(repo))
    assert saved.started_at and saved.updated_at
    assert repo.appraisal() == saved
    assert repo.load_all().appraisal == saved


def test_changes_are_recorded_in_history(repo):
    first = repo.save_appraisal(scored(repo))
    mutual = next(o for o in first.options if o.kind is OptionKind.MUTUAL)
    second = first.with_option(replace(mutual, legal_form=LegalForm.COMMUNITY_BENEFIT_SOCIETY))
    second = second.with_cell(Score(mutual.id, "risk", 2, "Pension bond not agreed"))
    second = second.with_criterion(replace(second.criterion("risk"), weight=30))
    second = replace(second, funding_answers={**second.funding_answers, "market": "none"})
    repo.save_appraisal(second)
    changes = {(h.entity, h.field, h.new) for h in repo.history() if h.entity.startswith(
        "appraisal")}
    assert ("appraisal", "started", "7 options, 7 criteria") in changes
    assert ("appraisal_option", "legal_form", "community_benefit_society") in changes
    assert ("appraisal_score", "evidence", "Pension bond not agreed") in changes
    assert ("appraisal_criterion", "weight", "30") in changes
    assert ("appraisal_funding", "answer", "none") in changes
    assert repo.appraisal().started_at == first.started_at


def test_removing_an_option_takes_its_scores_with_it(repo):
    saved = repo.save_appraisal(scored(repo))
    outsource = next(o for o in saved.options if o.kind is OptionKind.OUTSOURCE)
    repo.save_appraisal(saved.without_option(outsource.id))
    assert all(s.option_id != outsource.id for s in repo.appraisal().scores)
    assert ("appraisal_option", outsource.id, "removed") in {
        (h.entity, h.entity_id, h.field) for h in repo.history()}


def test_rules_are_enforced_before_anything_is_written(repo):
    saved = repo.save_appraisal(scored(repo))
    keep = next(o for o in saved.options if o.kind is OptionKind.KEEP_AS_IS)
    broken = replace(saved, options=tuple(o for o in saved.options if o.id != keep.id))
    with pytest.raises(RuleViolation, match="Keep as is"):
        repo.save_appraisal(broken)
    with pytest.raises(RuleViolation, match="between 0 and 100"):
        repo.save_appraisal(saved.with_criterion(Criterion("risk", "Risk", 150, position=3)))
    assert repo.appraisal() == saved


def test_start_again_removes_the_appraisal(repo):
    repo.save_appraisal(scored(repo))
    repo.remove_appraisal()
    assert repo.appraisal() is None


def test_hostile_text_is_kept_literally(repo):
    saved = repo.save_appraisal(scored(repo))
    option = saved.options[1]
    text = "<b>bold</b> & =HYPERLINK(\"x\") \u202etxet"
    repo.save_appraisal(saved.with_option(replace(option, name=text)))
    assert repo.appraisal().option(option.id).name == text


def test_m006_options_appraisal_upgrades_a_file_from_before_it(tmp_path, monkeypatch):
    path = tmp_path / "before-m006.mutual"
    everything = list(MIGRATIONS._migrations)
    monkeypatch.setattr(MIGRATIONS, "_migrations",
                        [m for m in everything if m.name != "m006_options_appraisal"])
    with ProjectRepository.create(path, make_project(name="Older")) as old:
        assert "appraisal" not in old._db.table_names()
    monkeypatch.setattr(MIGRATIONS, "_migrations", everything)
    backups = tmp_path / "backups"
    backups.mkdir()
    with ProjectRepository.open(path, backup_dir=backups) as repo:
        assert repo.backup_path is not None
        assert repo.project().name == "Older" and repo.appraisal() is None
        saved = repo.save_appraisal(scored(repo))
    with ProjectRepository.open(path) as repo:
        assert repo.appraisal() == saved
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_reference_data_lists_every_legal_form_with_sources():
    reference = resources.appraisal_reference()
    forms = {f["id"]: f for f in reference["legal_forms"]}
    assert set(forms) == {f.value for f in LegalForm}
    for form in forms.values():
        for key in ("name", "asset_lock", "members", "equity", "charitable", "regulator",
                    "time_to_register"):
            assert form[key].strip(), (form["id"], key)
        assert form["sources"] and set(form["sources"]) <= set(reference["sources"])
    for source in reference["sources"].values():
        assert source["url"].startswith(("https://", "http://")) and source["title"]
