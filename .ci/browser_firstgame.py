#!/usr/bin/env python3
"""What a first game found, checked in headless Chromium (issue 16): each check fails on the client before its fix.

    python .ci/browser_firstgame.py WIREQUEST OUTDIR [--port N]    # e.g. .build/release/wirequest .build/ci/firstgame

Starts `WIREQUEST serve` from the repository root (database and admin socket in OUTDIR, log in OUTDIR/server.log),
then with browser_e2e's helpers:

- a phone's name screen says how to play by touch, not "Arrows or WASD… Enter chats";
- a new player enters on no villager's tile; the HUD bar is opaque and on top (no roof shows through it);
- looting better armor (spawned by the operator) shows full health, equal to what the server has (admin players);
- while a goblin hits the player, no damage number is drawn over a name tag (the renderer's last frame);
- through a house's door, only that room is drawn: every canvas pixel outside the room is black;
- with the server gone, the "Connection lost" banner sits at the top, clear of the player;
- a server playing a map outside Maps/ (`--map /tmp/…`) tells the page (`/world.json`), which draws that map; one
  playing a BrowserQuest server map (no tiles), or a map whose tile sheets are missing, gets a page that says so,
  naming the map's URL (and the sheet).

Screenshots go to OUTDIR. Prints PASS/FAIL lines and "N passed, M failed"; exits 1 on any failure, within DEADLINE s.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

import browser_e2e as e2e
from browser_e2e import browser, check, js, join, load, pos, shot, wait_for, wq
from selenium.common.exceptions import WebDriverException

DEADLINE = 90
T0 = time.monotonic()
PLATE = 24


def left():
    return DEADLINE - (time.monotonic() - T0)


def admin_player(server, name):
    rc, out, _ = server.admin("players", as_json=True)
    for p in (out.get("players", []) if rc == 0 and isinstance(out, dict) else []):
        if str(p.get("name", "")).lower() == name.lower():
            return p
    return None


def map_doors(base):
    """[(door x, y, destination x, y, to)] of the served map's doors layer."""
    with urllib.request.urlopen(base + "/maps/world.tmj", timeout=10) as r:
        m = json.load(r)
    out = []
    for layer in m["layers"]:
        if layer.get("type") == "objectgroup" and layer.get("name", "").lower() == "doors":
            for o in layer["objects"]:
                p = {q["name"]: q["value"] for q in o.get("properties", [])}
                out.append((int(o["x"]) // 16, int(o["y"]) // 16, p.get("tx"), p.get("ty"), p.get("to")))
    return out


def rects_meet(a, b):
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def phone_name_screen(base, outdir):
    d = browser(phone=True)
    try:
        load(d, base)
        text = js(d, "return document.getElementById('controls-help').textContent;") or ""
        shot(d, outdir, "phone-name-screen.png")
        check("Tap" in text and "WASD" not in text and "Enter" not in text,
              "on a phone the name screen explains taps, not arrows, WASD or Enter", repr(text))
    finally:
        d.quit()


def hud_on_top(d):
    """The HUD's background is opaque and the HUD is what the page shows at its points (not the canvas)."""
    r = js(d, """
        const hud = document.getElementById('hud');
        const b = hud.getBoundingClientRect();
        const bg = getComputedStyle(hud).backgroundColor;
        const alpha = bg.startsWith('rgba') ? Number(bg.slice(bg.lastIndexOf(',') + 1, -1)) : 1;
        const pts = [[b.left + 4, b.top + 3], [b.left + b.width / 2, b.bottom - 3], [b.right - 4, b.top + b.height / 2]];
        return { alpha, bg, top: pts.every(([x, y]) => hud.contains(document.elementFromPoint(x, y))) };""")
    check(r["alpha"] == 1 and r["top"], "the HUD bar is opaque and on top (no roof shows through)", str(r))


def armor_hp(server, world_map, d, name):
    ok = e2e.loot_spawned(server, world_map, d, name, "platearmor", PLATE)
    if not ok:
        return
    server_side = wait_for(lambda: (lambda p: p if p and p.get("armor") == "platearmor" else None)(
        admin_player(server, name)), 5)
    want = f"{server_side['hp']} / {server_side['maxHP']}" if server_side else None
    hud = wait_for(lambda: (lambda t: t if t == want else None)(e2e.text_of(d, "hp-text")), 3)
    p = wq(d, "player") or {}
    check(server_side and server_side["hp"] == server_side["maxHP"] and hud == want
          and p.get("hp") == p.get("maxHp") == server_side["maxHP"],
          "after looting better armor the HUD shows full health, as the server has it",
          f"server {server_side}, HUD {e2e.text_of(d, 'hp-text')!r}, client {p}")


def damage_over_names(server, world_map, d, name, outdir):
    """A goblin next to the player hits it; damage numbers never cover a name tag."""
    p = pos(d)
    world = server.world_of(name)
    occupied = {(e["x"], e["y"]) for e in js(d, "return window.__wq.entities();")}
    spot = next(((p[0] + dx, p[1] + dy) for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))
                 if world_map.walkable(p[0] + dx, p[1] + dy) and (p[0] + dx, p[1] + dy) not in occupied), None)
    rc, out, err = server.admin("spawn", "goblin", str(spot[0]), str(spot[1]), str(world)) if spot else (1, "", "")
    frames = []
    end = time.monotonic() + 7
    while time.monotonic() < end and rc == 0 and len(frames) < 15:
        v = wq(d, "view")
        if v and v["damages"]:
            frames.append(v)
            if len(frames) == 3:
                shot(d, outdir, "damage-and-name.png")
        time.sleep(0.05)
    overlaps = [(r, n) for v in frames for r in v["damages"] for n in v["names"] if rects_meet(r, n)]
    check(rc == 0 and frames and not overlaps, "no damage number is drawn over a name tag while a goblin hits",
          f"spawn {spot}: exit {rc} {str(out).strip()} {err}; {len(frames)} frames with damage numbers; "
          f"overlaps {overlaps[:2]}")
    # Away from the goblin (a teleport makes it let go), and healed for what follows.
    server.admin("tp", name, str(p[0]), str(p[1] - 6))


