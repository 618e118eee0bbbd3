/// A command's name, usage line and help text: what `help` and `help NAME` print.
package struct AdminCommandSpec: Sendable {
    package let name: String
    package let usage: String
    package let summary: String
    package let details: String

    init(_ name: String, _ usage: String, _ summary: String, _ details: String = "") {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.details = details
    }

    package static func named(_ name: String) -> AdminCommandSpec? {
        all.first { $0.name == name }
    }

    /// Command names, for tab completion.
    package static var names: [String] { all.map(\.name) }

    /// `help`: one line per command.
    package static var overview: String {
        let width = all.map(\.usage.count).max() ?? 0
        return all.map { $0.usage.padding(to: width) + "  " + $0.summary }.joined(separator: "\n")
            + "\n\nNames with spaces go in double quotes. 'help NAME' tells more."
            + "\nIn a cluster: '@NODE COMMAND' runs a command on one node; status, worlds, players, who, kick, ban,"
            + "\nunban, mute, unmute, say and teleport act on every node."
    }

    /// `help NAME`: the usage, the summary and the details.
    package var help: String {
        "usage: \(usage)\n\(summary)" + (details.isEmpty ? "" : "\n\n\(details)")
    }

    package static let all: [AdminCommandSpec] = [
        .init("help", "help [COMMAND]", "List the commands, or explain one."),
        .init(
            "status", "status",
            "Uptime, worlds, players, tick p50/p99, messages and bytes per second, memory.",
            "Tick times and rates cover the last ten seconds of every world."),
        .init(
            "worlds", "worlds", "Each world: players and cap, tick p50/p99, overruns, output rates."),
        .init(
            "players", "players [WORLD]", "Players online (of one world, or all): name, position, HP, address.",
            "Dead players waiting to revive are listed with HP 0."),
        .init(
            "who", "who NAME",
            "One player: world, position, HP, equipment, address, connected since.",
            "Names match without regard to case; every player with the name is shown."),
        .init(
            "kick", "kick NAME [REASON]", "Disconnect every player with that name, telling them the reason.",
            "Their clients see close code 4001 and the reason, and do not reconnect on their own."),
        .init(
            "ban", "ban NAME|ADDRESS [DURATION]", "Refuse a name or an IP address, and kick whoever matches now.",
            "DURATION is like 90, 30s, 10m, 2h or 7d; without it the ban lasts until unban.\n"
                + "Banning a name also bans the addresses its players connect from. Bans are stored: they survive\n"
                + "a restart."),
        .init("unban", "unban NAME|ADDRESS", "Lift a ban."),
        .init("bans", "bans", "List the bans and how long they have left."),
        .init(
            "mute", "mute NAME [DURATION]", "Drop that name's chat (the player is told), for a while or until unmute.",
            "DURATION is like 90, 30s, 10m, 2h or 7d; without it the mute lasts until unmute. Mutes are stored:\n"
                + "they survive a restart."),
        .init("unmute", "unmute NAME", "Lift a mute."),
        .init(
            "say", "say TEXT", "A system message to every player in every world.",
            "WireQuest's client shows it in the chat log and as a banner (message NOTICE, code 27)."),
        .init(
            "tp", "tp NAME X Y", "Move a player to a walkable tile.",
            "The name must match one player. Their client is corrected as after a door."),
        .init(
            "spawn", "spawn KIND X Y [WORLD]", "Put a mob or an item on a walkable tile (world 0 by default).",
            "KIND is a BrowserQuest entity name: rat, skeleton, goblin, ogre, spectre, crab, bat, wizard, eye, snake,\n"
                + "skeleton2, boss, deathknight; flask, burger, cake, firepotion, chest; sword2, axe, … goldenarmor.\n"
                + "Spawned mobs do not come back once killed; spawned items stay until looted."),
        .init("respawn-mobs", "respawn-mobs [WORLD]", "Bring every dead mob back now (in one world, or all)."),
        .init(
            "character", "character NAME",
            "What is stored of a character: gear, health, checkpoint, kills by mob, deaths, damage, play time.",
            "Names match without regard to case. Shows the latest state, including changes not yet written."),
        .init(
            "characters", "characters [PATTERN]",
            "Stored characters, most recently seen first (at most 100), with how many match.",
            "PATTERN matches names without regard to case: * for any run of characters, ? for one (bo*, ?at)."),
        .init(
            "rename", "rename OLD NEW", "Rename a stored character (not while it plays: kick it first).",
            "NEW follows the rules of names in game (15 characters, made safe) and must not be taken."),
        .init(
            "delete", "delete NAME", "Delete a stored character for good (not while it plays: kick it first).",
            "Its name becomes free for anyone. There is no undo but a backup."),
        .init(
            "reset-password", "reset-password NAME",
            "Give a character a new random password, shown once, for a player who lost theirs.",
            "The player logs in with it from any browser (\"Log in with a password\") and sets their own in game."),
        .init(
            "backup", "backup PATH",
            "Copy the database to PATH while players play: a consistent copy (SQLite's online backup).",
            "The copy is written beside PATH first and then renamed over it, so PATH is never half written.\n"
                + "A relative PATH is taken from the directory wirequest admin runs in."),
        .init("audit", "audit [COUNT]", "The last admin actions (20 by default): when, who, what and the outcome."),
        .init(
            "loglevel", "loglevel [LEVEL]", "Show or set the server's log level.",
            "LEVEL is trace, debug, info, notice, warning, error or critical."),
        .init(
            "drain", "drain [on|off] [NODE]", "Refuse new players (close 1013, try later) and keep the current ones.",
            "For a restart without cutting games short: drain, wait for 'status' to show few players, shutdown.\n"
                + "In a cluster, draining a node (this one, or NODE) also sends its players on: the proxy stops\n"
                + "sending it newcomers, then each player is saved and reconnects to another node, same place and gear."
        ),
        .init(
            "shutdown", "shutdown [SECONDS|cancel] [NODE]",
            "Count down in game (10 s by default), then stop gracefully; 'shutdown cancel' stops the countdown.",
            "Players see the countdown as system messages; at zero every client gets close 1001 and the process\n"
                + "exits 0, as on SIGTERM."),
    ]
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
