#!/usr/bin/env python3
"""Browser check of WireQuest's sound (Public/js/audio.js, music.js), with Debian's Chromium + Selenium.

    python .ci/browser_sound.py WIREQUEST OUTDIR [--port N]      # e.g. .build/release/wirequest .build/ci/sound

Starts `WIREQUEST serve` from the repository root (browser_e2e's Server: database, admin socket and server.log in
OUTDIR), then in one headless Chromium run with the browser's real autoplay policy (user gesture required):

- every music area of the map's "music" layer has a score in music.js;
- before any interaction no AudioContext exists and nothing was scheduled;
- the first click (Play) starts the AudioContext, plays the click effect and the music of the start area; an
  operator's `say` plays the chat effect;
- walking into another music area changes the music (a crossfade);
- M mutes (master gain 0, the HUD button pressed, kept in localStorage) and a reload keeps it muted; the button
  unmutes; a volume slider's value survives a reload;
- no console line says the AudioContext was not allowed to start, and no SEVERE lines.

Prints one PASS/FAIL line per check and "N passed, M failed"; exits 1 on any failure; capped at DEADLINE seconds.
"""

import json
import os
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_e2e as E  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

DEADLINE = 90
E.DEADLINE = DEADLINE  # browser_e2e's waits are bounded by its deadline: make it ours
check, info, wait_for, js, wq = E.check, E.info, E.wait_for, E.js, E.wq


def browser():
    """browser_e2e's headless Chromium, but with desktop Chrome's autoplay policy: headless Chromium's own default
    lets any page start audio, and "user-gesture-required" only holds Web Audio back in cross-origin frames."""
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1024,768",
              "--autoplay-policy=document-user-activation-required"):
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_page_load_timeout(20)
    d.set_script_timeout(10)
    return d


def audio(d):
    return wq(d, "audio") or {}


def gain(d):
    """The master gain, or None before the context exists."""
    g = audio(d).get("gain")
    return g if isinstance(g, (int, float)) else None


def music_areas(base):
    """[(id, x, y, w, h)] in tiles, from the map's "music" layer, as map.js reads it."""
    with urllib.request.urlopen(base + "/maps/world.tmj", timeout=10) as r:
        m = json.load(r)
    ts = m.get("tilewidth", 16)
    out = []
    for layer in m["layers"]:
        if layer.get("type") == "objectgroup" and layer.get("name", "").lower() == "music":
            for o in layer["objects"]:
                props = {p["name"]: p["value"] for p in o.get("properties", [])}
                out.append((props.get("id", ""), int(o["x"]) // ts, int(o["y"]) // ts,
                            max(1, round(o.get("width", ts) / ts)), max(1, round(o.get("height", ts) / ts))))
    return out


def area_at(areas, x, y):
    return next((a[0] for a in areas if a[1] <= x < a[1] + a[3] and a[2] <= y < a[2] + a[4]), None)


def play_by_click(d, base, name):
    """Loads the page, fills the name without key events, and clicks Play: that click is the first interaction."""
    if not E.load(d, base):
        return False
    before = audio(d)
    js(d, "document.getElementById('name-input').value = arguments[0];", name)
    d.find_element(By.ID, "play-button").click()
    return before


def walk_into_other_area(d, world_map, areas, here):
    """Walks legs toward the nearest walkable tile of another music area; its name once there, else None."""
    p = E.pos(d)
    goals = sorted(((x, y) for (aid, ax, ay, aw, ah) in areas if aid != here
                    for x in range(ax, ax + aw) for y in range(ay, ay + ah) if world_map.walkable(x, y)),
                   key=lambda t: abs(t[0] - p[0]) + abs(t[1] - p[1]))
    if not goals:
        return None
    goal = goals[0]
    info(f"walking from {p[:2]} ({here}) to {goal} ({area_at(areas, *goal)})")
    for _ in range(8):
        if E.left() < 15:
            break
        q = E.pos(d)
        a = area_at(areas, q[0], q[1]) if q else None
        if a and a != here:
            return a
        if not E.leg_toward(d, goal, world_map.doors):
            break
    q = E.pos(d)
    a = area_at(areas, q[0], q[1]) if q else None
    return a if a != here else None


