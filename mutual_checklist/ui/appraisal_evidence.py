"""The appraisal and the funding choice as evidence for the Stage 1 steps that ask for them:
marking one of those steps done offers to attach a plain-text summary of both."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from mutual_checklist import resources
from mutual_checklist.domain.appraisal import Appraisal
from mutual_checklist.ui import dialogs
from mutual_checklist.ui.session import ProjectSession

NAME_PREFIX = "Options appraisal and funding model"


def evidence_steps() -> set[str]:
    steps = resources.appraisal_reference().get("evidence_steps", {})
    return set(steps.get("appraisal", ())) | set(steps.get("funding", ()))


def summary_text(appraisal: Appraisal) -> str:
    """The appraisal's result, sensitivity and funding model, then every score's evidence."""
    from mutual_checklist.cli_appraisal import appraisal_report, appraisal_text

    lines = [NAME_PREFIX, "", appraisal_text(appraisal_report(appraisal)), "",
             "Evidence behind each score:"]
    for option in appraisal.options:
        lines.append(f"  {option.name}" + (f" ({option.legal_form.label})"
                                           if option.legal_form else ""))
        for criterion in appraisal.criteria:
            cell = appraisal.cell(option.id, criterion.id)
            score = cell.score if cell.score is not None else "not scored"
            note = f" — {cell.evidence}" if cell.evidence.strip() else ""
            lines.append(f"    {criterion.name}: {score}{note}")
    return "\n".join(lines) + "\n"


def offer(parent: QWidget, session: ProjectSession, step_id: str,
          today: dt.date | None = None) -> bool:
    """After `step_id` is marked done: if it asks for the appraisal or the funding choice and
    there is one, offer to attach the summary (once). Returns whether it was attached."""
    if step_id not in evidence_steps() or session.read_only:
        return False
    appraisal = session.repo.appraisal()
    if appraisal is None:
        return False
    if any(e.name.startswith(NAME_PREFIX) for e in session.repo.evidence(step_id)):
        return False
    title = session.step_title(step_id)
    if not dialogs.confirm(parent, "Attach the appraisal?",
                           f"“{title}” asks for the options appraisal or the funding-model "
                           "choice. Attach a summary of both, as they stand now, to this step "
                           "as evidence?"):
        return False
    day = (today or dt.date.today()).strftime("%d %b %Y")
    session.add_evidence(step_id, f"{NAME_PREFIX} ({day}).txt",
                         summary_text(appraisal).encode("utf-8"))
    return True
