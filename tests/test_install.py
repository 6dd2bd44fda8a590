"""Installing it where librarians are: the ``impact-kit`` command, a wheel, ``make run``, the container.

These run the real programs (the installed console script, pip, a fresh virtual environment,
waitress, gunicorn, the container's entry-point script) against a SQLite file in a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.scale_servers import free_port

pytestmark = pytest.mark.slow  # starts LibreOffice, servers or a fresh virtual environment: make check skips it

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HTMX_SCRIPT = re.compile(r'<script src="(/assets/kit[^"]*\.js)"')  # htmx, then the kit's own script


def _env(instance: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "GUNICORN_", "DATABASE_URL"))}
    env.update(IMPACT_KIT_INSTANCE=str(instance), PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def _kit(
    *args: str, instance: Path, cwd: Path, stdin: str = "", kit: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(kit or BIN / "impact-kit"), *args],
        cwd=cwd,
        env=_env(instance),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode("utf-8", "replace")


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped (exit {process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if _get(url)[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"no answer from {url} within {seconds} s:\n{log.read_text()[-3000:]}")


@contextmanager
def _serving(command: list[str], env: dict[str, str], cwd: Path, log: Path, url: str) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for(url + "/healthz", process, log)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def test_every_host_command_is_under_impact_kit_with_help(tmp_path: Path):
    listed = _kit("--help", instance=tmp_path / "instance", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    for command in ("serve", "facilitator", "workshop", "themes", "export", "surveys", "retention", "db"):
        assert re.search(rf"^\s+{command}\b", listed.stdout, re.MULTILINE), f"{command} missing:\n{listed.stdout}"
    serve = _kit("serve", "--help", instance=tmp_path / "instance", cwd=tmp_path)
    for option in ("--host", "--port", "--public-url", "--lan"):
        assert option in serve.stdout


def test_impact_kit_works_from_any_folder_with_its_instance_folder(tmp_path: Path):
    """Run from an unrelated folder: the database and the secret go to --instance, nowhere else."""
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    instance = tmp_path / "kit-data"
    assert _kit("db", "upgrade", instance=instance, cwd=elsewhere).returncode == 0
    created = _kit(
        "facilitator",
        "create",
        "tracey@nhs.net",
        "--password-stdin",
        instance=instance,
        cwd=elsewhere,
        stdin=PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stderr
    listed = _kit("facilitator", "list", instance=instance, cwd=elsewhere)
    assert "tracey@nhs.net" in listed.stdout
    assert (instance / "workshop.sqlite3").exists() and (instance / "secret_key").exists()
    assert list(elsewhere.iterdir()) == []


def test_serve_says_where_to_open_the_kit_and_prints_a_one_time_set_up_link(tmp_path: Path):
    port = free_port()
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}"
    command = [str(BIN / "impact-kit"), "--instance", str(tmp_path / "instance"), "serve", "--port", str(port)]
    with _serving(command, _env(tmp_path / "instance"), tmp_path, log, url):
        printed = log.read_text()
        assert f"Open {url} on this computer" in printed
        assert "impact-kit serve --lan" in printed
        link = re.search(rf"{re.escape(url)}/setup/\S+", printed)
        assert link, printed
        status, page = _get(link.group(0))
        assert status == 200 and "at least 12 characters" in page
        # A host command run beside it (another terminal) prints links with the port it serves at.
        instance = tmp_path / "instance"
        made = _kit(
            "facilitator",
            "create",
            "tracey@nhs.net",
            "--password-stdin",
            instance=instance,
            cwd=tmp_path,
            stdin=PASSWORD + "\n",
        )
        assert made.returncode == 0, made.stderr
        created = _kit(
            "workshop",
            "create",
            "Beside the server",
            "--facilitator",
            "tracey@nhs.net",
            instance=instance,
            cwd=tmp_path,
        )
        assert created.returncode == 0, created.stderr
        assert re.search(rf"^join: {re.escape(url)}/j/\w+$", created.stdout, re.M), created.stdout


def test_serve_with_a_public_url_listens_for_phones_and_puts_it_in_join_links(tmp_path: Path):
    port = free_port()
    log = tmp_path / "serve.log"
    public = f"http://127.0.0.1:{port}"
    command = [str(BIN / "impact-kit"), "serve", "--port", str(port), "--public-url", public]
    with _serving(command, _env(tmp_path / "instance"), tmp_path, log, public):
        assert f"Phones join at {public}" in log.read_text()


def test_serve_lan_puts_this_computers_network_address_in_the_join_links(tmp_path: Path):
    """The real interface look-up of this machine: its best LAN address, or a clear refusal without one."""
    from workshop.lan import interface_addresses, lan_candidates

    port = free_port()
    candidates = lan_candidates(interface_addresses())
    command = [str(BIN / "impact-kit"), "serve", "--lan", "--port", str(port)]
    if not candidates:
        refused = subprocess.run(command, env=_env(tmp_path / "i"), capture_output=True, text=True, timeout=120)
        assert refused.returncode != 0 and "no network address that phones could reach" in refused.stderr
        return
    expected = f"http://{candidates[0].address}:{port}"
    log = tmp_path / "serve.log"
    # Listening on every interface; the test itself talks to loopback only.
    with _serving(command, _env(tmp_path / "i"), tmp_path, log, f"http://127.0.0.1:{port}"):
        printed = log.read_text()
        assert f"Phones will open {expected}" in printed
        assert f"Phones join at {expected}" in printed


def test_make_run_installs_only_what_the_kit_needs_and_make_test_adds_the_rest():
    """``make -n -B`` prints what each target would run, without running it."""
    run = subprocess.run(["make", "-n", "-B", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "-r requirements.txt" in run
    assert "requirements-dev.txt" not in run
    assert "impact-kit --instance instance serve" in run
    test = subprocess.run(["make", "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "-r requirements-dev.txt" in test
    dev = (ROOT / "requirements-dev.txt").read_text()
    runtime = (ROOT / "requirements.txt").read_text()
    for tool in ("pytest", "playwright", "hypothesis", "ruff", "aiohttp"):
        assert re.search(rf"^{tool}==", dev, re.MULTILINE | re.IGNORECASE)
        assert not re.search(rf"^{tool}==", runtime, re.MULTILINE | re.IGNORECASE)


def test_the_container_entry_point_migrates_then_serves_and_runs_other_commands(tmp_path: Path):
    """The image cannot be built here (no container registry to pull its base image from), so its
    entry point runs on its own, with the installed kit and gunicorn on the PATH, as in the image."""
    port = free_port()
    instance = tmp_path / "data"
    env = _env(
        instance,
        PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
        HOST="127.0.0.1",
        PORT=str(port),
        SECRET_KEY="container-secret-key-that-is-long-enough-0123456789",
        GUNICORN_CONFIG=str(ROOT / "gunicorn.conf.py"),
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
    )
    entrypoint = str(ROOT / "docker" / "entrypoint.sh")
    log = tmp_path / "container.log"
    with _serving([entrypoint], env, tmp_path, log, f"http://127.0.0.1:{port}"):
        printed = log.read_text()
        assert "applying database migrations" in printed
        assert f"http://127.0.0.1:{port}/setup/" in printed
        assert _get(f"http://127.0.0.1:{port}/")[0] == 200
    other = subprocess.run(
        [entrypoint, "impact-kit", "facilitator", "list"], env=env, capture_output=True, text=True, timeout=120
    )
    assert other.returncode == 0, other.stderr


def _names(lines: list[str]) -> set[str]:
    return {re.split(r"[=<>~!\[; ]", line.strip().strip('",'), maxsplit=1)[0].lower() for line in lines}


def test_every_pinned_runtime_package_is_a_dependency_of_the_wheel():
    """requirements.txt pins what `make run` installs; pyproject.toml says what a wheel pulls in.
    A package pinned in one and missing from the other breaks the Windows and container installs
    (pyphen once did: only the slow wheel test saw it)."""
    import tomllib

    pinned = _names(
        [
            line
            for line in (ROOT / "requirements.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#")
        ]
    )
    declared = _names(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
    assert pinned == declared


def _copy_source(target: Path) -> Path:
    """The repository's files as a fresh clone has them, plus node_modules (what `npm ci` gives)."""
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    for name in files.stdout.splitlines():
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    shutil.copytree(ROOT / "node_modules", target / "node_modules", symlinks=True)
    return target


