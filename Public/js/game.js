// The game's state and rules on the client side: message handlers, the player's intents (walk, attack, loot,
// open, talk, doors, checkpoints) and per-frame updates. No DOM here: the page talks to it through `ui` callbacks
// and `send`, so it can be driven from Node.
import { Messages as M, Entities, Orientations } from './protocol.js';
import { Entity } from './entities.js';
import { findPath } from './pathfinder.js';
import { decodeEntities, isAdjacent4 } from './util.js';
import {
    kindName, prettyName, article, isArmorKind, isWeaponKind, isMobKind, isPlayerKind, PLAYER_ATTACK_MS,
} from './kinds.js';
import { parseAchievements, parseAchievement, markEarned } from './achievements.js';

const DIRS = { up: [0, -1], down: [0, 1], left: [-1, 0], right: [1, 0] };
const WHO_RETRY_MS = 3000;
const CHECK_DELAY_MS = 300; // let the server's walk catch up before CHECK (it checks its own position)
const REMOTE_PATH_LIMIT = { maxLength: 80, maxExpanded: 3000 };

export class Game {
    constructor({ map, send = () => {}, ui = null, dialogue = {}, clock = () => performance.now() }) {
        this.map = map;
        this.send = send;
        this.ui = ui;
        this.dialogue = dialogue;
        this.clock = clock;
        this.state = 'name';
        this.name = '';
        this.login = null; // {name, password} until a LOGIN is answered; HELLO after that
        this.profile = null; // PROFILE of this session: {name, returning, hasPassword}
        this.lastPasswordAnswer = null;
        this.entering = false; // inside the first batch (WELCOME … PROFILE): stored state, not news
        this.playerId = null;
        this.player = null;
        this.entities = new Map();
        this.kills = 0;
        this.killsByKind = {};
        this.achievements = []; // ACHIEVEMENTS' list, updated by ACHIEVEMENT: [{id, name, description, earned}]
        this.lastChat = null;
        this.population = null;
        this.effects = [];
        this.damages = [];
        this.action = null; // {type: attack|loot|open|talk, id, ...}
        this.keys = [];
        this.timers = [];
        this.deathTiles = new Map();
        this.lootPending = new Map();
        this.whoAsked = new Map();
        this.npcLines = new Map();
        this.lastCheckpoint = null;
        this.destinationMark = null;
        this.errors = 0;
        this.handlers = {
            [M.WELCOME]: (m) => this.onWelcome(m),
            [M.SPAWN]: (m) => this.onSpawn(m),
            [M.DESPAWN]: (m) => this.onDespawn(m),
            [M.MOVE]: (m) => this.onMove(m),
            [M.LOOTMOVE]: (m) => this.onLootMove(m),
            [M.ATTACK]: (m) => this.onAttack(m),
            [M.HEALTH]: (m) => this.onHealth(m),
            [M.CHAT]: (m) => this.onChat(m),
            [M.NOTICE]: (m) => this.onNotice(m),
            [M.EQUIP]: (m) => this.onEquip(m),
            [M.DROP]: (m) => this.onDrop(m),
            [M.TELEPORT]: (m) => this.onTeleport(m),
            [M.DAMAGE]: (m) => this.onDamage(m),
            [M.POPULATION]: (m) => this.onPopulation(m),
            [M.KILL]: (m) => this.onKill(m),
            [M.LIST]: (m) => this.onList(m),
            [M.DESTROY]: (m) => this.onDestroy(m),
            [M.HP]: (m) => this.onHp(m),
            [M.BLINK]: (m) => this.onBlink(m),
            [M.PROFILE]: (m) => this.onProfile(m),
            [M.PASSWORD]: (m) => this.onPassword(m),
            [M.ACHIEVEMENTS]: (m) => this.onAchievements(m),
            [M.ACHIEVEMENT]: (m) => this.onAchievement(m),
        };
    }

    emit(name, ...args) {
        try { this.ui?.[name]?.(...args); } catch (err) { console.error(`ui.${name}`, err); }
    }

    setState(state) {
        if (this.state === state) return;
        this.state = state;
        this.emit('state', state);
    }

    // ---------------------------------------------------------------- network entry points

