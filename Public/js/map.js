// Reads a Tiled JSON map (BrowserQuest conventions, see README "Authoring maps in Tiled") into what the client
// needs: draw layers split below/above entities, the collision grid, animated tiles, doors and checkpoints.
// parseMap is pure (no DOM) so it can be checked in Node.

const GID_MASK = 0x1fffffff;

function props(list) {
    const out = {};
    if (Array.isArray(list)) for (const p of list) out[p.name] = p.value;
    else if (list && typeof list === 'object') Object.assign(out, list);
    return out;
}

function decodeData(layer, count) {
    const { data } = layer;
    if (Array.isArray(data)) return Uint32Array.from(data, (v) => v >>> 0);
    if (typeof data === 'string' && (layer.encoding === 'base64')) {
        if (layer.compression) throw new Error(`layer ${layer.name}: compressed data is not supported`);
        const bin = typeof atob === 'function' ? atob(data.trim()) : Buffer.from(data.trim(), 'base64').toString('binary');
        const out = new Uint32Array(count);
        for (let i = 0; i < count; i++) {
            out[i] = (bin.charCodeAt(4 * i) | (bin.charCodeAt(4 * i + 1) << 8) | (bin.charCodeAt(4 * i + 2) << 16) | (bin.charCodeAt(4 * i + 3) << 24)) >>> 0;
        }
        return out;
    }
    if (typeof data === 'string') return Uint32Array.from(data.split(',').map((s) => Number(s.trim()) >>> 0));
    return new Uint32Array(count);
}

function flatten(layers, out = []) {
    for (const l of layers ?? []) {
        if (l.type === 'group') flatten(l.layers, out);
        else out.push(l);
    }
    return out;
}

/** Where a tileset image referenced from the map file is served from (Public/ is served at /). */
export function imageURL(image, mapURL) {
    let path;
    try { path = new URL(image, new URL(mapURL, 'http://x/')).pathname; } catch { path = image; }
    const i = path.lastIndexOf('/Public/');
    return i >= 0 ? path.slice(i + '/Public'.length) : path;
}

/** Why `json` cannot be drawn, or null: the client draws Tiled maps only. */
export function undrawable(json) {
    if (!json || typeof json !== 'object') return 'it is not a JSON object';
    if (!Number.isInteger(json.width) || !Number.isInteger(json.height) || json.width <= 0 || json.height <= 0) return 'it has no width and height in tiles';
    if (!Array.isArray(json.layers)) {
        return Array.isArray(json.collisions) ? "it is a BrowserQuest server map (world_server.json): it has collisions but no tiles to draw; give the server the Tiled map (.tmj) instead"
            : 'it is not a Tiled map (no layers)';
    }
    if (!Array.isArray(json.tilesets) || !json.tilesets.some((t) => t.image)) return 'it names no tileset image (embedded tilesets with an image are needed)';
    return null;
}

