#!/usr/bin/env python3
"""Browser end-to-end check of the WireQuest client and its characters that last, with Debian's Chromium + Selenium.

    python .ci/browser_e2e.py WIREQUEST OUTDIR [--port N]      # e.g. .build/release/wirequest .build/ci/browser

Starts (and restarts) `WIREQUEST serve` itself from the repository root, on 127.0.0.1:N with its database in
OUTDIR/wirequest.sqlite (removed first) and its admin socket in OUTDIR/admin.sock; the server's output is appended
to OUTDIR/server.log. Then, in headless Chromiums (each its own cookie jar, so its own identity):

- the village: A and B join, A walks and B sees it, chat markup is shown as text, an operator's `say` reaches
  both, the canvases are not blank, A kills a rat;
- characters that last: A loots armor the operator spawned next to it, walks into a checkpoint and reloads the
  page (greeted by name, back with that armor at that checkpoint); the same after SIGTERM (exit 0) and a restart,
  where both pages also reconnect by themselves;
- identity: a third browser (C, phone-sized) asking for A's name in another case is refused (4004) with a plain
  message and the login form; A sets a password in the in-game dialog (keys typed there do not move A, Esc
  closes it); C's wrong password is refused (4005), the right one plays A's character with its armor, and A's
  page is closed with 4002 and says it is playing in another window;
- `admin backup` while B and C play gives a database that passes PRAGMA integrity_check and has the characters;
- a crash: C loots new armor and enters another checkpoint, the server is killed with SIGKILL 1.5 s later and
  restarted, C reconnects by itself with HELLO (its browser is now granted) and a reload finds the same;
- a ban survives a restart: `admin ban Bob` (which bans his address, 127.0.0.1, too), SIGTERM, restart: B is
  refused (4003) with a message; with the address unbanned B is still refused by name and C plays again;
- no SEVERE console errors (besides optional 404s, and failed reconnection attempts while the server was down).

Screenshots of the name screen's states and the password dialog go to OUTDIR. Prints one PASS/FAIL line per
check and a final "N passed, M failed"; exits 1 on any failure. Every wait is bounded, and the whole run is
capped at DEADLINE seconds.
"""

import argparse
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, UnexpectedAlertPresentException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

DEADLINE = 220  # seconds for the whole run
XSS = "<img src=x onerror=alert(1)>"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEATHER, MAIL, PLATE = 22, 23, 24
T0 = time.monotonic()
results = []  # (ok, name)


def check(ok, name, detail=""):
    ok = bool(ok)
    results.append((ok, name))
    print(f"{'PASS' if ok else 'FAIL'} {name}{'' if ok or not detail else f': {detail}'}", flush=True)
    return ok


def info(text):
    print(f"info: [{time.monotonic() - T0:5.1f} s] {text}", flush=True)


def left():
    return DEADLINE - (time.monotonic() - T0)


def wait_for(fn, timeout, poll=0.1):
    """Calls fn until it returns something truthy; returns that, or the last (falsy) value after `timeout` s."""
    end = time.monotonic() + max(0.0, min(timeout, left()))
    while True:
        v = fn()
        if v or time.monotonic() >= end:
            return v
        time.sleep(poll)


# ---------------------------------------------------------------------------------------------------------------
# The server


class Server:
    """`wirequest serve` on 127.0.0.1:port with its database and admin socket in outdir, run from the repository."""

    def __init__(self, binary, outdir, port):
        self.binary, self.port = os.path.abspath(binary), port
        self.data = os.path.join(outdir, "wirequest.sqlite")
        self.sock = os.path.join(outdir, "admin.sock")
        self.log_path = os.path.join(outdir, "server.log")
        self.proc = None
        self.starts = 0

    def start(self, timeout=15):
        self.starts += 1
        with open(self.log_path, "a") as log:
            log.write(f"\n=== start #{self.starts} at +{time.monotonic() - T0:.1f} s ===\n")
            log.flush()
            self.proc = subprocess.Popen(
                [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--data", self.data,
                 "--admin-socket", self.sock, "--no-console"],
                cwd=REPO, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return True
            except OSError:
                pass
            time.sleep(0.1)
        return False

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=8):
        """SIGTERM; the exit status (None if it had to be killed)."""
        if not self.running():
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def crash(self):
        self.proc.send_signal(signal.SIGKILL)
        return self.proc.wait(10)

    def admin(self, *words, as_json=False):
        """(exit status, stdout, stderr) of `wirequest admin`; stdout parsed when as_json."""
        r = subprocess.run([self.binary, "admin", "--socket", self.sock, *(["--json"] if as_json else []), *words],
                           capture_output=True, text=True, timeout=15)
        out = r.stdout
        if as_json:
            try:
                out = json.loads(out)
            except ValueError:
                out = {"unparsed": r.stdout}
        return r.returncode, out, r.stderr.strip()

    def character(self, name):
        rc, out, _ = self.admin("character", name, as_json=True)
        return out if rc == 0 and isinstance(out, dict) else None

    def world_of(self, name):
        rc, out, _ = self.admin("players", as_json=True)
        for p in (out.get("players", []) if isinstance(out, dict) else []):
            if str(p.get("name", "")).lower() == name.lower():
                return p.get("world")
        return None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ---------------------------------------------------------------------------------------------------------------
# The map