def inside_a_house(server, world_map, d, name, doors, outdir):
    """Through a house's door: the renderer draws only the room; every sampled pixel outside it is black."""
    house = next(((x, y, tx, ty) for x, y, tx, ty, to in doors if to == "u"), None)
    if not check(house, "the map has a house door"):
        return
    x, y, tx, ty = house
    rc, out, err = server.admin("tp", name, str(x), str(y + 1))
    there = rc == 0 and wait_for(lambda: (lambda q: q and not q[2] and (q[0], q[1]) == (x, y + 1))(pos(d)), 5)
    clicked = there and js(d, "return window.__wq.clickTile(arguments[0], arguments[1]);", x, y)
    inside = wait_for(lambda: (lambda q: q and (q[0], q[1]) == (tx, ty))(pos(d)), 6)
    check(inside, "the player walks through a house door into its room",
          f"tp {(x, y + 1)}: {rc} {str(out).strip()} {err}; click {clicked}; at {pos(d)}, door leads to {(tx, ty)}")
    if not inside:
        return
    # The test's own idea of the room: the walkable tiles joined to the door's destination, and two tiles around.
    seen, todo = {(tx, ty)}, [(tx, ty)]
    while todo and len(seen) < 4096:
        cx, cy = todo.pop()
        for n in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
            if n not in seen and world_map.walkable(*n):
                seen.add(n)
                todo.append(n)
    box = [min(t[0] for t in seen) - 2, min(t[1] for t in seen) - 2, max(t[0] for t in seen) + 2,
           max(t[1] for t in seen) + 2]
    time.sleep(0.4)
    r = js(d, """
        const v = window.__wq.view, c = document.getElementById('game-canvas'), ctx = c.getContext('2d');
        const box = arguments[0];
        let outside = 0, lit = 0, inside = 0, litInside = 0, beyondBox = 0, litBeyondBox = 0;
        const bad = [];
        for (let i = 0; i < 48; i++) for (let j = 0; j < 36; j++) {
            const x = Math.floor((c.width - 1) * (i + 0.5) / 48), y = Math.floor((c.height - 1) * (j + 0.5) / 36);
            const tx = Math.floor((x / v.scale + v.camX) / 16), ty = Math.floor((y / v.scale + v.camY) / 16);
            const p = ctx.getImageData(x, y, 1, 1).data;
            const black = p[0] === 0 && p[1] === 0 && p[2] === 0;
            if (tx < box[0] || ty < box[1] || tx > box[2] || ty > box[3]) { beyondBox++; if (!black) litBeyondBox++; }
            if (window.__wq.inRoom(tx, ty)) { inside++; if (!black) litInside++; continue; }
            outside++;
            if (!black) { lit++; if (bad.length < 5) bad.push([tx, ty, p[0], p[1], p[2]]); }
        }
        return { room: v.room, box, outside, lit, inside, litInside, beyondBox, litBeyondBox, bad };""", box)
    shot(d, outdir, "inside-a-house.png")
    room = r["room"]
    check(room and room["x0"] <= tx <= room["x1"] and room["y0"] <= ty <= room["y1"] and r["outside"] > 100
          and r["lit"] == 0 and r["litInside"] > r["inside"] // 2 and r["beyondBox"] > 100 and r["litBeyondBox"] == 0,
          "inside a house only its room is drawn (every sampled pixel outside it is black)", str(r))


