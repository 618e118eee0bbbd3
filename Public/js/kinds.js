// Entity kind codes (from protocol.js) to names, categories and client-side tables.
import { Entities, Orientations } from './protocol.js';

export const KIND_NAMES = Object.freeze(
    Object.fromEntries(Object.entries(Entities).map(([name, code]) => [code, name.toLowerCase()])),
);

export const kindName = (kind) => KIND_NAMES[kind] ?? `kind${kind}`;
export const kindByName = (name) => Entities[String(name).toUpperCase()];

export const isPlayerKind = (k) => k === Entities.WARRIOR;
export const isMobKind = (k) => k >= 2 && k <= 14;
export const isArmorKind = (k) => k >= 20 && k <= 26;
export const isObjectKind = (k) => k >= 35 && k <= 39;
export const isChestKind = (k) => k === Entities.CHEST;
export const isNpcKind = (k) => k >= 40 && k <= 55;
export const isWeaponKind = (k) => k >= 60 && k <= 66;
export const isItemKind = (k) => isArmorKind(k) || isWeaponKind(k) || (isObjectKind(k) && !isChestKind(k));

// Mob pace and stats as the server's MobCatalog has them (ms per tile, ms per swing, max HP).
const MOBS = {
    rat: [350, 800, 25], crab: [200, 800, 60], bat: [120, 800, 80], goblin: [150, 700, 90],
    wizard: [200, 800, 100], skeleton: [350, 1300, 110], snake: [200, 800, 150], ogre: [300, 800, 200],
    skeleton2: [200, 1300, 200], eye: [200, 800, 200], spectre: [150, 900, 250], deathknight: [220, 800, 250],
    boss: [300, 2000, 700],
};
export const PLAYER_STEP_MS = 120;
export const PLAYER_ATTACK_MS = 800;
export function mobStats(kind) {
    const s = MOBS[kindName(kind)] ?? [300, 1000, 1];
    return { moveMs: s[0], attackMs: s[1], hp: s[2] };
}

const PRETTY = {
    clotharmor: 'cloth armor', leatherarmor: 'leather armor', mailarmor: 'mail armor', platearmor: 'plate armor',
    redarmor: 'ruby armor', goldenarmor: 'golden armor', firefox: 'fox costume', sword1: 'sword', sword2: 'steel sword',
    redsword: 'red sword', goldensword: 'golden sword', bluesword: 'blue sword', morningstar: 'morning star',
    firepotion: 'fire potion', flask: 'health flask', skeleton2: 'skeleton warrior', deathknight: 'death knight',
    boss: 'skeleton king',
};
export const prettyName = (kind) => PRETTY[kindName(kind)] ?? kindName(kind);

export const article = (word) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/** Orientation code to sprite direction and mirroring. */
export function facing(orientation) {
    switch (orientation) {
        case Orientations.UP: return { dir: 'up', flip: false };
        case Orientations.LEFT: return { dir: 'right', flip: true };
        case Orientations.RIGHT: return { dir: 'right', flip: false };
        default: return { dir: 'down', flip: false };
    }
}

export function orientationToward(from, to) {
    const dx = to.x - from.x, dy = to.y - from.y;
    if (Math.abs(dx) >= Math.abs(dy) && dx !== 0) return dx > 0 ? Orientations.RIGHT : Orientations.LEFT;
    if (dy !== 0) return dy > 0 ? Orientations.DOWN : Orientations.UP;
    return null;
}
