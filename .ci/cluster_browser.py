#!/usr/bin/env python3
"""The cluster checks' browser phase: two headless Chromiums play over wss:// through HAProxy's TLS port, on two
different nodes, and keep playing when their nodes go away.

Run by .ci/cluster_checks.py (phase 7) with the Python of a venv that has selenium (see .ci/run's step_browser),
while the cluster it started is up:

    cluster_browser.py --binary WIREQUEST --out DIR --tls-port PORT --haproxy-socket SOCK \
        --node NAME,HTTP_PORT,ADMIN_SOCKET,PID (three times)

1. Browsers A and B (each its own profile, so its own token cookie) load https://localhost:PORT/ (the self-signed
   certificate accepted: --ignore-certificate-errors) and play. Which node each plays on is asked of every node's
   admin socket (`@NODE players`); when the proxy's leastconn put them on the same node, B reloads and plays again
   while HAProxy's runtime API holds A's node back from new connections (`set server nodes/N state drain`).
2. Each loots armor the operator spawns next to it (A leather, B mail) and walks a few tiles.
3. An operator `say` through one node's admin socket reaches both pages (lastNotice, the chat log).
4. `admin drain` on A's node: A's page is closed (1012) and plays on another node by itself within 10 s, with the
   same armor and within 3 tiles of where it stood; then `drain off`.
5. kill -9 of B's node (its pid): the same for B (and for A if it moved there). The caller restarts the node.
6. No SEVERE console line besides Chromium's own "WebSocket connection … failed" while a node was away.

Screenshots to DIR. Prints PASS/FAIL lines (the caller counts them) and `info:` lines; exits 0 however the checks
went (1 only on a usage error), so that the caller's count is the verdict. Every wait is bounded; SIGTERM quits the
browsers.
"""
import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_e2e import Map, join, js, load, pos, shot, text_of, walk_to, wq  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

LEATHER, MAIL = 22, 23
BACK_WITHIN = 10  # seconds from a node going away to the page playing again
T0 = time.monotonic()


def check(name, ok, detail=""):
    print(f"{'PASS' if ok else 'FAIL'} phase 7: {name}{': ' + detail if detail else ''}", flush=True)
    return bool(ok)


def info(text):
    print(f"info: [{time.monotonic() - T0:5.1f} s] {text}", flush=True)


def until(predicate, seconds, poll=0.1):
    end = time.monotonic() + seconds
    while True:
        value = predicate()
        if value or time.monotonic() >= end:
            return value
        time.sleep(poll)


class Node:
    def __init__(self, binary, spec):
        name, port, sock, pid = spec.split(",")
        self.binary, self.name, self.port, self.socket, self.pid = binary, name, int(port), sock, int(pid)

    def admin(self, *words, as_json=False):
        """(exit status, answer): the answer parsed when as_json (None if it is not JSON)."""
        try:
            done = subprocess.run([self.binary, "admin", "--socket", self.socket, *(["--json"] if as_json else []),
                                   *words], capture_output=True, text=True, timeout=15)
        except subprocess.TimeoutExpired:
            return None, None
        if not as_json:
            return done.returncode, (done.stdout + done.stderr).strip().replace("\n", " | ")
        try:
            return done.returncode, json.loads(done.stdout)
        except ValueError:
            return done.returncode, None

    def players(self):
        """{lowercased name: player} on this node alone (`@NODE players`), or None when it does not answer."""
        rc, answer = self.admin(f"@{self.name}", "players", as_json=True)
        if rc != 0 or not isinstance(answer, dict):
            return None
        return {str(p.get("name", "")).lower(): p for p in answer.get("players", [])}

    def alive(self):
        try:
            os.kill(self.pid, 0)
        except OSError:
            return False
        # A killed child stays a zombie until the caller reaps it: count those as gone.
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                return f.read().split(") ", 1)[1][:1] != "Z"
        except (OSError, IndexError):
            return False


