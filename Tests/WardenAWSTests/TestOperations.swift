import Foundation
@testable import WardenAWS

/// Operations shaped like the real IAM, STS and Organizations ones, for protocol tests.
struct Tag: Codable, Sendable, Hashable {
    var Key: String
    var Value: String
}

enum CreateUser: AWSOperation {
    static let name = "CreateUser"
    static let `protocol` = AWSProtocol.iam

    struct Input: Decodable, Sendable, ValidatedInput {
        var UserName: String
        var Path: String?
        var PermissionsBoundary: String?
        var Tags: [Tag]?

        func validate(_ v: inout Validator) {
            v.length("UserName", UserName, 1...64)
            v.pattern("UserName", UserName, .iamName)
            v.length("Path", Path, 1...512)
            v.pattern("Path", Path, .iamPath)
            v.count("Tags", Tags, 0...50)
        }
    }

    struct User: Codable, Sendable, Hashable {
        var Path: String
        var UserName: String
        var UserId: String
        var Arn: String
        var CreateDate: Date
        var Tags: [Tag]?
    }

    struct Output: Encodable, Sendable {
        var User: User
    }
}

enum ListUsers: AWSOperation {
    static let name = "ListUsers"
    static let `protocol` = AWSProtocol.iam

    struct Input: Decodable, Sendable, ValidatedInput {
        var PathPrefix: String?
        var Marker: String?
        var MaxItems: Int?

        func validate(_ v: inout Validator) {
            v.range("MaxItems", MaxItems, 1...1000)
        }
    }

    struct Output: Encodable, Sendable {
        var Users: [CreateUser.User]
        var IsTruncated: Bool
        var Marker: String?
    }
}

enum DeleteUser: AWSOperation {
    static let name = "DeleteUser"
    static let `protocol` = AWSProtocol.iam
    struct Input: Decodable, Sendable { var UserName: String }
    typealias Output = EmptyOutput
}

enum DescribeOrganizationalUnit: AWSOperation {
    static let name = "DescribeOrganizationalUnit"
    static let `protocol` = AWSProtocol.organizations

    struct Input: Decodable, Sendable, ValidatedInput {
        var OrganizationalUnitId: String
        func validate(_ v: inout Validator) {
            v.length("OrganizationalUnitId", OrganizationalUnitId, 1...68)
            v.pattern(
                "OrganizationalUnitId", OrganizationalUnitId,
                TextPattern(source: "^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$") { AWSIdentifier.isValidOrganizationalUnitID($0) })
        }
    }

    struct OrganizationalUnit: Codable, Sendable, Hashable {
        var Id: String
        var Arn: String
        var Name: String
    }

    struct Output: Encodable, Sendable { var OrganizationalUnit: OrganizationalUnit }
}

enum CreateAccount: AWSOperation {
    static let name = "CreateAccount"
    static let `protocol` = AWSProtocol.organizations
    struct Input: Decodable, Sendable {
        var Email: String
        var AccountName: String
        var Tags: [Tag]?
    }
    struct Status: Codable, Sendable {
        var Id: String
        var AccountName: String
        var State: String
        var RequestedTimestamp: Date
    }
    struct Output: Encodable, Sendable { var CreateAccountStatus: Status }
}
