import Foundation
import WardenAWS
import WardenStore

/// Writes events as CloudTrail delivers them to S3: `AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/
/// ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz`, each a gzipped `{"Records":[…]}`. An event
/// of a cross-account call is delivered to both accounts, as CloudTrail does; calls whose key named no
/// account have no account to be delivered to and are left out.
final class CloudTrailLogWriter {
    let root: URL
    /// Documents by file key (account, region, hour), in event order.
    private var files: [FileKey: [String]] = [:]

    struct FileKey: Hashable {
        let account: String
        let region: String
        let hour: Int64
    }

    init(root: URL) {
        self.root = root
    }

    func add(_ event: AuditEvent) throws {
        let region = Self.region(of: event.document)
        let hour = event.timeMicroseconds / 3_600_000_000
        for account in [event.chain, event.otherAccountID].compactMap({ $0 }) where account != AuditEvent.unattributedChain {
            files[FileKey(account: account, region: region, hour: hour), default: []].append(event.document)
        }
    }

    /// Writes every file; returns how many.
    func finish() throws -> Int {
        for (key, documents) in files {
            let time = AWSTimestamp.utcFields(of: Date(timeIntervalSince1970: Double(key.hour * 3600)))
            let (year, month, day, hour) = (time.year, time.month, time.day, time.hour)
            let directory = root.appendingPathComponent("AWSLogs/\(key.account)/CloudTrail/\(key.region)")
                .appendingPathComponent(String(format: "%04d/%02d/%02d", year, month, day))
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let unique = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16)
            let name = String(format: "%@_CloudTrail_%@_%04d%02d%02dT%02d00Z_%@.json.gz", key.account, key.region, year, month, day, hour, String(unique))
            let body = "{\"Records\":[" + documents.joined(separator: ",") + "]}"
            try Data(try Gzip.compress(Array(body.utf8))).write(to: directory.appendingPathComponent(name))
        }
        return files.count
    }

    static func region(of document: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any],
            let region = object["awsRegion"] as? String, region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), !region.isEmpty
        else { return "us-east-1" }
        return region
    }
}
