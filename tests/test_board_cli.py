"""The host command ``flask --app wsgi themes group FILE [--json] [--themes N]`` and ``themes regroup``."""

from __future__ import annotations

import json

from tests.board_helpers import SEED, SEED_FILE, seeded_workshop, themes


def _messy_file(tmp_path):
    lines = [
        "Increase use of Twitter /Facebook / Instagram accounts for impact of service",
        "",
        "Activate a Twitter account. Love the ideas! 🐦",
        "   ",
        "Follow more people on Twitter and make social media cards 📣",
        "Encourage my team to collect feedback which highlights the difference LKS has made",
        "Create a post-it literature search feedback board\x07\x00",
        "Use the feedback we already receive to shout about it\x1b[31m",
        "asdf qwerty",
        "",
    ]
    path = tmp_path / "statements.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, lines


def test_group_json_has_exactly_the_documented_shape(runner, tmp_path):
    path, lines = _messy_file(tmp_path)
    result = runner.invoke(args=["themes", "group", str(path), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert set(document) == {"engine", "themes", "unsorted"}
    assert document["engine"] == "meaning"
    for theme in document["themes"]:
        assert set(theme) == {"label", "statements"}
        assert isinstance(theme["label"], str) and theme["label"]
        assert all(isinstance(n, int) for n in theme["statements"])
    numbers = [n for t in document["themes"] for n in t["statements"]] + document["unsorted"]
    non_blank = [i for i, line in enumerate(lines) if line.strip()]
    assert sorted(numbers) == non_blank  # 0-based line numbers, each once, blank lines never grouped
    social = next(t for t in document["themes"] if 0 in t["statements"])
    assert {0, 2, 4} <= set(social["statements"])


def test_group_json_with_keywords_and_a_number_of_themes(runner):
    result = runner.invoke(args=["themes", "group", str(SEED_FILE), "--json", "--themes", "2", "--keywords"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert len(document["themes"]) == 2
    assert all(theme["keywords"] for theme in document["themes"])
    assert sorted([n for t in document["themes"] for n in t["statements"]] + document["unsorted"]) == list(range(17))


def test_group_readable_listing(runner, tmp_path):
    path, _ = _messy_file(tmp_path)
    result = runner.invoke(args=["themes", "group", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("7 statements, ")
    assert "grouped by the meaning engine" in result.output
    assert "Twitter (3)" in result.output and "  why: twitter" in result.output  # all three say Twitter
    assert "  line 3: Activate a Twitter account. Love the ideas! 🐦" in result.output
    assert "\x07" not in result.output and "\x1b" not in result.output


def test_group_refuses_bad_arguments_clearly(runner, tmp_path):
    missing = runner.invoke(args=["themes", "group", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    zero = runner.invoke(args=["themes", "group", str(SEED_FILE), "--themes", "0"])
    assert zero.exit_code == 2 and "--themes" in zero.output
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(args=["themes", "group", str(empty), "--json"])
    assert json.loads(result.output) == {"engine": "meaning", "themes": [], "unsorted": []}
    assert runner.invoke(args=["themes", "group", "--help"]).exit_code == 0


def test_regroup_a_workshop_from_the_host(signed_in, runner):
    code = seeded_workshop(signed_in)
    result = runner.invoke(args=["themes", "regroup", code.lower()])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{code}: 6 themes, 0 unsorted")  # every seed statement has a home
    assert sum(len(t["texts"]) for t in themes(signed_in, code)) == len(SEED)
    unknown = runner.invoke(args=["themes", "regroup", "ZZZZZZ"])
    assert unknown.exit_code == 1 and "no workshop with code ZZZZZZ" in unknown.output
