# SPDX-License-Identifier: GPL-2.0
"""Reading the text views of `fdmodel show` back: --tables and --dot."""
import re


def tables(text):
    """--tables as (slots, files, inodes): lists, so that an entry listed
    twice shows up twice."""
    slots, files, inodes = [], [], []
    section, table = None, None
    for line in text.splitlines():
        if not line.strip():
            continue
        head = re.match(r"([A-Z][A-Z ]+) \(\d+\)$", line)
        if head:
            section = head.group(1)
            continue
        words = line.split()
        if section == "FD TABLES":
            if words[0] == "table":
                table = words[1]
            elif words[0] != "FD":
                slots.append((table, int(words[0]), words[2]))
        elif section == "OPEN FILE TABLE" and words[0] != "FILE":
            files.append((words[0], words[8]))
        elif section == "INODE TABLE" and words[0] != "INODE":
            inodes.append(words[0])
    return slots, files, inodes


NODE = re.compile(r"^\s+([sfim]_\w+) \[", re.M)
EDGE = re.compile(r'^\s+(\w+) -> (\w+|"[^"]*")( \[style=dashed label="(\w+))?',
                  re.M)


def dot(text):
    """--dot as (node names in order, [(from, to, dashed label or "")]):
    a node that is no table's entry (a marked mount) is a quoted name."""
    return (NODE.findall(text),
            [(a, b, label) for a, b, _, label in EDGE.findall(text)])


def inode_node(key):
    return "i_" + key.replace(":", "_")
