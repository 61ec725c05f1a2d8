# Lesson: a dict that grows without bound (a cache nobody empties).
# The dict's keys table is a separate block; each time it fills up, a
# table about twice as big is allocated and the old one freed, so the dict
# walks up the size classes and finally leaves pymalloc (over 512 bytes).
import gc
import sys

gc.collect()
cache = {}
sizes = []
for i in range(200):
    cache['key' + str(i)] = i
    sizes.append(sys.getsizeof(cache))
print(sizes[0], sizes[5], sizes[10], sizes[21], sizes[42], sizes[85], sizes[199])
