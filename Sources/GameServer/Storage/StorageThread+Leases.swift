import Storage
import Support

// Leases: in a cluster, one node at a time plays a character. A HELLO claims the lease before the character loads;
// held by another node, that node is asked to close its session (the newest session wins, as on one server) and the
// claim is retried until its last save is written and the lease given up, or until a crashed node's lease expires.

extension StorageThread {
    /// Claims `record`'s lease for this node. True: go on and let the session in. False: the session waits for
    /// another node to give the character up (or was refused because the store failed); it has been answered or
    /// queued.
    func claimLease(for request: EnterRequest, _ record: CharacterRecord, returning: Bool) -> Bool {
        guard let node = configuration.leaseNode else { return true }
        let holder: String?
        do {
            holder = try store.claimLease(
                character: record.id, node: node, ttlMilliseconds: configuration.leaseTTL.wholeMilliseconds)
        } catch {
            logger.error("could not claim \(request.name)'s lease: \(error)")
            request.reply(.unavailable("\(error)"))
            return false
        }
        guard let holder else { return true }
        if let older = leaseWaiting[record.id] {
            updateMetrics { $0.superseded += 1 }
            older.waiter.request.reply(.superseded)
        }
        let now = MonotonicClock.now()
        let waiter = Waiter(request: request, returning: returning, deadline: now + configuration.supersedeTimeout)
        leaseWaiting[record.id] = (waiter, now + configuration.leaseRetry)
        updateMetrics { $0.leaseWaits += 1 }
        logger.info("\(request.name) plays on node \(holder): asking it to let go")
        runner.askToRelease(node: holder, character: record.id)
        return false
    }

    /// Another node's session wants a character: the session playing it here is closed (4002), and its last save,
    /// once written, gives the lease up.
    func releaseForOtherNode(_ character: Int64) {
        guard let occupant = online[character] else { return }
        updateMetrics { $0.superseded += 1 }
        occupant.supersede()
    }

    /// Called after each successful commit: characters that left and whose last save is now written give their
    /// lease up (unless they came back to this node meanwhile).
    func releaseWrittenLeases() {
        guard let node = configuration.leaseNode, !releasing.isEmpty else { return }
        for character in releasing where pending[character] == nil {
            if online[character] != nil {
                releasing.remove(character)
                continue
            }
            do {
                try store.releaseLease(character: character, node: node)
                releasing.remove(character)
            } catch {
                // Kept: retried with the next renewal; meanwhile the lease still names this node, and expires.
                logger.warning("could not give up a lease: \(error)")
                break
            }
        }
    }

    /// The earliest retry of a session waiting for another node's character.
    var nextLeaseRetry: MonotonicClock.Instant? { leaseWaiting.values.map(\.retryAt).min() }

    /// Renews this node's leases when due, retries releases that failed, and asks the store again for the characters
    /// sessions wait for.
    func maintainLeases(now: MonotonicClock.Instant) {
        guard let node = configuration.leaseNode else { return }
        if now >= nextLeaseRenewal {
            nextLeaseRenewal = now + configuration.leaseRenewal
            do {
                try store.renewLeases(node: node, ttlMilliseconds: configuration.leaseTTL.wholeMilliseconds)
                // The database is back: write what the outage kept now, not at the commit back-off's next try (up
                // to its maximum later), so that characters that left meanwhile let go of their leases and may
                // play on other nodes (which hold off taking expired leases for one TTL after an outage).
                if renewalFailed {
                    if failingSince != nil {
                        commitIfDue(now: now, force: true)
                    } else {
                        logger.notice("lease renewals work again")
                    }
                }
                renewalFailed = false
            } catch {
                // Once per outage, and not when failing commits say it already (the same outage fails both).
                if failingSince == nil, !renewalFailed {
                    logger.warning("could not renew this node's leases: \(error); retrying every second")
                }
                renewalFailed = true
            }
            releaseWrittenLeases()
        }
        for (character, entry) in leaseWaiting where entry.retryAt <= now {
            let request = entry.waiter.request
            let holder: String?
            do {
                holder = try store.claimLease(
                    character: character, node: node, ttlMilliseconds: configuration.leaseTTL.wholeMilliseconds)
            } catch {
                leaseWaiting[character] = nil
                request.reply(.unavailable("\(error)"))
                continue
            }
            if holder == nil {
                leaseWaiting[character] = nil
                readmit(entry.waiter, character: character)
            } else if entry.waiter.deadline <= now {
                leaseWaiting[character] = nil
                logger.warning(
                    "\(request.name) is still played on node \(holder ?? "?") "
                        + "\(configuration.supersedeTimeout.wholeSeconds) s after this node asked for it")
                updateMetrics { $0.leaseRefusals += 1 }
                request.reply(.unavailable("the character is still playing on another server"))
            } else {
                leaseWaiting[character] = (entry.waiter, now + configuration.leaseRetry)
            }
        }
    }

    /// Gives up every lease this node holds (the last commit is written): a node stopping lets its players go at once.
    func releaseAllLeases() {
        guard let node = configuration.leaseNode else { return }
        do {
            try store.releaseLeases(node: node)
        } catch {
            logger.warning("could not give up this node's leases (they expire by themselves): \(error)")
        }
    }
}
