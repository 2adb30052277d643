extension OrganizationsOperations {
    static let delegation: [any ServiceOperation.Type] = []
}
