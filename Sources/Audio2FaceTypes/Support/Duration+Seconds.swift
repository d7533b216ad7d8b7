extension Duration {
    /// The duration in (fractional) seconds.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    /// The duration in (fractional) milliseconds.
    public var milliseconds: Double { seconds * 1_000 }
}
