/// Counters a world keeps for operators and tests.
package struct WorldStatistics: Sendable, Equatable {
    package var refusedMoves = 0
    package var refusedTeleports = 0
    package var droppedChats = 0
    /// WHOs cut short because the asker had used up its answers per second.
    package var droppedWhoAnswers = 0
    package var kickedForAbuse = 0
    /// HITs refused: target not a living mob, out of reach, or faster than the weapon's cooldown.
    package var refusedHits = 0
    /// LOOTs and OPENs refused: no such item or chest, or out of reach.
    package var refusedLoots = 0
    package var messagesOut = 0
    /// Players killed, and sessions that ended with a player in the world (alive or dead): one log line each.
    package var playersDied = 0
    package var playersLeft = 0

    package init() {}
}
