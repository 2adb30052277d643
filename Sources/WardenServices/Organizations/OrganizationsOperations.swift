/// The Organizations operations served: one list per family, each in its own file
/// (`OrganizationsOperations+Family.swift`).
enum OrganizationsOperations {
    static let all: [any ServiceOperation.Type] =
        organization + accounts + organizationalUnits + policies + handshakes + delegation + tagging
}
