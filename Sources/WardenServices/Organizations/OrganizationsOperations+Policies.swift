extension OrganizationsOperations {
    static let policies: [any ServiceOperation.Type] = []
}
