/// The reference service's MikuMikuDance interface, spelled out independently of `assets/` so that tests
/// catch any drift of the shipped mapping (shared/reference/seed-behaviour.md §8).
public enum ReferenceMMDNames {
    /// The six character profiles the reference's clients ask for, in the reference's order.
    public static let characterProfiles = [
        "KQ-default", "Ani-default", "HT-default", "FNN-default", "KL-default", "NXD-default",
    ]

    /// The 61 `blendshape_names` the reference answers for those profiles, in its order. Index 27 begins
    /// with a space (U+0020); the digits in い１, い２, あ２, にやり２, ウィンク２, 困る２ are full-width
    /// (U+FF11, U+FF12).
    public static let morphs = [
        "あ", "い", "う", "え", "お", "にやり", "ワ", "ん", "い\u{FF11}", "い\u{FF12}",
        "あ\u{FF12}", "にやり\u{FF12}", "にっこり", "ω", "てへぺろ", "ぺろっ", "口角上げ", "口横広げ", "口横狭め", "舌広げ",
        "まばたき", "笑い", "なごみ", "ウィンク", "ウィンク右", "ウィンク\u{FF12}", "ウィンク\u{FF12}右", "\u{20}なごみ左", "なごみ右", "びっくり",
        "じと目", "喜び", "怒り目", "ジト目", "眼角上", "眼角下", "下眼上", "真面目", "困る", "にこり",
        "怒り", "困る\u{FF12}", "上", "下", "前", "困る左", "困る右", "にこり左", "にこり右", "怒り左",
        "怒り右", "困る\u{FF12}左", "困る\u{FF12}右", "上左", "上右", "下左", "下右", "前左", "前右", "星目",
        "照れ",
    ]

    /// Each name's UTF-8 bytes: Swift compares strings by canonical equivalence, the reference's clients
    /// by bytes.
    public static func utf8(_ names: [String]) -> [[UInt8]] {
        names.map { Array($0.utf8) }
    }
}