    /** Raw `go`: the server is ready for HELLO (or LOGIN, to play a character with its password). */
    onGo() {
        if (this.login) { this.send([M.LOGIN, this.login.name, this.login.password]); return; }
        this.send([M.HELLO, this.name, this.player?.armor || Entities.CLOTHARMOR, this.player?.weapon || Entities.SWORD1]);
    }

    /** A whole frame has been handled: the first batch, if it was one, is over. */
    endFrame() { this.entering = false; }

    /** One decoded server message. Never throws: unknown or malformed messages are ignored. */
    receive(message) {
        if (!Array.isArray(message) || typeof message[0] !== 'number') return false;
        const handler = this.handlers[message[0]];
        if (!handler) return false;
        try {
            handler(message);
            return true;
        } catch (err) {
            this.errors += 1;
            console.warn('message', JSON.stringify(message).slice(0, 200), err);
            return false;
        }
    }

    /** The connection is gone: forget the world, keep the name. */
    reset() {
        this.entities.clear();
        this.effects = [];
        this.damages = [];
        this.action = null;
        this.timers = [];
        this.whoAsked.clear();
        this.lootPending.clear();
        this.player = null;
        this.playerId = null;
        this.lastCheckpoint = null;
        this.profile = null;
        this.entering = false;
    }

    // ---------------------------------------------------------------- helpers

    now() { return this.clock(); }

    entity(id) {
        if (id === this.playerId) return this.player;
        return this.entities.get(id) ?? null;
    }

    /** Tiles blocked by entities the player should walk around (mobs, NPCs, chests), except `exceptId`. */
    entityObstacles(exceptId) {
        const set = new Set();
        const w = this.map.width;
        for (const e of this.entities.values()) {
            if (e.id === exceptId || e.removing || !(e.isMob || e.isNpc || e.isChest)) continue;
            set.add(e.y * w + e.x);
            if (e.stepping) set.add(e.stepTo.y * w + e.stepTo.x);
        }
        return set;
    }

    pathForPlayer(goal, exceptId = null) {
        const from = this.player.nextTile;
        return findPath(this.map.grid, from, goal, { extra: this.entityObstacles(exceptId) }) ?? findPath(this.map.grid, from, goal);
    }

    /** Entities on a tile, most interesting first (mob, NPC, chest, item, player). */
    entitiesAt(x, y) {
        const rank = (e) => (e.isMob ? 0 : e.isNpc ? 1 : e.isChest ? 2 : e.isItem ? 3 : 4);
        const out = [];
        for (const e of this.entities.values()) {
            if (e.removing) continue;
            const t = e.nextTile;
            if ((e.x === x && e.y === y) || (t.x === x && t.y === y)) out.push(e);
        }
        return out.sort((a, b) => rank(a) - rank(b));
    }

    later(delay, fn) { this.timers.push({ at: this.now() + delay, fn }); }

    notify(text) { this.emit('notify', text); }

    // ---------------------------------------------------------------- player intents

    /** What a click or tap on tile (x, y) does. Returns a short description of the action taken, or null. */
    clickTile(x, y) {
        if (this.state !== 'playing' || !this.player) return null;
        x |= 0; y |= 0;
        let targets = this.entitiesAt(x, y);
        if (!targets.length) targets = this.entitiesAt(x, y + 1).filter((e) => e.isMob || e.isNpc); // tall sprites
        const e = targets[0];
        if (e && e.isMob) return this.attack(e.id) ? 'attack' : null;
        if (e && e.isNpc) return this.interact('talk', e) ? 'talk' : null;
        if (e && e.isChest) return this.interact('open', e) ? 'open' : null;
        if (e && e.isItem) return this.loot(e) ? 'loot' : null;
        return this.walkTo(x, y) ? 'move' : null;
    }

    /** Drops what the player was doing and walks to (x, y), whatever stands there. */
    walkTo(x, y) {
        if (this.state !== 'playing' || !this.player) return false;
        this.action = null;
        this.player.target = null;
        return this.moveTo(x | 0, y | 0);
    }

    /** Walks the player to (x, y); sends MOVE with the destination when the path starts. */
    moveTo(x, y) {
        const p = this.player;
        if (this.map.isBlocked(x, y)) return false;
        const path = this.pathForPlayer({ x, y });
        if (!path) return false;
        this.destinationMark = { x, y, time: this.now() };
        if (path.length === 0) { if (!p.stepping) this.onPlayerArrive(p); return true; }
        p.walk(path);
        this.send([M.MOVE, x, y]);
        return true;
    }

