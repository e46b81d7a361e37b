"""irctest server controller for zchat.

irctest (github.com/progval/irctest) loads a controller by module name: put this directory on PYTHONPATH and
pass `--controller zchat_controller` (scripts/irctest.sh does both). For each test irctest calls `run()` with
the port it picked and what the test needs (server password, TLS, faketime); this controller writes a zchat
config for exactly that, starts `node packages/zchat/bin/zchat.js serve --config <file>` on 127.0.0.1, and irctest stops it
with `kill()` when the test ends. Every test therefore gets a fresh server: no state leaks between tests, and
pytest-xdist workers can run tests side by side (each server has its own port).

Accounts: zchat reads SASL accounts from its config and has no runtime registration, so `registerUser`
restarts zchat with the account added. That is only possible while the test has no client connected (a
restart would drop them); otherwise it raises NotImplementedByController, which irctest reports as a skip.
Tests that use accounts (`run_services`) start with the accounts irctest's tests log in with (jilles, foo and
bar, password sesame), so registering one of those again with the same password needs no restart.

Environment:
  ZCHAT_DIR          the zchat checkout to run (default: the one this file is in); it must be built (npm run build).
  ZCHAT_NODE         node binary (default: node).
  ZCHAT_IRCTEST_LOG  a file to append a note to whenever zchat exits on its own during a test, or does
                     not exit cleanly when stopped (scripts/irctest.sh counts them).
  IRCTEST_DEBUG_LOGS irctest's own switch: zchat logs at debug level and its output goes to pytest's.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import ssl as ssl_module
import subprocess
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Type

from irctest import patma
from irctest.basecontrollers import BaseServerController, DirectoryBasedController
from irctest.runner import NotImplementedByController
from irctest.specifications import Capabilities, OptionalBehaviors

ZCHAT_DIR = Path(os.environ.get("ZCHAT_DIR") or Path(__file__).resolve().parents[2])
NODE = os.environ.get("ZCHAT_NODE", "node")

# scrypt cost for the test hashes: 2^10 keeps every OPER/SASL check quick. The configs are thrown away.
HASH_COST = 10
OPER_NAME, OPER_PASSWORD = "operuser", "operpassword"
# The accounts irctest's tests log in with (the same set scripts/irctest.sh --external configures).
SEED_ACCOUNTS = {"jilles": "sesame", "foo": "sesame", "bar": "sesame"}

# Seconds to wait for zchat to accept connections. Stopping is irctest's kill_proc: SIGTERM, SIGKILL after
# 5 s; zchat's own bound (limits.shutdownTimeoutMs below, plus its 2 s grace) stays under that.
START_TIMEOUT = 30.0


class _Hashes:
    """scrypt hashes made by `zchat passwd`, one subprocess per distinct password for the whole pytest
    process (each xdist worker has its own)."""

    cache: Dict[str, str] = {}

    @classmethod
    def get(cls, password: str) -> str:
        if password not in cls.cache:
            proc = subprocess.run(
                [NODE, str(ZCHAT_DIR / "packages" / "zchat" / "bin" / "zchat.js"), "passwd", "--cost", str(HASH_COST)],
                input=(password + "\n").encode("utf-8"),
                capture_output=True,
                timeout=60,
            )
            if proc.returncode != 0:
                raise RuntimeError(f"zchat passwd failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
            cls.cache[password] = proc.stdout.decode().strip()
        return cls.cache[password]


class ZchatController(BaseServerController, DirectoryBasedController):
    software_name = "zchat"
    supported_sasl_mechanisms = {"PLAIN"}
    supports_sts = False
    # Mutes are ban entries m:<mask> (ISUPPORT EXTBAN=,m), as in ergo and InspIRCd.
    extban_mute_char = "m"
    _port_wait_interval = 0.02

    # The IRCv3 caps zchat offers (packages/zchat/src/chat/irc/caps.ts) that irctest knows by name. Declaring one turns
    # "CAP NAK, skip" into a failure, so only what zchat really implements is here.
    # draft/channel-rename has no entry in irctest's Capabilities: its test asks for the cap with
    # skip_if_cap_nak, so it runs because zchat offers the cap.
    capabilities = frozenset(
        (
            Capabilities.ACCOUNT_TAG,
            Capabilities.AWAY_NOTIFY,
            Capabilities.BATCH,
            Capabilities.ECHO_MESSAGE,
            Capabilities.EXTENDED_JOIN,
            Capabilities.EXTENDED_MONITOR,
            Capabilities.LABELED_RESPONSE,
            Capabilities.MESSAGE_REDACTION,
            Capabilities.MESSAGE_TAGS,
            Capabilities.MULTI_PREFIX,
            Capabilities.READ_MARKER,
            Capabilities.SERVER_TIME,
            Capabilities.SETNAME,
        )
    )

    # Behaviours zchat advertises (EXCEPTS, INVEX, channel mode +C, ELIST=CMNTU, INVITE alone listing invitations, TARGMAX,
    # CAP REQ -cap, AUTHENTICATE after registration). A test that finds one missing fails instead of skipping.
    optional_behaviors = frozenset(
        (
            OptionalBehaviors.BAN_EXCEPTION_MODE,
            OptionalBehaviors.CAP_REQ_MINUS,
            OptionalBehaviors.ELIST_C,
            OptionalBehaviors.ELIST_M,
            OptionalBehaviors.ELIST_N,
            OptionalBehaviors.ELIST_T,
            OptionalBehaviors.ELIST_U,
            OptionalBehaviors.INVITE_EXCEPTION_MODE,
            OptionalBehaviors.INVITE_LIST,
            OptionalBehaviors.MULTI_JOIN,
            OptionalBehaviors.MULTI_KICK,
            OptionalBehaviors.MULTI_NAMES_COMMAND,
            OptionalBehaviors.MULTI_PRIVMSG,
            OptionalBehaviors.NO_CTCP,
            OptionalBehaviors.SASL_AFTER_REGISTRATION,
        )
    )

    # Checked by isupport.testValues against zchat's 005 (packages/zchat/src/chat/irc/isupport.ts).
    isupport = {
        "BOT": "B",
        "CASEMAPPING": "rfc1459",
        "CHANTYPES": "#",
        "ELIST": "CMNTU",
        "EXCEPTS": "e",
        "EXTBAN": ",m",
        "INVEX": "I",
        "MONITOR": "100",
        "PREFIX": "(ov)@+",
        "STATUSMSG": "@+",
        "TARGMAX": patma.ANYSTR,
        "UTF8ONLY": None,
        "WHOX": None,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._command: List[str] = []
        self._env: Dict[str, str] = {}
        self._config: Dict[str, Any] = {}
        self._config_path: Optional[Path] = None
        self._log_path: Optional[Path] = None
        self._accounts: Dict[str, Tuple[str, str]] = {}  # casefolded name -> (name, plain password)
        self._ssl = False

    def run(
        self,
        hostname: str,
        port: int,
        *,
        password: Optional[str],
        ssl: bool,
        run_services: bool,
        faketime: Optional[str],
        websocket_hostname: Optional[str],
        websocket_port: Optional[int],
    ) -> None:
        assert self.proc is None
        # irctest hands out 0.0.0.0; zchat listens on loopback only (clients connecting to 0.0.0.0 reach it).
        self.hostname = hostname
        self.port = port
        self._ssl = ssl
        self.create_config()
        assert self.directory
        self._config_path = self.directory / "zchat.json"
        self._log_path = self.directory / "zchat.log"

        irc: Dict[str, Any] = {"enabled": True, "port": port, "password": password}
        config: Dict[str, Any] = {
            "serverName": "My.Little.Server",  # irctest's tests expect this name (TIME, WHO, 004)
            "network": "IrcTest",
            "serverInfo": "test server",  # LINKS (364) and WHOIS (312); irctest's LINKS test expects this line
            "host": "127.0.0.1",
            # No plain-text listener: irctest never uses it, and a port of the kernel's choosing could be
            # one irctest has just handed to another worker's test.
            "plain": {"enabled": False, "port": 0},
            "irc": irc,
            # IRC over WebSocket on irctest's port for its websocket module; otherwise no web listener.
            "web": {"enabled": websocket_port is not None, "port": websocket_port or 0},
            "limits": {
                "floodPerSecond": 0,  # flood throttling off: irctest sends bursts
                "roomLinesPerSecond": 0,  # and the room rate
                "maxConnectionsPerIp": 10000,  # every test client comes from 127.0.0.1
                "maxConnections": 10000,
                "maxRoomsPerUser": 1000,
                "shutdownTimeoutMs": 1000,  # a test's teardown should not wait on goodbyes
            },
            "opers": [{"name": OPER_NAME, "password": _Hashes.get(OPER_PASSWORD)}],
            "logLevel": "debug" if self.debug_mode else "warn",
        }
        if ssl:
            # irctest's own throwaway pair (openssl req/x509 in the test directory); TLS on irctest's port.
            # zchat runs its TLS listener beside the plain IRC one, which goes to a second port reserved
            # from irctest (released by kill()) and is never used.
            self.gen_ssl()
            irc["port"] = self.get_hostname_and_port()[1]
            config["tls"] = {"key": str(self.key_path), "cert": str(self.pem_path), "ircPort": port, "plainPort": None}
        self._config = config

        if run_services:
            self._accounts = {name.lower(): (name, pw) for name, pw in SEED_ACCOUNTS.items()}

        self._command = [NODE, str(ZCHAT_DIR / "packages" / "zchat" / "bin" / "zchat.js"), "serve", "--config", str(self._config_path)]
        self._env = dict(os.environ)
        if faketime and shutil.which("faketime"):
            self._command = ["faketime", "-f", faketime, *self._command]
            # Only the wall clock runs fast (channel and topic times); zchat's timers (registration
            # timeout, pings) keep real time, as they would on a server whose clock was just set.
            self._env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
            self.faketime_enabled = True
        self._start()

    def _write_config(self) -> None:
        assert self._config_path
        config = dict(self._config)
        config["accounts"] = [{"name": n, "password": _Hashes.get(pw)} for n, pw in self._accounts.values()]
        self._config_path.write_text(json.dumps(config, indent=2))

    def _start(self) -> None:
        assert self.proc is None and self._log_path
        self._write_config()
        self.port_open = False
        if self.debug_mode:
            self.proc = self.execute(self._command, proc_name="zchat", env=self._env)
        else:
            # zchat's warnings go to a file in the test directory, quoted if zchat dies during the test.
            with self._log_path.open("ab") as log:
                self.proc = self.execute(self._command, proc_name="zchat", env=self._env, stdout=log, stderr=log)

    def wait_for_port(self) -> None:
        """Returns once zchat accepts a connection on the test's port (TLS when the test asked for it).

        The probe connection sends QUIT and waits for zchat to close it, so it is gone before the test's
        clients connect and never shows in LUSERS. Raises ProcessStopped if zchat exits first, TimeoutError
        after START_TIMEOUT seconds.
        """
        deadline = time.monotonic() + START_TIMEOUT
        while not self.port_open:
            self.check_is_alive()
            sock = self._connect_once()
            if sock is None:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"zchat did not listen on 127.0.0.1:{self.port} within {START_TIMEOUT} s")
                time.sleep(self._port_wait_interval)
                continue
            try:
                if self._ssl:
                    context = ssl_module.SSLContext(ssl_module.PROTOCOL_TLS_CLIENT)
                    context.check_hostname = False
                    context.verify_mode = ssl_module.CERT_NONE
                    sock = context.wrap_socket(sock)
                sock.sendall(b"QUIT :chkport\r\n")
                while sock.recv(4096):  # until zchat closes the connection after its ERROR line
                    pass
            except OSError:
                pass  # a reset or timeout still proves the listener is up
            finally:
                sock.close()
            self.port_open = True

    def _connect_once(self) -> Optional[socket.socket]:
        """A connection to zchat's port, or None when nothing listens there yet.

        irctest's ports come from the ephemeral range, so while zchat is still starting the kernel can give
        the probe the test's port as its own source port and connect it to itself (TCP simultaneous open);
        such a connection proves nothing and is dropped.
        """
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=2.0)
        except OSError:
            return None
        if sock.getsockname() == sock.getpeername():
            sock.close()
            return None
        return sock

    def wait_for_services(self) -> None:
        # Accounts are part of zchat itself: nothing else to wait for.
        pass

    def registerUser(self, case: Any, username: str, password: Optional[str] = None) -> None:
        """Makes `username`/`password` a SASL account by restarting zchat with it in the config.

        Raises ValueError when the test did not ask for services (as irctest's other controllers do), and
        NotImplementedByController (a skip) when the account is new or changed while the test already has
        clients connected, since a restart would disconnect them.
        """
        if not case.run_services:
            raise ValueError("Attempted to register a nick, but `run_services` it not True.")
        assert password is not None
        key = username.lower()
        if self._accounts.get(key) == (username, password):
            return
        if case.clients:
            raise NotImplementedByController(
                "account registration while clients are connected (zchat reads accounts from its config at start)"
            )
        self._accounts[key] = (username, password)
        self._stop()
        self._start()
        self.wait_for_port()

    def _stop(self) -> None:
        assert self.proc
        proc = self.proc
        early = proc.poll()
        if early is not None:
            self._note_exit(early, "exited on its own during the test")
        super().kill_proc()  # SIGTERM to the process group, SIGKILL after 5 s
        # A zchat stopped before it listened had not yet set up its SIGTERM handling, so node dies of the
        # signal; the faketime wrapper dies of the SIGTERM it shares with zchat instead of passing on its code.
        clean = (0,) if self.port_open and not self.faketime_enabled else (0, -signal.SIGTERM)
        if early is None and proc.returncode not in clean:
            self._note_exit(proc.returncode, "did not stop cleanly on SIGTERM")

    def kill_proc(self) -> None:
        self._stop()

    def _note_exit(self, code: Optional[int], what: str) -> None:
        """Appends a line (and the end of zchat's log) to ZCHAT_IRCTEST_LOG when zchat misbehaved."""
        target = os.environ.get("ZCHAT_IRCTEST_LOG")
        if not target:
            return
        test = os.environ.get("PYTEST_CURRENT_TEST", "?")
        tail = ""
        if self._log_path and self._log_path.exists():
            tail = "".join("    " + line for line in self._log_path.read_text(errors="replace").splitlines(keepends=True)[-20:])
        with open(target, "a") as out:
            out.write(f"EXIT: zchat {what} (exit code {code}) in {test}\n{tail}\n")


def get_irctest_controller_class() -> Type[ZchatController]:
    return ZchatController
