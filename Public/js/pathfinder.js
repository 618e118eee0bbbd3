// A* on a tile grid: 4 neighbours, Manhattan heuristic, bounded like the server's Pathfinder
// (6,000 expanded nodes, 160 steps), so the client never asks the server for a path it would refuse.

export const DEFAULT_MAX_EXPANDED = 6000;
export const DEFAULT_MAX_LENGTH = 160;

let scratch = null; // reused buffers: cost, parent, generation stamps

function buffers(size) {
    if (!scratch || scratch.size < size) {
        scratch = { size, cost: new Int32Array(size), parent: new Int32Array(size), stamp: new Uint32Array(size), closed: new Uint32Array(size), gen: 0 };
    }
    scratch.gen += 1;
    if (scratch.gen >= 0xffffffff) { scratch.stamp.fill(0); scratch.closed.fill(0); scratch.gen = 1; }
    return scratch;
}

/** Binary min-heap of (priority, tie-break, node) packed in parallel arrays. */
class Heap {
    constructor() { this.p = []; this.n = []; }
    get size() { return this.n.length; }
    push(priority, node) {
        const p = this.p, n = this.n;
        let i = n.length;
        p.push(priority); n.push(node);
        while (i > 0) {
            const up = (i - 1) >> 1;
            if (p[up] <= priority) break;
            p[i] = p[up]; n[i] = n[up]; i = up;
        }
        p[i] = priority; n[i] = node;
    }
    pop() {
        const p = this.p, n = this.n;
        const top = n[0];
        const lp = p.pop(), ln = n.pop();
        if (n.length > 0) {
            let i = 0;
            const len = n.length;
            for (;;) {
                let c = 2 * i + 1;
                if (c >= len) break;
                if (c + 1 < len && p[c + 1] < p[c]) c += 1;
                if (p[c] >= lp) break;
                p[i] = p[c]; n[i] = n[c]; i = c;
            }
            p[i] = lp; n[i] = ln;
        }
        return top;
    }
}

/**
 * Finds a path on `grid` ({width, height, blocked: Uint8Array}) from `start` to `goal`.
 * Options: `extra` (Set of cell indices also blocked, e.g. other entities; the goal is never blocked by them),
 * `maxExpanded`, `maxLength`.
 * Returns the steps after `start` up to and including `goal` ([] if start equals goal), or null when unreachable.
 */
export function findPath(grid, start, goal, options = {}) {
    const { width, height, blocked } = grid;
    const extra = options.extra ?? null;
    const maxExpanded = options.maxExpanded ?? DEFAULT_MAX_EXPANDED;
    const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
    if (start.x === goal.x && start.y === goal.y) return [];
    if (goal.x < 0 || goal.y < 0 || goal.x >= width || goal.y >= height) return null;
    const goalIndex = goal.y * width + goal.x;
    if (blocked[goalIndex]) return null;
    if (Math.abs(start.x - goal.x) + Math.abs(start.y - goal.y) > maxLength) return null;
    const startIndex = start.y * width + start.x;
    const b = buffers(width * height);
    const { cost, parent, stamp, closed, gen } = b;
    const heap = new Heap();
    const h = (i) => Math.abs((i % width) - goal.x) + Math.abs(((i / width) | 0) - goal.y);
    stamp[startIndex] = gen; cost[startIndex] = 0; parent[startIndex] = -1;
    heap.push(h(startIndex), startIndex);
    let expanded = 0;
    while (heap.size > 0) {
        const cur = heap.pop();
        if (closed[cur] === gen) continue;
        if (cur === goalIndex) {
            const path = [];
            for (let i = cur; i !== startIndex && i !== -1; i = parent[i]) path.push({ x: i % width, y: (i / width) | 0 });
            return path.reverse();
        }
        closed[cur] = gen;
        if (++expanded > maxExpanded) return null;
        const base = cost[cur];
        if (base >= maxLength) continue;
        const cx = cur % width, cy = (cur / width) | 0;
        for (let d = 0; d < 4; d++) {
            const nx = d === 2 ? cx - 1 : d === 3 ? cx + 1 : cx;
            const ny = d === 0 ? cy - 1 : d === 1 ? cy + 1 : cy;
            if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
            const ni = ny * width + nx;
            if (blocked[ni]) continue;
            if (extra && ni !== goalIndex && extra.has(ni)) continue;
            const nc = base + 1;
            if (stamp[ni] === gen && cost[ni] <= nc) continue;
            stamp[ni] = gen; cost[ni] = nc; parent[ni] = cur;
            heap.push(nc + h(ni), ni);
        }
    }
    return null;
}
