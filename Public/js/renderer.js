// Canvas 2D renderer: map chunks pre-rendered at 1× (below and above entities, animated cells refreshed in place),
// entities sorted by y, then screen-space text (names, HP bars, damage numbers).
import { Sprites, placeholderColor } from './sprites.js';
import { kindName, facing } from './kinds.js';
import { TILE } from './entities.js';

const CHUNK = 32; // tiles per chunk side
const MAX_CHUNKS = 24; // two 512×512 canvases each

export function chooseScale(cssWidth, cssHeight) {
    return cssWidth <= 1500 || cssHeight <= 870 ? 2 : 3;
}

export class Renderer {
    constructor(canvas, map, sprites) {
        this.canvas = canvas;
        this.ctx = canvas.getContext('2d', { alpha: false });
        this.map = map;
        this.sprites = sprites;
        this.tileImages = new Map(); // tileset -> Image (loaded)
        this.onImageError = null; // (url) => void: a tileset image the map names did not load
        this.chunks = new Map();
        this.scale = 2; this.dpr = 1; this.cssScale = 2;
        this.camX = 0; this.camY = 0; // world pixels of the viewport's top-left
        this.hover = null;
        this.room = null; // the interior the player is in (map.roomAt), or null outdoors
        this.roomShade = null; // {room, canvas}: black where the room's box is not the room
        // What the last frame drew, for tests: the room's box, and name tags and damage numbers (canvas pixels).
        this.lastFrame = { room: null, entities: 0, names: [], damages: [] };
        for (const ts of map.tilesets) {
            if (!ts.image) continue;
            const img = new Image();
            img.onload = () => { this.tileImages.set(ts, img); this.chunks.clear(); };
            img.onerror = () => this.onImageError?.(ts.image);
            img.src = ts.image;
            if (ts.name === 'Mobs' || [...map.kindGids.values()].some((g) => g >= ts.firstgid && g < ts.firstgid + (ts.count || 1e9))) {
                // The Mobs tileset gives a 16×16 icon per kind: placeholder art until sprites exist.
                this.sprites.icons = {
                    rect: (name) => {
                        const gid = map.kindGids.get(name);
                        const im = this.tileImages.get(ts);
                        if (!gid || !im || gid < ts.firstgid) return null;
                        const local = gid - ts.firstgid;
                        return { image: im, sx: ts.margin + (local % ts.columns) * (ts.tileWidth + ts.spacing), sy: ts.margin + Math.floor(local / ts.columns) * (ts.tileHeight + ts.spacing), w: ts.tileWidth, h: ts.tileHeight };
                    },
                };
            }
        }
        this.resize();
    }

    resize() {
        const cssW = Math.max(1, this.canvas.clientWidth || window.innerWidth);
        const cssH = Math.max(1, this.canvas.clientHeight || window.innerHeight);
        this.dpr = window.devicePixelRatio || 1;
        this.cssScale = chooseScale(cssW, cssH);
        this.scale = Math.max(1, Math.round(this.cssScale * this.dpr));
        this.canvas.width = Math.round(cssW * this.dpr);
        this.canvas.height = Math.round(cssH * this.dpr);
        this.ctx.imageSmoothingEnabled = false;
    }

    get viewW() { return this.canvas.width / this.scale; }
    get viewH() { return this.canvas.height / this.scale; }

    /** Centres the camera on a world-pixel point, clamped to the map unless `clamp` is false (a room is centred
     * even at the map's edge: what lies around it is black anyway). */
    follow(wx, wy, clamp = true) {
        const mw = this.map.width * TILE, mh = this.map.height * TILE;
        let x = wx - this.viewW / 2, y = wy - this.viewH / 2;
        if (clamp) {
            x = this.viewW >= mw ? (mw - this.viewW) / 2 : Math.min(Math.max(0, x), mw - this.viewW);
            y = this.viewH >= mh ? (mh - this.viewH) / 2 : Math.min(Math.max(0, y), mh - this.viewH);
        }
        // Snap to whole device pixels so tiles never shimmer.
        this.camX = Math.round(x * this.scale) / this.scale;
        this.camY = Math.round(y * this.scale) / this.scale;
    }

    /** Client (CSS) coordinates to a tile. */
    clientToTile(clientX, clientY) {
        const r = this.canvas.getBoundingClientRect();
        const dx = (clientX - r.left) * (this.canvas.width / r.width), dy = (clientY - r.top) * (this.canvas.height / r.height);
        return { x: Math.floor((dx / this.scale + this.camX) / TILE), y: Math.floor((dy / this.scale + this.camY) / TILE) };
    }

