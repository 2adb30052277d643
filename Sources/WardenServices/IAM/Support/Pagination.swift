import Foundation
public import WardenAWS
import WardenShapes

/// IAM's `Marker`/`IsTruncated`/`MaxItems` pagination. A marker is opaque to clients: here the
/// base64 of the sort key of the last item returned, so a page never skips or repeats an item even
/// when entities are added between calls.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var isTruncated: Bool
    public var marker: String?
}

public enum Pagination {
    /// IAM's default page size.
    public static let defaultMaxItems = 100

    /// The sort key after which a page starts, from the request's `Marker`.
    /// - Throws: `InvalidInput` when the marker is not one Warden issued.
    public static func start(after marker: String?) throws(AWSServiceError) -> String? {
        guard let marker else { return nil }
        guard let data = Data(base64Encoded: marker), let key = String(data: data, encoding: .utf8), !key.isEmpty else {
            throw IAM.Errors.invalidInput("Invalid Marker: \(marker)")
        }
        return key
    }

    /// One page of `fetched` (which holds up to `limit + 1` items in order).
    public static func page<Item>(_ fetched: [Item], limit: Int, key: (Item) -> String) -> Page<Item> {
        guard fetched.count > limit else { return Page(items: fetched, isTruncated: false, marker: nil) }
        let items = Array(fetched.prefix(limit))
        let marker = items.last.map { Data(key($0).utf8).base64EncodedString() }
        return Page(items: items, isTruncated: true, marker: marker)
    }

    /// Pages an in-memory list already in order (small lists: tags, versions, attachments).
    public static func page<Item>(_ all: [Item], marker: String?, maxItems: Int?, key: (Item) -> String) throws(AWSServiceError) -> Page<Item> {
        let limit = maxItems ?? defaultMaxItems
        let start = try start(after: marker)
        let rest = start.map { start in all.filter { key($0) > start } } ?? all
        return page(Array(rest.prefix(limit + 1)), limit: limit, key: key)
    }
}
