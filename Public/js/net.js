// WebSocket connection to the game server: BrowserQuest framing and automatic reconnection with backoff.
import { reconnectDelay } from './util.js';
import { CloseCodes } from './protocol.js';

const FINAL_CODES = new Set(Object.values(CloseCodes));

/** True for the game's own close codes (kicked, superseded, banned, name taken, login failed): no reconnecting. */
export const isFinalClose = (code) => FINAL_CODES.has(code);

/**
 * Decodes one text frame: `{raw: 'go'|'timeout'}` for the two raw strings, else `{messages: [...]}` (a frame whose
 * element 0 is an array is a batch; otherwise it is one message). Garbage yields no messages, never an exception.
 */
export function parseFrame(data) {
    if (typeof data !== 'string') return { messages: [] };
    if (data === 'go' || data === 'timeout') return { raw: data };
    let value;
    try { value = JSON.parse(data); } catch { return { messages: [], error: 'not JSON' }; }
    if (!Array.isArray(value)) return { messages: [] };
    if (value.length > 0 && Array.isArray(value[0])) return { messages: value.filter(Array.isArray) };
    return { messages: [value] };
}

export class Connection {
    /** handlers: onOpen(), onFrame(data), onClose(event), onWait(secondsLeft) */
    constructor(url, handlers) {
        this.url = url;
        this.h = handlers;
        this.ws = null;
        this.attempt = 0;
        this.fastRetried = false;
        this.stopped = true;
        this.retryTimer = null;
        this.tickTimer = null;
    }

    connect() {
        this.stopped = false;
        this.clearTimers();
        let ws;
        try { ws = new WebSocket(this.url); } catch (err) { this.scheduleRetry(null); return; }
        this.ws = ws;
        ws.onopen = () => { if (this.ws === ws) this.h.onOpen?.(); };
        ws.onmessage = (ev) => {
            if (this.ws !== ws) return;
            try { this.h.onFrame?.(ev.data); } catch (err) { console.error('frame handler', err); }
        };
        ws.onclose = (ev) => {
            if (this.ws !== ws) return;
            this.ws = null;
            try { this.h.onClose?.(ev); } catch (err) { console.error(err); }
            // Kicked, banned, superseded by another window, name taken, login failed: coming straight back would
            // be refused again, or would fight the other window for the character.
            if (isFinalClose(ev.code)) this.stopped = true;
            if (!this.stopped) this.scheduleRetry(ev.code);
        };
        ws.onerror = () => {};
    }

    /** The session works: the next loss is retried soon again, then with the backoff from its start. */
    resetBackoff() { this.attempt = 0; this.fastRetried = false; }

    /** `code`: the close code that ended the connection (null when it could not even be made). */
    scheduleRetry(code) {
        this.clearTimers();
        const fast = !this.fastRetried && (code === 1012 || code === 1001);
        if (fast) this.fastRetried = true; // once per session: a server that keeps closing at once gets the backoff
        const delay = reconnectDelay(code, fast ? -1 : this.attempt++);
        const until = Date.now() + delay;
        const tick = () => {
            const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
            this.h.onWait?.(left);
        };
        tick();
        this.tickTimer = setInterval(tick, 250);
        this.retryTimer = setTimeout(() => { this.clearTimers(); if (!this.stopped) this.connect(); }, delay);
    }

    clearTimers() {
        clearTimeout(this.retryTimer); clearInterval(this.tickTimer);
        this.retryTimer = this.tickTimer = null;
    }

    send(message) {
        if (this.ws && this.ws.readyState === 1) { this.ws.send(JSON.stringify(message)); return true; }
        return false;
    }

    /** Closes without reconnecting. */
    stop() {
        this.stopped = true;
        this.clearTimers();
        const ws = this.ws;
        this.ws = null;
        if (ws) try { ws.close(1000); } catch { /* already closed */ }
    }
}
