extension Collection<Duration> {
    /// Quantiles (each 0…1) of these durations, in seconds, from one sort (nearest rank); zeros when empty.
    package func quantilesInSeconds(_ qs: [Double]) -> [Double] {
        guard !isEmpty else { return qs.map { _ in 0 } }
        let sorted = self.sorted()
        return qs.map { sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * $0))].inSeconds }
    }
}