def banner_clear_of_player(server, d, outdir):
    """The server goes away: the banner appears at the top, not over where the player (and its name) is drawn."""
    player = js(d, """
        const v = window.__wq.view, p = window.__wq.player, c = document.getElementById('game-canvas');
        const k = v.scale / (c.width / c.getBoundingClientRect().width);
        const px = (p.x * 16 - v.camX) * k, py = (p.y * 16 - v.camY) * k;
        return { x: px - 8 * k, y: py - 24 * k, w: 32 * k, h: 40 * k };""")
    server.stop()
    shown = wait_for(lambda: js(d, "const s = document.getElementById('status');"
                                   "return !s.hidden && s.classList.contains('alert') && s.textContent;"), 8)
    banner = js(d, "const s = document.getElementById('status').getBoundingClientRect();"
                   "return { x: s.left, y: s.top, w: s.width, h: s.height };")
    shot(d, outdir, "connection-lost.png")
    check(shown and banner["w"] > 0 and not rects_meet(banner, player) and banner["y"] < 40,
          "the 'Connection lost' banner sits at the top, clear of the player", f"{shown!r} banner {banner}, player {player}")


def start_plain(binary, port, map_path, log_path):
    """`serve` with another --map (no database, no admin socket); the process, or None if it did not answer."""
    log = open(log_path, "a")
    proc = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--data", "none",
                             "--admin-socket", "none", "--no-console", "--worlds", "1", "--map", map_path],
                            cwd=e2e.REPO, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    ok = wait_for(lambda: proc.poll() is None and _answers(port), 10)
    return proc if ok else (proc.kill() or None)


