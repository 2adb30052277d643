#!/usr/bin/env python3
"""Generates Warden's Swift shapes from the botocore service models kept in Codegen/models.

The models are botocore 1.43.11's `service-2.json.gz` for iam, sts, organizations and cloudtrail, copied
into the repository so that the build never depends on the botocore a machine happens to have.

For each service it writes `Sources/WardenShapes/<Service>.swift`:
- a namespace enum with the service's wire protocol,
- one `Codable` struct per structure shape (Swift-cased members, `CodingKeys` carrying the wire names,
  a public memberwise initializer), with a `validate` that checks every model constraint of the
  members (length, pattern, range, enum, list size) and recurses into nested structures,
- one `AWSOperation` enum per operation (wire name, input, output),
- one factory per modelled error (code, HTTP status, fault).

Usage: generate_shapes.py            write the files
       generate_shapes.py --check    exit 1 (and name the files) when the committed files differ
"""
import gzip
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.path.join(ROOT, "Codegen", "models")
OUTPUT = os.path.join(ROOT, "Sources", "WardenShapes")
BOTOCORE_VERSION = "1.43.11"

SERVICES = [
    # (model file, Swift namespace)
    ("iam", "IAM"),
    ("sts", "STS"),
    ("organizations", "Organizations"),
    ("cloudtrail", "CloudTrail"),
]

KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct",
    "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else", "fallthrough",
    "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "catch", "false", "is", "nil",
    "super", "self", "Self", "throw", "throws", "true", "try", "any", "some", "Type",
}


def swift_member_name(wire):
    """`UserName` -> `userName`, `MFADevices` -> `mfaDevices`, `QRCodePNG` -> `qrCodePNG`."""
    if not wire:
        return wire
    run = 0
    while run < len(wire) and wire[run].isupper():
        run += 1
    if run == 0:
        name = wire
    elif run == 1 or run == len(wire):
        name = wire[:run].lower() + wire[run:]
    elif wire[run].isalpha():
        name = wire[: run - 1].lower() + wire[run - 1:]
    else:
        name = wire[:run].lower() + wire[run:]
    name = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if name in KEYWORDS:
        return "`" + name + "`"
    return name


def swift_type_name(shape_name):
    name = shape_name[0].upper() + shape_name[1:]
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def raw_string(text):
    hashes = "#"
    while ('"' + hashes) in text:
        hashes += "#"
    return hashes + '"' + text + '"' + hashes


def swift_string(text):
    return json.dumps(text, ensure_ascii=False)


def doc_summary(html):
    if not html:
        return None
    text = re.sub(r"<[^>]+>", "", html)
    text = re.sub(r"\s+", " ", text).strip()
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", '"')
    if not text:
        return None
    match = re.match(r"(.+?\.)(\s|$)", text)
    summary = match.group(1) if match else text
    if len(summary) > 200:
        summary = summary[:197].rstrip() + "…"
    return summary


