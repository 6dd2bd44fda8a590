"""Host commands of the survey designer, as a host scripts them: the bank, create, import, export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from flask import Flask
from flask.cli import ScriptInfo

from surveys.bank import KIT_SOURCE, load_bank
from tests.conftest import Actions
from workshop.console import cli

CSV_HEADER = ["id", "text", "type", "category", "options", "opt_outs", "note", "help_text"]


@pytest.fixture()
def app_settings() -> dict[str, object]:
    """A public address, so the terminal and the web print the same respondent link."""
    return {"PUBLIC_BASE_URL": "https://kit.example.org"}


def invoke(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def national_csv(path: Path, count: int = 20) -> Path:
    """A library's national questionnaire of ``count`` questions, in the documented CSV format."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        for n in range(1, count + 1):
            if n % 3 == 0:
                writer.writerow(
                    [
                        f"nat-{n}",
                        f"National question {n}: did it inform a decision?",
                        "yes_no_na",
                        "patient-care",
                        "",
                        "Not applicable",
                        "Keep the national wording.",
                        "",
                    ]
                )
            elif n % 3 == 1:
                writer.writerow(
                    [
                        f"nat-{n}",
                        f"National question {n}: which service did you use?",
                        "single",
                        "National impact",
                        "Search|Training|Other",
                        "",
                        "",
                        "Choose one.",
                    ]
                )
            else:
                writer.writerow(
                    [
                        f"nat-{n}",
                        f"National question {n}: what difference did it make?",
                        "free_text",
                        "National impact",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
    return path


def test_bank_json_lists_every_question_with_the_fields_scripts_rely_on(app: Flask) -> None:
    result = invoke(app, "surveys", "bank", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len(load_bank())
    for row in rows:
        assert {"id", "text", "type", "category", "options", "note", "source"} <= set(row)
        assert row["source"] == KIT_SOURCE
    filtered = json.loads(
        invoke(app, "surveys", "bank", "--json", "--category", "time-saved", "--type", "yes_no_na").stdout
    )
    assert filtered and all(r["category"] == "time-saved" and r["type"] == "yes_no_na" for r in filtered)
    table = invoke(app, "surveys", "bank")
    assert "care-decision" in table.stdout and "yes_no_na" in table.stdout


@pytest.mark.parametrize(
    "group",
    [
        ("surveys", "bank"),
        ("surveys", "create"),
        ("surveys", "import"),
        ("surveys", "export-bank"),
        ("export", "survey"),
        ("surveys", "export"),
    ],
)
def test_every_command_explains_itself(app: Flask, group: tuple[str, str]) -> None:
    result = invoke(app, *group, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_create_publishes_a_survey_from_bank_questions_and_prints_its_addresses(app: Flask, actions: Actions) -> None:
    actions.facilitator()
    result = invoke(
        app,
        "surveys",
        "create",
        "Search follow-up",
        "--facilitator",
        "Tracey@example.nhs.uk",
        "--questions",
        "care-decision,time-saved",
        "--publish",
    )
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    code = lines["id"]
    assert lines["public"].endswith(f"/s/{code}")
    page = actions.client.get(f"/s/{code}").get_data(as_text=True)
    assert "Did using the library service save you time?" in page


def test_create_names_the_unknown_question_ids(app: Flask, actions: Actions) -> None:
    actions.facilitator()
    result = invoke(
        app,
        "surveys",
        "create",
        "X",
        "--facilitator",
        "tracey@example.nhs.uk",
        "--questions",
        "care-decision,no-such-one,nor-this",
    )
    assert result.exit_code != 0
    assert "no-such-one" in result.output and "nor-this" in result.output
    assert "`flask --app wsgi surveys bank` lists the ids" in result.output  # how this command was run
    # Under the kit's own command the hint names it, as the person typed it.
    with app.app_context():
        ours = CliRunner().invoke(
            cli,
            ["surveys", "create", "X", "--facilitator", "tracey@example.nhs.uk", "--questions", "nor-this"],
            prog_name="impact-kit",
            obj=ScriptInfo(create_app=lambda: app),
        )
    assert ours.exit_code != 0 and "`impact-kit surveys bank` lists the ids" in ours.output, ours.output
    nobody = invoke(app, "surveys", "create", "X", "--facilitator", "nobody@example.org", "--questions", "time-saved")
    assert nobody.exit_code != 0 and "nobody@example.org" in nobody.output


def test_export_survey_writes_the_same_questionnaire_as_the_download(
    app: Flask, actions: Actions, tmp_path: Path
) -> None:
    actions.facilitator()
    created = invoke(
        app,
        "surveys",
        "create",
        "Search follow-up",
        "--facilitator",
        "tracey@example.nhs.uk",
        "--questions",
        "care-decision,time-saved",
        "--publish",
    )
    code = created.stdout.split("id: ", 1)[1].split()[0]
    target = tmp_path / "form.docx"
    assert invoke(app, "export", "survey", code, "-o", str(target)).exit_code == 0
    actions.sign_in()
    web = actions.client.get(f"/facilitate/surveys/{code}/form.docx")
    (tmp_path / "web.docx").write_bytes(web.data)

    def text(path: Path) -> list[str]:
        return [p.text for p in Document(str(path)).paragraphs]

    assert text(target) == text(tmp_path / "web.docx")
    assert len(Document(str(target)).inline_shapes) == 1  # the QR code of the published survey
    results = tmp_path / "results.docx"
    assert invoke(app, "export", "survey", code, "--results", "-o", str(results)).exit_code == 0
    assert "Search follow-up" in "\n".join(text(results))
    missing = invoke(app, "export", "survey", "NOPE22", "-o", str(target))
    assert missing.exit_code != 0 and "NOPE22" in missing.output


def test_an_imported_csv_of_twenty_questions_is_listed_with_its_source(app: Flask, tmp_path: Path) -> None:
    path = national_csv(tmp_path / "national-impact.csv")
    result = invoke(app, "surveys", "import", str(path), "--source", "National impact questionnaire")
    assert result.exit_code == 0, result.output
    rows = json.loads(invoke(app, "surveys", "bank", "--json").stdout)
    imported = [r for r in rows if r["source"] == "National impact questionnaire"]
    assert len(imported) == 20
    assert len(rows) == len(load_bank()) + 20
    assert imported[0]["text"] == "National question 1: which service did you use?"  # wording kept as given
    assert imported[2]["options"] == ["Yes", "No", "Not applicable"]
    only = json.loads(invoke(app, "surveys", "bank", "--json", "--source", "National impact questionnaire").stdout)
    assert [r["id"] for r in only] == [r["id"] for r in imported]
    again = invoke(app, "surveys", "import", str(path), "--source", "National impact questionnaire")
    assert again.exit_code == 0 and "replacing 20" in again.output
    assert len(json.loads(invoke(app, "surveys", "bank", "--json").stdout)) == len(load_bank()) + 20


def test_a_category_or_source_that_does_not_exist_is_named_not_an_empty_list(app: Flask, tmp_path: Path) -> None:
    national_csv(tmp_path / "national-impact.csv")
    assert invoke(app, "surveys", "import", str(tmp_path / "national-impact.csv")).exit_code == 0
    typo = invoke(app, "surveys", "bank", "--category", "time-save")
    assert typo.exit_code == 1
    assert "There is no category 'time-save'; the categories are: " in typo.output and "time-saved" in typo.output
    assert "national-impact" in typo.output  # the library's own category is among them
    source = invoke(app, "surveys", "bank", "--json", "--source", "National")
    assert source.exit_code == 1 and source.stdout == ""
    assert f"There is no source 'National'; the sources are: {KIT_SOURCE}, national-impact." in source.output
    out = tmp_path / "none.csv"
    refused = invoke(app, "surveys", "export-bank", str(out), "--source", "National")
    assert refused.exit_code == 1 and "There is no source 'National'" in refused.output and not out.exists()


def test_import_refuses_bad_files_with_every_problem_named_and_imports_nothing(app: Flask, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,text,type,category,options\n"
        "ok-1,A fine question?,free_text,x,\n"
        "care-decision,Takes a built-in id?,free_text,x,\n"
        "bad-type,What type?,essay,x,\n"
        "few,Only one option?,single,x,Yes\n"
        ",No id,free_text,x,\n",
        encoding="utf-8",
    )
    result = invoke(app, "surveys", "import", str(bad))
    assert result.exit_code != 0
    assert "Nothing imported" in result.output
    for named in ("line 4", "essay", "few", "two options", "line 6"):
        assert named in result.output
    built_in = tmp_path / "clash.csv"
    built_in.write_text("id,text,type,category\ncare-decision,Changed wording?,free_text,x\n", encoding="utf-8")
    clash = invoke(app, "surveys", "import", str(built_in))
    assert clash.exit_code != 0 and "care-decision" in clash.output
    rows = json.loads(invoke(app, "surveys", "bank", "--json").stdout)
    assert len(rows) == len(load_bank())
    assert (
        next(r for r in rows if r["id"] == "care-decision")["text"]
        == load_bank()[[q.id for q in load_bank()].index("care-decision")].text
    )
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    assert "use a .csv or .toml file" in invoke(app, "surveys", "import", str(other)).output


@pytest.mark.parametrize("suffix", [".csv", ".toml"])
def test_export_bank_writes_a_file_that_imports_back_unchanged(app: Flask, tmp_path: Path, suffix: str) -> None:
    national_csv(tmp_path / "n.csv", 6)
    assert invoke(app, "surveys", "import", str(tmp_path / "n.csv"), "--source", "Ours").exit_code == 0
    out = tmp_path / f"ours{suffix}"
    result = invoke(app, "surveys", "export-bank", str(out), "--source", "Ours")
    assert result.exit_code == 0 and "6 questions" in result.output
    before = json.loads(invoke(app, "surveys", "bank", "--json", "--source", "Ours").stdout)
    assert invoke(app, "surveys", "import", str(out)).exit_code == 0
    assert json.loads(invoke(app, "surveys", "bank", "--json", "--source", "Ours").stdout) == before
    everything = tmp_path / f"all{suffix}"
    assert invoke(app, "surveys", "export-bank", str(everything)).exit_code == 0
    assert KIT_SOURCE in everything.read_text(encoding="utf-8")


def test_imported_questions_are_a_separate_source_in_the_builder(
    app: Flask, signed_in: Actions, tmp_path: Path
) -> None:
    national_csv(tmp_path / "n.csv", 3)
    assert (
        invoke(app, "surveys", "import", str(tmp_path / "n.csv"), "--source", "National questionnaire").exit_code == 0
    )
    created = invoke(
        app, "surveys", "create", "S", "--facilitator", "tracey@example.nhs.uk", "--questions", "time-saved"
    )
    code = created.stdout.split("id: ", 1)[1].split()[0]
    page = signed_in.client.get(
        f"/facilitate/surveys/{code}/bank?source=National+questionnaire", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert "National question 1" in page and "Did using the library service save you time?" not in page
    assert "From: National questionnaire" in page
    response = signed_in.post_form(
        f"/facilitate/surveys/{code}/bank/add", {"bank_id": "nat-1"}, page=f"/facilitate/surveys/{code}"
    )
    assert response.status_code == 302
    assert "National question 1: which service did you use?" in signed_in.client.get(
        f"/facilitate/surveys/{code}"
    ).get_data(as_text=True)
