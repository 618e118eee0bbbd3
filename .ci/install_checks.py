#!/usr/bin/env python3
"""An operator's first day with a release build: install it, configure it, break it, and read what it says.

Usage: install_checks.py BINARY UNIT [--port N]

1. The systemd unit (UNIT) passes `systemd-analyze verify` with no warning, in a temporary root where the release
   binary sits at the unit's ExecStart path.
2. BINARY with Public/ and Maps/ copied beside it in a temporary directory A, started from another directory B with no
   --public/--maps/--map, serves GET /, a JS file, the map, and a WebSocket HELLO gets WELCOME; SIGTERM exits 0. The
   same with a /usr/local-style layout (bin/wirequest, share/wirequest/{Public,Maps}).
3. `serve --print-config` redirected into a file is a config file serve reads back; a WIREQUEST_PORT variable wins over
   the file and a flag wins over the variable.
4. Errors say what to do: a port in use names the address and --port (exit 69), a missing --public names the path and
   the directory it was looked up from (exit 66), an unknown config key names file:line (exit 64).
Standard library only. Prints one line per check and `N passed, M failed` last.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wsclient import Checks, WebSocket, free_port, http_get, wait_for_port  # noqa: E402

check = Checks()
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WELCOME, LIST = 1, 19


def verify_unit(binary, unit):
    """systemd-analyze verify in a root holding the unit, the binary at ExecStart's path and the system's units."""
    root = tempfile.mkdtemp(prefix="wq-unit-")
    try:
        exec_start = next(line.split("=", 1)[1].split()[0] for line in open(unit) if line.startswith("ExecStart="))
        os.makedirs(os.path.dirname(root + exec_start))
        shutil.copy(binary, root + exec_start)
        os.makedirs(os.path.join(root, "etc/systemd/system"))
        shutil.copy(unit, os.path.join(root, "etc/systemd/system/wirequest.service"))
        shutil.copytree("/usr/lib/systemd/system", os.path.join(root, "usr/lib/systemd/system"), symlinks=True)
        result = subprocess.run(
            ["systemd-analyze", f"--root={root}", "verify", os.path.join(root, "etc/systemd/system/wirequest.service")],
            capture_output=True, text=True)
        output = (result.stdout + result.stderr).strip()
        check("systemd-analyze verify passes with no warning", result.returncode == 0 and not output,
              f"exit {result.returncode}: {output}")
        os.remove(root + exec_start)
        missing = subprocess.run(
            ["systemd-analyze", f"--root={root}", "verify", os.path.join(root, "etc/systemd/system/wirequest.service")],
            capture_output=True, text=True)
        check("verify fails without the binary at ExecStart (so the check above is real)",
              missing.returncode != 0 and exec_start in missing.stderr, missing.stderr.strip())
        text = open(unit).read()
        for needle in ["User=wirequest", "LimitNOFILE=", "Restart=on-failure", "RestartSec=", "NoNewPrivileges=true",
                       "ProtectSystem=strict", "StateDirectory=wirequest", "WorkingDirectory=/var/lib/wirequest"]:
            check(f"unit sets {needle}", needle in text)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def start(command, cwd, env=None):
    return subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def stop(server, label):
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(timeout=8)
    except subprocess.TimeoutExpired:
        server.kill()
        code = None
    output = server.stdout.read()
    check(f"{label}: SIGTERM exits 0", code == 0, f"exit {code}")
    return output


def serves_the_game(binary, label, cwd, port, extra=(), env=None, expect_port=None):
    """Starts BINARY serve in CWD, checks it serves the game on expect_port (default port), stops it; returns its log."""
    expect_port = expect_port or port
    command = [binary, "serve", "--host", "127.0.0.1", "--no-console", *extra]
    if "--config" not in extra and env is None:
        command += ["--port", str(port)]
    server = start(command, cwd, env)
    try:
        if not check(f"{label}: listens on port {expect_port}", wait_for_port(expect_port, server, 15)):
            server.kill()
            print(server.stdout.read())
            return ""
        status, body = http_get(expect_port, "/")
        check(f"{label}: GET / is the client", status == 200 and b"<html" in body.lower(), f"{status}")
        status, body = http_get(expect_port, "/js/protocol.js")
        check(f"{label}: GET /js/protocol.js", status == 200 and len(body) > 100, f"{status}, {len(body)} bytes")
        status, body = http_get(expect_port, "/maps/world.tmj")
        check(f"{label}: GET /maps/world.tmj", status == 200 and len(body) > 1000, f"{status}, {len(body)} bytes")
        ws = WebSocket(expect_port)
        go = ws.read_text()
        ws.send_json([0, "Installer", 21, 60])
        messages = ws.read_messages(lambda m: m[0] == LIST)
        ws.close()
        check(f"{label}: HELLO gets WELCOME", go == "go" and messages and messages[0][0] == WELCOME,
              json.dumps(messages[:1]))
    except (OSError, ValueError) as error:
        check(f"{label}: serves the game", False, repr(error))
    return stop(server, label)


def install(binary, root, layout):
    """Copies the binary and the assets into ROOT: 'flat' (beside it) or 'share' (bin/ and share/wirequest/)."""
    bin_dir = root if layout == "flat" else os.path.join(root, "bin")
    assets = root if layout == "flat" else os.path.join(root, "share", "wirequest")
    os.makedirs(bin_dir, exist_ok=True)
    os.makedirs(assets, exist_ok=True)
    shutil.copy(binary, os.path.join(bin_dir, "wirequest"))
    shutil.copytree(os.path.join(REPO, "Public"), os.path.join(assets, "Public"))
    shutil.copytree(os.path.join(REPO, "Maps"), os.path.join(assets, "Maps"))
    return os.path.join(bin_dir, "wirequest")


def run_errors(installed, cwd, port):
    """A port in use, a missing --public and an unknown config key: each names what to fix."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREQUEST_")}
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = subprocess.run([installed, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-console",
                                 "--data", "none", "--admin-socket", "none"], cwd=cwd, env=env, capture_output=True,
                                text=True, timeout=20)
    expected = f"error: 127.0.0.1:{port} is in use by another process; stop it or choose another port with --port"
    check("a port in use names the address and --port (exit 69)", result.returncode == 69 and expected in result.stderr,
          f"exit {result.returncode}: {result.stderr.strip()}")
    result = subprocess.run([installed, "serve", "--public", "Publik", "--no-console"], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=20)
    expected = f"error: --public 'Publik': No such file or directory ({cwd}/Publik, looked up from {cwd}, the current directory)"
    check("a missing --public names the path and where it was looked up (exit 66)",
          result.returncode == 66 and expected in result.stderr, f"exit {result.returncode}: {result.stderr.strip()}")
    bad = os.path.join(cwd, "bad.conf")
    with open(bad, "w") as f:
        f.write("# a typo on line 2\nprot = 8000\n")
    result = subprocess.run([installed, "serve", "--config", bad], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=20)
    check("an unknown config key names file:line (exit 64)",
          result.returncode == 64 and f"{bad}:2: unknown key 'prot'" in result.stderr,
          f"exit {result.returncode}: {result.stderr.strip()}")
    result = subprocess.run([installed, "serve", "--config", bad + ".missing"], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=20)
    check("a missing config file is named (exit 64)",
          result.returncode == 64 and "bad.conf.missing" in result.stderr, result.stderr.strip())


