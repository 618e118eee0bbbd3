import Storage
import Support
import World

extension StorageThread {
    // MARK: - HELLO and LOGIN

    /// HELLO: the name's character if this token may play it, a new one if nobody has the name, else a refusal.
    func enter(_ request: EnterRequest) {
        let started = MonotonicClock.now()
        do {
            if let record = try store.character(key: CharacterName.key(request.name)) {
                guard try store.isGranted(request.token, character: record.id) else {
                    updateMetrics { $0.refusedNames += 1 }
                    return request.reply(.nameTaken)
                }
                admit(request, record, returning: true, started: started)
            } else {
                let record = try store.createCharacter(
                    name: request.name, owner: request.token, progress: .newcomer, now: wallClock)
                updateMetrics { $0.created += 1 }
                admit(request, record, returning: false, started: started)
            }
        } catch .nameTaken {
            request.reply(.nameTaken)
        } catch {
            logger.error("could not load \(request.name): \(error)")
            request.reply(.unavailable("\(error)"))
        }
    }

    /// LOGIN: checks the password on the hasher thread; a match lets this token play the character from now on.
    func login(_ request: EnterRequest, password: String) {
        let started = MonotonicClock.now()
        let record: CharacterRecord?
        do {
            record = try store.character(key: CharacterName.key(request.name))
        } catch {
            logger.error("could not load \(request.name): \(error)")
            return request.reply(.unavailable("\(error)"))
        }
        guard let record, let hash = record.passwordHash else {
            // Still cost the time a check would, so an answer does not tell which names have passwords.
            let iterations = configuration.passwordIterations
            hasher.post { [postBack] in
                _ = PasswordHash.make(password, iterations: iterations)
                postBack { $0.loginFailed(request) }
            }
            return
        }
        hasher.post { [postBack] in
            let matches = PasswordHash.verify(password, against: hash)
            postBack { thread in
                guard matches else { return thread.loginFailed(request) }
                thread.passwordMatched(request, character: record.id, started: started)
            }
        }
    }

    private func loginFailed(_ request: EnterRequest) {
        updateMetrics { $0.failedLogins += 1 }
        request.reply(.loginFailed)
    }

    private func passwordMatched(_ request: EnterRequest, character: Int64, started: MonotonicClock.Instant) {
        do {
            // Read again: an operator may have renamed or deleted it while the hash was checked.
            guard let record = try store.character(id: character) else { return loginFailed(request) }
            try store.grant(request.token, character: character, now: wallClock)
            updateMetrics { $0.logins += 1 }
            admit(request, record, returning: true, started: started)
        } catch {
            logger.error("could not log \(request.name) in: \(error)")
            request.reply(.unavailable("\(error)"))
        }
    }

    // MARK: - One session per character

    /// Lets the session play the character, or, if another session plays it now, asks that one to close and waits
    /// for its last save (the newest session wins; an older waiter is told it was superseded).
    private func admit(
        _ request: EnterRequest, _ record: CharacterRecord, returning: Bool, started: MonotonicClock.Instant
    ) {
        if let occupant = online[record.id] {
            if let older = waiting[record.id] {
                updateMetrics { $0.superseded += 1 }
                older.request.reply(.superseded)
            }
            waiting[record.id] = Waiter(
                request: request, returning: returning, deadline: MonotonicClock.now() + configuration.supersedeTimeout)
            occupant.supersede()
            updateMetrics { $0.superseded += 1 }
            return
        }
        guard claimLease(for: request, record, returning: returning) else { return }
        online[record.id] = Occupant(session: request.session, supersede: request.supersede)
        let entering = current(record)
        updateMetrics {
            $0.recordLoad(MonotonicClock.now() - started, created: !returning)
            $0.online = online.count
        }
        request.reply(.enter(CharacterSheet(entering), returning: returning, hasPassword: record.passwordHash != nil))
    }

    /// The character left its world (its last save arrived): a session waiting for it may have it now.
    func release(_ character: Int64) {
        online[character] = nil
        updateMetrics { $0.online = online.count }
        guard let waiter = waiting.removeValue(forKey: character) else { return }
        readmit(waiter, character: character)
    }

    /// Waiters whose occupant did not leave in time get the character anyway (with a warning: the old session is
    /// stuck, and anything it still saves would be overwritten).
    func expireWaiters(now: MonotonicClock.Instant) {
        for (character, waiter) in waiting where waiter.deadline <= now {
            waiting[character] = nil
            logger.warning(
                "\(waiter.request.name) is still in play \(configuration.supersedeTimeout.wholeSeconds) s "
                    + "after its newer session asked for it; letting the newer one in")
            online[character] = nil
            readmit(waiter, character: character)
        }
    }

    func readmit(_ waiter: Waiter, character: Int64) {
        do {
            guard let record = try store.character(id: character) else {
                return waiter.request.reply(.unavailable("the character was deleted"))
            }
            admit(waiter.request, record, returning: waiter.returning, started: MonotonicClock.now())
        } catch {
            waiter.request.reply(.unavailable("\(error)"))
        }
    }

    // MARK: - PASSWORD

    /// Sets a playing character's password, after checking the current one if it has one.
    func setPassword(_ request: PasswordRequest) {
        guard configuration.passwordLength.contains(request.new.count) else {
            let range = configuration.passwordLength
            return request.reply(false, "A password needs \(range.lowerBound) to \(range.upperBound) characters.")
        }
        let existing: String?
        do {
            guard let record = try store.character(id: request.character) else {
                return request.reply(false, "This character no longer exists.")
            }
            existing = record.passwordHash
        } catch {
            return request.reply(false, "The server cannot save passwords right now; try again later.")
        }
        let iterations = configuration.passwordIterations
        hasher.post { [postBack] in
            if let existing, !PasswordHash.verify(request.current, against: existing) {
                return request.reply(false, "The current password is not right.")
            }
            let hash = PasswordHash.make(request.new, iterations: iterations)
            postBack { thread in
                do {
                    try thread.store.setPasswordHash(hash, character: request.character)
                    request.reply(true, "Password saved: use it to play this character from another browser.")
                } catch {
                    thread.logger.error("could not save a password: \(error)")
                    request.reply(false, "The server cannot save passwords right now; try again later.")
                }
            }
        }
    }
}