class Service:
    def __init__(self, model_name, namespace):
        with gzip.open(os.path.join(MODELS, model_name + ".json.gz"), "rt", encoding="utf-8") as f:
            self.model = json.load(f)
        self.model_name = model_name
        self.namespace = namespace
        self.shapes = self.model["shapes"]
        self.metadata = self.model["metadata"]
        self.protocol = self.metadata["protocol"]
        self.patterns = {}  # shape name -> pattern source
        self.validated = set()  # structure shapes reachable from inputs
        for op in self.model["operations"].values():
            if "input" in op:
                self.mark_validated(op["input"]["shape"])

    def mark_validated(self, name):
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            if name in self.validated:
                return
            self.validated.add(name)
            for member in shape["members"].values():
                self.mark_validated(member["shape"])
        elif kind == "list":
            self.mark_validated(shape["member"]["shape"])
        elif kind == "map":
            self.mark_validated(shape["key"]["shape"])
            self.mark_validated(shape["value"]["shape"])

    def swift_type(self, name):
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "string":
            return "String"
        if kind == "integer":
            return "Int"
        if kind == "long":
            return "Int64"
        if kind == "boolean":
            return "Bool"
        if kind == "double":
            return "Double"
        if kind == "float":
            return "Float"
        if kind == "timestamp":
            return "Date"
        if kind == "blob":
            return "Data"
        if kind == "list":
            return "[" + self.swift_type(shape["member"]["shape"]) + "]"
        if kind == "map":
            return "[" + self.swift_type(shape["key"]["shape"]) + ": " + self.swift_type(shape["value"]["shape"]) + "]"
        if kind == "structure":
            return swift_type_name(name)
        raise ValueError("unsupported shape type %s for %s" % (kind, name))

    def pattern_ref(self, shape_name):
        self.patterns[shape_name] = self.shapes[shape_name]["pattern"]
        return "%s.Patterns.%s" % (self.namespace, swift_member_name(shape_name).strip("`") + "Pattern")

    def checks(self, wire, value, shape_name, depth=0, optional=False):
        """Swift statements checking `value` (an optional expression) against the shape's constraints."""
        shape = self.shapes[shape_name]
        kind = shape["type"]
        sensitive = ", sensitive: true" if shape.get("sensitive") else ""
        lines = []
        if kind == "string":
            lo, hi = shape.get("min"), shape.get("max")
            if lo is not None or hi is not None:
                lines.append('v.length("%s", %s, %s...%s%s)' % (wire, value, lo if lo is not None else 0, hi if hi is not None else "Int.max", sensitive))
            if "pattern" in shape:
                lines.append('v.pattern("%s", %s, %s%s)' % (wire, value, self.pattern_ref(shape_name), sensitive))
            if "enum" in shape:
                lines.append('v.oneOf("%s", %s, [%s])' % (wire, value, ", ".join(swift_string(e) for e in shape["enum"])))
        elif kind in ("integer", "long"):
            lo, hi = shape.get("min"), shape.get("max")
            if lo is not None or hi is not None:
                swift = "Int" if kind == "integer" else "Int64"
                lines.append('v.range("%s", %s, %s...%s)' % (wire, value, lo if lo is not None else swift + ".min", hi if hi is not None else swift + ".max"))
        elif kind == "list":
            lo, hi = shape.get("min"), shape.get("max")
            if lo is not None or hi is not None:
                lines.append('v.count("%s", %s, %s...%s)' % (wire, value, lo if lo is not None else 0, hi if hi is not None else "Int.max"))
            element = "e%d" % depth
            index = "i%d" % depth
            inner = self.checks("%s.\\(%s + 1).member" % (wire, index), element, shape["member"]["shape"], depth + 1)
            if inner:
                if optional:
                    lines.append("if let list = %s { for (%s, %s) in list.enumerated() {" % (value, index, element))
                    lines.extend("    " + line for line in inner)
                    lines.append("} }")
                else:
                    lines.append("for (%s, %s) in %s.enumerated() {" % (index, element, value))
                    lines.extend("    " + line for line in inner)
                    lines.append("}")
        elif kind == "map":
            element = "e%d" % depth
            key_checks = self.checks("%s.entry.key" % wire, "k%d" % depth, shape["key"]["shape"], depth + 1)
            value_checks = self.checks("%s.entry.value" % wire, element, shape["value"]["shape"], depth + 1)
            if key_checks or value_checks:
                key = "k%d" % depth if key_checks else "_"
                val = element if value_checks else "_"
                if optional:
                    lines.append("if let map = %s { for (%s, %s) in map {" % (value, key, val))
                    lines.extend("    " + line for line in key_checks + value_checks)
                    lines.append("} }")
                else:
                    lines.append("for (%s, %s) in %s {" % (key, val, value))
                    lines.extend("    " + line for line in key_checks + value_checks)
                    lines.append("}")
        elif kind == "structure":
            if self.has_checks(shape_name):
                lines.append('v.nested("%s", %s)' % (wire, value))
        return lines

    def has_checks(self, name, seen=None):
        seen = seen or set()
        if name in seen:
            return False
        seen.add(name)
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "string":
            return any(k in shape for k in ("min", "max", "pattern", "enum"))
        if kind in ("integer", "long"):
            return "min" in shape or "max" in shape
        if kind == "list":
            return "min" in shape or "max" in shape or self.has_checks(shape["member"]["shape"], seen)
        if kind == "map":
            return self.has_checks(shape["key"]["shape"], seen) or self.has_checks(shape["value"]["shape"], seen)
        if kind == "structure":
            return any(self.has_checks(m["shape"], set(seen)) for m in shape["members"].values())
        return False

    def structure(self, name):
        shape = self.shapes[name]
        type_name = swift_type_name(name)
        required = set(shape.get("required", []))
        members = list(shape["members"].items())
        out = []
        doc = doc_summary(shape.get("documentation"))
        if doc:
            out.append("    /// " + doc)
        out.append("    public struct %s: Codable, Sendable {" % type_name)
        for wire, member in members:
            mdoc = doc_summary(member.get("documentation"))
            if mdoc:
                out.append("        /// " + mdoc)
            optional = "" if wire in required else "?"
            out.append("        public var %s: %s%s" % (swift_member_name(wire), self.swift_type(member["shape"]), optional))
        if members:
            out.append("")
            params = []
            for wire, member in members:
                default = "" if wire in required else " = nil"
                params.append("%s: %s%s%s" % (swift_member_name(wire).strip("`"), self.swift_type(member["shape"]), "" if wire in required else "?", default))
            out.append("        public init(" + ", ".join(params) + ") {")
            for wire, _ in members:
                swift = swift_member_name(wire)
                out.append("            self.%s = %s" % (swift.strip("`"), swift))
            out.append("        }")
            out.append("")
            out.append("        enum CodingKeys: String, CodingKey {")
            for wire, _ in members:
                out.append("            case %s = %s" % (swift_member_name(wire), swift_string(wire)))
            out.append("        }")
        else:
            out.append("")
            out.append("        public init() {}")
        out.append("    }")
        return out

    def validation(self, name):
        shape = self.shapes[name]
        type_name = swift_type_name(name)
        lines = []
        required = set(shape.get("required", []))
        for wire, member in shape["members"].items():
            value = "self." + swift_member_name(wire).strip("`")
            lines.extend(self.checks(wire, value, member["shape"], optional=wire not in required))
        out = ["extension %s.%s: ValidatedInput {" % (self.namespace, type_name)]
        if lines:
            out.append("    public func validate(_ v: inout Validator) {")
            out.extend("        " + line for line in lines)
            out.append("    }")
        else:
            out.append("    public func validate(_ v: inout Validator) {}")
        out.append("}")
        return out

    def protocol_expression(self):
        if self.protocol == "query":
            return 'AWSProtocol.query(service: %s, version: %s, xmlNamespace: %s)' % (
                swift_string(self.metadata["endpointPrefix"]), swift_string(self.metadata["apiVersion"]),
                swift_string(self.metadata["xmlNamespace"]))
        if self.protocol == "json":
            return "AWSProtocol.json11(targetPrefix: %s)" % swift_string(self.metadata["targetPrefix"])
        raise ValueError("unsupported protocol " + self.protocol)

    def error(self, name):
        shape = self.shapes[name]
        error = shape.get("error", {})
        code = error.get("code", name)
        status = error.get("httpStatusCode", 400)
        fault = error.get("senderFault")
        fault_text = "" if fault is None else (", fault: .sender" if fault else ", fault: .receiver")
        if fault is False and "httpStatusCode" not in error:
            status = 500
        extras = [w for w, m in shape["members"].items()
                  if w.lower() != "message" and self.shapes[m["shape"]]["type"] == "string"]
        params = "".join(", %s: String? = nil" % swift_member_name(w).strip("`") for w in extras)
        out = []
        doc = doc_summary(shape.get("documentation"))
        out.append("        /// `%s` (%d)%s" % (code, status, ": " + doc if doc else "."))
        out.append("        public static func %s(_ message: String%s) -> AWSServiceError {" % (swift_member_name(code).strip("`"), params))
        if extras:
            out.append("            var extra: [String: String] = [:]")
            for w in extras:
                swift = swift_member_name(w)
                out.append("            if let %s { extra[%s] = %s }" % (swift, swift_string(w), swift))
            out.append("            return AWSServiceError(code: %s, message: message, status: %d%s, extraMembers: extra)" % (swift_string(code), status, fault_text))
        else:
            out.append("            AWSServiceError(code: %s, message: message, status: %d%s)" % (swift_string(code), status, fault_text))
        out.append("        }")
        return out

    def render(self):
        ns = self.namespace
        structures = sorted(n for n, s in self.shapes.items() if s["type"] == "structure" and not s.get("exception"))
        errors = sorted(n for n, s in self.shapes.items() if s.get("exception"))
        operations = sorted(self.model["operations"])
        type_names = {swift_type_name(n) for n in structures}
        clash = type_names & set(operations)
        if clash:
            raise ValueError("%s: shapes named like operations: %s" % (ns, sorted(clash)))

        body = []
        body.append("/// %s (`%s`, API version %s), generated from botocore %s's model." % (
            self.metadata.get("serviceFullName", ns), self.metadata["endpointPrefix"], self.metadata["apiVersion"], BOTOCORE_VERSION))
        body.append("public enum %s {" % ns)
        body.append("    /// The service's wire protocol.")
        body.append("    public static let `protocol` = " + self.protocol_expression())
        body.append("    /// The name the service signs requests with (the SigV4 credential scope's service).")
        body.append("    public static let signingName = %s" % swift_string(self.metadata.get("signingName", self.metadata["endpointPrefix"])))
        body.append("    /// Every operation the model defines, by wire name.")
        body.append("    public static let operationNames: Set<String> = [")
        for op in operations:
            body.append("        %s," % swift_string(op))
        body.append("    ]")
        body.append("}")
        body.append("")

        body.append("extension %s {" % ns)
        first = True
        for name in structures:
            if not first:
                body.append("")
            first = False
            body.extend(self.structure(name))
        body.append("}")
        body.append("")

        for name in structures:
            if name in self.validated:
                body.extend(self.validation(name))
                body.append("")

        body.append("extension %s {" % ns)
        first = True
        for op in operations:
            model = self.model["operations"][op]
            if not first:
                body.append("")
            first = False
            doc = doc_summary(model.get("documentation"))
            if doc:
                body.append("    /// " + doc)
            body.append("    public enum %s: AWSOperation {" % op)
            body.append("        public typealias Input = %s" % (swift_type_name(model["input"]["shape"]) if "input" in model else "EmptyInput"))
            body.append("        public typealias Output = %s" % (swift_type_name(model["output"]["shape"]) if "output" in model else "EmptyOutput"))
            body.append("        public static let name = %s" % swift_string(op))
            body.append("        public static let `protocol` = %s.protocol" % ns)
            codes = []
            for e in model.get("errors", []):
                shape = self.shapes[e["shape"]]
                codes.append(shape.get("error", {}).get("code", e["shape"]))
            body.append("        /// The error codes the model lists for this operation.")
            body.append("        public static let errorCodes: [String] = [%s]" % ", ".join(swift_string(c) for c in codes))
            body.append("    }")
        body.append("}")
        body.append("")

        body.append("extension %s {" % ns)
        body.append("    /// The errors the model defines, as AWS reports them on the wire.")
        body.append("    public enum Errors {")
        first = True
        for name in errors:
            if not first:
                body.append("")
            first = False
            body.extend(self.error(name))
        body.append("    }")
        body.append("}")
        body.append("")

        body.append("extension %s {" % ns)
        body.append("    /// The model's member patterns, checked by a linear-time matcher (no backtracking).")
        body.append("    public enum Patterns {")
        body.append("        /// Every pattern's source, so a test can check that each compiles.")
        body.append("        public static let sources: [String] = [")
        for shape_name in sorted(self.patterns):
            body.append("            %s," % raw_string(self.patterns[shape_name]))
        body.append("        ]")
        for shape_name in sorted(self.patterns):
            body.append("        public static let %s = TextPattern.model(%s)" % (
                swift_member_name(shape_name).strip("`") + "Pattern", raw_string(self.patterns[shape_name])))
        body.append("    }")
        body.append("}")

        header = [
            "// Generated by Codegen/generate_shapes.py from Codegen/models/%s.json.gz (botocore %s). Do not edit." % (self.model_name, BOTOCORE_VERSION),
            "// swift-format-ignore-file",
            "",
            "public import Foundation",
            "public import WardenAWS",
            "",
        ]
        return "\n".join(header + body) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    os.makedirs(OUTPUT, exist_ok=True)
    stale = []
    for model_name, namespace in SERVICES:
        text = Service(model_name, namespace).render()
        path = os.path.join(OUTPUT, namespace + ".swift")
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if current != text:
            if check:
                stale.append(os.path.relpath(path, ROOT))
            else:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    if stale:
        print("generated shapes differ from Codegen/generate_shapes.py's output: " + ", ".join(stale))
        print("run: python3 Codegen/generate_shapes.py")
        sys.exit(1)


if __name__ == "__main__":
    main()
