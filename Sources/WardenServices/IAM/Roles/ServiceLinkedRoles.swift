import Foundation
import WardenAWS
import WardenShapes

/// Service-linked roles: roles an AWS service owns, named and placed as AWS names and places them.
enum ServiceLinkedRoles {
    /// Every service-linked role lives under `/aws-service-role/<service>/`; no other role may.
    static let pathPrefix = "/aws-service-role/"

    /// Role names AWS gives the service-linked roles of well-known services (the part after
    /// `AWSServiceRoleFor`), where they differ from the capitalised first label of the service name.
    static let knownNames: [String: String] = [
        "access-analyzer.amazonaws.com": "AccessAnalyzer",
        "apigateway.amazonaws.com": "APIGateway",
        "ops.apigateway.amazonaws.com": "APIGateway",
        "autoscaling.amazonaws.com": "AutoScaling",
        "backup.amazonaws.com": "Backup",
        "cloud9.amazonaws.com": "AWSCloud9",
        "cloudtrail.amazonaws.com": "CloudTrail",
        "compute-optimizer.amazonaws.com": "ComputeOptimizer",
        "config.amazonaws.com": "Config",
        "dynamodb.application-autoscaling.amazonaws.com": "ApplicationAutoScaling_DynamoDBTable",
        "ecs.application-autoscaling.amazonaws.com": "ApplicationAutoScaling_ECSService",
        "ec2.application-autoscaling.amazonaws.com": "ApplicationAutoScaling_EC2SpotFleetRequest",
        "rds.application-autoscaling.amazonaws.com": "ApplicationAutoScaling_RDSCluster",
        "lambda.application-autoscaling.amazonaws.com": "ApplicationAutoScaling_LambdaConcurrency",
        "ecs.amazonaws.com": "ECS",
        "eks.amazonaws.com": "AmazonEKS",
        "eks-nodegroup.amazonaws.com": "AmazonEKSNodegroup",
        "eks-fargate.amazonaws.com": "AmazonEKSForFargate",
        "elasticache.amazonaws.com": "ElastiCache",
        "elasticbeanstalk.amazonaws.com": "ElasticBeanstalk",
        "elasticloadbalancing.amazonaws.com": "ElasticLoadBalancing",
        "elasticmapreduce.amazonaws.com": "EMRCleanup",
        "emr-containers.amazonaws.com": "AmazonEMRContainers",
        "es.amazonaws.com": "AmazonElasticsearchService",
        "opensearchservice.amazonaws.com": "AmazonOpenSearchService",
        "fsx.amazonaws.com": "AmazonFSx",
        "globalaccelerator.amazonaws.com": "GlobalAccelerator",
        "guardduty.amazonaws.com": "AmazonGuardDuty",
        "inspector.amazonaws.com": "AmazonInspector",
        "inspector2.amazonaws.com": "AmazonInspector2",
        "kafka.amazonaws.com": "Kafka",
        "lex.amazonaws.com": "LexBots",
        "replicator.lambda.amazonaws.com": "LambdaReplicator",
        "macie.amazonaws.com": "AmazonMacie",
        "organizations.amazonaws.com": "Organizations",
        "rds.amazonaws.com": "RDS",
        "redshift.amazonaws.com": "Redshift",
        "securityhub.amazonaws.com": "SecurityHub",
        "spot.amazonaws.com": "EC2Spot",
        "spotfleet.amazonaws.com": "EC2SpotFleet",
        "ssm.amazonaws.com": "AmazonSSM",
        "sso.amazonaws.com": "SSO",
        "support.amazonaws.com": "Support",
        "transitgateway.amazonaws.com": "VPCTransitGateway",
        "trustedadvisor.amazonaws.com": "TrustedAdvisor",
    ]

    /// Services AWS refuses a `CustomSuffix` for.
    static let withoutCustomSuffix: Set<String> = [
        "es.amazonaws.com", "opensearchservice.amazonaws.com", "organizations.amazonaws.com", "sso.amazonaws.com",
        "support.amazonaws.com", "trustedadvisor.amazonaws.com", "dynamodb.application-autoscaling.amazonaws.com",
        "ecs.application-autoscaling.amazonaws.com", "ec2.application-autoscaling.amazonaws.com",
        "rds.application-autoscaling.amazonaws.com", "lambda.application-autoscaling.amazonaws.com",
    ]

    /// Whether `service` has the form of an AWS service principal (`name.amazonaws.com`).
    static func isServicePrincipal(_ service: String) -> Bool {
        let suffix = ".amazonaws.com"
        guard service.hasSuffix(suffix) else { return false }
        let labels = service.dropLast(suffix.count).split(separator: ".", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        return !labels.isEmpty && labels.allSatisfy { label in
            !label.isEmpty && label.allSatisfy(allowed.contains) && label.first != "-" && label.last != "-"
        }
    }

    /// The role name for `service`, with `suffix` appended after `_`.
    /// - Throws: `InvalidInput` for a name that is not a service principal or a suffix the service refuses.
    static func roleName(for service: String, suffix: String?) throws(AWSServiceError) -> String {
        guard isServicePrincipal(service) else {
            throw IAM.Errors.invalidInput("Invalid service name: \(service)")
        }
        let base = "AWSServiceRoleFor" + (knownNames[service] ?? capitalised(firstLabel: service))
        guard let suffix else { return base }
        if withoutCustomSuffix.contains(service) {
            throw IAM.Errors.invalidInput("Custom suffix is not allowed for \(service)")
        }
        let name = "\(base)_\(suffix)"
        guard name.count <= 64 else {
            throw IAM.Errors.invalidInput("The role name \(name) is longer than 64 characters; use a shorter suffix.")
        }
        return name
    }

    static func capitalised(firstLabel service: String) -> String {
        let label = service.split(separator: ".").first.map(String.init) ?? service
        return label.prefix(1).uppercased() + label.dropFirst()
    }

    /// The trust policy of a service-linked role: the service may assume it.
    static func trustPolicy(for service: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["\#(service)"]},"Action":["sts:AssumeRole"]}]}"#
    }

    /// `task/aws-service-role/<service>/<role-name>/<uuid>`, AWS's deletion task id.
    static func deletionTaskID(path: String, roleName: String) -> String {
        "task\(path)\(roleName)/\(UUID().uuidString.lowercased())"
    }

    /// The role path and name a deletion task id names, or nil when it is not one.
    static func role(ofTask taskID: String) -> (path: String, name: String)? {
        let parts = taskID.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 5, parts[0] == "task", parts[1] == "aws-service-role" else { return nil }
        let name = String(parts[parts.count - 2])
        let path = "/" + parts[1..<(parts.count - 2)].joined(separator: "/") + "/"
        return (path, name)
    }
}
