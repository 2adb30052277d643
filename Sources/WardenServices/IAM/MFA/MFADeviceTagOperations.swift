public import WardenAWS
public import WardenShapes
import WardenStore

/// A virtual MFA device's tags.
extension IAM.TagMFADevice: ServiceOperation {
    public static let action: RequiredAction = "iam:TagMFADevice"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.serialNumber }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { IAMTags.conditionKeys(input.tags) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let device = try await MFASeeds.device(input.serialNumber, call, lock: true)
        try await call.mfaDevices.setTags(device.serialNumber, try IAMTags.merge(device.tags, adding: input.tags))
        return Output()
    }
}

extension IAM.UntagMFADevice: ServiceOperation {
    public static let action: RequiredAction = "iam:UntagMFADevice"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.serialNumber }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { ["aws:TagKeys": input.tagKeys] }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let device = try await MFASeeds.device(input.serialNumber, call, lock: true)
        try await call.mfaDevices.setTags(device.serialNumber, IAMTags.removing(input.tagKeys, from: device.tags))
        return Output()
    }
}

extension IAM.ListMFADeviceTags: ServiceOperation {
    public static let action: RequiredAction = "iam:ListMFADeviceTags"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.serialNumber }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let device = try await MFASeeds.device(input.serialNumber, call)
        let page = try IAMTags.page(device.tags, marker: input.marker, maxItems: input.maxItems)
        return Output(tags: page.items.map { IAM.Tag(key: $0.key, value: $0.value) }, isTruncated: page.isTruncated, marker: page.marker)
    }
}