export function parseMap(json, mapURL = '/maps/world.tmj') {
    const why = undrawable(json);
    if (why) throw new Error(why);
    const width = json.width, height = json.height, tileSize = json.tilewidth || 16;
    const count = width * height;
    const tilesets = [];
    const tileProps = new Map(); // gid -> {c, v, anim:[{gid,duration}], total, type}
    const kindGids = new Map(); // kind name -> gid (Mobs tileset icons, used as placeholder art)
    for (const ts of json.tilesets ?? []) {
        const columns = ts.columns || Math.max(1, Math.floor((ts.imagewidth - 2 * (ts.margin || 0) + (ts.spacing || 0)) / ((ts.tilewidth || tileSize) + (ts.spacing || 0))));
        const set = {
            name: ts.name, firstgid: ts.firstgid, count: ts.tilecount ?? 0, columns,
            tileWidth: ts.tilewidth || tileSize, tileHeight: ts.tileheight || tileSize,
            margin: ts.margin || 0, spacing: ts.spacing || 0,
            image: ts.image ? imageURL(ts.image, mapURL) : null,
        };
        tilesets.push(set);
        for (const t of ts.tiles ?? []) {
            const gid = ts.firstgid + t.id;
            const p = props(t.properties);
            const entry = { c: !!p.c, v: !!p.v, type: p.type ?? null, anim: null, total: 0 };
            if (Array.isArray(t.animation) && t.animation.length > 0) {
                entry.anim = t.animation.map((f) => ({ gid: ts.firstgid + f.tileid, duration: Math.max(1, f.duration | 0) }));
                entry.total = entry.anim.reduce((s, f) => s + f.duration, 0);
            }
            tileProps.set(gid, entry);
            if (entry.type) kindGids.set(String(entry.type).toLowerCase(), gid);
        }
    }
    tilesets.sort((a, b) => a.firstgid - b.firstgid);

    const blocked = new Uint8Array(count);
    const below = [], above = [];
    const layers = flatten(json.layers);
    for (const layer of layers) {
        if (layer.type !== 'tilelayer') continue;
        const role = String(layer.name ?? '').toLowerCase();
        const gids = decodeData(layer, count);
        for (let i = 0; i < gids.length; i++) gids[i] &= GID_MASK;
        if (role === 'blocking') {
            for (let i = 0; i < count; i++) if (gids[i]) blocked[i] = 1;
            continue;
        }
        if (role === 'entities') continue;
        if (role !== 'plateau') {
            for (let i = 0; i < count; i++) {
                const g = gids[i];
                if (g && tileProps.get(g)?.c) blocked[i] = 1;
            }
        }
        if (layer.visible === false || role === 'plateau') continue;
        (role === 'above' ? above : below).push(gids);
    }

    const doors = [], checkpoints = [], music = [];
    const doorAt = new Map();
    for (const layer of layers) {
        if (layer.type !== 'objectgroup') continue;
        const role = String(layer.name ?? '').toLowerCase();
        for (const o of layer.objects ?? []) {
            const p = props(o.properties);
            const x = Math.floor(o.x / tileSize), y = Math.floor(o.y / tileSize);
            const w = Math.max(1, Math.round((o.width || tileSize) / tileSize)), h = Math.max(1, Math.round((o.height || tileSize) / tileSize));
            if (role === 'doors') {
                const door = { x, y, tx: p.tx, ty: p.ty, to: p.to ?? null, portal: (o.type || o.class) === 'portal' };
                doors.push(door);
                doorAt.set(y * width + x, door);
            } else if (role === 'checkpoints') {
                // The server numbers checkpoints by their order in the layer, from 1.
                checkpoints.push({ id: checkpoints.length + 1, x, y, w, h, start: (o.type || o.class) === 'start' });
            } else if (role === 'music') {
                music.push({ id: p.id ?? '', x, y, w, h });
            }
        }
    }

    const animated = new Uint8Array(count); // 1 where any drawn layer has an animated tile
    for (const list of [below, above]) for (const gids of list) for (let i = 0; i < count; i++) if (gids[i] && tileProps.get(gids[i])?.anim) animated[i] = 1;

    const rooms = roomFinder(width, height, blocked, doorAt);

    return {
        width, height, tileSize, tilesets, tileProps, kindGids, below, above, animated,
        grid: { width, height, blocked },
        doors, doorAt, checkpoints, music,
        /** The interior (house room, cave) tile (x, y) is in, or null outdoors: see roomFinder. */
        roomAt: rooms,
        isBlocked(x, y) { return x < 0 || y < 0 || x >= width || y >= height || blocked[y * width + x] === 1; },
        doorAtTile(x, y) { return doorAt.get(y * width + x) ?? null; },
        checkpointAt(x, y) { return checkpoints.find((c) => x >= c.x && y >= c.y && x < c.x + c.w && y < c.y + c.h) ?? null; },
        tilesetFor(gid) {
            let found = null;
            for (const ts of tilesets) if (gid >= ts.firstgid) found = ts;
            return found;
        },
        /** The gid to draw at time `now` for `gid` (animated tiles cycle through their frames). */
        frameGid(gid, now) {
            const p = tileProps.get(gid);
            if (!p || !p.anim) return gid;
            let t = now % p.total;
            for (const f of p.anim) { if (t < f.duration) return f.gid; t -= f.duration; }
            return p.anim[0].gid;
        },
    };
}

/** Interiors hold at most this many walkable tiles; a larger region is the open world. */
export const MAX_ROOM_TILES = 4096;

/**
 * Finds interiors without any mark in the map: an interior is a region of walkable tiles, joined side by side, of
 * at most MAX_ROOM_TILES tiles, that no path leaves except through a door (BrowserQuest's houses and caves sit
 * walled off in a corner of the map, next to each other). Door tiles belong to the region that reaches them but
 * are not crossed. The room to draw is the region, its ring of walls (every tile touching it, diagonals too) and
 * whatever those walls enclose (furniture). Regions are labelled on first use; returns (x, y) → room or null.
 */
