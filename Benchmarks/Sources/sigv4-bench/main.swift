import Foundation
import WardenAWS

// SigV4 verification throughput on one core, signing keys cached: a typical botocore-shaped
// IAM request (form body, six headers) parsed and verified in a loop.

let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
let now = Date()
let signer = SigV4Signer(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: secret, region: "us-east-1", service: "iam")
let body = "Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Fengineering%2F"
let request = signer.sign(
    AWSHTTPRequest(
        method: "POST", target: "/",
        headers: [
            ("Host", "iam.amazonaws.com"),
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            ("Content-Length", String(body.utf8.count)),
            ("User-Agent", "aws-cli/1.45.11 Python/3.11.7 Linux botocore/1.43.11"),
        ],
        body: body),
    date: now)

let verifier = SigV4Verifier()

func run(_ iterations: Int) -> Int {
    var ok = 0
    for _ in 0..<iterations {
        do {
            let credential = try SigV4.parse(request, now: now)
            try verifier.verify(credential, request: request, secretAccessKey: secret)
            ok += 1
        } catch {
            fatalError("verification failed: \(error)")
        }
    }
    return ok
}

_ = run(20_000)  // warm up (and fill the key cache)
let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 1_000_000
var best = 0.0
for round in 1...3 {
    let clock = ContinuousClock()
    let start = clock.now
    let ok = run(iterations)
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(ok) / seconds
    best = max(best, rate)
    print("round \(round): \(ok) verifications in \(String(format: "%.3f", seconds)) s = \(Int(rate)) verifications/s")
}
print("best: \(Int(best)) SigV4 verifications/s on one core (keys cached)")
