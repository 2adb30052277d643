import Foundation

/// A scrape parsed strictly by Prometheus's text exposition format (0.0.4): every line is a `# HELP`, a
/// `# TYPE` or a sample of a family typed before it; anything else is an error.
struct PrometheusExposition {
    struct Sample: Hashable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    struct ParseError: Error, CustomStringConvertible {
        let line: String
        let reason: String
        var description: String { "\(reason): \(line)" }
    }

    /// Family name → type.
    private(set) var types: [String: String] = [:]
    private(set) var help: [String: String] = [:]
    private(set) var samples: [Sample] = []

    init(_ text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) where !line.isEmpty {
            if line.hasPrefix("# HELP ") {
                let rest = line.dropFirst(7)
                guard let space = rest.firstIndex(of: " ") else { throw ParseError(line: line, reason: "HELP without text") }
                let name = String(rest[..<space])
                guard Self.isMetricName(name) else { throw ParseError(line: line, reason: "bad metric name") }
                guard help.updateValue(String(rest[rest.index(after: space)...]), forKey: name) == nil else {
                    throw ParseError(line: line, reason: "second HELP")
                }
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2, Self.isMetricName(parts[0]), ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[1]) else {
                    throw ParseError(line: line, reason: "bad TYPE")
                }
                guard types.updateValue(parts[1], forKey: parts[0]) == nil else { throw ParseError(line: line, reason: "second TYPE") }
            } else if line.hasPrefix("#") {
                continue  // a comment
            } else {
                let sample = try Self.sample(line)
                guard let family = family(of: sample.name) else { throw ParseError(line: line, reason: "sample of no typed family") }
                if types[family] == "histogram", sample.name.hasSuffix("_bucket"), sample.labels["le"] == nil {
                    throw ParseError(line: line, reason: "bucket without le")
                }
                samples.append(sample)
            }
        }
    }

    /// The family a sample belongs to: its own name, or a histogram's or summary's for the suffixed series.
    func family(of name: String) -> String? {
        if types[name] != nil { return name }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if let type = types[base], type == "histogram" || type == "summary" { return base }
        }
        return nil
    }

    /// The value of the sample with exactly these labels; 0 for a counter series not yet made.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// Every sample of `name`, by its labels.
    func series(_ name: String) -> [[String: String]: Double] {
        var result: [[String: String]: Double] = [:]
        for sample in samples where sample.name == name { result[sample.labels] = sample.value }
        return result
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first == ":" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0 == ":" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    static func isLabelName(_ name: String) -> Bool { isMetricName(name) && !name.contains(":") }

    /// `name{label="value",...} value [timestamp]`.
    static func sample(_ line: String) throws -> Sample {
        var rest = Substring(line)
        let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
        let name = String(rest[..<nameEnd])
        guard isMetricName(name) else { throw ParseError(line: line, reason: "bad metric name") }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let equals = rest.firstIndex(of: "=") else { throw ParseError(line: line, reason: "label without value") }
                let label = String(rest[..<equals])
                guard isLabelName(label) else { throw ParseError(line: line, reason: "bad label name") }
                rest = rest[rest.index(after: equals)...]
                guard rest.first == "\"" else { throw ParseError(line: line, reason: "unquoted label value") }
                rest = rest.dropFirst()
                var value = ""
                while true {
                    guard let character = rest.first else { throw ParseError(line: line, reason: "unterminated label value") }
                    rest = rest.dropFirst()
                    if character == "\"" { break }
                    if character == "\\" {
                        switch rest.first {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw ParseError(line: line, reason: "bad escape")
                        }
                        rest = rest.dropFirst()
                    } else {
                        value.append(character)
                    }
                }
                guard labels.updateValue(value, forKey: label) == nil else { throw ParseError(line: line, reason: "repeated label") }
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" { throw ParseError(line: line, reason: "bad label list") }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { throw ParseError(line: line, reason: "no value") }
        let fields = rest.dropFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard (1...2).contains(fields.count), let value = number(fields[0]) else { throw ParseError(line: line, reason: "bad value") }
        if fields.count == 2, Int64(fields[1]) == nil { throw ParseError(line: line, reason: "bad timestamp") }
        return Sample(name: name, labels: labels, value: value)
    }

    static func number(_ text: Substring) -> Double? {
        switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(text)
        }
    }
}
