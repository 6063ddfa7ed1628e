"""Issue 10's promises, on the bundled checklist through the command line: a new project is fitted
to the time it has, and a go-live that cannot be met is said plainly."""
from __future__ import annotations

import datetime as dt
import json
import math

from mutual_checklist import cli, resources
from mutual_checklist.domain import schedule
from mutual_checklist.domain.models import Rating

TODAY = dt.date.today()


def _new(tmp_path, weeks: int, *extra: str):
    path = tmp_path / f"riverside-{weeks}.mutual"
    go_live = TODAY + dt.timedelta(weeks=weeks)
    assert cli.run(["new", str(path), "--name", "Riverside Libraries",
                    "--go-live", go_live.isoformat(), *extra]) == 0
    return path, go_live


def _json(capsys, *argv: str) -> dict:
    capsys.readouterr()
    assert cli.run([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_created_today_with_39_weeks_fits_and_nothing_is_late(tmp_path, capsys):
    path, go_live = _new(tmp_path, 39)
    plan = _json(capsys, "plan", str(path))
    assert plan["start"] == TODAY.isoformat() and plan["go_live"] == go_live.isoformat()
    assert plan["feasible"] is True and plan["shortest_weeks"] <= plan["weeks_available"] == 39
    template = resources.find_bundled_template("mutual-2011")
    tasks = {t.id: t for t in schedule.plan_tasks(template)}
    for step_id, step in plan["steps"].items():
        start, due = dt.date.fromisoformat(step["start"]), dt.date.fromisoformat(step["due"])
        assert TODAY <= start <= due
        if tasks[step_id].after_go_live_weeks is None:
            assert due <= go_live, step_id
        for dep in tasks[step_id].depends_on:
            assert due >= dt.date.fromisoformat(plan["steps"][dep]["due"]), (step_id, dep)
    assert all(plan["steps"][s]["critical"] for s in plan["critical_path"])
    status = _json(capsys, "status", str(path))
    assert status["overdue"] == []
    assert status["rating"]["suggested"] not in (Rating.RED.value, Rating.AMBER_RED.value)
    text = _report_text(tmp_path, path, capsys)
    assert "0 steps are overdue" in text and "Plan to go-live" in text


def _report_text(tmp_path, path, capsys) -> str:
    from pypdf import PdfReader

    out = tmp_path / f"{path.stem}.pdf"
    assert cli.run(["report", str(path), "-o", str(out)]) == 0
    capsys.readouterr()
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)


def test_eight_weeks_is_not_feasible_and_says_why(tmp_path, capsys):
    path, _ = _new(tmp_path, 8)
    plan = _json(capsys, "plan", str(path))
    assert plan["feasible"] is False and plan["weeks_available"] == 8
    assert plan["shortest_weeks"] > 8 and plan["critical_path"]
    assert plan["verdict"].startswith("Go-live on ")
    assert f"needs at least {math.ceil(plan['shortest_weeks'])} weeks; you have 8." \
        in plan["verdict"]
    assert plan["critical_path"][0] in plan["verdict"]
    assert cli.run(["plan", str(path)]) == 0
    assert "needs at least" in capsys.readouterr().out
    assert "needs at least" in _report_text(tmp_path, path, capsys)


def test_new_with_a_chosen_start(tmp_path, capsys):
    start = TODAY + dt.timedelta(weeks=4)
    path, _ = _new(tmp_path, 60, "--start", start.isoformat())
    plan = _json(capsys, "plan", str(path))
    assert plan["start"] == start.isoformat()
    assert min(s["start"] for s in plan["steps"].values()) == start.isoformat()
    assert cli.run(["new", str(tmp_path / "x.mutual"), "--name", "X", "--go-live",
                    TODAY.isoformat(), "--start", start.isoformat()]) == 1
    assert "start date must come before" in capsys.readouterr().err
    assert not (tmp_path / "x.mutual").exists()
