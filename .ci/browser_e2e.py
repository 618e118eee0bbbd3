#!/usr/bin/env python3
"""Browser end-to-end check of the WireQuest client against a running server, with Debian's Chromium + Selenium.

    python .ci/browser_e2e.py BASE_URL OUTDIR [WIREQUEST ADMIN_SOCKET]   # e.g. http://127.0.0.1:8000 .build/ci/browser

Two headless browsers (A and B) join the world from the village. A walks and B sees A's new position; a chat
message carrying markup arrives as text (no alert, no <img> created); A walks north to the rats next to the
village, kills one and the client says so; with WIREQUEST and ADMIN_SOCKET, an operator's `wirequest admin say`
shows in both chat logs; both canvases render something that is not blank; no SEVERE console
errors (except 404s of optional assets: the favicon and art under /img/). Screenshots go to OUTDIR.

Prints one PASS/FAIL line per check and a final "N passed, M failed"; exits 1 on any failure. Every wait is
bounded, and the whole run is capped at DEADLINE seconds.
"""

import json
import math
import os
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, UnexpectedAlertPresentException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

DEADLINE = 170  # seconds for the whole run
XSS = "<img src=x onerror=alert(1)>"
T0 = time.monotonic()
results = []  # (ok, name)


def check(ok, name, detail=""):
    ok = bool(ok)
    results.append((ok, name))
    print(f"{'PASS' if ok else 'FAIL'} {name}{'' if ok or not detail else f': {detail}'}", flush=True)
    return ok


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


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1024,768"):
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_page_load_timeout(20)
    d.set_script_timeout(10)
    return d


def js(d, script, *args):
    return d.execute_script(script, *args)


def pos(d):
    return js(d, "const p = window.__wq && window.__wq.player; return p ? [p.x, p.y, !!p.moving] : null;")


def join(d, base, name):
    d.get(base + "/")
    if not wait_for(lambda: js(d, "const b = document.getElementById('play-button');"
                                  "return !!(b && !b.disabled && window.__wq);"), 15):
        return False
    box = d.find_element(By.ID, "name-input")
    box.clear()
    box.send_keys(name)
    d.find_element(By.ID, "play-button").click()
    return wait_for(lambda: js(d, "return window.__wq.state === 'playing' && !!window.__wq.player;"), 15)


def entity(d, eid):
    return js(d, "return window.__wq.entities().find((e) => e.id === arguments[0]) || null;", eid)


def walk_to(d, x, y, timeout=15):
    """clickTile(x, y) and wait until the player stands still there. Returns the final position or None."""
    r = js(d, "return window.__wq.clickTile(arguments[0], arguments[1]);", x, y)
    if r != "move":
        return None
    p = wait_for(lambda: (lambda q: q if q and not q[2] and (q[0], q[1]) == (x, y) else None)(pos(d)), timeout)
    return p


