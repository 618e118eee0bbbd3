// Entry point: loads the map, sprites and dialogue, wires the page, the connection and the game loop together,
// and exposes window.__wq for tests.
import { Game } from './game.js';
import { AchievementPanel } from './achievements.js';
import { CloseCodes } from './protocol.js';
import { Connection, isFinalClose, parseFrame } from './net.js';
import { loadMap } from './map.js';
import { Sprites } from './sprites.js';
import { Renderer } from './renderer.js';
import { UI } from './ui.js';
import { NameScreen, PasswordDialog, refusalMessage } from './account.js';
import { Sound } from './audio.js';

const KEYS = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right', w: 'up', s: 'down', a: 'left', d: 'right', W: 'up', S: 'down', A: 'left', D: 'right' };
const stats = { fps: 0, frameTimeMs: 0 };
let mapURL = null; // the map the server said it plays (for the error text and tests)

async function loadDialogue() {
    try {
        const res = await fetch('/data/npcs.json', { cache: 'no-cache' });
        return res.ok ? await res.json() : {};
    } catch { return {}; }
}

/** The map this server plays, as it says at /world.json; /maps/world.tmj for a server that does not say. */
async function whichMap() {
    try {
        const res = await fetch('/world.json', { cache: 'no-cache' });
        if (res.ok) {
            const about = await res.json();
            if (typeof about?.map === 'string' && about.map.startsWith('/')) return about;
        }
    } catch { /* an older server: the default map */ }
    return { map: '/maps/world.tmj' };
}

/** Loads and checks the server's map; throws an Error whose message says which map and why it cannot be drawn. */
async function loadServerMap(about) {
    let map;
    try {
        map = await loadMap(about.map);
    } catch (err) {
        throw new Error(`Cannot draw the map ${about.map}: ${err.message}`);
    }
    if ((about.width && about.width !== map.width) || (about.height && about.height !== map.height)) {
        throw new Error(`Cannot draw the map ${about.map}: it is ${map.width}×${map.height} tiles, the server plays ${about.width}×${about.height}`);
    }
    return map;
}

/** Touch screens (a finger is the main pointer: phones, tablets) get tap instructions instead of keyboard ones. */
function touchHelp() {
    const touch = window.matchMedia?.('(pointer: coarse)').matches && navigator.maxTouchPoints > 0;
    const help = document.getElementById('controls-help');
    if (touch && help) help.textContent = 'Tap to walk, attack, talk and pick things up. Tap Chat to say something.';
}