def where(nodes, name):
    """(node, its player record) of the node `name` plays on, or (None, None)."""
    for node in nodes:
        if not node.alive():
            continue
        found = (node.players() or {}).get(name.lower())
        if found:
            return node, found
    return None, None


def haproxy(sock_path, command):
    """One line to HAProxy's runtime API; its answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect(sock_path)
        s.sendall(command.encode() + b"\n")
        answer = b""
        while chunk := s.recv(4096):
            answer += chunk
    return answer.decode(errors="replace").strip()


def browser():
    """Headless Chromium with its own profile; a self-signed certificate is accepted (wss:// to the proxy too)."""
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1024,768",
              "--ignore-certificate-errors"):
        o.add_argument(a)
    o.accept_insecure_certs = True
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_page_load_timeout(20)
    d.set_script_timeout(10)
    return d


def playing(d):
    return js(d, "return !!window.__wq && window.__wq.state === 'playing' && !!window.__wq.player"
                 " && !!window.__wq.profile;")


def loot(d, node, world_map, who, kind_name, kind):
    """The operator spawns `kind_name` next to the player on its node, the page clicks it: True once worn. A second
    try from where the player then stands, should a wandering bot or mob have been in the way."""
    tries = [loot_once(d, node, world_map, who, kind_name, kind) for _ in range(2)
             if (wq(d, "player") or {}).get("armor") != kind]
    return check(f"{who} loots the {kind_name} the operator spawned next to it on {node.name}",
                 (wq(d, "player") or {}).get("armor") == kind, " / ".join(tries))


def loot_once(d, node, world_map, who, kind_name, kind):
    p = pos(d)
    _, record = where([node], who)
    world = record.get("world") if record else None
    occupied = {(e["x"], e["y"]) for e in js(d, "return window.__wq.entities();")}
    spots = [(p[0] + dx, p[1] + dy) for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (2, 0), (-2, 0), (0, 2))]
    spot = next((s for s in spots if world_map.walkable(*s) and s not in occupied), None) if p else None
    rc, text = (node.admin("spawn", kind_name, str(spot[0]), str(spot[1]), str(world))
                if spot and world is not None else (None, "no spot"))
    seen = rc == 0 and until(lambda: js(d, "return window.__wq.entities().some((e) => e.kind === arguments[0]"
                                           " && e.x === arguments[1] && e.y === arguments[2]);",
                                        kind, spot[0], spot[1]), 5)
    clicked = seen and js(d, "return window.__wq.clickTile(arguments[0], arguments[1]);", spot[0], spot[1])
    worn = clicked == "loot" and until(lambda: (wq(d, "player") or {}).get("armor") == kind, 8)
    return f"spawn at {spot} world {world}: exit {rc} {text}; click {clicked}; worn {bool(worn)}"


def stroll(d, world_map):
    """Walks a few tiles away from where it stands; the position it stops on, or None."""
    p = pos(d)
    occupied = {(e["x"], e["y"]) for e in js(d, "return window.__wq.entities();")}
    for ox, oy in ((3, 0), (-3, 0), (0, 3), (0, -3), (2, 2), (-2, 2), (2, -2), (-2, -2)):
        t = (p[0] + ox, p[1] + oy)
        if not world_map.walkable(*t) or t in occupied or t in world_map.doors:
            continue
        reached = walk_to(d, *t, timeout=6)
        if reached:
            return reached[:2]
        until(lambda: (lambda q: q and not q[2])(pos(d)), 4)
    return None


def follow(pages, seconds):
    """Watches pages (who → driver) after a disruption began: for each, when it stopped and started playing again
    (seconds after the start), polled every 50 ms until all are back or `seconds` passed."""
    started = time.monotonic()
    lost, back = {}, {}
    # A page may reconnect between two polls (its first retry after 1012 comes within 300 ms): a new close record or
    # a new player id (a new WELCOME) counts as the loss then.
    def session(d):
        return json.dumps([wq(d, "lastClose"), wq(d, "playerId")])

    sessions = {who: session(d) for who, d in pages.items()}
    while time.monotonic() - started < seconds and len(back) < len(pages):
        for who, d in pages.items():
            if who in back:
                continue
            now = playing(d)
            t = time.monotonic() - started
            if who not in lost and (not now or session(d) != sessions[who]):
                lost[who] = t
            elif now and who in lost:
                back[who] = t
        time.sleep(0.05)
    return lost, back


