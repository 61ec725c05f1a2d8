# Reference cycles and the cyclic collector: an example to record with
#   arenascope-cli record docs/examples/cycles.py --source-lines --out cycles.trace.gz
# Each Node points at its partner, so a dropped pair is freed only when the
# collector runs; the window's timeline marks every run (scripts/screenshot-recorded.sh).
import gc


class Node:
    def __init__(self, name):
        self.name = name
        self.partner = None


def pairs(n):
    out = []
    for i in range(n):
        a, b = Node(f"a{i}"), Node(f"b{i}")
        a.partner, b.partner = b, a
        out.append(a)
    return out


keep = pairs(1000)  # these live to the end
for round in range(3):
    garbage = pairs(1000)
    del garbage  # unreachable now, but each pair keeps the other alive...
    print("round", round, "collected", gc.collect())  # ...until the collector frees them
# The name string is not tracked by the collector, so its block starts at id().
print("keep[0].name is at", hex(id(keep[0].name)))
