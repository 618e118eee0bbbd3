#!/usr/bin/env python3
"""Characters that last, checked by killing things for real: `wirequest serve` with its SQLite database.

Usage: storage_checks.py BINARY --out DIR [--kills 20] [--sigterm-bots 500] [--only PART,...]

Parts (all by default, in this order):
  start     a database the server cannot use stops it at start with one line and its own exit code: a missing
            directory (73), a damaged file (65), a newer schema (78), another server using it (75), a read-only
            mount (77, a tmpfs remounted read-only) and an unreadable file (66, the server run as `nobody`).
  kill9     100 fighting bots play; the server is killed with SIGKILL --kills times and restarted on the same file.
            After each kill, with the server down: PRAGMA integrity_check is ok, every bot whose character entered a
            world at least a second before the kill exists, and every kill and point of damage a bot saw the server
            confirm more than a second before the kill is stored (the bots' --progress log is the witness). Also:
            `admin backup` while they play gives a file that passes integrity_check, and a ban survives a restart.
  sigterm   --sigterm-bots bots connect and fight; SIGTERM: exit 0 within 5 s and every bot's progress stored
            (0 lost); then the same with `admin shutdown 0`.
  diskfull  the database on a small tmpfs; 40 bots play while a filler file takes the last byte: the server logs
            the failed writes and keeps running, play goes on; the filler goes: writes work again, nothing stored
            before is lost, and SIGTERM stores everything.

Standard library only. Prints PASS/FAIL lines and `N passed, M failed` last; exit 1 on any failure.
"""
import argparse
import json
import os
import pwd
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wsclient import Checks, wait_for_port  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAP = os.path.join(REPO, "Maps", "world.tmj")
check = Checks()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `wirequest serve` on a port and a data file, its log in DIR/NAME.log."""

    def __init__(self, binary, data, out, name, port=None, extra=(), user=None):
        self.binary, self.data, self.out, self.name = binary, data, out, name
        self.port = port or free_port()
        self.socket = os.path.join(out, f"{name}.sock")
        self.log_path = os.path.join(out, f"{name}.log")
        # The admin socket's directory is root's: a server run as another user goes without one.
        command = [binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--map", MAP, "--data", data,
                   "--admin-socket", "none" if user else self.socket, "--no-console", "--worlds", "2",
                   # 100 bots from 127.0.0.1 reconnect at once after each kill: no per-address limits.
                   "--max-connections-per-address", "0", "--upgrades-per-address", "0", *extra]
        if user:
            account = pwd.getpwnam(user)
            command = ["setpriv", f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}", "--clear-groups",
                       *command]
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
                                        cwd=REPO)

    def up(self, seconds=15):
        return wait_for_port(self.port, self.process, seconds)

    def wait(self, seconds):
        try:
            return self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return None

    def kill(self, sig=signal.SIGKILL):
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.wait(10)

    def admin(self, *words):
        done = subprocess.run([self.binary, "admin", "--socket", self.socket, *words], capture_output=True,
                              text=True, timeout=30)
        return done.returncode, done.stdout + done.stderr

    def log_text(self):
        self.log.flush()
        with open(self.log_path, errors="replace") as f:
            return f.read()


class Bots:
    def __init__(self, binary, port, out, name, count, seconds=900, prefix="bot", ramp=100):
        self.progress_path = os.path.join(out, f"{name}.progress.jsonl")
        if os.path.exists(self.progress_path):
            os.unlink(self.progress_path)
        self.log = open(os.path.join(out, f"{name}.log"), "ab")
        self.process = subprocess.Popen(
            [binary, "bots", "--url", f"ws://127.0.0.1:{port}/", "--count", str(count), "--duration", str(seconds),
             "--ramp", str(ramp), "--behavior", "fight", "--map", MAP, "--name-prefix", prefix,
             "--progress", self.progress_path, "--warmup", "0"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)

    def lines(self):
        try:
            with open(self.progress_path) as f:
                rows = []
                for line in f:
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError:
                        pass  # a line being written
                return rows
        except FileNotFoundError:
            return []

    def at(self, when):
        """Each bot's [entered, kills, damage] in the last progress line written at or before `when` (epoch s)."""
        best = {}
        for row in self.lines():
            if row["t"] <= when:
                best = row["bots"]
        return best

    def entered(self):
        rows = self.lines()
        return sum(1 for v in rows[-1]["bots"].values() if v[0]) if rows else 0

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def stored(path):
    """(integrity_check result, {name: [kills, damage_dealt]}) read with the server down."""
    db = sqlite3.connect(path, timeout=10)
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        rows = db.execute("SELECT c.name, COALESCE((SELECT SUM(count) FROM kills k WHERE k.character_id = c.id), 0),"
                          " c.damage_dealt FROM characters c").fetchall()
        return integrity, {name: [kills, damage] for name, kills, damage in rows}
    finally:
        db.close()


