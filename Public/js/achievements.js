// Achievements on the client: the server decides and stores them; this file only reads its two messages and shows
// them (a toast when one is earned, a panel listing all of them). The server sends names and descriptions, so
// there is no table here to drift from the server's.

/** ACHIEVEMENTS `[32, [id, name, description, earned], …]` → `[{id, name, description, earned}]`;
 * rows that are not arrays with a numeric id are skipped. */
export function parseAchievements(message) {
    const list = [];
    if (!Array.isArray(message)) return list;
    for (const row of message.slice(1, 257)) {
        if (!Array.isArray(row) || typeof row[0] !== 'number') continue;
        list.push({ id: row[0], name: String(row[1] ?? ''), description: String(row[2] ?? ''), earned: row[3] === 1 });
    }
    return list;
}

/** ACHIEVEMENT `[31, id, name, description]` → `{id, name, description, earned: true}`, or null when malformed. */
export function parseAchievement(message) {
    if (!Array.isArray(message) || typeof message[1] !== 'number') return null;
    return { id: message[1], name: String(message[2] ?? ''), description: String(message[3] ?? ''), earned: true };
}

/** Adds `earned` to `list` (or marks the one with its id): the list a client keeps between ACHIEVEMENTS. */
export function markEarned(list, earned) {
    const known = list.find((a) => a.id === earned.id);
    if (known) { known.earned = true; return list; }
    list.push({ ...earned });
    list.sort((a, b) => a.id - b.id);
    return list;
}

const KEY = 'j';

/**
 * The page's part: a button in the HUD and the `J` key open a panel listing every achievement (earned ones lit,
 * the others greyed with what earns them); a toast announces a new one. It answers the game's `achievements`
 * and `achievement` events by adding those two methods to `ui` (the object the game emits to).
 */
export class AchievementPanel {
    constructor(ui, isPlaying) {
        this.list = [];
        this.isPlaying = isPlaying;
        this.button = document.createElement('button');
        this.button.id = 'achievements-button';
        this.button.type = 'button';
        this.button.setAttribute('aria-label', 'Achievements');
        document.getElementById('hud')?.appendChild(this.button);

        this.panel = document.createElement('dialog');
        this.panel.id = 'achievements-panel';
        this.panel.setAttribute('aria-labelledby', 'achievements-title');
        const title = document.createElement('h2');
        title.id = 'achievements-title';
        this.summary = document.createElement('p');
        this.summary.id = 'achievements-summary';
        this.items = document.createElement('ul');
        this.items.id = 'achievements-list';
        const close = document.createElement('button');
        close.type = 'button';
        close.className = 'secondary';
        close.textContent = 'Close';
        close.addEventListener('click', () => this.close());
        title.textContent = 'Achievements';
        const head = document.createElement('div');
        head.className = 'head';
        head.append(title, close);
        // Close sits at the top: showModal focuses it, and a focused button at the bottom would scroll the list.
        this.panel.append(head, this.summary, this.items);
        document.body.appendChild(this.panel);

        this.toasts = document.createElement('div');
        this.toasts.id = 'achievement-toasts';
        this.toasts.setAttribute('aria-live', 'polite');
        document.body.appendChild(this.toasts);

        this.button.addEventListener('click', () => this.toggle());
        window.addEventListener('keydown', (ev) => {
            if (ev.target instanceof HTMLInputElement || ev.key.toLowerCase() !== KEY) return;
            if (!this.isOpen && (!this.isPlaying() || document.querySelector('dialog[open]'))) return; // e.g. password
            ev.preventDefault();
            this.toggle();
        });
        ui.achievements = (list) => this.update(list);
        ui.achievement = (entry) => this.announce(entry);
        this.render();
    }

    get isOpen() { return this.panel.open; }

    toggle() { if (this.isOpen) this.close(); else this.open(); }

    open() {
        this.render();
        if (typeof this.panel.showModal === 'function') this.panel.showModal();
        else this.panel.setAttribute('open', '');
        this.items.scrollTop = 0;
    }

    close() {
        if (typeof this.panel.close === 'function') this.panel.close(); else this.panel.removeAttribute('open');
    }

    update(list) {
        this.list = list.map((a) => ({ ...a }));
        this.render();
    }

    /** A toast with the name and description; the game has already written it to the chat log. */
    announce(entry) {
        markEarned(this.list, entry);
        this.render();
        const toast = document.createElement('div');
        toast.className = 'achievement-toast';
        const head = document.createElement('b');
        head.textContent = `★ ${entry.name}`;
        const body = document.createElement('span');
        body.textContent = entry.description;
        toast.append(head, body);
        this.toasts.appendChild(toast);
        while (this.toasts.children.length > 3) this.toasts.firstChild.remove();
        setTimeout(() => toast.classList.add('fade'), 5000);
        setTimeout(() => toast.remove(), 5700);
    }

    render() {
        const earned = this.list.filter((a) => a.earned).length;
        const total = this.list.length;
        this.summary.textContent = total ? `${earned} of ${total} earned` : 'Enter the world to see them.';
        const count = document.createElement('span');
        count.className = 'count';
        count.textContent = total ? ` ${earned}` : '';
        this.button.replaceChildren('★', count);
        this.button.title = total ? `Achievements: ${earned} of ${total} (J)` : 'Achievements (J)';
        this.items.replaceChildren(...this.list.map((a) => {
            const li = document.createElement('li');
            li.className = a.earned ? 'earned' : 'locked';
            li.dataset.id = String(a.id);
            const name = document.createElement('b');
            name.textContent = a.name;
            const what = document.createElement('span');
            what.textContent = a.description;
            li.append(name, what);
            return li;
        }));
    }
}