function roomFinder(width, height, blocked, doorAt) {
    const label = new Int32Array(width * height).fill(-1); // -1 unknown, 0 outdoors, n > 0 room n
    const rooms = [null];
    const walkable = (i) => blocked[i] === 0;
    function flood(start) {
        const seen = [start];
        const queued = new Set(seen);
        for (let k = 0; k < seen.length; k++) {
            const i = seen[k];
            if (label[i] === 0 || seen.length > MAX_ROOM_TILES) return { outdoors: true, seen };
            if (doorAt.has(i) && i !== start) continue;
            const x = i % width, y = (i - x) / width;
            for (const [nx, ny] of [[x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]]) {
                if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                const n = ny * width + nx;
                if (!walkable(n) || queued.has(n)) continue;
                queued.add(n);
                seen.push(n);
            }
        }
        return { outdoors: false, seen };
    }
    function makeRoom(id, tiles) {
        let x0 = width, y0 = height, x1 = -1, y1 = -1;
        for (const i of tiles) {
            const x = i % width, y = (i - x) / width;
            // Two rows above: a wall is drawn two tiles tall, its cap above its face.
            x0 = Math.min(x0, x - 1); y0 = Math.min(y0, y - 2); x1 = Math.max(x1, x + 1); y1 = Math.max(y1, y + 1);
        }
        x0 = Math.max(0, x0); y0 = Math.max(0, y0); x1 = Math.min(width - 1, x1); y1 = Math.min(height - 1, y1);
        const w = x1 - x0 + 1, h = y1 - y0 + 1;
        const mask = new Uint8Array(w * h); // 1 in the room, 0 not
        const inMask = (x, y) => { const mx = x - x0, my = y - y0; if (mx >= 0 && my >= 0 && mx < w && my < h) mask[my * w + mx] = 1; };
        for (const i of tiles) {
            const x = i % width, y = (i - x) / width;
            if (doorAt.has(i)) { inMask(x, y); continue; } // what lies beyond a door is not the room
            for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) inMask(x + dx, y + dy);
            // The wall above a walkable tile: its face and the cap drawn above it.
            if (y >= 1 && blocked[i - width] === 1) for (let dx = -1; dx <= 1; dx++) inMask(x + dx, y - 2);
        }
        // Fill what the walls enclose: anything not reachable from the box's edge without crossing the room.
        const outside = new Uint8Array(w * h);
        const stack = [];
        for (let mx = 0; mx < w; mx++) stack.push(mx, 0, mx, h - 1);
        for (let my = 0; my < h; my++) stack.push(0, my, w - 1, my);
        while (stack.length) {
            const my = stack.pop(), mx = stack.pop();
            if (mx < 0 || my < 0 || mx >= w || my >= h) continue;
            const j = my * w + mx;
            if (mask[j] || outside[j]) continue;
            outside[j] = 1;
            stack.push(mx + 1, my, mx - 1, my, mx, my + 1, mx, my - 1);
        }
        for (let j = 0; j < w * h; j++) if (!outside[j]) mask[j] = 1;
        return { id, x0, y0, x1, y1, w, h, mask, tiles: tiles.length, contains(x, y) { return x >= x0 && y >= y0 && x <= x1 && y <= y1 && mask[(y - y0) * w + (x - x0)] === 1; } };
    }
    return (x, y) => {
        if (x < 0 || y < 0 || x >= width || y >= height) return null;
        const i = y * width + x;
        if (label[i] < 0) {
            if (!walkable(i)) return null;
            const { outdoors, seen } = flood(i);
            const id = outdoors ? 0 : rooms.length;
            for (const t of seen) label[t] = id;
            if (!outdoors) rooms.push(makeRoom(id, seen));
        }
        return label[i] > 0 ? rooms[label[i]] : null;
    };
}

export async function loadMap(url = '/maps/world.tmj') {
    const res = await fetch(url, { cache: 'no-cache' });
    if (!res.ok) throw new Error(`the server answered HTTP ${res.status}`);
    let json;
    try { json = await res.json(); } catch { throw new Error('it is not JSON'); }
    return parseMap(json, url);
}
