// Sound effects and music, all synthesized with Web Audio (no sound files): effects are a few oscillators and noise
// bursts with envelopes; music is a small sequencer playing music.js's score for the map's music area the player
// stands in, crossfading when the area changes.
//
// Browsers only let a page make sound after the player interacted with it, so nothing is created before that: the
// AudioContext is made on the first click, tap or key press (while the browser counts it as a user activation),
// and every play() before that is dropped. Mute and volumes are kept in localStorage.
import { SCORES, parseScore } from './music.js';

const STORAGE_KEY = 'wq.audio'; // beside account.js's wq.name
const LOOKAHEAD_S = 0.3; // music is scheduled this far ahead of the AudioContext's clock
const TICK_MS = 60;
const FADE_S = 1.5; // crossfade between areas
const MIN_GAP_S = 0.05; // the same effect at most this often (a crowd's hits would otherwise pile up)
const PLAYED_KEPT = 40;
// Bus gains at full volume: the scores' and effects' own volumes are kept small so chords and crowds add up
// without clipping; these bring the defaults to about -10 dBFS peaks (music) and -8 (effects), measured offline.
const MUSIC_LEVEL = 1.1;
const EFFECTS_LEVEL = 2.2;

/** The music area (the "music" layer's id) at tile (x, y), or null outside every area. */
export function musicAreaAt(map, x, y) {
    for (const a of map?.music ?? []) if (x >= a.x && y >= a.y && x < a.x + a.w && y < a.y + a.h) return a.id || null;
    return null;
}

function loadSettings(storage) {
    const s = { muted: false, music: 0.6, effects: 0.8 };
    try {
        const saved = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
        if (saved && typeof saved === 'object') {
            if (typeof saved.muted === 'boolean') s.muted = saved.muted;
            for (const k of ['music', 'effects']) if (Number.isFinite(saved[k])) s[k] = Math.min(1, Math.max(0, saved[k]));
        }
    } catch { /* unreadable settings: the defaults */ }
    return s;
}

export class Sound {
    constructor({ map = null, storage = globalThis.localStorage } = {}) {
        this.map = map;
        this.storage = storage;
        this.settings = loadSettings(storage);
        this.ctx = null;
        this.buses = null; // {master, music, effects}
        this.noise = null;
        this.area = null; // the area whose music plays (or should, once the context exists)
        this.tracks = []; // the playing track last; earlier ones are fading out
        this.timer = null;
        this.lastPlayed = new Map(); // effect name -> context time
        this.played = []; // names of the effects scheduled, newest last (for tests)
        this.notes = 0; // music notes scheduled
        this.history = []; // the areas whose music started, newest last (for tests)
        this.listeners = new Set(); // called with the settings when they change
        this.scores = new Map(Object.entries(SCORES).map(([name, score]) => [name, parseScore(score)]));
    }

    // ------------------------------------------------------------------ the context, made on the first interaction

    /** Hooks the first user interaction (and later ones, to resume a context the browser suspended). */
    listen(target = window) {
        const unlock = () => this.unlock();
        for (const type of ['pointerdown', 'keydown', 'touchend']) target.addEventListener(type, unlock, { capture: true, passive: true });
        document.addEventListener('visibilitychange', () => {
            if (!this.ctx) return;
            if (document.hidden) this.ctx.suspend().catch(() => {});
            else this.ctx.resume().catch(() => {});
        });
    }

    unlock() {
        if (!this.ctx) {
            // Only inside a user activation: otherwise the browser would refuse to start it and say so in the console.
            if (globalThis.navigator?.userActivation && !navigator.userActivation.isActive) return;
            const AC = globalThis.AudioContext ?? globalThis.webkitAudioContext;
            if (!AC) return;
            try { this.ctx = new AC(); } catch (err) { console.warn('audio', err); return; }
            this.build();
        }
        // Suspended, or iOS's 'interrupted' (a call, another app's audio): a new gesture may bring it back.
        if (this.ctx.state !== 'running' && this.ctx.state !== 'closed' && !document.hidden) this.ctx.resume().catch(() => {});
    }

    build() {
        const ctx = this.ctx;
        const master = ctx.createGain();
        const comp = ctx.createDynamicsCompressor(); // only tames peaks when many sounds coincide
        comp.threshold.value = -10;
        comp.knee.value = 6;
        comp.ratio.value = 4;
        master.connect(comp).connect(ctx.destination);
        const music = ctx.createGain(), effects = ctx.createGain();
        music.connect(master);
        effects.connect(master);
        this.buses = { master, music, effects };
        const n = ctx.sampleRate;
        this.noise = ctx.createBuffer(1, n, n);
        const data = this.noise.getChannelData(0);
        for (let i = 0; i < n; i++) data[i] = Math.random() * 2 - 1;
        this.applySettings(true);
        const want = this.area;
        this.area = null;
        this.setArea(want);
        this.timer = setInterval(() => this.tick(), TICK_MS);
    }