def spawn_beside(server, world_map, d, player, kind_name):
    """The operator spawns kind_name on a free walkable tile next to the player; the tile, or None."""
    p = E.pos(d)
    world = server.world_of(player)
    occupied = {(e["x"], e["y"]) for e in js(d, "return window.__wq.entities();")}
    spot = next(((p[0] + dx, p[1] + dy) for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))
                 if world_map.walkable(p[0] + dx, p[1] + dy) and (p[0] + dx, p[1] + dy) not in occupied), None)
    if not spot or world is None:
        return None
    rc, _, err = server.admin("spawn", kind_name, str(spot[0]), str(spot[1]), str(world))
    return spot if rc == 0 else None


def combat(server, world_map, d, player):
    """A rat the operator spawned beside the player is fought (hit, kill); a flask beside it is picked up (loot)."""
    spot = spawn_beside(server, world_map, d, player, "rat")
    rat = spot and wait_for(lambda: js(d, "return window.__wq.entities().find((e) => e.name === 'rat'"
                                          " && Math.abs(e.x - arguments[0]) + Math.abs(e.y - arguments[1]) <= 2)"
                                          " || null;", *spot), 5)
    kills0 = wq(d, "kills")
    if rat:
        js(d, "return window.__wq.attack(arguments[0]);", rat["id"])
    killed = rat and wait_for(lambda: wq(d, "kills") > kills0, 20, 0.2)
    played = audio(d).get("played", [])
    check(killed and "hit" in played and "kill" in played, "fighting a rat plays the hit and kill effects",
          f"rat {rat}, kills {wq(d, 'kills')}, played {played}")
    E.wait_for(lambda: (lambda q: q and not q[2])(E.pos(d)), 5)
    spot = spawn_beside(server, world_map, d, player, "flask")
    item = spot and wait_for(lambda: js(d, "return window.__wq.entities().find((e) => e.name === 'flask'"
                                           " && e.x === arguments[0] && e.y === arguments[1]) || null;", *spot), 5)
    clicked = item and js(d, "return window.__wq.clickTile(arguments[0], arguments[1]);", *spot)
    looted = clicked == "loot" and wait_for(lambda: "loot" in audio(d).get("played", []), 5)
    check(looted, "picking up a flask plays the loot effect", f"flask {item}, click {clicked}, audio {audio(d)}")


