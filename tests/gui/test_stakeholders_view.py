"""The Stakeholders view end to end: table, filter, editor, interactions, grid, import/export,
anonymise and erase, each checked in the real project file."""
from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mutual_checklist.demo import DEMO_TEMPLATE_ID
from mutual_checklist.domain.models import Contact, Interaction, Stance
from mutual_checklist.domain.readiness import contacts_due
from mutual_checklist.storage.repository import ProjectRepository
from mutual_checklist.ui import dialogs_contact
from mutual_checklist.ui.application import build_main_window, fresh_demo
from mutual_checklist.ui.models.contacts_model import Columns

HOSTILE_NAME = "=HYPERLINK(\"http://x\",\"<b>click</b>\") \u202eevil & co"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """Build the demo once per module; each test gets its own copy (the file is closed)."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MUTUAL_CHECKLIST_DATA_DIR", str(folder))
        return Path(shutil.copy(fresh_demo(), folder / "master.mutual"))


@pytest.fixture
def window(qtbot, demo_file, tmp_path):
    path = Path(shutil.copy(demo_file, tmp_path / "Demo project.mutual"))
    win = build_main_window(path)
    qtbot.addWidget(win)
    win.show_view("stakeholders")
    yield win
    win.session.close()


@pytest.fixture
def view(window):
    return window.views["stakeholders"]


def stored(win) -> tuple[list[Contact], list[Interaction]]:
    with ProjectRepository.open(win.session.repo.path, read_only=True) as repo:
        return repo.contacts(), repo.interactions()


def by_name(contacts, name) -> Contact:
    return next(c for c in contacts if c.name == name)


def cell(view, contact_id, column) -> str:
    row = view._proxy_row(contact_id)
    return view.proxy.index(row, column).data()


def test_both_models_pass_the_model_tester(view, qtmodeltester):
    qtmodeltester.check(view.contacts_model)
    qtmodeltester.check(view.proxy)
    view.show_item(by_name(view.contacts_model.contacts(), "David Okafor").id)
    assert view.interactions_model.rowCount() > 0
    qtmodeltester.check(view.interactions_model)


def test_table_shows_contacts_with_type_titles_and_due_dates(view):
    contacts = view.contacts_model.contacts()
    assert view.proxy.rowCount() == len(contacts) == 8
    okafor = by_name(contacts, "David Okafor")
    assert cell(view, okafor.id, Columns.TYPE).startswith("Parent body senior officers")
    assert cell(view, okafor.id, Columns.STANCE) == "Sceptical"
    due_ids = {d.contact.id for d in contacts_due(contacts, view.session.repo.interactions(),
                                                  dt.date.today())}
    assert due_ids, "the demo has contacts due"
    for c in contacts:
        text = cell(view, c.id, Columns.NEXT_CONTACT)
        assert ("(due)" in text) == (c.id in due_ids)
        assert text == "" or dt.datetime.strptime(text[:10], "%d/%m/%Y")


def test_filter_as_you_type_and_due_toggle(view, qtbot):
    qtbot.keyClicks(view.filter_edit, "okaf")
    assert view.proxy.rowCount() == 1
    assert view.proxy.index(0, Columns.NAME).data() == "David Okafor"
    view.filter_edit.clear()
    qtbot.keyClicks(view.filter_edit, "EXAMPLE LAW")  # organisation, any case
    assert [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())] == [
        "Mark Benson"]
    view.filter_edit.setText("trade unions")  # the stakeholder type's title
    assert view.proxy.rowCount() == 1
    view.filter_edit.setText("graham.pike@")  # email, though it is not a column
    assert view.proxy.rowCount() == 1
    assert view.count_label.text() == "1 of 8 shown"
    view.filter_edit.clear()
    view.due_toggle.setChecked(True)
    due = contacts_due(view.contacts_model.contacts(), view.session.repo.interactions(),
                       dt.date.today())
    assert view.proxy.rowCount() == len(due) < 8
    assert all("(due)" in view.proxy.index(r, Columns.NEXT_CONTACT).data()
               for r in range(view.proxy.rowCount()))


def test_add_and_edit_contact_with_undo_and_redo_in_the_file(window, view, monkeypatch):
    new = Contact(id="c-new", name="Priti Shah", organisation="County ICB", role="Deputy CFO",
                  stakeholder_type="commissioner", email="priti@example.org",
                  stance=Stance.NEUTRAL, lawful_basis="Legitimate interests",
                  data_source="Met at provider forum", contact_every_days=30,
                  retention_review_date=dt.date(2027, 1, 31))
    monkeypatch.setattr(dialogs_contact.ContactDialog, "ask", lambda *a, **k: new)
    view.add_button.click()
    saved = by_name(stored(window)[0], "Priti Shah")
    assert (saved.lawful_basis, saved.retention_review_date) == ("Legitimate interests",
                                                                 dt.date(2027, 1, 31))
    assert view.current_contact_id() == "c-new"
    assert cell(view, "c-new", Columns.TYPE) == "Commissioner"
    assert "Add contact ‘Priti Shah’" in window.undo_action.text()
    window.undo_action.trigger()
    assert all(c.name != "Priti Shah" for c in stored(window)[0])
    assert view.contacts_model.row_of("c-new") == -1
    window.redo_action.trigger()
    assert by_name(stored(window)[0], "Priti Shah").email == "priti@example.org"

    view.show_item("c-new")
    edited = replace(new, name=HOSTILE_NAME, influence=5)
    monkeypatch.setattr(dialogs_contact.ContactDialog, "ask", lambda *a, **k: edited)
    view.edit_button.click()
    assert by_name(stored(window)[0], HOSTILE_NAME).influence == 5
    assert cell(view, "c-new", Columns.NAME) == HOSTILE_NAME  # shown literally
    assert view.contact_title.textFormat() == Qt.TextFormat.PlainText
    window.undo_action.trigger()
    assert by_name(stored(window)[0], "Priti Shah").influence == 3


def test_logging_an_interaction_resets_next_contact_and_undoes(window, view, monkeypatch):
    okafor = by_name(view.contacts_model.contacts(), "David Okafor")
    view.show_item(okafor.id)
    before = okafor.next_contact_date
    rows_before = view.interactions_model.rowCount()
    today = dt.date.today()
    entry = Interaction(id="i-new", contact_id=okafor.id, occurred_on=today, kind="call",
                        summary="Agreed <b>bond</b> options & next steps")
    monkeypatch.setattr(dialogs_contact.InteractionDialog, "ask", lambda *a, **k: entry)
    view.log_button.click()
    contacts, interactions = stored(window)
    expected = today + dt.timedelta(days=okafor.contact_every_days)
    assert by_name(contacts, "David Okafor").next_contact_date == expected
    assert any(i.id == "i-new" for i in interactions)
    assert view.interactions_model.rowCount() == rows_before + 1
    assert view.interactions_model.index(0, 2).data() == entry.summary
    assert cell(view, okafor.id, Columns.LAST_CONTACT) == today.strftime("%d/%m/%Y")
    assert cell(view, okafor.id, Columns.NEXT_CONTACT) == expected.strftime("%d/%m/%Y")
    assert "Log call with ‘David Okafor’" in window.undo_action.text()
    window.undo_action.trigger()
    contacts, interactions = stored(window)
    assert by_name(contacts, "David Okafor").next_contact_date == before
    assert all(i.id != "i-new" for i in interactions)
    window.redo_action.trigger()

    # edit then remove the entry through the selected row
    view.interactions.selectRow(0)
    assert view.edit_entry_button.isEnabled()
    changed = replace(entry, follow_up_date=today + dt.timedelta(days=3),
                      follow_up_action="Send figures")
    monkeypatch.setattr(dialogs_contact.InteractionDialog, "ask", lambda *a, **k: changed)
    view.edit_entry_button.click()
    assert by_name(stored(window)[0], "David Okafor").next_contact_date == changed.follow_up_date
    view.interactions.selectRow(0)
    view.remove_entry_button.click()
    assert all(i.id != "i-new" for i in stored(window)[1])


def test_grid_drag_and_arrow_keys_move_contact_undoably(window, view, qtbot):
    pike = by_name(view.contacts_model.contacts(), "Graham Pike")
    assert (pike.influence, pike.interest) == (4, 2)
    assert view.grid.move_contact(pike.id, 5, 5)
    stored_pike = by_name(stored(window)[0], "Graham Pike")
    assert (stored_pike.influence, stored_pike.interest) == (5, 5)
    assert cell(view, pike.id, Columns.INFLUENCE) == "5"
    window.undo_action.trigger()
    assert by_name(stored(window)[0], "Graham Pike").interest == 2

    # a real mouse drag from the chip to the bottom-left square
    view.tabs.setCurrentIndex(1)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    start = view.grid.chip_rect(pike.id).center().toPoint()
    target = view.grid.cell_rect(1, 1).center().toPoint()
    qtbot.mousePress(view.grid, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.grid, target)
    qtbot.mouseRelease(view.grid, Qt.MouseButton.LeftButton, pos=target)
    assert view.current_contact_id() == pike.id
    moved = by_name(stored(window)[0], "Graham Pike")
    assert (moved.influence, moved.interest) == (1, 1)

    view.grid.setFocus()
    qtbot.keyClick(view.grid, Qt.Key.Key_Up)
    qtbot.keyClick(view.grid, Qt.Key.Key_Right)
    moved = by_name(stored(window)[0], "Graham Pike")
    assert (moved.influence, moved.interest) == (2, 2)
    assert "Monitor" in view.grid.accessibleDescription()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_vcard_import_previews_duplicates_and_undoes_as_one(window, view, monkeypatch, tmp_path):
    card = ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Nadia Hussain\r\nORG:NHS Trust;Finance\r\n"
            "EMAIL;TYPE=work:nadia@example.org\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:H. Marsh\r\nEMAIL:HELEN.MARSH@example.org\r\n"
            "END:VCARD\r\n")
    path = write(tmp_path, "people.vcf", card.encode())
    monkeypatch.setattr(dialogs_contact, "ask_import_path", lambda parent: path)
    seen = {}

    def preview(parent, contacts, duplicates, details=None):
        seen["names"] = [c.name for c in contacts]
        seen["duplicates"] = duplicates
        return [0]  # the dialog's default: the likely duplicate stays unticked

    monkeypatch.setattr(dialogs_contact.ImportPreviewDialog, "ask", preview)
    view.import_button.click()
    assert seen["names"] == ["Nadia Hussain", "H. Marsh"]
    assert [d.index for d in seen["duplicates"]] == [1]
    assert "Same email" in seen["duplicates"][0].reason
    names = [c.name for c in stored(window)[0]]
    assert "Nadia Hussain" in names and "H. Marsh" not in names
    nadia = by_name(stored(window)[0], "Nadia Hussain")
    assert nadia.organisation == "NHS Trust" and nadia.data_source.startswith("Imported from")
    assert "Imported 1 contact" in view.last_status
    window.undo_action.trigger()
    assert "Nadia Hussain" not in [c.name for c in stored(window)[0]]


def test_csv_import_with_bom_marks_name_and_organisation_duplicate(window, view, monkeypatch,
                                                                   tmp_path):
    text = ("Full name,Company,Job title,Type,Email,Influence,Stance\r\n"
            "Tom Reilly,Northbrook Borough Council,Branch secretary,Trade unions,,3,neutral\r\n"
            "Jo Green,Unison,Regional organiser,unions,jo@example.org,4,supportive\r\n"
            "Ann Lee,Carers Hub,Chair,,ann@example.org,2,\r\n")
    path = write(tmp_path, "people.csv", b"\xef\xbb\xbf" + text.encode())
    monkeypatch.setattr(dialogs_contact, "ask_import_path", lambda parent: path)
    seen = {}

    def preview(parent, contacts, duplicates, details=None):
        seen["duplicates"] = duplicates
        return [1, 2]

    monkeypatch.setattr(dialogs_contact.ImportPreviewDialog, "ask", preview)
    view.import_button.click()
    assert [(d.index, d.reason.split(" as")[0]) for d in seen["duplicates"]] == [
        (0, "Same name and organisation")]
    contacts = stored(window)[0]
    jo = by_name(contacts, "Jo Green")
    assert (jo.stakeholder_type, jo.influence, jo.stance) == ("unions", 4, Stance.SUPPORTIVE)
    assert len(contacts) == 10
    assert window.undo_action.text().endswith("Import 2 contacts")
    window.undo_action.trigger()
    assert len(stored(window)[0]) == 8


def test_hostile_files_are_rejected_or_shown_literally(window, view, monkeypatch, tmp_path):
    warnings = []
    monkeypatch.setattr(dialogs_contact, "warn", lambda parent, text: warnings.append(text))
    previews = []
    monkeypatch.setattr(dialogs_contact.ImportPreviewDialog, "ask",
                        lambda parent, contacts, dups, details=None:
                        previews.append(contacts) or [0])
    literal = ("Name,Organisation,Notes\r\n"
               f"\"{HOSTILE_NAME.replace(chr(34), chr(34) * 2)}\",=1+2,@SUM(A1)\r\n")
    files = {
        "formula.csv": literal.encode(),
        "long.csv": ("Name,Notes\r\nBig," + "x" * 100_000 + "\r\n").encode(),
        "nul.csv": b"Name,Email\r\nNul\x00Person,a@b.c\r\n",
        "latin1.csv": "Name\r\nJos\xe9\r\n".encode("latin-1"),
        "cut.vcf": b"BEGIN:VCARD\r\nFN:No end\r\n",
    }
    for name, data in files.items():
        path = write(tmp_path, name, data)
        monkeypatch.setattr(dialogs_contact, "ask_import_path", lambda parent, p=path: p)
        view.import_button.click()
    assert len(previews) == 2, "the formula file (as literal text) and the Windows-1252 file"
    assert previews[1][0].name == "José"
    assert len(warnings) == 3
    assert "100,000 characters" in warnings[0] and "limit" in warnings[0]
    assert "NUL" in warnings[1]
    assert "END:VCARD" in warnings[2]
    hostile = by_name(stored(window)[0], HOSTILE_NAME)
    assert hostile.organisation == "=1+2" and hostile.notes == "@SUM(A1)"
    assert cell(view, hostile.id, Columns.NAME) == HOSTILE_NAME
    assert len(stored(window)[0]) == 10


def test_export_csv_neutralises_formulas_and_vcard_round_trips(window, view, monkeypatch,
                                                               tmp_path):
    monkeypatch.setattr(dialogs_contact.ContactDialog, "ask", lambda *a, **k: Contact(
        id="c-h", name=HOSTILE_NAME, organisation="-2+3", email="h@example.org"))
    view.add_button.click()
    out = tmp_path / "out.csv"
    monkeypatch.setattr(dialogs_contact, "ask_export_path", lambda parent, kind: out)
    view._export("csv")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",'-2+3," in text and "helen.marsh@example.org" in text
    vcf = tmp_path / "out.vcf"
    monkeypatch.setattr(dialogs_contact, "ask_export_path", lambda parent, kind: vcf)
    view._export("vcf")
    assert vcf.read_text(encoding="utf-8").count("BEGIN:VCARD") == 9


def test_anonymise_keeps_role_and_meetings(window, view, monkeypatch):
    okafor = by_name(view.contacts_model.contacts(), "David Okafor")
    meetings = len(view.session.repo.interactions(okafor.id))
    view.show_item(okafor.id)
    monkeypatch.setattr(dialogs_contact, "confirm_anonymise", lambda parent, name: False)
    view.anonymise_action.trigger()
    assert by_name(stored(window)[0], "David Okafor")
    monkeypatch.setattr(dialogs_contact, "confirm_anonymise", lambda parent, name: True)
    view.anonymise_action.trigger()
    after = next(c for c in stored(window)[0] if c.id == okafor.id)
    assert after.anonymised and after.role == okafor.role and not after.email and not after.phone
    assert len(view.session.repo.interactions(okafor.id)) == meetings
    assert cell(view, okafor.id, Columns.ANONYMISED) == "Yes"
    assert window.session.undo_stack.count() == 0


def test_erase_leaves_no_trace_in_the_file(window, view, monkeypatch):
    marsh = by_name(view.contacts_model.contacts(), "Helen Marsh")
    view.show_item(marsh.id)
    # an edit and an interaction first, so history and the undo stack hold her details
    monkeypatch.setattr(dialogs_contact.ContactDialog, "ask",
                        lambda *a, **k: replace(marsh, phone="07700 900123", notes="Prefers calls"))
    view.edit_button.click()
    assert window.session.undo_stack.count() == 1
    asked = []
    monkeypatch.setattr(dialogs_contact, "confirm_erase",
                        lambda parent, name: asked.append(name) or True)
    view.erase_action.trigger()
    assert asked == ["Helen Marsh"]
    assert window.session.undo_stack.count() == 0
    assert "cannot" in view.last_status or "nothing can" in view.last_status
    assert view.contacts_model.row_of(marsh.id) == -1
    assert view.current_contact_id() is None
    path = window.session.repo.path
    window.session.close()
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    for secret in ("Helen Marsh", "helen.marsh@example.org", marsh.phone, "07700 900123",
                   "Prefers calls"):
        assert secret.encode() not in raw, secret
    with ProjectRepository.open(path, read_only=True) as repo:
        assert repo.contact(marsh.id) is None and not repo.interactions(marsh.id)


def test_read_only_project_disables_editing(qtbot, demo_file):
    path = demo_file
    from mutual_checklist.cli import project_template
    from mutual_checklist.ui.main_window import MainWindow
    from mutual_checklist.ui.session import ProjectSession

    repo = ProjectRepository.open(path, read_only=True)
    win = MainWindow(ProjectSession(repo, project_template(repo)))
    qtbot.addWidget(win)
    view = win.views["stakeholders"]
    view.show_item(view.contacts_model.contacts()[0].id)
    for button in (view.add_button, view.edit_button, view.import_button, view.privacy_button,
                   view.log_button):
        assert not button.isEnabled(), button.text()
    assert view.export_button.isEnabled()
    contact = view.contacts_model.contacts()[0]
    assert not view.grid.move_contact(contact.id, 1, 1)
    win.session.close()


def test_filter_over_5000_contacts_finds_the_right_rows(qtbot, tmp_path, demo_file):
    """Correctness at scale; the speed (target 30 ms a keystroke) is measured by
    benchmarks/bench_app.py, not asserted here."""
    path = demo_file
    with ProjectRepository.open(path, read_only=True) as repo:
        data = repo.load_all()
    big = replace(data, contacts=tuple(
        Contact(id=f"c{n}", name=f"Person {n:04d}", organisation=f"Org {n % 97}",
                role=f"Role {n % 13}", stakeholder_type="staff", email=f"p{n}@example.org",
                created_at="2025-01-01T00:00:00Z", updated_at="2025-01-01T00:00:00Z")
        for n in range(5000)), interactions=(), history=(),
        barriers=tuple(replace(b, owner_contact_id=None) for b in data.barriers))
    big_path = tmp_path / "big.mutual"
    from mutual_checklist import resources

    ProjectRepository.create_with(
        big_path, lambda r: r.write_all(big, resources.template_text(DEMO_TEMPLATE_ID))).close()
    win = build_main_window(big_path)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.show_view("stakeholders")
    view = win.views["stakeholders"]
    assert view.proxy.rowCount() == 5000
    timings = []
    for text in ("p", "pe", "per", "pers", "person 1", "person 12", "person 123", "org 5",
                 "org 5", "role 1"):
        started = time.perf_counter()
        view.filter_edit.setText(text)
        view.table.viewport().repaint()
        timings.append((time.perf_counter() - started) * 1000)
    assert len(timings) == 10
    assert view.proxy.rowCount() == sum(1 for n in range(5000) if n % 13 in (1, 10, 11, 12))
    win.session.close()



def test_header_click_sorts_in_the_source_model(view):
    view.table.sortByColumn(Columns.INFLUENCE, Qt.SortOrder.DescendingOrder)
    influences = [int(view.proxy.index(r, Columns.INFLUENCE).data())
                  for r in range(view.proxy.rowCount())]
    assert influences == sorted(influences, reverse=True)
    view.table.sortByColumn(Columns.NAME, Qt.SortOrder.AscendingOrder)
    assert view.proxy.index(0, Columns.NAME).data() == "Aisha Khan"


def test_dialogs_build_values_without_being_shown(view):
    template = view.session.template
    dialog = dialogs_contact.ContactDialog(view, template, None)
    dialog.name.setText("  New Person ")
    dialog.type.setCurrentIndex(dialog.type.findData("unions"))
    dialog.lawful.setCurrentText("Consent")
    dialog.every.setValue(14)
    dialog.retention.set_value(dt.date(2027, 5, 1))
    value = dialog.value()
    assert (value.name, value.stakeholder_type, value.lawful_basis, value.contact_every_days,
            value.retention_review_date, value.next_contact_date) == (
        "New Person", "unions", "Consent", 14, dt.date(2027, 5, 1), None)
    entry = dialogs_contact.InteractionDialog(view, "c1", "<b>Name</b>", None)
    entry.kind.setCurrentIndex(entry.kind.findData("email"))
    entry.summary.setPlainText("Sent the paper")
    got = entry.value()
    assert (got.contact_id, got.kind, got.summary, got.occurred_on) == (
        "c1", "email", "Sent the paper", dt.date.today())
    people = [Contact(id="1", name="A"), Contact(id="2", name="B")]
    preview = dialogs_contact.ImportPreviewDialog(
        view, people, [dialogs_contact.Duplicate(1, "Same email as a contact …")])
    assert preview.chosen() == [0]
    assert preview.table.item(1, 1).text().startswith("Same email")


def test_outlook_import_preview_shows_the_mapping_and_what_is_left_out(window, view,
                                                                      monkeypatch, qtbot):
    path = Path(__file__).resolve().parents[1] / "fixtures" / "contacts" / "outlook-desktop.csv"
    monkeypatch.setattr(dialogs_contact, "ask_import_path", lambda parent: path)
    shown = {}

    def preview(parent, contacts, duplicates, details=None):
        dialog = dialogs_contact.ImportPreviewDialog(parent, contacts, duplicates, details)
        qtbot.addWidget(dialog)
        shown["mapping"] = [dialog.mapping.item(n).text() for n in range(dialog.mapping.count())]
        shown["left_out"] = [dialog.left_out.item(n).text()
                             for n in range(dialog.left_out.count())]
        return dialog.chosen()

    monkeypatch.setattr(dialogs_contact.ImportPreviewDialog, "ask", preview)
    view.import_button.click()
    assert "Job Title → Role" in shown["mapping"]
    assert "Mobile Phone → Phone (when the columns before are empty)" in shown["mapping"]
    assert "Title (honorific such as Dr or Ms) (filled on 2 rows)" in shown["left_out"]
    sian = by_name(stored(window)[0], "Siân Jones")
    assert (sian.role, sian.phone) == ("Head of Finance", "07700 900789")
