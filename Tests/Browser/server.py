"""A real `scriptdesk demo` for the browser tests: the built program, on a free loopback
port, over a fresh storage folder seeded with the small demo board, with workers."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Person:
    """Someone who signs in to the pages."""

    role: str
    username: str
    password: str = field(repr=False)
    centre_name: str | None = None


@dataclass(frozen=True)
class People:
    """The demo's people, from the credentials file the seeder writes."""

    exams_officer: Person
    teacher: Person
    other_exams_officer: Person
    operations: Person
    operations_read_only: Person

    @staticmethod
    def load(path: Path) -> "People":
        data = json.loads(path.read_text())
        first, second = data["centres"][0], data["centres"][1]

        def person(role: str, entry: dict, centre: dict | None) -> Person:
            return Person(role, entry["username"], entry["password"], centre["name"] if centre else None)

        return People(
            exams_officer=person("exams officer", first["examsOfficer"], first),
            teacher=person("teacher", first["teacher"], first),
            other_exams_officer=person("exams officer", second["examsOfficer"], second),
            operations=person("operations", data["operations"], None),
            operations_read_only=person("observer", data["operationsReadOnly"], None),
        )


class ScriptDeskServer:
    """`scriptdesk demo --board small` in `folder`: its storage is `folder/storage`, its
    standard output and error go to `folder/scriptdesk.log`."""

    START_SECONDS = 300

    def __init__(self, executable: Path, folder: Path, workers: int = 2):
        self.executable = executable
        self.folder = folder
        self.workers = workers
        self.storage = folder / "storage"
        self.log_path = folder / "scriptdesk.log"
        self.process: subprocess.Popen | None = None
        self.base_url = ""

    def start(self) -> None:
        """Starts the server and returns once `/healthz` answers 200 (the board is seeded by
        then: `demo` serves only after seeding). Raises with the log's tail if it cannot."""
        if not os.access(self.executable, os.X_OK):
            raise RuntimeError(f"{self.executable} is not built: run `swift build --product scriptdesk` first")
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        # Only what is set here: a developer's own SCRIPTDESK_* settings (a database URL,
        # a config file) must not reach the server under test.
        environment = {name: value for name, value in os.environ.items() if not name.startswith("SCRIPTDESK_")}
        command = [str(self.executable), "demo", "--board", "small", "--storage", str(self.storage)]
        command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(self.workers)]
        with open(self.log_path, "wb") as log:
            # In the runner's process group, so that scripts/browser-tests' timeout stops it too.
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=environment)
        deadline = time.monotonic() + self.START_SECONDS
        while not self._healthy():
            if self.process.poll() is not None:
                raise RuntimeError(f"scriptdesk demo exited with {self.process.returncode} before serving:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"scriptdesk demo did not answer /healthz within {self.START_SECONDS} s:\n{self.log_tail()}")
            time.sleep(0.2)

    def people(self) -> People:
        """The people the seeder made, with their passwords."""
        return People.load(self.storage / "demo-credentials.json")

    def stop(self) -> None:
        """SIGTERM (a graceful stop), then SIGKILL after 30 seconds."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError as error:
            return f"(no log: {error})"

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as answer:
                return answer.status == 200
        except (urllib.error.URLError, OSError):
            return False


def free_port() -> int:
    """A loopback port no one listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