class Map:
    def __init__(self, base):
        with urllib.request.urlopen(base + "/maps/world.tmj", timeout=10) as r:
            m = json.load(r)
        self.w, self.h = m["width"], m["height"]
        types, collide = {}, set()
        for ts in m["tilesets"]:
            for t in ts.get("tiles", []):
                for p in t.get("properties", []):
                    if p.get("name") == "type":
                        types[ts["firstgid"] + t["id"]] = p["value"]
                    if p.get("name") == "c" and p.get("value"):
                        collide.add(ts["firstgid"] + t["id"])
        self.rats, self.doors, self.checkpoints = [], set(), []
        self.blocked = bytearray(self.w * self.h)
        for layer in m["layers"]:
            name = layer.get("name", "").lower()
            if layer.get("type") == "tilelayer":
                data = [g & 0x1FFFFFFF for g in layer["data"]]
                if name == "entities":
                    self.rats = [(i % self.w, i // self.w) for i, g in enumerate(data) if types.get(g) == "rat"]
                elif name == "blocking":
                    for i, g in enumerate(data):
                        if g:
                            self.blocked[i] = 1
                else:
                    for i, g in enumerate(data):
                        if g in collide:
                            self.blocked[i] = 1
            elif layer.get("type") == "objectgroup" and name == "doors":
                self.doors = {(int(o["x"]) // 16, int(o["y"]) // 16) for o in layer["objects"]}
            elif layer.get("type") == "objectgroup" and name == "checkpoints":
                for o in layer["objects"]:
                    self.checkpoints.append({
                        "id": len(self.checkpoints) + 1, "x": int(o["x"]) // 16, "y": int(o["y"]) // 16,
                        "w": max(1, round(o.get("width", 16) / 16)), "h": max(1, round(o.get("height", 16) / 16)),
                        "start": (o.get("type") or o.get("class")) == "start"})

    def walkable(self, x, y):
        return 0 <= x < self.w and 0 <= y < self.h and not self.blocked[y * self.w + x] and (x, y) not in self.doors

    def checkpoint(self, cid):
        return next(c for c in self.checkpoints if c["id"] == cid)

    @staticmethod
    def inside(cp, x, y):
        return cp["x"] <= x < cp["x"] + cp["w"] and cp["y"] <= y < cp["y"] + cp["h"]

    def approaches(self, cp):
        """[(outside, inside)]: walkable tiles next to the checkpoint's rectangle and the ones inside beside them."""
        out = []
        for y in range(cp["y"], cp["y"] + cp["h"]):
            for x in range(cp["x"], cp["x"] + cp["w"]):
                if not self.walkable(x, y):
                    continue
                for dx, dy in ((0, 1), (0, -1), (-1, 0), (1, 0)):
                    ox, oy = x + dx, y + dy
                    if not self.inside(cp, ox, oy) and self.walkable(ox, oy):
                        out.append(((ox, oy), (x, y)))
        return out


# ---------------------------------------------------------------------------------------------------------------
# The browsers


def browser(phone=False):
    """A headless Chromium with its own profile (so its own cookies); `phone`: a 390x844 touch screen at 2x."""
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1024,768"):
        o.add_argument(a)
    if phone:
        o.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2.0}})
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_page_load_timeout(20)
    d.set_script_timeout(10)
    return d


def js(d, script, *args):
    return d.execute_script(script, *args)


def pos(d):
    return js(d, "const p = window.__wq && window.__wq.player; return p ? [p.x, p.y, !!p.moving] : null;")


def wq(d, prop):
    return js(d, f"return window.__wq ? window.__wq.{prop} : undefined;")


def text_of(d, el_id):
    return js(d, "const e = document.getElementById(arguments[0]); return e ? e.textContent : null;", el_id)


def value_of(d, el_id):
    return js(d, "const e = document.getElementById(arguments[0]); return e ? e.value : null;", el_id)


def visible(d, el_id):
    return js(d, "const e = document.getElementById(arguments[0]); return !!e && !e.closest('[hidden]') &&"
                 " e.getClientRects().length > 0;", el_id)


def playing(d):
    return js(d, "return !!window.__wq && window.__wq.state === 'playing' && !!window.__wq.player"
                 " && !!window.__wq.profile;")


def load(d, base):
    d.get(base + "/")
    return wait_for(lambda: js(d, "const b = document.getElementById('play-button');"
                                  "return !!(b && !b.disabled && window.__wq);"), 15)


def join(d, base, name):
    if not load(d, base):
        return False
    box = d.find_element(By.ID, "name-input")
    box.clear()
    box.send_keys(name)
    d.find_element(By.ID, "play-button").click()
    return wait_for(lambda: playing(d), 15)


def watch_notes(d):
    js(d, """
        window.__notes = [];
        new MutationObserver((ms) => { for (const m of ms) for (const n of m.addedNodes) window.__notes.push(n.textContent); })
            .observe(document.getElementById('notifications'), { childList: true });""")


def watch_sent(d):
    """Records what the page sends on its WebSockets (window.__sent), to tell HELLO from LOGIN."""
    js(d, """
        if (!window.__sent) {
            window.__sent = [];
            const send = WebSocket.prototype.send;
            WebSocket.prototype.send = function (data) { window.__sent.push(String(data)); return send.call(this, data); };
        }""")


def entity(d, eid):
    return js(d, "return window.__wq.entities().find((e) => e.id === arguments[0]) || null;", eid)


def walk_to(d, x, y, timeout=15, why=None):
    """clickTile(x, y) and wait until the player stands still there. Returns the final position or None; `why`, a
    list, gets what the click did instead of a walk."""
    r = js(d, "return window.__wq.clickTile(arguments[0], arguments[1]);", x, y)
    if r != "move":
        if why is not None:
            why.append(f"click gave {r!r} from {pos(d)}")
        return None
    return wait_for(lambda: (lambda q: q if q and not q[2] and (q[0], q[1]) == (x, y) else None)(pos(d)), timeout)


def leg_toward(d, goal, doors, max_leg=20):
    """One leg of at most max_leg tiles (Manhattan) toward goal: tries tiles around the ideal point."""
    p = pos(d)
    if not p:
        return None
    x0, y0 = p[0], p[1]
    dx, dy = goal[0] - x0, goal[1] - y0
    dist = abs(dx) + abs(dy)
    f = 1.0 if dist <= max_leg else max_leg / dist
    ix, iy = x0 + round(dx * f), y0 + round(dy * f)
    occupied = {(e["x"], e["y"]) for e in js(d, "return window.__wq.entities();")}
    cands = sorted(
        ((ix + ox, iy + oy) for ox in range(-3, 4) for oy in range(-3, 4)),
        key=lambda t: (abs(t[0] - goal[0]) + abs(t[1] - goal[1]), abs(t[0] - ix) + abs(t[1] - iy)),
    )
    for t in cands:
        if t == (x0, y0) or t in doors or t in occupied or abs(t[0] - x0) + abs(t[1] - y0) > max_leg:
            continue
        r = walk_to(d, t[0], t[1], timeout=min(15, 3 + 0.4 * (abs(t[0] - x0) + abs(t[1] - y0))))
        if r:
            return (r[0], r[1])
        # a different path may still be under way: let it settle before the next candidate
        wait_for(lambda: (lambda q: q and not q[2])(pos(d)), 5)
    return None


def canvas_colours(d):
    return js(d, """
        const c = document.getElementById('game-canvas');
        const ctx = c.getContext('2d');
        const seen = new Set();
        for (let i = 1; i < 24; i++) for (let j = 1; j < 18; j++) {
            const x = Math.floor(c.width * i / 24), y = Math.floor(c.height * j / 18);
            const p = ctx.getImageData(x, y, 1, 1).data;
            seen.add((p[0] << 16) | (p[1] << 8) | p[2]);
        }
        return seen.size;""")


def severe_logs(d, outage=False):
    """SEVERE console lines, but optional 404s (favicon, art under /img/) and, after an outage of the server,
    the browser's own lines about reconnection attempts that found nobody listening."""
    bad = []
    for e in d.get_log("browser"):
        if e.get("level") != "SEVERE":
            continue
        msg = e.get("message", "")
        optional = "favicon" in msg or ("404" in msg and "/img/" in msg)
        if outage and "WebSocket connection to" in msg and "failed" in msg:
            optional = True
        if not optional:
            bad.append(msg)
    return bad


def no_alert(d):
    try:
        d.switch_to.alert.dismiss()
        return False
    except NoAlertPresentException:
        return True


def shot(d, outdir, name):
    path = os.path.join(outdir, name)
    d.save_screenshot(path)
    return path


# ---------------------------------------------------------------------------------------------------------------
# Steps of a character that lasts


def loot_spawned(server, world_map, d, name, kind_name, kind):
    """The operator spawns kind_name next to the player, who clicks it; True once player.armor is kind."""
    p = pos(d)
    world = server.world_of(name)
    if not p or world is None:
        return check(False, f"{name} loots the {kind_name} the operator spawned", f"at {p}, world {world}")
    occupied = {(e["x"], e["y"]) for e in js(d, "return window.__wq.entities();")}
    spot = next(((p[0] + dx, p[1] + dy) for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (2, 0), (-2, 0), (0, 2))
                 if world_map.walkable(p[0] + dx, p[1] + dy) and (p[0] + dx, p[1] + dy) not in occupied), None)
    rc, out, err = server.admin("spawn", kind_name, str(spot[0]), str(spot[1]), str(world)) if spot else (1, "", "")
    item = rc == 0 and wait_for(lambda: js(d, "return window.__wq.entities().find((e) => e.kind === arguments[0]"
                                              " && e.x === arguments[1] && e.y === arguments[2]) || null;",
                                           kind, spot[0], spot[1]), 5)
    clicked = item and js(d, "return window.__wq.clickTile(arguments[0], arguments[1]);", spot[0], spot[1])
    worn = clicked == "loot" and wait_for(lambda: (wq(d, "player") or {}).get("armor") == kind, 8)
    icon = worn and wait_for(lambda: js(d, "return document.getElementById('armor-icon').title;")
                             == f"Armor: {kind_name}", 2)
    return check(worn and icon, f"{name} loots the {kind_name} the operator spawned next to it",
                 f"spawn at {spot} world {world}: exit {rc} {str(out).strip()} {err}; item {item}; click {clicked};"
                 f" player {wq(d, 'player')}")


