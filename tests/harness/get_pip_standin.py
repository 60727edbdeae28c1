"""Offline stand-in for get-pip.py, used by `ansible-test sanity` to bootstrap its venvs.

ansible-test downloads get-pip.py from the internet into ~/.ansible/test/cache/; this machine
has no internet but has PyPI, so pip comes from ensurepip and the requested versions from PyPI.
"""
import os
import subprocess
import sys

CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


def main():
    env = dict(os.environ)
    if os.path.exists(CA_BUNDLE):
        env.setdefault("PIP_CERT", CA_BUNDLE)
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], env=env, stdout=subprocess.DEVNULL)
    args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *args], env=env)


if __name__ == "__main__":
    main()