    /** Engages mob `id`: walk next to it, ATTACK, then HIT every 800 ms while adjacent. */
    attack(id) {
        const mob = this.entities.get(id);
        if (this.state !== 'playing' || !mob || !mob.isMob || mob.removing) return false;
        this.action = { type: 'attack', id, sent: false, lastHit: -1e9, goal: null, lastPath: -1e9, fails: 0 };
        this.player.target = id;
        this.updateAction(this.now());
        return true;
    }

    loot(item) {
        const p = this.player;
        const path = this.pathForPlayer({ x: item.x, y: item.y }, item.id);
        if (!path) return false;
        this.action = { type: 'loot', id: item.id };
        p.target = null;
        if (path.length === 0) { if (!p.stepping) this.onPlayerArrive(p); return true; }
        p.walk(path);
        this.send([M.LOOTMOVE, item.x, item.y, item.id]);
        return true;
    }

    /** Walk next to a chest or NPC, then open it or hear its next line. */
    interact(type, e) {
        this.action = { type, id: e.id };
        this.player.target = null;
        return this.walkNextTo(e);
    }

    /** Paths to a tile 4-adjacent to `e`; sends MOVE. True if a path exists (or the player is already there). */
    walkNextTo(e) {
        const p = this.player;
        const goal = e.nextTile;
        if (isAdjacent4(p.nextTile, goal)) {
            if (p.moving) { p.stop(); this.send([M.MOVE, p.nextTile.x, p.nextTile.y]); }
            else this.onPlayerArrive(p);
            return true;
        }
        let path = this.pathForPlayer(goal, e.id);
        if (!path) return false;
        path = path.slice(0, -1);
        if (path.length === 0) { if (!p.stepping) this.onPlayerArrive(p); return true; }
        p.walk(path);
        const end = path[path.length - 1];
        this.send([M.MOVE, end.x, end.y]);
        return true;
    }

    talk(npc) {
        const lines = this.dialogue[kindName(npc.kind)] ?? ['…'];
        const i = this.npcLines.get(npc.id) ?? 0;
        this.npcLines.set(npc.id, i + 1);
        const text = lines[i % lines.length];
        npc.face(this.player);
        this.emit('bubble', npc, text, true);
        return text;
    }

    chat(text) {
        const t = String(text ?? '').trim().slice(0, 60);
        if (!t || this.state !== 'playing') return false;
        this.send([M.CHAT, t]);
        return true;
    }

    /** PASSWORD: sets (or, with the current one, changes) the character's password. */
    setPassword(fresh, current = '') {
        if (this.state !== 'playing' && this.state !== 'dead') return false;
        return this.send([M.PASSWORD, String(fresh), String(current ?? '')]) !== false;
    }

    revive() {
        if (this.state !== 'dead') return false;
        this.onGo();
        return true;
    }

    /** Keyboard: directions currently held, most recent last. */
    keyDown(dir) { if (DIRS[dir] && !this.keys.includes(dir)) this.keys.push(dir); this.tryKeyStep(); }
    keyUp(dir) { this.keys = this.keys.filter((k) => k !== dir); }

    tryKeyStep() {
        const p = this.player;
        if (!p || this.state !== 'playing' || !this.keys.length || p.stepping || p.path.length || p.pendingPath) return false;
        const dir = this.keys[this.keys.length - 1];
        const [dx, dy] = DIRS[dir];
        const next = { x: p.x + dx, y: p.y + dy };
        p.orientation = { up: Orientations.UP, down: Orientations.DOWN, left: Orientations.LEFT, right: Orientations.RIGHT }[dir];
        this.action = null;
        p.target = null;
        if (this.map.isBlocked(next.x, next.y) || this.entityObstacles(null).has(next.y * this.map.width + next.x)) return false;
        p.walk([next]);
        this.send([M.MOVE, next.x, next.y]);
        return true;
    }

    // ---------------------------------------------------------------- player walking hooks

