#!/usr/bin/env python3
"""What an operator's tools read from a release `wirequest serve`: /metrics, the JSON log, the alerting rules.

Usage: metrics_checks.py BINARY --port N [--out DIR] [--promtool PATH]

- `promtool check rules` (lint all, fatal) and `promtool test rules` on Sources/wirequest/Deploy/wirequest-alerts*.yml;
- a server run with `--log-format json` while bots play and one client sends garbage: `promtool check metrics` on its
  /metrics with no warning, the tick histogram cumulative and adding up, process_start_time_seconds from this run,
  wirequest_max_players the configured cap;
- after SIGTERM (exit 0), every line the server logged parses as one JSON object with ts, level, label and msg, and
  the lines about players, connections and HTTP requests carry them as fields (player, world, conn, addr, path...);
- a server that cannot start (its port taken) says so in a critical JSON line.

Standard library only. Prints one line per check and `N passed, M failed` last.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wsclient import Checks, WebSocket, wait_for_port  # noqa: E402

check = Checks()
DEPLOY = "Sources/wirequest/Deploy"
WORLDS, CAP, BOTS = 2, 50, 12


def http_get(port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body.decode("utf-8")


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, **kwargs)
    return result.returncode, (result.stdout + result.stderr).strip()


def check_rules(promtool):
    rules = os.path.join(DEPLOY, "wirequest-alerts.yml")
    rc, output = run([promtool, "check", "rules", "--lint=all", "--lint-fatal", rules])
    check("promtool check rules", rc == 0 and "SUCCESS: 4 rules found" in output and "WARNING" not in output.upper(),
          output.replace("\n", " | "))
    rc, output = run([promtool, "test", "rules", "wirequest-alerts.test.yml"], cwd=DEPLOY)
    check("promtool test rules", rc == 0 and "SUCCESS" in output, output.replace("\n", " | ")[-600:])


def samples(text):
    """(name, labels dict, value) for every sample line."""
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name_labels, value = line.rsplit(" ", 1)
        name, labels = name_labels, {}
        if "{" in name_labels:
            name, rest = name_labels.split("{", 1)
            for pair in rest.rstrip("}").split('",'):
                key, val = pair.split('="', 1)
                labels[key] = val.rstrip('"')
        out.append((name, labels, float(value)))
    return out


def check_metrics(port, promtool, started_before, out):
    head, body = http_get(port, "/metrics")
    with open(os.path.join(out, "metrics.txt"), "w") as f:
        f.write(body)
    check("/metrics answers 200 in the text format", " 200 " in head.split("\r\n")[0]
          and "text/plain; version=0.0.4" in head, head.split("\r\n")[0])
    result = subprocess.run([promtool, "check", "metrics"], input=body, capture_output=True, text=True, timeout=30)
    problems = (result.stdout + result.stderr).strip()
    check("promtool check metrics: no error or warning", result.returncode == 0 and not problems, problems[:800])
    page = samples(body)
    for world in map(str, range(WORLDS)):
        buckets = [(s[1]["le"], s[2]) for s in page
                   if s[0] == "wirequest_tick_duration_seconds_bucket" and s[1].get("world") == world]
        count = next((s[2] for s in page if s[0] == "wirequest_tick_duration_seconds_count"
                      and s[1].get("world") == world), None)
        total = next((s[2] for s in page if s[0] == "wirequest_tick_duration_seconds_sum"
                      and s[1].get("world") == world), None)
        counts = [c for _, c in buckets]
        check(f"world {world}: tick histogram cumulative, +Inf = _count > 0, _sum plausible",
              buckets and buckets[-1][0] == "+Inf" and all(a <= b for a, b in zip(counts, counts[1:]))
              and count is not None and counts[-1] == count > 0 and total is not None and 0 < total < count * 0.25,
              f"buckets {buckets}, count {count}, sum {total}")
    start = next((s[2] for s in page if s[0] == "process_start_time_seconds"), None)
    check("process_start_time_seconds is this run's start", start is not None
          and started_before - 1 <= start <= time.time(), f"{start} (server started after {started_before:.3f})")
    caps = [s[2] for s in page if s[0] == "wirequest_max_players"]
    check("wirequest_max_players is --players-per-world for every world", caps == [CAP] * WORLDS, str(caps))
    players = sum(s[2] for s in page if s[0] == "wirequest_players")
    check("bots are counted in wirequest_players", players > 0, f"{players:g}")
    for name in ["process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds",
                 "wirequest_tick_seconds", "wirequest_tick_overruns_total", "wirequest_refused_total"]:
        check(f"{name} is exposed", any(s[0] == name for s in page))


def check_log(path):
    with open(path, encoding="utf-8", errors="strict") as f:
        lines = f.read().splitlines()
    bad, records = [], []
    for line in lines:
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not {"ts", "level", "label", "msg"} <= record.keys():
                raise ValueError("not an object with ts, level, label and msg")
            records.append(record)
        except ValueError as error:
            bad.append(f"{error}: {line[:160]}")
    check(f"every log line ({len(lines)}) is one JSON object", lines and not bad, " / ".join(bad[:3]))
    entered = [r for r in records if " entered at " in r["msg"]]
    check("players entering are logged with player, world and conn fields", len(entered) >= BOTS and all(
        isinstance(r.get("player"), str) and isinstance(r.get("world"), int) and isinstance(r.get("conn"), int)
        for r in entered), f"{len(entered)} lines, e.g. {entered[:1]}")
    left = [r for r in records if r["msg"].endswith(" left")]
    check("players leaving are logged with their fields", len(left) >= 1 and all("player" in r for r in left),
          f"{len(left)} lines")
    garbage = [r for r in records if "bad message" in r["msg"]]
    check("a refused connection is logged with conn and addr", len(garbage) == 1 and isinstance(
        garbage[0].get("conn"), int) and garbage[0].get("addr", "").startswith("127.0.0.1"), str(garbage))
    scrapes = [r for r in records if r.get("path") == "/metrics"]
    check("the access log has the request as fields", len(scrapes) == 1 and scrapes[0].get("status") == 200
          and scrapes[0].get("method") == "GET" and scrapes[0].get("addr") == "127.0.0.1"
          and isinstance(scrapes[0].get("bytes"), int), str(scrapes))
    check("timestamps are RFC 3339 UTC with milliseconds", all(
        len(r["ts"]) == 24 and r["ts"][10] == "T" and r["ts"].endswith("Z") for r in records))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", default=tempfile.mkdtemp(prefix="wq-metrics-"))
    parser.add_argument("--promtool", default="promtool")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    check_rules(args.promtool)

    log_path = os.path.join(args.out, "serve.log")
    started_before = time.time()
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [args.binary, "serve", "--host", "127.0.0.1", "--port", str(args.port), "--data", "none",
             "--admin-socket", os.path.join(args.out, "admin.sock"), "--worlds", str(WORLDS),
             "--players-per-world", str(CAP), "--log-format", "json", "--log-level", "info", "--access-log"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)
    bots = None
    try:
        if not check("server listens", wait_for_port(args.port, server)):
            sys.exit(check.finish())
        with open(os.path.join(args.out, "bots.log"), "w") as bots_log:
            bots = subprocess.Popen(
                [args.binary, "bots", "--url", f"ws://127.0.0.1:{args.port}/", "--count", str(BOTS), "--ramp", "50",
                 "--duration", "6", "--warmup", "1", "--map", "Maps/world.tmj"],
                stdin=subprocess.DEVNULL, stdout=bots_log, stderr=subprocess.STDOUT)
        client = WebSocket(args.port)
        client.read_text()  # go
        client.send(1, b"this is not JSON")
        while client.read_text() is not None:
            pass
        check("garbage is closed with 1008", client.close_code == 1008, f"close code {client.close_code}")
        client.close()
        time.sleep(4)
        check_metrics(args.port, args.promtool, started_before, args.out)
        check("bots finish", bots.wait(30) == 0, f"status {bots.returncode}")
        server.send_signal(signal.SIGTERM)
        check("server exits 0 on SIGTERM", server.wait(10) == 0, f"status {server.returncode}")
    finally:
        for process in (bots, server):
            if process is not None and process.poll() is None:
                process.kill()
    check_log(log_path)
    check_start_failure(args)
    sys.exit(check.finish())


def check_start_failure(args):
    """A server that cannot start (its port taken) says so in the log's format too."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [args.binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--data", "none",
             "--admin-socket", "none", "--log-format", "json"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    records = []
    try:
        records = [json.loads(line) for line in result.stderr.splitlines()]
    except ValueError:
        pass
    last = records[-1] if records and isinstance(records[-1], dict) else {}
    check("a port in use stops the server with a critical JSON line",
          result.returncode != 0 and last.get("level") == "critical" and "in use" in last.get("msg", "").lower(),
          f"status {result.returncode}: {result.stderr.strip()[-300:]}")


if __name__ == "__main__":
    main()