async function start() {
    touchHelp();
    const sprites = new Sprites();
    const ui = new UI(sprites);
    // Sound: nothing is made before the first click, tap or key (browsers' autoplay rules); M or the HUD button mutes.
    const audio = new Sound();
    audio.listen(window);
    audio.bindControls({ button: document.getElementById('sound-button'), music: document.getElementById('music-volume'), effects: document.getElementById('effects-volume') });
    document.addEventListener('click', (ev) => { if (ev.target instanceof Element && ev.target.closest('button')) audio.play('click'); });
    ui.audio = audio;
    ui.status('Loading the world…');
    const play = document.getElementById('play-button');
    play.disabled = true;
    const about = await whichMap();
    mapURL = about.map;
    const [map, dialogue] = await Promise.all([loadServerMap(about), loadDialogue(), sprites.load('/img/sprites.json')]);
    const imageErrors = [];
    const renderer = new Renderer(document.getElementById('game-canvas'), map, sprites);
    audio.map = map;
    renderer.onImageError = (url) => {
        imageErrors.push(url);
        ui.status(`Cannot draw the map ${mapURL}: its tile sheet ${imageErrors.join(', ')} did not load`, true);
    };
    ui.renderer = renderer;

    let conn = null;
    let lastClose = null;
    const game = new Game({ map, dialogue, ui, send: (m) => conn?.send(m) });
    const achievementPanel = new AchievementPanel(ui, () => game.state === 'playing');
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
                nameScreen.showPlay({ name: game.name, focus: false });
                ui.nameMessage('You were disconnected for being idle too long. Press Play to come back.');
                ui.status('Disconnected: idle timeout', false);
                return;
            }
            for (const m of frame.messages) {
                const wasPlaying = game.state;
                game.receive(m);
                if (game.state === 'playing' && wasPlaying !== 'playing') conn.resetBackoff();
            }
            game.endFrame();
        },
        onClose(ev) {
            lastClose = { code: ev.code, reason: ev.reason ?? '' };
            if (game.state === 'name') return;
            const name = game.profile?.name || game.login?.name || game.name;
            const login = game.login;
            game.reset();
            if (isFinalClose(ev.code)) {
                // The session is over for good: back to the name screen with the reason, no reconnecting.
                game.login = null;
                conn.stop();
                game.setState('name');
                const why = refusalMessage(ev.code, ev.reason, name);
                if (ev.code === CloseCodes.NAME_TAKEN || ev.code === CloseCodes.LOGIN_FAILED) nameScreen.showLogin(login?.name ?? name);
                else nameScreen.showPlay({ name: game.name, focus: false });
                ui.nameMessage(why);
                ui.status('');
                return;
            }
            game.setState('disconnected');
            if (ev.code === 1013) {
                const why = ev.reason ?? '';
                ui.notify(why.includes('draining') ? 'The server is not taking new players right now.'
                    : why.includes('characters') ? 'Characters cannot be loaded right now; trying again soon.' : 'The server is full.');
            }
        },
        onWait(seconds) {
            ui.status(seconds > 0 ? `Connection lost. Reconnecting in ${seconds} s…` : 'Reconnecting…', true);
        },
    });

    // Name screen: play a name (HELLO) or log in with a password (LOGIN); the server answers with the first batch or
    // closes with one of the game's codes (onClose above).
    const begin = (name, login) => {
        if (game.state !== 'name') return false;
        game.name = name;
        game.login = login;
        lastClose = null;
        game.setState('connecting');
        ui.status('Connecting…');
        conn.connect();
        return true;
    };
    const nameScreen = new NameScreen({
        onPlay: (name) => begin(name, null),
        onLogin: (name, password) => begin(name, { name, password }),
    });
    ui.nameScreen = nameScreen;
    play.disabled = false;
    ui.status('');

    // Password dialog (HUD button): PASSWORD, answered by the server with a sentence to show.
    const passwordDialog = new PasswordDialog({
        onSubmit: (fresh, current) => game.setPassword(fresh, current),
        onOpen: () => { game.keys = []; ui.closeChat(); },
    });
    ui.passwordDialog = passwordDialog;
    document.getElementById('password-button').addEventListener('click', () => {
        if (game.state === 'playing') passwordDialog.open();
    });

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
        if (game.state !== 'playing' || passwordDialog.isOpen) return;
        if (ev.key === 'Enter') { ev.preventDefault(); ui.openChat(); game.keys = []; return; }
        if (ev.key === 'm' || ev.key === 'M') { audio.toggleMute(); return; }
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
    ro('profile', () => (game.profile ? Object.freeze({ ...game.profile }) : null));
    ro('lastPasswordAnswer', () => (game.lastPasswordAnswer ? Object.freeze({ ...game.lastPasswordAnswer }) : null));
    ro('achievements', () => game.achievements.map((a) => Object.freeze({ ...a })));
    ro('lastAchievement', () => (game.lastAchievement ? Object.freeze({ ...game.lastAchievement }) : null));
    api.toggleAchievements = () => { achievementPanel.toggle(); return achievementPanel.isOpen; };
    ro('lastClose', () => (lastClose ? Object.freeze({ ...lastClose }) : null));
    ro('wsExtensions', () => conn?.ws?.extensions ?? null);
    ro('fps', () => stats.fps);
    ro('frameTimeMs', () => stats.frameTimeMs);
    ro('scale', () => renderer.scale);
    ro('audio', () => audio.snapshot());
    ro('mapURL', () => mapURL);
    // The last frame: the room drawn inside a house or cave ({x0, y0, x1, y1} in tiles, null outdoors), the camera
    // (world pixels of the top-left, device pixels per world pixel), name tags and damage numbers (canvas pixels).
    ro('view', () => {
        const f = renderer.lastFrame;
        return Object.freeze({ camX: renderer.camX, camY: renderer.camY, scale: renderer.scale, room: f.room, entities: f.entities, names: f.names.map((r) => ({ ...r })), damages: f.damages.map((r) => ({ ...r })) });
    });
    api.inRoom = (x, y) => !renderer.room || renderer.room.contains(x, y);
    api.entities = () => game.snapshot();
    api.clickTile = (x, y) => game.clickTile(x, y);
    api.walkTo = (x, y) => game.walkTo(x, y);
    api.attack = (id) => game.attack(id);
    api.playAs = (name) => game.state === 'name' && nameScreen.playAs(name);
    api.loginWithPassword = (name, password) => game.state === 'name' && nameScreen.loginWithPassword(name, password);
    api.setPassword = (fresh, current = '') => game.state === 'playing' && passwordDialog.fillAndSubmit(fresh, current);
    window.__wq = Object.freeze(api);

    // The loop
    let last = performance.now(), fpsFrames = 0, fpsSince = last;
    const frame = (now) => {
        const t0 = performance.now();
        try {
            game.update(now);
            if (game.player || game.state === 'name') renderer.render(now, game);
            ui.frame(now, game);
            audio.follow(game);
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
    const text = err.message.startsWith('Cannot draw') ? err.message : `Could not start: ${err.message}`;
    const s = document.getElementById('status');
    if (s) { s.textContent = text; s.hidden = false; s.classList.add('alert'); document.body.classList.add('alerting'); }
    const m = document.getElementById('name-message');
    if (m) m.textContent = text;
});