    onPlayerStep(p) {
        const cp = this.map.checkpointAt(p.x, p.y);
        if (cp && cp.id !== this.lastCheckpoint) {
            this.lastCheckpoint = cp.id;
            this.later(CHECK_DELAY_MS, () => { if (this.state === 'playing') this.send([M.CHECK, cp.id]); });
        }
    }

    onPlayerArrive(p) {
        const a = this.action;
        if (a) {
            const e = this.entities.get(a.id);
            if (!e || e.removing) { if (a.type !== 'attack') this.action = null; }
            else if (a.type === 'loot') {
                this.action = null;
                if (Math.abs(p.x - e.x) + Math.abs(p.y - e.y) <= 1) {
                    this.lootPending.set(e.id, e.kind);
                    this.send([M.LOOT, e.id]);
                }
                return;
            } else if (a.type === 'open' || a.type === 'talk') {
                if (isAdjacent4(p, e.nextTile)) {
                    this.action = null;
                    p.face(e);
                    if (a.type === 'open') this.send([M.OPEN, e.id]);
                    else this.talk(e);
                } else if ((a.tries = (a.tries ?? 0) + 1) < 4) this.walkNextTo(e);
                else this.action = null;
                return;
            }
        }
        const door = this.map.doorAtTile(p.x, p.y);
        if (door && !a) { this.useDoor(door); return; }
        this.tryKeyStep();
    }

    useDoor(door) {
        const p = this.player;
        this.send([M.TELEPORT, door.tx, door.ty]);
        p.snap(door.tx, door.ty);
        const o = { u: Orientations.UP, d: Orientations.DOWN, l: Orientations.LEFT, r: Orientations.RIGHT }[door.to];
        if (o) p.orientation = o;
        this.action = null;
        p.target = null;
        this.emit('teleported', door);
        this.emit('sound', 'door');
        this.onPlayerStep(p);
    }

    /** Combat: follow the target, strike every 800 ms while 4-adjacent. */
    updateAction(now) {
        const a = this.action, p = this.player;
        if (!a || a.type !== 'attack' || !p) return;
        const mob = this.entities.get(a.id);
        if (!mob || mob.removing) { this.action = null; p.target = null; return; }
        const goal = mob.nextTile;
        if (!p.stepping && !p.path.length && !p.pendingPath && isAdjacent4(p, goal)) {
            p.face(goal);
            if (!a.sent) { this.send([M.ATTACK, mob.id]); a.sent = true; }
            if (now - a.lastHit >= PLAYER_ATTACK_MS) {
                a.lastHit = now;
                this.send([M.HIT, mob.id]);
                p.swing(now);
                mob.combatUntil = Math.max(mob.combatUntil, now + 6000);
            }
            return;
        }
        const key = `${goal.x},${goal.y}`;
        if ((key !== a.goal || !p.moving) && now - a.lastPath >= 150) {
            a.lastPath = now;
            a.goal = key;
            if (!this.walkNextTo(mob) && ++a.fails > 3) { this.action = null; p.target = null; }
        }
    }

    /** Other characters swing at their targets while next to them. */
    updateFights(now) {
        for (const e of this.entities.values()) {
            if (e.target == null || !e.isCharacter || e.moving || e.removing) continue;
            const t = this.entity(e.target);
            if (!t || (t === this.player && this.state !== 'playing')) { e.target = null; continue; }
            const tt = t.nextTile;
            const d = Math.max(Math.abs(tt.x - e.x), Math.abs(tt.y - e.y));
            if (d === 1 && now - e.lastSwing >= e.attackRate) {
                e.face(tt);
                e.swing(now);
                if (t === this.player && e.isMob) e.combatUntil = Math.max(e.combatUntil, now + 6000);
            }
        }
    }

    /** Advances everything to `now` (milliseconds, same clock as `clock`). */
    update(now = this.now()) {
        if (this.timers.length) {
            const due = this.timers.filter((t) => t.at <= now);
            if (due.length) {
                this.timers = this.timers.filter((t) => t.at > now);
                for (const t of due) { try { t.fn(); } catch (err) { console.warn(err); } }
            }
        }
        if (this.player && this.state === 'playing') {
            this.tryKeyStep();
            this.updateAction(now);
            this.player.update(now);
            this.updateAction(now);
        }
        for (const e of this.entities.values()) {
            e.update(now);
            if (e.removing && now >= e.removeAt) this.entities.delete(e.id);
        }
        this.updateFights(now);
        if (this.effects.length) this.effects = this.effects.filter((fx) => now - fx.start < fx.duration);
        if (this.damages.length) this.damages = this.damages.filter((d) => now - d.start < d.duration);
    }

