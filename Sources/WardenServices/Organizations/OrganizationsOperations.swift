/// The Organizations operations served (the Organizations issue adds them).
enum OrganizationsOperations {
    static let all: [any ServiceOperation.Type] = []
}
