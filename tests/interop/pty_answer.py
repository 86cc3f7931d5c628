#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal and answers its prompts, like a user at a terminal.

usage: pty_answer.py [--secret] PROMPT ANSWER [[--secret] PROMPT ANSWER ...] -- COMMAND [ARG...]

Each ANSWER (plus Enter) is typed once PROMPT has appeared on the terminal, in order. For a --secret
answer it first waits until the program has turned terminal echo off, as a user would see a password
prompt stop echoing. Prints everything the terminal showed (stdout and stderr of the command are both
the terminal) and exits with the command's exit code; 124 after 60 seconds.
"""
import os
import pty
import select
import sys
import termios
import time


def main(argv):
    sep = argv.index("--")
    command = argv[sep + 1:]
    answers, secret, i = [], False, 0
    spec = argv[:sep]
    while i < len(spec):
        if spec[i] == "--secret":
            secret = True
            i += 1
            continue
        answers.append((spec[i].encode(), spec[i + 1].encode(), secret))
        secret, i = False, i + 2

    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)

    transcript, seen_upto, deadline = b"", 0, time.time() + 60
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:  # EIO: the command exited and closed the terminal
                break
            if not data:
                break
            transcript += data
        if answers and answers[0][0] in transcript[seen_upto:]:
            prompt, answer, is_secret = answers.pop(0)
            seen_upto = transcript.index(prompt, seen_upto) + len(prompt)
            while is_secret and termios.tcgetattr(fd)[3] & termios.ECHO and time.time() < deadline:
                time.sleep(0.05)
            os.write(fd, answer + b"\r")
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        sys.stdout.buffer.write(transcript)
        return 124

    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(transcript)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
