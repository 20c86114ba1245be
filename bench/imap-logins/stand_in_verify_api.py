"""Stand-in for POST /api/v1/app-passwords/verify: accepts one user/password with the right bearer key.
Used by run.sh when no real portal is given, so the benchmark isolates Dovecot + adapter cost."""
import hmac, http.server, json, sys

port, key_file, user, password_file = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
KEY = open(key_file).read().strip()
PASSWORD = open(password_file).read().strip()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.answer(404, {})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        ok = (hmac.compare_digest(self.headers.get("Authorization", ""), "Bearer " + KEY)
              and body.get("user") == user and hmac.compare_digest(body.get("password", ""), PASSWORD)
              and body.get("protocol") == "imap")
        self.answer(200 if ok else 401, {"userId": "1", "userPrincipalName": user, "appPasswordId": "1"} if ok else {"error": "invalid_credentials"})

    def answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
