#!/usr/bin/python3
"""An SMTP server for tests (aiosmtpd 1.4, Debian python3-aiosmtpd): every mail kept in a Maildir, with optional
STARTTLS (required once offered) or implicit TLS, and optional AUTH (PLAIN, LOGIN) against one user. Started and
stopped by smtp.sh; it logs each AUTH attempt and runs until SIGTERM. Run with /usr/bin/python3 (Debian's modules)."""
import argparse
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listen", required=True, help="HOST:PORT")
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user", help="require AUTH as this user")
    parser.add_argument("--password-file", help="the user's password (first line)")
    args = parser.parse_args()

    host, port = args.listen.rsplit(":", 1)
    context = None
    if args.tls != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    smtp = {}
    if args.tls == "starttls":
        smtp.update(tls_context=context, require_starttls=True)
    if args.user:
        with open(args.password_file, "rb") as f:
            password = f.readline().strip()
        user = args.user.encode()

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == user and auth_data.password == password
            login = auth_data.login.decode(errors="replace") if isinstance(auth_data, LoginPassword) else "?"
            print(f"AUTH {mechanism} {login}: {'accepted' if ok else 'refused'}", flush=True)
            return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 235 or 535 itself

        # Over implicit TLS the session is encrypted from the start; aiosmtpd only counts STARTTLS as TLS for AUTH.
        smtp.update(authenticator=authenticate, auth_required=True, auth_require_tls=args.tls == "starttls")

    controller = Controller(Mailbox(args.maildir), hostname=host, port=int(port),
                            ssl_context=context if args.tls == "implicit" else None, **smtp)
    controller.start()
    print(f"listening on {host}:{port} tls={args.tls} auth={'yes' if args.user else 'no'}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