def _answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def maps_from_the_server(binary, outdir):
    tmp = os.path.join(outdir, "other-maps")
    os.makedirs(tmp, exist_ok=True)
    # The same world under another name, outside Maps/: its tilesets still point into Public/img.
    with open(os.path.join(e2e.REPO, "Maps", "world.tmj")) as f:
        world = json.load(f)
    for ts in world.get("tilesets", []):
        if ts.get("image"):
            ts["image"] = os.path.join(e2e.REPO, "Public", "img", os.path.basename(ts["image"]))
    with open(os.path.join(tmp, "elsewhere.tmj"), "w") as f:
        json.dump(world, f)
    # The same with tile sheets that are not there.
    for ts in world.get("tilesets", []):
        if ts.get("image"):
            ts["image"] = "/img/missing-" + os.path.basename(ts["image"])
    with open(os.path.join(tmp, "no-sheets.tmj"), "w") as f:
        json.dump(world, f)
    # A BrowserQuest server map: collisions and doors, no tiles to draw.
    w = 30
    coll = [x for x in range(w)] + [19 * w + x for x in range(w)]
    bq = {"width": w, "height": 20, "tilesize": 16, "collisions": coll, "doors": [],
          "checkpoints": [{"id": 1, "x": 2, "y": 2, "w": 4, "h": 4, "s": 1}], "roamingAreas": [], "chestAreas": [],
          "staticChests": [], "staticEntities": {}}
    with open(os.path.join(tmp, "world_server.json"), "w") as f:
        json.dump(bq, f)
    log = os.path.join(outdir, "server-maps.log")
    for label, path in (("tiled", os.path.join(tmp, "elsewhere.tmj")), ("bq", os.path.join(tmp, "world_server.json")),
                        ("sheets", os.path.join(tmp, "no-sheets.tmj"))):
        port = e2e.free_port()
        proc = start_plain(binary, port, path, log)
        if not check(proc, f"a server with --map {os.path.basename(path)} starts", f"see {log}"):
            continue
        d = None
        try:
            d = browser()
            base = f"http://127.0.0.1:{port}"
            d.get(base + "/")
            if label == "tiled":
                ready = wait_for(lambda: js(d, "const b = document.getElementById('play-button');"
                                               "return !!(b && !b.disabled && window.__wq);"), 15)
                check(ready and wq(d, "mapURL") == "/world/map" and join(d, base, "Wanderer"),
                      "the page draws the map the server plays from /world/map (--map outside Maps/) and joins",
                      f"ready {ready}, mapURL {wq(d, 'mapURL') if ready else None}, state {wq(d, 'state') if ready else None}")
                shot(d, outdir, "map-elsewhere.png")
            else:
                status = "const s = document.getElementById('status'); return s.hidden ? '' : s.textContent;"
                said = wait_for(lambda: (lambda t: t if "Cannot draw the map /world/map" in t else None)(
                    js(d, status) or ""), 10)
                shot(d, outdir, f"map-undrawable-{label}.png")
                if label == "bq":
                    check(said and "BrowserQuest server map" in said,
                          "a map the page cannot draw (no tiles) is named on screen with the reason", repr(said))
                else:
                    check(said and "/img/missing-" in said and "did not load" in said,
                          "a map whose tile sheets do not load is named on screen with the sheet", repr(said))
        finally:
            if d:
                d.quit()
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(8)
            except subprocess.TimeoutExpired:
                proc.kill()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wirequest")
    ap.add_argument("outdir")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    out = os.path.abspath(args.outdir)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    server = e2e.Server(args.wirequest, out, args.port or e2e.free_port())
    d = None
    try:
        if check(server.start(), f"the server starts on port {server.port}", f"see {server.log_path}"):
            phone_name_screen(server.base, out)
            world_map = e2e.Map(server.base)
            doors = map_doors(server.base)
            d = browser()
            if check(join(d, server.base, "Alice"), "A joins"):
                p = pos(d)
                npcs = js(d, "return window.__wq.entities().filter((e) => e.kind >= 40 && e.kind <= 55"
                             " && e.x === arguments[0] && e.y === arguments[1]);", p[0], p[1])
                check(not npcs, "the new player stands on no villager's tile", f"at {p}: {npcs}")
                hud_on_top(d)
                armor_hp(server, world_map, d, "Alice")
                shot(d, out, "hud-full-health.png")
                damage_over_names(server, world_map, d, "Alice", out)
                inside_a_house(server, world_map, d, "Alice", doors, out)
                banner_clear_of_player(server, d, out)
            d.quit()
            d = None
            if left() > 25:
                maps_from_the_server(os.path.abspath(args.wirequest), out)
            else:
                check(False, "time left for the map checks", f"{left():.0f} s")
    except (WebDriverException, TypeError, KeyError, AttributeError, ValueError, IndexError) as e:
        check(False, "browser session", f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    finally:
        if d:
            try:
                d.quit()
            except WebDriverException:
                pass
        if server.running():
            server.stop()
    if left() < 0:
        check(False, f"the run keeps to its {DEADLINE} s", f"{time.monotonic() - T0:.1f} s")
    passed = sum(1 for ok, _ in e2e.results if ok)
    failed = len(e2e.results) - passed
    print(f"{passed} passed, {failed} failed ({time.monotonic() - T0:.1f} s); server log {server.log_path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
