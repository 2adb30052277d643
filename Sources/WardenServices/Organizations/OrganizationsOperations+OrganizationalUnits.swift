extension OrganizationsOperations {
    static let organizationalUnits: [any ServiceOperation.Type] = []
}
