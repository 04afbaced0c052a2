"""What keeps the processes running: scripts/supervise.sh for `make run` and
`make serve`, the systemd units in deploy/systemd/ for production; and what
gunicorn logs there."""

import configparser
import datetime
import os
import shlex
import signal
import string
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class
from gunicorn.config import Config
from gunicorn.glogging import Logger

ROOT = Path(settings.BASE_DIR)
UNITS = ROOT / "deploy" / "systemd"
SERVICES = sorted(path.name for path in UNITS.glob("*.service"))
SUPERVISE = ROOT / "scripts" / "supervise.sh"


def unit(name):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd's keys are case-sensitive
    assert parser.read(UNITS / name) == [str(UNITS / name)]
    return parser


def exec_start(name):
    """The unit's command line, the checkout's path taken off its program."""
    service = unit(name)["Service"]
    program, *args = shlex.split(service["ExecStart"])
    folder = service["WorkingDirectory"]
    assert program.startswith(f"{folder}/.venv/bin/"), program
    return [program.removeprefix(f"{folder}/"), *args]


def serve_sh_gunicorn():
    """The gunicorn command line of scripts/serve.sh, its variables filled."""
    script = (ROOT / "scripts" / "serve.sh").read_text().replace("\\\n", " ")
    (line,) = [x for x in script.splitlines() if x.startswith(".venv/bin/gunicorn")]
    line = line.removesuffix("&")  # started in the background
    values = {"bind": "127.0.0.1:8000", "workers": "2"}
    return [string.Template(arg).substitute(values) for arg in shlex.split(line)]


@pytest.fixture
def immediate_tasks(settings):
    """The worker's options are checked against the production backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


# The units


@pytest.mark.parametrize(
    "name", ["hangzhou-mice-web.service", "hangzhou-mice-worker.service"]
)
def test_the_long_running_units_are_restarted_always(name):
    assert unit(name)["Service"]["Restart"] == "always"


def test_the_hourly_jobs_run_from_a_timer():
    timer = unit("hangzhou-mice-periodic.timer")["Timer"]
    service = unit("hangzhou-mice-periodic.service")["Service"]

    assert timer["OnCalendar"] == "hourly"
    assert service["Type"] == "oneshot"  # systemd refuses Restart=always here
    assert exec_start("hangzhou-mice-periodic.service")[1:] == [
        "manage.py",
        "run_periodic",
    ]


@pytest.mark.parametrize("name", ["hangzhou-mice-periodic", "hangzhou-mice-worker"])
def test_the_units_run_this_projects_commands_with_valid_options(name):
    program, script, command, *options = exec_start(f"{name}.service")
    app = get_commands()[command]

    assert (program, script, app) == (".venv/bin/python", "manage.py", "operations")
    load_command_class(app, command).create_parser("manage.py", command).parse_args(
        options
    )


def test_the_web_unit_serves_this_projects_wsgi_application():
    program, application, *options = exec_start("hangzhou-mice-web.service")

    assert (program, application) == (
        ".venv/bin/gunicorn",
        "config.wsgi:application",
    )
    Config().parser().parse_args(options)


def test_every_unit_file_is_tested():
    assert SERVICES == [
        "hangzhou-mice-periodic.service",
        "hangzhou-mice-web.service",
        "hangzhou-mice-worker.service",
    ]


def test_make_serve_supervises_the_worker():
    script = (ROOT / "scripts" / "serve.sh").read_text()
    lines = [x for x in script.splitlines() if x.startswith("scripts/supervise.sh")]

    assert [shlex.split(x) for x in lines] == [
        ["scripts/supervise.sh", "$py", "manage.py", "run_worker", "--no-reload", "&"]
    ]


# gunicorn's access log


def gunicorn_config(argv):
    """The settings gunicorn takes from a command line, as it takes them."""
    config = Config()
    args = config.parser().parse_args(argv)
    for key, value in vars(args).items():
        if value is not None and key != "args":
            config.set(key.lower(), value)
    return config


class Response:
    status, sent, headers = "200 OK", 512, []


@pytest.mark.parametrize(
    "argv",
    [
        serve_sh_gunicorn()[1:],
        exec_start("hangzhou-mice-web.service")[1:],
    ],
    ids=["make serve", "systemd"],
)
def test_no_query_string_reaches_gunicorns_access_log(
    argv, capsys, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # an access log file, if any, lands here
    logger = Logger(gunicorn_config(argv))
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/en/search/?q=Chen+Shifan",
        "PATH_INFO": "/en/search/",
        "QUERY_STRING": "q=Chen+Shifan",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://mice.example.org/admin/events/?q=chen@example.org",
    }
    try:
        logger.access(Response(), [], environ, datetime.timedelta(seconds=0.01))
    finally:
        logger.access_log.handlers.clear()
        logger.error_log.handlers.clear()

    written = capsys.readouterr()
    files = "".join(p.read_text() for p in tmp_path.rglob("*") if p.is_file())
    for log in (written.out, written.err, files):
        assert "Chen" not in log and "chen@" not in log


# scripts/supervise.sh


@pytest.fixture
def supervise(tmp_path):
    """Start supervise.sh on a command; stop it afterwards if still running."""
    started = []

    def start(script):
        # A test run started in the background of a non-interactive shell
        # ignores SIGINT, and an ignored signal passes to children that a
        # script cannot trap: start the script as a terminal would, with a
        # handler here, which exec resets to the default in the child.
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            process = subprocess.Popen(  # noqa: S603  (our own script)
                [SUPERVISE, "sh", "-c", script],
                cwd=tmp_path,
                env={**os.environ, "SUPERVISE_DELAY": "0.01"},
                stderr=subprocess.DEVNULL,
            )
        finally:
            signal.signal(signal.SIGINT, previous)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def lines(path):
    return path.read_text().split() if path.exists() else []


def test_supervise_starts_a_command_again_when_it_exits(supervise, tmp_path):
    supervise("echo $$ >> runs; exit 3")

    wait_for(lambda: len(lines(tmp_path / "runs")) >= 3)

    assert len(set(lines(tmp_path / "runs"))) >= 3  # new processes


# HUP: the terminal running make run or make serve closed.
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_stopping_supervise_stops_its_command(supervise, tmp_path, stop):
    process = supervise("echo $$ > pid; exec sleep 60")
    wait_for(lambda: lines(tmp_path / "pid"))
    (pid,) = map(int, lines(tmp_path / "pid"))

    process.send_signal(stop)

    assert process.wait(timeout=10) == 0
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
