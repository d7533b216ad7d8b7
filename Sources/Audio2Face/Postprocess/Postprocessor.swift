/// One postprocessing step: takes a clip and the stream's context, returns a new clip.
///
/// Modules are immutable and shared by every stream that uses them; anything a module must remember
/// between segments of one stream (blink timing) lives in ``PostprocessContext``.
public protocol Postprocessor: Sendable {
    /// The name this module instance is configured under (what profiles refer to).
    var name: String { get }
    /// The channel names this module outputs when given clips with `inputNames`.
    func outputNames(forInput inputNames: [String]) throws -> [String]
    /// Returns the processed clip; `clip` itself is never modified.
    func process(_ clip: FaceClip, context: inout PostprocessContext) throws -> FaceClip
}
