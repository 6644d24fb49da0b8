"""A real SMTP server for hck's tests: aiosmtpd on loopback, each message written to a directory.

Usage: python3 smtp_sink.py PORT OUTDIR [CERT KEY]   (with CERT and KEY it requires STARTTLS)
Prints "ready" once it listens. Each message becomes OUTDIR/N.json: {mail_from, rcpt_tos, data}.
"""
import json
import os
import signal
import ssl
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.content.decode("utf-8", "replace"),
            "tls": session.ssl is not None,
        }
        path = os.path.join(self.outdir, f"{self.count}.json")
        with open(path + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 Message accepted for delivery"


def main():
    # The test process may spawn us with SIGTERM blocked (its threads block signals); unblock it so
    # Process.terminate() ends us.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    port, outdir = int(sys.argv[1]), sys.argv[2]
    options = {}
    if len(sys.argv) > 4:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(sys.argv[3], sys.argv[4])
        options = {"tls_context": context, "require_starttls": True}
    controller = Controller(Sink(outdir), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