    // ---------------------------------------------------------------- message handlers

    onWelcome([, id, name, x, y, hp]) {
        const now = this.now();
        if (this.player && this.player.id === id && this.state === 'playing') {
            // A correction from the server: it has us elsewhere.
            this.player.snap(x, y);
            this.player.maxHp = hp;
            this.action = null;
            this.player.target = null;
            this.emit('hud', this.player);
            return;
        }
        const revive = this.player && this.player.id === id;
        if (!revive) {
            this.entities.clear();
            this.whoAsked.clear();
            this.entering = true;
            if (this.login) { this.name = decodeEntities(name); this.login = null; }
        }
        const old = this.player;
        const p = new Entity(id, Entities.WARRIOR, x, y);
        p.name = decodeEntities(name);
        p.armor = old?.armor && old.armor !== Entities.FIREFOX ? old.armor : Entities.CLOTHARMOR;
        p.weapon = old?.weapon || Entities.SWORD1;
        if (!revive) { p.armor = Entities.CLOTHARMOR; p.weapon = Entities.SWORD1; }
        p.hp = p.maxHp = hp;
        p.spawnTime = now;
        p.hooks = { step: (e) => this.onPlayerStep(e), arrive: (e) => this.onPlayerArrive(e) };
        this.player = p;
        this.playerId = id;
        this.action = null;
        this.lastCheckpoint = this.map.checkpointAt(x, y)?.id ?? null;
        for (const e of this.entities.values()) if (e.target === id) e.target = null;
        this.setState('playing');
        this.emit('welcome', p, revive);
        if (revive) this.emit('sound', 'revive');
        this.emit('hud', p);
    }

    onSpawn(m) {
        const [, id, kind, x, y] = m;
        if (id === this.playerId || typeof id !== 'number' || typeof kind !== 'number') return;
        this.whoAsked.delete(id);
        const known = this.entities.get(id);
        if (known && !known.removing) {
            if (!known.moving && (known.x !== x || known.y !== y)) known.snap(x, y);
            return;
        }
        const e = new Entity(id, kind, x, y);
        e.spawnTime = this.now();
        if (isPlayerKind(kind)) {
            e.name = decodeEntities(m[5]);
            if (m[6]) e.orientation = m[6];
            e.armor = m[7] || Entities.CLOTHARMOR;
            e.weapon = m[8] || Entities.SWORD1;
            if (typeof m[9] === 'number') e.target = m[9];
        } else if (isMobKind(kind)) {
            if (m[5]) e.orientation = m[5];
            if (typeof m[6] === 'number') e.target = m[6];
            if (e.target === this.playerId) e.combatUntil = this.now() + 10000;
        }
        this.entities.set(id, e);
    }

    onDespawn([, id]) {
        const e = this.entities.get(id);
        if (!e) return;
        const now = this.now();
        if (e.isChest) {
            e.openStart = now;
            e.removing = true;
            e.removeAt = now + 600;
        } else if (e.isCharacter) {
            const t = e.nextTile;
            this.deathTiles.set(id, { x: t.x, y: t.y, at: now });
            if (e.isMob || e.isPlayer) this.effects.push({ type: 'death', x: t.x, y: t.y, start: now, duration: 600 });
            this.entities.delete(id);
        } else {
            this.entities.delete(id);
            const kind = this.lootPending.get(id);
            if (kind != null) {
                this.lootPending.delete(id);
                if (!isArmorKind(kind) && !isWeaponKind(kind)) { this.notify(lootText(kind)); this.emit('sound', 'loot'); }
            }
        }
        if (this.player?.target === id) { this.player.target = null; this.action = null; }
        for (const o of this.entities.values()) if (o.target === id) o.target = null;
        if (this.deathTiles.size > 200) for (const [k, v] of this.deathTiles) if (now - v.at > 30000) this.deathTiles.delete(k);
    }

