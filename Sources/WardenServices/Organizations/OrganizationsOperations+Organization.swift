extension OrganizationsOperations {
    static let organization: [any ServiceOperation.Type] = []
}