    /** World pixels to CSS pixels relative to the canvas. */
    worldToCss(wx, wy) {
        return { x: ((wx - this.camX) * this.scale) / this.dpr, y: ((wy - this.camY) * this.scale) / this.dpr };
    }

    // --- map chunks ---

    drawTile(ctx, gid, dx, dy) {
        const ts = this.map.tilesetFor(gid);
        const img = ts && this.tileImages.get(ts);
        if (!img) return;
        const local = gid - ts.firstgid;
        const sx = ts.margin + (local % ts.columns) * (ts.tileWidth + ts.spacing);
        const sy = ts.margin + Math.floor(local / ts.columns) * (ts.tileHeight + ts.spacing);
        ctx.drawImage(img, sx, sy, ts.tileWidth, ts.tileHeight, dx, dy, TILE, TILE);
    }

    drawCell(chunk, i, lx, ly, now) {
        const { map } = this;
        const props = map.tileProps;
        const bctx = chunk.bctx, actx = chunk.actx;
        const dx = lx * TILE, dy = ly * TILE;
        for (const gids of map.below) {
            const g = gids[i];
            if (!g) continue;
            const p = props.get(g);
            if (p?.v) { this.drawTile(actx, map.frameGid(g, now), dx, dy); chunk.hasAbove = true; } else this.drawTile(bctx, map.frameGid(g, now), dx, dy);
        }
        for (const gids of map.above) {
            const g = gids[i];
            if (g) { this.drawTile(actx, map.frameGid(g, now), dx, dy); chunk.hasAbove = true; }
        }
    }

    chunk(cx, cy, now) {
        const key = cy * 1000 + cx;
        let c = this.chunks.get(key);
        if (c) { this.chunks.delete(key); this.chunks.set(key, c); return c; } // LRU order
        const { map } = this;
        const below = document.createElement('canvas'), above = document.createElement('canvas');
        below.width = above.width = CHUNK * TILE; below.height = above.height = CHUNK * TILE;
        c = { below, above, bctx: below.getContext('2d'), actx: above.getContext('2d'), hasAbove: false, anim: [], animKey: [] };
        c.bctx.fillStyle = '#000';
        c.bctx.fillRect(0, 0, below.width, below.height);
        for (let ly = 0; ly < CHUNK; ly++) {
            const y = cy * CHUNK + ly;
            if (y >= map.height) break;
            for (let lx = 0; lx < CHUNK; lx++) {
                const x = cx * CHUNK + lx;
                if (x >= map.width) break;
                const i = y * map.width + x;
                this.drawCell(c, i, lx, ly, now);
                if (map.animated[i]) { c.anim.push(i, lx, ly); c.animKey.push(this.animKey(i, now)); }
            }
        }
        this.chunks.set(key, c);
        while (this.chunks.size > MAX_CHUNKS) this.chunks.delete(this.chunks.keys().next().value);
        return c;
    }

    animKey(i, now) {
        let k = 0;
        for (const list of [this.map.below, this.map.above]) for (const gids of list) if (gids[i]) k = (k * 31 + this.map.frameGid(gids[i], now)) | 0;
        return k;
    }

    refreshAnimated(c, now) {
        for (let j = 0, n = 0; j < c.anim.length; j += 3, n++) {
            const i = c.anim[j];
            const key = this.animKey(i, now);
            if (key === c.animKey[n]) continue;
            c.animKey[n] = key;
            const lx = c.anim[j + 1], ly = c.anim[j + 2];
            c.bctx.fillStyle = '#000';
            c.bctx.fillRect(lx * TILE, ly * TILE, TILE, TILE);
            c.actx.clearRect(lx * TILE, ly * TILE, TILE, TILE);
            this.drawCell(c, i, lx, ly, now);
        }
    }

    drawMapLayer(ctx, now, which) {
        const x0 = Math.max(0, Math.floor(this.camX / (CHUNK * TILE))), y0 = Math.max(0, Math.floor(this.camY / (CHUNK * TILE)));
        const x1 = Math.min(Math.ceil(this.map.width / CHUNK) - 1, Math.floor((this.camX + this.viewW) / (CHUNK * TILE)));
        const y1 = Math.min(Math.ceil(this.map.height / CHUNK) - 1, Math.floor((this.camY + this.viewH) / (CHUNK * TILE)));
        for (let cy = y0; cy <= y1; cy++) {
            for (let cx = x0; cx <= x1; cx++) {
                const c = this.chunk(cx, cy, now);
                if (which === 'below') { this.refreshAnimated(c, now); ctx.drawImage(c.below, cx * CHUNK * TILE, cy * CHUNK * TILE); }
                else if (c.hasAbove) ctx.drawImage(c.above, cx * CHUNK * TILE, cy * CHUNK * TILE);
            }
        }
    }

