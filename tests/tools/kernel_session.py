#!/usr/bin/env python3
"""Drives one Jupyter kernel session, as a notebook front end does, for the tests.

Reads JSON lines from standard input, each {"code": "..."}; runs each in the kernel (default .net-csharp) and
writes one JSON line per request: {"status": "ok" | "error", "outputs": [{"type", "data" | "text" | "evalue"}]}.
The kernel lives until standard input closes, so a test can act on what a cell started (a server) between cells.
"""
import json
import subprocess
import sys

from jupyter_client.manager import start_new_kernel


def run(client, code):
    msg_id = client.execute(code)
    outputs = []
    while True:
        msg = client.get_iopub_msg(timeout=600)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            break
        if kind in ("display_data", "execute_result", "update_display_data"):
            outputs.append({"type": kind, "data": content["data"]})
        elif kind == "stream":
            outputs.append({"type": kind, "name": content["name"], "text": content["text"]})
        elif kind == "error":
            outputs.append({"type": kind, "evalue": content["evalue"]})
    reply = client.get_shell_msg(timeout=600)
    return {"status": reply["content"]["status"], "outputs": outputs}


def main():
    kernel_name = sys.argv[1] if len(sys.argv) > 1 else ".net-csharp"
    # The kernel logs to its standard output: keep that off this script's, which carries only the replies.
    manager, client = start_new_kernel(kernel_name=kernel_name, startup_timeout=300, stdout=subprocess.DEVNULL)
    try:
        for line in sys.stdin:
            if line.strip():
                print(json.dumps(run(client, json.loads(line)["code"])), flush=True)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