def enter_checkpoint(server, world_map, d, name, cid):
    """The operator moves the player next to checkpoint cid; it walks in and the server records the checkpoint."""
    cp = world_map.checkpoint(cid)
    tried = []
    stored = False
    # A mob or an item on the way (or a mob just below, whose sprite covers the tile) turns the click into something
    # else than a walk: try another side then.
    for outside, inside in world_map.approaches(cp)[:6]:
        busy = {(e["x"], e["y"]) for e in js(d, "return window.__wq.entities();")}
        if inside in busy or outside in busy or (inside[0], inside[1] + 1) in busy:
            continue
        rc, out, err = server.admin("tp", name, str(outside[0]), str(outside[1]))
        there = rc == 0 and wait_for(lambda: (lambda q: q and not q[2] and (q[0], q[1]) == outside)(pos(d)), 5)
        why = []
        walked = there and walk_to(d, inside[0], inside[1], timeout=5, why=why)
        tried.append(f"tp {outside} (exit {rc} {out.strip()} {err}) walk {inside}: {bool(walked)} {' '.join(why)}")
        if not walked and why and "'attack'" in why[0]:
            # A mob hunting the player follows it to every approach and is what the click hits: walk past it.
            walked = js(d, "return window.__wq.walkTo(arguments[0], arguments[1]);", inside[0], inside[1]) and wait_for(
                lambda: (lambda q: q and not q[2] and (q[0], q[1]) == inside)(pos(d)), 5)
            tried.append(f"walked past the mob: {bool(walked)}")
        if walked:
            stored = wait_for(lambda: (server.character(name) or {}).get("checkpoint") == cid, 5, 0.25)
            break
    return check(stored, f"{name} walks into checkpoint {cid} (the server records it)",
                 f"{'; '.join(tried) or 'no free approach'}; at {pos(d)}; stored {server.character(name)}")


