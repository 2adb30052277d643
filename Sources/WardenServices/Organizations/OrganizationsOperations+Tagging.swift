extension OrganizationsOperations {
    static let tagging: [any ServiceOperation.Type] = []
}
