// BrowserQuest's wire codes (its gametypes.js), the browser's copy; GameProtocolTests checks them against the server.

export const Messages = Object.freeze({
    HELLO: 0,
    WELCOME: 1,
    SPAWN: 2,
    DESPAWN: 3,
    MOVE: 4,
    LOOTMOVE: 5,
    AGGRO: 6,
    ATTACK: 7,
    HIT: 8,
    HURT: 9,
    HEALTH: 10,
    CHAT: 11,
    LOOT: 12,
    EQUIP: 13,
    DROP: 14,
    TELEPORT: 15,
    DAMAGE: 16,
    POPULATION: 17,
    KILL: 18,
    LIST: 19,
    WHO: 20,
    ZONE: 21,
    DESTROY: 22,
    HP: 23,
    BLINK: 24,
    OPEN: 25,
    CHECK: 26,
    // WireQuest only: a system message from the operators; password login and setting; who is entering;
    // an achievement earned, and the list of them with which are held.
    NOTICE: 27,
    LOGIN: 28,
    PASSWORD: 29,
    PROFILE: 30,
    ACHIEVEMENT: 31,
    ACHIEVEMENTS: 32,
});

export const Entities = Object.freeze({
    WARRIOR: 1,

    // Mobs
    RAT: 2,
    SKELETON: 3,
    GOBLIN: 4,
    OGRE: 5,
    SPECTRE: 6,
    CRAB: 7,
    BAT: 8,
    WIZARD: 9,
    EYE: 10,
    SNAKE: 11,
    SKELETON2: 12,
    BOSS: 13,
    DEATHKNIGHT: 14,

    // Armors
    FIREFOX: 20,
    CLOTHARMOR: 21,
    LEATHERARMOR: 22,
    MAILARMOR: 23,
    PLATEARMOR: 24,
    REDARMOR: 25,
    GOLDENARMOR: 26,

    // Objects
    FLASK: 35,
    BURGER: 36,
    CHEST: 37,
    FIREPOTION: 38,
    CAKE: 39,

    // NPCs
    GUARD: 40,
    KING: 41,
    OCTOCAT: 42,
    VILLAGEGIRL: 43,
    VILLAGER: 44,
    PRIEST: 45,
    SCIENTIST: 46,
    AGENT: 47,
    RICK: 48,
    NYAN: 49,
    SORCERER: 50,
    BEACHNPC: 51,
    FORESTNPC: 52,
    DESERTNPC: 53,
    LAVANPC: 54,
    CODER: 55,

    // Weapons
    SWORD1: 60,
    SWORD2: 61,
    REDSWORD: 62,
    GOLDENSWORD: 63,
    MORNINGSTAR: 64,
    AXE: 65,
    BLUESWORD: 66,
});

export const Orientations = Object.freeze({
    UP: 1,
    DOWN: 2,
    LEFT: 3,
    RIGHT: 4,
});

// WebSocket close codes for the game's own reasons; after any of them the client does not reconnect by itself.
export const CloseCodes = Object.freeze({
    KICKED: 4001,
    SUPERSEDED: 4002,
    BANNED: 4003,
    NAME_TAKEN: 4004,
    LOGIN_FAILED: 4005,
    NAME_REFUSED: 4006,
});
