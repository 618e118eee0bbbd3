// WireQuest's music, written for it: one short looping score per music area of the map (the "music" layer's `id`
// property). Kept as text so a score is a few lines to read and edit, and parsed once into steps for audio.js.
//
// A score: `bpm` (quarter notes per minute; a step is an eighth note) and `parts`, each
// `[instrument, volume, notes]`. Instruments: the oscillator waves sine, triangle, square and sawtooth (square and
// sawtooth go through a low-pass filter so they stay soft), and the drums kick, snare and hat. Notes are tokens
// separated by spaces, one per step: a pitch (C4, F#3, Bb5), `-` to hold the previous note one more step, `.` for a
// rest; drums play on `x`. `|` marks bars and is ignored. Each part loops on its own length, so a short bass line
// can run under a longer tune.

export const SCORES = Object.freeze({
    // Warm and plain: a C major tune over a walking bass.
    village: {
        bpm: 100,
        parts: [
            ['triangle', 0.2, 'E5 - G5 E5 D5 - C5 - | D5 E5 G5 - A5 - G5 - | E5 - D5 C5 A4 - C5 - | D5 - - - . . . . |'
                + ' E5 - G5 E5 D5 - C5 - | D5 E5 G5 - C6 - A5 - | G5 - E5 D5 C5 - D5 - | C5 - - - . . . . |'],
            ['sine', 0.3, 'C3 - G3 - A2 - E3 - | F2 - C3 - G2 - D3 - |'],
            ['hat', 0.05, '. . x . . . x . |'],
        ],
    },
    // Dorian and patient: arpeggios like light through leaves.
    forest: {
        bpm: 84,
        parts: [
            ['sine', 0.22, 'D4 A4 C5 A4 E5 A4 C5 A4 | F4 A4 C5 A4 D5 A4 C5 A4 | G4 B4 D5 B4 E5 B4 D5 B4 | A4 C5 E5 C5 A5 - - . |'],
            ['triangle', 0.18, 'A5 - - - G5 - E5 - | F5 - - - E5 D5 C5 - | D5 - - - B4 - G4 - | A4 - - - - - . . |'],
            ['sine', 0.28, 'D3 - - - - - - - | F2 - - - - - - - | G2 - - - - - - - | A2 - - - - - - - |'],
        ],
    },
    // Lazy waves: a lydian lilt in F, the bass rolling like surf.
    beach: {
        bpm: 92,
        parts: [
            ['triangle', 0.2, 'A5 - - G5 A5 - B5 - | C6 - A5 - G5 - F5 - | E5 - - F5 G5 - A5 - | G5 - - - . . . . |'],
            ['sine', 0.28, 'F2 C3 F3 C3 G2 D3 G3 D3 | A2 E3 A3 E3 C3 G3 C4 G3 |'],
            ['hat', 0.04, 'x . . x . . x . |'],
        ],
    },
    // Slow organ chords in A minor, a lonely high voice on top.
    graveyard: {
        bpm: 64,
        parts: [
            ['square', 0.18, 'A3 - - - - - - - | F3 - - - - - - - | D3 - - - - - - - | E3 - - - - - - - |'],
            ['square', 0.14, 'C4 - - - - - - - | A3 - - - - - - - | F3 - - - - - - - | G#3 - - - - - - - |'],
            ['sine', 0.3, '. . E5 - D5 - C5 - | . . C5 - B4 - A4 - | . . F5 - E5 - D5 - | B4 - - - - - . . |'],
        ],
    },
    // Bells in a cold E minor, far apart.
    snow: {
        bpm: 76,
        parts: [
            ['sine', 0.28, 'B5 . . G5 . . E5 . | F#5 . . D5 . . B4 . | C6 . . A5 . . E5 . | B5 . . . . . . . |'],
            ['triangle', 0.22, 'E4 - - - B3 - - - | D4 - - - A3 - - - | C4 - - - G3 - - - | B3 - - - F#3 - - - |'],
            ['hat', 0.025, 'x . . . . . . . |'],
        ],
    },
    // Phrygian and hot: a driving sawtooth bass and a kick like a forge hammer.
    lavaland: {
        bpm: 126,
        parts: [
            ['sawtooth', 0.14, 'C2 C2 C3 C2 Db2 C2 G2 C2 | C2 C2 C3 C2 Bb1 C2 Ab1 G1 |'],
            ['square', 0.08, 'G4 - Ab4 - G4 - F4 - | Eb4 - - - C4 - - - | G4 - Ab4 - Bb4 - Ab4 - | G4 - - - - - . . |'],
            ['kick', 0.5, 'x . . . x . . . |'],
            ['snare', 0.12, '. . x . . . x . |'],
        ],
    },
    // A hot wind in D, its augmented second (Eb to F#) from the old caravan roads.
    desert: {
        bpm: 96,
        parts: [
            ['triangle', 0.2, 'D5 - Eb5 F#5 G5 - F#5 Eb5 | D5 - - - A4 - - - | Bb4 - A4 G4 F#4 - G4 A4 | D4 - - - . . . . |'],
            ['sine', 0.28, 'D3 . A2 . D3 . A2 D3 | G2 . D3 . A2 . A2 . |'],
            ['hat', 0.04, 'x . x x . . x . |'],
        ],
    },
    // Drones and drips in the dark.
    cave: {
        bpm: 60,
        parts: [
            ['sine', 0.36, 'A2 - - - - - - - | - - - - - - - - | G2 - - - - - - - | - - - - - - - - |'],
            ['triangle', 0.14, 'E3 - - - - - - - | C3 - - - - - - - | D3 - - - - - - - | B2 - - - - - - - |'],
            ['sine', 0.18, '. . . E6 . . . . | . . . . . B5 . . | . E6 . . . . . . | . . . . C6 . . . |'],
        ],
    },
    // The skeleton king: fast, low, relentless.
    boss: {
        bpm: 144,
        parts: [
            ['sawtooth', 0.15, 'E2 E2 E3 E2 G2 E2 F#2 E2 | E2 E2 E3 E2 Bb2 A2 G2 F#2 |'],
            ['square', 0.08, 'E5 - - - B4 - - - | C5 - D5 - B4 - - - | E5 - - - G5 - F#5 - | Bb5 - A5 - G5 - F#5 - |'],
            ['kick', 0.5, 'x . x . x . x . |'],
            ['snare', 0.14, '. . x . . . x x |'],
        ],
    },
});

