// The DOM around the canvas: screens, HUD, notifications, chat, speech bubbles. Text from the network is only
// ever inserted with textContent.
import { kindName } from './kinds.js';
import { TILE } from './entities.js';

const $ = (id) => document.getElementById(id);

export class UI {
    constructor(sprites) {
        this.sprites = sprites;
        this.renderer = null;
        this.bubbles = new Map(); // entity id -> {el, entity, until}
        this.el = {
            canvas: $('game-canvas'), hud: $('hud'), hpFill: $('hp-fill'), hpText: $('hp-text'), armor: $('armor-icon'),
            weapon: $('weapon-icon'), population: $('population'), notifications: $('notifications'), chatLog: $('chat-log'),
            chatForm: $('chat-form'), chatInput: $('chat-input'), nameScreen: $('name-screen'), nameInput: $('name-input'),
            nameMessage: $('name-message'), deathScreen: $('death-screen'), status: $('status'), bubbleLayer: $('bubbles'),
            hurt: $('hurt-flash'),
        };
        this.lastIcons = '';
        this.nameScreen = null; // account.js's NameScreen and PasswordDialog, set by main.js
        this.passwordDialog = null;
        this.audio = null; // audio.js's Sound, set by main.js
    }

    /** An effect by name (audio.js's EFFECTS: hit, kill, loot, achievement, ...). */
    sound(name) { this.audio?.play(name); }

    /** The status line; `alert` makes it the banner at the top (over nothing the player needs to see). */
    status(text, alert = false) {
        this.el.status.textContent = text;
        this.el.status.classList.toggle('alert', alert);
        this.el.status.hidden = !text;
        document.body.classList.toggle('alerting', !!text && alert);
    }

    state(state) {
        const { el } = this;
        el.nameScreen.hidden = state !== 'name';
        el.deathScreen.hidden = state !== 'dead';
        el.hud.hidden = !(state === 'playing' || state === 'dead' || state === 'disconnected');
        if (state === 'playing') this.status('');
        if (state === 'dead') setTimeout(() => $('revive-button')?.focus(), 0);
        if (state === 'name') {
            this.clearBubbles();
            if (this.nameScreen) this.nameScreen.shown(); else setTimeout(() => el.nameInput.focus(), 0);
        }
        if (state !== 'playing') { this.closeChat(); this.passwordDialog?.reset(); }
    }

    nameMessage(text) { this.el.nameMessage.textContent = text; }

    /** PROFILE: the character is this browser's now; the name screen greets it next time. */
    profile(p) {
        this.nameScreen?.remember(p.name);
        this.passwordDialog?.setProfile(p);
    }

    passwordAnswer(a) { this.passwordDialog?.answer(a); }

    hud(p) {
        if (!p) return;
        const max = Math.max(1, p.maxHp);
        this.el.hpFill.style.width = `${Math.max(0, Math.min(100, (p.hp / max) * 100))}%`;
        this.el.hpText.textContent = `${Math.max(0, p.hp)} / ${p.maxHp}`;
        const key = `${p.armor}/${p.weapon}/${this.sprites.images.size}/${this.sprites.icons ? 1 : 0}`;
        if (key !== this.lastIcons) {
            this.lastIcons = key;
            const a = kindName(p.armor), w = kindName(p.weapon);
            this.sprites.drawIcon(this.el.armor.getContext('2d'), `item-${a}`, a, 32, 32);
            this.sprites.drawIcon(this.el.weapon.getContext('2d'), `item-${w}`, w, 32, 32);
            this.el.armor.title = `Armor: ${a}`;
            this.el.weapon.title = `Weapon: ${w}`;
        }
    }

    population(pop) {
        const n = pop.world ?? 0;
        let text = `${n} player${n === 1 ? '' : 's'} online`;
        if (pop.total != null && pop.total !== n) text += ` (${pop.total} in all worlds)`;
        this.el.population.textContent = text;
    }

    notify(text) {
        const div = document.createElement('div');
        div.className = 'note';
        div.textContent = text;
        const box = this.el.notifications;
        box.appendChild(div);
        while (box.children.length > 4) box.firstChild.remove();
        setTimeout(() => div.classList.add('fade'), 3500);
        setTimeout(() => div.remove(), 4200);
    }

    hurt() {
        const h = this.el.hurt;
        h.classList.add('on');
        setTimeout(() => h.classList.remove('on'), 120);
    }

    chatLog(name, text, system = false) {
        const div = document.createElement('div');
        if (system) div.className = 'system';
        if (name) {
            const b = document.createElement('b');
            b.textContent = `${name}: `;
            div.appendChild(b);
        }
        div.appendChild(document.createTextNode(text));
        const log = this.el.chatLog;
        log.appendChild(div);
        while (log.children.length > 6) log.firstChild.remove();
        setTimeout(() => { div.style.opacity = '0'; }, 15000);
        setTimeout(() => div.remove(), 16000);
    }

    bubble(entity, text, npc) {
        let b = this.bubbles.get(entity.id);
        if (!b) {
            const el = document.createElement('div');
            el.className = 'bubble';
            this.el.bubbleLayer.appendChild(el);
            b = { el, entity };
            this.bubbles.set(entity.id, b);
        }
        b.entity = entity;
        b.el.classList.toggle('npc', !!npc);
        b.el.textContent = text;
        b.until = performance.now() + 5000;
        this.placeBubble(b);
    }

    placeBubble(b) {
        if (!this.renderer) return;
        const e = b.entity;
        const pos = this.renderer.worldToCss(e.px + TILE / 2, e.py - (e.isPlayer ? 22 : 14));
        b.el.style.left = `${Math.round(pos.x)}px`;
        b.el.style.top = `${Math.round(pos.y)}px`;
    }

    /** Called every frame: move bubbles with their speakers, drop old ones. */
    frame(now, game) {
        for (const [id, b] of this.bubbles) {
            const alive = game.entity(id) === b.entity;
            if (now > b.until || !alive) { b.el.remove(); this.bubbles.delete(id); continue; }
            b.el.hidden = !!this.renderer && !this.renderer.isShown(b.entity); // not in the room the player is in
            this.placeBubble(b);
        }
    }

    clearBubbles() {
        for (const b of this.bubbles.values()) b.el.remove();
        this.bubbles.clear();
    }

    get chatOpen() { return !this.el.chatForm.hidden; }

    openChat() {
        this.el.chatForm.hidden = false;
        this.el.chatInput.value = '';
        this.el.chatInput.focus();
    }

    closeChat() {
        this.el.chatForm.hidden = true;
        this.el.chatInput.blur();
    }
}