def tmpfs(parent, name, size):
    """A tmpfs of `size` mounted at parent/name (its path), or None after a FAIL line."""
    mount = os.path.join(parent, name)
    os.mkdir(mount)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", mount]).returncode != 0:
        check(f"mount a {size} tmpfs at {mount}", False)
        return None
    return mount


def lost(final, now):
    """Bots (of a final progress line) whose character is missing or stores less than the bot saw."""
    return [name for name, (entered, kills_seen, damage_seen) in final.items()
            if entered and (name not in now or now[name][0] < kills_seen or now[name][1] < damage_seen)]


def wait_until(predicate, seconds, poll=0.1):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    return predicate()


# ------------------------------------------------------------------------------------------------------------------

def part_start(binary, out):
    work = tempfile.mkdtemp(prefix="wq-start-", dir=out)

    def refused(name, data, code, text, user=None, binary_=binary):
        server = Server(binary_, data, out, f"start-{name}", user=user)
        status = server.wait(20)
        server.kill()
        log = server.log_text().strip().splitlines()
        errors = [line for line in log if line.startswith("Error:")]
        check(f"start refused: {name} → exit {code}",
              status == code and len(errors) == 1 and text.lower() in errors[0].lower(),
              f"exit {status}, log {log[-3:]}")

    refused("missing directory", os.path.join(work, "nowhere", "w.sqlite"), 73, "does not exist")
    garbage = os.path.join(work, "garbage.sqlite")
    with open(garbage, "wb") as f:
        f.write(os.urandom(8192))
    refused("damaged file", garbage, 65, garbage)
    newer = os.path.join(work, "newer.sqlite")
    db = sqlite3.connect(newer)
    db.execute("CREATE TABLE characters (id INTEGER PRIMARY KEY)")
    db.execute("PRAGMA user_version = 999")
    db.commit()
    db.close()
    refused("newer schema", newer, 78, "999")

    shared = os.path.join(work, "shared.sqlite")
    first = Server(binary, shared, out, "start-first")
    check("a server starts on a new file and creates it", first.up() and os.path.exists(shared))
    refused("another server uses it", shared, 75, shared)
    code, text = first.admin("status")
    check("the first server still answers after the second was refused", code == 0, text[:200])
    first.kill(signal.SIGTERM)

    if os.geteuid() != 0:
        print("SKIP read-only mount and unreadable file: need root (mount, setpriv)")
        return
    mount = tmpfs(work, "ro", "4m")
    if not mount:
        return
    try:
        data = os.path.join(mount, "w.sqlite")
        made = Server(binary, data, out, "start-ro-make")
        check("a database is made on the tmpfs", made.up())
        made.kill(signal.SIGTERM)
        subprocess.run(["mount", "-o", "remount,ro", mount], check=True)
        refused("read-only mount", data, 77, "read-only")
    finally:
        subprocess.run(["umount", mount])
    # Another user (the repository may sit where `nobody` cannot go): a copy of the binary and a database that
    # only root may read, in a directory everyone may enter.
    unreadable = tempfile.mkdtemp(prefix="wq-unreadable-")
    try:
        os.chmod(unreadable, 0o755)
        copy = os.path.join(unreadable, "wirequest")
        shutil.copy(binary, copy)
        os.chmod(copy, 0o755)
        data = os.path.join(unreadable, "w.sqlite")
        made = Server(copy, data, out, "start-unreadable-make")
        made.up()
        made.kill(signal.SIGTERM)
        os.chmod(data, 0o600)  # root's, and nobody may read it
        refused("unreadable file", data, 66, "permission", user="nobody", binary_=copy)
    finally:
        shutil.rmtree(unreadable, ignore_errors=True)


