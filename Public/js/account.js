// Who plays: the name screen (a remembered name, a new character, or a password login) and the in-game password
// dialog. The server keeps characters by name and by the browser's HttpOnly cookie; the page only remembers the
// last name it played (localStorage `wq.name`) to greet the player and prefill it.
import { CloseCodes } from './protocol.js';

const $ = (id) => document.getElementById(id);
const STORE_KEY = 'wq.name';
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Characters, not UTF-16 units: what a person counts. */
const length = (s) => [...String(s ?? '')].length;

/**
 * What the name screen says after a close that ends the session (null when the client just reconnects).
 * `name` is the character the page asked for.
 */
export function refusalMessage(code, reason, name) {
    const why = String(reason ?? '');
    switch (code) {
        case CloseCodes.KICKED: return `You were kicked: ${why.replace(/^kicked: ?/, '') || 'no reason given'}`;
        case CloseCodes.SUPERSEDED: return `You are playing ${name} in another window.`;
        case CloseCodes.BANNED: return 'You are banned from this server.';
        case CloseCodes.NAME_TAKEN: return `The name ${name} belongs to another player. If it is yours, log in with its password.`;
        case CloseCodes.LOGIN_FAILED:
            if (/too many/i.test(why)) return `${why.charAt(0).toUpperCase()}${why.slice(1)}.`.replace(/\.\.$/, '.');
            return 'Wrong name or password.';
        case CloseCodes.NAME_REFUSED: return 'That name has invisible or text-direction characters, or too many accents on one letter. Please choose another.';
        default: return null;
    }
}

export function rememberedName() {
    try { return localStorage.getItem(STORE_KEY) ?? ''; } catch { return ''; }
}

/**
 * The name screen's two forms. `onPlay(name)` and `onLogin(name, password)` start a session; this class only
 * reads the fields and shows messages.
 */
export class NameScreen {
    constructor({ onPlay, onLogin }) {
        this.onPlay = onPlay;
        this.onLogin = onLogin;
        this.el = {
            nameForm: $('name-form'), nameInput: $('name-input'), greeting: $('name-greeting'), play: $('play-button'),
            loginForm: $('login-form'), loginName: $('login-name'), loginPassword: $('login-password'),
            message: $('name-message'), newCharacter: $('new-character-button'), loginToggle: $('login-toggle'),
            back: $('login-back'),
        };
        this.remembered = rememberedName();
        this.mode = 'play';
        const { el } = this;
        el.nameInput.value = this.remembered;
        el.nameInput.addEventListener('input', () => this.updateGreeting());
        el.nameForm.addEventListener('submit', (ev) => { ev.preventDefault(); this.submitPlay(); });
        el.loginForm.addEventListener('submit', (ev) => { ev.preventDefault(); this.submitLogin(); });
        el.newCharacter.addEventListener('click', () => this.newCharacter());
        el.loginToggle.addEventListener('click', () => { this.message(''); this.showLogin(el.nameInput.value.trim()); });
        el.back.addEventListener('click', () => { this.message(''); this.showPlay(); });
        this.showPlay({ focus: false });
    }

    /** The play form: greets a remembered name ("Welcome back") or asks for one. */
    showPlay({ name = null, focus = true } = {}) {
        const { el } = this;
        this.mode = 'play';
        if (name != null) el.nameInput.value = name;
        el.nameForm.hidden = false;
        el.loginForm.hidden = true;
        el.loginToggle.hidden = false;
        el.back.hidden = true;
        this.updateGreeting();
        if (focus) this.focusLater(el.nameInput);
    }

    /** The login form, with `name` filled in (the password field gets the focus then). */
    showLogin(name = '') {
        const { el } = this;
        this.mode = 'login';
        el.loginName.value = name || el.loginName.value || this.remembered;
        el.loginPassword.value = '';
        el.nameForm.hidden = true;
        el.loginForm.hidden = false;
        el.newCharacter.hidden = true;
        el.loginToggle.hidden = true;
        el.back.hidden = false;
        this.focusLater(el.loginName.value ? el.loginPassword : el.loginName);
    }

    newCharacter() {
        const { el } = this;
        this.message('');
        this.showPlay({ name: '' });
        el.greeting.textContent = 'Choose a name for your new character';
        this.focusLater(el.nameInput);
    }

    updateGreeting() {
        const { el } = this;
        const typed = el.nameInput.value.trim();
        const known = this.remembered && typed.toLowerCase() === this.remembered.toLowerCase();
        el.greeting.textContent = known ? `Welcome back, ${this.remembered}` : 'Choose a name for your character';
        el.play.textContent = 'Play';
        el.newCharacter.hidden = this.mode !== 'play' || !this.remembered || !known;
    }

    /** The screen is showing again (after a refusal, a kick, an idle timeout): focus what the mode needs. */
    shown() {
        const { el } = this;
        if (this.mode === 'login') this.focusLater(el.loginName.value ? el.loginPassword : el.loginName);
        else this.focusLater(el.nameInput);
    }

    submitPlay() {
        const name = this.el.nameInput.value.trim().slice(0, 15);
        if (!name) { this.message('Please enter a name.'); this.el.nameInput.focus(); return false; }
        this.message('');
        this.onPlay(name);
        return true;
    }

    submitLogin() {
        const { el } = this;
        const name = el.loginName.value.trim().slice(0, 15);
        const password = el.loginPassword.value;
        if (!name) { this.message('Please enter the character’s name.'); el.loginName.focus(); return false; }
        if (!password) { this.message('Please enter its password.'); el.loginPassword.focus(); return false; }
        if (length(password) > PASSWORD_MAX) { this.message('Wrong name or password.'); el.loginPassword.focus(); return false; }
        this.message('');
        el.loginPassword.value = '';
        this.onLogin(name, password);
        return true;
    }