    // --- entities ---

    drawSpriteOr(ctx, name, animNames, t, x, y, flip, fallback, once = false) {
        const s = this.sprites.get(name);
        if (s) {
            const anim = this.sprites.animation(s.def, ...animNames);
            let frame = Sprites.frameAt(anim, t);
            if (once) frame = Math.min(anim.length - 1, Math.floor(t / (anim.speed || 100)));
            if (this.sprites.drawFrame(ctx, s, anim, frame, x, y, flip)) return true;
        }
        fallback?.();
        return false;
    }

    drawCharacter(ctx, e, now, game) {
        const x = Math.round(e.px), y = Math.round(e.py);
        const { dir, flip } = facing(e.orientation);
        const swinging = e.isSwinging(now);
        const base = swinging ? 'atk' : e.stepping ? 'walk' : 'idle';
        const t = swinging ? now - e.attackStart : e.stepping ? now - e.walkStart : now + e.id * 137;
        const names = [`${base}_${dir}`, `idle_${dir}`, 'idle_down', 'idle'];
        if (e.hurtUntil > now && Math.floor(now / 60) % 2 === 0) return; // hurt flicker
        this.drawSpriteOr(ctx, 'shadow', ['idle'], 0, x, y, false, () => {
            ctx.fillStyle = 'rgba(0,0,0,0.25)';
            ctx.beginPath(); ctx.ellipse(x + 8, y + 14, 6, 2.5, 0, 0, Math.PI * 2); ctx.fill();
        });
        let body = kindName(e.kind);
        if (e.isPlayer) body = kindName(e.armor || 21);
        const bob = e.stepping ? Math.abs(Math.sin(((now - e.walkStart) / e.stepDuration) * Math.PI)) * -2 : 0;
        const lunge = swinging ? Math.sin(((now - e.attackStart) / 400) * Math.PI) * 3 : 0;
        const ldx = flip ? -lunge : dir === 'right' ? lunge : 0, ldy = dir === 'up' ? -lunge : dir === 'down' ? lunge : 0;
        const drew = this.drawSpriteOr(ctx, body, names, t, x, y, flip, () => {
            if (e.isPlayer) this.drawPlaceholderPlayer(ctx, e, x + ldx, y + bob + ldy, dir, flip);
            else if (!this.sprites.drawKindIcon(ctx, body, x + ldx, y - 4 + bob + ldy, 16, 16)) {
                ctx.fillStyle = placeholderColor(body);
                ctx.fillRect(x + 2 + ldx, y - 2 + bob + ldy, 12, 14);
            }
        });
        if (e.isPlayer && drew && e.weapon && e.armor !== 20) {
            this.drawSpriteOr(ctx, kindName(e.weapon), names, t, x, y, flip, null);
        }
        if (game && e.id === game.player?.target) this.drawTarget(ctx, e.x, e.y, now);
    }

    drawPlaceholderPlayer(ctx, e, x, y, dir, flip) {
        const armor = kindName(e.armor || 21);
        ctx.fillStyle = placeholderColor(armor);
        ctx.fillRect(x + 4, y - 2, 8, 12); // body
        ctx.fillStyle = '#f2c9a0';
        ctx.fillRect(x + 5, y - 9, 6, 6); // head
        ctx.fillStyle = '#2b2b2b';
        if (dir !== 'up') ctx.fillRect(x + (dir === 'right' ? (flip ? 5 : 9) : 6), y - 7, 2, 2);
        ctx.fillRect(x + 4, y + 10, 3, 3); ctx.fillRect(x + 9, y + 10, 3, 3); // feet
        if (e.weapon && e.armor !== 20) {
            const right = dir === 'right' && !flip;
            ctx.fillStyle = '#dfe6ee';
            const sx = flip ? x + 1 : right ? x + 13 : x + 12;
            ctx.fillRect(sx, y - 6, 2, 11);
            ctx.fillStyle = '#7a5230';
            ctx.fillRect(sx - 1, y + 3, 4, 2);
        }
    }

    drawTarget(ctx, tx, ty, now) {
        const x = tx * TILE, y = ty * TILE;
        this.drawSpriteOr(ctx, 'target', ['idle'], now, x, y, false, () => {
            ctx.strokeStyle = Math.floor(now / 250) % 2 ? 'rgba(255,80,60,0.9)' : 'rgba(255,220,60,0.9)';
            ctx.lineWidth = 1;
            ctx.strokeRect(x + 0.5, y + 0.5, TILE - 1, TILE - 1);
        });
    }