def load_map(base):
    with urllib.request.urlopen(base + "/maps/world.tmj", timeout=10) as r:
        m = json.load(r)
    w = m["width"]
    types = {}
    for ts in m["tilesets"]:
        for t in ts.get("tiles", []):
            for p in t.get("properties", []):
                if p.get("name") == "type":
                    types[ts["firstgid"] + t["id"]] = p["value"]
    rats, doors = [], set()
    for layer in m["layers"]:
        if layer.get("name") == "entities" and layer.get("type") == "tilelayer":
            rats = [(i % w, i // w) for i, g in enumerate(layer["data"]) if types.get(g) == "rat"]
        if layer.get("name") == "doors" and layer.get("type") == "objectgroup":
            doors = {(int(o["x"]) // 16, int(o["y"]) // 16) for o in layer["objects"]}
    return rats, doors


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


def severe_logs(d):
    bad = []
    for e in d.get_log("browser"):
        if e.get("level") != "SEVERE":
            continue
        msg = e.get("message", "")
        optional = "favicon" in msg or ("404" in msg and "/img/" in msg)
        if not optional:
            bad.append(msg)
    return bad


def no_alert(d):
    try:
        d.switch_to.alert.dismiss()
        return False
    except NoAlertPresentException:
        return True


def main():
    if len(sys.argv) not in (3, 5):
        print(__doc__)
        return 2
    base, outdir = sys.argv[1].rstrip("/"), sys.argv[2]
    admin = sys.argv[3:5]  # the wirequest binary and the server's admin socket, for the operator's `say`
    os.makedirs(outdir, exist_ok=True)
    rats, doors = load_map(base)
    a = b = None
    try:
        a, b = browser(), browser()
        check(join(a, base, "Alice"), "A joins (state playing)")
        check(join(b, base, "Bob"), "B joins (state playing)")
        aid, bid = js(a, "return window.__wq.playerId;"), js(b, "return window.__wq.playerId;")
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
            got_b = wait_for(lambda: (js(b, "return window.__wq.lastChat;") or {}).get("text") == XSS, 5)
            got_a = wait_for(lambda: (js(a, "return window.__wq.lastChat;") or {}).get("text") == XSS, 5)
            check(got_b and got_a, "chat markup arrives as literal text (lastChat)",
                  f"B {js(b, 'return window.__wq.lastChat;')}, A {js(a, 'return window.__wq.lastChat;')}")
            time.sleep(0.3)  # let an onerror handler fire if an <img> had been created
            check(no_alert(a) and no_alert(b), "chat markup opens no alert")
            imgs1 = js(a, "return document.getElementsByTagName('img').length;"), js(b, "return document.getElementsByTagName('img').length;")
            shown = js(b, "return document.getElementById('chat-log').textContent;") or ""
            check(imgs1 == imgs0 and XSS in shown, "chat markup creates no <img> and shows as text",
                  f"img elements {imgs0} -> {imgs1}, chat log {shown!r}")
        except UnexpectedAlertPresentException as e:
            check(False, "chat markup opens no alert", str(e))

        # An operator's `say` (NOTICE) reaches both browsers, shown in the chat log as the server's.
        if admin:
            notice = "Maintenance at <noon> & after"
            said = subprocess.run([admin[0], "admin", "--socket", admin[1], "say", notice],
                                  capture_output=True, text=True, timeout=15)
            check(said.returncode == 0 and "told 2 player(s)" in said.stdout, "wirequest admin say answers",
                  f"exit {said.returncode}: {said.stdout.strip()} {said.stderr.strip()}")
            for name, d in (("A", a), ("B", b)):
                got = wait_for(lambda: js(d, "return window.__wq.lastNotice;") == notice, 5)
                log = js(d, "return document.getElementById('chat-log').textContent;") or ""
                check(got and f"[server]: {notice}" in log, f"{name} shows the operator's notice in the chat log",
                      f"lastNotice {js(d, 'return window.__wq.lastNotice;')!r}, log {log[-120:]!r}")

        # Screenshots of both browsers in the village, checked for blankness.
        for name, d in (("a", a), ("b", b)):
            path = os.path.join(outdir, f"village-{name}.png")
            d.save_screenshot(path)
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
            while legs < 8 and left() > 30:
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
            js(a, """
                window.__notes = [];
                new MutationObserver((ms) => { for (const m of ms) for (const n of m.addedNodes) window.__notes.push(n.textContent); })
                    .observe(document.getElementById('notifications'), { childList: true });""")
            kills0 = js(a, "return window.__wq.kills;")
            ok = js(a, "return window.__wq.attack(arguments[0]);", rat["id"])
            check(ok, "A attacks the rat", f"attack({rat['id']}) returned {ok}")
            killed = wait_for(lambda: js(a, "return window.__wq.kills;") > kills0, 30, 0.2)
            check(killed, "A kills the rat (kills increases)",
                  f"kills {js(a, 'return window.__wq.kills;')}, player {js(a, 'return window.__wq.player;')}")
            note = wait_for(lambda: any("You killed a rat" in (t or "") for t in js(a, "return window.__notes;")), 3)
            check(note, "#notifications shows 'You killed a rat'", f"notes {js(a, 'return window.__notes;')}")
            a.save_screenshot(os.path.join(outdir, "hunt-a.png"))

        for name, d in (("A", a), ("B", b)):
            errs = severe_logs(d)
            check(not errs, f"no SEVERE console errors in {name}", "; ".join(errs)[:600])
        fps = js(a, "return [window.__wq.fps, window.__wq.frameTimeMs];")
        print(f"info: A renders at {fps[0]} fps, {fps[1]:.2f} ms per frame")
    except (WebDriverException, TypeError, KeyError) as e:
        check(False, "browser session", f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    finally:
        for d in (a, b):
            if d:
                try:
                    d.quit()
                except WebDriverException:
                    pass
    passed = sum(1 for ok, _ in results if ok)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed ({time.monotonic() - T0:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
