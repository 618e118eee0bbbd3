// Sprite sheets from /img/sprites.json, with drawn placeholders whenever a sprite (or the manifest) is missing,
// so the client never depends on the art being there.

export class Sprites {
    constructor() {
        this.defs = {};
        this.images = new Map(); // name -> HTMLImageElement once loaded
        this.tileSize = 16;
        this.icons = null; // {image, gidRect(gid)} from the map's Mobs tileset: fallback icons per kind name
    }

    async load(url = '/img/sprites.json') {
        let manifest;
        try {
            const res = await fetch(url, { cache: 'no-cache' });
            if (!res.ok) return;
            manifest = await res.json();
        } catch { return; }
        if (!manifest || typeof manifest.sprites !== 'object') return;
        this.tileSize = manifest.tileSize || 16;
        for (const [name, def] of Object.entries(manifest.sprites)) {
            if (!def || typeof def.image !== 'string') continue;
            this.defs[name] = def;
            const img = new Image();
            img.onload = () => { if (img.naturalWidth > 0) this.images.set(name, img); };
            img.src = def.image.startsWith('/') || /^[a-z]+:/i.test(def.image) ? def.image : `/${def.image}`;
        }
    }

    /** {def, img} when the sprite is loaded, else null. */
    get(name) {
        const img = this.images.get(name);
        return img ? { def: this.defs[name], img } : null;
    }

    has(name) { return this.images.has(name); }

    /** Picks the first animation that exists among `names`, else the sprite's first animation. */
    animation(def, ...names) {
        const anims = def.animations ?? {};
        for (const n of names) if (n && anims[n]) return anims[n];
        const first = Object.keys(anims)[0];
        return first ? anims[first] : { row: 0, length: 1, speed: 100 };
    }

    /**
     * Draws frame `frame` of animation `anim` of sprite `s` with its top-left anchored at the tile (tx, ty) in
     * world pixels, mirrored horizontally when `flip`. Returns false if nothing was drawn.
     */
    drawFrame(ctx, s, anim, frame, tx, ty, flip = false) {
        const { def, img } = s;
        const w = def.width || 16, h = def.height || 16;
        const ox = def.offsetX ?? 0, oy = def.offsetY ?? 0;
        const col = ((frame % (anim.length || 1)) + (anim.length || 1)) % (anim.length || 1);
        const sx = col * w, sy = (anim.row || 0) * h;
        if (sx + w > img.naturalWidth || sy + h > img.naturalHeight) return false;
        if (flip) {
            const cx = tx + this.tileSize / 2;
            ctx.save();
            ctx.translate(cx, 0);
            ctx.scale(-1, 1);
            ctx.drawImage(img, sx, sy, w, h, tx + ox - cx, ty + oy, w, h);
            ctx.restore();
        } else {
            ctx.drawImage(img, sx, sy, w, h, tx + ox, ty + oy, w, h);
        }
        return true;
    }

    /** Frame index of a looping animation at time `t` since it started. */
    static frameAt(anim, t) {
        return Math.floor(Math.max(0, t) / (anim.speed || 100)) % (anim.length || 1);
    }

    /** Draws sprite `name` (first frame of `animName`) scaled to fit a w×h box; falls back to a kind icon. */
    drawIcon(ctx, name, kindName, w, h, animNames = ['idle', 'idle_down']) {
        ctx.clearRect(0, 0, w, h);
        ctx.imageSmoothingEnabled = false;
        const s = this.get(name);
        if (s) {
            const anim = this.animation(s.def, ...animNames);
            const sw = s.def.width || 16, sh = s.def.height || 16;
            const k = Math.max(1, Math.floor(Math.min(w / sw, h / sh)));
            ctx.drawImage(s.img, 0, (anim.row || 0) * sh, sw, sh, (w - sw * k) / 2, (h - sh * k) / 2, sw * k, sh * k);
            return;
        }
        if (this.drawKindIcon(ctx, kindName, 0, 0, w, h)) return;
        ctx.fillStyle = placeholderColor(kindName);
        ctx.fillRect(w / 4, h / 4, w / 2, h / 2);
    }

    /** The map's Mobs tileset icon for a kind, drawn in the box (x, y, w, h). */
    drawKindIcon(ctx, kindName, x, y, w, h) {
        const r = this.icons?.rect(kindName);
        if (!r) return false;
        ctx.drawImage(r.image, r.sx, r.sy, r.w, r.h, x, y, w, h);
        return true;
    }
}

const COLORS = {
    clotharmor: '#b08d57', leatherarmor: '#8b5a2b', mailarmor: '#9aa3ad', platearmor: '#d7dde3', redarmor: '#c0392b',
    goldenarmor: '#f1c40f', firefox: '#e67e22', rat: '#7f6a5a', crab: '#e0603a', bat: '#4b3b5c', goblin: '#5d8c3a',
    skeleton: '#e8e2d0', skeleton2: '#c9c2a8', ogre: '#6f7d3a', spectre: '#9ad0e0', wizard: '#6a4fb0', eye: '#b0304f',
    snake: '#3f8f4f', deathknight: '#33363b', boss: '#f0f0f0', chest: '#a0652a',
};

export function placeholderColor(name) {
    if (COLORS[name]) return COLORS[name];
    let h = 0;
    for (const ch of String(name)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return `hsl(${h % 360} 55% 55%)`;
}
