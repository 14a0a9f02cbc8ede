#!/usr/bin/env python3
"""The README's console examples are what the program prints.

In each ```console block, every command line `$ build/release/talentrules …` (continued
with trailing backslashes) is run from the project root with that binary replaced by
--cli; what it prints (standard output, then standard error) must equal the lines up to
the next command. Commands run from --root (default: the checked file's folder).

    readme_examples.py --cli build/release/talentrules README.md
    readme_examples.py --cli build/release/talentrules --root . docs/zh/GUIDE.md
    readme_examples.py … --update      # rewrite the outputs with what the program prints now
"""

import argparse
import pathlib
import re
import shlex
import subprocess
import sys


def examples(text):
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        lines = block.split("\n")
        while lines:
            command = ""
            raw = []
            while lines and (not command or command.endswith("\\")):
                raw.append(lines[0])
                command = command.rstrip("\\") + " " + lines.pop(0).strip()
            command = command.strip()
            output = []
            while lines and not lines[0].startswith("$ "):
                output.append(lines.pop(0))
            if command.startswith("$ build/release/talentrules"):
                yield "\n".join(raw), shlex.split(command[2:]), "\n".join(output).rstrip("\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--root", help="folder the commands run from (default: the file's folder)")
    parser.add_argument("--update", action="store_true", help="rewrite the outputs in place")
    parser.add_argument("readme")
    args = parser.parse_args()
    readme = pathlib.Path(args.readme)
    root = pathlib.Path(args.root) if args.root else readme.parent
    text = readme.read_text(encoding="utf-8")
    failed = passed = 0
    for raw, argv, expected in examples(text):
        run = subprocess.run([args.cli] + argv[1:], cwd=root, capture_output=True, text=True,
                             timeout=60, env={"LC_ALL": "C.UTF-8", "TALENTRULES_RULES": ""})
        actual = (run.stdout + run.stderr).rstrip("\n")
        if actual == expected:
            passed += 1
            continue
        if args.update:
            text = text.replace(raw + "\n" + expected + "\n", raw + "\n" + actual + "\n", 1)
            print(f"updated: {' '.join(argv)}")
            passed += 1
            continue
        failed += 1
        print(f"FAIL: {' '.join(argv)}")
        for line in __import__("difflib").unified_diff(expected.split("\n"), actual.split("\n"), "README", "actual",
                                                         lineterm=""):
            print("    " + line)
    if args.update:
        readme.write_text(text, encoding="utf-8")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
