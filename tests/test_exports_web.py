"""Downloads of the Word documents: the facilitator's, each participant's from their phone, and
the host commands, which must build the same documents."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import date
from pathlib import Path

from tests.conftest import attachment_name
from tests.docs_helpers import all_text, heading_texts, open_docx
from workshop.extensions import db
from workshop.models import Workshop, WorkshopState

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SEED = [
    "Look at ways to \u201cshout about it\u201d within the Trust",
    "Write up a detailed SMART impact plan",
    "Increase use of Twitter /Facebook / Instagram accounts for impact of service",
    "Activate a Twitter account. Love the ideas!",
]


def _workshop_with_statements(signed_in, **settings):
    from datetime import date

    code = signed_in.workshop(title="MAP on tour: Taunton", date=date(2026, 11, 20), venue="Taunton", **settings)
    phones = []
    for text in SEED:
        phone = signed_in.phone_for(code)
        assert phone.post(text).status_code == 302
        phones.append(phone)
    return code, phones


def test_facilitator_downloads_the_session_report(signed_in):
    code, _ = _workshop_with_statements(signed_in)
    page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert f'href="/facilitate/w/{code}/downloads"' in page
    response = signed_in.client.get(f"/facilitate/w/{code}/downloads/report")
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert attachment_name(response) == "map-on-tour-taunton-2026-11-20-report.docx"
    document = open_docx(response.data)
    text = "\n".join(all_text(document))
    for statement in SEED:
        assert statement in text
    assert heading_texts(document)[0] == "MAP on tour: Taunton"
    assert document.core_properties.title == "Session report: MAP on tour: Taunton"


def test_all_smart_plans_zip_has_one_plan_per_participant_with_their_own_statement(signed_in):
    code, _ = _workshop_with_statements(signed_in)
    response = signed_in.client.get(f"/facilitate/w/{code}/downloads/smart-plans")
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = sorted(archive.namelist())
    assert len(names) == 4 and all(name.endswith("-smart-plan.docx") for name in names)
    texts = ["\n".join(all_text(open_docx(archive.read(name)))) for name in names]
    for statement, text in zip(SEED, texts, strict=True):
        assert statement in text
        assert sum(other in text for other in SEED) == 1, "a plan holds only its owner's statement"


def test_everything_zip_holds_documents_and_data(signed_in):
    code, _ = _workshop_with_statements(signed_in)
    response = signed_in.client.get(f"/facilitate/w/{code}/downloads/all")
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    suffixes = sorted(re.sub(r"^map-on-tour-taunton-2026-11-20-", "", name) for name in names)
    assert suffixes == [
        "impact-plans.zip",
        "report.docx",
        "smart-plans.zip",
        "statements.csv",
        "statements.json",
        "statements.xlsx",
        "story-template.docx",
    ]


def test_participant_downloads_their_own_plan_from_their_phone(signed_in):
    code, phones = _workshop_with_statements(signed_in)
    page = phones[1].open()
    private = re.search(r'href="(/mine/[^"]+)"', page).group(1)
    copy = phones[1].client.get(private).get_data(as_text=True)
    for kind in ("smart-plan", "impact-plan", "story-template"):
        assert f"{private}/{kind}.docx" in copy
    plan = phones[1].client.get(f"{private}/smart-plan.docx")
    assert plan.status_code == 200 and plan.mimetype == DOCX
    text = "\n".join(all_text(open_docx(plan.data)))
    assert SEED[1] in text and SEED[0] not in text
    impact = open_docx(phones[1].client.get(f"{private}/impact-plan.docx").data)
    assert SEED[1] in "\n".join(all_text(impact))
    assert phones[1].client.get("/mine/not-a-token/smart-plan.docx").status_code == 404
    assert phones[1].client.get(f"{private}/secret.docx").status_code == 404


def test_a_participants_own_plan_holds_what_waits_for_approval_but_the_facilitators_zip_does_not(signed_in):
    code, phones = _workshop_with_statements(signed_in, approve_first=True)
    private = re.search(r'href="(/mine/[^"]+)"', phones[1].open()).group(1)
    own = "\n".join(all_text(open_docx(phones[1].client.get(f"{private}/smart-plan.docx").data)))
    assert SEED[1] in own and SEED[0] not in own, "their own statement, waiting, and no one else's"
    assert SEED[1] in "\n".join(all_text(open_docx(phones[1].client.get(f"{private}/impact-plan.docx").data)))
    everyone = signed_in.client.get(f"/facilitate/w/{code}/downloads/smart-plans")
    assert everyone.status_code == 200
    with zipfile.ZipFile(io.BytesIO(everyone.data)) as archive:
        texts = ["\n".join(all_text(open_docx(archive.read(name)))) for name in archive.namelist()]
    assert not any(SEED[1] in text for text in texts), "nothing unapproved in the facilitator's plans"


def test_another_facilitator_cannot_download(signed_in, app):
    code, _ = _workshop_with_statements(signed_in)
    other = app.test_client()
    signed_in.facilitator("victoria@example.nhs.uk", "Victoria")
    signed_in.sign_in("victoria@example.nhs.uk", client=other)
    for kind in ("report", "smart-plans", "all"):
        assert other.get(f"/facilitate/w/{code}/downloads/{kind}").status_code == 404
    assert app.test_client().get(f"/facilitate/w/{code}/downloads/report").status_code == 302


def test_host_commands_build_the_same_documents_as_the_web(signed_in, runner, tmp_path: Path, app):
    code, _ = _workshop_with_statements(signed_in)
    with app.app_context():
        db.session.query(Workshop).update({"state": WorkshopState.CLOSED})
        db.session.commit()
    outputs = {
        "report": tmp_path / "report.docx",
        "plans": tmp_path / "plans.zip",
        "impact-plans": tmp_path / "impact.zip",
        "story": tmp_path / "story.docx",
    }
    for command, path in outputs.items():
        result = runner.invoke(args=["export", command, code, "-o", str(path)])
        assert result.exit_code == 0, result.output
        assert f"wrote {path}" in result.output
    web_report = open_docx(signed_in.client.get(f"/facilitate/w/{code}/downloads/report").data)
    assert all_text(open_docx(outputs["report"].read_bytes())) == all_text(web_report)
    web_story = open_docx(signed_in.client.get(f"/facilitate/w/{code}/downloads/story-template").data)
    assert all_text(open_docx(outputs["story"].read_bytes())) == all_text(web_story)
    assert len(zipfile.ZipFile(outputs["plans"]).namelist()) == 4
    assert len(zipfile.ZipFile(outputs["impact-plans"]).namelist()) == 4
    missing = runner.invoke(args=["export", "report", "ZZZZZZ", "-o", str(tmp_path / "x.docx")])
    assert missing.exit_code != 0 and "no workshop with code" in missing.output

    # The files the host commands wrote open in LibreOffice and convert to PDF.
    for name, path in outputs.items():
        if path.suffix == ".zip":
            first = zipfile.ZipFile(path).namelist()[0]
            (tmp_path / f"{name}-first.docx").write_bytes(zipfile.ZipFile(path).read(first))
    documents = sorted(tmp_path.glob("*.docx"))
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *map(str, documents),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    for document in documents:
        pdf = tmp_path / "pdf" / (document.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 1000, pdf


def test_every_export_command_has_help(runner):
    for command in ("report", "plans", "impact-plans", "story", "all"):
        result = runner.invoke(args=["export", command, "--help"])
        assert result.exit_code == 0 and "-o, --output" in result.output


def test_facilitator_writes_key_messages_on_the_closed_session_page_and_the_report_opens_with_them(signed_in):
    code, _ = _workshop_with_statements(signed_in)
    signed_in.post_form(f"/facilitate/w/{code}/state", {"state": "closed"}, page=f"/facilitate/w/{code}")
    page = signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)
    assert "Key messages for the session report" in page

    response = signed_in.post_form(
        f"/facilitate/w/{code}/key-messages?back=workshop",
        {"key_messages": "- Social media is the first step for most\n- Follow-up call on 15 January"},
        page=f"/facilitate/w/{code}",
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/facilitate/w/{code}")
    assert "Follow-up call on 15 January" in signed_in.client.get(f"/facilitate/w/{code}").get_data(as_text=True)

    document = open_docx(signed_in.client.get(f"/facilitate/w/{code}/downloads/report").data)
    assert heading_texts(document)[1] == "Key messages and next steps"
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets[:2] == ["Social media is the first step for most", "Follow-up call on 15 January"]


def test_key_messages_that_are_too_long_come_back_with_a_message_and_nothing_lost(signed_in):
    code, _ = _workshop_with_statements(signed_in)
    text = "A message. " * 400
    response = signed_in.post_form(
        f"/facilitate/w/{code}/key-messages", {"key_messages": text}, page=f"/facilitate/w/{code}/downloads"
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Keep the key messages under 3,000 characters." in page
    assert "A message. A message." in page
    assert signed_in.workshop_row(code).key_messages == ""


def test_documents_carry_no_link_that_dies_with_the_laptop(signed_in, app):
    """At 127.0.0.1 or a venue network's address the plan says where its copy is, and links nowhere."""
    code, phones = _workshop_with_statements(signed_in)
    for base, linked in (("", False), ("http://192.168.1.20:5000", False), ("https://kit.example.nhs.uk", True)):
        app.config["PUBLIC_BASE_URL"] = base
        archive = zipfile.ZipFile(io.BytesIO(signed_in.client.get(f"/facilitate/w/{code}/downloads/smart-plans").data))
        plan = archive.read(sorted(archive.namelist())[0])
        rels = zipfile.ZipFile(io.BytesIO(plan)).read("word/_rels/document.xml.rels").decode()
        text = "\n".join(all_text(open_docx(plan)))
        assert ("https://kit.example.nhs.uk/mine/" in rels) is linked, base
        assert "127.0.0.1" not in rels and "192.168." not in rels and "localhost" not in rels
        assert ("Your copy: keep this file" in text) is not linked


def test_a_workshop_with_a_non_ascii_title_downloads_with_a_safe_name(signed_in):
    code = signed_in.workshop(title="Café Évidence: Sjögren’s ward – صحة", date=date(2026, 11, 20))
    response = signed_in.client.get(f"/facilitate/w/{code}/downloads/report")
    assert response.status_code == 200
    response.headers["Content-Disposition"].encode("latin-1")  # a header browsers and proxies accept
    assert attachment_name(response) == "cafe-evidence-sjogrens-ward-2026-11-20-report.docx"
    assert heading_texts(open_docx(response.data))[0] == "Café Évidence: Sjögren’s ward – صحة"


def test_a_non_ascii_download_name_is_sent_with_filename_star(app):
    from workshop.downloads import send_download

    with app.test_request_context():
        response = send_download(b"x", "text/plain", "Café évidence.txt")
    header = response.headers["Content-Disposition"]
    assert "filename*=UTF-8''Caf%C3%A9%20%C3%A9vidence.txt" in header
    assert attachment_name(response) == "Café évidence.txt"
    assert response.headers["Cache-Control"] == "no-store"
