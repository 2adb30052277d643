import WardenShapes

extension OrganizationsOperations {
    static let tagging: [any ServiceOperation.Type] = [
        Organizations.TagResource.self, Organizations.UntagResource.self, Organizations.ListTagsForResource.self,
    ]
}