def part_kill9(binary, out, kills):
    work = tempfile.mkdtemp(prefix="wq-kill9-", dir=out)
    data = os.path.join(work, "w.sqlite")
    port = free_port()
    server = Server(binary, data, out, "kill9-server", port=port)
    if not check("kill -9: the server starts", server.up()):
        return
    bots = Bots(binary, port, out, "kill9-bots", 100, prefix="k")
    check("kill -9: 100 bots enter", wait_until(lambda: bots.entered() >= 100, 30), f"{bots.entered()} entered")
    time.sleep(3)
    backup = os.path.join(work, "backup.sqlite")
    code, text = server.admin("backup", backup)
    ok = code == 0 and os.path.exists(backup)
    if ok:
        integrity, characters = stored(backup)
        ok = integrity == "ok" and len(characters) >= 100
    check("admin backup while 100 bots play gives a file that passes integrity_check", ok, text.strip()[:200])
    code, text = server.admin("ban", "banned-one")
    check("a ban is set", code == 0, text.strip()[:200])

    previous = {}  # stored after the last crash
    # Progress the bots saw up to this moment is accounted for by the last crash's check: the moment of that
    # crash plus 0.9 s. Frames the dying server sent are still read for a fraction of a second after the kill, and
    # a bot reconnects no sooner than a second after losing its connection, so nothing from the new server is seen
    # before then.
    since = 0.0
    worst = []
    failures = 0
    for round_ in range(1, kills + 1):
        # The bots reconnect (1–2 s), find a mob and fight (the first blow lands 3–5 s after they enter).
        time.sleep(7.5 + (round_ % 3) * 0.5)
        moment = time.time()
        server.process.kill()
        server.process.wait()
        integrity, now = stored(data)
        seen = bots.at(moment - 1.0)
        before = bots.at(since)
        problems = []
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        for name, (entered, kills_seen, damage_seen) in seen.items():
            if not entered:
                continue
            if name not in now:
                problems.append(f"{name} entered and is not stored")
                continue
            old = previous.get(name, [0, 0])
            base = before.get(name, [0, 0, 0])
            need = [kills_seen - base[1], damage_seen - base[2]]
            got = [now[name][0] - old[0], now[name][1] - old[1]]
            if got[0] < need[0] or got[1] < need[1]:
                problems.append(f"{name}: stored +{got} since the last crash, the bot saw +{need} until a second "
                                f"before this one")
        saved_rows = sum(1 for name in seen if name in now)
        # How much the check demands, and how much it forgives (the last second): a server that saved less often
        # than once a second would miss part of the first.
        required = sum(v[2] - before.get(n, [0, 0, 0])[2] for n, v in seen.items())
        forgiven = sum(v[2] for v in bots.at(moment).values()) - sum(v[2] for v in seen.values())
        worst.append(len(problems))
        if problems:
            failures += 1
            print(f"  crash {round_}: {problems[:5]}", flush=True)
        previous = now
        server = Server(binary, data, out, "kill9-server", port=port)
        if not server.up():
            check(f"kill -9: restart {round_}", False, server.log_text()[-500:])
            break
        since = moment + 0.9
        print(f"  crash {round_}: {saved_rows} characters checked, integrity {integrity}, {required} damage points "
              f"required, {forgiven} in the last second forgiven, {len(problems)} problem(s)", flush=True)
    check(f"kill -9 ×{kills} under load: integrity_check ok and nothing older than a second lost each time",
          failures == 0 and len(worst) == kills, f"{failures} crash(es) with problems")
    code, text = server.admin("bans")
    check("the ban survived the restarts", code == 0 and "banned-one" in text, text.strip()[:200])
    bots.stop()
    status = server.kill(signal.SIGTERM)
    check("kill -9: the last server stops with SIGTERM and exit 0", status == 0, f"exit {status}")