    // ------------------------------------------------------------------ settings

    get muted() { return this.settings.muted; }

    setMuted(muted) { this.update({ muted: !!muted }); }
    toggleMute() { this.setMuted(!this.settings.muted); return this.settings.muted; }
    setVolume(which, value) {
        if (which !== 'music' && which !== 'effects') return;
        const v = Math.min(1, Math.max(0, Number(value)));
        if (Number.isFinite(v)) this.update({ [which]: v });
    }

    update(change) {
        Object.assign(this.settings, change);
        try { this.storage?.setItem(STORAGE_KEY, JSON.stringify(this.settings)); } catch { /* private mode: not kept */ }
        this.applySettings();
        for (const f of this.listeners) f({ ...this.settings });
    }

    /** Sets the buses' gains: at once when the context is new, else with a short glide (no clicks). */
    applySettings(now = false) {
        if (!this.buses) return;
        const t = this.ctx.currentTime, s = this.settings;
        const values = [
            [this.buses.master.gain, s.muted ? 0 : 1],
            [this.buses.music.gain, MUSIC_LEVEL * s.music * s.music], // squared: a slider that feels even
            [this.buses.effects.gain, EFFECTS_LEVEL * s.effects * s.effects],
        ];
        for (const [param, v] of values) {
            if (now) param.value = v;
            else param.setTargetAtTime(v, t, 0.02);
        }
    }

    /** Wires the HUD's mute button and volume sliders (any may be missing) and keeps them in step with the settings. */
    bindControls({ button = null, music = null, effects = null } = {}) {
        const show = (s) => {
            if (button) {
                button.setAttribute('aria-pressed', String(s.muted));
                button.title = s.muted ? 'Sound off (M to turn it on)' : 'Sound on (M to mute)';
                button.classList.toggle('muted', s.muted);
            }
            if (music) music.value = String(Math.round(s.music * 100));
            if (effects) effects.value = String(Math.round(s.effects * 100));
        };
        button?.addEventListener('click', () => this.toggleMute());
        music?.addEventListener('input', () => this.setVolume('music', music.value / 100));
        effects?.addEventListener('input', () => this.setVolume('effects', effects.value / 100));
        effects?.addEventListener('change', () => this.play('click'));
        // After a drag, give the keyboard back to the game (arrows would move the slider, not the player).
        for (const el of [music, effects]) el?.addEventListener('pointerup', () => el.blur());
        this.listeners.add(show);
        show(this.settings);
    }

    // ------------------------------------------------------------------ effects

    /** Plays effect `name` now (a no-op before the first interaction, while muted, or for an unknown name). */
    play(name) {
        const fx = EFFECTS[name];
        if (!fx || !this.ctx || this.settings.muted || this.ctx.state === 'closed') return false;
        const t = this.ctx.currentTime;
        if (t - (this.lastPlayed.get(name) ?? -1) < MIN_GAP_S) return false;
        this.lastPlayed.set(name, t);
        try { fx(this, this.buses.effects, t + 0.01); } catch (err) { console.warn('audio', name, err); return false; }
        this.played.push(name);
        if (this.played.length > PLAYED_KEPT) this.played.shift();
        return true;
    }

    /** An oscillator from f0 to f1 Hz with a quick attack and an exponential fade, into `out`. */
    tone(out, { type = 'sine', f0, f1 = f0, t, dur, gain = 0.3, attack = 0.005, filter = 0 }) {
        const ctx = this.ctx;
        const osc = ctx.createOscillator(), g = ctx.createGain();
        osc.type = type;
        osc.frequency.setValueAtTime(f0, t);
        if (f1 !== f0) osc.frequency.exponentialRampToValueAtTime(f1, t + dur);
        envelope(g.gain, t, attack, dur, gain);
        let head = osc;
        if (filter) {
            const lp = ctx.createBiquadFilter();
            lp.type = 'lowpass';
            lp.frequency.value = filter;
            head = head.connect(lp);
        }
        head.connect(g).connect(out);
        osc.start(t);
        osc.stop(t + dur + 0.05);
    }

    /** White noise through a filter (its frequency swept from f0 to f1), with an envelope, into `out`. */
    hiss(out, { t, dur, gain = 0.3, type = 'bandpass', f0 = 1000, f1 = f0, q = 1, attack = 0.003 }) {
        const ctx = this.ctx;
        const src = ctx.createBufferSource(), f = ctx.createBiquadFilter(), g = ctx.createGain();
        src.buffer = this.noise;
        src.loop = true;
        f.type = type;
        f.Q.value = q;
        f.frequency.setValueAtTime(f0, t);
        if (f1 !== f0) f.frequency.exponentialRampToValueAtTime(f1, t + dur);
        envelope(g.gain, t, attack, dur, gain);
        src.connect(f).connect(g).connect(out);
        src.start(t, Math.random() * 0.5);
        src.stop(t + dur + 0.05);
    }

