#!/usr/bin/env python3
"""Writes a man page per hck command from swift-argument-parser's own description of the commands
(`hck --experimental-dump-help`, and hck-vm's for the commands hck hands to it: run, runner, up).

Usage: scripts/man-pages.py HCK HCK_VM OUTPUT_DIR
"""
import json
import os
import subprocess
import sys


def dump(binary):
    return json.loads(subprocess.run([binary, "--experimental-dump-help"], check=True, capture_output=True).stdout)["command"]


def roff(text):
    """Text as roff: backslashes escaped, lines that start with a dot or quote protected."""
    text = (text or "").replace("\\", "\\\\").replace("-", "\\-")
    return "\n".join(("\\&" + line) if line[:1] in (".", "'") else line for line in text.split("\n"))


def option_names(argument):
    names = []
    for name in argument.get("names", []):
        names.append(("-" if name["kind"] == "short" else "--") + name["name"])
    if argument["kind"] == "positional":
        return "<" + argument["valueName"] + ">" + ("..." if argument.get("isRepeating") else "")
    value = "" if argument["kind"] == "flag" else " <" + argument.get("valueName", "value") + ">"
    return ", ".join(names) + value


def page(path, command, out):
    name = " ".join(path)
    lines = [
        '.TH "%s" 1 "" "hck" "hck manual"' % "-".join(path).upper(),
        ".SH NAME",
        "%s \\- %s" % (roff(name), roff(command.get("abstract", ""))),
        ".SH SYNOPSIS",
        ".B %s" % roff(name),
    ]
    arguments = [a for a in command.get("arguments", []) if a.get("shouldDisplay", True)]
    for argument in arguments:
        text = option_names(argument)
        lines.append(("[%s]" if argument.get("isOptional") else "%s") % roff(text))
    if command.get("discussion") or command.get("abstract"):
        lines += [".SH DESCRIPTION", roff(command.get("discussion") or command.get("abstract"))]
    if arguments:
        lines.append(".SH OPTIONS")
        for argument in arguments:
            lines += [".TP", ".B %s" % roff(option_names(argument)), roff(argument.get("abstract", ""))]
            if argument.get("defaultValue"):
                lines.append("(default: %s)" % roff(argument["defaultValue"]))
    subcommands = [s for s in command.get("subcommands", []) if s.get("shouldDisplay", True) and s["commandName"] != "help"]
    if subcommands:
        lines.append(".SH COMMANDS")
        for sub in subcommands:
            lines += [".TP", ".B %s" % roff(sub["commandName"]), roff(sub.get("abstract", ""))]
        lines += [".SH SEE ALSO", ", ".join("\\fB%s\\fR(1)" % roff("-".join(path + [s["commandName"]])) for s in subcommands)]
    with open(os.path.join(out, "-".join(path) + ".1"), "w") as f:
        f.write("\n".join(lines) + "\n")
    for sub in subcommands:
        page(path + [sub["commandName"]], sub, out)


def main():
    hck, hck_vm, out = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    root = dump(hck)
    # hck passes run, runner and up to hck-vm: their options are hck-vm's.
    vm = {s["commandName"]: s for s in dump(hck_vm).get("subcommands", [])}
    root["subcommands"] = [vm.get(s["commandName"], s) for s in root.get("subcommands", [])]
    page(["hck"], root, out)


if __name__ == "__main__":
    main()
