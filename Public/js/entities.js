// Entities as the client sees them: tile position, smooth walking along a path, facing and animation state.
// Pure (no DOM), driven by an explicit clock so it can be checked in Node.
import { Orientations } from './protocol.js';
import {
    isPlayerKind, isMobKind, isNpcKind, isItemKind, isChestKind, mobStats, PLAYER_STEP_MS, PLAYER_ATTACK_MS,
    orientationToward,
} from './kinds.js';

export const TILE = 16;

export class Entity {
    constructor(id, kind, x, y) {
        this.id = id;
        this.kind = kind;
        this.x = x; this.y = y; // the last tile reached
        this.px = x * TILE; this.py = y * TILE; // drawn position (world pixels, top-left of the tile)
        this.orientation = Orientations.DOWN;
        this.name = '';
        this.armor = 0; this.weapon = 0;
        this.path = [];
        this.pendingPath = null;
        this.stepping = false;
        this.stepFrom = null; this.stepTo = null;
        this.stepStart = 0;
        this.walkStart = 0;
        this.lastStepEnd = -1e9;
        const stats = isMobKind(kind) ? mobStats(kind) : null;
        this.stepDuration = stats ? stats.moveMs : PLAYER_STEP_MS;
        this.attackRate = stats ? stats.attackMs : PLAYER_ATTACK_MS;
        this.maxHp = stats ? stats.hp : 0;
        this.hp = this.maxHp;
        this.target = null; // id of the entity it fights
        this.lastSwing = 0;
        this.attackStart = -1e9; // swing animation start
        this.hurtUntil = 0;
        this.combatUntil = 0; // show the HP bar until then
        this.blinking = false;
        this.spawnTime = 0;
        this.hooks = null; // {step(e), arrive(e)}
    }

    get isPlayer() { return isPlayerKind(this.kind); }
    get isMob() { return isMobKind(this.kind); }
    get isNpc() { return isNpcKind(this.kind); }
    get isItem() { return isItemKind(this.kind); }
    get isChest() { return isChestKind(this.kind); }
    get isCharacter() { return this.isPlayer || this.isMob || this.isNpc; }
    get moving() { return this.stepping || this.path.length > 0; }

    /** The tile the entity stands on or is stepping into (where a new path must start). */
    get nextTile() { return this.stepping ? this.stepTo : { x: this.x, y: this.y }; }

    /** Where the current path ends. */
    get destination() {
        const p = this.pendingPath ?? this.path;
        if (p && p.length) return p[p.length - 1];
        return this.nextTile;
    }

    /** Follows `path` (steps after nextTile); a step in progress finishes first. */
    walk(path) {
        if (this.stepping) { this.pendingPath = path.slice(); this.path = []; } else { this.path = path.slice(); this.pendingPath = null; }
    }

    stop() {
        this.path = [];
        this.pendingPath = null;
    }

    /** Puts the entity on a tile at once (teleport, correction). */
    snap(x, y) {
        this.x = x; this.y = y;
        this.px = x * TILE; this.py = y * TILE;
        this.path = []; this.pendingPath = null; this.stepping = false;
    }

    face(tile) {
        const o = orientationToward(this, tile);
        if (o) this.orientation = o;
    }

    swing(now) {
        this.attackStart = now;
        this.lastSwing = now;
    }

    isSwinging(now, duration = 400) { return now - this.attackStart < duration; }

    _beginStep(t) {
        const next = this.path.shift();
        if (Math.abs(next.x - this.x) + Math.abs(next.y - this.y) !== 1) {
            // Not a neighbour (a stale path): jump there.
            this.x = next.x; this.y = next.y; this.px = next.x * TILE; this.py = next.y * TILE;
            return;
        }
        const o = orientationToward(this, next);
        if (o) this.orientation = o;
        if (t - this.lastStepEnd > 30) this.walkStart = t; // a fresh walk restarts the walk animation
        this.stepFrom = { x: this.x, y: this.y };
        this.stepTo = { x: next.x, y: next.y };
        this.stepStart = t;
        this.stepping = true;
    }

    /** Advances walking to time `now`; calls hooks.step after each tile and hooks.arrive at the path's end. */
    update(now) {
        let guard = 0;
        while (guard++ < 64) {
            if (this.stepping) {
                const end = this.stepStart + this.stepDuration;
                if (now < end) break;
                this.x = this.stepTo.x; this.y = this.stepTo.y;
                this.stepping = false;
                this.lastStepEnd = end;
                if (this.pendingPath) { this.path = this.pendingPath; this.pendingPath = null; }
                this.hooks?.step?.(this, end);
                if (!this.path.length) this.hooks?.arrive?.(this, end);
                if (this.path.length) this._beginStep(now - end > this.stepDuration ? now : end);
            } else if (this.path.length) {
                this._beginStep(now);
            } else break;
        }
        if (this.stepping) {
            const t = Math.min(1, Math.max(0, (now - this.stepStart) / this.stepDuration));
            this.px = (this.stepFrom.x + (this.stepTo.x - this.stepFrom.x) * t) * TILE;
            this.py = (this.stepFrom.y + (this.stepTo.y - this.stepFrom.y) * t) * TILE;
        } else {
            this.px = this.x * TILE; this.py = this.y * TILE;
        }
    }
}
