import Hummingbird

extension Response {
    /// A small JSON body Warden's own endpoints answer with (health, the emulator's reset), a line each.
    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