def moved(label, nodes, gone, pages, before, disrupt, word, screenshot_dir):
    """`disrupt()` takes node `gone` away; each page in `pages` must play on another node within BACK_WITHIN s of
    it, with the armor and (within 3 tiles) the position of `before[who]`."""
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("disrupt", disrupt()), daemon=True)
    started = time.monotonic()
    thread.start()
    lost, back = follow(pages, BACK_WITHIN + 5)
    thread.join(15)
    for who, d in pages.items():
        p = wq(d, "player") or {}
        close = (wq(d, "lastClose") or {}).get("code")
        node, _ = where(nodes, who) if who in back else (None, None)
        armor, spot = before[who]
        distance = abs(p.get("x", -99) - spot[0]) + abs(p.get("y", -99) - spot[1]) if p else None
        took = back.get(who)
        gap = took - lost[who] if who in back and who in lost else None
        check(f"{label}: {who} plays on another node by itself within {BACK_WITHIN} s",
              took is not None and took <= BACK_WITHIN and node is not None and node is not gone,
              f"back after {took if took is None else round(took, 2)} s ({gap if gap is None else round(gap, 2)} s "
              f"after its page lost the connection, close code {close}), from {gone.name} to "
              f"{node.name if node else None}")
        check(f"{label}: {who} has the same armor and stands within 3 tiles of where it was",
              took is not None and p.get("armor") == armor and distance is not None and distance <= 3,
              f"armor {armor} → {p.get('armor')}, {spot} → ({p.get('x')}, {p.get('y')}), moved {distance}")
        shot(d, screenshot_dir, f"{word}-{who.lower()}.png")
    return result.get("disrupt"), back


def console(d):
    """(SEVERE console lines, how many of them were Chromium's own "WebSocket connection to … failed" lines, which
    a page trying to reconnect while a node is away may log)."""
    bad, expected = [], 0
    for entry in d.get_log("browser"):
        if entry.get("level") != "SEVERE":
            continue
        message = entry.get("message", "")
        if "WebSocket connection to" in message and "failed" in message:
            expected += 1
        elif "favicon" not in message:
            bad.append(message)
    return bad, expected