    // ------------------------------------------------------------------ music

    /** Follows the game each frame: the music of the area the player stands in; silence off the game. */
    follow(game) {
        const p = game.player;
        const inGame = p && (game.state === 'playing' || game.state === 'dead');
        this.setArea(inGame ? musicAreaAt(this.map, p.x, p.y) : null);
    }

    setArea(area) {
        const next = area && this.scores.has(area) ? area : null;
        if (next === this.area) return;
        this.area = next;
        if (!this.ctx) return;
        if (next) this.history = [...this.history.slice(-9), next];
        const now = this.ctx.currentTime;
        for (const tr of this.tracks) {
            if (tr.endAt) continue;
            tr.gain.gain.cancelScheduledValues(now);
            tr.gain.gain.setValueAtTime(tr.gain.gain.value, now);
            tr.gain.gain.linearRampToValueAtTime(0, now + FADE_S);
            tr.endAt = now + FADE_S;
        }
        while (this.tracks.length > 2) this.drop(this.tracks[0]);
        if (!next) return;
        const gain = this.ctx.createGain();
        gain.gain.setValueAtTime(0, now);
        gain.gain.linearRampToValueAtTime(1, now + FADE_S);
        gain.connect(this.buses.music);
        const score = this.scores.get(next);
        const voices = score.parts.map((part) => {
            if (part.instrument !== 'square' && part.instrument !== 'sawtooth') return gain;
            const lp = this.ctx.createBiquadFilter();
            lp.type = 'lowpass';
            lp.frequency.value = 1400;
            lp.connect(gain);
            return lp;
        });
        this.tracks.push({ area: next, score, gain, voices, step: 0, nextAt: now + 0.05, endAt: 0 });
    }

    drop(track) {
        track.gain.disconnect();
        this.tracks = this.tracks.filter((t) => t !== track);
    }

    tick() {
        const ctx = this.ctx;
        if (!ctx || ctx.state !== 'running') return;
        const now = ctx.currentTime, horizon = now + LOOKAHEAD_S;
        for (const tr of [...this.tracks]) {
            if (tr.endAt && now > tr.endAt + 0.1) { this.drop(tr); continue; }
            const stepS = 30 / tr.score.bpm;
            if (tr.nextAt < now - 1) tr.nextAt = now + 0.05; // the tab slept: start again from here, not catch up
            while (tr.nextAt < horizon) {
                if (!this.settings.muted && !(tr.endAt && tr.nextAt > tr.endAt)) this.playStep(tr, tr.step, tr.nextAt, stepS);
                tr.step += 1;
                tr.nextAt += stepS;
            }
        }
    }

    playStep(track, step, t, stepS) {
        track.score.parts.forEach((part, i) => {
            const note = part.steps[step % part.steps.length];
            if (!note) return;
            const out = track.voices[i];
            const dur = note.length * stepS * 0.95;
            this.notes += 1;
            switch (part.instrument) {
                case 'kick': this.tone(out, { f0: 140, f1: 42, t, dur: 0.22, gain: part.volume }); break;
                case 'snare': this.hiss(out, { t, dur: 0.14, gain: part.volume, f0: 1800, q: 0.7 }); break;
                case 'hat': this.hiss(out, { t, dur: 0.05, gain: part.volume, type: 'highpass', f0: 7000 }); break;
                default: this.tone(out, { type: part.instrument, f0: note.freq, t, dur, gain: part.volume, attack: 0.02 });
            }
        });
    }

    /** What tests read (window.__wq.audio). */
    snapshot() {
        return Object.freeze({
            state: this.ctx ? this.ctx.state : 'none',
            played: [...this.played],
            music: this.area,
            tracks: this.tracks.length,
            history: [...this.history],
            notes: this.notes,
            muted: this.settings.muted,
            musicVolume: this.settings.music,
            effectsVolume: this.settings.effects,
            gain: this.buses ? this.buses.master.gain.value : null,
        });
    }
}

/** Gain 0 → peak in `attack` s → exponential fade to silence at t + dur. */
function envelope(param, t, attack, dur, peak) {
    param.setValueAtTime(0, t);
    param.linearRampToValueAtTime(peak, t + attack);
    param.exponentialRampToValueAtTime(0.0001, t + Math.max(dur, attack + 0.01));
}

const semis = (f, n) => f * 2 ** (n / 12);