    drawItem(ctx, e, now) {
        if (e.blinking && Math.floor(now / 150) % 2 === 0) return;
        const x = Math.round(e.px), y = Math.round(e.py);
        const name = kindName(e.kind);
        if (e.isChest) {
            const opening = e.openStart != null;
            this.drawSpriteOr(ctx, 'chest', [opening ? 'open' : 'idle'], opening ? now - e.openStart : now, x, y, false, () => {
                if (!this.sprites.drawKindIcon(ctx, 'chest', x, y, 16, 16)) { ctx.fillStyle = placeholderColor('chest'); ctx.fillRect(x + 2, y + 4, 12, 10); }
            }, opening);
            return;
        }
        this.drawSpriteOr(ctx, `item-${name}`, ['idle'], now + e.id * 71, x, y, false, () => {
            const bob = Math.round(Math.sin((now + e.id * 300) / 300) * 1.5);
            ctx.fillStyle = 'rgba(0,0,0,0.25)';
            ctx.beginPath(); ctx.ellipse(x + 8, y + 14, 5, 2, 0, 0, Math.PI * 2); ctx.fill();
            if (!this.sprites.drawKindIcon(ctx, name, x + 2, y + 1 + bob, 12, 12)) { ctx.fillStyle = placeholderColor(name); ctx.fillRect(x + 4, y + 4 + bob, 8, 8); }
        });
    }

    drawEffect(ctx, fx, now) {
        const t = now - fx.start;
        const x = fx.x * TILE, y = fx.y * TILE;
        if (fx.type === 'death') {
            this.drawSpriteOr(ctx, 'death', ['idle', 'death'], t, x, y, false, () => {
                const k = Math.min(1, t / fx.duration);
                ctx.fillStyle = `rgba(240,240,240,${0.8 * (1 - k)})`;
                for (let a = 0; a < 6; a++) {
                    const ang = (a / 6) * Math.PI * 2;
                    ctx.beginPath(); ctx.arc(x + 8 + Math.cos(ang) * 8 * k, y + 6 + Math.sin(ang) * 6 * k, 3 + 2 * (1 - k), 0, Math.PI * 2); ctx.fill();
                }
            }, true);
        }
    }

    /** True when entity `e` is drawn: outdoors everything; inside, only what stands in the room. */
    isShown(e) {
        if (!this.room) return true;
        return this.room.contains(Math.round(e.px / TILE), Math.round(e.py / TILE));
    }

    /** Inside a room, black over everything else: around the room's box, and the box's tiles outside the room. */
    shadeOutsideRoom(ctx) {
        const r = this.room;
        if (this.roomShade?.room !== r) {
            const c = document.createElement('canvas');
            c.width = r.w; c.height = r.h;
            const cx = c.getContext('2d');
            const img = cx.createImageData(r.w, r.h);
            for (let j = 0; j < r.mask.length; j++) if (!r.mask[j]) img.data[4 * j + 3] = 255;
            cx.putImageData(img, 0, 0);
            this.roomShade = { room: r, canvas: c };
        }
        const bx = r.x0 * TILE, by = r.y0 * TILE, bw = r.w * TILE, bh = r.h * TILE;
        const vx = this.camX - 1, vy = this.camY - 1, vw = this.viewW + 2, vh = this.viewH + 2;
        ctx.fillStyle = '#000';
        ctx.fillRect(vx, vy, vw, Math.max(0, by - vy)); // above the box
        ctx.fillRect(vx, by + bh, vw, Math.max(0, vy + vh - by - bh)); // below
        ctx.fillRect(vx, by, Math.max(0, bx - vx), bh); // left
        ctx.fillRect(bx + bw, by, Math.max(0, vx + vw - bx - bw), bh); // right
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(this.roomShade.canvas, bx, by, bw, bh);
    }

