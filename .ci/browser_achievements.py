#!/usr/bin/env python3
"""Browser check of achievements, in headless Chromium, with browser_e2e's helpers.

    python .ci/browser_achievements.py WIREQUEST OUTDIR [--port N]   # e.g. .build/release/wirequest .build/ci/ach

Starts `WIREQUEST serve` (database OUTDIR/wirequest.sqlite, removed first; log OUTDIR/server.log), then one browser:

- entering lists every achievement (ACHIEVEMENTS), none earned, and the HUD's star button says 0;
- looting leather armor the operator spawned next to the player earns "New Threads" for real: a toast with its name
  and description, a line in the chat log, the server's log line;
- walking into a checkpoint in the caves earns "Into the Deep" the same way;
- after a reload, the panel (opened with the J key) lists both as earned and the rest greyed with their
  descriptions; Esc closes it, the button opens it again;
- no SEVERE console errors.

Screenshots: OUTDIR/achievement-toast.png, OUTDIR/achievements-panel.png. Prints one PASS/FAIL line per check and
"N passed, M failed"; exits 1 on any failure, within DEADLINE seconds.
"""

import sqlite3
import sys

import browser_e2e as e2e
from browser_e2e import Map, browser, check, enter_checkpoint, info, join, js, loot_spawned
from browser_e2e import severe_logs, shot, wait_for, wq
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

DEADLINE = 90
e2e.DEADLINE = DEADLINE  # browser_e2e's waits stop at our deadline, counted from its import
NAME = "Starling"
LEATHER = 22
CAVE_CHECKPOINT = 24
NEW_THREADS, INTO_THE_DEEP = 11, 19  # their ids (bits) in Sources/World/Rules/Achievements.swift


def stored_word(server):
    """The character's achievements column, read from the server's SQLite file (WAL mode allows a reader)."""
    try:
        with sqlite3.connect(f"file:{server.data}?mode=ro", uri=True, timeout=5) as db:
            row = db.execute("SELECT achievements FROM characters WHERE name_key = ?", (NAME.lower(),)).fetchone()
        return row[0] if row else None
    except sqlite3.Error as error:
        info(f"reading {server.data}: {error}")
        return None


def earned(d):
    return sorted(a["name"] for a in (wq(d, "achievements") or []) if a.get("earned"))


def toast_texts(d):
    return js(d, "return [...document.querySelectorAll('.achievement-toast')].map((t) => t.textContent);")


def chat_lines(d):
    return js(d, "return [...document.querySelectorAll('#chat-log div')].map((t) => t.textContent);")


def announced(d, name, description, label, shot_name=None):
    """The toast and the chat line for a just-earned achievement, and the client's list marks it earned."""
    toast = wait_for(lambda: [t for t in toast_texts(d) if name in t and description in t], 5)
    if toast and shot_name:
        shot(d, e2e.OUT, shot_name)
    line = wait_for(lambda: [t for t in chat_lines(d) if t == f"[achievement]: {name}: {description}"], 2)
    check(toast and line and name in earned(d), f"{label}: toast and chat line for '{name}', listed as earned",
          f"toasts {toast_texts(d)}, chat {chat_lines(d)}, earned {earned(d)}, last {wq(d, 'lastAchievement')}")


def scenario(server):
    world_map = Map(server.base)
    d = None
    try:
        d = browser()
        if not check(join(d, server.base, NAME), f"{NAME} joins"):
            return
        listing = wait_for(lambda: wq(d, "achievements"), 5) or []
        button = wait_for(lambda: js(d, "const b = document.getElementById('achievements-button');"
                                        "return b && b.getClientRects().length ? b.textContent : null;"), 2)
        check(len(listing) >= 16 and not earned(d) and button == "★ 0",
              "entering lists every achievement, none earned; the HUD button shows 0",
              f"{len(listing)} listed, earned {earned(d)}, button {button!r}")

        loot_spawned(server, world_map, d, NAME, "leatherarmor", LEATHER)
        announced(d, "New Threads", "Wear any armor better than cloth.", "loot", "achievement-toast.png")
        played = (wq(d, "audio") or {}).get("played") or []
        check("achievement" in played, "the achievement's sound plays with its toast", f"effects played {played}")
        enter_checkpoint(server, world_map, d, NAME, CAVE_CHECKPOINT)
        announced(d, "Into the Deep", "Rest at a checkpoint in the caves.", "cave checkpoint")
        with open(server.log_path) as log:
            text = log.read()
        check("earned new-threads" in text and "earned into-the-deep" in text,
              "the server logs both achievements it awarded")

        # A reload: the list comes from the server (the character's stored word), not from the page.
        info("reloading")
        if not check(join(d, server.base, NAME), f"{NAME} joins again after a reload"):
            return
        after = wait_for(lambda: earned(d) if len(earned(d)) >= 2 else None, 5)
        check(after == ["Into the Deep", "New Threads"], "after the reload both are still earned",
              f"earned {earned(d)}")
        word = stored_word(server)
        check(word is not None and word & (1 << NEW_THREADS) and word & (1 << INTO_THE_DEEP),
              "the database holds both in the character's achievements column", f"achievements {word}")
        ActionChains(d).send_keys("j").perform()
        opened = wait_for(lambda: js(d, "return document.getElementById('achievements-panel').open;"), 3)
        rows = js(d, """return [...document.querySelectorAll('#achievements-list li')]
                          .map((li) => [li.className, li.querySelector('b').textContent,
                                        li.querySelector('span').textContent]);""") or []
        lit = sorted(r[1] for r in rows if r[0] == "earned")
        grey = [r for r in rows if r[0] == "locked"]
        summary = js(d, "return document.getElementById('achievements-summary').textContent;")
        check(opened and lit == ["Into the Deep", "New Threads"] and len(grey) == len(rows) - 2 and len(rows) >= 16
              and all(r[2] for r in rows) and summary == f"2 of {len(rows)} earned",
              "the J key opens the panel: both earned lit, the others greyed with their descriptions",
              f"open {opened}, lit {lit}, {len(grey)} greyed of {len(rows)}, summary {summary!r}")
        shot(d, e2e.OUT, "achievements-panel.png")
        ActionChains(d).send_keys(Keys.ESCAPE).perform()
        closed = wait_for(lambda: not js(d, "return document.getElementById('achievements-panel').open;"), 2)
        d.find_element(By.ID, "achievements-button").click()
        reopened = wait_for(lambda: js(d, "return document.getElementById('achievements-panel').open;"), 2)
        check(closed and reopened, "Esc closes the panel and the HUD button opens it again")
        errors = severe_logs(d)
        check(not errors, "no SEVERE console errors", "; ".join(errors[:3]))
    finally:
        if d:
            d.quit()


if __name__ == "__main__":
    sys.exit(e2e.run(scenario, __doc__.split("\n\n")[0]))