/** Each effect: (sound, out, t) schedules its nodes from time t. Short, so they never bury the music. */
const EFFECTS = {
    // The player's blow lands: a thump and a crack.
    hit(s, out, t) {
        s.tone(out, { type: 'square', f0: 260, f1: 90, t, dur: 0.09, gain: 0.28, filter: 1600 });
        s.hiss(out, { t, dur: 0.07, gain: 0.4, f0: 2400, q: 1.5 });
    },
    // The player takes damage: a low, rough grunt.
    hurt(s, out, t) {
        s.tone(out, { type: 'sawtooth', f0: 190, f1: 70, t, dur: 0.2, gain: 0.35, filter: 900 });
        s.hiss(out, { t, dur: 0.12, gain: 0.28, type: 'lowpass', f0: 600 });
    },
    // A mob falls: a crunch and a short rising two-note call.
    kill(s, out, t) {
        s.hiss(out, { t, dur: 0.16, gain: 0.25, f0: 900, f1: 200, q: 0.8 });
        s.tone(out, { type: 'square', f0: 523, t: t + 0.08, dur: 0.09, gain: 0.1, filter: 3000 });
        s.tone(out, { type: 'square', f0: 784, t: t + 0.16, dur: 0.16, gain: 0.1, filter: 3000 });
    },
    // An item picked up: a quick bright arpeggio.
    loot(s, out, t) {
        [0, 4, 7, 12].forEach((n, i) => s.tone(out, { type: 'triangle', f0: semis(659, n), t: t + i * 0.045, dur: 0.12, gain: 0.2 }));
    },
    // Armor or a weapon put on: a metallic clink and a confident fifth.
    equip(s, out, t) {
        s.tone(out, { type: 'square', f0: 1320, t, dur: 0.06, gain: 0.08, filter: 5000 });
        s.tone(out, { type: 'triangle', f0: 2093, t, dur: 0.25, gain: 0.08 });
        s.tone(out, { type: 'triangle', f0: 392, t: t + 0.06, dur: 0.14, gain: 0.2 });
        s.tone(out, { type: 'triangle', f0: 587, t: t + 0.14, dur: 0.28, gain: 0.2 });
    },
    // Health back (a flask, a burger): a soft rising sweep with a sparkle.
    heal(s, out, t) {
        s.tone(out, { type: 'sine', f0: 420, f1: 980, t, dur: 0.35, gain: 0.22, attack: 0.04 });
        s.tone(out, { type: 'sine', f0: 1568, t: t + 0.2, dur: 0.25, gain: 0.08 });
    },
    // The player dies: a long fall into a low rumble.
    death(s, out, t) {
        s.tone(out, { type: 'sawtooth', f0: 440, f1: 55, t, dur: 1.1, gain: 0.2, filter: 1200, attack: 0.02 });
        s.hiss(out, { t: t + 0.3, dur: 0.9, gain: 0.15, type: 'lowpass', f0: 400, f1: 80 });
    },
    // Back on one's feet: a climbing major arpeggio.
    revive(s, out, t) {
        [0, 4, 7, 12, 16].forEach((n, i) => s.tone(out, { type: 'sine', f0: semis(262, n), t: t + i * 0.08, dur: 0.3, gain: 0.18, attack: 0.02 }));
    },
    // Someone speaks: two soft blips.
    chat(s, out, t) {
        s.tone(out, { type: 'sine', f0: 880, t, dur: 0.06, gain: 0.12 });
        s.tone(out, { type: 'sine', f0: 1319, t: t + 0.07, dur: 0.08, gain: 0.12 });
    },
    // A button: a tiny tick.
    click(s, out, t) {
        s.tone(out, { type: 'square', f0: 1500, f1: 1100, t, dur: 0.03, gain: 0.1, filter: 4000 });
    },
    // An achievement earned: a little fanfare.
    achievement(s, out, t) {
        const notes = [[392, 0, 0.12], [523, 0.12, 0.12], [659, 0.24, 0.12], [784, 0.36, 0.5]];
        for (const [f, at, dur] of notes) {
            s.tone(out, { type: 'square', f0: f, t: t + at, dur, gain: 0.08, filter: 2500 });
            s.tone(out, { type: 'triangle', f0: f * 2, t: t + at, dur, gain: 0.08 });
        }
    },
    // Through a door or a portal: a whoosh.
    door(s, out, t) {
        s.hiss(out, { t, dur: 0.4, gain: 0.45, f0: 300, f1: 2600, q: 2, attack: 0.08 });
        s.tone(out, { type: 'sine', f0: 180, f1: 90, t, dur: 0.3, gain: 0.22 });
    },
};

export const EFFECT_NAMES = Object.freeze(Object.keys(EFFECTS));