    onDestroy([, id]) {
        this.entities.delete(id);
        if (this.player?.target === id) { this.player.target = null; this.action = null; }
    }

    onMove([, id, x, y]) {
        if (id === this.playerId) return;
        const e = this.entities.get(id);
        if (!e || e.removing) return;
        const path = findPath(this.map.grid, e.nextTile, { x, y }, REMOTE_PATH_LIMIT);
        if (path) e.walk(path); else e.snap(x, y);
    }

    onLootMove([, id, item]) {
        const e = this.entities.get(id), i = this.entities.get(item);
        if (!e || !i) return;
        const path = findPath(this.map.grid, e.nextTile, { x: i.x, y: i.y }, REMOTE_PATH_LIMIT);
        if (path) e.walk(path); else e.snap(i.x, i.y);
    }

    onAttack([, attacker, target]) {
        const a = this.entity(attacker);
        if (!a || a === this.player) return;
        a.target = target;
        const t = this.entity(target);
        if (t) a.face(t.nextTile);
        if (a.isMob && target === this.playerId) a.combatUntil = Math.max(a.combatUntil, this.now() + 10000);
    }

    onHealth([, hp, regen]) {
        const p = this.player;
        if (!p) return;
        const now = this.now();
        const before = p.hp;
        p.hp = Math.max(0, hp);
        if (this.entering) {
            // The stored health, right after WELCOME: no flash, no floating number.
        } else if (!regen && p.hp < before) {
            p.hurtUntil = now + 300;
            this.damages.push({ x: p.x, y: p.y, text: `-${before - p.hp}`, color: '#ff4d4d', start: now, duration: 900 });
            this.emit('hurt');
            this.emit('sound', 'hurt');
        } else if (!regen && p.hp > before && this.state === 'playing') {
            this.damages.push({ x: p.x, y: p.y, text: `+${p.hp - before}`, color: '#6f6', start: now, duration: 900 });
            this.emit('sound', 'heal');
        }
        this.emit('hud', p);
        if (p.hp <= 0 && this.state === 'playing') this.die();
    }

    die() {
        const p = this.player;
        const now = this.now();
        const t = p.nextTile;
        p.stop();
        this.effects.push({ type: 'death', x: t.x, y: t.y, start: now, duration: 600 });
        this.action = null;
        p.target = null;
        for (const e of this.entities.values()) if (e.target === p.id) { e.target = null; e.combatUntil = 0; }
        this.setState('dead');
        this.emit('sound', 'death');
    }

    /** HP: new armor raised (or lowered) the maximum and the server healed the player to it, as BrowserQuest did. */
    onHp([, max]) {
        if (!this.player) return;
        this.player.maxHp = max;
        this.player.hp = max;
        this.emit('hud', this.player);
    }

    onChat([, id, text]) {
        const speaker = this.entity(id);
        const decoded = decodeEntities(text);
        const name = speaker?.name || (id === this.playerId ? this.player?.name : '') || '';
        this.lastChat = { id, name, text: decoded };
        if (speaker) this.emit('bubble', speaker, decoded, false);
        if (id !== this.playerId) this.emit('sound', 'chat');
        this.emit('chatLog', name, decoded);
    }

    /** A system message from the server's operators (WireQuest's NOTICE): chat log and a notification. */
    onNotice([, text]) {
        const decoded = decodeEntities(String(text ?? ''));
        this.lastNotice = decoded;
        this.emit('chatLog', '[server]', decoded, true);
        this.emit('sound', 'chat');
        this.notify(decoded);
    }

    onEquip([, id, kind]) {
        const e = this.entity(id);
        if (!e) return;
        if (isArmorKind(kind)) e.armor = kind;
        else if (isWeaponKind(kind)) e.weapon = kind;
        else return;
        if (e === this.player) {
            if (this.entering) { this.emit('hud', e); return; } // stored gear, not a new find
            if (kind === Entities.FIREFOX) this.notify('You are a fox on fire: nothing can hurt you for a while!');
            else if (isArmorKind(kind)) this.notify(`You wear ${article(prettyName(kind))}`);
            else this.notify(`You wield ${article(prettyName(kind))}`);
            this.emit('hud', e);
            this.emit('sound', 'equip');
        }
    }