    /** The character `name` is ours (PROFILE): greet it next time. */
    remember(name) {
        this.remembered = name;
        try { localStorage.setItem(STORE_KEY, name); } catch { /* private mode */ }
        this.el.nameInput.value = name;
        this.el.loginName.value = '';
        this.showPlay({ focus: false });
    }

    message(text) { this.el.message.textContent = text; }

    focusLater(input) { setTimeout(() => { if (!input.closest('[hidden]')) input.focus(); }, 0); }

    // Test helpers: drive the forms as a person would.
    playAs(name) {
        this.showPlay({ name: String(name ?? ''), focus: false });
        this.el.nameForm.requestSubmit();
        return this.el.message.textContent === '';
    }

    loginWithPassword(name, password) {
        this.showLogin(String(name ?? ''));
        this.el.loginPassword.value = String(password ?? '');
        this.el.loginForm.requestSubmit();
        return this.el.message.textContent === '';
    }
}

/**
 * The in-game password dialog (a modal <dialog>: Esc closes it and the page behind does not get the keys).
 * `onSubmit(newPassword, currentPassword)` sends PASSWORD and returns whether it went out.
 */
export class PasswordDialog {
    constructor({ onSubmit, onOpen, onClose }) {
        this.onSubmit = onSubmit;
        this.onOpen = onOpen;
        this.onClose = onClose;
        this.profile = null;
        this.pending = false;
        this.el = {
            dialog: $('password-dialog'), form: $('password-form'), title: $('password-title'),
            user: $('password-user'), currentRow: $('password-current-row'), current: $('password-current'),
            fresh: $('password-new'), repeat: $('password-repeat'), message: $('password-message'),
            save: $('password-save'), close: $('password-close'), about: $('password-about'),
        };
        const { el } = this;
        el.form.addEventListener('submit', (ev) => { ev.preventDefault(); this.submit(); });
        el.close.addEventListener('click', () => this.close());
        el.dialog.addEventListener('close', () => { this.clearFields(); this.onClose?.(); });
        // Keys typed here are the dialog's: none reaches the game's handlers on window.
        el.dialog.addEventListener('keydown', (ev) => {
            if (ev.key === 'Escape') { ev.preventDefault(); this.close(); }
            ev.stopPropagation();
        });
        el.dialog.addEventListener('keyup', (ev) => ev.stopPropagation());
    }

    get isOpen() { return this.el.dialog.open; }

    setProfile(profile) {
        this.profile = profile ? { ...profile } : null;
        if (this.isOpen) this.layout();
    }

    layout() {
        const { el } = this;
        const has = !!this.profile?.hasPassword;
        const name = this.profile?.name ?? '';
        el.title.textContent = has ? 'Change the password' : 'Set a password';
        el.about.textContent = has
            ? 'Your password lets you play this character from another browser or device: choose “Log in with a password” there.'
            : 'A password lets you play this character from another browser or device: choose “Log in with a password” there. Without one, it can only be played from this browser.';
        el.user.value = name;
        el.currentRow.hidden = !has;
        el.save.disabled = this.pending;
    }

    open() {
        if (!this.profile) return false;
        const { el } = this;
        if (!this.isOpen) {
            this.clearFields();
            this.say('');
            this.layout();
            this.onOpen?.();
            el.dialog.showModal();
        }
        (this.profile.hasPassword ? el.current : el.fresh).focus();
        return true;
    }

    close() { if (this.isOpen) this.el.dialog.close(); }

    clearFields() {
        const { el } = this;
        el.current.value = el.fresh.value = el.repeat.value = '';
    }

    say(text, kind = '') {
        const m = this.el.message;
        m.textContent = text;
        m.className = kind;
    }

    submit() {
        const { el } = this;
        if (this.pending) return false;
        const has = !!this.profile?.hasPassword;
        const current = has ? el.current.value : '';
        const fresh = el.fresh.value;
        if (has && !current) { this.say('Please enter the current password.', 'error'); el.current.focus(); return false; }
        if (length(fresh) < PASSWORD_MIN || length(fresh) > PASSWORD_MAX) {
            this.say(`The new password needs ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`, 'error');
            el.fresh.focus();
            return false;
        }
        if (fresh !== el.repeat.value) { this.say('The two new passwords differ.', 'error'); el.repeat.focus(); return false; }
        if (!this.onSubmit(fresh, current)) { this.say('Not connected: try again in a moment.', 'error'); return false; }
        this.pending = true;
        el.save.disabled = true;
        this.say('Saving…');
        return true;
    }

    /** The server's PASSWORD answer. */
    answer({ saved, text }) {
        this.pending = false;
        this.el.save.disabled = false;
        if (saved && this.profile) this.profile.hasPassword = true;
        if (!this.isOpen) return;
        this.say(text || (saved ? 'Password saved.' : 'The password was not saved.'), saved ? 'ok' : 'error');
        if (saved) { this.clearFields(); this.layout(); }
    }

    /** The session ended: no answer will come. */
    reset() {
        this.pending = false;
        this.el.save.disabled = false;
        this.close();
    }

    /** Test helper: fills the dialog and submits it. */
    fillAndSubmit(fresh, current) {
        if (!this.open()) return false;
        const { el } = this;
        if (this.pending) return false;
        el.current.value = String(current ?? '');
        el.fresh.value = el.repeat.value = String(fresh ?? '');
        el.form.requestSubmit();
        return this.pending;
    }
}