def back_in_game(d, base, name, armor, cid, world_map, label, shot_name=None):
    """Reloads the page, is greeted by name, presses Play: same armor at checkpoint cid."""
    load(d, base)
    greeting = wait_for(lambda: text_of(d, "name-greeting") == f"Welcome back, {name}"
                        and js(d, "return document.getElementById('name-input').value;") == name, 5)
    check(greeting, f"{label}: the name screen says 'Welcome back, {name}' with the name filled in",
          f"greeting {text_of(d, 'name-greeting')!r}, field {value_of(d, 'name-input')!r}")
    if shot_name:
        shot(d, OUT, shot_name)
    watch_notes(d)
    d.find_element(By.ID, "play-button").click()
    ok = wait_for(lambda: playing(d), 15)
    p = wq(d, "player") or {}
    cp = world_map.checkpoint(cid)
    check(ok and p.get("armor") == armor and Map.inside(cp, p.get("x"), p.get("y")),
          f"{label}: back with armor {armor} at checkpoint {cid}",
          f"state {wq(d, 'state')}, player {p}, checkpoint {cp}, last close {wq(d, 'lastClose')}")
    prof = wq(d, "profile") or {}
    icon = js(d, "return document.getElementById('armor-icon').title;")
    notes = wait_for(lambda: [t for t in js(d, "return window.__notes;") if "Welcome back" in t], 2)
    check(prof.get("returning") is True and prof.get("name") == name and icon.startswith("Armor: ")
          and notes == [f"Welcome back, {name}!"] and not any("You wear" in t for t in js(d, "return window.__notes;")),
          f"{label}: PROFILE says returning, 'Welcome back, {name}!' shown, HUD shows the armor, no 'You wear' news",
          f"profile {prof}, icon {icon!r}, notes {js(d, 'return window.__notes;')}")
    return ok


# ---------------------------------------------------------------------------------------------------------------
# The run


