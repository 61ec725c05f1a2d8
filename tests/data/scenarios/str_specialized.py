# str(x) takes its argument in a tuple (up to 3.12) until its call site is
# specialized: in 3.11 once the code is quickened (8 calls and loop turns),
# in 3.12 from the site's second run. After a full collection has emptied
# the tuple free list, that tuple is a new GC object, or not.
import gc


def label(n):
    out = []
    for i in range(n):
        out.append((i, str(i)))
    return out


for k in range(10):
    x = label(1)
print(gc.collect(), gc.get_count())
y = label(3)
print(gc.get_count())
print(gc.collect(), gc.get_count())
z = str(12345)
print(gc.get_count())
