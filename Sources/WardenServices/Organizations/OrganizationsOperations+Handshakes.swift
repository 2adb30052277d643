extension OrganizationsOperations {
    static let handshakes: [any ServiceOperation.Type] = []
}
