"""Password reset through a real SMTP server (issue 14, item 9).

aiosmtpd runs as its own process on a free port of 127.0.0.1 and stores what
it receives in a Maildir. Fulcrum runs as a server does (manage.py with
fulcrum.settings and EMAIL_URL=smtp://127.0.0.1:PORT): it asks for a reset,
the mail travels over SMTP, and the link read from the Maildir sets a new
password that then signs in.
"""

import mailbox
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import Site, free_port, kill_group, tail, wait_for

NEW = "Hanoi-Seoul-Canberra-2031"


class SMTPServer:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="fulcrum-smtp-"))
        self.maildir = self.dir / "Maildir"
        self.log = self.dir / "smtpd.log"
        self.port = free_port()
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "aiosmtpd",
                    "-n",
                    "-l",
                    f"127.0.0.1:{self.port}",
                    "-c",
                    "aiosmtpd.handlers.Mailbox",
                    str(self.maildir),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(self.listening, 20, f"aiosmtpd on 127.0.0.1:{self.port}")

    def listening(self):
        assert self.proc.poll() is None, f"aiosmtpd exited:\n{tail(self.log)}"
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                return s.recv(64).startswith(b"220")
        except OSError:
            return False

    def messages(self):
        return list(mailbox.Maildir(self.maildir, create=False))

    def close(self):
        kill_group(self.proc)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def smtp_server():
    server = SMTPServer()
    try:
        yield server
    finally:
        server.close()


ASK = """
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

call_command("migrate", interactive=False, verbosity=0)
User.objects.create_user(
    "hoang", "hoang@apln.example", "forgotten-password-1", is_staff=True
)
client = Client(HTTP_HOST="127.0.0.1")
for email in ("hoang@apln.example", "nobody@apln.example"):
    answer = client.post("/admin/password_reset/", {"email": email})
    print("ASKED", email, answer.status_code, answer["Location"])
"""

SET = """
from django.test import Client

client = Client(HTTP_HOST="127.0.0.1")
answer = client.get("{path}", follow=True)
form = answer.redirect_chain[-1][0]
answer = client.post(form, {{"new_password1": "{new}", "new_password2": "{new}"}})
print("SET", answer.status_code, answer["Location"])
answer = Client(HTTP_HOST="127.0.0.1").post(
    "/admin/login/", {{"username": "hoang", "password": "{new}", "next": "/admin/"}}
)
print("LOGIN", answer.status_code, answer["Location"])
"""


def test_the_reset_mail_travels_over_smtp_and_its_link_sets_the_password(
    smtp_server,
):
    site = Site(
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_server.port}",
        DEFAULT_FROM_EMAIL="Fulcrum <noreply@apln.example>",
    )
    try:
        out = site.shell(ASK)
        asked = [line.split() for line in out.splitlines() if line.startswith("ASKED")]
        # Known or not, the same answer.
        assert [line[2:] for line in asked] == [
            ["302", "/admin/password_reset/done/"],
            ["302", "/admin/password_reset/done/"],
        ]
        messages = smtp_server.messages()
        assert len(messages) == 1, [m["To"] for m in messages]
        message = messages[0]
        assert message["To"] == "hoang@apln.example"
        assert message["From"] == "Fulcrum <noreply@apln.example>"
        assert "Asia-Pacific Leadership Network" in message["Subject"]
        body = message.get_payload(decode=True).decode()
        link = re.search(r"http://127\.0\.0\.1(/admin/reset/\S+/\S+/)", body)
        assert link, body

        out = site.shell(SET.format(path=link.group(1), new=NEW))
        assert "SET 302 /admin/reset/done/" in out
        assert "LOGIN 302 /admin/" in out
    finally:
        shutil.rmtree(site.var_dir, ignore_errors=True)


def test_development_prints_mail_on_the_console():
    """With no EMAIL_URL nor EMAIL_HOST outside production, mail goes to stdout."""
    site = Site()
    try:
        out = site.shell(
            "from django.conf import settings; "
            "print(settings.MAILERS['default']['BACKEND'])"
        )
        assert out.splitlines()[-1] == "django.core.mail.backends.console.EmailBackend"
    finally:
        shutil.rmtree(site.var_dir, ignore_errors=True)
