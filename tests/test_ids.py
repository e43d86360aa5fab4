"""`threadline ids`: the ids already declared, to reuse in another document (issue 12)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from extract.cli import main

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "data" / "mini"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_lists_every_id_with_its_sources(capsys) -> None:
    code, out, _ = run(capsys, "--data", str(MINI), "ids", "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "id,kind,type,label,aliases,sources"
    assert "mahmoud-khalil,entity,person,Mahmoud Khalil,Khalil,mini" in lines
    assert "khalil-arrest,event,arrest,Arrest of Mahmoud Khalil,,mini" in lines
    assert len(lines) == 1 + 9 + 2  # entities and events of the mini corpus


def test_finds_an_id_by_alias_label_or_id_best_first(capsys) -> None:
    code, out, _ = run(capsys, "ids", "khalil", "--limit", "3", "--format", "json")
    assert code == 0
    hits = json.loads(out)
    assert [h["id"] for h in hits][0] == "mahmoud-khalil"  # its alias, exactly
    assert hits[0]["matched"] == "Khalil" and hits[0]["kind"] == "entity"
    assert hits[0]["declared"][0].startswith("data/curation/lurching-toward-authoritarian-rule")
    code, out, _ = run(capsys, "ids", "OZTURK", "--kind", "entity", "--format", "csv")
    assert out.splitlines()[1].startswith("rumeysa-ozturk,entity,person,Rümeysa Öztürk,")
    code, out, _ = run(capsys, "ids", "state department", "--limit", "1", "--format", "csv")
    assert out.splitlines()[1].startswith("us-department-of-state,")


def test_nothing_like_it_says_the_id_is_new(capsys) -> None:
    code, _, err = run(capsys, "--data", str(MINI), "ids", "Ada Lovelace")
    assert code == 1
    assert "no id is like 'Ada Lovelace' — it is new: declare it under entities: or events:" in err


def test_reads_files_that_do_not_validate_and_says_so(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    curation = data / "curation" / "mini.yaml"
    curation.write_text(curation.read_text().replace("type: person", "type: persn", 1))
    other = data / "curation" / "broken.yaml"
    other.write_text("source: mini\nentities: [\n")
    code, out, err = run(capsys, "--data", str(data), "ids", "--format", "csv")
    assert code == 0
    assert "mahmoud-khalil,entity,persn,Mahmoud Khalil,Khalil,mini" in out.splitlines()
    assert "problem(s) in the curation files" in err and "run `threadline validate`" in err


def test_the_json_schema_offers_the_declared_ids(capsys) -> None:
    import jsonschema
    import yaml

    code, out, _ = run(capsys, "--data", str(MINI), "schema")
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    entity = schema["$defs"]["Participant"]["properties"]["entity"]
    offered = entity["anyOf"][0]["enum"]
    assert "mahmoud-khalil" in offered and "khalil-arrest" not in offered
    subject = schema["$defs"]["RelationItem"]["properties"]["subject"]["anyOf"][0]["enum"]
    assert "khalil-arrest" in subject  # relations may link events
    event_ids = schema["$defs"]["EventItem"]["properties"]["id"]["anyOf"][0]["enum"]
    assert event_ids == ["khalil-arrest", "ozturk-detention"]
    validator = jsonschema.Draft202012Validator(schema)
    curation = yaml.safe_load((MINI / "curation" / "mini.yaml").read_text())
    validator.validate(curation)
    curation["entities"].append(
        {"id": "a-new-person", "type": "person", "label": "A", "evidence": "A"}
    )
    validator.validate(curation)  # a new id is still allowed
    curation["entities"][-1]["id"] = "Not A Slug"
    assert not validator.is_valid(curation)
