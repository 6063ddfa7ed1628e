"""Runtime validation is jsonschema against the published schema: no disagreement with the
reference validator over a corpus of altered documents, and no altered document crashes import."""
from __future__ import annotations

import copy
import json
import random

import jsonschema
import pytest

from mutual_checklist import cli, resources
from mutual_checklist.demo import build_demo
from mutual_checklist.export import interchange, schema_check
from mutual_checklist.export.untrusted_json import ImportRejected


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    folder = tmp_path_factory.mktemp("json")
    template = resources.find_bundled_template("mutual-2011")
    with build_demo(folder / "d.mutual", template, resources.template_text("mutual-2011")) as repo:
        return json.loads(interchange.export_text(repo))


TARGETED = [
    lambda d: d["barriers"][0].update(likelihood=2**63),
    lambda d: d["barriers"][0].update(likelihood=3.0),
    lambda d: d["barriers"][0].update(likelihood=True),
    lambda d: d["contacts"][0].update(contact_every_days=10**19),
    lambda d: d["contacts"][0].update(next_contact_date="2026-02-31"),
    lambda d: d["contacts"][0].update(next_contact_date="2026-01-01\n"),
    lambda d: d["contacts"][0].update(next_contact_date="٢٠٢٦-٠١-٠١"),
    lambda d: d["barriers"][0].update(linked_steps=["S1-01", "S1-01"]),
    lambda d: d.update(format_version=True),
    lambda d: d["project"].update(name="a\x00b"),
    lambda d: d["project"].pop("name"),
    lambda d: d.update(surprise=1),
    lambda d: d["comments"].append({"oops": 1}),
    lambda d: d.update(app_version=7),
]
VALUES = [None, True, 0, -1, 2**63, 1.5, 3.0, "", "x" * 3, "2026-13-01", [], {}, "\ud800"]


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, path + (index,))
    yield path


def _set(document, path, value):
    if not path:
        return value
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return document


def corpus(document, count=30):
    rng = random.Random(13)
    paths = list(_leaves(document))
    for mutate in TARGETED:
        altered = copy.deepcopy(document)
        mutate(altered)
        yield altered
    for _ in range(count):
        yield _set(copy.deepcopy(document), rng.choice(paths), rng.choice(VALUES))


def test_no_disagreement_with_jsonschema(document):
    schema = interchange.schema()
    reference = jsonschema.Draft202012Validator(schema,
                                                format_checker=jsonschema.FormatChecker())
    disagreements = []
    for n, altered in enumerate(corpus(document)):
        try:
            schema_check.check(altered, schema)
            ours = True
        except schema_check.SchemaViolation as error:
            ours = False
            assert error.path.startswith("$") and error.message
            if "cannot be stored" in error.message:
                continue  # beyond the schema: the project file cannot hold NUL or surrogates
        theirs = reference.is_valid(altered)
        if ours != theirs:
            disagreements.append(n)
    assert disagreements == []


@pytest.mark.parametrize("index", range(len(TARGETED)))
def test_targeted_documents_are_refused_plainly_never_crash(document, tmp_path, capsys, index):
    altered = copy.deepcopy(document)
    TARGETED[index](altered)
    source = tmp_path / "altered.json"
    source.write_text(json.dumps(altered, ensure_ascii=False), encoding="utf-8",
                      errors="surrogatepass")
    code = cli.run(["import", str(source), str(tmp_path / "out.mutual")])
    err = capsys.readouterr().err
    assert "unexpected error" not in err
    if index == 1:  # 3.0 is an integer in draft 2020-12 and imports as 3
        assert code == 0
        return
    assert code == 1 and "$." in err and len(err.strip().splitlines()) == 1


def test_export_says_which_version_wrote_it_and_the_id_is_versioned(document):
    from mutual_checklist import __version__

    assert document["app_version"] == __version__
    assert "/1/" in interchange.schema()["$id"]
    jsonschema.Draft202012Validator.check_schema(interchange.schema())
