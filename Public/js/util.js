// Small pure helpers shared by the client modules (no DOM access at import time).

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x2F;': '/', '&#39;': "'", '&#47;': '/' };

/** Undoes the server's HTML escaping so the text can be inserted with textContent (never innerHTML). */
export function decodeEntities(text) {
    if (typeof text !== 'string') return text == null ? '' : String(text);
    return text.replace(/&(?:amp|lt|gt|quot|#x27|#x2F|#39|#47);/g, (m) => ENTITIES[m]);
}

export const clamp = (v, lo, hi) => (v < lo ? lo : v > hi ? hi : v);

export const manhattan = (a, b) => Math.abs(a.x - b.x) + Math.abs(a.y - b.y);

/** 4-neighbour adjacency (exactly one tile up, down, left or right). */
export const isAdjacent4 = (a, b) => manhattan(a, b) === 1;

/** Backoff for reconnection: 1 s, 2 s, 4 s … capped at 30 s. */
export function backoffDelay(attempt) {
    return Math.min(30, 2 ** Math.max(0, attempt)) * 1000;
}

/**
 * Milliseconds before reconnecting after a close with `code`, `attempt` being the retries since the last session
 * that worked (-1: the server asked for an immediate one). 1012 (a node restarting or draining) and 1001 (going
 * away): at once, within 300 ms, spread so that a drained node's players do not all arrive in the same instant;
 * the proxy sends them to another node, where the same cookie plays the same character. The first retry after any
 * other loss (1006: the node died) within a second; then the backoff.
 */
export function reconnectDelay(code, attempt, random = Math.random) {
    if (attempt < 0) return Math.floor(random() * 300);
    if (attempt === 0 && code != null) return 250 + Math.floor(random() * 750);
    return backoffDelay(attempt);
}
