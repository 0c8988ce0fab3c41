"""An SMTP server for the tests: accepts every message and writes each one as a JSON file.

Each file (written whole, then renamed into the folder) holds the envelope (`mailFrom`,
`recipients`), the message as received (`data`, and `dataIsASCII`), and the message as
Python's email package reads it: `headers` (name and decoded value, in order), `body`
(decoded from its transfer encoding and charset) and `defects`. That second reading is
independent of the code under test, so a test can check that both agree.

Recipients whose local part begins with "refused" are refused with 550. AUTH PLAIN and
LOGIN are offered without TLS; only user "scriptdesk" with password "sink-password" is
accepted. On start it writes the port it listens on to the --ready file.
"""

import argparse
import asyncio
import email
import email.policy
import json
import os
import uuid

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

USER = b"scriptdesk"
PASSWORD = b"sink-password"


class Sink:
    def __init__(self, maildir):
        self.maildir = maildir

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].lower().startswith("refused"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content
        message = email.message_from_bytes(data, policy=email.policy.default)
        record = {
            "mailFrom": envelope.mail_from,
            "recipients": list(envelope.rcpt_tos),
            "data": data.decode("utf-8", errors="replace"),
            "dataIsASCII": data.isascii(),
            "headers": [[name, str(value)] for name, value in message.items()],
            "body": message.get_content(),
            "defects": [repr(defect) for defect in message.defects],
            "user": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
        }
        name = f"{asyncio.get_running_loop().time():020.6f}-{uuid.uuid4().hex}.json"
        temporary = os.path.join(self.maildir, "." + name)
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump(record, file, ensure_ascii=False)
        os.replace(temporary, os.path.join(self.maildir, name))
        return "250 OK: queued"


def authenticate(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth_data.login == USER and auth_data.password == PASSWORD:
        return AuthResult(success=True, auth_data=auth_data)
    return AuthResult(success=False, handled=False)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--ready", required=True)
    arguments = parser.parse_args()
    os.makedirs(arguments.maildir, exist_ok=True)
    handler = Sink(arguments.maildir)

    def connection():
        return SMTP(handler, hostname="sink.invalid", authenticator=authenticate, auth_require_tls=False)

    server = await asyncio.get_running_loop().create_server(connection, host="127.0.0.1", port=0)
    port = server.sockets[0].getsockname()[1]
    with open(arguments.ready + ".partial", "w") as file:
        file.write(str(port))
    os.replace(arguments.ready + ".partial", arguments.ready)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