def scenario(server):
    base = server.base
    areas = music_areas(base)
    world_map = E.Map(base)
    d = browser()
    try:
        # The checks mean something only if this browser enforces the policy (headless Chromium's default lets
        # any page start audio): without a gesture, a context stays suspended.
        E.load(d, base)
        st = js(d, "const c = new AudioContext(); const s = c.state; c.close(); return s;")
        check(st == "suspended", "this Chromium enforces the autoplay policy (a context made without a gesture is"
              " suspended)", f"state {st}")
        d.get_log("browser")  # that context's own console lines, if any, are not the client's

        # Scores for every area.
        E.load(d, base)
        scores = d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "import('/js/music.js').then((m) => done(Object.keys(m.SCORES)), (e) => done(String(e)));")
        names = sorted({a[0] for a in areas})
        missing = [n for n in names if not isinstance(scores, list) or n not in scores]
        check(names and not missing, f"every music area of the map has a score ({', '.join(names)})",
              f"missing {missing}; scores {scores}")

        # Nothing before the first interaction; the first click starts it.
        before = play_by_click(d, base, "Melody")
        check(before.get("state") == "none" and not before.get("played") and before.get("notes") == 0,
              "before any interaction: no AudioContext and nothing scheduled", f"audio {before}")
        check(wait_for(lambda: E.playing(d), 15), "the player joins with a click on Play")
        running = wait_for(lambda: audio(d).get("state") == "running", 5)
        a = audio(d)
        check(running and "click" in a.get("played", []),
              "after the first click: the AudioContext runs and the click effect was scheduled", f"audio {a}")
        p = E.pos(d) or [0, 0]
        here = area_at(areas, p[0], p[1])
        check(here and wait_for(lambda: audio(d).get("music") == here and audio(d).get("notes", 0) > 0, 5),
              f"the music of the start area plays ({here} at {p[:2]})", f"audio {audio(d)}")
        rc, out, err = server.admin("say", "Sound check")
        check(rc == 0 and wait_for(lambda: "chat" in audio(d).get("played", []), 5),
              "an operator's say plays the chat effect", f"admin exit {rc} {err}; audio {audio(d)}")

        combat(server, world_map, d, "Melody")

        # Another area, another tune.
        other = walk_into_other_area(d, world_map, areas, here)
        moved = other and wait_for(lambda: audio(d).get("music") == other, 3)
        check(moved, f"walking from {here} into {other} changes the music", f"at {E.pos(d)}, audio {audio(d)}")
        hist = audio(d).get("history", [])
        check(moved and hist[-2:] == [here, other], f"the music went from {here} to {other} (crossfade)",
              f"history {hist}")

        # Mute with M, kept across a reload; the button unmutes.
        ActionChains(d).send_keys("m").perform()
        muted = wait_for(lambda: audio(d).get("muted") and (gain(d) if gain(d) is not None else 1) < 0.01, 3)
        stored = js(d, "return localStorage.getItem('wq.audio');") or ""
        pressed = js(d, "return document.getElementById('sound-button').getAttribute('aria-pressed');")
        check(muted and '"muted":true' in stored and pressed == "true",
              "M mutes: master gain 0, the button pressed, kept in localStorage",
              f"audio {audio(d)}; stored {stored}; pressed {pressed}")
        js(d, "const r = document.getElementById('music-volume'); r.value = '35';"
              "r.dispatchEvent(new Event('input', { bubbles: true }));")
        d.refresh()
        before = play_by_click(d, base, "Melody")
        pressed = js(d, "return document.getElementById('sound-button').getAttribute('aria-pressed');")
        slider = js(d, "return document.getElementById('music-volume').value;")
        check(before.get("muted") is True and pressed == "true" and slider == "35",
              "after a reload: still muted (button pressed) and the music slider at 35",
              f"audio {before}; pressed {pressed}; slider {slider}")
        check(wait_for(lambda: E.playing(d), 15), "the player joins again with a click on Play")
        wait_for(lambda: audio(d).get("state") == "running" and (gain(d) if gain(d) is not None else 1) < 0.01, 5)
        a = audio(d)
        check(a.get("state") == "running" and a.get("gain") is not None and a["gain"] < 0.01
              and not a.get("played"), "muted after the reload: the context runs at gain 0, no effect scheduled",
              f"audio {a}")
        d.find_element(By.ID, "sound-button").click()
        on = wait_for(lambda: not audio(d).get("muted") and (gain(d) or 0) > 0.9, 3)
        stored = js(d, "return localStorage.getItem('wq.audio');") or ""
        check(on and '"muted":false' in stored and "click" in audio(d).get("played", []),
              "the HUD button unmutes (gain 1, kept, its click heard)", f"audio {audio(d)}; stored {stored}")

        logs = d.get_log("browser")
        refused = [e["message"] for e in logs if "AudioContext" in e.get("message", "")]
        check(not refused, "no console line about the AudioContext (not allowed to start)", "; ".join(refused)[:400])
        severe = [e["message"] for e in logs if e.get("level") == "SEVERE" and "favicon" not in e.get("message", "")]
        check(not severe, "no SEVERE console errors", "; ".join(severe)[:400])
        E.shot(d, E.OUT, "sound.png")

    except (WebDriverException, TypeError, KeyError, AttributeError, ValueError, IndexError) as e:
        check(False, "browser session", f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    finally:
        try:
            d.quit()
        except WebDriverException:
            pass


if __name__ == "__main__":
    sys.exit(E.run(scenario, __doc__.split("\n\n")[0]))