def part_sigterm(binary, out, count):
    for how in ("SIGTERM", "admin shutdown 0"):
        n = count if how == "SIGTERM" else 100
        work = tempfile.mkdtemp(prefix="wq-term-", dir=out)
        data = os.path.join(work, "w.sqlite")
        port = free_port()
        label = how.replace(" ", "-")
        server = Server(binary, data, out, f"term-{label}-server", port=port,
                        extra=("--players-per-world", str(max(200, n))))
        if not check(f"{how}: the server starts", server.up()):
            continue
        bots = Bots(binary, port, out, f"term-{label}-bots", n, prefix="t", ramp=200)
        entered = wait_until(lambda: bots.entered() >= n, 60)
        check(f"{how}: {n} bots enter", entered, f"{bots.entered()} entered")
        time.sleep(8)
        started = time.monotonic()
        if how == "SIGTERM":
            server.process.send_signal(signal.SIGTERM)
        else:
            server.admin("shutdown", "0")
        status = server.wait(10)
        took = time.monotonic() - started
        time.sleep(0.6)  # the bots' last progress line after the close
        final = bots.at(time.time())
        bots.stop()
        check(f"{how}: exit 0 within 5 s", status == 0 and took < 5.5, f"exit {status} after {took:.1f} s")
        integrity, now = stored(data)
        missing = lost(final, now)
        players = sum(1 for v in final.values() if v[0])
        damage = sum(v[2] for v in final.values())
        check(f"{how} with {players} players: every character saved (0 lost), integrity ok",
              integrity == "ok" and not missing and players >= n,
              f"integrity {integrity}, lost {missing[:5]} of {players}; {damage} damage points witnessed")


def part_diskfull(binary, out):
    if os.geteuid() != 0:
        print("SKIP full disk: needs root to mount a tmpfs")
        return
    work = tempfile.mkdtemp(prefix="wq-full-", dir=out)
    mount = tmpfs(work, "small", "3m")
    if not mount:
        return
    try:
        data = os.path.join(mount, "w.sqlite")
        port = free_port()
        server = Server(binary, data, out, "full-server", port=port)
        if not check("full disk: the server starts on a 3 MiB tmpfs", server.up()):
            return
        bots = Bots(binary, port, out, "full-bots", 40, prefix="f")
        wait_until(lambda: bots.entered() >= 40, 30)
        time.sleep(2)
        filler = os.path.join(mount, "filler")
        with open(filler, "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        check("full disk: the filler took the last byte", shutil.disk_usage(mount).free < 65536)
        before = bots.at(time.time())
        time.sleep(6)
        failing = wait_until(lambda: [line for line in server.log_text().splitlines() if "could not save" in line], 10)
        check("full disk: the failed writes are logged", failing, (failing or ["no such line"])[0][-200:])
        check("full disk: the server keeps running", server.process.poll() is None)
        during = bots.at(time.time())
        played = sum(v[2] for v in during.values()) - sum(v[2] for v in before.values())
        check("full disk: play goes on (the bots keep dealing damage)", played > 0, f"{played} points")
        os.unlink(filler)
        recovered = wait_until(lambda: [line for line in server.log_text().splitlines() if "work again" in line], 20)
        check("full disk: after space returns, writes work again (logged)", recovered,
              (recovered or ["no such line"])[0][-200:])
        time.sleep(1)
        server.process.send_signal(signal.SIGTERM)
        status = server.wait(10)
        time.sleep(0.6)
        final = bots.at(time.time())
        bots.stop()
        check("full disk: SIGTERM exit 0", status == 0, f"exit {status}")
        integrity, now = stored(data)
        missing = lost(final, now)
        check("full disk: integrity ok and every character's progress stored", integrity == "ok" and not missing,
              f"integrity {integrity}, lost {missing[:5]}")
    finally:
        subprocess.run(["umount", "-l", mount])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--out", required=True)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--sigterm-bots", type=int, default=500)
    parser.add_argument("--only", default="start,kill9,sigterm,diskfull")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    binary = os.path.abspath(args.binary)
    parts = args.only.split(",")
    if "start" in parts:
        part_start(binary, args.out)
    if "kill9" in parts:
        part_kill9(binary, args.out, args.kills)
    if "sigterm" in parts:
        part_sigterm(binary, args.out, args.sigterm_bots)
    if "diskfull" in parts:
        part_diskfull(binary, args.out)
    return check.finish()


if __name__ == "__main__":
    sys.exit(main())