const NOTE_INDEX = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/** The frequency (Hz) of a pitch token like A4, C#5 or Bb2, or null if it is not one. */
export function noteFrequency(token) {
    const m = /^([A-G])([#b]?)(-?\d)$/.exec(token);
    if (!m) return null;
    const semitone = NOTE_INDEX[m[1]] + (m[2] === '#' ? 1 : m[2] === 'b' ? -1 : 0);
    const midi = 12 * (Number(m[3]) + 1) + semitone;
    return 440 * 2 ** ((midi - 69) / 12);
}

/**
 * A score as steps: `{bpm, parts: [{instrument, volume, steps}]}`, where `steps[i]` is null (nothing starts there)
 * or `{freq, length}` (length in steps, holds included; freq null for drums). Throws on a token it does not know,
 * so a typo shows at once.
 */
export function parseScore(score) {
    const parts = score.parts.map(([instrument, volume, text]) => {
        const tokens = text.split(/\s+/).filter((t) => t && t !== '|');
        const steps = new Array(tokens.length).fill(null);
        let last = -1;
        tokens.forEach((t, i) => {
            if (t === '-') {
                if (last >= 0) steps[last].length += 1;
                return;
            }
            last = -1;
            if (t === '.') return;
            if (t === 'x') steps[i] = { freq: null, length: 1 };
            else {
                const freq = noteFrequency(t);
                if (freq == null) throw new Error(`music: unknown note ${t}`);
                steps[i] = { freq, length: 1 };
            }
            last = i;
        });
        return { instrument, volume, steps };
    });
    return { bpm: score.bpm, parts };
}
