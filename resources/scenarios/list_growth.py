# Lesson: list growth and over-allocation.
# A list's items live in a separate array (ob_item). append() grows it by
# about an eighth plus a little (list_resize), so most appends need no new
# memory: sys.getsizeof stays flat, then jumps when the array is
# reallocated. In the heap view, the array moves to bigger size classes.
import sys

items = []
sizes = []
for i in range(40):
    items.append(i)
    sizes.append(sys.getsizeof(items))
print(sizes)
