#!/usr/bin/env python3
"""The admin console as an operator uses it, in real terminals (tmux): a release `wirequest serve` in one tmux
pane (its own console), bots and a scripted player connected, `wirequest admin` interactive in another pane and
one-shot from scripts.

Checks: log lines scroll above a half-typed command on the server's console; players lists the bots; help; kick
closes one bot (it reports the close); say reaches every client; malformed lines get an error and the server lives
on; Ctrl-C cancels a line; up-arrow recalls history; Ctrl-D leaves with status 0; another OS user cannot connect;
`shutdown 5` counts down in game and the server exits 0; Ctrl-C twice on the console stops a server and restores
the terminal; a server started with `&` keeps running.

Usage: python3 .ci/admin_e2e.py .build/release/wirequest [--port N] [--out DIR]
"""

import argparse
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wsclient import Checks, WebSocket  # noqa: E402

NOTICE = 27
SESSION = "wq-admin-ci"


def tmux(*args, check=True):
    return subprocess.run(["tmux", *args], check=check, capture_output=True, text=True)


def pane(target):
    """The visible text of a tmux pane, with joined wrapped lines."""
    return tmux("capture-pane", "-p", "-J", "-t", target, "-S", "-200").stdout


def keys(target, *sequence):
    tmux("send-keys", "-t", target, *sequence)