def main():
    binary, unit = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else free_port()
    if shutil.which("systemd-analyze"):
        verify_unit(binary, unit)
    else:
        check("systemd-analyze is installed (apt-get install systemd)", False)
    work = tempfile.mkdtemp(prefix="wq-install-")
    try:
        flat, share, cwd = (os.path.join(work, name) for name in ("opt", "usr", "cwd"))
        os.makedirs(cwd)
        installed = install(binary, flat, "flat")
        log = serves_the_game(installed, "installed flat, run from elsewhere", cwd, port,
                              ["--data", "none", "--admin-socket", "none"])
        check("the start-up log says which directories are served",
              f"serving / from {flat}/Public (beside the executable)" in log, log.splitlines()[0] if log else "")
        installed_share = install(binary, share, "share")
        log = serves_the_game(installed_share, "installed as bin/ + share/wirequest/", cwd, port,
                              ["--data", "none", "--admin-socket", "none"])
        check("share/wirequest is found", f"{share}/share/wirequest/Public (in the install's share/wirequest)" in log)

        # A printed config, edited, read back; then the environment over it, then a flag over both.
        env = {k: v for k, v in os.environ.items() if not k.startswith("WIREQUEST_")}
        printed = subprocess.run([installed, "serve", "--print-config", "--port", str(port), "--data", "none",
                                  "--admin-socket", "none"], cwd=cwd, env=env, capture_output=True, text=True,
                                 timeout=20)
        config = os.path.join(cwd, "wirequest.conf")
        with open(config, "w") as f:
            f.write(printed.stdout)
        check("--print-config exits 0 and says where values came from",
              printed.returncode == 0 and f"[command line]\nport = {port}\n" in printed.stdout
              and "[default]\nworlds = 5\n" in printed.stdout, printed.stderr.strip())
        serves_the_game(installed, "--config from --print-config", cwd, port, ["--config", config], env=env)
        second = free_port()
        serves_the_game(installed, "WIREQUEST_PORT over the file", cwd, port, [],
                        env={**env, "WIREQUEST_CONFIG": config, "WIREQUEST_PORT": str(second)}, expect_port=second)
        third = free_port()
        serves_the_game(installed, "--port over WIREQUEST_PORT", cwd, port, ["--port", str(third)],
                        env={**env, "WIREQUEST_CONFIG": config, "WIREQUEST_PORT": str(second)}, expect_port=third)
        run_errors(installed, cwd, port)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(check.finish())


if __name__ == "__main__":
    main()