    onDrop([, mobId, itemId, kind]) {
        const at = this.deathTiles.get(mobId) ?? (this.entities.get(mobId)?.nextTile);
        if (!at || this.entities.has(itemId)) return;
        const e = new Entity(itemId, kind, at.x, at.y);
        e.spawnTime = this.now();
        this.entities.set(itemId, e);
    }

    onTeleport([, id, x, y]) {
        const e = this.entity(id);
        if (!e) return;
        e.snap(x, y);
    }

    onDamage([, id, points]) {
        const e = this.entities.get(id);
        const now = this.now();
        if (!e) return;
        e.hp = Math.max(0, e.hp - points);
        e.combatUntil = Math.max(e.combatUntil, now + 6000);
        const t = e.nextTile;
        this.damages.push({ x: t.x, y: t.y, text: String(points), color: '#ffe14d', start: now, duration: 900 });
        this.emit('sound', 'hit');
    }

    onPopulation([, world, total]) {
        this.population = { world, total: total ?? null };
        this.emit('population', this.population);
    }

    onKill([, kind]) {
        this.kills += 1;
        const name = kindName(kind);
        this.killsByKind[name] = (this.killsByKind[name] ?? 0) + 1;
        this.notify(`You killed ${article(prettyName(kind))}`);
        this.emit('sound', 'kill');
    }

    onList(m) {
        const ids = new Set(m.slice(1).filter((v) => typeof v === 'number'));
        for (const [id, e] of this.entities) if (!ids.has(id) && !e.removing) this.entities.delete(id);
        const now = this.now();
        const unknown = [];
        for (const id of ids) {
            if (id === this.playerId || this.entities.has(id)) continue;
            const asked = this.whoAsked.get(id);
            if (asked && now - asked < WHO_RETRY_MS) continue;
            this.whoAsked.set(id, now);
            unknown.push(id);
        }
        for (let i = 0; i < unknown.length; i += 1000) this.send([M.WHO, ...unknown.slice(i, i + 1000)]);
        if (this.player?.target != null && !this.entities.has(this.player.target)) { this.player.target = null; this.action = null; }
    }

    /** PROFILE ends the first batch: who this character is to the server. */
    onProfile([, name, returning, hasPassword]) {
        const p = { name: decodeEntities(String(name ?? this.name)), returning: !!returning, hasPassword: !!hasPassword };
        this.profile = p;
        this.entering = false;
        this.login = null;
        this.name = p.name;
        this.notify(p.returning ? `Welcome back, ${p.name}!` : `Welcome, ${p.name}!`);
        this.emit('profile', { ...p });
    }

    /** The answer to PASSWORD: saved or not, and a sentence to show. */
    onPassword([, saved, text]) {
        const a = { saved: !!saved, text: decodeEntities(String(text ?? '')) };
        this.lastPasswordAnswer = a;
        if (a.saved && this.profile) this.profile.hasPassword = true;
        this.emit('passwordAnswer', { ...a });
    }

    /** Every achievement and which this character holds, as it enters. */
    onAchievements(m) {
        this.achievements = parseAchievements(m);
        this.emit('achievements', this.achievements.map((a) => ({ ...a })));
    }

    /** An achievement just earned: the chat log keeps it, the page shows a toast. */
    onAchievement(m) {
        const a = parseAchievement(m);
        if (!a) return;
        markEarned(this.achievements, a);
        this.lastAchievement = a;
        this.emit('chatLog', '[achievement]', `${a.name}: ${a.description}`, true);
        this.emit('achievement', { ...a });
        this.emit('sound', 'achievement');
    }

    onBlink([, id]) {
        const e = this.entities.get(id);
        if (e) e.blinking = true;
    }

    /** Read-only snapshot for tests. */
    snapshot() {
        return [...this.entities.values()].filter((e) => !e.removing).map((e) => ({ id: e.id, kind: e.kind, x: e.x, y: e.y, name: e.name || kindName(e.kind) }));
    }
}

function lootText(kind) {
    switch (kindName(kind)) {
        case 'flask': return 'You drink a health flask (+40 HP)';
        case 'burger': return 'You eat a burger (+100 HP)';
        case 'cake': return 'You eat a cake';
        case 'firepotion': return 'You drink a fire potion';
        default: return `You pick up ${article(prettyName(kind))}`;
    }
}
