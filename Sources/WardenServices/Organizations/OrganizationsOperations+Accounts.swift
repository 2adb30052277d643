extension OrganizationsOperations {
    static let accounts: [any ServiceOperation.Type] = []
}
