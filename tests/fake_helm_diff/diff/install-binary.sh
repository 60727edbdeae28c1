#!/bin/sh
# Test double of helm-diff's install hook. The real hook downloads the binary from GitHub unless
# SKIP_BIN_INSTALL=1; the release archive already carries it. Fail the same way a machine without GitHub would.
if [ "$SKIP_BIN_INSTALL" = "1" ]; then
  echo "Skipping binary install"
  exit 0
fi
echo "fake helm-diff: the install hook would download the binary from github.com (set SKIP_BIN_INSTALL=1)" >&2
exit 1
