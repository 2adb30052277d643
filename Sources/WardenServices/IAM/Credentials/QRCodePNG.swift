extension QRCode {
    /// Scanners need a light margin; the standard asks for four modules.
    public static let quietZoneModules = 4

    /// Renders the symbol as a black-on-white PNG, `scale` pixels per module, with the standard quiet zone.
    public func pngData(scale: Int = 6) -> [UInt8] {
        precondition(scale > 0, "scale must be positive")
        let border = Self.quietZoneModules
        let side = (size + 2 * border) * scale
        return PNG.encodeMonochrome(width: side, height: side) { x, y in
            let moduleX = x / scale - border
            let moduleY = y / scale - border
            guard (0..<size).contains(moduleX), (0..<size).contains(moduleY) else { return false }
            return self[moduleX, moduleY]
        }
    }
}