def wait_for(description, predicate, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return None


def type_line(target, text):
    keys(target, "-l", text)
    keys(target, "Enter")


class Player(threading.Thread):
    """A scripted BrowserQuest client that records every message it receives and how it was closed."""

    def __init__(self, port, name):
        super().__init__(daemon=True)
        self.ws = WebSocket(port)
        self.name = name
        self.messages = []
        self.close_code = None
        self.lock = threading.Lock()

    def run(self):
        try:
            self.ws.read_text()  # "go"
            self.ws.send_json([0, self.name, 21, 60])
            while True:
                text = self.ws.read_text()
                if text is None:
                    self.close_code = getattr(self.ws, "close_code", None)
                    return
                data = json.loads(text)
                with self.lock:
                    self.messages.extend(data if data and isinstance(data[0], list) else [data])
        except (OSError, ConnectionError, ValueError):
            return

    def notices(self):
        with self.lock:
            return [m[1] for m in self.messages if m and m[0] == NOTICE]


def admin(binary, workdir, *words, user=None):
    command = [binary, "admin", *words]
    if user:
        command = ["runuser", "-u", user, "--", *command]
    return subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    repo = os.getcwd()
    check = Checks()

    # A world-readable directory with its own copy of the binary, so a second OS user could reach the socket if
    # its mode allowed: the 0600 socket itself must be what stops them.
    workdir = tempfile.mkdtemp(prefix="wq-admin-")
    os.chmod(workdir, 0o755)
    binary = os.path.join(workdir, "wirequest")
    shutil.copy(args.binary, binary)
    os.chmod(binary, 0o755)
    socket_path = os.path.join(workdir, "wirequest.sock")
    tmux("kill-session", "-t", SESSION, check=False)
    server_command = (
        f"cd {workdir} && ./wirequest serve --port {args.port} --map {repo}/Maps/world.tmj --public {repo}/Public "
        f"--maps {repo}/Maps --worlds 2; echo SERVER_EXIT=$? > {workdir}/server.exit; sleep 60"
    )
    tmux("new-session", "-d", "-s", SESSION, "-x", "220", "-y", "50", "-n", "server", server_command)
    server = f"{SESSION}:server"
    bots = None
    try:
        if not check("server creates its admin socket", wait_for("socket", lambda: os.path.exists(socket_path), 15)):
            print(pane(server))
            return check.finish()
        mode = os.stat(socket_path).st_mode & 0o777
        check("socket mode is 0600", mode == 0o600, oct(mode))
        check("server's terminal shows the console prompt", wait_for("prompt", lambda: "wirequest>" in pane(server)))
        # Half a command typed on the server's console before the players arrive: their log lines must scroll
        # above it and leave the line intact.
        keys(server, "-l", "wor")

        bots = subprocess.Popen(
            [binary, "bots", "--url", f"ws://127.0.0.1:{args.port}/", "--count", "12", "--duration", "120",
             "--behavior", "wander", "--map", f"{repo}/Maps/world.tmj", "--json", f"{workdir}/bots.json"],
            cwd=workdir, stdout=open(f"{workdir}/bots.out", "w"), stderr=open(f"{workdir}/bots.err", "w"))
        player = Player(args.port, "watcher")
        player.start()

        def all_in():
            result = admin(binary, workdir, "--json", "status")
            return result.returncode == 0 and json.loads(result.stdout)["players"] >= 13

        check("12 bots and a player join (admin --json status)", wait_for("players", all_in, 20))
        logged = wait_for("join lines", lambda: "bot11 (#" in pane(server) and pane(server))
        last = [line for line in (logged or "").splitlines() if line.strip()][-1:] or [""]
        check("log lines print above the server's prompt and keep the half-typed line",
              logged and last[0].rstrip() == "wirequest> wor", repr(last[0]))
        type_line(server, "lds")
        check("the finished line runs ('wor' + 'lds' = worlds)", wait_for("worlds", lambda: "TICK P99" in pane(server)))

        # Interactive `wirequest admin` in its own tmux window.
        tmux("new-window", "-t", SESSION, "-n", "admin", f"cd {workdir} && ./wirequest admin; echo ADMIN_EXIT=$?; sleep 60")
        console = f"{SESSION}:admin"
        check("admin attaches and shows its prompt", wait_for("prompt", lambda: "wirequest>" in pane(console)))
        type_line(console, "players")
        listed = wait_for("players", lambda: "13 player(s)" in pane(console) and pane(console))
        check("players lists every bot", listed and all(f"bot{i} " in listed for i in range(12)), "")
        type_line(console, "help kick")
        check("help NAME explains a command",
              wait_for("help", lambda: "usage: kick NAME [REASON]" in pane(console)))

        type_line(console, "kick bot3 testing the console")
        check("kick answers in the console", wait_for("kick", lambda: "kicked bot3 (#" in pane(console)))
        check("the kicked bot sees the close",
              wait_for("bot close", lambda: "bot3: closed by the server: kicked (close 4001)" in open(f"{workdir}/bots.err").read()))

        type_line(console, "say Hello from CI")
        check("say answers with the number of players told",
              wait_for("say", lambda: "told 12 player(s)" in pane(console)))
        check("say reaches the player's client as NOTICE",
              wait_for("notice", lambda: "Hello from CI" in player.notices()), str(player.notices()))

        type_line(console, "tp bob x 1")
        check("a malformed command gets an error, not a crash",
              wait_for("usage", lambda: "USAGE: X must be a whole number" in pane(console)))
        raw = socket.socket(socket.AF_UNIX)
        raw.connect(socket_path)
        raw.sendall(b"\x00\xff\xfe garbage \"unterminated\n")
        answer = raw.recv(4096)
        raw.close()
        check("raw garbage on the socket gets a USAGE answer", answer.startswith(b"USAGE "), repr(answer[:60]))

        keys(console, "-l", "kick bot5")
        keys(console, "C-c")
        time.sleep(0.5)
        type_line(console, "who bot5")
        check("Ctrl-C cancels a typed line (bot5 is still online)",
              wait_for("who", lambda: "bot5 (#" in pane(console)))
        keys(console, "Up")
        check("up-arrow recalls the last command",
              wait_for("history", lambda: pane(console).rstrip().endswith("wirequest> who bot5")))
        keys(console, "C-c")
        keys(console, "C-d")
        check("Ctrl-D leaves with status 0", wait_for("exit", lambda: "ADMIN_EXIT=0" in pane(console)))

        # Another OS user, on a socket whose directory they can reach.
        if os.geteuid() == 0 and shutil.which("useradd"):
            user = "wqciother"
            try:
                pwd.getpwnam(user)
            except KeyError:
                subprocess.run(["useradd", "--no-create-home", "--shell", "/bin/sh", user], check=True)
            refused = admin(binary, workdir, "--socket", socket_path, "status", user=user)
            check("a second OS user cannot connect (exit 69, permission denied)",
                  refused.returncode == 69 and "Permission denied" in refused.stderr,
                  f"exit {refused.returncode}: {refused.stderr.strip()}")
        else:
            check("a second OS user cannot connect (needs root to create one)", os.environ.get("CI") != "true",
                  "skipped: not root")

        # The server's own terminal is a console too.
        type_line(server, "who bot0")
        check("the server's own console answers", wait_for("who", lambda: "bot0 (#" in pane(server)))

        # One-shot commands: exit codes.
        check("one-shot unknown command exits 64", admin(binary, workdir, "frobnicate").returncode == 64)
        check("one-shot refused command exits 1", admin(binary, workdir, "who", "nobody").returncode == 1)

        countdown = admin(binary, workdir, "shutdown", "5")
        check("shutdown 5 is accepted", countdown.returncode == 0, countdown.stdout.strip())
        exited = wait_for("exit", lambda: os.path.exists(f"{workdir}/server.exit") and open(f"{workdir}/server.exit").read(), 15)
        notices = player.notices()
        check("the countdown reaches the game (5, 4, 3, 2, 1)",
              all(f"shuts down in {n} s" in " ".join(notices) for n in (5, 4, 3, 2, 1)), str(notices))
        check("the server exits 0 after the countdown", exited and "SERVER_EXIT=0" in exited, str(exited))
        check("the player's connection closes with 1001", wait_for("close", lambda: player.close_code == 1001, 5),
              str(player.close_code))
        check("the socket file is removed", not os.path.exists(socket_path))

        # A second run in a plain shell: Ctrl-C twice on the console stops the server and gives the terminal back;
        # started with `&`, the server is not stopped for reading the terminal.
        tmux("new-window", "-t", SESSION, "-n", "shell", "bash --norc")
        shell = f"{SESSION}:shell"
        time.sleep(0.3)
        type_line(shell, f"cd {workdir} && ./wirequest serve --port {args.port} --worlds 1 --map {repo}/Maps/world.tmj "
                         f"--public {repo}/Public --maps {repo}/Maps; echo SECOND_EXIT=$?")
        wait_for("prompt", lambda: pane(shell).rstrip().endswith("wirequest>"))
        keys(shell, "C-c")
        time.sleep(0.3)
        keys(shell, "C-c")
        check("Ctrl-C twice on the server's console stops it with status 0",
              wait_for("exit", lambda: "SECOND_EXIT=0" in pane(shell), 10))
        type_line(shell, "stty -a | grep -q ' icanon' && echo CANONICAL=yes")
        check("the terminal is back in canonical mode", wait_for("stty", lambda: "CANONICAL=yes" in pane(shell)))
        type_line(shell, f"./wirequest serve --port {args.port} --worlds 1 --map {repo}/Maps/world.tmj --admin-socket bg.sock "
                         f"--public {repo}/Public --maps {repo}/Maps --log-level warning & sleep 2; jobs")
        check("a server started with & keeps running (no console, no SIGTTIN stop)",
              wait_for("jobs", lambda: "Running" in pane(shell) and "Stopped" not in pane(shell), 10))
        background = admin(binary, workdir, "--socket", f"{workdir}/bg.sock", "status")
        check("the background server answers its admin socket", background.returncode == 0, background.stderr.strip())
        type_line(shell, "kill %1; wait")
    finally:
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            for window in ("server", "admin"):
                try:
                    with open(os.path.join(args.out, f"{window}.txt"), "w") as f:
                        f.write(pane(f"{SESSION}:{window}"))
                except Exception:
                    pass
            for name in ("bots.err", "bots.out"):
                if os.path.exists(f"{workdir}/{name}"):
                    shutil.copy(f"{workdir}/{name}", args.out)
        if bots is not None and bots.poll() is None:
            bots.kill()
        tmux("kill-session", "-t", SESSION, check=False)
        shutil.rmtree(workdir, ignore_errors=True)
    return check.finish()


if __name__ == "__main__":
    sys.exit(main())
