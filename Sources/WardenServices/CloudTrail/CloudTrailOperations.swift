import WardenShapes

/// The CloudTrail operations served: the trail's search.
enum CloudTrailOperations {
    static let all: [any ServiceOperation.Type] = [CloudTrail.LookupEvents.self]
}