def scenario(args, nodes, a, b):
    base = f"https://localhost:{args.tls_port}"
    world_map = Map(f"http://127.0.0.1:{nodes[0].port}")
    names = {"Ann" + secrets.token_hex(2): a, "Ben" + secrets.token_hex(2): b}
    (na, a), (nb, b) = names.items()
    joined = {who: join(d, base, who) for who, d in names.items()}
    protocols = {who: js(d, "return location.protocol;") for who, d in names.items()}
    if not check("two browsers play through the proxy's TLS port (https page, wss:// WebSocket)",
                 all(joined.values()) and set(protocols.values()) == {"https:"},
                 f"playing {joined}, pages {protocols}, extensions {wq(a, 'wsExtensions')!r}"):
        return
    node_a, _ = until(lambda: (lambda f: f if f[0] else None)(where(nodes, na)), 3) or (None, None)
    node_b, _ = until(lambda: (lambda f: f if f[0] else None)(where(nodes, nb)), 3) or (None, None)
    steered = 0
    while node_a and node_b is node_a and steered < 3:
        # leastconn sends both to the emptiest node (after phases 4 and 5, a node just drained or restarted): B plays
        # again while the proxy gives A's node no new connections.
        steered += 1
        info(haproxy(args.haproxy_socket, f"set server nodes/{node_a.name} state drain") or "proxy: drain set")
        try:
            load(b, base)
            b.find_element(By.ID, "play-button").click()
            until(lambda: playing(b), 15)
        finally:
            info(haproxy(args.haproxy_socket, f"set server nodes/{node_a.name} state ready") or "proxy: ready set")
        node_b, _ = until(lambda: (lambda f: f if f[0] else None)(where(nodes, nb)), 3) or (None, None)
    if not check("the browsers play on different nodes (each node's admin socket: players)",
                 node_a and node_b and node_a is not node_b,
                 f"{na} on {node_a and node_a.name}, {nb} on {node_b and node_b.name}"
                 f"{f' (B played again {steered} time(s) with {node_a.name} held back at the proxy)' if steered else ''}"):
        return
    geared = loot(a, node_a, world_map, na, "leatherarmor", LEATHER) & loot(b, node_b, world_map, nb, "mailarmor", MAIL)
    walked = {who: stroll(d, world_map) for who, d in names.items()}
    check("both walk a few tiles", all(walked.values()), f"{walked}")
    if not geared:
        return
    time.sleep(1.5)  # positions are saved at most once a second while they change

    notice = f"Cluster notice {secrets.token_hex(3)} <b>&"
    rc, text = node_a.admin("say", notice)
    for who, d in names.items():
        got = until(lambda: wq(d, "lastNotice") == notice, 5)
        log = text_of(d, "chat-log") or ""
        check(f"an operator's say through {node_a.name}'s admin socket reaches {who} (on "
              f"{(node_a if d is a else node_b).name}) in its chat log", got and f"[server]: {notice}" in log,
              f"admin exit {rc}: {text[:120]}; lastNotice {wq(d, 'lastNotice')!r}, log …{log[-80:]!r}")
    for who, d in names.items():
        shot(d, args.out, f"before-{who[:3].lower()}.png")

    before = {who: ((wq(d, "player") or {}).get("armor"), tuple(pos(d)[:2])) for who, d in names.items()}
    answer, back = moved("drain", nodes, node_a, {na: a}, before,
                         lambda: node_a.admin("drain"), "drained", args.out)
    info(f"drain answered {answer}")
    rc, text = node_a.admin("drain", "off")
    check(f"drain off on {node_a.name}", rc == 0, f"exit {rc}: {text[:120]}")
    if na not in back:
        return

    node_b, _ = where(nodes, nb)
    if not check(f"{nb} still plays on a node before the kill", node_b, node_b.name if node_b else "on none"):
        return
    time.sleep(1.2)  # A's position on its new node is saved too, should A be on the node about to die
    before = {who: ((wq(d, "player") or {}).get("armor"), tuple(pos(d)[:2])) for who, d in names.items()}
    victims = {who: d for who, d in names.items() if where(nodes, who)[0] is node_b}
    info(f"kill -9 {node_b.name} (pid {node_b.pid}), playing there: {sorted(victims)}")

    def kill():
        os.kill(node_b.pid, signal.SIGKILL)
        return until(lambda: not node_b.alive(), 5)

    moved("kill -9", nodes, node_b, victims, before, kill, "killed", args.out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--tls-port", type=int, required=True)
    parser.add_argument("--haproxy-socket", required=True)
    parser.add_argument("--node", action="append", required=True, help="NAME,HTTP_PORT,ADMIN_SOCKET,PID")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    os.makedirs(args.out, exist_ok=True)
    nodes = [Node(os.path.abspath(args.binary), spec) for spec in args.node]
    a = b = None
    try:
        a, b = browser(), browser()
        info("two Chromiums started")
        scenario(args, nodes, a, b)
        for who, d in (("A", a), ("B", b)):
            errors, expected = console(d)
            check(f"no SEVERE console errors in {who} (besides failed WebSocket connections while a node was away)",
                  not errors, "; ".join([f"{expected} failed WebSocket connection line(s)", *errors])[:600])
    except (WebDriverException, TypeError, KeyError, AttributeError, ValueError, IndexError, OSError) as error:
        check("the browser session ran to its end", False,
              f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
    finally:
        for d in (a, b):
            if d:
                try:
                    d.quit()
                except WebDriverException:
                    pass
    info("browsers closed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
