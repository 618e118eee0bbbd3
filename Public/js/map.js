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

export function parseMap(json, mapURL = '/maps/world.tmj') {
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

    return {
        width, height, tileSize, tilesets, tileProps, kindGids, below, above, animated,
        grid: { width, height, blocked },
        doors, doorAt, checkpoints, music,
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

export async function loadMap(url = '/maps/world.tmj') {
    const res = await fetch(url, { cache: 'no-cache' });
    if (!res.ok) throw new Error(`map ${url}: HTTP ${res.status}`);
    return parseMap(await res.json(), url);
}