@pytest.mark.wheel
def test_a_wheel_installs_into_a_fresh_environment_and_serves_with_htmx(tmp_path: Path):
    source = _copy_source(tmp_path / "source")
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(source)],
        check=True,
        timeout=600,
    )
    (wheel,) = dist.glob("impact_workshop_kit-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(scripts / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        timeout=900,
    )
    installed = subprocess.run(
        [str(scripts / "python"), "-m", "pip", "list"], capture_output=True, text=True, check=True
    ).stdout.lower()
    assert "pytest" not in installed and "playwright" not in installed
    home = tmp_path / "home"
    home.mkdir()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = _env(tmp_path / "unused", HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"))
    env.pop("IMPACT_KIT_INSTANCE")
    env["PUBLIC_BASE_URL"] = url  # what the host commands print in join links, as a host would set it
    env["PATH"] = f"{scripts}{os.pathsep}/usr/bin:/bin"
    kit = [str(scripts / "impact-kit")]
    with _serving([*kit, "serve", "--port", str(port)], env, home, tmp_path / "wheel.log", url):
        assert _get(url + "/")[0] == 200

        def run(*args: str, stdin: str = "") -> str:
            done = subprocess.run(
                [*kit, *args], cwd=home, env=env, input=stdin, capture_output=True, text=True, timeout=180
            )
            assert done.returncode == 0, done.stderr
            return done.stdout

        run("facilitator", "create", "tracey@nhs.net", "--password-stdin", stdin=PASSWORD + "\n")
        join = re.search(
            r"^join: (\S+)$", run("workshop", "create", "Wheel test", "--facilitator", "tracey@nhs.net"), re.M
        )
        assert join and join.group(1).startswith(url)
        status, participant_page = _get(join.group(1))
        assert status == 200 and "get back to work" in participant_page
        script = HTMX_SCRIPT.search(participant_page)
        assert script, participant_page[:2000]
        status, body = _get(url + script.group(1))
        assert status == 200 and "htmx" in body[:2000]
    # The instance folder is the user's data folder, not the current one.
    assert (home / ".local" / "share" / "impact-kit" / "workshop.sqlite3").exists()


PORTABILITY = [
    (re.compile(r"%-[a-zA-Z]"), "a %-d style date format (raises on Windows)"),
    (re.compile(r"\bos\.(fork|getuid|geteuid|getgid|killpg|setsid|chown|getpgid)\b"), "a POSIX-only os call"),
    (re.compile(r"\bsignal\.SIG(KILL|HUP|USR1|USR2|ALRM|CHLD|QUIT)\b"), "a signal Windows lacks"),
    (re.compile(r"^\s*(import|from) (fcntl|termios|pwd|grp|resource|posix)\b", re.MULTILINE), "a POSIX-only module"),
    (re.compile(r"[\"']/(tmp|var|etc|dev)/"), "a POSIX path (font folders per system are fine)"),
]


def test_the_packages_use_nothing_that_windows_lacks():
    """What `impact-kit` runs on a Windows laptop: no POSIX-only calls, formats or paths."""
    found = []
    for package in ("workshop", "surveys", "exports"):
        for path in (ROOT / package).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))
            code = re.sub(r'"""(?:.|\n)*?"""', "", code)  # docstrings may name what is avoided
            found += [f"{path.relative_to(ROOT)}: {why}" for pattern, why in PORTABILITY if pattern.search(code)]
    assert found == []


def test_python_dash_m_workshop_is_the_same_command(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "workshop", "serve", "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and "--lan" in result.stdout


def test_every_environment_variable_the_kit_reads_is_in_the_readme() -> None:
    """workshop/config.py's table of environment variables is the one list; the README states each."""
    from workshop import config

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Configuration") : readme.index("## Host commands")]
    assert [name for name in (*config._ENV, "DATABASE_URL") if f"`{name}`" not in section] == []