    /** One frame. `game` supplies entities, player, effects, damage numbers and bubbles. */
    render(now, game) {
        const ctx = this.ctx;
        const s = this.scale;
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.imageSmoothingEnabled = false;
        ctx.fillStyle = '#000';
        ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
        const p = game.player;
        // Inside a house or cave only that room is drawn (tiles and entities): not the neighbouring rooms, not the
        // cave below. A room narrower (or shorter) than the screen is centred on it.
        this.room = p && game.state !== 'name' ? this.map.roomAt?.(p.nextTile.x, p.nextTile.y) ?? null : null;
        const r = this.room;
        if (p) {
            const fits = r && r.w * TILE <= this.viewW && r.h * TILE <= this.viewH;
            if (fits) this.follow((r.x0 + r.w / 2) * TILE, (r.y0 + r.h / 2) * TILE, false);
            else this.follow(p.px + 8, p.py + 8);
        } else if (game.home) this.follow(game.home.x * TILE, game.home.y * TILE);
        ctx.setTransform(s, 0, 0, s, -this.camX * s, -this.camY * s);
        ctx.imageSmoothingEnabled = false;
        this.drawMapLayer(ctx, now, 'below');

        const minX = this.camX - 48, maxX = this.camX + this.viewW + 48, minY = this.camY - 48, maxY = this.camY + this.viewH + 48;
        const list = [];
        for (const e of game.entities.values()) {
            if (e.px < minX || e.px > maxX || e.py < minY || e.py > maxY || !this.isShown(e)) continue;
            list.push(e);
        }
        if (p && game.state !== 'dead') list.push(p);
        list.sort((a, b) => (a.py + (a.isCharacter ? 0.5 : 0)) - (b.py + (b.isCharacter ? 0.5 : 0)) || a.id - b.id);
        if (game.destinationMark && now - game.destinationMark.time < 600) this.drawTarget(ctx, game.destinationMark.x, game.destinationMark.y, now);
        for (const e of list) {
            if (e.isCharacter) this.drawCharacter(ctx, e, now, game);
            else this.drawItem(ctx, e, now);
        }
        for (const fx of game.effects) if (!this.room || this.room.contains(fx.x, fx.y)) this.drawEffect(ctx, fx, now);
        this.drawMapLayer(ctx, now, 'above');
        if (this.room) this.shadeOutsideRoom(ctx);

        // Screen-space overlays, crisp at device resolution, after every sprite and roof: mob health bars, then
        // damage numbers (rising from above where a name tag sits), then name tags last, so nothing covers a name.
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.lineJoin = 'round';
        ctx.lineWidth = Math.max(2, Math.round(3 * this.dpr));
        const frame = { room: this.room ? { x0: this.room.x0, y0: this.room.y0, x1: this.room.x1, y1: this.room.y1 } : null, entities: list.length, names: [], damages: [] };
        for (const e of list) {
            if (!(e.isMob && e.maxHp > 0 && e.combatUntil > now)) continue;
            const sx = (e.px + 8 - this.camX) * s, sy = (e.py - this.camY) * s;
            const w = 16 * s, h = Math.max(3, Math.round(2 * s)), bx = sx - w / 2, by = sy - 14 * s;
            ctx.fillStyle = 'rgba(0,0,0,0.7)';
            ctx.fillRect(bx - 1, by - 1, w + 2, h + 2);
            ctx.fillStyle = '#d33';
            ctx.fillRect(bx, by, w * Math.max(0, Math.min(1, e.hp / e.maxHp)), h);
        }
        const nameFont = Math.round(11 * this.dpr);
        const nameBottom = (sy) => sy - 16 * s + 2 * this.dpr;
        const damageFont = Math.round(13 * this.dpr);
        ctx.font = `bold ${damageFont}px system-ui, sans-serif`;
        for (const d of game.damages) {
            if (this.room && !this.room.contains(d.x, d.y)) continue;
            const t = (now - d.start) / d.duration;
            const sx = (d.x * TILE + 8 - this.camX) * s;
            const sy = nameBottom((d.y * TILE - this.camY) * s) - nameFont - 2 * this.dpr - t * 20 * this.dpr;
            ctx.globalAlpha = Math.max(0, 1 - t * t);
            ctx.strokeStyle = '#000';
            ctx.strokeText(d.text, sx, sy);
            ctx.fillStyle = d.color;
            ctx.fillText(d.text, sx, sy);
            const w = ctx.measureText(d.text).width;
            frame.damages.push({ x: sx - w / 2, y: sy - damageFont, w, h: damageFont });
        }
        ctx.globalAlpha = 1;
        ctx.font = `bold ${nameFont}px system-ui, sans-serif`;
        for (const e of list) {
            if (!e.isPlayer || !e.name) continue;
            const sx = (e.px + 8 - this.camX) * s, y = nameBottom((e.py - this.camY) * s);
            ctx.strokeStyle = 'rgba(0,0,0,0.85)';
            ctx.strokeText(e.name, sx, y);
            ctx.fillStyle = e === p ? '#fce98a' : '#ffffff';
            ctx.fillText(e.name, sx, y);
            const w = ctx.measureText(e.name).width;
            frame.names.push({ id: e.id, x: sx - w / 2, y: y - nameFont, w, h: nameFont });
        }
        this.lastFrame = frame;
        ctx.globalAlpha = 1;
    }
}
