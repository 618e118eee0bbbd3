// Entry point: loads the map, sprites and dialogue, wires the page, the connection and the game loop together,
// and exposes window.__wq for tests.
import { Game } from './game.js';
import { Connection, parseFrame } from './net.js';
import { loadMap } from './map.js';
import { Sprites } from './sprites.js';
import { Renderer } from './renderer.js';
import { UI } from './ui.js';

const KEYS = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right', w: 'up', s: 'down', a: 'left', d: 'right', W: 'up', S: 'down', A: 'left', D: 'right' };
const stats = { fps: 0, frameTimeMs: 0 };

async function loadDialogue() {
    try {
        const res = await fetch('/data/npcs.json', { cache: 'no-cache' });
        return res.ok ? await res.json() : {};
    } catch { return {}; }
}

async function start() {
    const sprites = new Sprites();
    const ui = new UI(sprites);
    ui.status('Loading the world…');
    const play = document.getElementById('play-button');
    play.disabled = true;
    const [map, dialogue] = await Promise.all([loadMap('/maps/world.tmj'), loadDialogue(), sprites.load('/img/sprites.json')]);
    const renderer = new Renderer(document.getElementById('game-canvas'), map, sprites);
    ui.renderer = renderer;

    let conn = null;
    const game = new Game({ map, dialogue, ui, send: (m) => conn?.send(m) });
    const start0 = map.checkpoints.find((c) => c.start) ?? map.checkpoints[0];
    if (start0) game.home = { x: start0.x + start0.w / 2, y: start0.y + start0.h / 2 };
    const wsURL = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;

    conn = new Connection(wsURL, {
        onOpen() { ui.status('Connected, waiting for the server…'); },
        onFrame(data) {
            const frame = parseFrame(data);
            if (frame.raw === 'go') { game.onGo(); return; }
            if (frame.raw === 'timeout') {
                conn.stop();
                game.reset();
                game.setState('name');
                ui.nameMessage('You were disconnected for being idle too long. Enter your name to play again.');
                ui.status('Disconnected: idle timeout', false);
                return;
            }
            for (const m of frame.messages) {
                const wasPlaying = game.state;
                game.receive(m);
                if (game.state === 'playing' && wasPlaying !== 'playing') conn.resetBackoff();
            }
        },
        onClose(ev) {
            if (game.state === 'name') return;
            game.reset();
            game.setState('disconnected');
            if (ev.code === 1013) ui.notify(ev.reason?.includes('draining') ? 'The server is not taking new players right now.' : 'The server is full.');
            if (ev.code === 4001 || ev.code === 4003) {
                const why = ev.code === 4003 ? 'You are banned from this server.' : `You were kicked: ${ev.reason.replace(/^kicked: /, '')}`;
                game.setState('name');
                ui.nameMessage(why);
                ui.status(why, false);
            }
        },
        onWait(seconds) {
            ui.status(seconds > 0 ? `Connection lost. Reconnecting in ${seconds} s…` : 'Reconnecting…', true);
        },
    });

    // Name screen
    const nameInput = document.getElementById('name-input');
    nameInput.value = localStorage.getItem('wq.name') ?? '';
    document.getElementById('name-form').addEventListener('submit', (ev) => {
        ev.preventDefault();
        const name = nameInput.value.trim().slice(0, 15);
        if (!name) { ui.nameMessage('Please enter a name.'); nameInput.focus(); return; }
        try { localStorage.setItem('wq.name', name); } catch { /* private mode */ }
        ui.nameMessage('');
        game.name = name;
        game.setState('connecting');
        ui.status('Connecting…');
        conn.connect();
    });
    play.disabled = false;
    ui.status('');

    document.getElementById('revive-button').addEventListener('click', () => game.revive());

    // Chat
    const chatInput = document.getElementById('chat-input');
    document.getElementById('chat-form').addEventListener('submit', (ev) => {
        ev.preventDefault();
        game.chat(chatInput.value);
        ui.closeChat();
    });
    chatInput.addEventListener('keydown', (ev) => {
        if (ev.key === 'Escape') { ev.preventDefault(); ui.closeChat(); }
        ev.stopPropagation();
    });
    document.getElementById('chat-button').addEventListener('click', () => {
        if (game.state === 'playing') { if (ui.chatOpen) ui.closeChat(); else ui.openChat(); }
    });

    // Keyboard
    window.addEventListener('keydown', (ev) => {
        if (ev.target instanceof HTMLInputElement) return;
        if (game.state !== 'playing') return;
        if (ev.key === 'Enter') { ev.preventDefault(); ui.openChat(); game.keys = []; return; }
        const dir = KEYS[ev.key];
        if (dir) { ev.preventDefault(); game.keyDown(dir); }
    });
    window.addEventListener('keyup', (ev) => { const dir = KEYS[ev.key]; if (dir) game.keyUp(dir); });
    window.addEventListener('blur', () => { game.keys = []; });

    // Pointer (mouse and touch alike)
    const canvas = renderer.canvas;
    canvas.addEventListener('pointerdown', (ev) => {
        if (game.state !== 'playing') return;
        ev.preventDefault();
        if (ui.chatOpen && ev.pointerType !== 'mouse') ui.closeChat();
        const t = renderer.clientToTile(ev.clientX, ev.clientY);
        game.clickTile(t.x, t.y);
    });
    canvas.addEventListener('pointermove', (ev) => {
        if (ev.pointerType !== 'mouse' || game.state !== 'playing') return;
        const t = renderer.clientToTile(ev.clientX, ev.clientY);
        const over = game.entitiesAt(t.x, t.y)[0] ?? game.entitiesAt(t.x, t.y + 1).find((e) => e.isMob || e.isNpc);
        canvas.classList.toggle('pointer', !!over && !over.isPlayer);
    });
    canvas.addEventListener('contextmenu', (ev) => ev.preventDefault());
    window.addEventListener('resize', () => renderer.resize());

    // Test hooks: read-only state and click-like helpers.
    const api = {};
    const ro = (name, get) => Object.defineProperty(api, name, { get, enumerable: true });
    ro('state', () => game.state);
    ro('playerId', () => game.playerId);
    ro('player', () => {
        const p = game.player;
        return p ? Object.freeze({ x: p.x, y: p.y, hp: p.hp, maxHp: p.maxHp, armor: p.armor, weapon: p.weapon, name: p.name, moving: p.moving, target: p.target }) : null;
    });
    ro('kills', () => game.kills);
    ro('lastChat', () => (game.lastChat ? { ...game.lastChat } : null));
    ro('lastNotice', () => game.lastNotice ?? null);
    ro('population', () => (game.population ? { ...game.population } : null));
    ro('fps', () => stats.fps);
    ro('frameTimeMs', () => stats.frameTimeMs);
    ro('scale', () => renderer.scale);
    api.entities = () => game.snapshot();
    api.clickTile = (x, y) => game.clickTile(x, y);
    api.attack = (id) => game.attack(id);
    window.__wq = Object.freeze(api);

    // The loop
    let last = performance.now(), fpsFrames = 0, fpsSince = last;
    const frame = (now) => {
        const t0 = performance.now();
        try {
            game.update(now);
            if (game.player || game.state === 'name') renderer.render(now, game);
            ui.frame(now, game);
        } catch (err) {
            console.error('frame', err);
        }
        const spent = performance.now() - t0;
        stats.frameTimeMs = stats.frameTimeMs * 0.9 + spent * 0.1;
        fpsFrames += 1;
        if (now - fpsSince >= 500) { stats.fps = Math.round((fpsFrames * 1000) / (now - fpsSince)); fpsFrames = 0; fpsSince = now; }
        last = now;
        requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    game.setState('name');
    ui.state('name');
}

start().catch((err) => {
    console.error(err);
    const s = document.getElementById('status');
    if (s) { s.textContent = `Could not start: ${err.message}`; s.classList.add('alert'); }
});