def village(base, world_map, server, a, b):
    """What the client did before characters lasted: two players in the village, walking, chat, a rat."""
    rats, doors = world_map.rats, world_map.doors
    check(join(a, base, "Alice"), "A joins (state playing)")
    check(join(b, base, "Bob"), "B joins (state playing)")
    extensions = wq(a, "wsExtensions") or ""
    check(extensions.startswith("permessage-deflate"), "Chromium negotiated permessage-deflate with the server",
          f"Sec-WebSocket-Extensions answered: {extensions!r}")
    check((wq(a, "profile") or {}).get("returning") is False and wq(a, "profile").get("hasPassword") is False,
          "A's PROFILE says a new character without a password", f"profile {wq(a, 'profile')}")
    aid, bid = wq(a, "playerId"), wq(b, "playerId")
    check(aid is not None and wait_for(lambda: entity(b, aid), 5), "B sees A in the village", f"A id {aid}")
    check(bid is not None and wait_for(lambda: entity(a, bid), 5), "A sees B in the village", f"B id {bid}")

    # A walks a few tiles; B sees A's new position.
    start = pos(a)
    moved = None
    for ox, oy in ((3, 0), (-3, 0), (0, 3), (0, -3), (4, 2), (-4, 2), (2, -4), (-2, -4), (5, 0), (-5, 0)):
        t = (start[0] + ox, start[1] + oy)
        if t in doors:
            continue
        moved = walk_to(a, *t, timeout=8)
        if moved:
            break
        wait_for(lambda: (lambda q: q and not q[2])(pos(a)), 5)
    check(moved, "A walks", f"from {start[:2]}, no reachable tile nearby")
    if moved:
        seen = wait_for(lambda: (lambda e: e if e and (e["x"], e["y"]) == (moved[0], moved[1]) else None)(
            entity(b, aid)), 8)
        check(seen, "B sees A move", f"A at {moved[:2]}, B sees {entity(b, aid)}")

    # Chat is heard in the speaker's zone (28x12 tiles, as in BrowserQuest): A stands next to B first.
    bp = pos(b)
    near = sorted(((bp[0] + ox, bp[1] + oy) for ox in range(-3, 4) for oy in range(-3, 4)),
                  key=lambda t: abs(t[0] - bp[0]) + abs(t[1] - bp[1]))
    near = [t for t in near if t != tuple(bp[:2]) and t not in doors
            and (t[0] // 28, t[1] // 12) == (bp[0] // 28, bp[1] // 12)]
    beside = None
    for t in near[:12]:
        beside = walk_to(a, *t, timeout=8)
        if beside:
            break
        wait_for(lambda: (lambda q: q and not q[2])(pos(a)), 5)
    check(beside, "A walks over to B", f"B at {bp[:2]}")

    # Chat with markup: shown as text everywhere.
    imgs0 = js(a, "return document.getElementsByTagName('img').length;"), js(b, "return document.getElementsByTagName('img').length;")
    try:
        b.find_element(By.ID, "chat-button").click()
        wait_for(lambda: js(b, "return !document.getElementById('chat-form').hidden;"), 3)
        ci = b.find_element(By.ID, "chat-input")
        ci.send_keys(XSS)
        ci.send_keys(Keys.ENTER)
        got_b = wait_for(lambda: (wq(b, "lastChat") or {}).get("text") == XSS, 5)
        got_a = wait_for(lambda: (wq(a, "lastChat") or {}).get("text") == XSS, 5)
        check(got_b and got_a, "chat markup arrives as literal text (lastChat)",
              f"B {wq(b, 'lastChat')}, A {wq(a, 'lastChat')}")
        time.sleep(0.3)  # let an onerror handler fire if an <img> had been created
        check(no_alert(a) and no_alert(b), "chat markup opens no alert")
        imgs1 = js(a, "return document.getElementsByTagName('img').length;"), js(b, "return document.getElementsByTagName('img').length;")
        shown = text_of(b, "chat-log") or ""
        check(imgs1 == imgs0 and XSS in shown, "chat markup creates no <img> and shows as text",
              f"img elements {imgs0} -> {imgs1}, chat log {shown!r}")
    except UnexpectedAlertPresentException as e:
        check(False, "chat markup opens no alert", str(e))

    # An operator's `say` (NOTICE) reaches both browsers, shown in the chat log as the server's.
    notice = "Maintenance at <noon> & after"
    rc, out, err = server.admin("say", notice)
    check(rc == 0 and "told 2 player(s)" in out, "wirequest admin say answers", f"exit {rc}: {out.strip()} {err}")
    for name, d in (("A", a), ("B", b)):
        got = wait_for(lambda: wq(d, "lastNotice") == notice, 5)
        log = text_of(d, "chat-log") or ""
        check(got and f"[server]: {notice}" in log, f"{name} shows the operator's notice in the chat log",
              f"lastNotice {wq(d, 'lastNotice')!r}, log {log[-120:]!r}")

    # Screenshots of both browsers in the village, checked for blankness.
    for name, d in (("a", a), ("b", b)):
        path = shot(d, OUT, f"village-{name}.png")
        n = canvas_colours(d)
        check(n >= 20 and os.path.getsize(path) > 10_000, f"browser {name.upper()} canvas is not blank",
              f"{n} distinct colours on a 23x17 grid, {os.path.getsize(path)} B png")

    # A hunts: walk next to the nearest rat spawn in legs of <= 20 tiles, then attack the nearest rat.
    p = pos(a)
    goal_rat = min(rats, key=lambda r: abs(r[0] - p[0]) + abs(r[1] - p[1])) if rats else None
    check(goal_rat, "the map has rats", "no rat in the entities layer")
    rat = None
    legs = 0
    if goal_rat:
        goal = (goal_rat[0], goal_rat[1] + 2)
        while legs < 8 and left() > 60:
            here = pos(a)
            if abs(here[0] - goal[0]) + abs(here[1] - goal[1]) <= 1:
                break
            if not leg_toward(a, goal, doors):
                break
            legs += 1
        rat = wait_for(lambda: js(a, """
            const p = window.__wq.player;
            const rats = window.__wq.entities().filter((e) => e.name === 'rat');
            rats.sort((r, s) => Math.abs(r.x - p.x) + Math.abs(r.y - p.y) - Math.abs(s.x - p.x) - Math.abs(s.y - p.y));
            return rats[0] || null;"""), 5)
        check(rat, f"A walks north to the rats ({legs} legs) and sees one", f"A at {pos(a)}, goal {goal}")
    if rat:
        # Next to it first (4-adjacent free tile), then attack.
        for ox, oy in ((0, 1), (1, 0), (-1, 0), (0, -1)):
            if walk_to(a, rat["x"] + ox, rat["y"] + oy, timeout=8):
                break
            wait_for(lambda: (lambda q: q and not q[2])(pos(a)), 5)
        watch_notes(a)
        kills0 = wq(a, "kills")
        ok = js(a, "return window.__wq.attack(arguments[0]);", rat["id"])
        check(ok, "A attacks the rat", f"attack({rat['id']}) returned {ok}")
        killed = wait_for(lambda: wq(a, "kills") > kills0, 30, 0.2)
        check(killed, "A kills the rat (kills increases)", f"kills {wq(a, 'kills')}, player {wq(a, 'player')}")
        note = wait_for(lambda: any("You killed a rat" in (t or "") for t in js(a, "return window.__notes;")), 3)
        check(note, "#notifications shows 'You killed a rat'", f"notes {js(a, 'return window.__notes;')}")
        shot(a, OUT, "hunt-a.png")

    for name, d in (("A", a), ("B", b)):
        errs = severe_logs(d)
        check(not errs, f"no SEVERE console errors in {name} (village)", "; ".join(errs)[:600])
    fps = js(a, "return [window.__wq.fps, window.__wq.frameTimeMs];")
    info(f"A renders at {fps[0]} fps, {fps[1]:.2f} ms per frame")


def time_for(section, seconds):
    """True when at least `seconds` of the run's deadline are left; else a FAIL line for the skipped section."""
    return left() > seconds or check(False, f"{section}: enough time left", f"{left():.0f} s left, {seconds} s needed")


def restart(server, label, how):
    """Stops the server (SIGTERM: must exit 0; SIGKILL) and starts it again on the same database."""
    if how == "term":
        rc = server.stop()
        check(rc == 0, f"{label}: the server exits 0 on SIGTERM", f"exit status {rc}")
    else:
        rc = server.crash()
        check(rc == -signal.SIGKILL, f"{label}: the server is killed (SIGKILL)", f"exit status {rc}")
    up = server.start()
    check(up, f"{label}: the server starts again on the same database", f"see {server.log_path}")
    return up


def reconnects(d, name, armor, label):
    """The page reconnects by itself after the server came back, with the character's armor."""
    ok = wait_for(lambda: playing(d), 20, 0.2)
    p = wq(d, "player") or {}
    return check(ok and p.get("armor") == armor and p.get("name") == name,
                 f"{label}: {name}'s page reconnects by itself, with armor {armor}",
                 f"state {wq(d, 'state')}, player {p}, last close {wq(d, 'lastClose')}")


def name_screen_says(d, code, message, label, login_form=None, timeout=10):
    ok = wait_for(lambda: wq(d, "state") == "name" and (wq(d, "lastClose") or {}).get("code") == code
                  and text_of(d, "name-message") == message and visible(d, "name-message"), timeout)
    form = True
    if login_form is not None:
        form = visible(d, "login-form") and js(d, "return document.getElementById('login-name').value;") == login_form
    return check(ok and form, label, f"state {wq(d, 'state')}, close {wq(d, 'lastClose')}, message"
                 f" {text_of(d, 'name-message')!r}, login form {visible(d, 'login-form')}"
                 f" {value_of(d, 'login-name')!r}")


def identity(base, server, world_map, a, c):
    """C (another browser) asks for A's name; A sets a password; C logs in with it and A's page is superseded."""
    load(c, base)
    fits = js(c, """const r = document.querySelector('#name-screen .panel').getBoundingClientRect();
                    const b = document.getElementById('play-button').getBoundingClientRect();
                    return r.left >= 0 && r.right <= innerWidth && b.bottom <= innerHeight && b.width > 0;""")
    size = js(c, "return [innerWidth, innerHeight];")
    check(fits and size[0] <= 400 and text_of(c, "name-greeting") == "Choose a name for your character"
          and visible(c, "login-toggle"),
          "C (a phone-sized window) shows a name screen that fits, with 'Log in with a password'",
          f"viewport {size}, fits {fits}, greeting {text_of(c, 'name-greeting')!r}")
    shot(c, OUT, "name-new-phone.png")
    box = c.find_element(By.ID, "name-input")
    box.send_keys("alice")
    box.send_keys(Keys.ENTER)  # Enter submits
    name_screen_says(c, 4004, "The name alice belongs to another player. If it is yours, log in with its password.",
                     "C asking for 'alice' is refused (4004) with a plain message and the login form, name filled in",
                     login_form="alice")
    check(wait_for(lambda: js(c, "return document.activeElement && document.activeElement.id;") == "login-password", 2),
          "the login form's password field has the focus")
    shot(c, OUT, "name-taken.png")
    time.sleep(2.5)
    check(wq(c, "state") == "name" and wq(c, "lastClose")["code"] == 4004, "C does not reconnect by itself after 4004",
          f"state {wq(c, 'state')}")

    # A opens the password dialog from the HUD: set, not change (no password yet); keys typed there stay there.
    password = "correct horse battery"
    a.find_element(By.ID, "password-button").click()
    opened = wait_for(lambda: js(a, "return document.getElementById('password-dialog').open;"), 3)
    check(opened and text_of(a, "password-title") == "Set a password" and not visible(a, "password-current")
          and "another browser" in text_of(a, "password-about"),
          "A's HUD button opens the password dialog (set, says what it is for)",
          f"open {opened}, title {text_of(a, 'password-title')!r}, about {text_of(a, 'password-about')!r}")
    before = pos(a)
    field = a.find_element(By.ID, "password-new")
    field.send_keys("wasd")
    field.send_keys(Keys.ARROW_UP, Keys.ARROW_LEFT)
    a.find_element(By.ID, "password-save").send_keys(Keys.ARROW_DOWN)  # a button, not an input, has the focus
    time.sleep(0.6)
    check(pos(a)[:2] == before[:2], "keys typed in the password dialog do not move the player", f"{before} -> {pos(a)}")
    shot(a, OUT, "password-dialog.png")
    a.find_element(By.ID, "password-new").send_keys(Keys.ESCAPE)
    closed = wait_for(lambda: not js(a, "return document.getElementById('password-dialog').open;"), 2)
    check(closed and wq(a, "state") == "playing", "Esc closes the password dialog")
    short = js(a, "return window.__wq.setPassword('short', '');")
    check(short is False and "8 to 128" in (text_of(a, "password-message") or "") and wq(a, "lastPasswordAnswer") is None,
          "a too-short password is refused in the dialog, nothing sent",
          f"setPassword -> {short}, message {text_of(a, 'password-message')!r}")
    # The server hashes passwords (PBKDF2) on its storage thread: quick in a release build, seconds in a debug one.
    t = time.monotonic()
    sent = js(a, "return window.__wq.setPassword(arguments[0], '');", password)
    answer = wait_for(lambda: wq(a, "lastPasswordAnswer"), 30)
    info(f"PASSWORD answered in {time.monotonic() - t:.1f} s")
    shown = text_of(a, "password-message")
    check(sent and answer and answer.get("saved") is True and answer.get("text") and shown == answer["text"]
          and (wq(a, "profile") or {}).get("hasPassword") is True,
          "A sets a password in the dialog: PASSWORD saved, the server's sentence shown",
          f"sent {sent}, answer {answer}, shown {shown!r}, profile {wq(a, 'profile')}")
    check(text_of(a, "password-title") == "Change the password" and visible(a, "password-current"),
          "the dialog now offers to change the password (asks for the current one)")
    shot(a, OUT, "password-saved.png")
    t = time.monotonic()
    sent = js(a, "return window.__wq.setPassword('another password', 'not the current one');")
    answer = wait_for(lambda: (lambda r: r if r and r.get("saved") is False else None)(wq(a, "lastPasswordAnswer")), 30)
    info(f"the second PASSWORD was answered in {time.monotonic() - t:.1f} s")
    shown = text_of(a, "password-message")
    check(sent and answer and answer.get("text") and shown == answer["text"],
          "changing it with a wrong current password is refused, the server's sentence shown",
          f"sent {sent}, answer {wq(a, 'lastPasswordAnswer')}, shown {shown!r}")
    js(a, "document.getElementById('password-close').click();")

    # C: a wrong password first, then the right one.
    t = time.monotonic()
    js(c, "return window.__wq.loginWithPassword('alice', 'not the password');")
    name_screen_says(c, 4005, "Wrong name or password.", "C's wrong password is refused (4005): 'Wrong name or password.'",
                     login_form="alice", timeout=30)
    info(f"the failed LOGIN was answered in {time.monotonic() - t:.1f} s")
    shot(c, OUT, "login-failed.png")
    watch_sent(c)
    t = time.monotonic()
    c.find_element(By.ID, "login-password").send_keys(password, Keys.ENTER)
    ok = wait_for(lambda: playing(c), 30)
    info(f"the LOGIN was answered in {time.monotonic() - t:.1f} s")
    p = wq(c, "player") or {}
    prof = wq(c, "profile") or {}
    check(ok and p.get("name") == "Alice" and p.get("armor") == MAIL and prof.get("returning") is True
          and prof.get("hasPassword") is True,
          "C logs in with the password and plays Alice, with her armor",
          f"state {wq(c, 'state')}, player {p}, profile {prof}, close {wq(c, 'lastClose')}")
    first = json.loads((js(c, "return window.__sent;") or ["[]"])[0])
    check(first[:1] == [28] and first[1:] == ["alice", password], "C's page sent LOGIN [28, name, password]",
          f"first message {first}")
    check(js(c, "return localStorage.getItem('wq.name');") == "Alice", "C now remembers the name Alice")
    name_screen_says(a, 4002, "You are playing Alice in another window.",
                     "A's session is closed (4002): 'You are playing Alice in another window.'")
    shot(a, OUT, "superseded.png")
    time.sleep(2.5)
    check(wq(a, "state") == "name", "A does not reconnect by itself after 4002", f"state {wq(a, 'state')}")
    a.find_element(By.ID, "new-character-button").click()
    check(wait_for(lambda: value_of(a, "name-input") == "" and text_of(a, "name-greeting")
                   == "Choose a name for your new character", 2)
          and js(a, "return document.activeElement.id;") == "name-input",
          "A's 'New character' clears the name field (focused) to pick another name",
          f"field {value_of(a, 'name-input')!r}, greeting {text_of(a, 'name-greeting')!r}")
    shot(a, OUT, "name-new-character.png")
    shot(c, OUT, "c-playing-phone.png")
    c.find_element(By.ID, "password-button").click()
    opened = wait_for(lambda: js(c, "return document.getElementById('password-dialog').open;"), 3)
    fits = js(c, """const r = document.getElementById('password-dialog').getBoundingClientRect();
                    return r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;""")
    check(opened and fits and text_of(c, "password-title") == "Change the password" and visible(c, "password-current"),
          "on C (phone) the dialog fits and offers to change the password, asking for the current one",
          f"open {opened}, fits {fits}, title {text_of(c, 'password-title')!r}")
    shot(c, OUT, "password-dialog-phone.png")
    c.find_element(By.ID, "password-current").send_keys(Keys.ESCAPE)
    check(wait_for(lambda: not js(c, "return document.getElementById('password-dialog').open;"), 2),
          "Esc closes it on C")


def backup(server):
    path = os.path.join(OUT, "backup.sqlite")
    for f in (path,):
        if os.path.exists(f):
            os.remove(f)
    rc, out, err = server.admin("backup", path)
    integrity, names = None, []
    if rc == 0 and os.path.exists(path):
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
            names = sorted(r[0] for r in db.execute("SELECT name FROM characters"))
        finally:
            db.close()
    check(rc == 0 and integrity == "ok" and "Alice" in names and "Bob" in names,
          "admin backup while B and C play: the copy passes integrity_check and holds Alice and Bob",
          f"exit {rc}: {out.strip()} {err}; integrity {integrity}; names {names}")


def run(scenario, description):
    """The command line every browser script shares, `WIREQUEST OUTDIR [--port N]`: starts WIREQUEST on fresh data in
    OUTDIR, runs `scenario(server)`, stops the server and prints the tally. Returns the exit status."""
    global OUT
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("wirequest")
    ap.add_argument("outdir")
    ap.add_argument("--port", type=int, default=0, help="port for the server (default: a free one)")
    args = ap.parse_args()
    # timeout(1) and CI send SIGTERM: unwind, so the browsers quit and the server is stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    OUT = args.outdir
    os.makedirs(OUT, exist_ok=True)
    server = Server(args.wirequest, OUT, args.port or free_port())
    for path in [server.data + suffix for suffix in ("", "-wal", "-shm", "-journal")] + [server.log_path]:
        if os.path.exists(path):
            os.remove(path)
    try:
        if check(server.start(), f"the server starts on port {server.port}", f"see {server.log_path}"):
            scenario(server)
    except BaseException:
        if server.running():
            server.stop()
        raise
    return finish(server)


def scenario(server):
    world_map = Map(server.base)
    a = b = c = None
    try:
        a, b = browser(), browser()
        village(server.base, world_map, server, a, b)

        # A character that lasts: armor and checkpoint back after a reload.
        if time_for("reload", 100):
            loot_spawned(server, world_map, a, "Alice", "leatherarmor", LEATHER)
            enter_checkpoint(server, world_map, a, "Alice", 10)
            shot(a, OUT, "a-before-reload.png")
            back_in_game(a, server.base, "Alice", LEATHER, 10, world_map, "reload", shot_name="name-welcome-back.png")

        # The same after SIGTERM and a restart: both pages come back by themselves, then a reload.
        if time_for("SIGTERM", 90):
            loot_spawned(server, world_map, a, "Alice", "mailarmor", MAIL)
            enter_checkpoint(server, world_map, a, "Alice", 23)
            for name, d in (("A", a), ("B", b)):
                errs = severe_logs(d)
                check(not errs, f"no SEVERE console errors in {name} (before the restarts)", "; ".join(errs)[:600])
            if restart(server, "SIGTERM", "term"):
                reconnects(a, "Alice", MAIL, "SIGTERM")
                reconnects(b, "Bob", 21, "SIGTERM")
                cp = world_map.checkpoint(23)
                p = wq(a, "player") or {}
                check(Map.inside(cp, p.get("x"), p.get("y")), "SIGTERM: A reconnects at checkpoint 23", f"player {p}")
                back_in_game(a, server.base, "Alice", MAIL, 23, world_map, "SIGTERM + reload")

        # Identity: another browser, a password, a login, the older page superseded.
        if time_for("identity", 60):
            c = browser(phone=True)
            identity(server.base, server, world_map, a, c)
            backup(server)

        # A crash: C (now playing Alice) changes armor and checkpoint, the server is killed 1.5 s later.
        if time_for("SIGKILL", 40) and check(c and playing(c), "C plays Alice before the crash"):
            loot_spawned(server, world_map, c, "Alice", "platearmor", PLATE)
            enter_checkpoint(server, world_map, c, "Alice", 9)
            time.sleep(1.6)
            js(c, "window.__sent.length = 0;")
            if restart(server, "SIGKILL", "kill"):
                reconnects(c, "Alice", PLATE, "SIGKILL")
                sent = [json.loads(m)[0] for m in (js(c, "return window.__sent;") or []) if m.startswith("[")]
                check(sent[:1] == [0] and 28 not in sent, "SIGKILL: C's page came back with HELLO, not LOGIN",
                      f"message codes sent {sent[:6]}")
                reconnects(b, "Bob", 21, "SIGKILL")
                back_in_game(c, server.base, "Alice", PLATE, 9, world_map, "SIGKILL + reload")
                for name, d in (("B", b), ("C", c)):
                    errs = severe_logs(d, outage=True)
                    check(not errs, f"no SEVERE console errors in {name} (restarts)", "; ".join(errs)[:600])
                errs = severe_logs(a, outage=True)
                check(not errs, "no SEVERE console errors in A (restarts, superseded)", "; ".join(errs)[:600])

        # A ban survives a restart. Banning a name also bans the addresses it played from (here 127.0.0.1, every
        # browser of this test): B is refused at once; with the address unbanned, B is refused by name and C plays.
        if time_for("ban", 20):
            rc, out, err = server.admin("ban", "Bob")
            check(rc == 0, "admin ban Bob answers", f"exit {rc}: {out.strip()} {err}")
            wait_for(lambda: wq(b, "state") == "name", 5)
            if restart(server, "ban", "term"):
                rc, bans, _ = server.admin("bans", as_json=True)
                info(f"bans after the restart: {json.dumps(bans)}")
                load(b, server.base)
                b.find_element(By.ID, "play-button").click()
                name_screen_says(b, 4003, "You are banned from this server.",
                                 "after a restart, B (Bob, and his address) is refused (4003): 'You are banned from this server.'")
                shot(b, OUT, "banned.png")
                rc, out, err = server.admin("unban", "127.0.0.1")
                check(rc == 0, "admin unban 127.0.0.1 answers (the name stays banned)", f"exit {rc}: {out.strip()} {err}")
                js(b, "return window.__wq.playAs('Bob');")
                name_screen_says(b, 4003, "You are banned from this server.",
                                 "B playing Bob (window.__wq.playAs) is still refused by name (4003)")
                # C's page reconnects by itself: refused (4003, back on the name screen) if it tried while its address
                # was banned, else playing already. From the name screen, Play again.
                def c_back():
                    if wq(c, "state") == "name":
                        js(c, "return window.__wq.playAs('Alice');")
                    return playing(c)
                check(wait_for(c_back, 20, 0.5) and (wq(c, "player") or {}).get("armor") == PLATE,
                      "C (Alice) plays again once the address is unbanned",
                      f"state {wq(c, 'state')}, close {wq(c, 'lastClose')}, player {wq(c, 'player')}")
    except (WebDriverException, TypeError, KeyError, AttributeError, ValueError, IndexError) as e:
        check(False, "browser session", f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    finally:
        for d in (a, b, c):
            if d:
                try:
                    d.quit()
                except WebDriverException:
                    pass


def finish(server):
    if server.running():
        rc = server.stop()
        check(rc == 0, "the server exits 0 on SIGTERM at the end", f"exit status {rc}")
    if left() < 0:
        check(False, f"the run keeps to its {DEADLINE} s", f"{time.monotonic() - T0:.1f} s")
    passed = sum(1 for ok, _ in results if ok)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed ({time.monotonic() - T0:.1f} s); server log {server.log_path}")
    return 1 if failed else 0


if __name__ == "__main__":
    OUT = "."
    sys.exit(run(scenario, __doc__.split("\n\n")[0]))
