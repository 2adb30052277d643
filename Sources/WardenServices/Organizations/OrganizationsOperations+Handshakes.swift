import WardenShapes

extension OrganizationsOperations {
    /// Invitations of standalone accounts and their answers, and a member leaving.
    static let handshakes: [any ServiceOperation.Type] = [
        Organizations.InviteAccountToOrganization.self,
        Organizations.AcceptHandshake.self,
        Organizations.DeclineHandshake.self,
        Organizations.CancelHandshake.self,
        Organizations.DescribeHandshake.self,
        Organizations.ListHandshakesForAccount.self,
        Organizations.ListHandshakesForOrganization.self,
        Organizations.LeaveOrganization.self,
    ]
}
